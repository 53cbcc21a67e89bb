"""Quotations: precision and recall against the hand labels, and speed on the 13,028-article corpus.

Run: ``.venv/bin/python benchmarks/bench_quotes.py`` (the sample and speed parts skip when
../shared is absent).

1. Quality: ``analysis.find_quotes`` on the 5 seed articles and on the 42 sampled shared
   articles of ``tests/data/quotes_labelled.csv`` (labelled by hand before the extractor
   existed; see tests/data/README.md), matched by ``analysis.quotes.match_labelled``:
   extraction (overlapping spans), found (also the same actor) and actor (rows naming an
   actor), overall and per kind, then the missed and spurious quotations by kind.
2. Speed on the whole corpus, articles per second, beside ``analysis.find_mentions`` on the
   same articles in the same run (the step quotations need anyway). Sentence splitting and
   mentions are shared and timed apart; ``find_quotes`` gets them as arguments.
"""

from __future__ import annotations

import sys
import time
import warnings

import pandas as pd

import analysis
from analysis.config import PROJ_ROOT, SHARED_DIR
from analysis.quotes import find_quotes, match_labelled, quote_scores

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
LABELLED = PROJ_ROOT / "tests" / "data" / "quotes_labelled.csv"
LABELLED_ARTICLES = PROJ_ROOT / "tests" / "data" / "quotes_labelled_articles.csv"


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


def main() -> int:
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    ids = pd.read_csv(LABELLED_ARTICLES, dtype=str)
    seeds = analysis.load_corpus(PROJ_ROOT / "data" / "raw", progress=False)
    report_quality("seeds", seeds, labelled[labelled["set"] == "seeds"])
    if not CORPUS.exists():
        print(f"skipped the sample and the speed run: {CORPUS} is absent")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    sample = articles[articles["doc_id"].isin(ids.loc[ids["set"] == "sample", "doc_id"])]
    report_quality("shared-corpus sample", sample, labelled[labelled["set"] == "sample"])

    print(f"\n== speed: {len(articles):,} articles, {int(articles['n_words'].sum()):,} words")
    start = time.perf_counter()
    sentences = analysis.split_sentences(articles)
    print(f"split_sentences (shared):        {time.perf_counter() - start:7.2f} s")
    start = time.perf_counter()
    mentions = analysis.find_mentions(articles, sentences=sentences, progress=False)
    mention_seconds = time.perf_counter() - start
    print(f"find_mentions (baseline):        {mention_seconds:7.2f} s  {len(articles) / mention_seconds:9,.0f} articles/s")
    start = time.perf_counter()
    quotes = find_quotes(articles, sentences=sentences, mentions=mentions, progress=False)
    seconds = time.perf_counter() - start
    print(f"find_quotes (sentences, mentions given): {seconds:7.2f} s  {len(articles) / seconds:9,.0f} articles/s  "
          f"{len(quotes):,} quotations ({quotes['kind'].value_counts().to_dict()}), "
          f"{quotes['actor'].notna().mean():.1%} attributed to a listed actor")
    print(f"ratio: find_quotes takes {seconds / mention_seconds:.1f}x the time of find_mentions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
