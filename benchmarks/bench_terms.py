"""Term frequencies and distinctive terms on the 13,028-article corpus, beside a plain Counter loop.

Run: ``.venv/bin/python benchmarks/bench_terms.py`` (skips when ../shared is absent).

Steps, each timed with its peak resident memory above the level before it:

1. the breakdown of tokenising: sentence splitting alone (Punkt), then words of
   every sentence (``analysis.measures.terms.sentence_runs``, keeping the runs);
2. the baseline: a plain ``collections.Counter`` loop over those same runs,
   counting words and bigrams per source with the same stopword rule;
3. ``analysis.term_frequencies(ngram=(1, 2))``, which tokenises by itself, and
   ``analysis.weighted_log_odds`` on its table (terms seen 5 times or more).

The ratio compares ``term_frequencies`` with tokenising plus the Counter loop:
the same work done by hand without building a table.

4. The terms report's tables as the notebook makes them from the cached sentence
   tokens (``keep_acronyms``, ``term_frequencies``, ``weighted_log_odds``,
   ``collocations``, ``framing_markers``), each timed in CPU seconds with
   ``analysis/terms.py`` as it is and as it was at ``--against REV`` (default
   a6b2a23, before issue 12's speed work), on the same inputs; every table must be
   identical (``assert_frame_equal``, exact) and the speed-ups are printed.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import psutil
from common import module_at

import analysis
from analysis.core.config import SHARED_DIR
from analysis.engine.pipeline import sentence_tokens_part
from analysis.measures import terms
from analysis.measures.terms import sentence_runs
from analysis.text.splitter import sentence_spans
from analysis.text.tokens import load_stopwords

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
MIN_COUNT = 5
BEFORE = "a6b2a23"


def measure(step: Callable[[], Any]) -> tuple[Any, float, float]:
    """``step()``'s result, its wall time in seconds and its peak RSS growth in MB (sampled every 5 ms)."""
    process = psutil.Process()
    start_rss = peak = process.memory_info().rss
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.005):
            peak = max(peak, process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    peak = max(peak, process.memory_info().rss)
    return result, seconds, (peak - start_rss) / 2**20


def counter_loop(groups: list[str], runs_per_article: list[list[list[str]]], stop: frozenset[str]) -> dict:
    """Words and bigrams per source with plain Counters (bigrams kept when neither end is a stopword)."""
    counts: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for group, runs in zip(groups, runs_per_article):
        for run in runs:
            counts[group, 1].update(t for t in run if t not in stop)
            counts[group, 2].update(f"{a} {b}" for a, b in zip(run, run[1:]) if a not in stop and b not in stop)
    return counts



def cpu_timed(step: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    result = step()
    return result, time.process_time() - start


def report_tables(articles: pd.DataFrame, against: str) -> None:
    """The terms report's tables, now and at ``against``: CPU seconds, identical tables, speed-ups."""
    sentences = analysis.split_sentences(articles)
    tokens = sentence_tokens_part(sentences)
    before = module_at(against, "analysis/terms.py")
    stopwords = analysis.load_stopwords()
    acronyms = {}
    steps = {
        "keep_acronyms": lambda m: m.keep_acronyms(tokens, sentences),
        "term_frequencies (sentence tokens)": lambda m: m.term_frequencies(articles, ngram=(1, 2), min_count=2, stopwords=stopwords,
                                                                         sentence_tokens=acronyms[m]),
        "collocations (sentence tokens)": lambda m: m.collocations(articles, top=15, stopwords=stopwords, sentence_tokens=acronyms[m]),
        "framing_markers": lambda m: m.framing_markers(articles),
    }
    print(f"\n== terms report tables: {len(sentences):,} sentences; now vs analysis/terms.py at {against} (CPU s)")
    print(f"{'table':<40}{'before':>10}{'now':>10}{'speed-up':>10}  identical")
    total_before = total_now = 0.0
    for name, step in steps.items():
        old, old_s = cpu_timed(lambda: step(before))  # noqa: B023 (called at once)
        new, new_s = cpu_timed(lambda: step(terms))  # noqa: B023
        pd.testing.assert_frame_equal(new, old, check_exact=True)
        assert new.attrs == old.attrs, name
        if name == "keep_acronyms":
            acronyms.update({before: old, terms: new})
        if name.startswith("term_frequencies"):
            (_, lo_old), (_, lo_new) = cpu_timed(partial(before.weighted_log_odds, old)), cpu_timed(partial(terms.weighted_log_odds, new))
            old_s, new_s = old_s + lo_old, new_s + lo_new
            name += " + log-odds"
        total_before, total_now = total_before + old_s, total_now + new_s
        print(f"{name:<40}{old_s:>10.2f}{new_s:>10.2f}{old_s / new_s:>9.1f}x  yes ({len(new):,} rows)")
    print(f"{'all report tables':<40}{total_before:>10.2f}{total_now:>10.2f}{total_before / total_now:>9.1f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default=BEFORE, help="git revision whose analysis/terms.py is the 'before' (default %(default)s)")
    parser.add_argument("--tables-only", action="store_true", help="only part 4, the report tables before and after")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (../shared is only beside a developer's or CI's checkout)")
        return 0
    articles, load_s, _ = measure(lambda: analysis.load_corpus(CORPUS, on_error="skip", progress=False))
    texts = articles["text"].tolist()
    groups = articles["source"].fillna("(unknown source)").tolist()
    stop = load_stopwords()
    print(f"corpus: {len(articles):,} articles, {sum(map(len, texts)):,} characters, "
          f"{articles['source'].nunique()} sources (loaded in {load_s:.1f} s)")
    if options.tables_only:
        report_tables(articles, options.against)
        return 0

    _, split_s, split_mb = measure(lambda: [sentence_spans(t) for t in texts])
    runs, tok_s, tok_mb = measure(lambda: [sentence_runs(t) for t in texts])
    n_tokens = sum(len(run) for article in runs for run in article)
    _, counter_s, counter_mb = measure(partial(counter_loop, groups, runs, stop))
    del runs
    frequencies, tf_s, tf_mb = measure(
        lambda: analysis.term_frequencies(articles, ngram=(1, 2), min_count=MIN_COUNT))
    distinctive, lo_s, lo_mb = measure(lambda: analysis.weighted_log_odds(frequencies))

    rows = [
        ("sentence splitting alone (Punkt)", split_s, split_mb),
        ("tokenising: sentences + words (sentence_runs)", tok_s, tok_mb),
        ("baseline: Counter loop, words + bigrams", counter_s, counter_mb),
        (f"term_frequencies(ngram=(1, 2), min_count={MIN_COUNT})", tf_s, tf_mb),
        ("weighted_log_odds (distinctive terms)", lo_s, lo_mb),
    ]
    print(f"{n_tokens:,} word tokens; {len(frequencies):,} (source, term) rows; {len(distinctive):,} log-odds rows")
    print(f"{'step':<52}{'time (s)':>10}{'peak RSS +MB':>14}")
    for name, seconds, mb in rows:
        print(f"{name:<52}{seconds:>10.1f}{mb:>14.0f}")
    baseline = tok_s + counter_s
    print(f"ratio term_frequencies / (tokenising + Counter loop) = {tf_s / baseline:.2f}")
    print(f"ratio term_frequencies + weighted_log_odds / (tokenising + Counter loop) = {(tf_s + lo_s) / baseline:.2f}")
    print(f"sentence splitting is {split_s / tok_s:.0%} of tokenising")
    report_tables(articles, options.against)
    return 0


if __name__ == "__main__":
    sys.exit(main())
