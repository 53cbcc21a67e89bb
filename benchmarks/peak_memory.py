"""Peak resident memory of a process tree, shared by the benchmarks (run them as scripts: ``benchmarks/`` is on the path)."""

from __future__ import annotations

import threading
import time

import psutil


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
