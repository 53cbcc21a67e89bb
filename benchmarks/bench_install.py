"""Install time: ``make reports`` on a fresh clone with empty package caches, as a new user runs it.

Run: ``.venv/bin/python benchmarks/bench_install.py [--no-baseline]``.

Clones this checkout's HEAD into a temporary folder and runs, with a throwaway HOME and
empty caches (uv's, pip's, XDG's), first ``make setup`` (uv into .tools/, then uv.lock's exact
versions into .venv) and then ``make reports`` (every report on the seed corpus), timing
each. The baseline, in the same run and from an empty pip cache too, is the install this
replaced: a venv and ``pip install -e ".[test]"`` resolving the ranges of pyproject.toml.
Prints the seconds of each step, the ratio baseline / uv, and the load average before
and after (the target, 60 s for ``make reports`` in all, holds for an idle 2-core machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def _timed(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> float:
    start = time.perf_counter()
    with log.open("a") as out:
        done = subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed (exit {done.returncode}); see {log}")
    return seconds


def _fresh_env(home: Path) -> dict[str, str]:
    """The environment of a new user: an empty HOME and empty package caches."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_", "PIP_CACHE", "XDG_"))}
    env.update(HOME=str(home), UV_CACHE_DIR=str(home / "uv-cache"), PIP_CACHE_DIR=str(home / "pip-cache"),
               XDG_CACHE_HOME=str(home / "cache"), PIP_NO_CACHE_DIR="")
    env.pop("PIP_NO_CACHE_DIR")
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip the pip install baseline")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-install-") as tmp:
        root = Path(tmp)
        clone, log = root / "clone", root / "log.txt"
        subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
        subprocess.run(["git", "checkout", "-q", subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT, check=True,
                                                                capture_output=True, text=True).stdout.strip()],
                       cwd=clone, check=True)
        env = _fresh_env(root / "home")
        setup = _timed(["make", "setup"], clone, env, log)
        reports = _timed(["make", "reports"], clone, env, log)
        print(f"make setup   (uv, uv.lock, empty caches): {setup:6.1f} s")
        print(f"make reports (then every seed report):    {reports:6.1f} s")
        print(f"fresh clone to rendered reports:          {setup + reports:6.1f} s (target: 60 s on an idle machine)")
        if not args.no_baseline:
            base = root / "baseline"
            subprocess.run(["git", "clone", "-q", str(clone), str(base)], check=True)
            env = _fresh_env(root / "home-baseline")
            pip = _timed([sys.executable, "-m", "venv", ".venv"], base, env, log)
            pip += _timed([".venv/bin/python", "-m", "pip", "install", "-q", "-e", ".[test]"], base, env, log)
            print(f"baseline: venv + pip install -e .[test]:  {pip:6.1f} s; baseline / uv setup = {pip / setup:.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
