"""Charts of actor mentions. Each takes tidy tables from :mod:`analysis.actors`, the actors to
show (most named first, e.g. :func:`analysis.top_actors`) and their short labels, and returns a
Figure; saving is left to :func:`analysis.viz.save_chart`."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.schema import MISSING_SOURCE
from analysis.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from analysis.viz.sentiment import sentiment_caveats
from analysis.viz.style import COMPOUND_AXIS, count_of, empty_chart, neutral_band, styled, with_n

_OTHER = "other actors"
_OTHER_COLOR = "#D9D9D9"


def _label(labels: Mapping[str, str] | None, actor: str) -> str:
    return (labels or {}).get(actor, actor)


def _groups(counts: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per group, sorted by name, with its article count."""
    return counts.drop_duplicates(by)[[by, "n_group_articles"]].sort_values(by, ignore_index=True)


def _group_label(group: str, n_articles: int) -> str:
    return textwrap.fill(with_n(group, int(n_articles), "articles"), 24)


def _actor_colors(actors: Sequence[str]) -> dict[str, str]:
    """A colour per actor, in the order given: tab20's ten strong colours, then its ten light ones, then repeating."""
    colors = plt.get_cmap("tab20").colors
    palette = [plt.matplotlib.colors.to_hex(c) for c in colors[0::2] + colors[1::2]]
    return {actor: palette[i % len(palette)] for i, actor in enumerate(actors)}


@styled
def plot_mentions_heatmap(
    counts: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None = None, *, by: str = "source"
) -> plt.Figure:
    """Mentions per 1,000 words, actors (rows) by group (columns), each cell labelled with its rate.

    ``counts`` is :func:`analysis.mention_counts`; columns carry each group's articles.
    """
    title = f"Who is named: mentions per 1,000 words by {by}"
    if not actors:
        return empty_chart(title, "No listed actor is named in these articles.")
    groups = _groups(counts, by)
    grid = counts.pivot(index="actor", columns=by, values="mentions_per_1000_words").reindex(index=list(actors), columns=groups[by])
    values = grid.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(2.5 + 1.3 * len(groups), 1.5 + 0.42 * len(actors)))
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0)
    top = np.nanmax(values) if np.isfinite(values).any() else 0
    for (row, column), value in np.ndenumerate(values):
        if np.isfinite(value):
            ax.text(column, row, f"{value:.1f}", ha="center", va="center", fontsize=8,
                    color="white" if value > 0.6 * top else "black")
    ax.set_xticks(range(len(groups)), [_group_label(g, n) for g, n in zip(groups[by], groups["n_group_articles"], strict=True)],
                  rotation=30 if len(groups) > 4 else 0, ha="right" if len(groups) > 4 else "center", fontsize=8)
    ax.set_yticks(range(len(actors)), [_label(labels, a) for a in actors])
    ax.grid(False)
    ax.set_xlabel(f"{by.capitalize()} (n = articles)")
    ax.set_ylabel("Actor (most named first)")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="Mentions per 1,000 words", shrink=0.8)
    fig.tight_layout()
    return fig


@styled
def plot_mentions_bars(
    counts: pd.DataFrame,
    actors: Sequence[str],
    labels: Mapping[str, str] | None,
    colors: Mapping[str, str],
    *,
    by: str = "source",
) -> plt.Figure:
    """Grouped horizontal bars: mentions per 1,000 words of each actor, one bar per group in its colour."""
    title = f"Mentions per 1,000 words by actor and {by}"
    if not actors:
        return empty_chart(title, "No listed actor is named in these articles.")
    groups = _groups(counts, by)
    table = counts.set_index(["actor", by])
    height = 0.8 / len(groups)
    fig, ax = plt.subplots(figsize=(8, 1.6 + 0.3 * len(actors) * max(1.5, len(groups) * 0.6)))
    for i, (group, n_articles) in enumerate(zip(groups[by], groups["n_group_articles"], strict=True)):
        rates = [table.loc[(actor, group), "mentions_per_1000_words"] for actor in actors]
        mentions = [int(table.loc[(actor, group), "n_mentions"]) for actor in actors]
        y = np.arange(len(actors)) - 0.4 + height * (i + 0.5)
        bars = ax.barh(y, rates, height=height * 0.9, color=colors.get(group, colors.get(MISSING_SOURCE, "#999999")),
                       label=with_n(group, int(n_articles), "articles"))
        ax.bar_label(bars, labels=[str(m) if m else "" for m in mentions], padding=2, fontsize=7)
    ax.set_yticks(range(len(actors)), [_label(labels, a) for a in actors])
    ax.invert_yaxis()
    ax.set_xlabel("Mentions per 1,000 words (bar labels: number of mentions)")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


@styled
def plot_share_of_voice(
    counts: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None = None, *, by: str = "source"
) -> plt.Figure:
    """Stacked bars per group: each shown actor's share of the group's actor mentions, the rest as "other"."""
    title = f"Share of voice by {by}"
    if not actors:
        return empty_chart(title, "No listed actor is named in these articles.")
    groups = _groups(counts, by)
    totals = counts.groupby(by)["n_mentions"].sum()
    fig, ax = plt.subplots(figsize=(9, 1.8 + 0.5 * len(groups)))
    left = np.zeros(len(groups))
    actor_colors = {**_actor_colors(actors), _OTHER: _OTHER_COLOR}
    shares = counts.pivot(index=by, columns="actor", values="share_of_mentions").reindex(groups[by]).fillna(0.0)
    shares[_OTHER] = 1.0 - shares[[a for a in actors]].sum(axis=1)
    shares.loc[totals.reindex(groups[by]).to_numpy() == 0] = 0.0
    for actor in [*actors, _OTHER]:
        share = shares[actor].clip(lower=0).to_numpy(dtype=float)
        bars = ax.barh(range(len(groups)), share * 100, left=left * 100, height=0.65, color=actor_colors[actor],
                       label=_label(labels, actor) if actor != _OTHER else _OTHER)
        ax.bar_label(bars, labels=[f"{s:.0%}" if s >= 0.06 else "" for s in share], label_type="center", fontsize=7)
        left += share
    ax.set_yticks(range(len(groups)), [textwrap.fill(with_n(g, int(totals.get(g, 0)), "mentions"), 30) for g in groups[by]])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"Share of the {by}'s mentions of listed actors (%); n = mentions")
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.legend(ncols=min(6, len(actors) + 1), loc="upper center", fontsize=7, bbox_to_anchor=(0.5, -0.3 - 0.5 / len(groups)))
    fig.tight_layout()
    return fig


def _circle(actors: Sequence[str]) -> dict[str, np.ndarray]:
    """Positions of ``actors`` on the unit circle, clockwise from the top, in the order given."""
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(actors)) / max(1, len(actors))
    return {actor: np.array([np.cos(a), np.sin(a)]) for actor, a in zip(actors, angles, strict=True)}


@styled
def plot_cooccurrence_network(
    graph: nx.Graph,
    actors: Sequence[str],
    labels: Mapping[str, str] | None = None,
    *,
    countries: Mapping[str, str] | None = None,
    unit: str = "sentence",
) -> plt.Figure:
    """The co-occurrence network of ``actors``: node size by mentions, edge width by shared ``unit``s.

    ``graph`` is :func:`analysis.cooccurrence_graph`; nodes are coloured by
    ``countries`` (actor → country, for the whole actor list so that colours
    stay the same between reports) when given. Actors sit on a circle grouped by
    country, most named first, so the drawing is the same on every run.
    """
    title = f"Named in the same {unit}"
    shown = graph.subgraph([a for a in actors if a in graph])
    if shown.number_of_nodes() == 0:
        return empty_chart(title, "No listed actor is named in these articles.")
    country_of = {a: (countries or {}).get(a, "") for a in shown}
    mentions = {a: shown.nodes[a]["n_mentions"] for a in shown}
    order = sorted(shown, key=lambda a: (country_of[a], -mentions[a], a))
    positions = _circle(order)
    most = max(mentions.values())
    weights = np.array([w for _, _, w in shown.edges(data="weight")], dtype=float)
    # Colours from every country of the list, those with most actors first (the strong colours go to the
    # main parties), so that a country keeps its colour whoever is shown.
    listed = Counter((countries or {}).values())
    country_colors = _actor_colors(sorted({*listed, ""}, key=lambda c: (-listed[c], c)))
    fig, ax = plt.subplots(figsize=(9, 8.5))
    if len(weights):
        nx.draw_networkx_edges(shown, positions, ax=ax, width=0.5 + 7 * weights / weights.max(), edge_color="#888888", alpha=0.55)
    nx.draw_networkx_nodes(shown, positions, ax=ax, nodelist=order, node_size=[60 + 1400 * mentions[a] / most for a in order],
                           node_color=[country_colors[country_of[a]] for a in order], edgecolors="white", linewidths=1)
    for actor, (x, y) in positions.items():
        ax.text(1.13 * x, 1.13 * y, f"{_label(labels, actor)} ({mentions[actor]:,})", fontsize=8, va="center",
                ha="left" if x > 0.05 else "right" if x < -0.05 else "center")
    ax.set_axis_off()
    ax.set_title(f"Actors {title[0].lower()}{title[1:]}", pad=22)
    ax.text(0.5, 1.0, f"node size and (number): mentions; edge width: {unit}s naming both (widest: "
            f"{int(weights.max()) if len(weights) else 0:,})", transform=ax.transAxes, ha="center", va="bottom", fontsize=9)
    if countries:
        handles = [Line2D([], [], marker="o", ls="none", ms=9, color=color, label=country or "unknown")
                   for country, color in country_colors.items() if country in country_of.values()]
        ax.legend(handles=handles, loc="upper center", ncols=min(6, len(handles)), fontsize=8, bbox_to_anchor=(0.5, 0.0))
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    fig.tight_layout()
    return fig


@styled
def plot_actor_tone(
    tone: pd.DataFrame,
    actors: Sequence[str],
    labels: Mapping[str, str] | None,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    level: float = 0.95,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> plt.Figure:
    """Dot plot: mean compound of the sentences naming each actor, per group, with intervals and n.

    ``tone`` is :func:`analysis.actor_sentiment`. Small-n estimates are hollow;
    each dot is labelled with its number of sentences.
    """
    title = f"Tone of the sentences naming each actor, by {by}"
    table = tone.loc[tone["actor"].isin(actors)]
    if table.empty:
        return empty_chart(title, "No listed actor is named in a scored sentence.")
    groups = sorted(table[by].unique())
    step = 0.8 / len(groups)
    row_of = {actor: i for i, actor in enumerate(actors)}
    height = 2.2 + 0.25 * len(actors) * max(2, len(groups) * 0.8)
    fig, ax = plt.subplots(figsize=(9, height))
    neutral_band(ax, negative, positive, vertical=True)
    handles: list[Line2D] = []
    for i, group in enumerate(groups):
        color = colors.get(group, colors.get(MISSING_SOURCE, "#999999"))
        part = table.loc[table[by] == group]
        y = np.array([row_of[a] for a in part["actor"]]) - 0.4 + step * (i + 0.5)
        mean = part["mean_compound"].to_numpy(dtype=float)
        low, high = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
        has_ci = np.isfinite(low)
        ax.errorbar(mean[has_ci], y[has_ci], xerr=[mean[has_ci] - low[has_ci], high[has_ci] - mean[has_ci]],
                    fmt="none", ecolor=color, elinewidth=1.5, capsize=2)
        small = part["small_n"].to_numpy(dtype=bool)
        ax.scatter(mean, y, s=36, edgecolors=color, facecolors=["white" if s else color for s in small], linewidths=1.5, zorder=3)
        handles.append(Line2D([], [], marker="o", ls="none", color=color, label=group))
        for x, yy, n in zip(np.where(has_ci, high, mean), y, part["n_sentences"], strict=True):
            ax.annotate(f"n={n:,}", (x, yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=6)
    ax.set_yticks(range(len(actors)), [_label(labels, a) for a in actors])
    for boundary in np.arange(0.5, len(actors) - 1):
        ax.axhline(boundary, color="#CCCCCC", lw=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_ylim(len(actors) - 0.5, -0.5)
    ax.set_xlim(-1.05, 1.15)
    ax.set_xlabel(f"Mean {COMPOUND_AXIS}\nof the sentences naming the actor; n = sentences")
    ax.set_title(title)
    handles += [*ax.get_legend_handles_labels()[0],
                Line2D([], [], marker="o", ls="none", color="#444444", mfc="white", mew=1.5, label="hollow: small n"),
                Line2D([], [], color="#444444", label=f"{level:.0%} interval (articles resampled)")]
    ax.legend(handles=handles, loc="upper center", ncols=3, fontsize=7, bbox_to_anchor=(0.5, -0.85 / (height - 1.4)))
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------- captions


def _group_sizes(counts: pd.DataFrame, group: str) -> str:
    sizes = counts.drop_duplicates(group)
    return ", ".join(f"{g} ({count_of(int(n), 'article')})" for g, n in zip(sizes[group], sizes["n_group_articles"], strict=True))


_WHAT_COUNTS = ("A mention is a name or listed alias of the actor (possessives included, each occurrence once); "
                "roles without a name (\"the Secretary of the Treasury\", \"the Kremlin\") are not counted.")


def mentions_caption(counts: pd.DataFrame, shown: Sequence[str], *, by: str = "source") -> str:
    """Caption for the mentions-per-1,000-words charts: what is counted, the sample, what is left out."""
    total = int(counts["n_mentions"].sum())
    in_chart = int(counts.loc[counts["actor"].isin(shown), "n_mentions"].sum())
    text = (f"Mentions per 1,000 words of the {len(shown)} most-named actors, by {by}: {in_chart:,} of the "
            f"{total:,} mentions of {counts['actor'].nunique():,} listed actors. Groups: {_group_sizes(counts, by)}. "
            "Rates are comparable across groups of different length; counts are in the CSV beside the chart. " + _WHAT_COUNTS)
    few = counts.drop_duplicates(by)
    few = few.loc[few["n_group_articles"] < 3, by].tolist()
    if few:
        text += f" {', '.join(map(str, few))}: fewer than 3 articles, so a single article sets the rate."
    return text


def share_of_voice_caption(counts: pd.DataFrame, shown: Sequence[str], *, by: str = "source") -> str:
    """Caption for the share-of-voice chart: each actor's share of a group's actor mentions."""
    return (f"Share of voice: each actor's share of all mentions of listed actors in each {by}; the {len(shown)} most-named "
            f"actors are shown, the rest are grouped as \"other\". Groups: {_group_sizes(counts, by)}. " + _WHAT_COUNTS)


def cooccurrence_network_caption(pairs: pd.DataFrame, graph: nx.Graph, *, unit: str = "sentence") -> str:
    """Caption for the co-occurrence network: units, what sizes and widths mean, the strongest pair."""
    text = (f"Actors named in the same {unit}: node size is the number of mentions, edge width the number of {unit}s "
            f"naming both; {graph.number_of_nodes()} actors and {graph.number_of_edges()} links are drawn, of "
            f"{count_of(len(pairs), 'co-occurring pair')} in the corpus.")
    if len(pairs):
        top = pairs.iloc[0]
        text += (f" The most frequent pair is {top['actor_a']} and {top['actor_b']} "
                 f"({count_of(int(top['n_together']), unit)} in {count_of(int(top['n_articles']), 'article')}).")
    return text + " Being named together is not acting together: it includes contrasts and lists."


def actor_tone_caption(tone: pd.DataFrame, articles: pd.DataFrame, *, min_articles: int = 3, level: float = 0.95) -> str:
    """Caption for the tone-by-actor chart: what is averaged, intervals, small n and the VADER caveats."""
    text = (f"Mean VADER compound score (−1 most negative, +1 most positive) of the sentences naming each actor, with "
            f"{level:.0%} bootstrap intervals that resample whole articles; n is the number of sentences. It is the tone "
            "of the sentence, not necessarily of the outlet towards the actor. ")
    flagged = int(tone["small_n"].sum())
    if flagged:
        text += (f"Hollow markers: {count_of(flagged, 'estimate')} rest on fewer than {min_articles} articles; read them as "
                 "single examples. ")
    return text + sentiment_caveats(articles)


def candidates_caption(candidates: pd.DataFrame, shown: int) -> str:
    """Caption for the table of name-like phrases the actor list does not cover."""
    return (f"The {min(shown, len(candidates))} most frequent of {count_of(len(candidates), 'name-like phrase')} that no alias "
            "of the actor list covers: capitalised sequences with titles and nationalities stripped. Some are not "
            "people (places, programmes, bylines); add the people that matter to the actor list (data/actors.yml, a copy of the shipped one), with their aliases.")
