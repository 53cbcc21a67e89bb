"""Furniture inside texts and near-duplicate articles on the 13,028-article corpus.

Run: ``.venv/bin/python benchmarks/bench_corpora.py`` (skips when ../shared is absent).

1. Furniture: ``analysis.io.furniture.clean_texts`` (in-text rules plus the
   repetition rule, sentences split once) beside its largest part, splitting every
   article into sentences with Punkt; then furniture phrases per outlet before and
   after, what each rule removed per outlet, and the accounting check (characters
   kept + removed = characters read).
2. Near-duplicates: ``analysis.io.duplicates.near_duplicates`` on the cleaned texts
   beside an exhaustive baseline that counts the shingles every pair of articles
   shares (an inverted index over all shingles held by at most 50 articles), which
   also measures the recall of the MinHash LSH candidates; then groups, reprints
   and who reprints whom.
3. Loading as a researcher does: ``analysis.read_corpus`` with every default
   (line cleaning, headline, in-text furniture, repetition rule, near-duplicates)
   in CPU seconds beside loading with the in-text rules off, then with the
   README's example filter and what each of its clauses kept and dropped.

The texts of parts 1 and 2 are loaded with the in-text rules off, so that the
phrases are counted before and after.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import analysis
from analysis.core.config import SHARED_DIR
from analysis.io.duplicates import jaccard, near_duplicates, reprint_pairs, reprint_sentence, shingle_hashes
from analysis.io.furniture import REPEATED_BOILERPLATE, clean_texts, furniture_by_source
from analysis.measures import overview
from analysis.text.splitter import sentence_spans

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
PHRASES = {
    "(AP Photo/": r"\(AP Photo\b",
    "via AP)": r"\bvia AP\)",
    "/Getty Images": r"(?:/|\bvia )\s*Getty Images",
    "Photograph:": r"\bPhotograph: ",
    "external linking": r"approach to external linking",
    "© / rights reserved": r"©|[Aa]ll [Rr]ights [Rr]eserved",
    "Sign up": r"\bSign up\b|\bSIGN UP\b",
    "click here": r"\b[Cc]lick [Hh]ere\b",
    "live blog": r"\blive blog\b",
    "Follow…on Facebook/Twitter": r"\bFollow [^.]{0,60}\bon (?:Facebook|Twitter)",
    "contributed to this report": r"contributed to this report",
    "reporter for Fox News Digital": r"reporter for Fox News Digital",
    "Fox News Digital (any)": r"Fox News Digital",
    "newsletter (any)": r"[Nn]ewsletter",
}
MAX_HOLDERS = 50
MIN_SHARED = 10


EXAMPLE_FILTER = "text_type == 'full_text' and author_marked_offtopic == 0"


def timed(step: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def cpu_timed(step: Callable[[], Any]) -> tuple[Any, float]:
    start = time.process_time()
    result = step()
    return result, time.process_time() - start


def loading_figures() -> None:
    """Part 3: read_corpus with every default against the in-text rules off, then with the example filter."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare, bare_s = cpu_timed(lambda: analysis.read_corpus(CORPUS, on_error="skip", progress=False,
                                                              remove_furniture=False, remove_repeated=False))
        full, full_s = cpu_timed(lambda: analysis.read_corpus(CORPUS, on_error="skip", progress=False))
        kept, kept_s = cpu_timed(lambda: analysis.read_corpus(CORPUS, on_error="skip", progress=False,
                                                              where=EXAMPLE_FILTER))
    print(f"\nread_corpus, in-text rules off (near-duplicates on): {bare_s:6.1f} CPU s  ({len(bare.articles):,} articles)")
    print(f"read_corpus, every default:                           {full_s:6.1f} CPU s  "
          f"({len(full.fragments):,} fragments, {int(full.duplicates['is_reprint'].sum()):,} reprints)")
    print(f"ratio: {full_s / bare_s:.2f}x")
    print(f"read_corpus, where={EXAMPLE_FILTER!r}: {kept_s:6.1f} CPU s  ({len(kept.articles):,} articles, "
          f"{len(kept.fragments):,} fragments)")
    print(overview.filter_counts(EXAMPLE_FILTER, kept.articles, kept.skipped).to_string(index=False))
    print(reprint_sentence(full.duplicates), "(every article)")
    print(reprint_sentence(kept.duplicates), "(filtered)")
    headlines = (full.cleaning["rule"] == "headline").sum()
    print(f"headline lines removed: {headlines}; articles with a title: {int(full.articles['title'].notna().sum()):,}")


def phrase_table(articles: pd.DataFrame, kept: pd.Series) -> pd.DataFrame:
    """Occurrences of each phrase per outlet before and after, as ``before>after`` cells, and totals."""
    rows = {}
    for name, pattern in PHRASES.items():
        compiled = re.compile(pattern)
        before = articles["text"].str.count(compiled).groupby(articles["source"]).sum()
        after = kept.str.count(compiled).groupby(articles["source"]).sum()
        cells = {s: f"{b}>{after[s]}" for s, b in before.items() if b}
        cells["TOTAL"] = f"{before.sum()}>{after.sum()}  (-{1 - after.sum() / max(before.sum(), 1):.0%})"
        rows[name] = cells
    table = pd.DataFrame(rows).T.fillna("")
    return table[[c for c in table.columns if c != "TOTAL"] + ["TOTAL"]]


def exhaustive_pairs(hashes: list[np.ndarray]) -> Counter[tuple[int, int]]:
    """Shingles shared by every pair of articles, counted over shingles held by 2 to MAX_HOLDERS articles."""
    values = np.concatenate(hashes)
    owners = np.repeat(np.arange(len(hashes)), [len(h) for h in hashes])
    order = np.argsort(values, kind="stable")
    values, owners = values[order], owners[order]
    bounds = np.flatnonzero(np.diff(values)) + 1
    shared: Counter[tuple[int, int]] = Counter()
    for start, end in zip(np.r_[0, bounds], np.r_[bounds, len(values)], strict=True):
        if 2 <= end - start <= MAX_HOLDERS:
            docs = np.unique(owners[start:end]).tolist()
            shared.update((a, b) for i, a in enumerate(docs) for b in docs[i + 1:])
    return shared


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (../shared is only beside a developer's or CI's checkout)")
        return 0
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    articles, load_s = timed(lambda: analysis.load_corpus(CORPUS, on_error="skip", progress=False,
                                                          remove_furniture=False, remove_repeated=False))
    print(f"corpus: {len(articles):,} articles, {articles['text'].str.len().sum():,} characters (loaded in {load_s:.1f} s)")

    # ---------------------------------------------------------------- furniture
    _, split_s = timed(lambda: [sentence_spans(t) for t in articles["text"]])
    (kept, report), clean_s = timed(lambda: clean_texts(articles))
    print(f"\nsentence splitting alone (baseline): {split_s:6.1f} s")
    print(f"furniture.clean_texts:               {clean_s:6.1f} s  ({len(report):,} fragments removed)")
    print(f"ratio: clean_texts takes {clean_s / split_s:.2f}x the time of splitting alone")

    read = int(articles["text"].str.len().sum())
    removed = int((report["end"] - report["start"]).sum())
    print(f"characters: read {read:,} = kept {int(kept.str.len().sum()):,} + removed {removed:,} "
          f"({'exact' if read == int(kept.str.len().sum()) + removed else 'MISMATCH'})")
    boilerplate = report.loc[report["rule"] == REPEATED_BOILERPLATE, "fragment"].str.strip().nunique()
    print(f"repetition rule: {boilerplate} distinct sentences")

    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 30)
    print("\nfurniture phrases per outlet, before>after:")
    print(phrase_table(articles, kept).to_string())
    summary = furniture_by_source(report, articles.assign(text=kept))
    print("\nfragments removed per outlet and rule (share of the outlet's characters):")
    shares = summary.pivot(index="source", columns="rule", values="share_of_chars").fillna(0)
    counts = summary.pivot(index="source", columns="rule", values="n_fragments").fillna(0).astype(int)
    print((counts.astype(str) + " (" + (100 * shares).round(1).astype(str) + "%)").to_string())

    # ----------------------------------------------------------- near-duplicates
    cleaned = articles.assign(text=kept)
    hashes, shingle_s = timed(lambda: [shingle_hashes(t) for t in cleaned["text"]])
    shared, exhaustive_s = timed(lambda: exhaustive_pairs(hashes))
    dups, dups_s = timed(lambda: near_duplicates(cleaned))
    print(f"\nshingling alone:                      {shingle_s:6.1f} s")
    print(f"exhaustive shared-shingle count:      {shingle_s + exhaustive_s:6.1f} s  (shingling included)")
    print(f"duplicates.near_duplicates:           {dups_s:6.1f} s  (shingling included)")
    print(f"ratio: near_duplicates is {(shingle_s + exhaustive_s) / dups_s:.2f}x as fast as the exhaustive count")

    exact = [(i, j) for (i, j), n in shared.items() if n >= MIN_SHARED and jaccard(hashes[i], hashes[j]) >= 0.3]
    groups = dups["dup_group"].tolist()
    grouped = sum(groups[i] == groups[j] for i, j in exact)
    print(f"pairs at Jaccard >= 0.3 by the exhaustive count: {len(exact)}, of which in one group: {grouped} "
          f"(LSH recall {grouped / max(len(exact), 1):.1%})")
    print(reprint_sentence(dups))
    print("group sizes:", dups["group_size"].value_counts().sort_index().to_dict())
    print("\nwho reprints whom (source repeats text of an earlier reprinted_source article):")
    print(reprint_pairs(dups, cleaned).to_string(index=False))
    loading_figures()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
