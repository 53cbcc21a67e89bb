"""Shared chart conventions: one colour per source in every report, print-readable sizes,
sample sizes in labels, and saving each chart with its data beside it.

The style is applied inside each chart function (:func:`styled`, a
``matplotlib.rc_context``), never to matplotlib's global state, so a user's own
style is left alone outside the library's charts.

Colour policy: outlets are told apart by direct labels (axis labels, panel
titles), never by colour alone. Colour is a secondary cue, and only the largest
outlets get one: :data:`SOURCE_PALETTE` (Okabe & Ito's colour-blind-safe hues,
without the yellow that cannot be read on white) goes to the
:data:`MAX_SOURCE_COLORS` sources with most articles, every other source is
grey. Source colours mean sources only; actors, countries and sentiment labels
never borrow them.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import math
import struct
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from analysis.core.schema import MISSING_SOURCE

#: Okabe & Ito (2008): blue, vermillion, bluish green, reddish purple, orange, sky blue.
SOURCE_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MAX_SOURCE_COLORS = len(SOURCE_PALETTE)
#: The colour of every source beyond the largest ones, and of a missing source.
OTHER_SOURCE_COLOR = "#8C8C8C"
MISSING_SOURCE_COLOR = "#BBBBBB"
#: Words a report table's text cell shows at most; a longer text shows these and how many more (the whole in the CSV).
MAX_CELL_WORDS = 100
#: The widest and tallest chart, in inches: at ``savefig.dpi`` 150 that is 1,500 × 2,100 px, one printed
#: page at a legible scale; a chart with more panels is drawn as several pages (:func:`pages`).
MAX_WIDTH, MAX_HEIGHT = 10.0, 14.0
#: Panels per page of a small-multiples chart.
PANELS_PER_PAGE = 16

Params = ParamSpec("Params")
Item = TypeVar("Item")

REPORT_STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "hatch.linewidth": 0.8,
    "savefig.pad_inches": 0.1,
}
#: The margin, in inches, ``savefig`` adds round what a chart draws.
SAVE_PAD = 0.1


COMPOUND_AXIS = "VADER compound score (−1 negative … +1 positive)"
#: How an inferred date is marked in tables and labels, and the note that explains the mark.
INFERRED_MARK = "~"
INFERRED_NOTE = "~ date inferred from the events described, not stated"
#: The hatch of bars counting articles whose date is inferred.
INFERRED_HATCH = "////"


@contextlib.contextmanager
def report_style() -> Iterator[None]:
    """The reports' rc settings for the duration of the block.

    The interactive flag is carried out of the block: a notebook's inline backend
    turns it on when it loads, which may happen inside the block, and an
    ``rc_context`` would turn it off again on exit, so that no later figure showed.
    """
    with mpl.rc_context(REPORT_STYLE):
        yield
        interactive = mpl.is_interactive()
    mpl.interactive(interactive)


def styled(plot: Callable[Params, plt.Figure]) -> Callable[Params, plt.Figure]:
    """Decorator: draw ``plot``'s figure in the reports' style (global state untouched, see :func:`report_style`)."""

    @functools.wraps(plot)
    def draw(*args: Params.args, **kwargs: Params.kwargs) -> plt.Figure:
        with report_style():
            return plot(*args, **kwargs)

    return draw


def source_colors(sources: Iterable[object], *, max_colors: int = MAX_SOURCE_COLORS) -> dict[str, str]:
    """A fixed colour for each source, in the order of the sources' article counts (most first).

    ``sources`` is the whole corpus's ``source`` column (one value per article,
    before any filtering), so that a source keeps its colour in every chart and
    report of that corpus. The ``max_colors`` largest sources (ties by name) take
    :data:`SOURCE_PALETTE` in order; the others share :data:`OTHER_SOURCE_COLOR`;
    missing sources are shown as ``(unknown source)`` in a lighter grey. The
    dict's order (largest source first, unknown last) is the order charts list sources in.
    """
    counts = Counter(MISSING_SOURCE if pd.isna(s) else str(s) for s in sources)
    counts.pop(MISSING_SOURCE, None)
    names = sorted(counts, key=lambda name: (-counts[name], name))
    palette = SOURCE_PALETTE[:max(0, min(max_colors, len(SOURCE_PALETTE)))]
    colors = {name: palette[i] if i < len(palette) else OTHER_SOURCE_COLOR for i, name in enumerate(names)}
    colors[MISSING_SOURCE] = MISSING_SOURCE_COLOR
    return colors


def color_of(colors: dict[str, str], source: object) -> str:
    """The colour of ``source`` in ``colors``; grey for a source the map does not know."""
    return colors.get(str(source), OTHER_SOURCE_COLOR)


def source_order(sources: Iterable[object], colors: dict[str, str]) -> list[str]:
    """``sources`` (distinct) in the order of ``colors`` (largest source first); unknown ones last, by name."""
    rank = {name: i for i, name in enumerate(colors)}
    distinct = {str(s) for s in sources}
    return sorted(distinct, key=lambda s: (rank.get(s, len(rank)), s))


def pages(items: Sequence[Item], per_page: int = PANELS_PER_PAGE) -> list[list[Item]]:
    """``items`` cut into pages of at most ``per_page``, as even as possible (17 items: 9 and 8, not 16 and 1)."""
    if not items:
        return [[]]
    n_pages = math.ceil(len(items) / per_page)
    size = math.ceil(len(items) / n_pages)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def page_size(width: float, height: float) -> tuple[float, float]:
    """``(width, height)`` in inches, capped so that the saved image, with the margin ``savefig`` adds round what a
    chart draws, fits a printed page (:data:`MAX_WIDTH` × :data:`MAX_HEIGHT`)."""
    pad = 2 * SAVE_PAD
    return min(width, MAX_WIDTH - pad), min(height, MAX_HEIGHT - pad)


def finish_row_panel(ax: plt.Axes, rows: Sequence[float], labels: Sequence[str], *, xlim: tuple[float, float],
                     xlabel: str) -> None:
    """Finish a small-multiples panel with one row per label, top to bottom: row labels, the x range, the x
    label and tick labels on every panel (panels share x), no horizontal grid lines."""
    ax.set_yticks(rows, labels, fontsize=7.5)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlim(*xlim)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="x", labelsize=7, labelbottom=True)
    ax.set_xlabel(xlabel, fontsize=8)


def panel_grid(n_panels: int, *, ncols: int, panel_width: float, panel_height: float, sharex: bool | str = True,
               sharey: bool | str = False, extra_height: float = 0.9) -> tuple[plt.Figure, list[plt.Axes]]:
    """A constrained grid of ``n_panels`` axes, ``ncols`` wide (fewer when there are fewer panels), unused cells hidden.

    The figure is ``panel_width × panel_height`` inches per panel plus
    ``extra_height`` for titles and legends, capped at a printed page (:func:`page_size`).
    """
    ncols = max(1, min(ncols, n_panels))
    nrows = max(1, math.ceil(n_panels / ncols))
    fig, grid = plt.subplots(nrows, ncols, figsize=page_size(panel_width * ncols, panel_height * nrows + extra_height),
                             sharex=sharex, sharey=sharey, squeeze=False, layout="constrained")
    axes = list(grid.flat)
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    for ax in axes[max(0, n_panels - ncols):n_panels]:  # the last panel of each column shows its x labels
        ax.tick_params(axis="x", labelbottom=True)
    return fig, axes[:n_panels]


def page_title(fig: plt.Figure, title: str, page: tuple[int, int] | None = None) -> None:
    """The figure's title, with ``(page 1 of 2)`` when the chart runs over several pages, wrapped to the figure's width."""
    suffix = f" (page {page[0]} of {page[1]})" if page and page[1] > 1 else ""
    size = mpl.font_manager.FontProperties(size=mpl.rcParams["figure.titlesize"]).get_size_in_points()
    fig.suptitle(wrap_to(title + suffix, fig.get_figwidth() - 0.3, size), fontweight="bold")


def count_of(n: int, word: str, plural: str | None = None) -> str:
    """``1 article``, ``3 articles``: a count with its noun, plural when needed."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {plural or word + 's'}"


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


def write_csv(data: pd.DataFrame, path: str | Path) -> Path:
    """Write ``data`` as the reports' CSV: :func:`formula_safe`, no index, rows ending in CRLF (RFC 4180),
    so a cell holding a carriage return or a newline is quoted and stays one cell."""
    formula_safe(data).to_csv(path, index=False, lineterminator="\r\n")
    return Path(path)


def save_chart(fig: plt.Figure | Sequence[plt.Figure], data: pd.DataFrame, out_dir: str | Path,
               name: str) -> dict[str, Path]:
    """Write ``fig`` as PNG and SVG and ``data`` as CSV, all named ``name``, into ``out_dir``.

    A chart drawn as several pages (a list of figures) is written as ``name.png``,
    ``name-2.png``… with one CSV. The CSV is written by :func:`write_csv` (cells a
    spreadsheet would run as a formula start with ``'``; numbers stay numbers).
    Returns the paths written, keyed ``png``, ``svg`` (the first page) and ``csv``,
    plus ``png-2``, ``svg-2``… for later pages.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures = [fig] if isinstance(fig, plt.Figure) else list(fig)
    paths = {"csv": out / f"{name}.csv"}
    with report_style():
        for number, figure in enumerate(figures, 1):
            suffix = "" if number == 1 else f"-{number}"
            paths["png" + suffix] = out / f"{name}{suffix}.png"
            metadata = layout_metadata(figure)  # draws the figure: its layout is done
            with _layout_kept(figure) as box:
                paths["png" + suffix].write_bytes(fitting_png(figure, metadata, box=box))
                paths["svg" + suffix] = out / f"{name}{suffix}.svg"
                figure.savefig(paths["svg" + suffix], bbox_inches=box)
    write_csv(data, paths["csv"])
    return paths


@contextlib.contextmanager
def _layout_kept(fig: plt.Figure) -> Iterator[mpl.transforms.Bbox]:
    """While ``fig`` is saved in several formats: its layout as its last draw left it (the layout engine paused, so
    each ``savefig`` draws once instead of laying the figure out again first) and the box, in inches, that
    ``bbox_inches="tight"`` crops to."""
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(float(mpl.rcParams["savefig.pad_inches"]))
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")
    try:
        yield box
    finally:
        fig.set_layout_engine(engine)


@styled
def empty_chart(title: str, message: str) -> plt.Figure:
    """A small figure that says there is nothing to draw, and why.

    For a user's own notebook; the reports say it in a caption instead of saving an
    image of a sentence (:mod:`analysis.reports.audit` flags one: its PNG carries
    :data:`PLACEHOLDER_KEY`).
    """
    fig, ax = plt.subplots(figsize=(8, 1.6))
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    fig.placeholder = message  # type: ignore[attr-defined]
    return fig


# ----------------------------------------------------------------- layout, as matplotlib measures it

#: PNG text keys under which :func:`save_chart` records what :mod:`analysis.reports.audit` checks: the extent of
#: every text, the colours of every legend, and whether the image is a placeholder with a sentence instead of data.
TEXT_BOXES_KEY, LEGEND_COLORS_KEY, PLACEHOLDER_KEY = "analysis:text-boxes", "analysis:legend-colors", "analysis:placeholder"
#: PNG text key of what a chart that shows the top N of more items shows (:func:`shown_of`), which its page must say.
SHOWN_KEY = "analysis:shown"


def shown_of(shown: int, total: int, noun: str) -> str:
    """``the 20 most frequent of 57 relations``-style phrase's core, ``20 of 57 relations``: what a chart cut to its
    top items shows. Captions say it in these words and :func:`mark_shown` records it with the chart."""
    return f"{shown:,} of {total:,} {noun}"


def mark_shown(fig: plt.Figure, shown: int, total: int, noun: str) -> None:
    """Record on ``fig`` that it shows ``shown`` of ``total`` items (nothing when it shows them all)."""
    if shown < total:
        fig.shown = shown_of(shown, total, noun)  # type: ignore[attr-defined]


def _drawn_texts(fig: plt.Figure) -> list[mpl.text.Text]:
    """The texts a draw of ``fig`` actually renders (tick labels outside the view are not), in drawing order."""
    drawn: list[mpl.text.Text] = []
    original = mpl.text.Text.draw

    def record(self: mpl.text.Text, renderer: object) -> None:
        original(self, renderer)
        if self.get_visible() and self.get_text().strip() and self.get_alpha() != 0:
            drawn.append(self)

    mpl.text.Text.draw = record  # type: ignore[method-assign]
    try:
        fig.canvas.draw()
    finally:
        mpl.text.Text.draw = original  # type: ignore[method-assign]
    return list(dict.fromkeys(drawn))


def text_boxes(fig: plt.Figure) -> list[dict[str, object]]:
    """Every text a draw of ``fig`` renders, as matplotlib lays it out: its centre, width and height before rotation
    (pixels at the figure's dpi, y up), its angle and its first 40 characters. Draws the figure once."""
    texts = _drawn_texts(fig)
    renderer = fig.canvas.get_renderer()
    boxes = []
    for text in texts:
        extent = text.get_window_extent(renderer)
        angle = text.get_rotation() % 180
        if angle:
            text.set_rotation(0)
            flat = text.get_window_extent(renderer)
            text.set_rotation(angle)
            width, height = flat.width, flat.height
        else:
            width, height = extent.width, extent.height
        if width <= 0 or height <= 0:
            continue
        boxes.append({"x": round(float(extent.x0 + extent.width / 2), 1), "y": round(float(extent.y0 + extent.height / 2), 1),
                      "w": round(float(width), 1), "h": round(float(height), 1), "angle": round(float(angle), 1),
                      "text": " ".join(text.get_text().split())[:40]})
    return boxes


def legend_colors(fig: plt.Figure) -> list[list[str]]:
    """The face colour of each entry of each legend of ``fig`` (hex; a hatched entry as ``#rrggbb/hatch``)."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    found = []
    for legend in legends:
        entries = []
        for handle in getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", []):
            if isinstance(handle, mpl.patches.Patch):
                color = mpl.colors.to_hex(handle.get_facecolor())
                entries.append(color + (f"/{handle.get_hatch()}" if handle.get_hatch() else ""))
        if entries:
            found.append(entries)
    return found


def layout_metadata(fig: plt.Figure) -> dict[str, str]:
    """The PNG metadata :func:`save_chart` writes: :func:`text_boxes`, :func:`legend_colors` and the placeholder flag."""
    meta = {TEXT_BOXES_KEY: json.dumps(text_boxes(fig), ensure_ascii=False),
            LEGEND_COLORS_KEY: json.dumps(legend_colors(fig))}
    if getattr(fig, "placeholder", None):
        meta[PLACEHOLDER_KEY] = str(fig.placeholder)
    if getattr(fig, "shown", None):
        meta[SHOWN_KEY] = str(fig.shown)
    return meta


def _png(fig: plt.Figure, dpi: float, metadata: dict[str, str], box: mpl.transforms.Bbox | None) -> bytes:
    data = io.BytesIO()
    fig.savefig(data, format="png", dpi=dpi, metadata=metadata, **({"bbox_inches": box} if box is not None else {}))
    return data.getvalue()


def fitting_png(fig: plt.Figure, metadata: dict[str, str], *, box: mpl.transforms.Bbox | None = None) -> bytes:
    """``fig`` as PNG at the reports' ``savefig.dpi``, or lower when what it draws reaches beyond a printed page
    (:data:`MAX_WIDTH` × :data:`MAX_HEIGHT` at that dpi): the image never outgrows the page, its text shrinks.
    ``box``: the part of the figure to save, in inches (default ``savefig.bbox``)."""
    dpi = float(REPORT_STYLE["savefig.dpi"])
    limit = (MAX_WIDTH * dpi, MAX_HEIGHT * dpi)
    png = _png(fig, dpi, metadata, box)
    for _ in range(8):  # text is hinted to whole pixels, so its width is not quite proportional to the dpi
        width, height = struct.unpack(">II", png[16:24])
        scale = min(limit[0] / width, limit[1] / height)
        if scale >= 1:
            break
        dpi = min(dpi - 1, math.floor(dpi * scale * 0.99))
        png = _png(fig, dpi, metadata, box)
    return png


def wrap_to(text: str, width_inches: float, fontsize: float) -> str:
    """``text`` wrapped at word boundaries to fit ``width_inches`` at ``fontsize`` points (an average character
    is about 0.55 of the size wide)."""
    chars = max(8, int(width_inches * 72 / (0.55 * fontsize)))
    return textwrap.fill(text, chars, break_long_words=False, break_on_hyphens=False)


def panel_title(ax: plt.Axes, text: str, *, fontsize: float = 9) -> None:
    """A small-multiples panel's title, left-aligned and wrapped to the panel's width so it never runs into the next."""
    width = ax.get_position().width * ax.figure.get_figwidth()
    ax.set_title(wrap_to(text, width, fontsize), fontsize=fontsize, loc="left")


def neutral_band(ax: plt.Axes, negative: float, positive: float, *, vertical: bool) -> None:
    """Shade the neutral band of compound scores (between the label cut-offs) on ``ax``."""
    span = ax.axvspan if vertical else ax.axhspan
    line = ax.axvline if vertical else ax.axhline
    span(negative, positive, color="#000000", alpha=0.07, lw=0, label=f"neutral ({negative:+.2f} to {positive:+.2f})")
    line(0, color="#555555", lw=0.8)
