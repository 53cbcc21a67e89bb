"""Quotations: precision and recall against the hand labels, speed and memory on the 13,028-article corpus.

Run: ``.venv/bin/python benchmarks/bench_quotes.py [--against REV] [--pipeline [--n N]]`` (the shared-corpus
parts skip when ../shared is absent).

1. Quality: ``analysis.find_quotes`` on each labelled set of ``tests/data/quotes_labelled.csv`` (see
   tests/data/README.md: the 5 seeds, the 42-article ``sample``, the 28-article ``sample2`` and the 14 ``hard``
   articles holding issue 21's error patterns), loaded as they were labelled (line cleaning, no in-text furniture
   rules: those came later and take RT's repeated background paragraph, 3 labelled quotations, out of article 9277),
   matched by ``analysis.measures.quotes.evaluate.match_labelled``: extraction (overlapping spans), found (also the
   same actor) and actor (rows naming an actor), overall and per kind, then every missed and spurious quotation and
   every one found with another actor; where the labels name unlisted people (``sample2``, ``hard``), how often the
   ``speaker`` column names the same person. Then the two samples together and every set together (scores only).
2. Speed on the whole corpus, in CPU seconds per 1,000 articles (which other sessions on a shared machine inflate
   less than wall time): each stage of ``analyze`` (``analysis.engine.pipeline``'s own stage functions: splitting
   and scoring, tokens, mentions, quotations), chunk by chunk in this one process, and the quotations' cost against
   the other stages together. ``--against REV`` also runs ``find_quotes`` of the whole ``analysis`` package at git
   revision ``REV`` (in a subprocess, on the same articles) and prints the ratio.
3. Memory: the peak of memory allocated (tracemalloc) while ``find_quotes`` reads the longest articles one at a
   time, and a chunk of 200 articles as a pool worker of ``analysis.analyze`` gets.
4. ``--pipeline``: ``analysis.analyze`` cold (an empty cache) on the corpus (or a fixed sample of ``--n``
   articles) three times in the same run: with the quotations stage replaced by an empty table and no tone toward
   people, with tone only, and as it is: the CPU time (this process and its pool) quotations and tone add.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import analysis
from analysis.core.config import PROJ_ROOT, SHARED_DIR
from analysis.core.schema import conform, empty
from analysis.engine import pipeline
from analysis.measures.quotes.evaluate import locate, match_labelled, quote_scores
from analysis.measures.quotes.extract import find_quotes

CORPUS = SHARED_DIR / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
LABELLED = PROJ_ROOT / "tests" / "data" / "quotes_labelled.csv"
LABELLED_ARTICLES = PROJ_ROOT / "tests" / "data" / "quotes_labelled_articles.csv"
#: The loading the labels were made on: offsets and words are into the text before the in-text furniture rules.
AS_LABELLED = {"remove_furniture": False, "remove_repeated": False}


def report_quality(name: str, articles: pd.DataFrame, labelled: pd.DataFrame, *, errors: bool = True) -> None:
    matches = match_labelled(find_quotes(articles, progress=False), labelled, articles)
    scores = quote_scores(matches, by_kind=True)
    print(f"\n== {name}: {len(articles)} articles, {len(labelled)} labelled quotations")
    print(scores.to_string(index=False, float_format=lambda x: f"{x:.3f}"))
    named = matches[matches["matched"] & matches["label_speaker"].notna() & matches["label_actor"].isna()]
    if len(named):
        same = named["same_speaker"]
        other = named["found_speaker"].notna() & ~same
        print(f"people off the list: of {len(named)} matched quotations whose label names an unlisted person, the speaker column "
              f"names that person in {same.mean():.1%}, someone else in {int(other.sum())}, no one in "
              f"{int(named['found_speaker'].isna().sum())}")
        for row in named[other].itertuples():
            print(f"  other person  {row.doc_id[:12]:12} {row.label_speaker:22.22} {str(row.label_quote)[:50]!r} "
                  f"(found: {row.found_speaker})")
    missed = matches[matches["label_kind"].notna() & ~matches["matched"]]
    spurious = matches[matches["found_kind"].notna() & ~matches["matched"]]
    wrong = matches[matches["matched"] & ~matches["same_actor"]]
    if not errors:
        return
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


def report_furniture(articles: pd.DataFrame, labelled: pd.DataFrame) -> None:
    """The labelled quotations that the in-text furniture rules take out of the texts ``analyze`` reads (``articles``)."""
    texts = dict(zip(articles["doc_id"].astype(str), articles["text"], strict=True))
    gone = labelled[[str(row.doc_id) in texts and locate(texts[str(row.doc_id)], row.quote, int(row.occurrence)) is None
                     for row in labelled.itertuples()]]
    print(f"\nlabelled quotations inside text the in-text furniture rules remove: {len(gone)} "
          f"(articles {sorted(set(gone['doc_id']))}); they are not in the texts analyze reads")


def timed(call: Callable[..., pd.DataFrame], *args: object) -> tuple[pd.DataFrame, float, float]:
    """The result of ``call(*args)``, its wall seconds and its CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = call(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu



def report_speed(articles: pd.DataFrame, against: str | None, chunk_size: int = 500) -> pd.DataFrame:
    """CPU per 1,000 articles of each stage of ``analyze`` on ``articles``, chunk by chunk in this one process (the
    pipeline's own stage functions), and of find_quotes at revision ``against``; the quotations."""
    print(f"\n== speed: {len(articles):,} articles, {int(articles['n_words'].sum()):,} words, chunks of {chunk_size} "
          f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())})")
    actors = analysis.load_actors()
    cpu: dict[str, float] = {}
    parts = []
    for lo in range(0, len(articles), chunk_size):
        chunk = articles.iloc[lo:lo + chunk_size][["doc_id", "text"]]
        scored, _, cpu_scored = timed(pipeline.sentences_part, chunk)
        _, _, cpu_tokens = timed(pipeline.sentence_tokens_part, scored)
        mentions, _, cpu_mentions = timed(pipeline.mentions_part, chunk, scored, actors)
        quotes, _, cpu_quotes = timed(pipeline.quotes_part, chunk, scored, mentions, actors, None)
        parts.append(quotes)
        for name, seconds in (("split + score", cpu_scored), ("tokens", cpu_tokens), ("mentions", cpu_mentions),
                              ("quotations", cpu_quotes)):
            cpu[name] = cpu.get(name, 0.0) + seconds
    quotes = pd.concat(parts, ignore_index=True)
    per_1000 = {name: seconds / len(articles) * 1000 for name, seconds in cpu.items()}
    for name, seconds in per_1000.items():
        print(f"  {name:14} {seconds:5.2f} CPU s per 1,000 articles")
    others = sum(s for n, s in per_1000.items() if n != "quotations")
    print(f"  quotations / the other stages together: {per_1000['quotations'] / others:.2f}  "
          f"({len(quotes):,} quotations, {quotes['actor'].notna().mean():.1%} by a listed actor, "
          f"{quotes['speaker'].notna().mean():.1%} by a named person)")
    if against is not None:
        before, seconds = quotes_at(against, articles)
        print(f"  find_quotes at {against}: {seconds / len(articles) * 1000:5.2f} CPU s per 1,000 articles; today's takes "
              f"{per_1000['quotations'] / (seconds / len(articles) * 1000):.2f}x that; {len(before):,} quotations then")
    return quotes


def quotes_at(revision: str, articles: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """find_quotes of the whole ``analysis`` package at git ``revision``, run in a subprocess on ``articles`` (its
    own sentences and mentions, made first and not timed): its table and CPU seconds."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(["git", "archive", revision, "analysis"], cwd=PROJ_ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        articles[["doc_id", "text"]].to_pickle(Path(folder) / "articles.pkl")
        script = ("import pickle, time, sys, pandas as pd, analysis\n"
                  "from analysis import find_quotes, split_sentences, find_mentions, load_actors\n"
                  "a = pd.read_pickle(sys.argv[1] + '/articles.pkl'); actors = load_actors()\n"
                  "s = split_sentences(a); m = find_mentions(a, actors, sentences=s, progress=False)\n"
                  "t = time.process_time(); q = find_quotes(a, actors, sentences=s, mentions=m, progress=False)\n"
                  "pickle.dump((q, time.process_time() - t), open(sys.argv[1] + '/out.pkl', 'wb'))\n")
        env = {**os.environ, "PYTHONPATH": folder}
        subprocess.run([sys.executable, "-W", "ignore", "-c", script, folder], cwd=folder, env=env, check=True)
        with open(Path(folder) / "out.pkl", "rb") as file:
            return pickle.load(file)


def report_pipeline(corpus: Path, n: int | None) -> None:
    """``analyze`` cold (an empty cache) on ``corpus``: without quotations and tone toward people, with tone only, and as
    it is, in CPU seconds of this process and its pool: what each adds to the whole run."""
    import analysis.engine.pipeline as module

    if n is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            table = pd.read_csv(corpus).sample(n, random_state=0)
        corpus = Path(tempfile.mkdtemp()) / "sample.csv"
        table.to_csv(corpus, index=False)
    print(f"\n== analyze() cold on {corpus.name}{'' if n is None else f' ({n:,} articles)'}: the quotations and tone stages")

    def untoned(articles: pd.DataFrame, sentences: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
        mentions = module.find_mentions(articles, actors, sentences=sentences, progress=False)
        return conform(mentions.assign(tone=float("nan"), tone_label=None), "toned_mentions")

    def no_quotes(*args: object, **kwargs: object) -> pd.DataFrame:
        return empty("quotes")

    originals = module.mentions_part, module.quotes_part
    runs = (("neither", untoned, no_quotes), ("tone only", originals[0], no_quotes), ("tone and quotations", *originals))
    results = {}
    for name, mentions_part, quotes_part in runs:
        module.mentions_part, module.quotes_part = mentions_part, quotes_part  # the pool's workers are forked from here
        try:
            with tempfile.TemporaryDirectory() as cache, warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wall, before = time.perf_counter(), _cpu()
                analysis.analyze(corpus, cache_dir=cache, progress=False)
                results[name] = (time.perf_counter() - wall, _cpu() - before)
        finally:
            module.mentions_part, module.quotes_part = originals
        print(f"  {name:20} {results[name][0]:7.1f} s wall {results[name][1]:7.1f} CPU s")
    base = results["neither"][1]
    print(f"  added CPU time: tone {results['tone only'][1] / base - 1:+.0%}, quotations "
          f"{(results['tone and quotations'][1] - results['tone only'][1]) / base:+.0%}, "
          f"together {results['tone and quotations'][1] / base - 1:+.0%} (target: at most +30%)")


def _cpu() -> float:
    """CPU seconds of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mib(articles: pd.DataFrame, actors: pd.DataFrame) -> float:
    """The peak of memory allocated (tracemalloc: Python objects and numpy arrays) while find_quotes reads
    ``articles``, in MiB; sentences and mentions are made before and not counted."""
    sentences = analysis.split_sentences(articles)
    mentions = analysis.find_mentions(articles, actors, sentences=sentences, progress=False)
    tracemalloc.start()
    try:
        find_quotes(articles, actors, sentences=sentences, mentions=mentions, progress=False)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def report_memory(articles: pd.DataFrame, quotes: pd.DataFrame, longest: int = 10, chunk: int = 200) -> None:
    """Peak memory of find_quotes on each of the ``longest`` articles alone, and on a chunk of ``chunk`` articles."""
    actors = analysis.load_actors()
    lengths = articles["text"].str.len()
    print(f"\n== memory (tracemalloc peak; the table of quotations is {quotes.memory_usage(deep=True).sum() / 2**20:.0f} MiB "
          f"for {len(articles):,} articles)")
    for index in lengths.nlargest(longest).index:
        mib = peak_mib(articles.loc[[index]], actors)
        print(f"  one article of {lengths[index]:9,} characters: {mib:6.1f} MiB "
              f"({mib * 2**20 / lengths[index]:5.1f} bytes a character)")
    part = articles.sample(chunk, random_state=0)
    characters = int(lengths[part.index].sum())
    print(f"  a chunk of {chunk} random articles ({characters:,} characters): {peak_mib(part, actors):6.1f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also time find_quotes of this git revision (its whole analysis "
                        "package, in a subprocess)")
    parser.add_argument("--pipeline", action="store_true", help="also run analyze() cold with and without the quotations stage")
    parser.add_argument("--n", type=int, help="articles of the corpus for --pipeline (a fixed random sample; default: all)")
    args = parser.parse_args()
    labelled = pd.read_csv(LABELLED, dtype=str, keep_default_na=False)
    ids = pd.read_csv(LABELLED_ARTICLES, dtype=str)
    seeds = analysis.load_corpus(PROJ_ROOT / "data" / "raw", progress=False, **AS_LABELLED)
    report_quality("seeds", seeds, labelled[labelled["set"] == "seeds"])
    if not CORPUS.exists():
        print(f"skipped the sample and the speed run: {CORPUS} is absent")
        return 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sample_ids = ids.loc[ids["set"] == "sample", "doc_id"].tolist()
        sample = analysis.load_corpus(CORPUS, on_error="skip", progress=False, where=f"doc_id in {sample_ids!r}", **AS_LABELLED)
        articles = analysis.load_corpus(CORPUS, on_error="skip", progress=False)
    report_quality("shared-corpus sample", sample, labelled[labelled["set"] == "sample"])
    parts = {"sample": sample}
    for name, title in (("sample2", "second shared-corpus sample (issue 21)"), ("hard", "articles holding issue 21's error patterns")):
        ids_of_set = ids.loc[ids["set"] == name, "doc_id"].tolist()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parts[name] = analysis.load_corpus(CORPUS, on_error="skip", progress=False, where=f"doc_id in {ids_of_set!r}",
                                               **AS_LABELLED)
        report_quality(title, parts[name], labelled[labelled["set"] == name])
    both = pd.concat([parts["sample"], parts["sample2"]], ignore_index=True)
    report_quality("the two samples together", both, labelled[labelled["set"].isin(["sample", "sample2"])], errors=False)
    every = pd.concat([part[["doc_id", "text"]] for part in (seeds, *parts.values())], ignore_index=True)
    report_quality("every labelled set together", every, labelled, errors=False)
    report_furniture(articles, labelled[labelled["set"] == "sample"])

    quotes = report_speed(articles, args.against)
    report_memory(articles, quotes)
    if args.pipeline:
        report_pipeline(CORPUS, args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
