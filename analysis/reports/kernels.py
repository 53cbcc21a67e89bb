"""The Jupyter kernels of a render: started so that they never outlive it, watched so that a
kernel that dies says which cell it was running and why.

:class:`Kernels` is the set of kernels of one run. Each notebook gets a :class:`KernelWatch`
and, through :meth:`KernelWatch.manager_class`, a kernel manager for papermill/nbclient that

* gives the kernel private Unix sockets (ZeroMQ ``ipc``) in a folder of its own instead of TCP
  ports: jupyter_client picks TCP ports by binding port 0 and letting go, and the kernel binds
  them only once started, so any process of the machine can take one meanwhile (a render saw its
  kernel hang with "Address already in use" and fail "Kernel didn't respond in 60 seconds");
* starts the kernel through a tiny wrapper that asks Linux to SIGKILL it when the thread of
  the render that started it ends (``PR_SET_PDEATHSIG``), so a render killed even by SIGKILL
  takes its kernels with it; ipykernel's own check (``JPY_PARENT_PID``, once a second) needs
  the kernel's GIL and misses a kernel busy in C code;
* runs it with ``PYTHONFAULTHANDLER=1`` and its stderr in a file, so that a crash in a C
  extension leaves the Python stack of the crash;
* notes the kernel's memory (its process tree) when a cell starts and at nbclient's liveness
  checks (once a second while a cell runs), and, when the kernel is found dead, its exit status, the memory
  the machine had left and whether the kernel's out-of-memory killer ran meanwhile.

:meth:`Kernels.stop` kills every kernel of the run and refuses new ones: an interrupted
render (Ctrl-C, SIGTERM, SIGHUP; see :func:`signals_interrupt`) ends at once instead of
waiting for its notebooks.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError

#: Run by the kernel's process before it becomes the kernel (``exec`` keeps the pid, the
#: parent and the death signal): SIGKILL when the starting thread ends; exit at once if the
#: render died before the signal was set.
_WRAPPER = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG\n"
    "if os.getppid() != int(os.environ.get('JPY_PARENT_PID') or os.getppid()): os._exit(1)\n"
    "os.execvp(sys.argv[1], sys.argv[1:])\n"
)
_LINUX = sys.platform.startswith("linux")
_UNIX_SOCKETS = os.name == "posix"
_SAMPLE_EVERY = 1.0  # seconds between two memory samples of a kernel
_STDERR_LINES = 15  # lines of a dead kernel's stderr quoted in its error
_CRASH_FRAMES = 6  # innermost frames quoted from a crash report
_GIB = 1 << 30


class RenderInterrupted(KeyboardInterrupt):
    """The render was asked to stop by a signal (SIGTERM, SIGHUP); ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


@contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP stop the main thread as Ctrl-C does (raising
    :class:`RenderInterrupted`), so a render stopped either way cleans up after itself.

    Only signals left to their default action change: one that is ignored (``nohup``
    ignores SIGHUP) or has a handler of the program's own keeps it. Outside the main
    thread (where Python cannot handle signals) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise RenderInterrupted(signum)

    names = ("SIGTERM", "SIGHUP")
    wanted = [s for s in (getattr(signal, n, None) for n in names) if s is not None and signal.getsignal(s) == signal.SIG_DFL]
    for s in wanted:
        signal.signal(s, interrupt)
    try:
        yield
    finally:
        for s in wanted:
            signal.signal(s, signal.SIG_DFL)


def _oom_kills() -> int | None:
    """How many processes the kernel's out-of-memory killer has killed since boot (Linux), else None."""
    try:
        with open("/proc/vmstat", encoding="ascii") as vmstat:
            return next((int(line.split()[1]) for line in vmstat if line.startswith("oom_kill ")), None)
    except OSError:
        return None


def _tree_rss(pid: int) -> int | None:
    """Resident memory in bytes of process ``pid`` and its descendants, or None if it is gone."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return None
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass  # a child that ended meanwhile
    return total


def _gib(n_bytes: int) -> str:
    return f"{n_bytes / _GIB:.2f} GiB"


def exit_description(returncode: int) -> str:
    """``was killed by signal SIGKILL (9)`` or ``exited with status 1``, for a ``Popen.returncode``."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "signal"
        return f"was killed by signal {name} ({-returncode})"
    return f"exited with status {returncode}"


def _likely_cause(returncode: int, oom_killed: bool, stopped: bool) -> str:
    """What a kernel's end most likely means, and what to do."""
    if stopped:
        return "the render was interrupted and stopped it"
    if oom_killed:
        return ("the out-of-memory killer ran while it did: most likely it ran out of memory; "
                "render fewer notebooks at once (--jobs 1) or free memory")
    if returncode == -signal.SIGKILL:
        return ("no out-of-memory kill was recorded, so another process sent the signal "
                "(a kill -9, a pkill or killall matching kernels, a container or job limit)")
    if returncode in (-signal.SIGTERM, -getattr(signal, "SIGHUP", signal.SIGTERM), -signal.SIGINT):
        return ("this render sends that only to stop its own kernels at the end, so another process sent it "
                "(a kill, a pkill or killall matching kernels, a logout)")
    if returncode in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGILL, -signal.SIGFPE, -signal.SIGABRT):
        return "a crash in compiled code (a C extension); its Python stack, if any, is in the kernel's stderr below"
    return "the kernel ended itself (os._exit in a cell, or ipykernel exiting; see its stderr below)"


class KernelWatch:
    """One notebook's kernel: how it was started, what it ran last, and how it ended."""

    def __init__(self, name: str, kernels: Kernels) -> None:
        self.name = name
        self.kernels = kernels
        self._stderr = tempfile.NamedTemporaryFile(prefix=f"{name}.kernel-", suffix=".stderr", delete=False)  # noqa: SIM115 (kept open for the kernel's life)
        self.sockets = Path(tempfile.mkdtemp(prefix="kernel-"))  # private (0700): the kernel's sockets are <folder>/k-<n>
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.cell: tuple[int, str] | None = None  # index, first line
        self.peak_rss = self.last_rss = 0
        self._sampled = 0.0
        self._oom_at_start: int | None = None
        self.returncode: int | None = None
        self.seconds_alive = 0.0
        self.available_at_death: int | None = None
        self.oom_killed = False
        self.stopped = False

    # -- hooks for nbclient and the kernel manager

    def manager_class(self) -> type[AsyncKernelManager]:
        """A kernel manager class bound to this watch, for nbclient's ``kernel_manager_class``."""
        return type(f"KernelManagerFor_{self.name}", (_WatchedKernelManager,), {"watch": self})

    def cell_started(self, cell: Any, cell_index: int) -> None:
        """nbclient's ``on_cell_execute`` hook: remember the cell the kernel is running, and its memory then."""
        self.cell = (cell_index, next((line for line in cell.source.splitlines() if line.strip()), ""))
        self._sample(time.monotonic())

    def _sample(self, now: float) -> None:
        self._sampled = now
        rss = _tree_rss(self.process.pid) if self.process is not None else None
        if rss is not None:
            self.last_rss, self.peak_rss = rss, max(self.peak_rss, rss)

    def launched(self, process: subprocess.Popen) -> None:
        self.process, self.started = process, time.monotonic()
        self._oom_at_start = _oom_kills()

    def observe(self, alive: bool) -> None:
        """Called at each liveness check: sample the memory of a live kernel, record the end of a dead one."""
        if self.process is None or self.returncode is not None:
            return
        now = time.monotonic()
        if alive:
            if now - self._sampled >= _SAMPLE_EVERY:
                self._sample(now)
            return
        self.returncode = self.process.returncode
        self.seconds_alive = now - self.started
        self.available_at_death = psutil.virtual_memory().available
        oom_now = _oom_kills()
        self.oom_killed = None not in (oom_now, self._oom_at_start) and oom_now > self._oom_at_start

    # -- reporting

    def stderr_excerpt(self) -> str:
        """What the kernel wrote to its stderr that tells why it died: the report of a crash (its first
        line and the innermost frames of the crashing thread), else the last lines."""
        try:
            lines = Path(self._stderr.name).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        fatal = next((i for i, line in enumerate(lines) if line.startswith("Fatal Python error")), None)
        if fatal is None:
            return "\n".join(lines[-_STDERR_LINES:])
        current = next((i for i in range(fatal, len(lines)) if lines[i].startswith("Current thread")), fatal)
        return "\n".join([lines[fatal], *lines[current:current + 1 + _CRASH_FRAMES]])

    def death(self) -> str:
        """Which cell the dead kernel was running, how it ended, its memory, and the likely cause."""
        where = "before running any cell" if self.cell is None else f"in cell {self.cell[0]}: {self.cell[1]}"
        how = exit_description(self.returncode) if self.returncode is not None else "ended"
        cause = _likely_cause(self.returncode or 0, self.oom_killed, self.stopped)
        lines = [f"DeadKernelError: the kernel died {where}", f"  it {how} after {self.seconds_alive:.1f} s: {cause}"]
        memory = (f"  its memory: {_gib(self.last_rss)} at the last check (the cell's start or later), "
                  f"{_gib(self.peak_rss)} at most" if self.peak_rss else "  its memory: not measured before it died")
        if self.available_at_death is not None:
            memory += f"; the machine had {_gib(self.available_at_death)} available when it was found dead"
        lines.append(memory)
        excerpt = self.stderr_excerpt()
        if excerpt:
            lines.append("  its stderr:\n    " + excerpt.replace("\n", "\n    "))
        return "\n".join(lines)

    def close(self) -> None:
        self._stderr.close()
        Path(self._stderr.name).unlink(missing_ok=True)
        shutil.rmtree(self.sockets, ignore_errors=True)


class _WatchedKernelManager(AsyncKernelManager):
    """A kernel manager for one :class:`KernelWatch` (set on the subclass :meth:`KernelWatch.manager_class` makes)."""

    watch: KernelWatch

    def __init__(self, **kwargs: Any) -> None:
        if _UNIX_SOCKETS:  # no TCP port chosen now for the kernel to bind later, when another process may hold it
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(self.watch.sockets / "k"))
        super().__init__(**kwargs)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        command = [sys.executable, "-I", "-S", "-c", _WRAPPER, *kernel_cmd] if _LINUX else kernel_cmd
        kw["env"] = {**kw.get("env", os.environ), "PYTHONFAULTHANDLER": "1"}
        kw["stderr"] = self.watch._stderr
        with self.watch.kernels.launching(self.watch):
            await super()._async_launch_kernel(command, **kw)
            self.watch.launched(self.provisioner.process)

    async def _async_is_alive(self) -> bool:
        alive = await super()._async_is_alive()
        self.watch.observe(alive)
        return alive


class Kernels:
    """The kernels of one render, so that it can stop them all at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[KernelWatch] = set()
        self.stopping = False

    @contextmanager
    def launching(self, watch: KernelWatch) -> Iterator[None]:
        """Hold the set while ``watch``'s kernel starts; refuse if the run is stopping."""
        with self._lock:
            if self.stopping:
                raise RuntimeError("the render is stopping: no new kernel is started")
            yield
            self._live.add(watch)

    def forget(self, watch: KernelWatch) -> None:
        """``watch``'s notebook is done (its kernel shut down by nbclient, or dead)."""
        with self._lock:
            self._live.discard(watch)

    def stop(self) -> None:
        """Refuse new kernels and SIGKILL every live one with its process group."""
        with self._lock:
            self.stopping = True
            for watch in self._live:
                if watch.process is not None and watch.process.poll() is None:
                    watch.stopped = True
                    try:
                        os.killpg(watch.process.pid, signal.SIGKILL)  # the kernel leads its own session
                    except (AttributeError, OSError):  # no process groups (Windows), or already gone
                        watch.process.kill()


def is_kernel_death(error: BaseException) -> bool:
    """Whether ``error`` (raised by papermill) means the kernel died, while running or while starting."""
    return isinstance(error, DeadKernelError) or (
        isinstance(error, RuntimeError) and "Kernel died before replying to kernel_info" in str(error))
