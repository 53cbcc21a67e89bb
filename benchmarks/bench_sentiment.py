"""Sentence sentiment on the 13,028-article corpus: ``analysis.score_sentences`` beside a plain VADER loop.

Run: ``.venv/bin/python benchmarks/bench_sentiment.py`` (skips when ../shared is absent).

Both score every sentence of ``analysis.split_sentences`` (splitting is not
timed). The baseline is one process calling
``SentimentIntensityAnalyzer().polarity_scores`` on each sentence in turn;
``score_sentences`` scores each distinct sentence once, in processes over every
core, and builds the scored table. The scores are checked equal before the
figures are printed.

The cores may be shared with other work, which slows the processes more than the
one-process loop; so the script also prints the load average and the CPU seconds
each side used (``score_sentences``: this process plus its worker processes). On
free cores the wall-clock ratio approaches the ratio of CPU seconds times the
number of cores.
"""

from __future__ import annotations

import os
import resource
import sys
import time

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
from analysis.core.config import SHARED_DIR

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"


def plain_loop(texts: list[str]) -> np.ndarray:
    """The baseline: one analyzer, one process, every sentence in turn."""
    analyzer = SentimentIntensityAnalyzer()
    return np.array([analyzer.polarity_scores(text)["compound"] for text in texts])


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    sentences = analysis.split_sentences(articles)
    texts = sentences["text"].tolist()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{len(articles):,} articles, {len(texts):,} sentences ({sentences['text'].nunique():,} distinct), {cores} cores")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    start, start_cpu = time.perf_counter(), cpu_seconds()
    baseline = plain_loop(texts)
    plain_seconds, plain_cpu = time.perf_counter() - start, cpu_seconds() - start_cpu

    start, start_cpu = time.perf_counter(), cpu_seconds()
    scored = analysis.score_sentences(sentences, progress=False)
    ours_seconds, ours_cpu = time.perf_counter() - start, cpu_seconds() - start_cpu

    if not np.array_equal(scored["compound"].to_numpy(), baseline):
        print("ERROR: score_sentences and the plain loop disagree")
        return 1
    plain_rate, ours_rate = len(texts) / plain_seconds, len(texts) / ours_seconds
    print(f"plain vaderSentiment loop, 1 process: {plain_seconds:6.1f} s  {plain_rate:8,.0f} sentences/s  ({plain_cpu:.1f} CPU s)")
    print(f"analysis.score_sentences:             {ours_seconds:6.1f} s  {ours_rate:8,.0f} sentences/s  ({ours_cpu:.1f} CPU s)")
    print(f"ratio: {ours_rate / plain_rate:.2f}x (target >= 1.6x on 2 cores)")
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
