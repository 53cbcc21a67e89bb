"""Charts of actor mentions. Each takes tidy tables from :mod:`analysis.measures.actors`, the actors to
show (most named first, e.g. :func:`analysis.top_actors`) and their short labels, and returns a
Figure, or for small multiples (one panel per actor) a list of them, one per page; saving is
left to :func:`analysis.viz.save_chart`.

Sources run from most articles to fewest in every chart. Source colours appear only as a
secondary cue on per-source marks; actors and countries get no colour of their own (they are
named on the axes and labels), so a hue always means a source.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.measures.tone import load_tone_model
from analysis.viz.style import (
    color_of,
    count_of,
    empty_chart,
    finish_row_panel,
    mark_shown,
    page_size,
    page_title,
    pages,
    panel_grid,
    panel_title,
    shown_of,
    styled,
    with_n,
)

_OTHER = "other actors"
_NODE_COLOR = "#8C8C8C"
#: Actors per page of the per-actor small multiples.
ACTORS_PER_PAGE = 12


def _label(labels: Mapping[str, str] | None, actor: str) -> str:
    return (labels or {}).get(actor, actor)


def _groups(counts: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per group with its article count, most articles first (ties by name)."""
    groups = counts.drop_duplicates(by)[[by, "n_group_articles"]]
    return groups.sort_values(["n_group_articles", by], ascending=[False, True], ignore_index=True)


def _group_label(group: str, n_articles: int) -> str:
    return textwrap.fill(with_n(group, int(n_articles), "articles"), 34)


def _heatmap(ax: plt.Axes, values: np.ndarray, cmap: str, fmt: str) -> plt.cm.ScalarMappable:
    """Shaded cells with their value written in, white on dark cells; missing cells left blank."""
    image = ax.imshow(values, cmap=cmap, aspect="auto", vmin=0)
    top = np.nanmax(values) if np.isfinite(values).any() else 0
    for (row, column), value in np.ndenumerate(values):
        if np.isfinite(value):
            ax.text(column, row, fmt.format(value), ha="center", va="center", fontsize=7,
                    color="white" if value > 0.6 * top else "black")
    ax.grid(False)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


@styled
def plot_mentions_heatmap(
    counts: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None = None, *, by: str = "source"
) -> plt.Figure:
    """Mentions per 1,000 words, groups (rows, most articles first) by actor (columns, most named first).

    ``counts`` is :func:`analysis.mention_counts`; rows carry each group's articles.
    """
    title = f"Who is named: mentions per 1,000 words by {by}"
    if not actors:
        return empty_chart(title, "No listed actor is named in these articles.")
    groups = _groups(counts, by)
    grid = counts.pivot(index=by, columns="actor", values="mentions_per_1000_words").reindex(index=groups[by],
                                                                                           columns=list(actors))
    fig, ax = plt.subplots(figsize=page_size(3.2 + 0.62 * len(actors), 1.9 + 0.3 * len(groups)))
    image = _heatmap(ax, grid.to_numpy(dtype=float), "Blues", "{:.1f}")
    ax.set_yticks(range(len(groups)), [_group_label(g, n) for g, n in zip(groups[by], groups["n_group_articles"], strict=True)],
                  fontsize=8)
    ax.set_xticks(range(len(actors)), [_label(labels, a) for a in actors], rotation=40, ha="right", fontsize=8)
    ax.set_xlabel("Actor (most named first)")
    ax.set_title(title)
    fig.colorbar(image, ax=ax, label="Mentions per 1,000 words", shrink=0.8, pad=0.02)
    fig.tight_layout()
    mark_shown(fig, len(actors), _named(counts), "actors named")
    return fig


def _actor_panels(n_actors: int, n_groups: int, *, extra_height: float = 0.9) -> tuple[plt.Figure, list[plt.Axes]]:
    ncols = 1 if n_actors == 1 else 2 if n_actors <= 4 else 3 if n_actors <= 9 else 4
    return panel_grid(n_actors, ncols=ncols, panel_width=min(4.5, 9.8 / ncols), panel_height=0.17 * n_groups + 0.75,
                      sharex=True, sharey=True, extra_height=extra_height)


@styled
def _mentions_page(counts: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None,
                   colors: Mapping[str, str], *, by: str, page: tuple[int, int]) -> plt.Figure:
    groups = _groups(counts, by)
    table = counts.set_index(["actor", by])
    rows = np.arange(len(groups))
    top = counts.loc[counts["actor"].isin(actors), "mentions_per_1000_words"].max()
    fig, axes = _actor_panels(len(actors), len(groups))
    for ax, actor in zip(axes, actors, strict=True):
        part = table.loc[actor].reindex(groups[by])
        rates = part["mentions_per_1000_words"].fillna(0).to_numpy(dtype=float)
        mentions = part["n_mentions"].fillna(0).astype(int).to_numpy()
        bars = ax.barh(rows, rates, color=[color_of(dict(colors), g) for g in groups[by]], height=0.75)
        ax.bar_label(bars, labels=[f"{m:,}" if m else "" for m in mentions], padding=2, fontsize=6.5, color="#444444")
        panel_title(ax, f"{_label(labels, actor)} ({mentions.sum():,} mentions)")
        finish_row_panel(ax, rows, [_group_label(g, n) for g, n in zip(groups[by], groups["n_group_articles"], strict=True)],
                         xlim=(0, top * 1.25 if top > 0 else 1), xlabel="per 1,000 words")
    page_title(fig, f"Mentions per 1,000 words by actor and {by} (bar labels: number of mentions)", page)
    return fig


def plot_mentions_bars(
    counts: pd.DataFrame,
    actors: Sequence[str],
    labels: Mapping[str, str] | None,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    per_page: int = ACTORS_PER_PAGE,
) -> list[plt.Figure]:
    """One panel per actor (most named first): its mentions per 1,000 words in each group, groups labelled on the axis.

    Returns pages of at most ``per_page`` actors.
    """
    if not actors:
        return [empty_chart(f"Mentions per 1,000 words by actor and {by}", "No listed actor is named in these articles.")]
    chunks = pages(list(actors), per_page)
    figures = [_mentions_page(counts, chunk, labels, colors, by=by, page=(i, len(chunks))) for i, chunk in enumerate(chunks, 1)]
    for fig in figures:
        mark_shown(fig, len(actors), _named(counts), "actors named")
    return figures


def _named(counts: pd.DataFrame) -> int:
    """How many actors ``counts`` (:func:`analysis.mention_counts`) shows named at least once."""
    return int(counts.loc[counts["n_mentions"] > 0, "actor"].nunique())


@styled
def plot_share_of_voice(
    counts: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None = None, *, by: str = "source"
) -> plt.Figure:
    """Each shown actor's share of a group's mentions of listed actors (cells, in %), the rest as "other actors"."""
    title = f"Share of voice by {by}: each actor's share of the {by}'s mentions of listed actors"
    if not actors:
        return empty_chart(title, "No listed actor is named in these articles.")
    groups = _groups(counts, by)
    totals = counts.groupby(by)["n_mentions"].sum().reindex(groups[by]).fillna(0)
    shares = counts.pivot(index=by, columns="actor", values="share_of_mentions").reindex(groups[by]).fillna(0.0)
    shares = shares.reindex(columns=list(actors), fill_value=0.0)
    shares[_OTHER] = (1.0 - shares.sum(axis=1)).clip(lower=0)
    shares.loc[totals.to_numpy() == 0] = np.nan
    fig, ax = plt.subplots(figsize=page_size(3.4 + 0.62 * (len(actors) + 1), 1.9 + 0.3 * len(groups)))
    image = _heatmap(ax, shares.to_numpy(dtype=float) * 100, "Purples", "{:.0f}")
    ax.set_yticks(range(len(groups)), [textwrap.fill(with_n(g, int(totals[g]), "mentions"), 34) for g in groups[by]],
                  fontsize=8)
    ax.set_xticks(range(len(actors) + 1), [*(_label(labels, a) for a in actors), _OTHER], rotation=40, ha="right",
                  fontsize=8)
    ax.set_xlabel("Actor (most named first); each row sums to 100%")
    ax.set_title(textwrap.fill(title, 80), fontsize=10)
    fig.colorbar(image, ax=ax, label="% of its mentions", shrink=0.8, pad=0.02)
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

    ``graph`` is :func:`analysis.cooccurrence_graph`. Actors sit on a circle
    grouped by ``countries`` (actor → country), most named first, so the drawing
    is the same on every run; each label names the actor, its country and its
    mentions (no colour by country: hues mean sources in these reports).
    """
    title = f"Named in the same {unit}"
    shown = graph.subgraph([a for a in actors if a in graph])
    if shown.number_of_nodes() == 0:
        return empty_chart(title, "No listed actor is named in these articles.")
    country_of = {a: (countries or {}).get(a, "") or "" for a in shown}
    mentions = {a: shown.nodes[a]["n_mentions"] for a in shown}
    order = sorted(shown, key=lambda a: (country_of[a], -mentions[a], a))
    positions = _circle(order)
    most = max(mentions.values())
    weights = np.array([w for _, _, w in shown.edges(data="weight")], dtype=float)
    fig, ax = plt.subplots(figsize=(9, 8))
    if len(weights):
        nx.draw_networkx_edges(shown, positions, ax=ax, width=0.5 + 7 * weights / weights.max(), edge_color="#9A9A9A",
                               alpha=0.55)
    nx.draw_networkx_nodes(shown, positions, ax=ax, nodelist=order, node_size=[60 + 1400 * mentions[a] / most for a in order],
                           node_color=_NODE_COLOR, edgecolors="white", linewidths=1)
    for actor, (x, y) in positions.items():
        country = f" · {country_of[actor]}" if country_of[actor] else ""
        ax.text(1.13 * x, 1.13 * y, f"{_label(labels, actor)}{country} ({mentions[actor]:,})", fontsize=8, va="center",
                ha="left" if x > 0.05 else "right" if x < -0.05 else "center")
    ax.set_axis_off()
    ax.set_title(f"Actors {title[0].lower()}{title[1:]}", pad=22)
    ax.text(0.5, 1.0, f"node size and (number): mentions; edge width: {unit}s naming both (widest: "
            f"{int(weights.max()) if len(weights) else 0:,}); actors grouped by country", transform=ax.transAxes,
            ha="center", va="bottom", fontsize=9)
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    fig.tight_layout()
    return fig


@styled
def _tone_page(table: pd.DataFrame, actors: Sequence[str], groups: Sequence[str], labels: Mapping[str, str] | None,
               colors: Mapping[str, str], *, by: str, level: float, page: tuple[int, int]) -> plt.Figure:
    rows = {group: i for i, group in enumerate(groups)}
    fig, axes = _actor_panels(len(actors), len(groups), extra_height=1.3)
    for ax, actor in zip(axes, actors, strict=True):
        part = table.loc[table["actor"] == actor]
        ax.axvline(0, color="#999999", lw=0.8, zorder=1)
        y = part[by].map(rows).to_numpy(dtype=float)
        mean = part["mean_tone"].to_numpy(dtype=float)
        low, high = part["tone_ci_low"].to_numpy(dtype=float), part["tone_ci_high"].to_numpy(dtype=float)
        small = part["small_n"].to_numpy(dtype=bool)
        point_colors = [color_of(dict(colors), g) for g in part[by]]
        trusted = np.isfinite(low) & ~small
        ax.hlines(y[trusted], low[trusted], high[trusted], colors=np.array(point_colors)[trusted] if trusted.any() else None,
                  lw=1.5)
        ax.scatter(part["mean_compound"].to_numpy(dtype=float), y, s=18, marker="x", color="#888888", linewidths=1.0, zorder=2)
        ax.scatter(mean, y, s=22, edgecolors=point_colors, facecolors=["white" if s else c for s, c in zip(small, point_colors)],
                   linewidths=1.3, zorder=3)
        for yy, n in zip(y, part["n_sentences"]):
            ax.text(1.04, yy, f"{n:,}", va="center", ha="left", fontsize=6.5, color="#555555",
                    transform=ax.get_yaxis_transform())
        panel_title(ax, f"{_label(labels, actor)} ({int(part['n_sentences'].sum()):,} sentences)")
        finish_row_panel(ax, range(len(groups)), list(groups), xlim=(-1, 1), xlabel="mean tone toward the actor")
    handles = [Line2D([], [], marker="o", ls="-", color="#444444", label=f"tone toward the actor, {level:.0%} interval"),
               Line2D([], [], marker="o", ls="none", color="#444444", mfc="white", label="hollow: small n, no interval"),
               Line2D([], [], marker="x", ls="none", color="#888888", label="whole-sentence VADER compound"),
               Line2D([], [], ls="none", label="numbers at right: sentences")]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
    page_title(fig, f"Tone toward each actor in the sentences naming them, by {by} (−1 negative … +1 positive)", page)
    return fig


def plot_actor_tone(
    tone: pd.DataFrame,
    actors: Sequence[str],
    labels: Mapping[str, str] | None,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    level: float = 0.95,
    per_page: int = ACTORS_PER_PAGE,
) -> list[plt.Figure]:
    """One panel per actor: mean tone toward it (:func:`analysis.tone_toward`) in each group, with intervals and n,
    and the mean whole-sentence VADER compound as a grey cross.

    ``tone`` is :func:`analysis.actor_sentiment`. Groups run from most sentences
    naming the shown actors to fewest; small-n estimates are hollow and drawn
    without interval; the number of sentences is written at the right of each
    row. Returns pages of at most ``per_page`` actors.
    """
    title = f"Tone toward each actor, by {by}"
    table = tone.loc[tone["actor"].isin(actors)]
    if table.empty:
        return [empty_chart(title, "No listed actor is named in a scored sentence.")]
    sizes = table.groupby(by)["n_sentences"].sum()
    groups = sorted(sizes.index, key=lambda g: (-sizes[g], g))
    named = [a for a in actors if a in set(table["actor"])]
    chunks = pages(named, per_page)
    return [_tone_page(table, chunk, groups, labels, colors, by=by, level=level, page=(i, len(chunks)))
            for i, chunk in enumerate(chunks, 1)]


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
    named = _named(counts)
    which = (f"the {shown_of(len(shown), named, 'actors named')} (the most named)" if len(shown) < named
             else f"all {count_of(named, 'actor')} named")
    text = (f"Mentions per 1,000 words of {which}, by {by}: {in_chart:,} of the {total:,} mentions. Groups: "
            f"{_group_sizes(counts, by)}. Rates are comparable across groups of different length; every named actor's "
            "counts and rates are in the table below and its CSV. " + _WHAT_COUNTS)
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
        top = pairs.loc[pairs["n_together"] == pairs["n_together"].max()]
        names = [f"{r.actor_a} and {r.actor_b}" for r in top.head(3).itertuples()]
        more = f" (and {len(top) - 3:,} more)" if len(top) > 3 else ""
        text += (f" The most frequent pair{' is' if len(top) == 1 else 's are'} {'; '.join(names)}{more} "
                 f"({count_of(int(top['n_together'].iloc[0]), unit)}{' each' if len(top) > 1 else ''}"
                 + (f" in {count_of(int(top['n_articles'].iloc[0]), 'article')}" if len(top) == 1 else "") + ").")
    return text + " Being named together is not acting together: it includes contrasts and lists."


def actor_tone_caption(tone: pd.DataFrame, *, min_articles: int = 3, level: float = 0.95) -> str:
    """Caption for the tone-by-actor chart: what is averaged, intervals, small n (VADER's caveats: the methods note)."""
    if tone.empty:
        return "No listed actor is named in a scored sentence."
    text = ("Mean tone toward each actor of the sentences naming them (analysis.tone_toward: a model that reads the words "
            "about that person, so one sentence can praise one actor and attack another; −1 negative, +1 positive), with "
            f"{level:.0%} bootstrap intervals that resample whole articles; grey crosses: the mean VADER compound of the "
            "same whole sentences, the same for every person a sentence names. The number at the right of each row is its "
            "sentences. Quoted words count as the sentence's, not necessarily the outlet's. ")
    flagged = int(tone["small_n"].sum())
    if flagged:
        text += (f"Hollow markers: {flagged:,} of the {count_of(len(tone), 'estimate')} rest on fewer than {min_articles} "
                 "articles and have no interval drawn; read them as single examples.")
    return text.strip()


def candidates_caption(candidates: pd.DataFrame, shown: int) -> str:
    """Caption for the table of name-like phrases the actor list does not cover."""
    if candidates.empty:
        return "Every name-like phrase of these articles is covered by the actor list: no candidate to add."
    which = ("The only" if len(candidates) == 1 else f"All {len(candidates):,}" if shown >= len(candidates)
             else f"The {shown:,} most frequent of {len(candidates):,}")
    noun = "name-like phrase" if len(candidates) == 1 else "name-like phrases"
    return (f"{which} {noun} that no alias of the actor list covers: capitalised sequences with titles and "
            "nationalities stripped. Some are not people (places, programmes, bylines); add the people that matter "
            "to the actor list (data/actors.yml, a copy of the shipped one), with their aliases. All candidates are in "
            "the CSV beside the table.")


def tone_toward_note() -> str:
    """The methods note on tone toward an actor: how far the shipped model and whole-sentence VADER agree with human coders."""
    dev = load_tone_model().metadata["dev"]
    rw, mt = dev["dev_rw"], dev["dev_mt"]
    return ("Tone toward an actor is scored by a model trained on NewsMTSC (Hamborg & Donnay 2021: US political news "
            "sentences whose coders judged the sentiment toward one named person). Agreement with those coders, measured "
            "on NewsMTSC dev sentences, not on this corpus (macro-F1 over negative, neutral, positive; 0.33 is chance): "
            f"tone toward the actor {rw['tone_toward']['macro_f1']:.2f} on the real-world mix ({rw['n']} sentences) and "
            f"{mt['tone_toward']['macro_f1']:.2f} where a sentence names several people ({mt['n']}); whole-sentence VADER, "
            f"the grey crosses, {rw['whole_sentence_vader']['macro_f1']:.2f} and {mt['whole_sentence_vader']['macro_f1']:.2f}. "
            "War reporting and machine-translated text differ from that training data, so read small differences "
            "between outlets with care.")
