"""Actor mentions against hand judgements: precision and recall per actor, before and now.

Run: ``.venv/bin/python benchmarks/bench_actor_accuracy.py`` (skips when ../shared is absent).

``tests/data/actor_mentions_judged.csv`` holds 552 spans of the shared 13,028-article
corpus, each judged by reading its article: which listed actor it names, if any (the draw
and the rules are in tests/data/README.md). Three matchers are compared span by span:

- ``before``: the matcher and actor list of commit 525e847 (ambiguous surnames left out of
  the list; stray plurals and no ALL CAPS forms), as recorded in ``found_before``;
- ``included``: the same matcher with every anchored form of today's list as a plain alias
  of its most named actor (Johnson: Boris, Clinton: Hillary, Kim: Kim Jong Un, Wang:
  Wang Yi), the other way of handling them then, recorded in ``found_before_included``;
- ``now``: ``analysis.find_mentions`` with the shipped list, run here.

Precision is over the spans each matcher gives to the actor, recall over the spans judged
to name it. The sample is drawn to hold the hard cases (see the sets), so the figures
describe those cases, not the average mention: the random sets estimate that.
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd

import analysis
from analysis.core.config import PROJ_ROOT, SHARED_DIR
from analysis.measures.actors import found_at, mention_scores

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
JUDGED = PROJ_ROOT / "tests" / "data" / "actor_mentions_judged.csv"
MATCHERS = {"before": "found_before", "included": "found_before_included", "now": "found"}


def judged_articles(judged: pd.DataFrame) -> pd.DataFrame:
    """The judged articles of the shared corpus, loaded as ``load_corpus`` loads the whole file, without the
    in-text furniture rules (the spans were judged on the text after line cleaning; removal would shift them)."""
    raw = pd.read_csv(CORPUS)
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample = Path(folder) / "judged.csv"
        raw[raw["id"].astype(str).isin(set(judged["doc_id"]))].to_csv(sample, index=False)
        return analysis.load_corpus(sample, remove_furniture=False, remove_repeated=False, progress=False)


def print_scores(judged: pd.DataFrame) -> None:
    tables = {name: mention_scores(judged["actor"], judged[column]).set_index("actor") for name, column in MATCHERS.items()}
    table = pd.concat(tables, axis=1).fillna({(name, n): 0 for name in MATCHERS for n in ("n_judged", "n_found")})
    table = table.sort_values([("now", "n_judged"), ("now", "n_found")], ascending=False)
    print(f"{'actor':24} {'judged':>6}  " + "  ".join(f"{name + ' P':>12} {'R':>5}" for name in MATCHERS))
    for actor, row in table.iterrows():
        cells = "  ".join(f"{_share(row[(name, 'precision')], row[(name, 'n_found')]):>12} "
                          f"{_share(row[(name, 'recall')], row[(name, 'n_judged')]):>5}" for name in MATCHERS)
        print(f"{actor[:24]:24} {int(row[('now', 'n_judged')]):6d}  {cells}")


def _share(value: float, n: float) -> str:
    return "-" if pd.isna(value) else f"{value:.2f}" + ("" if n >= 5 else "*")


def main() -> int:
    judged = pd.read_csv(JUDGED, dtype={"doc_id": str}, keep_default_na=False)
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    articles = judged_articles(judged)
    texts = dict(zip(articles["doc_id"], articles["text"], strict=True))
    spans = zip(judged["doc_id"], judged["start"], judged["end"], judged["form"], strict=True)
    moved = [i for i, (d, s, e, form) in enumerate(spans) if texts[d][s:e] != form]
    if moved:
        print(f"{len(moved)} judged span(s) no longer match the loaded text (first: row {moved[0] + 2}); the loader changed.")
        return 1
    judged["found"] = found_at(judged, analysis.find_mentions(articles, progress=False))
    print(f"{len(judged)} judged spans in {len(articles)} articles; "
          f"{(judged['actor'] != '').sum()} name a listed actor\n")
    print("Per actor (P precision, R recall; * fewer than 5 spans found or judged):")
    print_scores(judged)
    print("\nSpans read right (the actor judged, or none), by set:")
    right = pd.DataFrame({name: judged[column] == judged["actor"] for name, column in MATCHERS.items()})
    summary = right.groupby(judged["set"], sort=False).mean().assign(n=judged.groupby("set", sort=False).size())
    print(summary.to_string(float_format=lambda x: f"{x:.2f}"))
    print("all sets: " + ", ".join(f"{name} {right[name].mean():.3f}" for name in MATCHERS))
    print("\nStill wrong now:")
    for row in judged[judged["found"] != judged["actor"]].itertuples():
        print(f"  {row.set[:28]:28} judged {row.actor or '-':20.20} found {row.found or '-':20.20} {row.context[50:140]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
