"""Charts of term frequencies, distinctive terms and framing markers.

Each function takes the tidy table of the matching :mod:`analysis.terms`
function and the source colours of :func:`analysis.viz.source_colors`, and
returns a matplotlib Figure; saving is :func:`analysis.viz.save_chart`'s job.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.schema import MISSING_SOURCE
from analysis.viz.style import count_of, styled, with_n


def _panels(n_panels: int, *, ncols: int, panel_height: float, panel_width: float = 4.6,
            sharey: bool = False) -> tuple[plt.Figure, list[plt.Axes]]:
    """A grid of ``n_panels`` axes sharing the x axis (unused cells hidden), ``ncols`` wide."""
    ncols = max(1, min(ncols, n_panels))
    nrows = math.ceil(n_panels / ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(panel_width * ncols, panel_height * nrows + 0.9),
                             sharex=True, sharey=sharey, squeeze=False, layout="constrained")
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
    fig, axes = _panels(len(groups), ncols=3, panel_height=0.26 * top + 0.8)
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


@styled
def plot_top_terms(
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


@styled
def plot_distinctive_terms(
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
                       label="z-score of the weighted log-odds vs all other sources\n"
                             "(ranks terms within a source; grows with its size: not comparable across sources)",
                       annotate="{count} vs {count_others}",
                       title="Distinctive terms by source (bar labels: count here vs in the others)")


@styled
def plot_framing_markers(
    counts: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
) -> plt.Figure:
    """For each concept some group names, how each group's mentions split between its variants.

    ``counts`` is :func:`analysis.framing_markers`'s table. One panel per concept
    mentioned at least once; one 100% bar per group (its colour in the strip at
    the left, its articles as n), split into the variants (shades of grey, with
    counts inside); the total mentions are at the right, "no mention" where the
    group names the concept in none of these ways.
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
    docs = counts.groupby(by)["group_docs"].first()
    n_legend_rows = math.ceil(table.groupby("concept")["variant"].nunique().max() / 2)
    fig, axes = _panels(len(concepts), ncols=3, panel_height=0.32 * len(groups) + 0.2 * n_legend_rows + 1.1,
                        panel_width=4.2, sharey=True)
    rows_y = np.arange(len(groups))[::-1]
    for ax, concept in zip(axes, concepts):
        rows = table[table["concept"] == concept]
        variants = list(dict.fromkeys(rows["variant"]))
        shades = plt.get_cmap("Greys")(np.linspace(0.75, 0.2, len(variants)))
        wide = rows.pivot(index=by, columns="variant", values="count").reindex(index=groups, columns=variants)
        totals = wide.sum(axis=1)
        left = np.zeros(len(groups))
        for variant, shade in zip(variants, shades):
            share = (wide[variant] / totals.where(totals > 0)).fillna(0).to_numpy() * 100
            bars = ax.barh(rows_y, share, left=left, color=shade, edgecolor="white", label=variant)
            text_color = "white" if shade[:3].mean() < 0.5 else "black"
            ax.bar_label(bars, labels=[f"{c}" if v >= 6 else "" for c, v in zip(wide[variant], share)],
                         label_type="center", fontsize=8, color=text_color)
            left += share
        ax.barh(rows_y, 3, left=-4.5, color=[_color(colors, g) for g in groups])
        for y, total in zip(rows_y, totals):
            ax.text(101.5, y, f"{int(total)}" if total else "no mention", va="center", fontsize=8,
                    color="black" if total else "#777777")
        ax.set_yticks(rows_y, [with_n(g, int(docs[g])) for g in groups])
        ax.set_xlim(-5, 115)
        ax.set_xticks(range(0, 101, 25))
        ax.grid(axis="y", visible=False)
        ax.set_title(concept, fontsize=10, pad=6 + 13 * n_legend_rows)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, fontsize=8, handlelength=1, borderaxespad=0.2)
        ax.xaxis.set_tick_params(labelbottom=True)
        ax.set_xlabel("share of mentions (%); total at right")
    fig.suptitle("Framing markers: which variant each source uses (counts inside the bars)", fontweight="bold")
    return fig


# ------------------------------------------------------------------------ captions


def top_terms_caption(frequencies: pd.DataFrame, *, by: str = "source", top: int = 3) -> str:
    """A caption for a top-terms chart: the measure, then each group's ``top`` terms and sample size."""
    parts = []
    for group, rows in frequencies.groupby(by, sort=True):
        best = rows.nlargest(top, "per_10k")
        words = ", ".join(f"{t} ({v:.0f})" for t, v in zip(best["term"], best["per_10k"]))
        parts.append(f"{group} ({count_of(int(rows['group_docs'].iloc[0]), 'article')}): {words}")
    return ("Most frequent terms per source, per 10,000 words of that source (stopwords excluded). "
            + "; ".join(parts) + ".")


def distinctive_terms_caption(distinctive: pd.DataFrame, *, by: str = "source", top: int = 3) -> str:
    """A caption for a distinctive-terms chart: method, each group's ``top`` terms by z, and the caveat."""
    parts = []
    for group, rows in distinctive.groupby(by, sort=True):
        best = rows[rows["count"] > 0].nlargest(top, "z")
        words = ", ".join(f"{t} (z={z:.1f})" for t, z in zip(best["term"], best["z"]))
        parts.append(f"{group} ({count_of(int(rows['group_docs'].iloc[0]), 'article')}): {words or 'none'}")
    smallest = int(distinctive.groupby(by)["group_docs"].first().min())
    caveat = (" With as few as " + count_of(smallest, "article") + " in a source, z describes this sample; it is not a significance test."
              if smallest < 30 else " z-scores are not corrected for the many terms compared.")
    return ("Terms each source uses more than all the others together (weighted log-odds with an informative "
            "Dirichlet prior, Monroe, Colaresi & Quinn 2008). " + "; ".join(parts) + "." + caveat
            + " z ranks the terms within a source; it grows with the source's size, so it is not comparable across "
            "sources of different sizes (the table's log_ratio is the effect size: 1 = twice as often as the others).")


def framing_markers_caption(counts: pd.DataFrame, *, by: str = "source") -> str:
    """A caption for the framing-marker table: for each concept named, which variant each group prefers."""
    sentences = []
    for concept, rows in counts.groupby("concept", sort=False):
        if rows["count"].sum() == 0:
            continue
        parts = []
        for group, group_rows in rows.groupby(by, sort=True):
            total = int(group_rows["count"].sum())
            if total == 0:
                parts.append(f"{group} uses none")
                continue
            best = group_rows.loc[group_rows["count"].idxmax()]
            parts.append(f"{group} writes {best['variant']!r} ({int(best['count'])} of {total})")
        sentences.append(f"{concept}: " + "; ".join(parts) + ".")
    if not sentences:
        return "None of the framing markers occurs in these articles."
    return "Which variant each source uses, with its count out of all the variants of that concept. " + " ".join(sentences)


def kwic_caption(lines: pd.DataFrame, term_or_phrase: str, *, by: str = "source") -> str:
    """A caption for a KWIC table: how many occurrences of ``term_or_phrase``, in how many articles, per group."""
    if lines.empty:
        return f"{term_or_phrase!r} does not occur in these articles (case ignored, whole words only)."
    per_group = "; ".join(f"{group} {count}" for group, count in lines[by].value_counts().sort_index().items())
    return (f"{term_or_phrase!r}: {len(lines):,} occurrence{'s' if len(lines) != 1 else ''} in "
            f"{count_of(lines['doc_id'].nunique(), 'article')} ({per_group}); case ignored, whole words only.")
