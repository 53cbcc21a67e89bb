"""Progress: a tqdm bar on a terminal, a few plain lines in a log."""

from __future__ import annotations

import io

import pytest
from tqdm.auto import tqdm

from analysis.core.errors import AnalysisError
from analysis.core.progress import ENVIRONMENT_VARIABLE, ProgressLines, progress_bar, progress_style


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def no_override(monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)


@pytest.mark.parametrize(("stream", "style"), [(Terminal(), "bar"), (io.StringIO(), "lines")])
def test_a_terminal_gets_a_bar_and_a_log_gets_lines(stream, style):
    assert progress_style(stream) == style
    shown = progress_bar(range(3), desc="x", stream=stream)
    assert isinstance(shown, tqdm if style == "bar" else ProgressLines)
    assert list(shown) == [0, 1, 2]


@pytest.mark.parametrize("chosen", ["bar", "lines", "off"])
def test_the_environment_variable_wins(monkeypatch, chosen):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, chosen)
    assert progress_style(Terminal()) == chosen == progress_style(io.StringIO())


def test_a_wrong_environment_value_says_what_to_use(monkeypatch):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "fancy")
    with pytest.raises(AnalysisError, match="'bar', 'lines' or 'off'"):
        progress_style(io.StringIO())


def test_disabled_progress_writes_nothing():
    stream = io.StringIO()
    assert list(progress_bar(range(5), desc="x", disable=True, stream=stream)) == list(range(5))
    assert stream.getvalue() == ""


def test_a_log_gets_a_line_per_quarter_done_and_a_last_line():
    stream, clock = io.StringIO(), Clock()
    lines = ProgressLines(None, total=13_019, desc="Analysing articles", unit="article", stream=stream, clock=clock)
    with lines:
        for _ in range(13_019 // 100):
            clock.now += 1.0  # 100 articles a second
            lines.update(100)
        clock.now += 1.0
        lines.update(13_019 % 100)
    written = stream.getvalue().splitlines()
    assert written[0] == "Analysing articles: 3,300/13,019 articles (25%), 33 s"
    assert written[-1] == "Analysing articles: 13,019/13,019 articles (100%), 131 s"
    assert len(written) == 4  # three quarters, then the end


def test_fast_work_gets_only_the_last_line():
    stream, clock = io.StringIO(), Clock()
    for _ in ProgressLines(range(1000), total=None, desc="Counting terms", unit="article", stream=stream, clock=clock):
        clock.now += 0.001
    assert stream.getvalue().splitlines() == ["Counting terms: 1,000/1,000 articles (100%), 1 s"]


def test_slow_work_without_a_total_gets_a_line_a_minute():
    stream, clock = io.StringIO(), Clock()
    with ProgressLines(None, total=None, desc="Loading", unit="file", stream=stream, clock=clock) as lines:
        for _ in range(150):
            clock.now += 1.0
            lines.update()
    assert stream.getvalue().splitlines() == ["Loading: 60 files, 60 s", "Loading: 120 files, 120 s", "Loading: 150 files, 150 s"]


def test_iterating_without_an_iterable_says_to_update():
    with pytest.raises(AnalysisError, match="update"):
        list(ProgressLines(None, total=3, desc="x", unit="item", stream=io.StringIO()))
