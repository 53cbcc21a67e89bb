"""Actor mentions on the 13,028-article corpus, beside one compiled regular expression.

Run: ``.venv/bin/python benchmarks/bench_actors.py`` (skips when ../shared is absent).

Steps, each timed (the corpus load is not):

1. sentence splitting (``analysis.split_sentences``), shared by everything that
   follows and timed apart;
2. the baseline: one compiled pattern, an alternation of every alias of the
   shipped actor list (longest first, whole words, an optional possessive or
   plural ``s``, ignoring case), run with ``finditer`` over every article;
3. ``analysis.find_mentions`` with those sentences: the Aho-Corasick automaton,
   case checks for the flagged actors, exclude phrases, leftmost-longest
   overlaps, anchored forms resolved article by article, and each mention
   placed in its sentence.

The baseline does less (no case flags, no exclude phrases, no anchored forms, no
sentences), so the ratio understates the automaton's advantage at matching proper.
"""

from __future__ import annotations

import re
import sys
import time
import warnings

import analysis
from analysis.core.config import SHARED_DIR

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"


def regex_baseline(texts: list[str], actors) -> int:
    """Mentions found by one compiled alternation of every alias: the straightforward way."""
    aliases = sorted({alias for aliases in actors["aliases"] for alias in aliases}, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, aliases)) + r")(?:['\u2019]s|s)?(?!\w)", re.IGNORECASE)
    return sum(1 for text in texts for _ in pattern.finditer(text))


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    actors = analysis.load_actors()
    n_aliases = sum(len(a) for a in actors["aliases"])
    print(f"corpus: {len(articles):,} articles, {int(articles['n_words'].sum()):,} words; "
          f"actor list: {len(actors)} actors, {n_aliases} aliases")

    start = time.perf_counter()
    sentences = analysis.split_sentences(articles)
    split_seconds = time.perf_counter() - start
    print(f"split_sentences:        {split_seconds:7.2f} s  ({len(sentences):,} sentences; shared, not in the ratio)")

    start = time.perf_counter()
    baseline_found = regex_baseline(articles["text"].tolist(), actors)
    baseline_seconds = time.perf_counter() - start
    print(f"one compiled regex:     {baseline_seconds:7.2f} s  {baseline_found:9,} mentions  "
          f"{baseline_found / baseline_seconds:10,.0f} mentions/s")

    start = time.perf_counter()
    mentions = analysis.find_mentions(articles, actors, sentences=sentences, progress=False)
    seconds = time.perf_counter() - start
    print(f"analysis.find_mentions: {seconds:7.2f} s  {len(mentions):9,} mentions  "
          f"{len(mentions) / seconds:10,.0f} mentions/s")
    print(f"ratio: find_mentions is {baseline_seconds / seconds:.1f}x as fast as the compiled regex")
    return 0


if __name__ == "__main__":
    sys.exit(main())
