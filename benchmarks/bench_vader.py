"""The fast VADER scorer (``analysis.text.vader.VaderScorer``) beside vaderSentiment's own loop, on every corpus sentence.

Run: ``.venv/bin/python benchmarks/bench_vader.py`` (skips when ../shared is absent).

Both score every sentence of ``analysis.split_sentences`` on the 13,028-article
corpus in this one process (splitting is not timed): the baseline calls
``SentimentIntensityAnalyzer().polarity_scores`` on each sentence; the scorer
runs ``VaderScorer().score_texts`` (the ``(n, 4)`` array the project uses) and,
apart, its own ``polarity_scores`` loop (the dicts of both loops are made into
arrays outside the timed part). The sentences go in chunks, each chunk
timed on every side in turn, so that load from other work on a shared machine
falls on all sides alike. Every score is compared bit for bit (``-0.0`` apart
from ``0.0``) and the mismatches printed, which must be 0.

The ratio is of CPU seconds (per core: one process each); wall-clock seconds are
printed too.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
from analysis.core.config import SHARED_DIR
from analysis.text.vader import SCORE_KEYS, VaderScorer

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
CHUNK = 20_000


def library_loop(texts: list[str]) -> list[dict[str, float]]:
    """The baseline: vaderSentiment's ``polarity_scores`` on each text."""
    polarity = LIBRARY.polarity_scores
    return [polarity(text) for text in texts]


def scorer_loop(texts: list[str]) -> list[dict[str, float]]:
    """The scorer's dict API, ``polarity_scores`` on each text."""
    polarity = SCORER.polarity_scores
    return [polarity(text) for text in texts]


def scorer_batch(texts: list[str]) -> np.ndarray:
    """The scorer's batch API (its array included in its time)."""
    return SCORER.score_texts(texts)


def as_array(scores: list[dict[str, float]] | np.ndarray) -> np.ndarray:
    """Scores as an ``(n, 4)`` array in ``SCORE_KEYS`` order (built outside the timed part)."""
    if isinstance(scores, np.ndarray):
        return scores
    return np.array([[row[key] for key in SCORE_KEYS] for row in scores], dtype=float).reshape(len(scores), 4)


LIBRARY = SentimentIntensityAnalyzer()
SCORER = VaderScorer()
SIDES: dict[str, Callable[[list[str]], object]] = {
    "vaderSentiment polarity_scores loop": library_loop,
    "VaderScorer.score_texts": scorer_batch,
    "VaderScorer.polarity_scores loop": scorer_loop,
}


def mismatched_rows(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """Indices of the rows that differ in any bit."""
    return np.flatnonzero((ours.view(np.int64) != theirs.view(np.int64)).any(axis=1))


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    start = time.perf_counter()
    articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    texts = analysis.split_sentences(articles)["text"].tolist()
    print(f"{len(articles):,} articles, {len(texts):,} sentences (loaded and split in {time.perf_counter() - start:.0f} s, not timed)")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))

    cpu = dict.fromkeys(SIDES, 0.0)
    wall = dict.fromkeys(SIDES, 0.0)
    scores: dict[str, list[np.ndarray]] = {name: [] for name in SIDES}
    for at in range(0, len(texts), CHUNK):
        chunk = texts[at : at + CHUNK]
        for name, side in SIDES.items():
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            result = side(chunk)
            cpu[name] += time.process_time() - cpu_start
            wall[name] += time.perf_counter() - wall_start
            scores[name].append(as_array(result))

    baseline_name, *scorer_names = SIDES
    baseline = np.concatenate(scores[baseline_name])
    failed = False
    for name in scorer_names:
        wrong = mismatched_rows(np.concatenate(scores[name]), baseline)
        print(f"{name}: {len(texts):,} sentences compared ({len(SCORE_KEYS)} scores each), {len(wrong)} mismatches")
        for row in wrong[:5]:
            print(f"  {texts[row]!r}: {np.concatenate(scores[name])[row].tolist()} vs {baseline[row].tolist()}")
        failed = failed or len(wrong) > 0
    for name in SIDES:
        print(f"{name:36s} {cpu[name]:6.1f} CPU s {len(texts) / cpu[name]:9,.0f} sentences/s   ({wall[name]:6.1f} s wall)")
    for name in scorer_names:
        print(f"ratio {name}: {cpu[baseline_name] / cpu[name]:.2f}x per core ({wall[baseline_name] / wall[name]:.2f}x wall; target >= 3x)")
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
