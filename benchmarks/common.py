"""Helpers shared by the benchmarks (run them as scripts: ``benchmarks/`` is on the path): the peak memory of a
process tree, and a module of the project as it was at another git revision."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import ModuleType

import psutil

from analysis.core.config import PROJ_ROOT


class PeakMemory:
    """Peak resident memory of this process and all its descendants (total, and per process), sampled in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval, self.peak, self.per_process = interval, 0, {}  # per_process: pid -> peak bytes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                self.per_process[process.pid] = max(self.per_process.get(process.pid, 0), rss)
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def module_at(revision: str, path: str) -> ModuleType:
    """The project's module at ``path`` (e.g. ``analysis/terms.py``) as it was at git ``revision``, imported as a
    separate module named ``<stem>_before`` so it runs beside today's."""
    source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=PROJ_ROOT, check=True,
                            capture_output=True, text=True).stdout
    name = f"{Path(path).stem}_before"
    file = Path(tempfile.mkdtemp()) / f"{name}.py"
    file.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
