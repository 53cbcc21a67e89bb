"""Loading in linear time: ``read_corpus`` on one text file of 1,000 to 2,048,000 lines, and on one CSV cell of 1.25 to 20 MB.

Each input is generated on the fly (nothing committed, nothing from ../shared):

* a page capture of N lines, doubling from 1,000 to 2,048,000 (about 100
  characters a line, like the 206 MB file of 2,000,000 lines that once did not
  load in 180 s): mostly sentences, some short headings and blank lines, one
  line in eight with curly quotes or a dash (so the Unicode paths run);
* a CSV with one article whose text is one line of 1.25 to 20 MB (the shape of
  the 10 MB cell that once stopped ``analyze``).

Each size is loaded in a fresh subprocess, which reports the seconds
``read_corpus`` took (wall clock, and CPU seconds of the process, which other
work on a shared machine does not inflate) and its peak resident memory above
the level before the call (``ru_maxrss``). Linear time shows as a ratio of
about 2 per doubling; quadratic as 4. Run: ``.venv/bin/python benchmarks/bench_loading.py`` (add
``--quick`` to stop at 128,000 lines and 5 MB).

``--shared [REV]`` instead loads the 13,028-article CSV of ../shared with every
default, in a fresh subprocess with the library as it is and in another with the
library as it was at git revision REV (default a6b2a23, before issue 12's speed
work; its ``analysis/`` extracted with ``git archive``), prints CPU and wall
seconds of both and checks that all five tables (articles, cleaning, skipped,
fragments, duplicates) are identical.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import psutil

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
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
    if rng.random() < 0.125:
        words.insert(rng.randrange(len(words)), rng.choice(DECORATIONS).strip())
    return " ".join(words).capitalize() + "."


def write_capture(path: Path, n_lines: int) -> None:
    rng = random.Random(n_lines)
    with path.open("w", encoding="utf-8") as out:
        for _ in range(n_lines):
            out.write(_line(rng) + "\n")


def write_cell(path: Path, n_chars: int) -> None:
    rng = random.Random(n_chars)
    parts, size = [], 0
    while size < n_chars:
        sentence = _line(rng) or "Talks went on."
        parts.append(sentence)
        size += len(sentence) + 1
    import pandas as pd

    pd.DataFrame({"id": ["one"], "text": [" ".join(parts)[:n_chars]]}).to_csv(path, index=False)


def child(path: str) -> None:
    """Load ``path`` and print the seconds and the peak memory above the start, as JSON."""
    from analysis import read_corpus

    warnings.simplefilter("ignore")
    before = psutil.Process().memory_info().rss
    cpu_before = time.process_time()
    start = time.perf_counter()
    corpus = read_corpus(path, progress=False)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mib": (peak - before) / 2**20,
                      "rows": len(corpus.cleaning), "words": int(corpus.articles["n_words"].sum())}))


BEFORE = "a6b2a23"
SHARED_CSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"


def child_shared(path: str, out: str) -> None:
    """Load the shared CSV with every default, pickle the LoadedCorpus to ``out``, print the seconds as JSON."""
    import pickle

    from analysis import read_corpus

    warnings.simplefilter("ignore")
    cpu_before, start = time.process_time(), time.perf_counter()
    corpus = read_corpus(path, on_error="skip", progress=False)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_before
    Path(out).write_bytes(pickle.dumps(corpus))
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds}))


def shared(revision: str) -> None:
    """read_corpus on the shared CSV now and at ``revision``: seconds, and the tables compared."""
    import pickle

    import pandas as pd

    if not SHARED_CSV.exists():
        print(f"skipped: {SHARED_CSV} is absent")
        return
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        old_root = Path(folder) / "before"
        old_root.mkdir()
        archive = subprocess.run(["git", "archive", revision, "analysis"], cwd=Path(__file__).resolve().parents[1],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_root)], input=archive, check=True)
        results = {}
        for label, pythonpath in ((f"at {revision}", str(old_root)), ("now", "")):
            out = Path(folder) / f"{label.replace(' ', '_')}.pickle"
            env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else dict(os.environ)
            run = subprocess.run([sys.executable, __file__, "--child-shared", str(SHARED_CSV), str(out)], capture_output=True,
                                 text=True, env=env, cwd=folder)
            if run.returncode:
                raise SystemExit(f"read_corpus {label} failed:\n{run.stderr}")
            results[label] = (json.loads(run.stdout), pickle.loads(out.read_bytes()))
            figures = results[label][0]
            print(f"read_corpus {label:<14} {figures['cpu_seconds']:7.1f} CPU s {figures['seconds']:7.1f} s wall "
                  f"({len(results[label][1].articles):,} articles)", flush=True)
    (old_fig, old), (new_fig, new) = results[f"at {revision}"], results["now"]
    for table in ("articles", "cleaning", "skipped", "fragments", "duplicates"):
        pd.testing.assert_frame_equal(getattr(new, table), getattr(old, table), check_exact=True)
        print(f"  {table}: identical ({len(getattr(new, table)):,} rows)")
    print(f"speed-up: {old_fig['cpu_seconds'] / new_fig['cpu_seconds']:.2f}x CPU, {old_fig['seconds'] / new_fig['seconds']:.2f}x wall")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def measure(path: Path) -> dict[str, float]:
    result = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def series(title: str, sizes: list[int], unit: str, write, folder: Path) -> None:
    print(f"\n{title}")
    print(f"{unit:>12} {'file MB':>8} {'wall s':>8} {'CPU s':>8} {'x prev':>7} {'peak MiB':>9} {'x prev':>7} {'MiB/MB':>7}")
    previous = None
    for size in sizes:
        path = folder / (f"capture_{size}.txt" if unit == "lines" else f"cell_{size}.csv")
        write(path, size)
        megabytes = path.stat().st_size / 1e6
        figures = measure(path)
        path.unlink()
        ratios = [f"{figures[key] / previous[key]:7.2f}" if previous else f"{'':>7}" for key in ("cpu_seconds", "peak_mib")]
        print(f"{size:>12,} {megabytes:8.1f} {figures['seconds']:8.2f} {figures['cpu_seconds']:8.2f} {ratios[0]} "
              f"{figures['peak_mib']:9.0f} {ratios[1]} {figures['peak_mib'] / megabytes:7.1f}", flush=True)
        previous = figures


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"{os.cpu_count()} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lines = [1000 * 2**k for k in range(8 if quick else 12)]
    cells = [1_250_000 * 2**k for k in range(3 if quick else 5)]
    with tempfile.TemporaryDirectory() as folder:
        series("one page capture of N lines", lines, "lines", write_capture, Path(folder))
        series("one CSV cell of N characters on one line", cells, "characters", write_cell, Path(folder))
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    elif sys.argv[1:2] == ["--child-shared"]:
        child_shared(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["--shared"]:
        shared(sys.argv[2] if len(sys.argv) > 2 else BEFORE)
    else:
        main()
