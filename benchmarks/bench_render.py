"""Rendering every report for the seed corpus, beside one bare papermill run of an empty notebook.

Run: ``.venv/bin/python benchmarks/bench_render.py``.

The baseline is what any papermill run costs: starting a kernel and executing a
notebook whose only cell is empty (median of three runs, after one warm-up run
so that neither side pays for cold disk caches). The measured run is
``render_reports`` on ``data/raw``: every notebook of ``notebooks/`` that has a
``parameters`` cell, in parallel up to the number of cores, each converted to
HTML, plus the index. The ratio is render ÷ bare run; the target is ≤ 3 on 2
cores. The notebooks rendered and the load average are printed: the cores may
be shared with other work.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill
from nbformat.v4 import new_code_cell, new_notebook

from analysis.core.parallel import available_cores
from analysis.reports.render import render_reports


def bare_run(folder: Path) -> float:
    """Seconds for papermill to run a notebook with one empty cell."""
    notebook = folder / "empty.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("")], metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}), notebook)
    start = time.perf_counter()
    papermill.execute_notebook(notebook, folder / "empty.out.ipynb", progress_bar=False)
    return time.perf_counter() - start


def main() -> int:
    cores = available_cores()
    print(f"{cores} cores; load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare_run(folder)  # warm-up
        bare = statistics.median(bare_run(folder) for _ in range(3))
        timings = {}
        for label in ("empty cache", "warm cache"):  # the first run fills the analysis cache, the second reads it
            start = time.perf_counter()
            result = render_reports(out=folder / "reports" / "seed", progress=False, cache_dir=folder / "cache")
            timings[label] = time.perf_counter() - start
    print(f"bare papermill run of an empty notebook (median of 3): {bare:.2f} s")
    for label, seconds in timings.items():
        print(f"render_reports, seed corpus, {len(result.outcomes)} notebooks, {label}: {seconds:.2f} s")
    for outcome in result.outcomes:
        print(f"  {outcome.name} (warm): {'ok' if outcome.ok else 'FAILED'}, {outcome.seconds:.2f} s (execute + HTML)")
    for label, seconds in timings.items():
        print(f"ratio render / bare run, {label}: {seconds / bare:.2f} (target <= 3 on 2 cores)")
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
