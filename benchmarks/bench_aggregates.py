"""Reports from aggregates: memory flat in corpus size, on the 13k corpus and on a 4x copy of it.

On the shared 13,028-article corpus (skipped when absent) and on a 4x copy (every
article four times: the original and three copies under new ids, each copy with one
word of its text changed so that no copy is an exact duplicate; a temporary CSV
built here), each case in a fresh subprocess, with the peak resident memory of its
whole process tree (the process, its pool workers, notebook kernels, Dask workers)
sampled every 50 ms:

1. ``prepare`` cold (empty cache: load, split, score, tokenise, find actors, write
   the cache) and warm (everything from the cache): the analysis without holding
   the per-sentence tables;
2. in one process after a warm ``prepare``: ``analyze``'s whole tables
   (``collect``) against ``aggregate`` (the report tables' ingredients folded
   chunk by chunk): what a report kernel holds before and after this change;
3. ``render_reports`` of every report notebook, cold (a fresh cache: the run loads the
   corpus and prepares the store once) and warm, beside the baseline of one library
   VADER loop over the corpus's sentences in one process (targets: cold <= 2x, warm
   <= 0.75x; the terms report <= 30 s; peak <= 1.5 GB);
4. ``aggregate(engine="dask")`` on a 2-worker ``LocalCluster`` for the first
   ``--dask-articles`` articles, with each worker's peak memory.

Ratios 4x / 1x are printed (targets: render peak <= 1.3x, time roughly 4x).
Run: ``.venv/bin/python benchmarks/bench_aggregates.py [--limit N] [--factors 1,4]`` (``--limit``:
the first N articles only, for a quick try; ``--factors 1``: the 13k corpus alone).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil
from common import PeakMemory

from analysis.core.config import SHARED_DIR

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"


# ---------------------------------------------------------------- cases (run in a subprocess each)


def case_prepare(corpus: str, cache: str) -> dict:
    from analysis.engine.pipeline import prepare

    with PeakMemory() as memory:
        start = time.perf_counter()
        store = prepare(corpus, cache_dir=cache, progress=False)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": memory.peak / 2**20, "articles": len(store.articles)}


def case_kernel(corpus: str, cache: str) -> dict:
    """What a report kernel holds: the store, then the whole tables (old path) or the aggregates (new path)."""
    import gc

    from analysis.engine import aggregates
    from analysis.engine.pipeline import prepare

    process = psutil.Process()
    store = prepare(corpus, cache_dir=cache, progress=False)
    gc.collect()
    base = process.memory_info().rss
    with PeakMemory() as memory:
        start = time.perf_counter()
        folded = aggregates.aggregate(store)
        aggregates.sentiment_by_source_table(folded, store.articles)
        aggregates.actor_tone_table(folded)
        aggregate_seconds = time.perf_counter() - start
    aggregate_peak = memory.peak - base
    del folded
    gc.collect()
    with PeakMemory() as memory:
        start = time.perf_counter()
        whole = store.collect()
        collect_seconds = time.perf_counter() - start
    return {"store_mb": base / 2**20, "aggregate_extra_mb": aggregate_peak / 2**20, "aggregate_seconds": aggregate_seconds,
            "collect_extra_mb": (memory.peak - base) / 2**20, "collect_seconds": collect_seconds,
            "sentences": len(whole.sentences)}


def case_render(corpus: str, cache: str, out: str) -> dict:
    """Every report notebook rendered (the run prepares the store once; cold when the cache is empty)."""
    from analysis.reports.render import render_reports

    with PeakMemory() as memory:
        start = time.perf_counter()
        result = render_reports(corpus, out=out, cache_dir=cache, progress=False)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": memory.peak / 2**20, "ok": result.ok,
            "failed": [outcome.name for outcome in result.failed],
            **{f"{o.name}_s": o.seconds for o in result.outcomes}}


def case_vader(corpus: str) -> dict:
    """The baseline: the library's VADER loop over the corpus's sentences, one process (splitting not timed)."""
    import warnings

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from analysis import load_corpus, split_sentences

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        texts = split_sentences(load_corpus(corpus, on_error="skip", progress=False))["text"].tolist()
    analyzer = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    return {"seconds": time.perf_counter() - start, "sentences": len(texts)}


def case_dask(corpus: str, cache: str, n_articles: str) -> dict:
    from analysis.engine import aggregates
    from analysis.engine.pipeline import prepare

    store = prepare(corpus, cache_dir=cache, progress=False)
    articles = store.articles.head(int(n_articles))
    with PeakMemory() as memory:
        start = time.perf_counter()
        on_dask = aggregates.aggregate(store, articles, engine="dask", n_jobs=2, chunk_size=100)
        seconds = time.perf_counter() - start
    workers = sorted((rss / 2**20 for pid, rss in memory.per_process.items() if pid != os.getpid()), reverse=True)
    local = aggregates.aggregate(store, articles)
    tables = ("sentiment_by_source_table", "sentiment_over_time_table", "sentiment_extremes_table", "compound_box_table",
              "mention_counts_table", "cooccurrence_table", "actor_tone_table")
    same = all(getattr(aggregates, t)(on_dask).equals(getattr(aggregates, t)(local)) for t in tables)
    return {"seconds": seconds, "peak_mb": memory.peak / 2**20, "client_peak_mb": memory.per_process.get(os.getpid(), 0) / 2**20,
            "worker_peaks_mb": [round(w, 1) for w in workers[:3]], "equal_to_pandas": same}


CASES = {"prepare": case_prepare, "kernel": case_kernel, "render": case_render, "dask": case_dask, "vader": case_vader}


def run_case(name: str, *args: str) -> dict:
    """Run case ``name`` in a fresh interpreter; its JSON result."""
    done = subprocess.run([sys.executable, __file__, "--case", name, *args], capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"case {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- corpora


def copies(raw: pd.DataFrame, n: int) -> pd.DataFrame:
    """``raw`` ``n`` times: copy ``k`` > 0 under ids ``<id>-copy<k>`` with its first word replaced by ``Copy<k>``."""
    parts = [raw]
    for k in range(1, n):
        text = raw["text"].str.replace(r"^\s*\S+", f"Copy{k}", n=1, regex=True)
        parts.append(raw.assign(id=raw["id"].astype(str) + f"-copy{k}", text=text))
    return pd.concat(parts, ignore_index=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=sorted(CASES))
    parser.add_argument("--limit", type=int, help="use the first N articles only (a quick try)")
    parser.add_argument("--dask-articles", type=int, default=2000)
    parser.add_argument("--factors", default="1,4", help="corpus copies to measure, e.g. 1 (the 13k corpus alone) or 1,4")
    parser.add_argument("rest", nargs="*")
    options = parser.parse_args()
    if options.case:
        print(json.dumps(CASES[options.case](*options.rest)))
        return 0
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    print(f"{os.cpu_count()} cores; load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    raw = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    if options.limit:
        raw = raw.head(options.limit)
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for factor in (int(f) for f in options.factors.split(",")):
            label = f"{factor}x"
            corpus = folder / f"corpus_{label}.csv"
            copies(raw, factor).to_csv(corpus, index=False)
            cache, render_cache = str(folder / f"cache_{label}"), str(folder / f"render_cache_{label}")
            results[label] = {
                "prepare cold": run_case("prepare", str(corpus), cache),
                "prepare warm": run_case("prepare", str(corpus), cache),
                "kernel": run_case("kernel", str(corpus), cache),
                "render cold": run_case("render", str(corpus), render_cache, str(folder / f"out_{label}")),
                "render warm": run_case("render", str(corpus), render_cache, str(folder / f"out_{label}")),
            }
            if label == "1x":
                results[label]["vader loop"] = run_case("vader", str(corpus))
                results[label]["dask"] = run_case("dask", str(corpus), cache, str(options.dask_articles))
            for case, figures in results[label].items():
                print(f"{label} {case}: " + ", ".join(f"{k} {v:,.1f}" if isinstance(v, float) else f"{k} {v}"
                                                      for k, v in figures.items()), flush=True)
    one = results["1x"]
    vader = one["vader loop"]["seconds"]
    print(f"1x render / one library VADER loop ({vader:.1f} s): cold {one['render cold']['seconds'] / vader:.2f} (target <= 2), "
          f"warm {one['render warm']['seconds'] / vader:.2f} (target <= 0.75); terms report warm "
          f"{one['render warm'].get('terms_by_source_s', float('nan')):.1f} s (target <= 30)")
    peaks = f"cold {one['render cold']['peak_mb']:,.0f} MiB, warm {one['render warm']['peak_mb']:,.0f} MiB"
    print(f"1x render peak: {peaks} (target <= 1.5 GB)")
    if "4x" not in results:
        return 0
    four = results["4x"]
    print("ratios 4x / 1x:")
    for case, key in (("prepare cold", "seconds"), ("prepare cold", "peak_mb"), ("prepare warm", "seconds"),
                      ("prepare warm", "peak_mb"), ("render cold", "seconds"), ("render cold", "peak_mb"),
                      ("render warm", "seconds"), ("render warm", "peak_mb"),
                      ("kernel", "store_mb"), ("kernel", "aggregate_extra_mb"), ("kernel", "collect_extra_mb")):
        print(f"  {case} {key}: {four[case][key] / one[case][key]:.2f}"
              + ("  (target <= 1.3)" if key == "peak_mb" and case.startswith("render") else ""))
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
