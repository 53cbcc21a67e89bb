"""Charts and captions of what a corpus holds (the tables of :mod:`analysis.measures.overview`)."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import PowerNorm
from matplotlib.patches import Patch, Rectangle

from analysis.measures.overview import removed_by_rule, source_labels
from analysis.measures.sentiment import FREQ_NAMES
from analysis.viz.style import (
    INFERRED_HATCH,
    color_of,
    count_of,
    empty_chart,
    mark_shown,
    page_size,
    shown_of,
    source_order,
    styled,
    with_n,
)

_UNDATED_COLOR = "#E3E3E3"
_TOTAL_COLOR = "#7A7A7A"
_DIRECTED_COLOR, _SAME_DAY_COLOR = "#555555", "#BBBBBB"


def period_name(freq: str) -> str:
    """``month`` for ``M``: the word for a period frequency."""
    return FREQ_NAMES.get(freq, f"period ({freq})")


def _period_label(period: pd.Timestamp, freq: str) -> str:
    """How a period is written in captions: ``March 2022``, ``week of 7 March 2022``, ``2022 Q1``…"""
    if freq == "M":
        return f"{period:%B %Y}"
    if freq == "Q":
        return f"{period.year} Q{period.quarter}"
    if freq == "Y":
        return f"{period.year}"
    return f"{'week of ' if freq == 'W' else ''}{period.day} {period:%B %Y}"


def period_width(freq: str) -> float:
    """The length of one period in days (for bars drawn on a date axis)."""
    return {"D": 1, "W": 7, "M": 30.4, "Q": 91.3, "Y": 365.2}.get(freq, 30.4)


def date_axis(ax: plt.Axes) -> None:
    """Concise date labels on the x axis, as many as fit without overlapping (about one per 0.9 inch of axis, at least
    four: with three, a span of 13 to 23 months got one tick a year, that is one label, which the concise labels
    write as "00:00")."""
    width = ax.get_position().width * ax.figure.get_figwidth()
    locator = mdates.AutoDateLocator(minticks=2, maxticks=max(4, min(9, int(width / 0.9))))
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]  # few ticks on a narrow panel: every 6 or 12 months
    locator.intervald[mdates.DAILY] = [1, 2, 3, 7, 14, 21, 28]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# ---------------------------------------------------------------------------- charts


@styled
def plot_articles_by_source(by_source: pd.DataFrame, colors: dict[str, str]) -> plt.Figure:
    """Horizontal bars: articles per source (most first), split into stated, inferred (hatched) and missing dates."""
    table = by_source.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=page_size(8, 0.32 * len(table) + 1.5))
    inferred = table["n_inferred"].to_numpy()
    undated = table["n_undated"].to_numpy()
    stated = table["n_articles"].to_numpy() - inferred - undated
    source_colors = [color_of(colors, s) for s in table["source"]]
    y = np.arange(len(table))
    ax.barh(y, stated, color=source_colors)
    ax.barh(y, inferred, left=stated, color="white", edgecolor=source_colors, hatch=INFERRED_HATCH, lw=0.8)
    ax.barh(y, undated, left=stated + inferred, color=_UNDATED_COLOR)
    for row, total in zip(y, table["n_articles"]):
        ax.annotate(f"{total:,}", (total, row), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    ax.set_yticks(y, table["source"])
    ax.set(title="Articles per source", xlabel="articles (count)")
    ax.margins(x=0.1)
    ax.grid(axis="y", visible=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if inferred.any() or undated.any():
        handles = [Patch(color=_TOTAL_COLOR, label="date stated (filled)"),
                   *(inferred_legend() if inferred.any() else []),
                   *([Patch(color=_UNDATED_COLOR, label="undated")] if undated.any() else [])]
        ax.legend(handles=handles, loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


@styled
def plot_articles_by_period(by_period: pd.DataFrame, colors: dict[str, str], *, freq: str = "M") -> plt.Figure:
    """Articles per period: all sources (bars, inferred dates hatched) above one row per source (shaded cells).

    ``by_period`` is :func:`analysis.measures.overview.articles_by_period` at ``freq``. A
    cell's shade is the source's articles in that period; a hatched cell holds
    articles whose date is inferred. Sources run from most to fewest articles.
    """
    name = period_name(freq)
    title = f"Dated articles per {name}"
    if by_period.empty:
        return empty_chart(title, "No article has a publication date.")
    sources = source_order(by_period["source"], colors)
    periods = sorted(by_period["period"].unique())
    grid = by_period.pivot(index="source", columns="period", values="n_articles").reindex(index=sources, columns=periods)
    inferred = by_period.pivot(index="source", columns="period", values="n_inferred").reindex(index=sources, columns=periods)
    totals, total_inferred = grid.sum(), inferred.sum()
    width = period_width(freq)
    starts = mdates.date2num(pd.DatetimeIndex(periods).to_pydatetime())
    edges = np.append(starts, starts[-1] + width)
    rows_height = max(1.4, 0.27 * len(sources) + 0.3)
    fig, (top, cells) = plt.subplots(2, 1, figsize=page_size(9.5, 2.3 + rows_height + 1.0), sharex=True,
                                     layout="constrained", gridspec_kw={"height_ratios": [2.3, rows_height]})
    stated = (totals - total_inferred).to_numpy()
    top.bar(starts, stated, width=width * 0.9, align="edge", color=_TOTAL_COLOR, label="date stated")
    top.bar(starts, total_inferred.to_numpy(), bottom=stated, width=width * 0.9, align="edge", color="white",
            edgecolor=_TOTAL_COLOR, hatch=INFERRED_HATCH, lw=0.8, label="date inferred")
    top.set_ylabel(f"articles (per {name})")
    top.set_title(f"{title}, all sources (n={int(totals.sum()):,})", loc="left")
    top.yaxis.get_major_locator().set_params(integer=True)
    if total_inferred.any():
        top.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2, fontsize=8)
    values = grid.to_numpy(dtype=float)
    shade = PowerNorm(0.5, vmin=0, vmax=max(1.0, np.nanmax(values)))  # a single article stays visible beside a hundred
    mesh = cells.pcolormesh(edges, np.arange(len(sources) + 1), np.where(values > 0, values, np.nan), cmap="Blues",
                            norm=shade, edgecolors="white", linewidth=0.3)
    for (row, column), n in np.ndenumerate(inferred.to_numpy()):
        if n:
            cells.add_patch(Rectangle((edges[column], row), width, 1, fill=False, hatch=INFERRED_HATCH, lw=0,
                                      edgecolor="#333333"))
    counts = grid.sum(axis=1)
    cells.set_yticks(np.arange(len(sources)) + 0.5, [with_n(s, int(counts[s])) for s in sources], fontsize=8)
    cells.set_ylim(len(sources), 0)
    cells.grid(False)
    cells.set_title("by source (most articles first); empty cell: no article", loc="left", fontsize=9,
                    fontweight="normal")
    cells.set_xlabel(f"{name} of publication")
    date_axis(cells)
    fig.colorbar(mesh, ax=cells, label=f"articles per {name}", shrink=0.9, pad=0.01)
    return fig


def _box_strip(ax: plt.Axes, table: pd.DataFrame, value: str, order: list[str], colors: dict[str, str],
               *, max_points: int = 300, seed: int = 0, drawn: pd.DataFrame | None = None) -> None:
    """One row per source in ``order`` (top first): a box of ``value`` over its articles and up to ``max_points`` dots
    (taken from ``drawn`` when given: the values clipped to the axis)."""
    rng = np.random.default_rng(seed)
    groups = [table.loc[table["source"] == source, value].to_numpy(dtype=float) for source in order]
    dots = groups if drawn is None else [drawn.loc[drawn["source"] == source, value].to_numpy(dtype=float) for source in order]
    rows = np.arange(len(order))[::-1]
    ax.boxplot(groups, positions=rows, orientation="horizontal", widths=0.6, showfliers=False, zorder=3,
               medianprops={"color": "black", "lw": 2}, boxprops={"color": "#444444"}, whiskerprops={"color": "#444444"},
               capprops={"color": "#444444"})
    for row, values, source in zip(rows, dots, order, strict=True):
        shown = values if len(values) <= max_points else rng.choice(values, max_points, replace=False)
        few = len(shown) <= 30
        ax.scatter(shown, row + rng.uniform(-0.25, 0.25, len(shown)), s=28 if few else 9, color=color_of(colors, source),
                   alpha=0.8 if few else 0.45, lw=0, zorder=4 if few else 2)
    ax.set_yticks(rows, [with_n(s, len(v)) for s, v in zip(order, groups, strict=True)])
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.grid(axis="y", visible=False)


def _by_median(table: pd.DataFrame, value: str) -> list[str]:
    """Sources by the median of ``value`` over their articles, highest first (ties by name)."""
    medians = table.groupby("source")[value].median()
    return sorted(medians.index, key=lambda s: (-medians[s], s))


def length_limit(articles: pd.DataFrame, *, ratio: float = 1.5) -> float | None:
    """Where the words-per-article axis ends when outlying lengths would squeeze the boxes: ``ratio`` times the
    farthest whisker of any source (``None`` when every article fits within that)."""
    table = articles.assign(source=source_labels(articles))
    whiskers = []
    for _, words in table.groupby("source")["n_words"]:
        q1, q3 = words.quantile([0.25, 0.75])
        whiskers.append(float(words[words <= q3 + 1.5 * (q3 - q1)].max()))
    reach = max(whiskers, default=0.0) * ratio
    return reach if len(table) and reach > 0 and table["n_words"].max() > reach else None


@styled
def plot_words_per_article(articles: pd.DataFrame, colors: dict[str, str], *, max_points: int = 300) -> plt.Figure:
    """Box and dots: words per article after cleaning, one row per source, longest median first.

    At most ``max_points`` dots per source are drawn (a seeded sample); the boxes use every article. When a few
    very long articles would squeeze every box into a corner, the axis stops at :func:`length_limit` and those
    articles are drawn as triangles at its right edge (the caption says how many, and the longest).
    """
    table = articles.assign(source=source_labels(articles))
    order = _by_median(table, "n_words")
    limit = length_limit(articles)
    shown = table if limit is None else table.assign(n_words=table["n_words"].clip(upper=limit))
    fig, ax = plt.subplots(figsize=page_size(8, 0.32 * len(order) + 1.5))
    _box_strip(ax, table, "n_words", order, colors, max_points=max_points, drawn=shown)
    ax.set(title="Words per article", xlabel="words per article after cleaning (count)")
    ax.set_xlim(left=0, right=None if limit is None else limit * 1.04)
    if limit is not None:
        rows = np.arange(len(order))[::-1]
        for row, source in zip(rows, order, strict=True):
            n_long = int((table.loc[table["source"] == source, "n_words"] > limit).sum())
            if n_long:
                ax.plot([limit], [row], marker=">", ms=7, color="#333333", zorder=5, clip_on=False)
                ax.annotate(f"{n_long:,}", (limit, row), xytext=(6, 5), textcoords="offset points", fontsize=7,
                            annotation_clip=False)
        ax.axvline(limit, color="#999999", lw=0.8, ls=":")
    fig.tight_layout()
    return fig


@styled
def plot_removed_share(share: pd.DataFrame, colors: dict[str, str], *, max_points: int = 300) -> plt.Figure:
    """Box and dots: the share of each article's non-blank raw lines that cleaning removed, one row per source."""
    title = "Raw lines removed by cleaning, per article"
    if share.empty or not share["n_removed"].any():
        return empty_chart(title, "Cleaning removed no line from any article.")
    table = share.assign(percent_removed=share["share_removed"] * 100)
    order = _by_median(table, "percent_removed")
    fig, ax = plt.subplots(figsize=page_size(8, 0.32 * len(order) + 1.5))
    _box_strip(ax, table, "percent_removed", order, colors, max_points=max_points)
    ax.set(title=title, xlabel="non-blank raw lines removed (% of the article's lines)")
    ax.set_xlim(-2, 102)
    fig.tight_layout()
    return fig


@styled
def plot_removed_by_rule(by_rule: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: lines removed by each cleaning rule, labelled with the articles it touched."""
    title = "Lines removed by each cleaning rule"
    if by_rule.empty:
        return empty_chart(title, "Cleaning removed no line.")
    table = by_rule.iloc[::-1]
    fig, ax = plt.subplots(figsize=page_size(7, 0.4 * len(table) + 1.4))
    labels = [with_n(rule, int(n), "articles") for rule, n in zip(table["rule"], table["n_articles"])]
    ax.barh(labels, table["n_lines"], color="#555555")
    ax.bar_label(ax.containers[0], labels=[f"{n:,}" for n in table["n_lines"]], padding=3)
    ax.set(title=title, xlabel="raw lines removed (count)", ylabel="rule (articles touched)")
    ax.margins(x=0.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig


@styled
def plot_furniture_by_source(by_source: pd.DataFrame) -> plt.Figure:
    """A grid of outlets (rows, most removed first) by in-text rules (columns, most removed first): the share of each
    outlet's characters each rule removed, written in each cell and shaded by it; a total column at the right.

    ``by_source`` is :func:`analysis.io.furniture.furniture_by_source`'s table. A grid,
    not stacked bars: seven rules cannot be told apart by shades of grey.
    """
    title = "Furniture removed from inside the texts (% of each outlet's characters)"
    if by_source.empty:
        return empty_chart(title, "No in-text furniture was found (or its removal was turned off).")
    wide = by_source.pivot(index="source", columns="rule", values="share_of_chars").fillna(0) * 100
    wide = wide.loc[wide.sum(axis=1).sort_values(ascending=False).index, wide.sum().sort_values(ascending=False).index]
    wide["all rules"] = wide.sum(axis=1)
    values = wide.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=page_size(2.6 + 0.95 * wide.shape[1], 0.3 * len(wide) + 1.6), layout="constrained")
    cells = np.where(values > 0, values, np.nan)
    cells[:, -1] = np.nan  # the total is written, not shaded
    image = ax.imshow(cells, cmap="Oranges", aspect="auto", vmin=0, vmax=max(np.nanmax(values[:, :-1]), 0.1))
    top = np.nanmax(values[:, :-1]) if values.shape[1] > 1 else 0
    for (row, column), value in np.ndenumerate(values):
        text = "–" if value == 0 else f"{value:.2f}" if value < 1 else f"{value:.1f}"
        bold = column == values.shape[1] - 1
        ax.text(column, row, text, ha="center", va="center", fontsize=7, fontweight="bold" if bold else "normal",
                color="white" if not bold and value > 0.6 * top else "black")
    ax.set_xticks(range(wide.shape[1]), [c.replace("_", " ") for c in wide.columns], rotation=30, ha="right", fontsize=8)
    ax.set_yticks(range(len(wide)), wide.index, fontsize=8)
    ax.axvline(wide.shape[1] - 1.5, color="#444444", lw=0.8)
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, label="% of the outlet's characters", shrink=0.8, pad=0.02)
    return fig


def _wire_copy_bars(pairs: pd.DataFrame) -> pd.DataFrame:
    """One bar per relation: ``A reprints B`` (a later day) and ``A & B, same day`` (order unknown), most first."""
    later = pairs.assign(n=pairs["n_articles"] - pairs["n_same_day"], same_day=False)
    later = later.assign(label=later["source"] + " reprints " + later["reprinted_source"])
    same = pairs.assign(n=pairs["n_same_day"], same_day=True,
                        label=[" & ".join(sorted(p)) + ", same day" for p in zip(pairs["source"], pairs["reprinted_source"])])
    same = same.groupby(["label", "same_day"], as_index=False)["n"].sum()
    bars = pd.concat([later[["label", "same_day", "n"]], same], ignore_index=True)
    return bars[bars["n"] > 0].sort_values(["n", "label"], ascending=[False, True], kind="stable")


@styled
def plot_wire_copy(pairs: pd.DataFrame, *, top_n: int = 20) -> plt.Figure:
    """Horizontal bars: which outlets reprint whom (articles near-duplicating an earlier article of another outlet).

    ``pairs`` is :func:`analysis.io.duplicates.reprint_pairs`'s table. A reprint a later
    day has a direction (dark); one the same day has none (light): dates are by day,
    so which came first is then a guess.
    """
    title = "Wire copy: who reprints whom"
    every = _wire_copy_bars(pairs)
    bars = every.head(top_n).iloc[::-1]
    if bars.empty:
        return empty_chart(title, "No article shares its text with an earlier article of another outlet.")
    if len(every) > len(bars):
        title += f" (the {shown_of(len(bars), len(every), 'relations')} with most articles)"
    fig, ax = plt.subplots(figsize=page_size(8, 0.32 * len(bars) + 2.0), layout="constrained")
    mark_shown(fig, len(bars), len(every), "relations")
    colors = [_SAME_DAY_COLOR if same else _DIRECTED_COLOR for same in bars["same_day"]]
    ax.barh(bars["label"], bars["n"], color=colors)
    ax.bar_label(ax.containers[0], labels=[f"{n:,}" for n in bars["n"]], padding=3)
    ax.set(title=title, xlabel="articles (count)")
    ax.grid(axis="y", visible=False)
    ax.margins(x=0.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    kinds = [(False, _DIRECTED_COLOR, "a later day: reprints"), (True, _SAME_DAY_COLOR, "same day: share wire copy")]
    fig.legend(handles=[Patch(color=color, label=label) for same, color, label in kinds if (bars["same_day"] == same).any()],
               loc="outside lower center", ncols=2, fontsize=8)
    return fig


def inferred_legend() -> list[Patch]:
    """The legend entry of hatched (inferred-date) bars."""
    return [Patch(facecolor="white", edgecolor="#444444", hatch=INFERRED_HATCH, label="date inferred (hatched)")]


# -------------------------------------------------------------------------- captions


def _column_sum(table: pd.DataFrame, column: str) -> int:
    return int(table[column].sum()) if column in table.columns else 0


def dates_note(n_dated: int, n_inferred: int, n_undated: int, *, undated_shown: bool = False) -> str:
    """Sentences on the dates behind a chart: how many are inferred (and how they are marked), how many are missing."""
    parts = []
    if n_inferred:
        which = ("The only date is" if n_dated == 1 else f"All {n_dated:,} dates are" if n_inferred == n_dated
                 else f"{n_inferred:,} of {n_dated:,} dates {'is' if n_inferred == 1 else 'are'}")
        parts.append(f"{which} inferred from the events described, not stated: hatched in charts, marked ~ in tables.")
    if n_undated:
        verb = "is" if n_undated == 1 else "are"
        where = "shown in light grey" if undated_shown else "left out"
        parts.append(f"{count_of(n_undated, 'undated article')} {verb} {where}.")
    return " ".join(parts) if parts else "Every date is stated in its article."


def articles_by_source_caption(by_source: pd.DataFrame, *, small_n: int = 3) -> str:
    """Caption for the articles-per-source chart: totals, dates inferred or missing, and the sources too small to compare."""
    total = int(by_source["n_articles"].sum())
    text = f"{count_of(total, 'article')} from {count_of(len(by_source), 'source')}."
    n_undated, n_inferred = _column_sum(by_source, "n_undated"), _column_sum(by_source, "n_inferred")
    if n_inferred or n_undated:
        text += " " + dates_note(total - n_undated, n_inferred, n_undated, undated_shown=True)
    small = by_source.loc[by_source["n_articles"] < small_n, "source"].tolist()
    if small:
        text += (f" {len(small)} of them {'has' if len(small) == 1 else 'have'} fewer than {small_n} articles "
                 f"({', '.join(map(str, small))}): figures for {'it' if len(small) == 1 else 'them'} describe single "
                 "articles, not the outlet's coverage.")
    return text


def busiest_periods(by_period: pd.DataFrame, freq: str) -> str:
    """The period(s) with most articles over all sources, ties named together: ``March 2022 (356 articles)``."""
    totals = by_period.groupby("period")["n_articles"].sum()
    if totals.empty or totals.max() == 0:
        return "none"
    best = totals[totals == totals.max()].index
    names = [_period_label(pd.Timestamp(p), freq) for p in best]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    each = " each" if len(names) > 1 else ""
    return f"{joined} ({count_of(int(totals.max()), 'article')}{each})"


def articles_by_period_caption(by_period: pd.DataFrame, n_undated: int, *, freq: str = "M", span_note: str = "") -> str:
    """Caption for the articles-per-period chart: span, busiest period (ties shown as ties), inferred and undated dates."""
    name = period_name(freq)
    if by_period.empty:
        return "No article has a publication date, so none can be placed in time." + (
            f" {count_of(n_undated, 'undated article')}." if n_undated else "")
    periods = sorted(by_period["period"].unique())
    first, last = pd.Timestamp(periods[0]), pd.Timestamp(periods[-1])
    span = _period_label(first, freq) if first == last else f"{_period_label(first, freq)} to {_period_label(last, freq)}"
    n_dated, n_inferred = int(by_period["n_articles"].sum()), int(by_period["n_inferred"].sum())
    return (f"Dated articles per {name}, {span} ({count_of(len(periods), name)}, {count_of(n_dated, 'article')}); "
            f"the busiest {name}: {busiest_periods(by_period, freq)}. The cells below give each source's articles per "
            f"{name}. {span_note + ' ' if span_note else ''}{dates_note(n_dated, n_inferred, n_undated)}")


def words_per_article_caption(articles: pd.DataFrame, *, max_points: int = 300) -> str:
    """Caption for the words-per-article chart: median and range after cleaning, what boxes and dots are, and the
    outlying lengths drawn at the right edge (:func:`length_limit`)."""
    words = articles["n_words"]
    if words.empty:
        return "No article to count words in."
    text = (f"Words per article after cleaning over {count_of(len(words), 'article')}: median {words.median():,.0f}, "
            f"range {words.min():,}–{words.max():,}. Boxes span the middle half of a source's articles (line: median; "
            f"whiskers: 1.5 times that span); each dot is an article (a random {max_points:,} where a source has more). "
            "Sources run from the longest median down.")
    limit = length_limit(articles)
    if limit is not None:
        longer = articles.loc[articles["n_words"] > limit]
        text += (f" The axis stops at {limit:,.0f} words so that the boxes can be read: "
                 f"{count_of(len(longer), 'article')} longer (the longest {longer['n_words'].max():,} words, "
                 f"{longer.loc[longer['n_words'].idxmax(), 'source']}) {'is' if len(longer) == 1 else 'are'} clipped to "
                 "the right edge, counted beside each source's triangle; the CSV has every length.")
    return text


def cleaning_caption(by_article: pd.DataFrame) -> str:
    """Caption for the cleaning charts: share of lines removed and the main rule (ties named together)."""
    n_lines = int(by_article["n_lines"].sum())
    by_rule = removed_by_rule(by_article)
    n_removed = int(by_rule["n_lines"].sum())
    if n_removed == 0:
        return f"Cleaning kept all {count_of(n_lines, 'non-blank line')}."
    top = by_rule.loc[by_rule["n_lines"] == by_rule["n_lines"].max()]
    rules = " and ".join(f"{r.rule} ({count_of(int(r.n_lines), 'line')} in {count_of(int(r.n_articles), 'article')})"
                         for r in top.itertuples())
    return (f"Cleaning removed {n_removed:,} of {count_of(n_lines, 'non-blank raw line')} ({n_removed / n_lines:.0%}) as "
            f"page furniture; the most frequent rule{' is' if len(top) == 1 else 's are'} {rules}. "
            "Blank lines are not counted.")


def left_out_caption(skipped: pd.DataFrame, undated: pd.DataFrame) -> str:
    """What the corpus leaves out or cannot date, in one sentence each."""
    files = ("No file or article was left out." if skipped.empty else
             f"{count_of(len(skipped), 'file or article', 'files or articles')} left out, each listed with its reason.")
    dates = ("Every article has a publication date." if undated.empty else
             f"{count_of(len(undated), 'article')} without a publication date: missing from the charts over time.")
    return f"{files} {dates}"


def furniture_caption(by_source: pd.DataFrame, passages: pd.DataFrame) -> str:
    """Caption for the in-text furniture chart: fragments removed, the rule removing most, the repetition rule."""
    if by_source.empty:
        return "No fragment was removed from inside the texts (no chart)."
    by_rule = by_source.groupby("rule")["n_chars"].sum().sort_values(ascending=False)
    text = (f"{count_of(int(by_source['n_fragments'].sum()), 'fragment')} ({int(by_rule.sum()):,} characters) removed "
            f"from inside the texts; the rule removing most is {by_rule.index[0]}. Every fragment is listed with its "
            "rule in the fragments table.")
    if not passages.empty:
        text += (f" The repetition rule removed {count_of(len(passages), 'passage')} that an outlet repeats across its "
                 "articles (listed below): read them, since a stock background paragraph is framing, not furniture; "
                 "load with remove_repeated=False to keep them.")
    return text


def wire_copy_caption(pairs: pd.DataFrame, sentence: str, *, top_n: int = 20) -> str:
    """Caption for the wire-copy chart: the reprint count, how many relations the chart shows (``top_n``, as
    :func:`plot_wire_copy`) and what a same-day pair means."""
    if pairs.empty:
        return f"{sentence} No chart: no outlet repeats an earlier article of another outlet."
    same_day = int(pairs["n_same_day"].sum())
    relations = len(_wire_copy_bars(pairs))
    shown = (f" The chart shows the {shown_of(top_n, relations, 'relations')} with most articles; the CSV beside it "
             "has them all." if relations > top_n else f" The chart shows all {relations:,} relations.")
    return (f"{sentence}{shown} Dark bars: the reprint appeared a later day than the article it repeats. Light bars: "
            f"{count_of(same_day, 'article')} appeared the same day as the article it repeats; dates are by day, so "
            "which came first is a guess, and the pair is shown as sharing wire copy, without a direction.")


def outlet_warnings_note(warnings: pd.DataFrame) -> str:
    """The warnings about outlets (:func:`analysis.measures.overview.outlet_warnings`) for a report's methods note,
    one sentence per kind of warning naming the outlets (each outlet's details are in the index, the overview and its
    page); empty when there is none."""
    if warnings.empty:
        return ""
    kinds = {"short texts": "texts too short to be whole articles (lead paragraphs or summaries)",
             "text type": "texts marked in the corpus as not whole articles",
             "flagged": "articles flagged in the corpus (e.g. off-topic), analysed with the others",
             "language": "texts not in English, which VADER and the word lists do not read",
             "few articles": "too few articles to describe the outlet"}
    sentences = []
    for kind, rows in warnings.groupby("warning", sort=False):
        outlets = ", ".join(f"{r.source} ({r.n_articles:,} of {r.n_group_articles:,})" for r in rows.itertuples())
        sentences.append(f"{kinds.get(kind, kind)}: {outlets}.")
    return "Read these outlets' figures with care. " + " ".join(s[:1].upper() + s[1:] for s in sentences) + (
        " The corpus overview lists each warning; a filter (--where) leaves flagged articles out.")
