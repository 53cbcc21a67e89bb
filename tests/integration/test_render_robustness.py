"""A render under stress: kernels that die say which cell and why, signals stop a run cleanly,
a killed run takes its kernels along and is cleaned up by the next, bad parameter values and
unwritable output folders are refused with what to do."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis.__main__ import main
from analysis.core.config import PROJ_ROOT
from analysis.reports import render
from analysis.reports.index import ReportOutcome
from analysis.reports.kernels import exit_description
from analysis.reports.render import (
    FAILED_SUFFIX,
    NotebookParameter,
    RenderError,
    _clear_interrupted,
    notebook_parameters,
    render_reports,
    report_notebooks,
    value_problems,
)

KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}
RUN_DEFAULTS = 'corpus_path = ""  # corpus\noutput_dir = ""  # charts and CSV\n'
SIGNAL_NAMES = {signal.SIGTERM: "SIGTERM", signal.SIGINT: "SIGINT"}


def write_notebook(folder: Path, name: str, *cells: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(cells=[new_code_cell(RUN_DEFAULTS, metadata={"tags": ["parameters"]}),
                             *(new_code_cell(c) for c in cells)], metadata=KERNEL)
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder / f"{name}.ipynb"


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def fake_good_run(folder: Path) -> dict[str, bytes]:
    """A previous good run (its marker and a report), and a snapshot of its bytes."""
    folder.mkdir(parents=True)
    (folder / "run.json").write_text(json.dumps({"ok": True}))
    (folder / "report.html").write_text("<p>the last good run</p>")
    return snapshot(folder)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seed_cache(tmp_path_factory):
    """One cache of the seed corpus for the renders of this module, so that only the first analyses it."""
    return tmp_path_factory.mktemp("seed_cache")


# --------------------------------------------------------------------------- dead kernels (one run)


def test_a_dead_kernel_says_which_cell_how_it_ended_and_its_memory(tmp_path, seed_cache):
    folder = tmp_path / "notebooks"
    write_notebook(folder, "exits", "x = 1", "import os\nos._exit(3)")
    write_notebook(folder, "killed", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    write_notebook(folder, "crashes", "import ctypes\nctypes.string_at(0)  # reads address 0: SIGSEGV")
    write_notebook(folder, "fine", "import os\nprint(os.getcwd())")
    cwd = os.getcwd()
    result = render_reports(out=tmp_path / "reports" / "run", notebooks_dir=folder, progress=False, jobs=2,
                            cache_dir=seed_cache)
    errors = {o.name: o.error for o in result.outcomes}
    assert errors["fine"] is None and sum(e is not None for e in errors.values()) == 3
    assert errors["exits"].startswith("DeadKernelError: the kernel died in cell 3: import os")  # after the injected parameters
    assert "it exited with status 3 after" in errors["exits"]
    assert "in cell 2: import os, signal" in errors["killed"]
    assert "it was killed by signal SIGKILL (9)" in errors["killed"] and "another process sent the signal" in errors["killed"]
    assert "it was killed by signal SIGSEGV (11)" in errors["crashes"] and "a crash in compiled code" in errors["crashes"]
    assert "Fatal Python error: Segmentation fault" in errors["crashes"] and "in string_at" in errors["crashes"]
    for error in errors.values():
        if error:
            assert "its memory: " in error and "GiB at most" in error and "GiB available when it was found dead" in error
    # The kernels ran in the notebooks' folder without moving this process (papermill's cwd= would).
    assert os.getcwd() == cwd
    executed = nbformat.read(result.run_dir / "fine.ipynb", as_version=4)
    assert executed.cells[-1].outputs[0]["text"].strip() == str(folder)


@pytest.mark.parametrize("returncode, text", [
    (-9, "was killed by signal SIGKILL (9)"),
    (-15, "was killed by signal SIGTERM (15)"),
    (-11, "was killed by signal SIGSEGV (11)"),
    (1, "exited with status 1"),
    (0, "exited with status 0"),
])
def test_exit_description(returncode, text):
    assert exit_description(returncode) == text


# ---------------------------------------------------------------------------- signals (subprocesses)


@pytest.fixture
def sleepy_notebooks(tmp_path):
    """Two notebooks whose kernels write their pid and then stay busy: one sleeping, one in C holding the GIL
    (a regular expression that backtracks for hours, so ipykernel's own parent check cannot run)."""
    folder = tmp_path / "notebooks"
    for name, busy in (("sleeping", "import time\ntime.sleep(600)"),
                       ("busy_in_c", "import re\nre.match(r'(a+)+$', 'a' * 40 + 'b')")):
        write_notebook(folder, name, f"import os\nopen({str(tmp_path / name)!r} + '.pid', 'w').write(str(os.getpid()))",
                       busy)
    write_notebook(folder, "quick", "x = 1")
    return folder


def start_render(folder: Path, out: Path, cache: Path) -> tuple[subprocess.Popen, list[int]]:
    """A render of ``folder`` in its own process, once both kernels run their busy cell; and their pids."""
    process = subprocess.Popen([sys.executable, "-m", "analysis", "render", "--notebooks", str(folder), "--out", str(out),
                                "--cache", str(cache), "--no-progress", "--jobs", "2",
                                "--only", "sleeping", "--only", "busy_in_c"],
                               cwd=PROJ_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pid_files = [folder.parent / "sleeping.pid", folder.parent / "busy_in_c.pid"]
    deadline = time.monotonic() + 120
    while not all(p.exists() and p.read_text() for p in pid_files):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.2)
    time.sleep(1)  # into the busy cells
    return process, [int(p.read_text()) for p in pid_files]


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while any(running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [pid for pid in pids if running(pid)]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_run_kills_its_kernels_and_keeps_the_good_run(sleepy_notebooks, seed_cache, tmp_path,
                                                                        signum):
    out = tmp_path / "reports" / "run"
    good = fake_good_run(out)
    process, kernels = start_render(sleepy_notebooks, out, seed_cache)
    try:
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 128 + signum
        assert f"interrupted ({SIGNAL_NAMES[signum]})" in stderr
        assert wait_gone(kernels, 5) == []
        assert sorted(p.name for p in out.parent.iterdir()) == ["run"]  # no staging, no run.failed
        assert snapshot(out) == good
    finally:
        for pid in [process.pid, *kernels]:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_killed_run_takes_its_kernels_along_and_the_next_run_cleans_up(sleepy_notebooks, seed_cache, tmp_path):
    out = tmp_path / "reports" / "run"
    process, kernels = start_render(sleepy_notebooks, out, seed_cache)
    try:
        process.kill()
        process.communicate(timeout=30)
        assert wait_gone(kernels, 3) == []  # ipykernel's own check would leave the one busy in C running
    finally:
        for pid in kernels:
            if running(pid):
                os.kill(pid, signal.SIGKILL)
    [staging] = out.parent.glob(".run.rendering-*")
    with pytest.warns(UserWarning, match="left by a render that was killed"):
        result = render_reports(out=out, notebooks_dir=sleepy_notebooks, only=["quick"], progress=False,
                                cache_dir=seed_cache)
    assert result.ok and not staging.exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["run"]


# --------------------------------------------------------------------- interrupted runs, no kernel


def test_a_staging_folder_held_by_a_live_run_is_left_alone(tmp_path):
    run_dir = tmp_path / "run"
    live, stale = tmp_path / ".run.rendering-live", tmp_path / ".run.rendering-stale"
    live.mkdir()
    stale.mkdir()
    held = os.open(live, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        with pytest.warns(UserWarning, match="rendering-stale, left by a render that was killed"):
            _clear_interrupted(run_dir)
        assert live.is_dir() and not stale.exists()
    finally:
        os.close(held)


def test_a_run_set_aside_by_an_unfinished_replacement_is_put_back(tmp_path):
    run_dir = tmp_path / "run"
    good = fake_good_run(tmp_path / ".run.old-abc123")
    with pytest.warns(UserWarning, match="put .* back"):
        _clear_interrupted(run_dir)
    assert snapshot(run_dir) == good and not (tmp_path / ".run.old-abc123").exists()
    leftover = tmp_path / ".run.old-def456"  # the replacement had finished: the old copy just goes
    fake_good_run(leftover)
    _clear_interrupted(run_dir)
    assert not leftover.exists() and snapshot(run_dir) == good


# ------------------------------------------------------------------------------ parameter values


@pytest.mark.parametrize("rule, value, problem", [
    ("at least 1", 1, None),
    ("at least 1", 0, "0 is not at least 1"),
    ("at least 1", -1, "-1 is not at least 1"),
    ("at least 1", [1, 2], None),
    ("at least 1", [1, 0], "0 is not at least 1"),
    ("at least 1", "3", "'3' is not a number"),
    ("at least 1", True, "True is not a number"),
    ("at most 5", 5.0, None),
    ("at most 5", 6, "6 is not at most 5"),
    ("from -1 to 1", -1, None),
    ("from -1 to 1", 0.05, None),
    ("from -1 to 1", 1.5, "1.5 is not from -1 to 1"),
    ('one of "sentence", "article"', "article", None),
    ('one of "sentence", "article"', "word", "'word' is not one of 'sentence', 'article'"),
    ("date", "", None),
    ("date", "2022-03-01", None),
    ("date", "2022-13-01", "'2022-13-01' is not a date written YYYY-MM-DD"),
    ("date", "March", "'March' is not a date"),
    ("corpus sources", ["Izvestia"], None),
    ("corpus sources", ["Izvestia", "Nope"], "'Nope' is not a source of this corpus; its sources are 'Expert News', 'Izvestia'"),
    ("corpus sources", [], None),
])
def test_value_problems_by_the_check_in_the_comment(rule, value, problem):
    parameter = NotebookParameter("p", None, "0", f"what it does, e.g. [1, 2] [{rule}]")
    found = value_problems(parameter, value, sources={"Izvestia", "Expert News"})
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith(problem)


@pytest.mark.parametrize("comment", ["words to ignore, e.g. [\"said\", \"told\"]", "[] keeps every source",
                                     "no check at all", "[at least one]", "[one of sentence]"])
def test_other_bracketed_text_is_not_a_check(comment):
    assert NotebookParameter("p", list, "[]", comment).rule == ""


def test_corpus_checks_wait_for_the_corpus():
    parameter = NotebookParameter("sources", list, "[]", "sources [corpus sources]")
    assert value_problems(parameter, ["Nope"]) == []


def test_every_report_notebook_default_passes_its_own_checks():
    import ast

    checked = 0
    for notebook in report_notebooks():
        for parameter in notebook_parameters(notebook).values():
            if parameter.rule:
                checked += 1
                assert value_problems(parameter, ast.literal_eval(parameter.default), sources=set()) == [], parameter
    assert checked >= 20  # the notebooks do declare checks


def never_run(*args, **kwargs):
    raise AssertionError("a notebook ran")


@pytest.mark.parametrize("argv, message", [
    (["-p", "min_articles", "-1"], "'min_articles' for actor_mentions, outlet_pages, sentiment_by_source, who_is_quoted: -1 is not at least 1"),
    (["-p", "unit", "word"], "'unit' for actor_mentions: 'word' is not one of 'sentence', 'article'"),
    (["-p", "start", "2022-02-30"], "'2022-02-30' is not a date"),
    (["-p", "sources", "[NoSuchSource]"], "'NoSuchSource' is not a source of this corpus; its sources are"),
])
def test_bad_values_are_refused_before_any_notebook_starts(tmp_path, seed_cache, monkeypatch, capsys, argv, message):
    monkeypatch.setattr(render, "_render_notebook", never_run)
    out = tmp_path / "reports" / "seed"
    assert main(["render", "--out", str(out), "--cache", str(seed_cache), "--no-progress", *argv]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and not list(out.parent.glob(".seed.*"))  # no staging left either


# ----------------------------------------------------------------------------------- output folders


@pytest.fixture
def toy(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder, "alpha", "x = 1")
    write_notebook(folder, "beta", "x = 2")
    return folder


def test_an_output_folder_without_a_name_is_refused(toy):
    with pytest.raises(RenderError, match="--out /: the run needs a folder of its own"):
        render_reports(out="/", notebooks_dir=toy, progress=False)


def test_a_cache_path_that_is_a_file_is_refused_before_running(toy, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "_render_notebook", never_run)
    (tmp_path / "cache").write_text("a file")
    with pytest.raises(RenderError, match="cache .* is a file, not a folder: give --cache a folder"):
        render_reports(out=tmp_path / "run", notebooks_dir=toy, progress=False, cache_dir=tmp_path / "cache")


def failing(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


@pytest.mark.parametrize("code, message", [
    (errno.EROFS, "it is not writable (Read-only file system). Make it writable or give --out"),
    (errno.EACCES, "it is not writable (Permission denied)"),
    (errno.ENOSPC, "no space left on its disk. Free some space"),
])
def test_an_output_folder_that_cannot_be_written_is_refused_before_running(toy, tmp_path, monkeypatch, code, message):
    monkeypatch.setattr(render, "_render_notebook", never_run)
    monkeypatch.setattr(render.tempfile, "mkdtemp", failing(code))
    out = tmp_path / "reports" / "run"
    good = fake_good_run(out)
    with pytest.raises(RenderError) as error:
        render_reports(out=out, notebooks_dir=toy, progress=False, cache_dir=tmp_path / "cache")
    assert f"cannot write the reports into {out.parent}: {message}" in str(error.value)
    assert "the last good run, if any, is as it was" in str(error.value) and snapshot(out) == good


@pytest.mark.parametrize("step", ["_write_index", "_replace_folder"])
def test_a_full_disk_after_the_notebooks_ran_still_prints_their_results(toy, seed_cache, tmp_path, monkeypatch, capsys,
                                                                        step):
    def rendered(notebook, run_dir, parameters, **kwargs):
        return ReportOutcome(notebook.stem, True, 0.5, html=f"{notebook.stem}.html")

    monkeypatch.setattr(render, "_render_notebook", rendered)
    monkeypatch.setattr(render, step, failing(errno.ENOSPC))
    out = tmp_path / "reports" / "run"
    good = fake_good_run(out)
    status = main(["render", "--notebooks", str(toy), "--out", str(out), "--cache", str(seed_cache), "--no-progress"])
    printed = capsys.readouterr()
    assert status == 1
    assert "ok     alpha (0.5 s)" in printed.out and "ok     beta (0.5 s)" in printed.out
    assert f"error: cannot write the reports into {out}: no space left on its disk" in printed.err
    assert snapshot(out) == good
    assert sorted(p.name for p in out.parent.iterdir()) == ["run"]  # no staging left behind
    assert not out.with_name(out.name + FAILED_SUFFIX).exists()


@pytest.mark.parametrize("before", [signal.SIG_DFL, signal.SIG_IGN, "own"])
def test_only_signals_left_to_their_default_are_taken_over_and_given_back(before):
    from analysis.reports.kernels import RenderInterrupted, signals_interrupt

    own = lambda signum, frame: None  # noqa: E731 - a handler of the program's own
    handler = own if before == "own" else before
    previous = signal.signal(signal.SIGHUP, handler)
    try:
        with signals_interrupt():
            if before == signal.SIG_DFL:
                with pytest.raises(RenderInterrupted) as stop:
                    os.kill(os.getpid(), signal.SIGHUP)
                    time.sleep(1)  # the handler runs at the next bytecode
                assert stop.value.signum == signal.SIGHUP
            else:
                assert signal.getsignal(signal.SIGHUP) is handler  # nohup's SIG_IGN stays
        assert signal.getsignal(signal.SIGHUP) is handler
    finally:
        signal.signal(signal.SIGHUP, previous)
