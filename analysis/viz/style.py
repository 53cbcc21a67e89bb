"""Shared chart conventions: one colour per source in every report, print-readable style,
sample sizes in labels, and saving each chart with its data beside it.

The style is applied inside each chart function (:func:`styled`, a
``matplotlib.rc_context``), never to matplotlib's global state, so a user's own
style is left alone outside the library's charts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ParamSpec

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from analysis.schema import MISSING_SOURCE

# Okabe & Ito's colour-blind-safe palette first, then tab20 for larger corpora.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"] + [
    mpl.colors.to_hex(c) for c in plt.get_cmap("tab20").colors
]

Params = ParamSpec("Params")

REPORT_STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.fonttype": "none",
}


COMPOUND_AXIS = "VADER compound score (−1 negative … +1 positive)"


def styled(plot: Callable[Params, plt.Figure]) -> Callable[Params, plt.Figure]:
    """Decorator: draw ``plot``'s figure in the reports' style (a ``matplotlib.rc_context``; global state untouched)."""

    @functools.wraps(plot)
    def draw(*args: Params.args, **kwargs: Params.kwargs) -> plt.Figure:
        with mpl.rc_context(REPORT_STYLE):
            return plot(*args, **kwargs)

    return draw


def source_colors(sources: Iterable[object]) -> dict[str, str]:
    """A fixed colour for each source: sorted names take the palette in order.

    Build it from the whole corpus's ``source`` column (before filtering) so that a
    source keeps its colour in every chart and report of that corpus. Missing
    sources are shown as ``(unknown source)`` in grey.
    """
    names = sorted({MISSING_SOURCE if pd.isna(s) else str(s) for s in sources} - {MISSING_SOURCE})
    colors = {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(names)}
    colors[MISSING_SOURCE] = "#999999"
    return colors


def count_of(n: int, word: str) -> str:
    """``1 article``, ``3 articles``: a count with its noun, plural when needed."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def with_n(label: object, n: int, unit: str = "n") -> str:
    """``label (n=3)``: a category label carrying its sample size."""
    return f"{label} ({unit}={n:,})"


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _formula_safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def formula_safe(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with every text cell (and column name) that a spreadsheet would run as a formula
    prefixed with ``'`` (OWASP's advice against CSV injection); a copy, same columns and order.

    Text from the corpus (outlet names, titles, sentences) reaches the chart CSVs, and a
    cell such as ``=HYPERLINK(...)`` would be live in Excel or LibreOffice. Only text cells
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return change; numbers
    (``-0.25``), dates and missing values stay what they are, so the CSV still reads
    back as numbers. A reader who wants the original text drops the leading ``'``.
    """
    safe = data.copy()
    safe.columns = [_formula_safe_cell(c) for c in data.columns]
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if column.dtype == object or isinstance(column.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            safe.isetitem(position, column.astype(object).map(_formula_safe_cell))
    return safe


def save_chart(fig: plt.Figure, data: pd.DataFrame, out_dir: str | Path, name: str) -> dict[str, Path]:
    """Write ``fig`` as PNG and SVG and ``data`` as CSV, all named ``name``, into ``out_dir``.

    The CSV goes through :func:`formula_safe`: text cells that a spreadsheet would run as
    a formula start with ``'``; numbers are written as numbers. Rows end in CRLF (RFC 4180),
    so a cell holding a carriage return or a newline is quoted and stays one cell.
    Returns the paths written, keyed ``png``, ``svg`` and ``csv``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"png": out / f"{name}.png", "svg": out / f"{name}.svg", "csv": out / f"{name}.csv"}
    with mpl.rc_context(REPORT_STYLE):
        fig.savefig(paths["png"])
        fig.savefig(paths["svg"])
    formula_safe(data).to_csv(paths["csv"], index=False, lineterminator="\r\n")
    return paths


@styled
def empty_chart(title: str, message: str) -> plt.Figure:
    """A small figure that says there is nothing to draw, and why."""
    fig, ax = plt.subplots(figsize=(8, 2))
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return fig


def neutral_band(ax: plt.Axes, negative: float, positive: float, *, vertical: bool) -> None:
    """Shade the neutral band of compound scores (between the label cut-offs) on ``ax``."""
    span = ax.axvspan if vertical else ax.axhspan
    line = ax.axvline if vertical else ax.axhline
    span(negative, positive, color="#000000", alpha=0.07, lw=0, label=f"neutral ({negative:+.2f} to {positive:+.2f})")
    line(0, color="#555555", lw=0.8)
