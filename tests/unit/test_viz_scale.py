"""The presentation layer at 2 to 30 outlets: one colour policy, even pages, lines that break at gaps.

Every chart's pixel size at 2 and 30 outlets is checked in ``tests/integration/test_chart_sizes.py``.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from analysis import viz  # noqa: E402
from analysis.core.schema import MISSING_SOURCE  # noqa: E402
from analysis.viz import sentiment as sentiment_viz  # noqa: E402
from analysis.viz.style import (  # noqa: E402
    MAX_SOURCE_COLORS,
    OTHER_SOURCE_COLOR,
    SOURCE_PALETTE,
    pages,
    report_style,
    source_order,
)

# ------------------------------------------------------------------- colours


def test_the_largest_sources_get_the_palette_and_the_rest_grey():
    column = ["Small"] * 1 + ["Big"] * 9 + ["Mid"] * 5 + [None] * 2 + [f"S{i}" for i in range(8)]
    colors = viz.source_colors(column)
    assert list(colors)[:3] == ["Big", "Mid", "S0"]  # most articles first, ties by name
    assert [colors[s] for s in ("Big", "Mid")] == list(SOURCE_PALETTE[:2])
    assert len({colors[s] for s in list(colors)[:MAX_SOURCE_COLORS]}) == MAX_SOURCE_COLORS
    assert {colors[s] for s in list(colors)[MAX_SOURCE_COLORS:-1]} == {OTHER_SOURCE_COLOR}
    assert list(colors)[-1] == MISSING_SOURCE and colors[MISSING_SOURCE] not in SOURCE_PALETTE
    assert "#F0E442" not in SOURCE_PALETTE  # Okabe-Ito's yellow cannot be read on white


def test_a_source_keeps_its_colour_whatever_the_selection_shows():
    corpus = ["A"] * 3 + ["B"] * 2 + ["C"]
    colors = viz.source_colors(corpus)
    assert viz.source_colors(corpus, max_colors=1)["A"] == colors["A"]
    assert source_order(["C", "A"], colors) == ["A", "C"]
    assert source_order(["Z", "C"], colors) == ["C", "Z"]  # a source the map does not know comes last


@pytest.mark.parametrize("n_items, per_page, sizes", [
    (0, 16, [0]), (5, 16, [5]), (16, 16, [16]), (17, 16, [9, 8]), (30, 16, [15, 15]), (33, 16, [11, 11, 11]),
])
def test_pages_are_even(n_items, per_page, sizes):
    assert [len(p) for p in pages(list(range(n_items)), per_page)] == sizes


def test_the_report_style_keeps_a_backend_that_turns_interactive_on():
    mpl.interactive(False)
    with report_style():
        mpl.interactive(True)  # what the notebook's inline backend does when it loads inside a chart function
    assert mpl.is_interactive()
    mpl.interactive(False)


@pytest.mark.parametrize("positions, keep, runs", [
    ([0, 1, 2, 3], [True] * 4, [[0, 1, 2, 3]]),
    ([0, 1, 3, 4], [True] * 4, [[0, 1], [2, 3]]),          # period 2 has no article: no line across it
    ([0, 1, 2, 3], [True, False, True, True], [[2, 3]]),   # a small-n point is never joined
    ([0, 5], [True, True], []),
])
def test_tone_lines_join_only_adjacent_trusted_periods(positions, keep, runs):
    found = sentiment_viz._segments(np.array(positions), np.array(keep))
    assert [list(run) for run in found] == runs
