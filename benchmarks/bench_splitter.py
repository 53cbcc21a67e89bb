"""Sentence splitting: ``analysis.text.splitter`` against NLTK's Punkt on the 13,028-article corpus.

Run: ``.venv/bin/python benchmarks/bench_splitter.py`` (skips when ../shared is absent).

Both splitters split the same articles (loaded and cleaned by ``analysis.load_corpus``);
Punkt is NLTK's ``PunktSentenceTokenizer`` with the shipped abbreviation list, paragraph
by paragraph (``analysis.text.splitter.punkt_sentence_spans``, what ``analysis.text`` ran).
The script prints:

1. sentences per second of each (wall and CPU time of this process) and the ratio;
2. boundary agreement: precision and recall of the splitter's boundaries against
   Punkt's, one boundary per gap between words (``boundary_offsets``), and the
   disagreements counted by the rule that decides them (``explain_boundary``);
3. the hard cases of ``tests/test_splitter.py``: how many each splitter gets right;
4. accuracy of both on the hand-judged disagreements in ``tests/data/splitter_judged.tsv``.

``--draw N`` instead writes N disagreements drawn with a fixed seed as a TSV to judge
by hand (columns as in ``splitter_judged.tsv``, ``correct`` and ``note`` left empty).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable

import pandas as pd

import analysis
from analysis.core.config import PROJ_ROOT, SHARED_DIR
from analysis.text.splitter import boundary_offsets, explain_boundary, punkt_sentence_spans, sentence_spans

sys.path.insert(0, str(PROJ_ROOT))
from tests.unit.test_splitter import HARD_CASES, JUDGED, judged_decisions  # noqa: E402

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
SEED = 12
WINDOW_BEFORE, WINDOW_AFTER = 160, 100

Spans = list[tuple[int, int]]


def timed(split: Callable[[str], Spans], texts: list[str]) -> tuple[list[Spans], float, float]:
    """``split`` of every text, with the wall and CPU seconds it took."""
    wall, cpu = time.perf_counter(), time.process_time()
    spans = [split(text) for text in texts]
    return spans, time.perf_counter() - wall, time.process_time() - cpu


def disagreements(texts: list[str], ours: list[Spans], punkt: list[Spans]) -> tuple[int, int, int, list[tuple[int, int, str]]]:
    """Boundaries in both, only ours, only Punkt's; and every disagreement as (article, offset, side)."""
    both = only_ours = only_punkt = 0
    found: list[tuple[int, int, str]] = []
    for i, (text, a, b) in enumerate(zip(texts, ours, punkt, strict=True)):
        mine, theirs = boundary_offsets(text, a), boundary_offsets(text, b)
        both += len(mine & theirs)
        only_ours += len(mine - theirs)
        only_punkt += len(theirs - mine)
        found += [(i, o, "splitter") for o in sorted(mine - theirs)] + [(i, o, "punkt") for o in sorted(theirs - mine)]
    return both, only_ours, only_punkt, found


def window(text: str, offset: int) -> tuple[str, int]:
    """About WINDOW_BEFORE + WINDOW_AFTER characters of ``text`` around ``offset``, cut at spaces; ``offset`` in it."""
    start = text.rfind(" ", 0, max(0, offset - WINDOW_BEFORE)) + 1
    end = text.find(" ", offset + WINDOW_AFTER)
    end = len(text) if end < 0 else end
    return text[start:end], offset - start


def draw(articles: pd.DataFrame, found: list[tuple[int, int, str]], n: int) -> None:
    """Write ``n`` disagreements (fixed seed) as a TSV to judge, keeping those decided alike in the window."""
    texts = articles["text"].tolist()
    rows = []
    for i, offset, side in random.Random(SEED).sample(found, len(found)):
        text, position = window(texts[i], offset)
        ours = position in boundary_offsets(text, sentence_spans(text))
        punkt = position in boundary_offsets(text, punkt_sentence_spans(text))
        if ours == (side == "splitter") and punkt == (side == "punkt"):
            rows.append({"doc_id": articles["doc_id"].iat[i], "position": position, "rule": explain_boundary(text, position),
                         "window": text, "correct": "", "note": ""})
        if len(rows) == n:
            break
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def hard_case_score(split: Callable[[str], Spans]) -> int:
    """How many of the hand-written hard cases ``split`` gets exactly right."""
    return sum([text[s:e] for s, e in split(text)] == expected for text, expected in HARD_CASES)


def report(articles: pd.DataFrame) -> None:
    """Print speed, agreement, the disagreements by rule, hard cases and judged-sample accuracy."""
    texts = articles["text"].tolist()
    punkt, punkt_wall, punkt_cpu = timed(punkt_sentence_spans, texts)
    ours, ours_wall, ours_cpu = timed(sentence_spans, texts)
    n_punkt, n_ours = sum(map(len, punkt)), sum(map(len, ours))
    print(f"NLTK Punkt:        {punkt_wall:6.2f} s wall {punkt_cpu:6.2f} s CPU  {n_punkt:,} sentences  "
          f"{n_punkt / punkt_wall:9,.0f} sentences/s")
    print(f"analysis.text.splitter: {ours_wall:6.2f} s wall {ours_cpu:6.2f} s CPU  {n_ours:,} sentences  "
          f"{n_ours / ours_wall:9,.0f} sentences/s")
    print(f"ratio (sentences/s, splitter / Punkt): {(n_ours / ours_wall) / (n_punkt / punkt_wall):.1f}x wall, "
          f"{(n_ours / ours_cpu) / (n_punkt / punkt_cpu):.1f}x CPU  (target >= 3x)")

    both, only_ours, only_punkt, found = disagreements(texts, ours, punkt)
    print(f"\nboundaries inside articles: {both:,} in both, {only_ours:,} only the splitter's, {only_punkt:,} only Punkt's")
    print(f"precision {both / (both + only_ours):.4f}, recall {both / (both + only_punkt):.4f} (against Punkt)")
    by_rule = Counter((side, explain_boundary(texts[i], offset)) for i, offset, side in found)
    print("disagreements by rule (who puts a boundary there, rule + word after):")
    for (side, rule), count in by_rule.most_common():
        print(f"  {count:6,}  only {side:8}  {rule}")

    print(f"\nhard cases right ({len(HARD_CASES)}): splitter {hard_case_score(sentence_spans)}, "
          f"Punkt {hard_case_score(punkt_sentence_spans)}")
    judged = pd.read_csv(JUDGED, sep="\t", dtype={"window": str, "correct": str, "note": str}, keep_default_na=False)
    correct = judged["correct"] == "break"
    for name, split in (("splitter", sentence_spans), ("Punkt", punkt_sentence_spans)):
        right = (judged_decisions(judged, split) == correct).sum()
        print(f"judged disagreements right ({len(judged)}): {name} {right} ({right / len(judged):.0%})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draw", type=int, metavar="N", help="write N disagreements to judge as a TSV, and stop")
    options = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (../shared is only beside a developer's or CI's checkout)")
        return 0
    articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    if options.draw:
        texts = articles["text"].tolist()
        found = disagreements(texts, [sentence_spans(t) for t in texts], [punkt_sentence_spans(t) for t in texts])[3]
        draw(articles, found, options.draw)
        return 0
    print(f"corpus: {len(articles):,} articles, {articles['text'].str.len().sum():,} characters")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    report(articles)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
