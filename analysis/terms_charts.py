"""Charts of term frequencies, distinctive terms and framing markers.

Each function takes the tidy table of the matching :mod:`analysis.terms`
function and the source colours of :func:`analysis.charts.source_colors`, and
returns a matplotlib Figure; saving is :func:`analysis.charts.save_chart`'s job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.charts import MISSING_SOURCE, with_n


def _panels(n_panels: int, *, ncols: int, panel_height: float, sharex: bool) -> tuple[plt.Figure, list[plt.Axes]]:
    """A grid of ``n_panels`` axes (unused cells hidden), ``ncols`` wide."""
    ncols = max(1, min(ncols, n_panels))
    nrows = math.ceil(n_panels / ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, panel_height * nrows + 0.9),
                             sharex=sharex, squeeze=False, layout="constrained")
    axes = list(grid.flat)
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def _color(colors: Mapping[str, str], group: object) -> str:
    return colors.get(str(group), colors.get(MISSING_SOURCE, "#999999"))


def _bar_panels(
    table: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str,
    value: str,
    top: int,
    label: str,
    title: str,
    annotate: str,
) -> plt.Figure:
    """One panel per group: the group's ``top`` rows by ``value`` as horizontal bars, largest on top."""
    groups = sorted(table[by].unique())
    fig, axes = _panels(len(groups), ncols=3, panel_height=0.26 * top + 0.8, sharex=True)
    for ax, group in zip(axes, groups):
        rows = table[table[by] == group].nlargest(top, value).iloc[::-1]
        bars = ax.barh(rows["term"], rows[value], color=_color(colors, group))
        ax.bar_label(bars, labels=[annotate.format(**r) for r in rows.to_dict("records")], padding=2, fontsize=8)
        ax.set_title(with_n(group, int(rows["group_docs"].max()) if len(rows) else 0), fontsize=10)
        ax.tick_params(axis="y", labelsize=9)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.18)
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel(label)
    fig.suptitle(title, fontweight="bold")
    return fig


def top_terms_chart(
    frequencies: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    top: int = 15,
) -> plt.Figure:
    """Small multiples of each group's ``top`` terms on a per-10,000 scale, one shared axis.

    ``frequencies`` is :func:`analysis.term_frequencies`'s table; panel titles give
    the articles in each group (n) and bars are labelled with raw counts.
    """
    return _bar_panels(frequencies, colors, by=by, value="per_10k", top=top,
                       label="occurrences per 10,000 words (stopwords excluded)", annotate="{count}",
                       title="Most frequent terms by source (bar labels: raw counts)")


def distinctive_terms_chart(
    distinctive: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    top: int = 10,
) -> plt.Figure:
    """Small multiples of the ``top`` terms by z-score that each group uses more than the others.

    ``distinctive`` is :func:`analysis.distinctive_terms`'s table; bars are
    labelled with the term's count in the group and in all the others.
    """
    used = distinctive[(distinctive["count"] > 0) & (distinctive["z"] > 0)]
    return _bar_panels(used, colors, by=by, value="z", top=top,
                       label="z-score of the weighted log-odds (vs all other sources)",
                       annotate="{count} vs {count_others}",
                       title="Distinctive terms by source (bar labels: count here vs in the others)")


def framing_markers_chart(
    counts: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
) -> plt.Figure:
    """For each concept some group names, the share of its mentions each variant takes, per group.

    ``counts`` is :func:`analysis.framing_markers`'s table. One panel per concept
    mentioned at least once; bars are coloured by group and labelled with the
    count (no label: the group names the concept in none of these ways); the
    legend gives the articles in each group (n).
    """
    mentioned = counts.groupby("concept", sort=False)["count"].transform("sum") > 0
    table = counts[mentioned]
    concepts = list(dict.fromkeys(table["concept"]))
    groups = sorted(counts[by].unique())
    if not concepts:
        fig, ax = plt.subplots(figsize=(6, 2), layout="constrained")
        ax.axis("off")
        ax.text(0.5, 0.5, "None of the framing markers occurs in these articles.", ha="center", va="center")
        return fig
    n_variants = max(table.groupby("concept")["variant"].nunique())
    fig, axes = _panels(len(concepts), ncols=2, panel_height=0.22 * n_variants * len(groups) + 0.9, sharex=True)
    height = 0.8 / len(groups)
    for ax, concept in zip(axes, concepts):
        rows = table[table["concept"] == concept]
        variants = list(dict.fromkeys(rows["variant"]))
        positions = np.arange(len(variants))[::-1]
        for i, group in enumerate(groups):
            group_rows = rows[rows[by] == group].set_index("variant").reindex(variants)
            y = positions + (len(groups) / 2 - i - 0.5) * height
            bars = ax.barh(y, group_rows["share"].fillna(0) * 100, height=height, color=_color(colors, group),
                           label=with_n(group, int(counts.loc[counts[by] == group, "group_docs"].iloc[0])))
            names_it = group_rows["count"].sum() > 0
            ax.bar_label(bars, labels=[str(c) if names_it else "" for c in group_rows["count"]], padding=2, fontsize=8)
        ax.set_yticks(positions, variants)
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, 112)
        ax.set_title(concept, fontsize=10)
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel("share of the concept's mentions in the source (%)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(3, len(groups)), title="articles per source")
    fig.suptitle("Framing markers: which variant each source uses\n(bar labels: counts; none: the source does not name the concept)", fontweight="bold")
    return fig
