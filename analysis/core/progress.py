"""Progress that reads well on a terminal and in a log file.

:func:`progress_bar` is what every step showing progress uses. When standard error
is a terminal it is a tqdm bar; otherwise (papermill, a Jupyter kernel, CI,
``> log 2>&1``) it writes a few plain lines instead of bars that interleave::

    Analysing articles: 4,000/13,019 articles (31%), 12 s

one when at least ``step`` of the total more is done and ``min_seconds`` have
passed since the last line, or ``max_seconds`` have passed whatever was done,
and a last line when the work ends. The environment variable
``ANALYSIS_PROGRESS`` (``bar``, ``lines`` or ``off``) overrides the choice.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, Any, Literal, TypeVar

from tqdm.auto import tqdm

from analysis.core.errors import AnalysisError

Item = TypeVar("Item")
Style = Literal["bar", "lines", "off"]
ENVIRONMENT_VARIABLE = "ANALYSIS_PROGRESS"
#: A line is written when this share of the total more is done (and ``MIN_SECONDS`` have passed)…
STEP = 0.25
MIN_SECONDS = 5.0
#: …or when this long has passed since the last line, however little was done.
MAX_SECONDS = 60.0


class ProgressLines:
    """tqdm's small interface (iterate, ``update``, ``close``, ``with``) writing plain progress lines to ``stream``."""

    def __init__(self, iterable: Iterable[Any] | None, *, total: int | None, desc: str, unit: str, stream: IO[str],
                 clock: Callable[[], float] = time.monotonic, step: float = STEP, min_seconds: float = MIN_SECONDS,
                 max_seconds: float = MAX_SECONDS) -> None:
        if total is None and iterable is not None and hasattr(iterable, "__len__"):
            total = len(iterable)  # type: ignore[arg-type]
        self.iterable, self.total, self.desc, self.unit, self.stream = iterable, total, desc, unit, stream
        self.clock, self.step, self.min_seconds, self.max_seconds = clock, step, min_seconds, max_seconds
        self.n = 0
        self.start = self.last_time = clock()
        self.last_n = 0
        self.closed = False

    def __iter__(self) -> Iterator[Any]:
        if self.iterable is None:
            raise AnalysisError("this progress display was made without an iterable; call update(n) instead of iterating.")
        try:
            for item in self.iterable:
                yield item
                self.update()
        finally:
            self.close()

    def __enter__(self) -> ProgressLines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, n: int = 1) -> None:
        """Count ``n`` more done; write a line when one is due."""
        self.n += n
        now = self.clock()
        waited = now - self.last_time
        stepped = self.total is not None and self.total > 0 and (self.n - self.last_n) >= self.step * self.total
        if (stepped and waited >= self.min_seconds) or waited >= self.max_seconds:
            self._write(now)

    def close(self) -> None:
        """Write the last line (once)."""
        if not self.closed:
            self.closed = True
            self._write(self.clock())

    def line(self, now: float) -> str:
        """The progress line at time ``now``: ``desc: done/total unit (percent), seconds``."""
        done = f"{self.n:,}" if self.total is None else f"{self.n:,}/{self.total:,}"
        share = f" ({self.n / self.total:.0%})" if self.total else ""
        return f"{self.desc}: {done} {self.unit}s{share}, {now - self.start:,.0f} s"

    def _write(self, now: float) -> None:
        self.stream.write(self.line(now) + "\n")
        self.stream.flush()
        self.last_time, self.last_n = now, self.n


def progress_style(stream: IO[str] | None = None) -> Style:
    """``bar`` when ``stream`` (standard error by default) is a terminal, else ``lines``; ``ANALYSIS_PROGRESS`` wins."""
    chosen = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()
    if chosen:
        if chosen not in ("bar", "lines", "off"):
            raise AnalysisError(f"{ENVIRONMENT_VARIABLE}={chosen!r}: use 'bar', 'lines' or 'off', or unset it.")
        return chosen  # type: ignore[return-value]
    stream = sys.stderr if stream is None else stream
    try:
        return "bar" if stream.isatty() else "lines"
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return "lines"


def progress_bar(iterable: Iterable[Item] | None = None, *, total: int | None = None, desc: str = "", unit: str = "item",
             disable: bool = False, stream: IO[str] | None = None) -> Any:
    """Show progress over ``iterable`` (or by ``update(n)`` in a ``with`` block): a tqdm bar or plain lines.

    Takes tqdm's arguments of the same names; ``disable`` shows nothing. The
    result iterates like ``iterable`` and has ``update(n)`` and ``close()``.
    """
    style = "off" if disable else progress_style(stream)
    if style == "lines":
        return ProgressLines(iterable, total=total, desc=desc, unit=unit, stream=sys.stderr if stream is None else stream)
    return tqdm(iterable, total=total, desc=desc, unit=unit, disable=style == "off", file=stream)


class NotebooksProgress:
    """Progress of notebooks run at the same time, counted in cells.

    On a terminal (``bar``): one tqdm bar over all their cells naming the notebooks
    running, removed when :meth:`close` is called, so that what is printed next
    starts on a clean line. In a log (``lines``): a plain line when a notebook
    starts, each time another ``step`` of its cells has started, and when it
    ends. ``off``: nothing. Safe to call from several threads.
    """

    def __init__(self, cells: Mapping[str, int], *, style: Style | None = None, stream: IO[str] | None = None,
                 step: float = 0.1, clock: Callable[[], float] = time.monotonic) -> None:
        self.cells, self.stream = dict(cells), sys.stderr if stream is None else stream
        self.style = style or progress_style(self.stream)
        self.step, self.clock = step, clock
        self.done = dict.fromkeys(self.cells, 0)
        self.shown = dict.fromkeys(self.cells, 0)
        self.started: dict[str, float] = {}
        self.lock = threading.Lock()
        self.bar = (tqdm(total=sum(self.cells.values()), desc=f"Rendering {len(self.cells)} reports", unit="cell",
                         leave=False, file=self.stream, dynamic_ncols=True) if self.style == "bar" else None)

    def _line(self, text: str) -> None:
        if self.style == "lines":
            self.stream.write(text + "\n")
            self.stream.flush()

    def _running(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(", ".join(sorted(self.started)), refresh=False)

    def start(self, name: str) -> None:
        """Notebook ``name`` starts."""
        with self.lock:
            self.started[name] = self.clock()
            self._running()
            self._line(f"{name}: started ({self.cells[name]} cells)")

    def cell(self, name: str) -> None:
        """A cell of notebook ``name`` starts."""
        with self.lock:
            self.done[name] += 1
            if self.bar is not None:
                self.bar.update(1)
            total = max(self.cells[name], 1)
            if self.done[name] < total and (self.done[name] - self.shown[name]) >= self.step * total:
                self.shown[name] = self.done[name]
                elapsed = self.clock() - self.started.get(name, self.clock())
                self._line(f"{name}: cell {self.done[name]}/{total} ({self.done[name] / total:.0%}), {elapsed:,.0f} s")

    def finish(self, name: str, ok: bool) -> None:
        """Notebook ``name`` ends (``ok``: it rendered)."""
        with self.lock:
            elapsed = self.clock() - self.started.pop(name, self.clock())
            if self.bar is not None:
                self.bar.update(max(self.cells[name] - self.done[name], 0))  # cells a failure skipped
                self._running()
            self._line(f"{name}: {'done' if ok else 'FAILED'} in {elapsed:,.1f} s")

    def close(self) -> None:
        """Remove the bar (on a terminal)."""
        if self.bar is not None:
            self.bar.close()

