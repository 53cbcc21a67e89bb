"""Shared chart conventions: one colour per source in every report, print-readable style,
sample sizes in labels, and saving each chart with its data beside it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

# Okabe & Ito's colour-blind-safe palette first, then tab20 for larger corpora.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"] + [
    mpl.colors.to_hex(c) for c in plt.get_cmap("tab20").colors
]
MISSING_SOURCE = "(unknown source)"

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


def use_report_style() -> None:
    """Apply the reports' matplotlib style (larger type, light grid, tight saving)."""
    mpl.rcParams.update(REPORT_STYLE)


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


def save_chart(fig: plt.Figure, data: pd.DataFrame, out_dir: str | Path, name: str) -> dict[str, Path]:
    """Write ``fig`` as PNG and SVG and ``data`` as CSV, all named ``name``, into ``out_dir``.

    Returns the paths written, keyed ``png``, ``svg`` and ``csv``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"png": out / f"{name}.png", "svg": out / f"{name}.svg", "csv": out / f"{name}.csv"}
    fig.savefig(paths["png"])
    fig.savefig(paths["svg"])
    data.to_csv(paths["csv"], index=False)
    return paths
