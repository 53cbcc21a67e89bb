"""Paths, run folders and progress of ``python -m analysis render``, as a user runs it from their own folder."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from analysis.core.config import PROJ_ROOT
from analysis.reports import render
from analysis.reports.render import default_run_dir, render_reports
from tests.integration.test_render import write_notebook

TEXT = "Talks in Geneva went on for two days, and both sides said that real progress was made on a ceasefire."
#: A quick report notebook: writes what it was given, so a test can read it back.
GIVEN = ("from pathlib import Path\nPath(output_dir).mkdir(parents=True, exist_ok=True)\n"
         "Path(output_dir, 'given.txt').write_text(corpus_path)")


@pytest.fixture
def workspace(tmp_path):
    """A user's folder: a corpus, a folder of quick report notebooks, and a cache, all outside the project."""
    (tmp_path / "news.csv").write_text(f'id,source,text\n1,A,"{TEXT}"\n2,B,"{TEXT} Again."\n')
    notebooks = tmp_path / "nbs"
    write_notebook(notebooks, "toy", 'corpus_path = ""  # corpus\noutput_dir = ""  # charts\n', GIVEN, "x = 1",
                   "import time\ntime.sleep(1)")  # a cell long enough for the terminal to show the bar
    return tmp_path


def _cli(cwd: Path, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", "render", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "ANALYSIS_PROJECT_ROOT": str(PROJ_ROOT)}, **options)


def test_relative_paths_start_at_the_current_folder(workspace):
    done = _cli(workspace, "--corpus", "news.csv", "--out", "run", "--notebooks", "nbs", "--cache", "cache")
    assert done.returncode == 0, done.stderr
    assert (workspace / "run" / "toy" / "given.txt").read_text() == str(workspace / "news.csv")
    assert (workspace / "cache").is_dir()
    assert f"Reports written to {workspace / 'run'} (open index.html)" in done.stdout


def test_a_missing_corpus_names_the_current_folder(workspace):
    done = _cli(workspace, "--corpus", "nothere.csv", "--notebooks", "nbs", "--cache", "cache")
    assert done.returncode == 2
    assert f"--corpus nothere.csv: no such file or folder {workspace / 'nothere.csv'} (a relative path starts at the " \
           f"current folder, {workspace})" in done.stderr


def test_progress_in_a_log_is_plain_lines(workspace):
    done = _cli(workspace, "--corpus", "news.csv", "--out", "run", "--notebooks", "nbs", "--cache", "cache")
    log = done.stdout + done.stderr
    assert "\r" not in log and "\x1b" not in log
    assert re.search(r"^toy: started \(5 cells\)$", log, re.M) and re.search(r"^toy: done in [\d.]+ s$", log, re.M)
    assert re.search(r"^toy: cell 1/5 \(20%\), \d+ s$", log, re.M)


def _screen(raw: str) -> list[str]:
    """The lines a terminal shows at the end: each carriage return starts overwriting the line from its left."""
    lines = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        shown = ""
        for piece in line.split("\r"):
            shown = piece + shown[len(piece):]
        lines.append(shown.rstrip())
    return lines


def test_the_terminal_bar_leaves_nothing_behind(workspace):
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))  # a terminal has a size
    process = subprocess.Popen([sys.executable, "-m", "analysis", "render", "--corpus", "news.csv", "--out", "run",
                                "--notebooks", "nbs", "--cache", "cache"], cwd=workspace, stdin=terminal,
                               stdout=terminal, stderr=terminal, env={**os.environ, "ANALYSIS_PROJECT_ROOT": str(PROJ_ROOT)})
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=300) == 0
    raw = b"".join(chunks).decode("utf-8", "replace")
    assert "Rendering 1 reports" in raw  # the bar was shown…
    screen = _screen(raw)
    assert not [line for line in screen if "Rendering" in line]  # …and is gone
    assert [line for line in screen if line.startswith(("ok", "FAILED"))] == [next(line for line in screen if line.startswith("ok"))]


def test_run_folders_of_different_corpora_or_settings_never_collide(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "REPORTS_DIR", tmp_path / "reports")
    first, second = tmp_path / "a" / "news.csv", tmp_path / "b" / "news.csv"
    plain = default_run_dir(first, {})
    assert plain == tmp_path / "reports" / "news"
    plain.mkdir(parents=True)
    (plain / "run.json").write_text(json.dumps({"corpus": str(first)}))
    assert default_run_dir(first, {}) == plain  # the same corpus: the same folder, replaced
    other = default_run_dir(second, {})
    assert other.parent == plain.parent and re.fullmatch(r"news-[0-9a-f]{8}", other.name)
    with_sources = default_run_dir(first, {"parameters": {"sources": "[A]"}})
    assert with_sources not in (plain, other) and with_sources == default_run_dir(first, {"parameters": {"sources": "[A]"}})


def test_a_run_says_what_it_replaced(workspace, tmp_path):
    other = tmp_path / "other" / "news.csv"
    other.parent.mkdir()
    other.write_text((workspace / "news.csv").read_text())
    options = {"out": workspace / "run", "notebooks_dir": workspace / "nbs", "cache_dir": workspace / "cache", "progress": False}
    assert render_reports(workspace / "news.csv", **options).replaced == ""
    again = render_reports(workspace / "news.csv", **options).replaced
    assert again.startswith("replaced the earlier run of this corpus made ")
    assert render_reports(other, **options).replaced.startswith(f"replaced the run of another corpus, {workspace / 'news.csv'}, made ")
    done = _cli(workspace, "--corpus", "news.csv", "--out", "run", "--notebooks", "nbs", "--cache", "cache")
    assert f"(open index.html); this replaced the run of another corpus, {other}, made " in done.stdout


def test_every_run_records_the_lock(seed_run):
    record = json.loads((seed_run.run_dir / "run.json").read_text())
    assert record["lock"]["file"] == str(PROJ_ROOT / "uv.lock")
    assert record["lock"]["sha256"] == hashlib.sha256((PROJ_ROOT / "uv.lock").read_bytes()).hexdigest()
    assert record["lock"]["differs"] == {}
