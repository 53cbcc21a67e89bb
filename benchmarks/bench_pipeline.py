"""Whole-corpus pipeline benchmark: analyze() cold, warm and on Dask, against VADER's raw cost.

On the 13,028-article corpus in ../shared (skipped when absent), in one run:

1. raw cost: a plain single-process loop of vaderSentiment over the corpus's
   sentences, and that time divided by the cores (the ideal);
2. the naive notebook approach: pandas ``.apply`` per article (split, score,
   count words, find actors with one regex) in one process;
3. ``analyze()`` cold (empty cache), warm (same cache), and ``engine="dask"`` on
   a 2-worker LocalCluster (no cache);
4. the peak memory of each: the resident memory of the whole process tree
   (this process, pool workers, Dask workers), sampled every 50 ms.

Each case runs in a fresh subprocess so that none inherits another's memory or
warm imports. The corpus is loaded once and handed over as Parquet (loading is
not what is measured). Run: ``.venv/bin/python benchmarks/bench_pipeline.py``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd
import psutil
from common import PeakMemory

from analysis.core.config import SHARED_DIR

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"


def _vader_loop(articles: pd.DataFrame) -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis import split_sentences

    sentences = split_sentences(articles)["text"].tolist()
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in sentences:
        analyzer.polarity_scores(text)
    return {"seconds": time.perf_counter() - start, "sentences": len(sentences)}


def _naive(articles: pd.DataFrame) -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis import load_actors
    from analysis.text.splitter import sentence_spans
    from analysis.text.tokens import tokenize

    analyzer = SentimentIntensityAnalyzer()
    aliases = sorted({a for row in load_actors()["aliases"] for a in row}, key=len, reverse=True)
    actor_pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, aliases)) + r")\b")

    def per_article(text: str) -> pd.Series:
        sentences = [text[s:e] for s, e in sentence_spans(text)]
        scores = [analyzer.polarity_scores(s)["compound"] for s in sentences]
        words = Counter(tokenize(text))
        return pd.Series({"n_sentences": len(sentences), "mean_compound": sum(scores) / max(len(scores), 1),
                          "n_terms": len(words), "n_mentions": len(actor_pattern.findall(text))})

    start = time.perf_counter()
    articles["text"].apply(per_article)
    return {"seconds": time.perf_counter() - start}


def _analyze(articles: pd.DataFrame, cache_dir: str | None, engine: str) -> dict[str, float]:
    from analysis.engine.pipeline import analyze

    start = time.perf_counter()
    result = analyze(articles, cache_dir=cache_dir, engine=engine, progress=False)
    return {"seconds": time.perf_counter() - start, "sentences": len(result.sentences), "mentions": len(result.mentions)}


def run_case(case: str, parquet: str, cache_dir: str) -> None:
    """Run one case in this (fresh) process and print its figures as JSON."""
    articles = pd.read_parquet(parquet)
    with PeakMemory() as memory:
        if case == "vader":
            figures = _vader_loop(articles)
        elif case == "naive":
            figures = _naive(articles)
        elif case in ("cold", "warm"):
            figures = _analyze(articles, cache_dir, "pandas")
        else:
            figures = _analyze(articles, None, "dask")
    print(json.dumps({**figures, "peak_bytes": memory.peak}))


def _spawn(case: str, parquet: Path, cache_dir: Path) -> dict[str, float]:
    """Run ``case`` in a fresh interpreter: its figures, and the CPU seconds of its whole process tree (which the
    load of other work on the machine inflates far less than wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run([sys.executable, __file__, "--case", case, str(parquet), str(cache_dir)],
                            check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {**json.loads(output.strip().splitlines()[-1]), "cpu_seconds": cpu}


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (../shared is only beside a developer's or CI's checkout)")
        return 0
    from analysis import load_corpus
    from analysis.core.parallel import available_cores

    cores = available_cores()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = load_corpus(CORPUS, on_error="skip", progress=False)
    print(f"machine: {platform.processor() or platform.machine()}, {cores} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GiB; load average before: {os.getloadavg()}")
    print(f"corpus: {len(articles):,} articles, {articles['n_words'].sum():,} words")
    with tempfile.TemporaryDirectory() as tmp:
        parquet, cache_dir = Path(tmp) / "articles.parquet", Path(tmp) / "cache"
        articles[["doc_id", "source", "title", "published", "text"]].to_parquet(parquet)
        results = {case: _spawn(case, parquet, cache_dir) for case in ("vader", "naive", "cold", "warm", "dask")}
    ideal = results["vader"]["seconds"] / cores
    rows = [
        ("plain VADER loop, 1 process", results["vader"]),
        ("naive pandas .apply, 1 process", results["naive"]),
        ("analyze() cold", results["cold"]),
        ("analyze() warm (cache)", results["warm"]),
        ("analyze(engine='dask'), 2 workers", results["dask"]),
    ]
    print(f"sentences: {results['vader']['sentences']:,}; mentions: {results['cold']['mentions']:,}")
    print(f"ideal (VADER loop / {cores} cores): {ideal:8.2f} s")
    for label, figures in rows:
        print(f"{label:36s} {figures['seconds']:8.2f} s  {figures['cpu_seconds']:8.2f} CPU s (process tree, whole case)"
              f"   peak memory {figures['peak_bytes'] / 2**20:7.0f} MiB")
    print(f"cold / ideal:  {results['cold']['seconds'] / ideal:.2f}  (target <= 1.0)")
    print(f"naive / cold:  {results['naive']['seconds'] / results['cold']['seconds']:.2f}  (target >= 1.6)")
    print(f"warm:          {results['warm']['seconds']:.2f} s  (target <= 1 s)")
    peak = max(f["peak_bytes"] for _, f in rows[2:]) / 2**30
    print(f"peak memory of analyze() runs: {peak:.2f} GiB  (target <= 1 GB)")
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--case":
        run_case(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(main())
