"""A render's kernels start even when other processes hold the TCP ports jupyter_client would pick (issue 10).

jupyter_client chooses a kernel's five TCP ports by binding port 0 and letting go; the kernel binds
them a second or more later, once started. Any process of the machine can take one meanwhile: a
render of the seed corpus on the shared machine had a kernel fail with ``ZMQError: Address already in
use`` on its iopub port, hang, and its notebook fail ``Kernel didn't respond in 60 seconds``. Here the
race is made certain: every port jupyter_client picks is already held by a listening socket.
"""

from __future__ import annotations

import os
import socket

import nbformat
import pytest
from jupyter_client.connect import LocalPortCache

from analysis.reports.render import render_reports
from tests.integration.test_render_robustness import write_notebook

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Unix sockets are POSIX only; elsewhere kernels use TCP ports")


@pytest.fixture
def ports_taken_by_others(monkeypatch):
    """Each port jupyter_client picks for a kernel is bound and listened on before the kernel starts."""
    held: list[socket.socket] = []

    def find_available_port(self, ip: str) -> int:
        sock = socket.socket()
        sock.bind((ip, 0))
        sock.listen()
        held.append(sock)
        return sock.getsockname()[1]

    monkeypatch.setattr(LocalPortCache, "find_available_port", find_available_port)
    yield held
    for sock in held:
        sock.close()


def test_kernels_start_when_the_ports_jupyter_would_pick_are_taken(tmp_path, ports_taken_by_others):
    folder = tmp_path / "notebooks"
    for name, value in (("one", 1), ("two", 2)):
        write_notebook(folder, name, f"print({value} + 40)")
    result = render_reports(out=tmp_path / "reports" / "run", notebooks_dir=folder, progress=False, jobs=2,
                            cache_dir=tmp_path / "cache", timeout=60)
    assert result.ok, [o.error for o in result.outcomes]
    for name, value in (("one", 1), ("two", 2)):
        executed = nbformat.read(result.run_dir / f"{name}.ipynb", as_version=4)
        assert executed.cells[-1].outputs[0]["text"].strip() == str(value + 40)


def test_a_kernel_that_never_answers_is_reported_with_its_stderr():
    """The message nbclient gives a kernel that started but never answered (its iopub port taken, before the
    fix) names no cause; the render's failure line adds what the kernel wrote on its stderr."""
    from analysis.reports.kernels import Kernels, KernelWatch
    from analysis.reports.render import _failure

    watch = KernelWatch("overview", Kernels())
    try:
        watch._stderr.write(b"zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:37287')\n")
        watch._stderr.flush()
        message = _failure(RuntimeError("Kernel didn't respond in 60 seconds"), watch)
    finally:
        watch.close()
    assert message.startswith("RuntimeError: Kernel didn't respond in 60 seconds (the kernel started but never answered)")
    assert "Address already in use" in message
