"""Stress: render every report on the whole shared corpus several times in a row; no run may fail.

Run: ``.venv/bin/python benchmarks/stress_render.py [--runs 3] [--jobs N] [--cache DIR]``.

Each run is ``python -m analysis render`` on the 13,028-article corpus in its own process,
into the same run folder (so each run replaces the last), sharing one cache folder: a
fresh one by default, so the first run fills it (cold) and the next ones read it (warm).
While a run goes, the memory of its whole process tree (the render, its kernels and any
worker processes) is sampled every half second. Per run the script prints the outcome of
every report, the wall time, the peak resident memory of the tree and of its largest
process, how many kernels ran at once, and the out-of-memory kills the machine recorded
meanwhile; then the ratio warm / cold (the cache's effect) and the sum of the
notebooks' times / wall time (their overlap). The exit status is 1 if any run failed.
The machine may be shared: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT.parent / "shared" / "corpus" / "ukraine_war_news_2022" / "ukraine_war_news_2022.csv.gz"
SAMPLE_EVERY = 0.5
GIB = 1 << 30


@dataclass
class TreeMemory:
    """Peaks of a process tree's memory, sampled from a thread until stopped."""

    root: int
    peak_total: int = 0
    peak_single: int = 0
    peak_kernels: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            try:
                root = psutil.Process(self.root)
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
            sizes, kernels = [], 0
            for process in processes:
                try:
                    sizes.append(process.memory_info().rss)
                    kernels += "ipykernel_launcher" in " ".join(process.cmdline())
                except psutil.Error:
                    pass
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_single = max(self.peak_single, max(sizes, default=0))
            self.peak_kernels = max(self.peak_kernels, kernels)

    def stop(self) -> None:
        self._stop.set()


def oom_kills() -> int | None:
    try:
        with open("/proc/vmstat", encoding="ascii") as vmstat:
            return next((int(line.split()[1]) for line in vmstat if line.startswith("oom_kill ")), None)
    except OSError:
        return None


def render_once(out: Path, cache: Path, jobs: int | None) -> dict:
    """One render in its own process; its status, time, memory peaks, reports and output."""
    command = [sys.executable, "-m", "analysis", "render", "--corpus", str(CORPUS), "--out", str(out),
               "--cache", str(cache), "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
    ooms_before = oom_kills()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    sampler = threading.Thread(target=memory.sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    memory.stop()
    sampler.join()
    ooms_after = oom_kills()
    folder = out if process.returncode == 0 else out.with_name(out.name + ".failed")
    record = json.loads((folder / "run.json").read_text()) if (folder / "run.json").is_file() else {"reports": []}
    return {"status": process.returncode, "seconds": seconds, "memory": memory, "reports": record["reports"],
            "oom_kills": None if None in (ooms_before, ooms_after) else ooms_after - ooms_before,
            "stdout": stdout, "stderr": stderr}


def report(number: int, run: dict) -> None:
    memory: TreeMemory = run["memory"]
    outcome = "ok" if run["status"] == 0 else f"FAILED (exit status {run['status']})"
    print(f"run {number}: {outcome}, {run['seconds']:.1f} s; peak memory of the process tree "
          f"{memory.peak_total / GIB:.2f} GiB (largest process {memory.peak_single / GIB:.2f} GiB), "
          f"up to {memory.peak_kernels} kernels at once; out-of-memory kills meanwhile: {run['oom_kills']}")
    for r in run["reports"]:
        print(f"  {r['name']}: {'ok' if r['ok'] else 'FAILED'}, {r['seconds']:.1f} s")
        if r["error"]:
            print("    " + r["error"].replace("\n", "\n    "))
    if run["status"] != 0:
        print("  stderr (last lines):\n    " + "\n    ".join(run["stderr"].strip().splitlines()[-25:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, help="notebooks at once (default: the render's own, the number of cores)")
    parser.add_argument("--cache", type=Path, help="cache folder to use (default: a fresh one, so run 1 is cold)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (../shared is only beside a developer's checkout)")
        return 0
    print(f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / GIB:.1f} GiB; load average before: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    runs = []
    with tempfile.TemporaryDirectory(prefix="stress_render-") as tmp:
        cache = args.cache or Path(tmp) / "cache"
        for number in range(1, args.runs + 1):
            runs.append(render_once(Path(tmp) / "reports" / "ukraine_war_news_2022", cache, args.jobs))
            report(number, runs[-1])
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    failed = sum(run["status"] != 0 for run in runs)
    print(f"{args.runs - failed} of {args.runs} runs without a failure")
    if len(runs) > 1:
        warm = sum(run["seconds"] for run in runs[1:]) / (len(runs) - 1)
        print(f"ratio warm / first run: {warm / runs[0]['seconds']:.2f} (mean of runs 2-{len(runs)})")
    for number, run in enumerate(runs, 1):
        notebooks = sum(r["seconds"] for r in run["reports"])
        print(f"run {number}: notebooks' own time / wall time: {notebooks / run['seconds']:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
