"""Render every report on every corpus shape of the shape matrix, as a new user would, and print the outcome.

Run: ``.venv/bin/python benchmarks/render_shapes.py [--shapes NAME ...] [--out DIR]``.

Each shape of ``tests/shapes.py`` (one article, one outlet, no manifest, no dates, all dates
inferred, one sub-folder per outlet, mixed formats, 30 outlets, mixed languages, and 100,000
short articles) is built in ``--out`` and rendered by ``python -m analysis render`` in its own
process, from the shape's folder with a relative ``--corpus`` path, with a fresh cache per
shape. Per shape the script prints each report's outcome, the wall time and the peak memory of
the process tree, and the render's last lines. The seed corpus rendered the same way is the
baseline of the time ratios. Exit status 1 if a report failed on any shape.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
from tests.shapes import SHAPES  # noqa: E402


def _peak_rss(process: subprocess.Popen, stop: threading.Event, peak: list[int]) -> None:
    while not stop.wait(0.5):
        try:
            root = psutil.Process(process.pid)
            peak[0] = max(peak[0], sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]))
        except psutil.Error:
            continue


def render(corpus: Path, folder: Path) -> tuple[int, float, int, str]:
    """Render ``corpus`` from ``folder`` (a relative path); exit status, seconds, peak bytes, output."""
    relative = corpus.relative_to(folder)
    command = [sys.executable, "-m", "analysis", "render", "--corpus", str(relative), "--out", "run",
               "--cache", "cache", "--no-progress"]
    start, peak, stop = time.perf_counter(), [0], threading.Event()
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = threading.Thread(target=_peak_rss, args=(process, stop, peak), daemon=True)
    sampler.start()
    output, _ = process.communicate()
    stop.set()
    return process.returncode, time.perf_counter() - start, peak[0], output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    parser.add_argument("--out", type=Path, default=Path("/tmp/news-shapes"))
    args = parser.parse_args()
    failed = False
    rows = []
    for name in ["seeds", *args.shapes]:
        folder = args.out / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        corpus = Path(shutil.copytree(PROJECT / "data" / "raw", folder / "raw")) if name == "seeds" else SHAPES[name](folder / "corpus")
        if name == "seeds":
            shutil.copy(PROJECT / "data" / "sources.csv", folder / "sources.csv")
        status, seconds, peak, output = render(corpus, folder)
        reports = [line for line in output.splitlines() if line.startswith(("ok ", "FAILED"))]
        failed |= status != 0 and name != "seeds"
        rows.append((name, status, seconds, peak))
        print(f"== {name}: exit {status}, {seconds:,.1f} s, peak {peak / 2**20:,.0f} MiB")
        print("   " + "\n   ".join(reports or output.splitlines()[-8:]))
    base = rows[0][2]
    print("\nshape                 exit   seconds   x seeds   peak MiB")
    for name, status, seconds, peak in rows:
        print(f"{name:20} {status:5} {seconds:9.1f} {seconds / base:9.2f} {peak / 2**20:10.0f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
