"""Quotations: precision and recall against the hand labels, speed and memory on the 13,028-article corpus.

Run: ``.venv/bin/python benchmarks/bench_quotes.py [--against REV]`` (the sample, speed and
memory parts skip when ../shared is absent).

1. Quality: ``analysis.find_quotes`` on the 5 seed articles and on the 42 sampled shared
   articles of ``tests/data/quotes_labelled.csv`` (labelled by hand before the extractor
   existed; see tests/data/README.md), loaded as they were labelled (line cleaning, no
   in-text furniture rules: those came later and take RT's repeated background paragraph,
   3 labelled quotations, out of article 9277), matched by ``analysis.measures.quotes.evaluate.match_labelled``:
   extraction (overlapping spans), found (also the same actor) and actor (rows naming an
   actor), overall and per kind, then the missed and spurious quotations by kind.
2. Speed on the whole corpus, articles per second, beside ``analysis.find_mentions`` on the
   same articles in the same run (the step quotations need anyway). Sentence splitting and
   mentions are shared and timed apart; ``find_quotes`` gets them as arguments. Wall and CPU
   seconds are printed; the ratio is taken on CPU seconds, which other sessions on a shared
   machine inflate less. ``--against REV`` also runs ``analysis/quotes.py`` as it was at git
   revision ``REV`` on the same inputs, checks that its table is identical, and prints the speed-up.
3. Memory: the peak of memory allocated (tracemalloc) while ``find_quotes`` reads the longest
   articles one at a time, and a chunk of 200 articles as a pool worker of ``analysis.analyze`` gets.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable

import pandas as pd
from common import module_at

import analysis
from analysis.core.config import PROJ_ROOT, SHARED_DIR
from analysis.measures.quotes.evaluate import locate, match_labelled, quote_scores
from analysis.measures.quotes.extract import find_quotes

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
LABELLED = PROJ_ROOT / "tests" / "data" / "quotes_labelled.csv"
LABELLED_ARTICLES = PROJ_ROOT / "tests" / "data" / "quotes_labelled_articles.csv"
#: The loading the labels were made on: offsets and words are into the text before the in-text furniture rules.
AS_LABELLED = {"remove_furniture": False, "remove_repeated": False}


def report_quality(name: str, articles: pd.DataFrame, labelled: pd.DataFrame) -> None:
    matches = match_labelled(find_quotes(articles, progress=False), labelled, articles)
    scores = quote_scores(matches, by_kind=True)
    print(f"\n== {name}: {len(articles)} articles, {len(labelled)} labelled quotations")
    print(scores.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    missed = matches[matches["label_kind"].notna() & ~matches["matched"]]
    spurious = matches[matches["found_kind"].notna() & ~matches["matched"]]
    wrong = matches[matches["matched"] & ~matches["same_actor"]]
    print(f"missed by labelled kind: {missed['label_kind'].value_counts().to_dict()}; "
          f"spurious by found kind: {spurious['found_kind'].value_counts().to_dict()}; "
          f"found with another actor: {len(wrong)}")
    for title, rows, quote, actor in (("missed", missed, "label_quote", "label_actor"),
                                      ("spurious", spurious, "found_quote", "found_actor"),
                                      ("another actor", wrong, "label_quote", "label_actor")):
        for row in rows.itertuples():
            other = f" (found: {row.found_actor})" if title == "another actor" else ""
            who = getattr(row, actor)
            print(f"  {title:13} {row.doc_id[:12]:12} {'-' if pd.isna(who) else who:22.22} {str(getattr(row, quote))[:60]!r}{other}")


def report_furniture(articles: pd.DataFrame, labelled: pd.DataFrame) -> None:
    """The labelled quotations that the in-text furniture rules take out of the texts ``analyze`` reads (``articles``)."""
    texts = dict(zip(articles["doc_id"].astype(str), articles["text"], strict=True))
    gone = labelled[[str(row.doc_id) in texts and locate(texts[str(row.doc_id)], row.quote, int(row.occurrence)) is None
                     for row in labelled.itertuples()]]
    print(f"\nlabelled quotations inside text the in-text furniture rules remove: {len(gone)} "
          f"(articles {sorted(set(gone['doc_id']))}); they are not in the texts analyze reads")


def timed(call: Callable[[], pd.DataFrame]) -> tuple[pd.DataFrame, float, float]:
    """The result of ``call()``, its wall seconds and its CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu



def report_speed(articles: pd.DataFrame, against: str | None) -> tuple[pd.DataFrame, float, float]:
    """Time find_mentions and find_quotes (and the version at ``against``) on ``articles``; the quotations."""
    print(f"\n== speed: {len(articles):,} articles, {int(articles['n_words'].sum()):,} words "
          f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    actors = analysis.load_actors()
    sentences, wall, cpu = timed(lambda: analysis.split_sentences(articles))
    print(f"split_sentences (shared):               {wall:7.2f} s wall {cpu:7.2f} s CPU")
    mentions, wall, mention_cpu = timed(lambda: analysis.find_mentions(articles, actors, sentences=sentences, progress=False))
    print(f"find_mentions (baseline):               {wall:7.2f} s wall {mention_cpu:7.2f} s CPU "
          f"{len(articles) / mention_cpu:7,.0f} articles/CPU s")
    quotes, wall, cpu = timed(lambda: find_quotes(articles, actors, sentences=sentences, mentions=mentions, progress=False))
    print(f"find_quotes (sentences, mentions given): {wall:6.2f} s wall {cpu:7.2f} s CPU "
          f"{len(articles) / cpu:7,.0f} articles/CPU s  {len(quotes):,} quotations ({quotes['kind'].value_counts().to_dict()}), "
          f"{quotes['actor'].notna().mean():.1%} attributed to a listed actor")
    print(f"ratio: find_quotes takes {cpu / mention_cpu:.1f}x the CPU time of find_mentions")
    if against is not None:
        before = module_at(against, "analysis/quotes.py")
        old, old_wall, old_cpu = timed(lambda: before.find_quotes(articles, actors, sentences=sentences, mentions=mentions,
                                                                 progress=False))
        pd.testing.assert_frame_equal(quotes, old, check_exact=True)
        print(f"find_quotes at {against}: {old_wall:7.2f} s wall {old_cpu:7.2f} s CPU "
              f"{len(articles) / old_cpu:7,.0f} articles/CPU s ({old_cpu / mention_cpu:.1f}x find_mentions); "
              f"identical table ({len(old):,} rows); "
              f"speed-up {old_cpu / cpu:.1f}x")
    return quotes, cpu, mention_cpu


def peak_mib(articles: pd.DataFrame, actors: pd.DataFrame) -> float:
    """The peak of memory allocated (tracemalloc: Python objects and numpy arrays) while find_quotes reads
    ``articles``, in MiB; sentences and mentions are made before and not counted."""
    sentences = analysis.split_sentences(articles)
    mentions = analysis.find_mentions(articles, actors, sentences=sentences, progress=False)
    tracemalloc.start()
    try:
        find_quotes(articles, actors, sentences=sentences, mentions=mentions, progress=False)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def report_memory(articles: pd.DataFrame, quotes: pd.DataFrame, longest: int = 10, chunk: int = 200) -> None:
    """Peak memory of find_quotes on each of the ``longest`` articles alone, and on a chunk of ``chunk`` articles."""
    actors = analysis.load_actors()
    lengths = articles["text"].str.len()
    print(f"\n== memory (tracemalloc peak; the table of quotations is {quotes.memory_usage(deep=True).sum() / 2**20:.0f} MiB "
          f"for {len(articles):,} articles)")
    for index in lengths.nlargest(longest).index:
        mib = peak_mib(articles.loc[[index]], actors)
        print(f"  one article of {lengths[index]:9,} characters: {mib:6.1f} MiB "
              f"({mib * 2**20 / lengths[index]:5.1f} bytes a character)")
    part = articles.sample(chunk, random_state=0)
    characters = int(lengths[part.index].sum())
    print(f"  a chunk of {chunk} random articles ({characters:,} characters): {peak_mib(part, actors):6.1f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also time analysis/quotes.py of this git revision and check it "
                        "finds the same table")
    args = parser.parse_args()
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    ids = pd.read_csv(LABELLED_ARTICLES, dtype=str)
    seeds = analysis.load_corpus(PROJ_ROOT / "data" / "raw", progress=False, **AS_LABELLED)
    report_quality("seeds", seeds, labelled[labelled["set"] == "seeds"])
    if not CORPUS.exists():
        print(f"skipped the sample and the speed run: {CORPUS} is absent")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample_ids = ids.loc[ids["set"] == "sample", "doc_id"].tolist()
        sample = analysis.load_corpus(CORPUS, on_error="skip", progress=False, where=f"doc_id in {sample_ids!r}", **AS_LABELLED)
        articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    report_quality("shared-corpus sample", sample, labelled[labelled["set"] == "sample"])
    for name, title in (("sample2", "second shared-corpus sample (issue 21)"), ("hard", "articles holding issue 21's error patterns")):
        ids_of_set = ids.loc[ids["set"] == name, "doc_id"].tolist()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            part = analysis.load_corpus(CORPUS, on_error="skip", progress=False, where=f"doc_id in {ids_of_set!r}", **AS_LABELLED)
        report_quality(title, part, labelled[labelled["set"] == name])
    report_furniture(articles, labelled[labelled["set"] == "sample"])

    quotes, seconds, mention_seconds = report_speed(articles, args.against)
    report_memory(articles, quotes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
