"""The report tables' folds: the hand-written partials against DuckDB over the same Parquet cache.

On the shared corpus (skipped when absent; ``--limit N`` for the first N articles), after a
``prepare`` into a fresh cache (not timed), in one process:

1. ``aggregate(store)``: the hand-written folds (partials per chunk of 500 articles read from
   the cache, combined), every report table's ingredients; then the tables themselves;
2. the same ingredients as DuckDB SQL over the cache's Parquet files (per article sums and
   label counts, counts per source and score, mention counts, co-occurring pairs, per article
   and actor tone sums); DuckDB is not a dependency: ``pip install duckdb`` to run this part.

Both sides are timed in wall and CPU seconds (best of ``--repeat``) and their integer tables
compared; DuckDB's float sums (its ``fsum`` is a Kahan sum over rows in scan order) are compared
with the exact per-article ``math.fsum`` of the folds. Run:
``.venv/bin/python benchmarks/bench_folds.py [--limit N] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd

from analysis.core.config import SHARED_DIR

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"


def timed(function: Callable[[], Any], repeat: int) -> tuple[Any, float, float]:
    """``function()``'s result and its best wall and CPU seconds over ``repeat`` runs."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        best_wall, best_cpu = min(best_wall, time.perf_counter() - wall), min(best_cpu, time.process_time() - cpu)
    return result, best_wall, best_cpu


def _files(store, stage: str) -> list[str]:
    reader = store.stages[stage].reader()
    return sorted({str(path) for path in reader._where.values()})


def duckdb_ingredients(store) -> dict[str, pd.DataFrame]:
    """The folds' ingredients computed by DuckDB from the cache's Parquet files."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads TO {os.cpu_count() or 1}")
    docs = pd.DataFrame({"article_key": store.keys.to_numpy(), "doc_id": store.articles["doc_id"].astype(str).to_numpy(),
                         "source": store.articles["source"].astype("string").fillna("(unknown source)").astype(str).to_numpy()})
    con.register("docs", docs)
    con.execute(f"CREATE VIEW s AS SELECT * FROM read_parquet({_files(store, 'sentences')})")
    con.execute(f"CREATE VIEW m AS SELECT * FROM read_parquet({_files(store, 'mentions')})")
    pos, neg = store.positive, store.negative
    out = {
        "tone": con.execute(f"""
            SELECT d.source, s.doc_id, fsum(s.compound) AS sum, count(*) AS count,
                   sum((s.compound >= {pos})::INT) AS n_positive, sum((s.compound <= {neg})::INT) AS n_negative
            FROM s JOIN docs d USING (article_key) GROUP BY d.source, s.doc_id ORDER BY d.source, s.doc_id""").df(),
        "compound_counts": con.execute("""
            SELECT d.source, s.compound + 0.0 AS compound, count(*) AS n_sentences
            FROM s JOIN docs d USING (article_key) GROUP BY ALL ORDER BY ALL""").df(),
        "mentions": con.execute("""
            SELECT d.source, m.actor, count(*) AS n_mentions, count(DISTINCT m.doc_id) AS n_articles
            FROM m JOIN docs d USING (article_key) GROUP BY ALL ORDER BY ALL""").df(),
        "pairs": con.execute("""
            WITH p AS (SELECT DISTINCT doc_id, sentence_id, actor FROM m)
            SELECT a.actor AS actor_a, b.actor AS actor_b, count(*) AS n_together, count(DISTINCT a.doc_id) AS n_articles
            FROM p a JOIN p b ON a.doc_id = b.doc_id AND a.sentence_id = b.sentence_id AND a.actor < b.actor
            GROUP BY ALL ORDER BY ALL""").df(),
        "actor_tone": con.execute("""
            WITH p AS (SELECT DISTINCT article_key, doc_id, sentence_id, actor FROM m)
            SELECT d.source, p.actor, p.doc_id, fsum(s.compound) AS sum, count(*) AS count
            FROM p JOIN s USING (article_key, sentence_id) JOIN docs d USING (article_key)
            GROUP BY ALL ORDER BY ALL""").df(),
    }
    con.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (../shared is only beside a developer's or CI's checkout)")
        return 0
    from analysis import load_corpus
    from analysis.engine import aggregates as agg
    from analysis.engine.pipeline import prepare

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = load_corpus(CORPUS, on_error="skip", progress=False)
    articles = articles.head(options.limit) if options.limit else articles
    print(f"{len(articles):,} articles; load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        store = prepare(articles, cache_dir=tmp, progress=False)
        folded, wall, cpu = timed(lambda: agg.aggregate(store), options.repeat)
        print(f"hand-written folds (aggregate, chunks of 500):  {wall:7.2f} s wall  {cpu:7.2f} CPU s "
              f"({agg.n_sentences(folded):,} sentences)")
        _, table_wall, table_cpu = timed(lambda: (agg.sentiment_by_source_table(folded), agg.actor_tone_table(folded),
                                                  agg.sentiment_over_time_table(folded, freq="M")), options.repeat)
        print(f"  then the tables with their bootstraps:        {table_wall:7.2f} s wall  {table_cpu:7.2f} CPU s")
        try:
            import duckdb  # noqa: F401
        except ImportError:
            print("DuckDB is not installed (pip install duckdb): its side is skipped")
            return 0
        ducked, dwall, dcpu = timed(lambda: duckdb_ingredients(store), options.repeat)
        print(f"DuckDB SQL over the Parquet cache:              {dwall:7.2f} s wall  {dcpu:7.2f} CPU s (this process's threads)")
        print(f"ratio DuckDB / hand-written: {dwall / wall:.2f} wall")
        compare(folded, ducked)
    print(f"load average after: {os.getloadavg()}")
    return 0


def compare(folded, ducked: dict[str, pd.DataFrame]) -> None:
    """Integer tables equal, and how many float sums equal the folds' exact per-article sums."""
    mentions = folded.mentions.counts.table.astype({"source": str, "actor": str})
    dm = ducked["mentions"].astype({"n_mentions": "int64", "n_articles": "int64"})
    print(f"  mention counts equal: {mentions.reset_index(drop=True).equals(dm[mentions.columns].reset_index(drop=True))}")
    pairs = folded.pairs.table.loc[folded.pairs.table["unit"] == "sentence"].drop(columns="unit").reset_index(drop=True)
    dp = ducked["pairs"].astype({"n_together": "int64", "n_articles": "int64"})
    print(f"  sentence pairs equal: {pairs.astype({'actor_a': str, 'actor_b': str}).equals(dp[pairs.columns])}")
    counts = folded.compound_counts.table.astype({"source": str})
    dc = ducked["compound_counts"].astype({"n_sentences": "int64"})
    print(f"  compound counts equal: {counts.reset_index(drop=True).equals(dc[counts.columns].reset_index(drop=True))}")
    for name, mine in (("tone", folded.tone.table), ("actor_tone", folded.actor_tone.table)):
        keys = [c for c in ("source", "actor", "doc_id") if c in mine.columns]
        joined = mine.astype(dict.fromkeys(keys, str)).merge(ducked[name], on=keys, suffixes=("", "_duckdb"))
        same = (joined["sum"] == joined["sum_duckdb"]).mean()
        counts_equal = (joined["count"] == joined["count_duckdb"]).all()
        print(f"  {name}: {len(joined):,} of {len(mine):,} groups matched; counts equal: {counts_equal}; "
              f"float sums bit-equal to math.fsum: {same:.2%}")


if __name__ == "__main__":
    raise SystemExit(main())
