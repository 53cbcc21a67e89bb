"""Loading: the shared 13k CSV against one library VADER loop, and a capture of 2,000,000 lines at ½, 1 and 2 times.

Run: ``.venv/bin/python benchmarks/bench_loading.py`` (part 1 skips when ../shared is absent). In one run:

1. ``read_corpus`` on the 13,028-article CSV of ../shared as the tests and ``render``
   read it (every default: line cleaning, furniture and repetition rules,
   near-duplicates, all cores; ``on_error="skip"`` for its rows without text) in a
   fresh subprocess, then vaderSentiment's ``polarity_scores`` loop over the same
   corpus's sentences (``split_sentences`` of the loaded articles, not timed) on one
   core in another; ``--rounds`` times in turn (default 2). Wall seconds of the
   call and CPU seconds of its process tree, medians; the ratio of the load to the
   VADER loop (target: at most 0.5).
2. one page capture of 2,000,000 lines of news-like sentences (about 206 MB:
   mostly sentences of 14 to 23 words, some headings and blank lines, one line in
   eight with curly quotes, an apostrophe or a dash), generated on the fly, and the
   same at half and twice the size, each loaded in a fresh subprocess: wall and
   CPU seconds, the peak resident memory above the level before the call (what the
   call added), as a multiple of the file's size (target: at most 3), and the ratio
   of each figure to the smaller size's (linear: 2 per doubling).

Other modes:

* ``--series [--quick]``: the doubling series, one capture of 1,000 to 2,048,000
  lines and one CSV cell of 1.25 to 20 MB (the shape of the 10 MB cell that once
  stopped ``analyze``); ``--quick`` stops at 128,000 lines and 5 MB.
* ``--shared [REV]``: ``read_corpus`` now and with ``analysis/`` as it was at git
  revision REV (default f54cf33, before issue 20's loading work; extracted with
  ``git archive``), each in a fresh subprocess, on the seed articles, the fixed
  2,000-article sample of the tests and the 13k CSV: seconds of both, and all five
  tables (articles, cleaning, skipped, fragments, duplicates) compared exactly.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED_CSV = ROOT / ".." / "shared" / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
BEFORE = "f54cf33"
CAPTURE_LINES = 2_000_000
WORDS = (
    "the talks in washington went on for two days and both sides said progress was made while sanctions were not discussed"
    " at any length today according to the minister envoy kremlin kyiv peace deal officials negotiators ceasefire statement"
    " president"
).split()
DECORATIONS = (" \u2014 ", " \u201cquoted\u201d ", " Zelensky\u2019s ")


def _line(rng: random.Random) -> str:
    """One line of a capture: a sentence most often, else a short heading or a blank line."""
    kind = rng.random()
    if kind < 0.08:
        return ""
    if kind < 0.16:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).title()
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 23))]
    if rng.random() < 0.125:
        words.insert(rng.randrange(len(words)), rng.choice(DECORATIONS).strip())
    return " ".join(words).capitalize() + "."


def write_capture(path: Path, n_lines: int) -> None:
    rng = random.Random(n_lines)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(n_lines):
            out.write(_line(rng) + "\n")


def write_cell(path: Path, n_chars: int) -> None:
    import pandas as pd

    rng = random.Random(n_chars)
    parts, size = [], 0
    while size < n_chars:
        sentence = _line(rng) or "Talks went on."
        parts.append(sentence)
        size += len(sentence) + 1
    pd.DataFrame({"id": ["one"], "text": [" ".join(parts)[:n_chars]]}).to_csv(path, index=False)


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the process pool's workers)."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ----------------------------------------------------------------- children (each in a fresh process)


def child_load(path: str, out: str | None = None) -> None:
    """Load ``path`` with every default and print the seconds (wall; CPU of the process tree) and the peak memory
    above the level before the call, as JSON; pickle the LoadedCorpus to ``out`` if given."""
    from analysis import read_corpus

    warnings.simplefilter("ignore")
    before = psutil.Process().memory_info().rss
    cpu_before, start = _cpu_seconds(), time.perf_counter()
    corpus = read_corpus(path, on_error="skip", progress=False)
    seconds, cpu_seconds = time.perf_counter() - start, _cpu_seconds() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    if out:
        Path(out).write_bytes(pickle.dumps(corpus))
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_bytes": peak - before,
                      "articles": len(corpus.articles), "rows": len(corpus.cleaning)}))


def child_vader(sentences: str) -> None:
    """vaderSentiment's polarity_scores on each sentence of the pickled list, in this one process."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = pickle.loads(Path(sentences).read_bytes())
    analyzer = SentimentIntensityAnalyzer()
    cpu_before, start = time.process_time(), time.perf_counter()
    for text in texts:
        analyzer.polarity_scores(text)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu_before,
                      "sentences": len(texts)}))


def _run(*args: str, env: dict[str, str] | None = None, cwd: str | None = None) -> dict[str, float]:
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env, cwd=cwd)
    if result.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------- the one-run report


def csv_against_vader(rounds: int) -> None:
    """Part 1: the shared CSV loaded, against one library VADER loop over its sentences."""
    print("\n1. the shared 13k CSV: read_corpus (every default, all cores) against one vaderSentiment loop (one core)")
    if not SHARED_CSV.exists():
        print(f"skipped: {SHARED_CSV} is absent")
        return
    from analysis import load_corpus, split_sentences

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = load_corpus(SHARED_CSV, on_error="skip", progress=False)
    with tempfile.TemporaryDirectory() as folder:
        sentences = Path(folder) / "sentences.pickle"
        sentences.write_bytes(pickle.dumps(split_sentences(articles)["text"].tolist()))
        loads, vaders = [], []
        for round_number in range(1, rounds + 1):
            loads.append(_run("--child-load", str(SHARED_CSV)))
            vaders.append(_run("--child-vader", str(sentences)))
            print(f"  round {round_number}: load {loads[-1]['seconds']:6.2f} s wall {loads[-1]['cpu_seconds']:6.2f} CPU s;  "
                  f"VADER loop {vaders[-1]['seconds']:6.2f} s wall {vaders[-1]['cpu_seconds']:6.2f} CPU s", flush=True)
    load = {key: statistics.median(run[key] for run in loads) for key in ("seconds", "cpu_seconds")}
    vader = {key: statistics.median(run[key] for run in vaders) for key in ("seconds", "cpu_seconds")}
    print(f"  {loads[0]['articles']:,} articles; {vaders[0]['sentences']:,} sentences")
    print(f"  median: load {load['seconds']:.2f} s, VADER loop {vader['seconds']:.2f} s")
    print(f"  load / VADER loop: {load['seconds'] / vader['seconds']:.2f} wall (target <= 0.5); "
          f"{load['cpu_seconds'] / vader['cpu_seconds']:.2f} in CPU seconds")


def capture_sizes(n_lines: int) -> None:
    """Part 2: one capture of ``n_lines`` lines, and of half and twice as many: time and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        series(f"2. one page capture of {n_lines:,} lines at 1/2, 1 and 2 times (read_corpus, every default)",
               [n_lines // 2, n_lines, n_lines * 2], "lines", write_capture, Path(folder))
    print("  target: peak memory <= 3 x the file; time and memory x2 per doubling")


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 2
    print(f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; load average before: {_load_average()}")
    csv_against_vader(rounds)
    capture_sizes(CAPTURE_LINES)
    print(f"\nload average after: {_load_average()}")


# ----------------------------------------------------------------- --series


def series(title: str, sizes: list[int], unit: str, write, folder: Path) -> None:
    print(f"\n{title}")
    print(f"{unit:>12} {'file MB':>8} {'wall s':>8} {'CPU s':>8} {'x prev':>7} {'peak MB':>8} {'x prev':>7} {'x file':>7}")
    previous = None
    for size in sizes:
        path = folder / (f"capture_{size}.txt" if unit == "lines" else f"cell_{size}.csv")
        write(path, size)
        file_bytes = path.stat().st_size
        figures = _run("--child-load", str(path))
        path.unlink()
        ratios = [f"{figures[key] / previous[key]:7.2f}" if previous else f"{'':>7}" for key in ("cpu_seconds", "peak_bytes")]
        print(f"{size:>12,} {file_bytes / 1e6:8.1f} {figures['seconds']:8.2f} {figures['cpu_seconds']:8.2f} {ratios[0]} "
              f"{figures['peak_bytes'] / 1e6:8.0f} {ratios[1]} {figures['peak_bytes'] / file_bytes:7.2f}", flush=True)
        previous = figures


def doubling_series(quick: bool) -> None:
    print(f"{os.cpu_count()} cores; load average before: {_load_average()}")
    lines = [1000 * 2**k for k in range(8 if quick else 12)]
    cells = [1_250_000 * 2**k for k in range(3 if quick else 5)]
    with tempfile.TemporaryDirectory() as folder:
        series("one page capture of N lines", lines, "lines", write_capture, Path(folder))
        series("one CSV cell of N characters on one line", cells, "characters", write_cell, Path(folder))
    print(f"\nload average after: {_load_average()}")


# ----------------------------------------------------------------- --shared


def _sample_csv(folder: Path) -> Path:
    """The fixed 2,000-article sample of the tests (tests/conftest.py's fixed_sample), as a CSV."""
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    from tests.conftest import fixed_sample

    path = folder / "war_news_sample.csv"
    fixed_sample(pd.read_csv(SHARED_CSV, dtype=str, keep_default_na=False)).to_csv(path, index=False)
    return path


def shared(revision: str) -> None:
    """read_corpus now and at ``revision`` on the seeds, the sample and the shared CSV: seconds, and the tables compared."""
    import pandas as pd

    print(f"{os.cpu_count()} cores; load average before: {_load_average()}")
    with tempfile.TemporaryDirectory() as folder:
        old_root = Path(folder) / "before"
        old_root.mkdir()
        archive = subprocess.run(["git", "archive", revision, "analysis"], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_root)], input=archive, check=True)
        corpora = {"seeds": ROOT / "data" / "raw"}
        if SHARED_CSV.exists():
            corpora.update({"2,000-article sample": _sample_csv(Path(folder)), "13k CSV": SHARED_CSV})
        else:
            print(f"{SHARED_CSV} is absent: the seeds only")
        for name, path in corpora.items():
            results = {}
            for label, pythonpath in ((f"at {revision}", str(old_root)), ("now", str(ROOT))):
                out = Path(folder) / "corpus.pickle"
                figures = _run("--child-load", str(path), str(out), env={**os.environ, "PYTHONPATH": pythonpath}, cwd=folder)
                results[label] = (figures, pickle.loads(out.read_bytes()))
                print(f"{name}: read_corpus {label:<12} {figures['cpu_seconds']:7.1f} CPU s {figures['seconds']:7.1f} s wall "
                      f"({figures['articles']:,} articles)", flush=True)
            (old_figures, old), (new_figures, new) = results[f"at {revision}"], results["now"]
            for table in ("articles", "cleaning", "skipped", "fragments", "duplicates"):
                pd.testing.assert_frame_equal(getattr(new, table), getattr(old, table), check_exact=True)
            print(f"  all five tables identical ({len(new.articles):,} articles, {len(new.cleaning):,} lines, "
                  f"{len(new.fragments):,} fragments); speed-up {old_figures['seconds'] / new_figures['seconds']:.2f}x wall, "
                  f"{old_figures['cpu_seconds'] / new_figures['cpu_seconds']:.2f}x CPU")
    print(f"load average after: {_load_average()}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child-load"]:
        child_load(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    elif sys.argv[1:2] == ["--child-vader"]:
        child_vader(sys.argv[2])
    elif sys.argv[1:2] == ["--series"]:
        doubling_series("--quick" in sys.argv)
    elif sys.argv[1:2] == ["--shared"]:
        shared(sys.argv[2] if len(sys.argv) > 2 else BEFORE)
    else:
        main()
