"""Charts of sentence sentiment by source. Each takes tidy tables from :mod:`analysis.measures.sentiment`
and a source → colour map (:func:`analysis.viz.source_colors`) and returns a Figure (or, for
small multiples that may run over several pages, a list of them); saving is left to
:func:`analysis.viz.save_chart`.

Sources are listed by their mean tone in the per-source charts (so the three charts read
in the same order) and by their number of articles in the panels over time; the source
colour is a secondary cue beside the label.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from analysis.core.schema import MISSING_SOURCE
from analysis.measures.sentiment import FREQ_NAMES, NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD, compound_box_stats
from analysis.viz.overview import busiest_periods, date_axis, dates_note, period_name, period_width
from analysis.viz.style import (
    COMPOUND_AXIS,
    INFERRED_HATCH,
    PANELS_PER_PAGE,
    color_of,
    count_of,
    empty_chart,
    neutral_band,
    page_size,
    page_title,
    pages,
    panel_grid,
    source_order,
    styled,
    with_n,
)

#: Points over time are labelled with their n when a chart has at most this many.
N_LABEL_LIMIT = 20
LABEL_COLORS = {"negative": "#B2182B", "neutral": "#BDBDBD", "positive": "#2166AC"}
_SMALL_N = "small n"


def _color(colors: dict[str, str], source: str) -> str:
    return color_of(colors, source)


def _source_label(row: pd.Series, n: int, unit: str = "n") -> str:
    label = textwrap.fill(with_n(row["source"], n, unit), 30)
    return f"{label}\n{_SMALL_N}" if row.get("small_n", False) else label


def tone_order(by_source: pd.DataFrame) -> pd.DataFrame:
    """``by_source`` from the most positive mean down (ties by name), as the per-source charts list it top to bottom."""
    ordered = by_source.sort_values(["mean_compound", "source"], ascending=[False, True], kind="stable")
    return ordered.iloc[::-1].reset_index(drop=True)  # drawn bottom-up


@styled
def plot_mean_by_source(
    by_source: pd.DataFrame,
    colors: dict[str, str],
    *,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
    level: float = 0.95,
) -> plt.Figure:
    """Mean compound per source with its bootstrap interval; labels carry n (articles) and the small-n flag.

    ``by_source`` is :func:`analysis.sentiment_by_source`. Sources run from the most
    positive mean down. Small-n sources are drawn hollow.
    """
    table = tone_order(by_source)
    fig, ax = plt.subplots(figsize=page_size(8, 1.7 + 0.42 * len(table)), layout="constrained")
    neutral_band(ax, negative, positive, vertical=True)
    ax.errorbar([], [], xerr=[], fmt="none", ecolor="#444444", elinewidth=2, capsize=4,
                label=f"{level:.0%} bootstrap interval (articles resampled)")
    for y, row in table.iterrows():
        color = _color(colors, row["source"])
        if pd.notna(row["ci_low"]):
            spread = [[row["mean_compound"] - row["ci_low"]], [row["ci_high"] - row["mean_compound"]]]
            ax.errorbar(row["mean_compound"], y, xerr=spread, fmt="none", ecolor=color, elinewidth=2, capsize=4)
        ax.plot(row["mean_compound"], y, "o", ms=8, color=color, mfc="white" if row["small_n"] else color, mew=2)
        right = row["ci_high"] if pd.notna(row["ci_high"]) else row["mean_compound"]
        note = f"{row['mean_compound']:+.2f}" + ("" if pd.notna(row["ci_low"]) else " (1 article: no interval)")
        ax.annotate(note, (right, y), xytext=(7, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(range(len(table)), [_source_label(row, row["n_articles"]) for _, row in table.iterrows()])
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.grid(axis="y", visible=False)
    reach = np.nanmax(np.abs(table[["mean_compound", "ci_low", "ci_high"]].to_numpy(dtype=float)))
    ax.set_xlim(-max(0.3, reach + 0.12), max(0.3, reach + 0.12))
    ax.set_xlabel(f"Mean {COMPOUND_AXIS} of the sentences; n = articles")
    ax.set_title("Mean sentence tone by source (most positive first)")
    handles = [Line2D([], [], marker="o", ls="none", color="#444444", mfc="white", mew=2, label=f"hollow: {_SMALL_N}")]
    fig.legend(handles=[*ax.get_legend_handles_labels()[0], *handles], loc="outside lower center", ncols=3, fontsize=8)
    return fig


def _score_counts(sentences: pd.DataFrame) -> pd.DataFrame:
    """``source``, ``compound`` and ``n_sentences``: how many sentences of each source have each score."""
    weights = sentences["n_sentences"] if "n_sentences" in sentences.columns else pd.Series(1, index=sentences.index)
    rows = pd.DataFrame({"source": sentences["source"].to_numpy(), "compound": sentences["compound"].to_numpy(dtype=float),
                         "n_sentences": weights.to_numpy(dtype="int64")})
    return rows.groupby(["source", "compound"], as_index=False)["n_sentences"].sum()


def _bxp_stats(box: pd.Series | None) -> dict[str, float]:
    """A row of :func:`analysis.measures.sentiment.compound_box_stats` as matplotlib's ``bxp`` takes it."""
    names = {"med": "median", "q1": "q1", "q3": "q3", "whislo": "whisker_low", "whishi": "whisker_high"}
    return {key: np.nan if box is None else float(box[column]) for key, column in names.items()}


@styled
def plot_compound_distribution(
    sentences: pd.DataFrame,
    by_source: pd.DataFrame,
    colors: dict[str, str],
    *,
    max_points: int = 1000,
    seed: int = 0,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> plt.Figure:
    """Box plot of sentence compound scores per source with the sentences as jittered dots.

    ``sentences`` has ``source`` and ``compound``: one row per sentence
    (:func:`analysis.join_articles` of scored sentences), or one row per source and
    score with the number of sentences having it in ``n_sentences``
    (:func:`analysis.engine.aggregates.compound_counts_table`; its size does not grow with
    the corpus). ``by_source`` supplies the order (most positive mean first), n and
    small-n flags. At most ``max_points`` dots per source are drawn (a seeded random
    sample); the boxes always use every sentence (:func:`analysis.measures.sentiment.compound_box_stats`:
    quartiles, whiskers at 1.5 IQR).
    """
    table = tone_order(by_source)
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=page_size(8, 1.4 + 0.5 * len(table)), layout="constrained")
    neutral_band(ax, negative, positive, vertical=True)
    counts = _score_counts(sentences)
    stats = compound_box_stats(counts).set_index("source")
    groups = [(group["compound"].to_numpy(dtype=float), group["n_sentences"].to_numpy(dtype="int64"))
              for group in (counts.loc[counts["source"] == source] for source in table["source"])]
    boxes = ax.bxp([_bxp_stats(stats.loc[source] if source in stats.index else None) for source in table["source"]],
                   positions=range(len(table)),
                   orientation="horizontal", widths=0.6, showfliers=False, patch_artist=True,
                   medianprops={"color": "black", "lw": 2}, zorder=3)
    for y, ((values, counts), box, source) in enumerate(zip(groups, boxes["boxes"], table["source"], strict=True)):
        color = _color(colors, source)
        box.set(facecolor=color, alpha=0.25, edgecolor="#444444")
        total = int(counts.sum())
        picks = np.arange(total) if total <= max_points else rng.choice(total, max_points, replace=False)
        shown = values[np.searchsorted(np.cumsum(counts), picks, side="right")]
        ax.scatter(shown, y + rng.uniform(-0.22, 0.22, len(shown)), s=6, color=color, alpha=0.35, lw=0, zorder=2)
    ax.set_yticks(range(len(table)), [_source_label(row, row["n_sentences"], "sentences") for _, row in table.iterrows()])
    ax.grid(axis="y", visible=False)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(COMPOUND_AXIS + " of each sentence")
    ax.set_title("Distribution of sentence tone by source (most positive mean first)")
    fig.legend(handles=ax.get_legend_handles_labels()[0], loc="outside lower center", fontsize=8)
    return fig


@styled
def plot_label_shares(by_source: pd.DataFrame) -> plt.Figure:
    """Stacked horizontal bars of the shares of negative, neutral and positive sentences per source."""
    table = tone_order(by_source)
    fig, ax = plt.subplots(figsize=page_size(8, 1.4 + 0.42 * len(table)), layout="constrained")
    left = np.zeros(len(table))
    for label in ("negative", "neutral", "positive"):
        share = table[f"share_{label}"].to_numpy(dtype=float)
        bars = ax.barh(range(len(table)), share * 100, left=left * 100, color=LABEL_COLORS[label], label=label, height=0.65)
        ax.bar_label(bars, labels=[f"{s:.0%}" if s >= 0.07 else "" for s in share], label_type="center", fontsize=8,
                     color="white" if label != "neutral" else "black")
        left += share
    ax.set_yticks(range(len(table)), [_source_label(row, row["n_articles"]) for _, row in table.iterrows()])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the source's sentences (%); n = articles")
    ax.set_title("Positive, neutral and negative sentences by source (most positive mean first)")
    ax.grid(axis="y", visible=False)
    fig.legend(handles=ax.get_legend_handles_labels()[0], ncols=3, loc="outside lower center", fontsize=8)
    return fig


def _grid_columns(n_panels: int) -> int:
    return 1 if n_panels == 1 else 2 if n_panels <= 4 else 3 if n_panels <= 9 else 4


def _time_panels(n_panels: int) -> tuple[plt.Figure, list[plt.Axes]]:
    ncols = _grid_columns(n_panels)
    return panel_grid(n_panels, ncols=ncols, panel_width=min(4.5, 9.6 / ncols), panel_height=1.85, sharex=True,
                      sharey=True, extra_height=1.2)


def _positions(periods: pd.Series, first: pd.Timestamp, freq: str) -> np.ndarray:
    """Each period's number counted from ``first`` at ``freq`` (consecutive periods differ by 1)."""
    ordinals = pd.PeriodIndex(pd.DatetimeIndex(periods), freq=freq).asi8
    return ordinals - pd.Period(first, freq=freq).ordinal


def _segments(position: np.ndarray, keep: np.ndarray) -> list[np.ndarray]:
    """Runs of indices of consecutive positions whose ``keep`` is true: the points a line may join."""
    runs: list[list[int]] = []
    for i in np.flatnonzero(keep):
        if runs and position[i] == position[runs[-1][-1]] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [np.array(run) for run in runs if len(run) > 1]


@styled
def _tone_page(over_time: pd.DataFrame, sources: Sequence[str], colors: dict[str, str], *, freq: str,
               positive: float, negative: float, level: float, min_articles: int, label_n: bool,
               page: tuple[int, int]) -> plt.Figure:
    first, last = over_time["period"].min(), over_time["period"].max()
    trusted = over_time.loc[~over_time["small_n"].astype(bool)]
    low = np.nanmin([over_time["mean_compound"].min(), trusted["ci_low"].min()])
    high = np.nanmax([over_time["mean_compound"].max(), trusted["ci_high"].max()])
    fig, axes = _time_panels(len(sources))
    for ax, source in zip(axes, sources, strict=True):
        color = _color(colors, source)
        points = over_time.loc[over_time["source"] == source].sort_values("period").reset_index(drop=True)
        neutral_band(ax, negative, positive, vertical=False)
        trusted = ~points["small_n"].to_numpy(dtype=bool)
        for run in _segments(_positions(points["period"], first, freq), trusted):
            ax.plot(points.loc[run, "period"], points.loc[run, "mean_compound"], color=color, lw=1.2, alpha=0.8)
        solid = points.loc[trusted & points["ci_low"].notna()]
        ax.errorbar(solid["period"], solid["mean_compound"], yerr=[solid["mean_compound"] - solid["ci_low"],
                    solid["ci_high"] - solid["mean_compound"]], fmt="none", ecolor=color, elinewidth=1, alpha=0.6)
        ax.plot(points.loc[trusted, "period"], points.loc[trusted, "mean_compound"], "o", ms=4.5, color=color)
        ax.plot(points.loc[~trusted, "period"], points.loc[~trusted, "mean_compound"], "o", ms=4, mfc="white",
                color=color, mew=1.2)
        inferred = points.loc[points["n_inferred"] > 0]  # marked above the point by a marker, not a text that could collide
        ax.plot(inferred["period"], inferred["mean_compound"], linestyle="none", marker=r"$\sim$", ms=7,
                color="black", transform=offset_copy(ax.transData, fig=ax.figure, y=7, units="points"))
        if label_n:
            for row in points.itertuples():
                ax.annotate(f"n={row.n_articles}", (row.period, row.mean_compound), xytext=(5, -2),
                            textcoords="offset points", ha="left", va="top", fontsize=7, color="#444444")
        ax.set_title(with_n(source, int(points["n_articles"].sum())), fontsize=9, loc="left")
        ax.set_xlim(first - pd.Timedelta(days=period_width(freq)), last + pd.Timedelta(days=period_width(freq)))
        ax.set_ylim(min(-0.3, low - 0.08), max(0.3, high + 0.12))
        date_axis(ax)
    for ax in axes:
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel("mean compound")
    handles = [
        Line2D([], [], marker="o", ms=4.5, color="#444444", label=f"mean of ≥ {min_articles} articles; "
               f"line joins adjacent {period_name(freq)}s"),
        Line2D([], [], marker="o", ls="none", ms=4, mfc="white", color="#444444", mew=1.2,
               label=f"{_SMALL_N}: fewer articles (not joined, no interval)"),
        Line2D([], [], color="#444444", lw=1, alpha=0.6, label=f"{level:.0%} interval (articles resampled)"),
    ]
    if (over_time["n_inferred"] > 0).any():
        handles.append(Line2D([], [], marker=r"$\sim$", ls="none", ms=9, color="black", label="includes inferred dates"))
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
    page_title(fig, f"Sentence tone per {period_name(freq)} by source (n = articles; {COMPOUND_AXIS})", page)
    return fig


def plot_tone_over_time(
    over_time: pd.DataFrame,
    colors: dict[str, str],
    *,
    freq: str = "W",
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
    level: float = 0.95,
    per_page: int = PANELS_PER_PAGE,
) -> list[plt.Figure]:
    """Mean compound per period, one panel per source (most articles first), as pages of at most ``per_page`` panels.

    ``over_time`` is :func:`analysis.sentiment_over_time` at ``freq``. A line joins
    only adjacent periods whose estimates are not small n, so it never crosses an
    empty period; small-n points are hollow, unjoined and without interval; a ``~``
    marks a period that includes articles with inferred dates. Each point is
    labelled with its articles when the chart has at most :data:`N_LABEL_LIMIT` points.
    """
    title = "Sentence tone over time by source"
    if over_time.empty:
        return [empty_chart(title, "No dated articles: nothing to place in time.")]
    sources = source_order(over_time["source"], colors)
    chunks = pages(sources, per_page)
    return [_tone_page(over_time, chunk, colors, freq=freq, positive=positive, negative=negative, level=level,
                       min_articles=min_articles, label_n=len(over_time) <= N_LABEL_LIMIT, page=(i, len(chunks)))
            for i, chunk in enumerate(chunks, 1)]


@styled
def _attention_page(by_period: pd.DataFrame, sources: Sequence[str], colors: dict[str, str], *, freq: str,
                    page: tuple[int, int]) -> plt.Figure:
    width = period_width(freq)
    pooled = by_period.groupby("period")["n_articles"].sum()
    pooled = pooled / pooled.sum() * 100
    top = max(by_period["share_of_source"].max() * 100, pooled.max())
    fig, axes = _time_panels(len(sources))
    for ax, source in zip(axes, sources, strict=True):
        color = _color(colors, source)
        rows = by_period.loc[by_period["source"] == source].sort_values("period")
        total = rows["n_articles"].sum()
        inferred = rows["n_inferred"] / total * 100 if total else rows["n_inferred"] * 0
        stated = rows["share_of_source"] * 100 - inferred
        ax.bar(rows["period"], stated, width=width * 0.9, align="edge", color=color)
        ax.bar(rows["period"], inferred, bottom=stated, width=width * 0.9, align="edge", color="white", edgecolor=color,
               hatch=INFERRED_HATCH, lw=0.6)
        ax.step(pooled.index + pd.Timedelta(days=width * 0.45), pooled.to_numpy(), where="mid", color="#222222", lw=0.7,
                alpha=0.8)
        ax.set_title(with_n(source, int(total)), fontsize=9, loc="left")
        ax.set_ylim(0, top * 1.1)
        date_axis(ax)
    for ax in axes:
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel("% of its articles")
    handles = [Patch(color="#777777", label=f"the source's articles in the {period_name(freq)} (% of all its dated articles)"),
               Line2D([], [], color="#222222", lw=0.7, label="all sources together"),
               Patch(facecolor="white", edgecolor="#444444", hatch=INFERRED_HATCH, label="date inferred")]
    fig.legend(handles=handles[:2] + (handles[2:] if by_period["n_inferred"].any() else []), loc="outside lower center",
               ncols=3, fontsize=8)
    page_title(fig, f"Attention: each source's articles per {period_name(freq)}, as a share of its own output", page)
    return fig


def plot_attention(by_period: pd.DataFrame, colors: dict[str, str], *, freq: str = "M",
                   per_page: int = PANELS_PER_PAGE) -> list[plt.Figure]:
    """Each source's share of its own dated articles per period, one panel per source (most articles first).

    ``by_period`` is :func:`analysis.measures.overview.articles_by_period` at ``freq``. The
    black step line is every source together; hatched bars count articles whose
    date is inferred. Panels are laid out as in :func:`plot_tone_over_time`, so the
    two charts can be read side by side. Returns pages of at most ``per_page`` panels.
    """
    title = "Attention over time by source"
    if by_period.empty:
        return [empty_chart(title, "No dated articles: nothing to place in time.")]
    sources = source_order(by_period["source"], colors)
    chunks = pages(sources, per_page)
    return [_attention_page(by_period, chunk, colors, freq=freq, page=(i, len(chunks))) for i, chunk in enumerate(chunks, 1)]


# ------------------------------------------------------------------------ captions


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "\u2212")


def _names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _small_n_note(table: pd.DataFrame, min_articles: int) -> str:
    flagged = table.loc[table["small_n"]]
    if flagged.empty:
        return ""
    if "period" in table.columns:
        return (f"{len(flagged):,} of the {count_of(len(table), 'point')} rest on fewer than {min_articles} articles "
                "(hollow, not joined, no interval): read them as single examples, not a trend. ")
    names = ", ".join(f"{row.source} ({count_of(row.n_articles, 'article')})" for row in flagged.itertuples())
    each, these = (" each", "these") if len(flagged) > 1 else ("", "it")
    return (f"Small n: {names}, fewer than {min_articles} articles{each}, so read {these} as single examples, "
            "not the outlet's usual tone. ")


def _extreme_sources(table: pd.DataFrame, value: str, *, highest: bool) -> tuple[list[str], float]:
    """The source(s) with the highest (lowest) ``value`` among those not flagged small n, and that value."""
    trusted = table.loc[~table["small_n"].astype(bool)] if "small_n" in table.columns else table
    best = trusted[value].max() if highest else trusted[value].min()
    return sorted(trusted.loc[trusted[value] == best, "source"].astype(str)), float(best)


def _signed3(x: float) -> str:
    return f"{x:+.3f}".replace("-", "\u2212")


def _with_interval(row: pd.Series, value: str, low: str, high: str, percent: bool) -> str:
    def fmt(x: float) -> str:
        return f"{x:.1%}" if percent else _signed3(x)
    interval = f" [{fmt(row[low])}, {fmt(row[high])}]" if pd.notna(row[low]) else ""
    return f"{row['source']} ({fmt(row[value])}{interval})"


def _extremes_with_ties(table: pd.DataFrame, value: str, *, min_articles: int, noun: str,
                        low: str = "ci_low", high: str = "ci_high", percent: bool = False) -> str:
    """The highest and lowest ``value`` among sources not flagged small n, each with every source whose interval
    overlaps it named as a tie (no ranking is claimed between them)."""
    trusted = table.loc[~table["small_n"].astype(bool)] if "small_n" in table.columns else table
    trusted = trusted.loc[trusted[value].notna()]
    if len(trusted) < 2:
        return ""
    if trusted[value].max() == trusted[value].min():
        same = f"{trusted[value].iloc[0]:.1%}" if percent else _signed3(trusted[value].iloc[0])
        return f"Every source with {min_articles} or more articles has the same {noun} ({same}). "
    groups = []
    for side, ascending in (("highest" if percent else "most positive", False), ("lowest" if percent else "most negative", True)):
        ordered = trusted.sort_values([value, "source"], ascending=[ascending, True], kind="stable")
        leader, rest = ordered.iloc[0], ordered.iloc[1:]
        if pd.isna(leader[low]):
            tied = rest.loc[rest[value] == leader[value]]
        else:
            tied = rest.loc[(rest[low] <= leader[high]) & (rest[high] >= leader[low])]
        groups.append((side, leader, tied))
    if all(len(tied) == len(trusted) - 1 for _, _, tied in groups):
        named = [_with_interval(row, value, low, high, percent) for _, row in
                 trusted.sort_values([value, "source"], ascending=[False, True]).iterrows()]
        return (f"Among sources with {min_articles} or more articles, {_names(named)} tie: each interval overlaps those "
                f"of the highest and the lowest {noun}, so this sample ranks none of them first or last. ")
    sentences = []
    for side, leader, tied in groups:
        named = _with_interval(leader, value, low, high, percent)
        if tied.empty:
            sentences.append(f"the {side} {noun} is {leader['source']}'s ({named.split(' (', 1)[1]}, its interval clear "
                             "of every other source's")
        elif len(tied) <= 3:
            others = [_with_interval(row, value, low, high, percent) for _, row in tied.iterrows()]
            sentences.append(f"{_names([named, *others])} tie for the {side} {noun}: their intervals overlap, so this "
                             "sample does not rank them")
        else:
            sentences.append(f"{named} ties for the {side} {noun} with {len(tied)} sources whose intervals overlap its "
                             f"({_names(tied['source'].astype(str).tolist())}), so this sample does not rank them")
    return f"Among sources with {min_articles} or more articles, " + "; ".join(sentences) + ". "


def sentiment_caveats(articles: pd.DataFrame) -> str:
    """The methods note of a sentiment report, shown once: what VADER measures, and which articles are machine-translated."""
    text = ("VADER is a general-purpose lexicon built for social-media English: it scores the words of a sentence "
            "(\"killed\", \"peace\", \"support\"), not the outlet's stance, so war reporting reads negative whoever "
            "writes it, quoted speech counts as the outlet's, and irony or domain terms are missed.")
    if "translated_from" in articles.columns:
        translated = articles.loc[articles["translated_from"].notna()]
        if len(translated):
            sources = ", ".join(sorted(translated["source"].fillna(MISSING_SOURCE).astype(str).unique()))
            languages = ", ".join(sorted(translated["translated_from"].astype(str).unique()))
            verb = "is a machine translation" if len(translated) == 1 else "are machine translations"
            text += (f" {count_of(len(translated), 'article')} of {len(articles):,} ({sources}) {verb} (from {languages}): "
                     "the translator's word choice, not the outlet's, sets part of the tone.")
    return text


def mean_by_source_caption(
    by_source: pd.DataFrame,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> str:
    """Caption for the mean-compound chart: what is shown, the sample, the extremes (ties kept), small n."""
    if by_source.empty:
        return "No scored sentence: there is no tone to show."
    text = (f"Mean VADER compound score of each source's sentences (−1 most negative, +1 most positive; the grey band "
            f"is neutral, {_signed(negative)} to {_signed(positive)}), with {level:.0%} intervals from {n_boot:,} bootstrap "
            f"resamples of whole articles; sources run from the most positive mean down. "
            f"{count_of(int(by_source['n_articles'].sum()), 'article')} and "
            f"{count_of(int(by_source['n_sentences'].sum()), 'sentence')} from {count_of(len(by_source), 'source')}. ")
    if (by_source["n_articles"] == 1).any():
        text += "A source with one article has no interval: there is nothing to resample. "
    text += _extremes_with_ties(by_source, "mean_compound", min_articles=min_articles, noun="mean")
    return (text + _small_n_note(by_source, min_articles)).strip()


def compound_distribution_caption(sentences: pd.DataFrame, *, max_points: int = 1000) -> str:
    """Caption for the distribution chart of sentence compound scores (``sentences`` as for
    :func:`plot_compound_distribution`: per sentence, or per source and score with ``n_sentences``)."""
    weights = sentences["n_sentences"] if "n_sentences" in sentences.columns else pd.Series(1, index=sentences.index)
    total = int(weights.sum())
    if total == 0:
        return "No scored sentence: there is no distribution to show."
    zero = float(weights[sentences["compound"] == 0].sum() / total)
    return (f"Compound score of every sentence by source: boxes show the median and quartiles, whiskers reach 1.5 times "
            f"the interquartile range; dots are sentences (a random sample of {max_points:,} where a source has more). "
            f"{zero:.0%} of the {count_of(total, 'sentence')} score exactly 0: VADER found no sentiment word in "
            "them.")


def label_shares_caption(
    by_source: pd.DataFrame,
    *,
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
    intervals: pd.DataFrame | None = None,
) -> str:
    """Caption for the stacked shares of positive, neutral and negative sentences.

    ``intervals`` (:func:`analysis.measures.differences.label_share_intervals`) gives
    each source's interval of its share of negative sentences: sources whose
    intervals overlap the highest (or lowest) share are named as tied with it.
    """
    text = (f"Share of each source's sentences labelled positive (compound ≥ {_signed(positive)}), neutral or negative "
            f"(≤ {_signed(negative)}). Shares count sentences, so longer articles weigh more. ")
    if intervals is not None and len(intervals):
        negative_rows = intervals.loc[intervals["label"] == "negative", ["source", "ci_low", "ci_high"]]
        table = by_source.merge(negative_rows, on="source", how="left", suffixes=("", "_share"))
        text += _extremes_with_ties(table, "share_negative", min_articles=min_articles, percent=True,
                                    noun="share of negative sentences", low="ci_low_share", high="ci_high_share")
    elif (~by_source["small_n"].astype(bool)).sum() >= 2:
        most, share = _extreme_sources(by_source, "share_negative", highest=True)
        text += (f"Among sources with {min_articles} or more articles, the largest share of negative sentences is "
                 f"{_names(most)}'s ({share:.0%}{' each' if len(most) > 1 else ''}); no interval was given, so no "
                 "difference is claimed. ")
    return (text + _small_n_note(by_source, min_articles)).strip()


def tone_over_time_caption(
    over_time: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "W", min_articles: int = 3, chosen: bool = False,
    span_note: str = "",
) -> str:
    """Caption for tone over time: the period (and how it was chosen), dates inferred or missing, joins, small n.

    ``chosen``: the period was chosen from the span of the dates (:func:`analysis.measures.overview.auto_freq`);
    ``span_note``: the sentence on outlying dates left out of the axis
    (:func:`analysis.measures.overview.span_sentence`).
    """
    period = FREQ_NAMES.get(freq, f"period ({freq})")
    n_undated = int(articles["published"].isna().sum())
    dated = articles.loc[articles["published"].notna()]
    n_inferred = int(dated["published_inferred"].fillna(False).astype(bool).sum())
    text = (f"Mean VADER compound score per source and {period} of publication"
            + (" (weeks start on Monday)" if freq == "W" else "")
            + (f"; the {period} was chosen to fit the span of the dates" if chosen else "")
            + f", over {count_of(len(dated), 'dated article')}. ")
    if over_time.empty:
        return text + "No article has a date, so there is nothing to plot."
    text += dates_note(len(dated), n_inferred, n_undated).replace("hatched in charts, marked ~ in tables",
                                                                  f"a ~ marks each {period} that includes one") + " "
    text += span_note + (" " if span_note else "")
    text += (f"A line joins adjacent {period}s whose means rest on {min_articles} or more articles; it never crosses a "
             f"{period} without them. " + _small_n_note(over_time, min_articles))
    text += ("Each point is labelled with its number of articles." if len(over_time) <= N_LABEL_LIMIT else
             "The number of articles behind each point is in the CSV beside the chart (n_articles).")
    return text.strip()


def attention_caption(by_period: pd.DataFrame, *, freq: str = "M", min_articles: int = 10, span_note: str = "") -> str:
    """Caption for the attention chart: what the shares are, when all sources peak, which sources peak elsewhere."""
    period = period_name(freq)
    if by_period.empty:
        return "No article has a date, so none can be placed in time."
    text = (f"Each panel shows the share of a source's dated articles published in each {period}, so sources of any size "
            f"compare by when they covered the story; the black line is all sources together, busiest in "
            f"{busiest_periods(by_period, freq)}. ")
    pooled = by_period.groupby("period")["n_articles"].sum()
    peak = set(pooled[pooled == pooled.max()].index)
    elsewhere = []
    for source, rows in by_period.groupby("source", sort=True):
        if rows["n_articles"].sum() < min_articles:
            continue
        own = set(rows.loc[rows["n_articles"] == rows["n_articles"].max(), "period"])
        if not own & peak:
            elsewhere.append(f"{source} ({busiest_periods(rows, freq)})")
    if elsewhere:
        text += f"Sources with {min_articles} or more dated articles whose busiest {period} differs: {'; '.join(elsewhere)}. "
    n_dated, n_inferred = int(by_period["n_articles"].sum()), int(by_period["n_inferred"].sum())
    return (text + (span_note + " " if span_note else "") + dates_note(n_dated, n_inferred, 0)).strip()


def extremes_caption(extremes: pd.DataFrame) -> str:
    """Caption for the table of each source's most positive and most negative sentences."""
    if extremes.empty:
        return "No sentence is labelled positive or negative, so there are no extremes to show."
    n = int(extremes["rank"].max())
    return (f"The {count_of(n, 'most positive and most negative sentence', 'most positive and most negative sentences')}"
            " of each source by VADER compound score, with the article they come from; a source with no sentence "
            "labelled positive (or negative) has no row for it, and a repeated sentence is listed once. Extremes show "
            "what drives the scores, misreadings included: read them before trusting the means.")
