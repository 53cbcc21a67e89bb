"""Charts of sentence sentiment by source. Each takes tidy tables from :mod:`analysis.sentiment`
and a source → colour map (:func:`analysis.viz.source_colors`) and returns a Figure; saving is
left to :func:`analysis.viz.save_chart`."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.schema import MISSING_SOURCE
from analysis.sentiment import FREQ_NAMES, NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from analysis.viz.style import COMPOUND_AXIS, count_of, empty_chart, neutral_band, styled, with_n

LABEL_COLORS = {"negative": "#B2182B", "neutral": "#BDBDBD", "positive": "#2166AC"}
_SMALL_N = "small n"


def _color(colors: dict[str, str], source: str) -> str:
    return colors.get(source, colors.get(MISSING_SOURCE, "#999999"))


def _source_label(row: pd.Series, n: int, unit: str = "n") -> str:
    label = textwrap.fill(with_n(row["source"], n, unit), 30)
    return f"{label}\n{_SMALL_N}" if row.get("small_n", False) else label


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

    ``by_source`` is :func:`analysis.sentiment_by_source`. Small-n sources are drawn hollow.
    """
    table = by_source.sort_values("source", ascending=False, ignore_index=True)
    fig, ax = plt.subplots(figsize=(8, 1.6 + 0.6 * len(table)))
    neutral_band(ax, negative, positive, vertical=True)
    ax.errorbar([], [], xerr=[], fmt="none", ecolor="#444444", elinewidth=2, capsize=4,
                label=f"{level:.0%} bootstrap interval (articles resampled)")
    for y, row in table.iterrows():
        color = _color(colors, row["source"])
        if pd.notna(row["ci_low"]):
            ax.errorbar(row["mean_compound"], y, xerr=[[row["mean_compound"] - row["ci_low"]], [row["ci_high"] - row["mean_compound"]]],
                        fmt="none", ecolor=color, elinewidth=2, capsize=4)
        ax.plot(row["mean_compound"], y, "o", ms=9, color=color, mfc="white" if row["small_n"] else color, mew=2)
        note = f"{row['mean_compound']:+.2f}" + ("" if pd.notna(row["ci_low"]) else " (1 article: no interval)")
        ax.annotate(note, (row["mean_compound"], y), xytext=(0, 9), textcoords="offset points", ha="center", fontsize=8)
    ax.set_yticks(range(len(table)), [_source_label(row, row["n_articles"]) for _, row in table.iterrows()])
    ax.set_ylim(-0.6, len(table) - 0.2)
    reach = np.nanmax(np.abs(table[["mean_compound", "ci_low", "ci_high"]].to_numpy(dtype=float)))
    ax.set_xlim(-max(0.3, reach + 0.1), max(0.3, reach + 0.1))
    ax.set_xlabel(f"Mean {COMPOUND_AXIS} of the sentences; n = articles")
    ax.set_title("Mean sentence tone by source")
    handles = [Line2D([], [], marker="o", ls="none", color="#444444", mfc="white", mew=2, label=f"hollow: {_SMALL_N}")]
    ax.legend(handles=[*ax.get_legend_handles_labels()[0], *handles], loc="upper center", ncols=3, fontsize=8,
              bbox_to_anchor=(0.5, -0.5 / (0.8 + 0.3 * len(table))))
    fig.tight_layout()
    return fig


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

    ``sentences`` has ``source`` and ``compound`` (:func:`analysis.join_articles` of
    scored sentences); ``by_source`` supplies the order, n and small-n flags. At
    most ``max_points`` dots per source are drawn (a seeded random sample); the
    boxes always use every sentence.
    """
    table = by_source.sort_values("source", ascending=False, ignore_index=True)
    rng = np.random.default_rng(seed)
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.7 * len(table)))
    neutral_band(ax, negative, positive, vertical=True)
    groups = [sentences.loc[sentences["source"] == source, "compound"].to_numpy(dtype=float) for source in table["source"]]
    boxes = ax.boxplot(groups, positions=range(len(table)), orientation="horizontal", widths=0.6, showfliers=False,
                       patch_artist=True, medianprops={"color": "black", "lw": 2}, zorder=3)
    for y, (values, box, source) in enumerate(zip(groups, boxes["boxes"], table["source"], strict=True)):
        color = _color(colors, source)
        box.set(facecolor=color, alpha=0.25, edgecolor=color)
        shown = values if len(values) <= max_points else rng.choice(values, max_points, replace=False)
        ax.scatter(shown, y + rng.uniform(-0.22, 0.22, len(shown)), s=8, color=color, alpha=0.5, lw=0, zorder=2)
    ax.set_yticks(range(len(table)), [_source_label(row, row["n_sentences"], "sentences") for _, row in table.iterrows()])
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel(COMPOUND_AXIS + " of each sentence")
    ax.set_title("Distribution of sentence tone by source")
    ax.legend(loc="upper center", fontsize=8, bbox_to_anchor=(0.5, -0.5 / (0.8 + 0.35 * len(table))))
    fig.tight_layout()
    return fig


@styled
def plot_label_shares(by_source: pd.DataFrame) -> plt.Figure:
    """Stacked horizontal bars of the shares of negative, neutral and positive sentences per source."""
    table = by_source.sort_values("source", ascending=False, ignore_index=True)
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * len(table)))
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
    ax.set_title("Positive, neutral and negative sentences by source")
    ax.grid(axis="y", visible=False)
    ax.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.6 / (1 + len(table))), fontsize=8)
    fig.tight_layout()
    return fig


@styled
def plot_tone_over_time(
    over_time: pd.DataFrame,
    colors: dict[str, str],
    *,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> plt.Figure:
    """Mean compound per period, one panel per source, with intervals where computable.

    ``over_time`` is :func:`analysis.sentiment_over_time`. Hollow markers: the
    period includes articles with inferred dates; diamonds: small n. Each point
    is labelled with its number of articles when the chart has at most 20 points.
    """
    title = "Sentence tone over time by source"
    if over_time.empty:
        return empty_chart(title, "No dated articles: nothing to place in time.")
    sources = sorted(over_time["source"].unique())
    ncols = 1 if len(sources) < 4 else 2 if len(sources) < 9 else 3
    nrows = -(-len(sources) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols + 1.5, 2.4 * nrows + 1), sharex=True, sharey=True, squeeze=False)
    for ax, source in zip(axes.flat, sources, strict=False):
        color = _color(colors, source)
        points = over_time.loc[over_time["source"] == source].sort_values("period")
        neutral_band(ax, negative, positive, vertical=False)
        ax.plot(points["period"], points["mean_compound"], color=color, lw=1, alpha=0.6)
        has_ci = points["ci_low"].notna()
        ax.errorbar(points.loc[has_ci, "period"], points.loc[has_ci, "mean_compound"],
                    yerr=[points.loc[has_ci, "mean_compound"] - points.loc[has_ci, "ci_low"],
                          points.loc[has_ci, "ci_high"] - points.loc[has_ci, "mean_compound"]],
                    fmt="none", ecolor=color, elinewidth=1, alpha=0.6)
        for row in points.itertuples():
            ax.plot(row.period, row.mean_compound, "D" if row.small_n else "o", ms=6, color=color, mew=1.5,
                    mfc="white" if row.n_inferred else color)
            if len(over_time) <= 20:
                ax.annotate(f"n={row.n_articles}", (row.period, row.mean_compound), xytext=(0, 7),
                            textcoords="offset points", ha="center", fontsize=7)
        ax.set_title(with_n(source, int(points["n_articles"].sum())), fontsize=10, color=color)
    for ax in axes.flat[len(sources):]:
        ax.set_axis_off()
    for ax in axes[:, 0]:
        ax.set_ylabel("Mean compound\n(−1 … +1)")
    for ax in axes[-1, :]:
        ax.tick_params(axis="x", labelrotation=30)
        ax.set_xlabel("Start of period (publication date)")
    handles = [
        Line2D([], [], marker="o", ls="none", color="#444444", label="dates as stated"),
        Line2D([], [], marker="o", ls="none", color="#444444", mfc="white", label="includes inferred dates"),
        Line2D([], [], marker="D", ls="none", color="#444444", label=_SMALL_N),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=3, fontsize=8, bbox_to_anchor=(0.5, 0))
    fig.suptitle(title + " (n = articles)", fontweight="bold")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


@styled
def plot_extremes(extremes: pd.DataFrame, colors: dict[str, str], *, width: int = 90) -> plt.Figure:
    """:func:`analysis.sentiment_extremes` as a printable table: source, polarity, score, sentence, article."""
    title = "Most positive and most negative sentences by source"
    if extremes.empty:
        return empty_chart(title, "No sentence is labelled positive or negative.")
    rows, heights = [], []
    for row in extremes.itertuples():
        sentence = textwrap.fill(str(row.text), width)
        article = textwrap.fill(str(row.title) if pd.notna(row.title) else "(untitled)", 34)
        source = textwrap.fill(str(row.source), 18) if row.rank == 1 else ""
        rows.append([source, f"{row.polarity} #{row.rank}", f"{row.compound:+.3f}", sentence, article])
        heights.append(max(sentence.count("\n"), article.count("\n"), source.count("\n")) + 1)
    line = 0.16
    fig, ax = plt.subplots(figsize=(15, 0.8 + line * (sum(heights) + len(heights) + 2)))
    ax.set_axis_off()
    table = ax.table(cellText=rows, colLabels=["Source", "Polarity", "Compound", "Sentence", "Article"],
                     colWidths=[0.12, 0.1, 0.06, 0.52, 0.2], cellLoc="left", loc="upper center")
    table.auto_set_font_size(False)
    table.set_fontsize(8)
    total = sum(heights) + len(heights) + 2
    for (r, c), cell in table.get_celld().items():
        cell.set_height((heights[r - 1] + 1) / total if r else 2 / total)
        cell.set_edgecolor("#DDDDDD")
        cell.PAD = 0.03
        if r == 0:
            cell.set_text_props(fontweight="bold")
        elif c == 0:
            cell.set_text_props(color=_color(colors, extremes["source"].iloc[r - 1]), fontweight="bold")
        elif c == 2:
            cell.set_text_props(color=LABEL_COLORS["positive" if extremes["compound"].iloc[r - 1] > 0 else "negative"])
    ax.set_title(title)
    return fig


# ------------------------------------------------------------------------ captions


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "\u2212")


def _small_n_note(table: pd.DataFrame, min_articles: int) -> str:
    flagged = table.loc[table["small_n"]]
    if flagged.empty:
        return ""
    if "period" in table.columns:
        return (f"{count_of(len(flagged), 'point')} rest on fewer than {min_articles} articles (labelled with their n): "
                "read them as single examples, not a trend. ")
    names = ", ".join(f"{row.source} ({count_of(row.n_articles, 'article')})" for row in flagged.itertuples())
    return (f"Small n: {names} — fewer than {min_articles} articles, so read these as single examples, "
            "not the outlet's usual tone. ")


def sentiment_caveats(articles: pd.DataFrame) -> str:
    """The caveats every sentiment caption ends with: what VADER is, and which articles are machine-translated."""
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
    articles: pd.DataFrame,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> str:
    """Caption for the mean-compound chart: what is shown, the sample, the small-n sources and the caveats."""
    return (f"Mean VADER compound score of each source's sentences (−1 most negative, +1 most positive; the grey band "
            f"is neutral, {_signed(negative)} to {_signed(positive)}), with {level:.0%} intervals from {n_boot:,} bootstrap "
            f"resamples of whole articles. {count_of(int(by_source['n_articles'].sum()), 'article')} and "
            f"{count_of(int(by_source['n_sentences'].sum()), 'sentence')} from {count_of(len(by_source), 'source')}. "
            + ("A source with one article has no interval: there is nothing to resample. "
               if (by_source["n_articles"] == 1).any() else "")
            + _small_n_note(by_source, min_articles) + sentiment_caveats(articles))


def compound_distribution_caption(sentences: pd.DataFrame, articles: pd.DataFrame, *, max_points: int = 1000) -> str:
    """Caption for the distribution chart of sentence compound scores (``sentences`` as from :func:`join_articles`)."""
    zero = float((sentences["compound"] == 0).mean()) if len(sentences) else 0.0
    return (f"Compound score of every sentence by source: boxes show the median and quartiles, whiskers reach 1.5 times "
            f"the interquartile range; dots are sentences (a random sample of {max_points:,} where a source has more). "
            f"{zero:.0%} of the {count_of(len(sentences), 'sentence')} score exactly 0: VADER found no sentiment word in "
            "them. " + sentiment_caveats(articles))


def label_shares_caption(
    by_source: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> str:
    """Caption for the stacked shares of positive, neutral and negative sentences."""
    return (f"Share of each source's sentences labelled positive (compound ≥ {_signed(positive)}), neutral or negative "
            f"(≤ {_signed(negative)}). Shares count sentences, so longer articles weigh more. "
            + _small_n_note(by_source, min_articles) + sentiment_caveats(articles))


def tone_over_time_caption(over_time: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "W", min_articles: int = 3) -> str:
    """Caption for tone over time: the period, inferred dates, undated articles left out, small n, caveats."""
    period = FREQ_NAMES.get(freq, f"period ({freq})")
    n_undated = int(articles["published"].isna().sum())
    dated = articles.loc[articles["published"].notna()]
    n_inferred = int(dated["published_inferred"].astype(bool).sum())
    text = (f"Mean VADER compound score per source and {period} of publication"
            + (" (weeks start on Monday)" if freq == "W" else "") + f", with {count_of(len(dated), 'dated article')}. ")
    if n_inferred:
        text += (f"Hollow markers: the {period} includes articles whose date was inferred from their content, not stated "
                 f"({n_inferred:,} of {len(dated):,} dated articles); their placement in time is an estimate. ")
    text += (f"{count_of(n_undated, 'undated article')} {'is' if n_undated == 1 else 'are'} left out. " if n_undated
             else "Every article is dated. ")
    if over_time.empty:
        return text + "No article has a date, so there is nothing to plot. " + sentiment_caveats(articles)
    return text + _small_n_note(over_time, min_articles) + sentiment_caveats(articles)


def extremes_caption(extremes: pd.DataFrame, articles: pd.DataFrame) -> str:
    """Caption for the table of each source's most positive and most negative sentences."""
    n = int(extremes["rank"].max()) if len(extremes) else 0
    return (f"The {n} most positive and most negative sentences of each source by VADER compound score, with the "
            "article they come from; a source with no sentence labelled positive (or negative) has no row for it, and "
            "a repeated sentence is listed once. Extremes show what drives the scores, misreadings included: read them "
            "before trusting the means. " + sentiment_caveats(articles))
