"""Charts and captions of differences: every pair of sources compared, and each source (or actor) before and after
a date. They take the tables of :mod:`analysis.measures.differences` (columns of
:func:`analysis.measures.stats.pairwise_differences`).

A difference is coloured only where it survives the adjustment for all the pairs
compared (Holm); every other pair is a tie, drawn as such. The colours are a
diverging scale of the difference (blue: the row's source higher), not the
sources' colours: a hue here means a direction, and sources are named on the axes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap, TwoSlopeNorm
from matplotlib.lines import Line2D

from analysis.viz.style import (
    MAX_HEIGHT,
    MAX_WIDTH,
    count_of,
    page_title,
    pages,
    styled,
    wrap_to,
)

_TIE = "≈"
_HIGHER, _LOWER, _NEUTRAL = "#2166AC", "#B2182B", "#777777"


def _signed(x: float, digits: int = 3) -> str:
    return f"{x:+.{digits}f}".replace("-", "\u2212")


#: With more groups than this, the cells of a difference matrix are too small for their values: they are shaded only.
MAX_WRITTEN_GROUPS = 12
_TIE_SHADE = "#d9d9d9"


def _tie_key(n_groups: int) -> str:
    """How the matrix shows a tie: ≈, or grey where the cells are too small for words (values in the CSV)."""
    return f"{_TIE} a tie" if n_groups <= MAX_WRITTEN_GROUPS else "grey a tie; values in the CSV"


def _groups(diffs: pd.DataFrame, order: Sequence[str] | None) -> list[str]:
    present = set(diffs["group_a"].astype(str)) | set(diffs["group_b"].astype(str))
    ranked = [g for g in (order or []) if g in present]
    return ranked + sorted(present - set(ranked))


def _matrix(ax: plt.Axes, diffs: pd.DataFrame, groups: Sequence[str], *, limit: float, fontsize: float,
            labels: bool = True) -> None:
    """Row minus column for every pair below the diagonal: coloured where it differs, ≈ where it is a tie."""
    index = {g: i for i, g in enumerate(groups)}
    values = np.full((len(groups), len(groups)), np.nan)
    differs = np.zeros_like(values, dtype=bool)
    for row in diffs.itertuples():
        a, b = index[str(row.group_a)], index[str(row.group_b)]
        low, high = max(a, b), min(a, b)
        values[low, high] = row.difference if a == low else -row.difference
        differs[low, high] = bool(row.differs)
    shaded = np.where(differs, values, np.nan)
    ax.imshow(shaded, cmap="RdBu", norm=TwoSlopeNorm(0, -limit, limit), aspect="auto")
    if len(groups) > MAX_WRITTEN_GROUPS:  # cells too small for words: ties in grey, the values in the CSV beside the chart
        ties = np.where(~differs & ~np.isnan(values), 0.0, np.nan)
        ax.imshow(ties, cmap=ListedColormap([_TIE_SHADE]), aspect="auto")
    for (r, c), value in np.ndenumerate(values):
        if np.isnan(value) or len(groups) > MAX_WRITTEN_GROUPS:
            continue
        if differs[r, c]:
            ax.text(c, r, f"{value:+.2f}".replace("-", "\u2212"), ha="center", va="center", fontsize=fontsize,
                    color="white" if abs(value) > 0.6 * limit else "black")
        else:
            ax.text(c, r, _TIE, ha="center", va="center", fontsize=fontsize + 1, color=_NEUTRAL)
    ax.set_xticks(range(len(groups)), [wrap_to(g, 0.9, 7) for g in groups] if labels else [], rotation=90,
                  fontsize=fontsize)
    ax.set_yticks(range(len(groups)), groups if labels else [], fontsize=fontsize)
    ax.set_xlim(-0.5, len(groups) - 1.5)
    ax.set_ylim(len(groups) - 0.5, 0.5)
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


@styled
def plot_pairwise_differences(diffs: pd.DataFrame, *, order: Sequence[str] | None = None,
                              what: str = "mean sentence tone") -> plt.Figure:
    """Every pair of sources: the row's ``what`` minus the column's, written and coloured where the pair differs
    after Holm's adjustment, ``≈`` where it is a tie. ``diffs`` is a table of
    :func:`analysis.measures.stats.pairwise_differences` (one family: no ``within`` column)."""
    groups = _groups(diffs, order)
    size = min(MAX_WIDTH, 2.6 + 0.42 * len(groups))
    fig, ax = plt.subplots(figsize=(size, min(MAX_HEIGHT, 1.9 + 0.36 * len(groups))), layout="constrained")
    limit = max(float(diffs["difference"].abs().max()) if len(diffs) else 0.0, 1e-6)
    _matrix(ax, diffs, groups, limit=limit, fontsize=7 if len(groups) <= 16 else 5.5)
    ax.set_title(wrap_to(f"Differences in {what} between sources: row minus column where they differ "
                         f"(Holm-adjusted p < 0.05; blue: the row higher), {_tie_key(len(groups))}", size - 0.4, 10),
                 fontsize=10)
    return fig


@styled
def _actor_page(diffs: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str], order: Sequence[str] | None,
                *, what: str, page: tuple[int, int]) -> plt.Figure:
    groups = _groups(diffs, order)
    ncols = 1 if len(actors) == 1 else 2
    nrows = math.ceil(len(actors) / ncols)
    side = min((MAX_WIDTH - 1.6) / ncols, (MAX_HEIGHT - 1.2) / nrows, 0.3 * len(groups) + 1.2)
    fig, grid = plt.subplots(nrows, ncols, squeeze=False, figsize=(1.6 + side * ncols, 1.2 + side * nrows),
                             layout="constrained")
    axes = list(grid.flat)
    for ax in axes[len(actors):]:
        ax.set_visible(False)
    limit = max(float(diffs["difference"].abs().max()) if len(diffs) else 0.0, 1e-6)
    for i, (ax, actor) in enumerate(zip(axes, actors)):
        part = diffs.loc[diffs["actor"] == actor]
        _matrix(ax, part, groups, limit=limit, fontsize=6 if len(groups) <= 16 else 5, labels=True)
        if i % ncols:
            ax.set_yticklabels([])
        n_diff = int(part["differs"].sum())
        ax.set_title(wrap_to(f"{labels.get(actor, actor)}: {n_diff} of {count_of(len(part), 'pair')} differ",
                             side, 9), fontsize=9, loc="left")
    every_pair = len(groups) * (len(groups) - 1) // 2
    blank = any((diffs["actor"] == actor).sum() < every_pair for actor in actors)
    page_title(fig, f"Differences between sources in {what} (row minus column where they differ, Holm-adjusted; "
                    f"{_tie_key(len(groups))}" + ("; blank: not compared, too few articles naming the actor" if blank else "")
               + ")", page)
    return fig


def plot_actor_pairwise_differences(diffs: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None = None,
                                    *, order: Sequence[str] | None = None,
                                    what: str = "the tone toward each actor",
                                    per_page: int = 4) -> list[plt.Figure]:
    """One matrix per actor (as :func:`plot_pairwise_differences`), ``per_page`` actors a page, for the ``actors``
    with at least one pair in ``diffs`` (a table of :func:`analysis.measures.differences.actor_tone_differences`)."""
    present = [a for a in actors if (diffs["actor"] == a).any()]
    chunks = pages(present, per_page)
    return [_actor_page(diffs, chunk, labels or {}, order, what=what, page=(i, len(chunks)))
            for i, chunk in enumerate(chunks, 1)]


@styled
def plot_before_after(table: pd.DataFrame, *, by: str = "source", split_date: str, what: str,
                      unit: str = "", order: Sequence[str] | None = None, labels: Mapping[str, str] | None = None,
                      level: float = 0.95) -> plt.Figure:
    """One row per ``by`` value: after ``split_date`` minus before, with its interval; a filled dot where the change
    survives Holm's adjustment, a hollow one where it is a tie. ``table`` is
    :func:`analysis.measures.differences.tone_before_after` (``by="source"``) or one ``measure`` of
    :func:`analysis.measures.differences.actor_before_after` (``by="actor"``)."""
    names = [str(v) for v in table[by]]
    ranked = [g for g in (order or []) if g in names] + sorted(set(names) - set(order or []))
    rows = table.set_index(table[by].astype(str)).loc[ranked].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, min(MAX_HEIGHT, 1.8 + 0.32 * len(rows))), layout="constrained")
    y = np.arange(len(rows))[::-1]
    colors = [_HIGHER if d > 0 else _LOWER for d in rows["difference"]]
    colors = [c if differs else _NEUTRAL for c, differs in zip(colors, rows["differs"])]
    ax.hlines(y, rows["ci_low"], rows["ci_high"], colors=colors, lw=1.6)
    ax.scatter(rows["difference"], y, s=36, zorder=3, edgecolors=colors,
               facecolors=[c if d else "white" for c, d in zip(colors, rows["differs"])], linewidths=1.4)
    ax.axvline(0, color="#444444", lw=0.8)
    tick = [f"{(labels or {}).get(n, n)} ({r.n_b:,} / {r.n_a:,})" for n, r in zip(ranked, rows.itertuples())]
    ax.set_yticks(y, tick, fontsize=8)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"{what}: after minus before {split_date}{unit}", fontsize=9)
    ax.set_title(wrap_to(f"Before and after {split_date}: change in {what} ({level:.0%} intervals; n = articles "
                         "before / after)", 7.6, 10), fontsize=10)
    handles = [Line2D([], [], marker="o", ls="-", color=_HIGHER, label="higher after (Holm-adjusted p < 0.05)"),
               Line2D([], [], marker="o", ls="-", color=_LOWER, label="lower after"),
               Line2D([], [], marker="o", ls="-", color=_NEUTRAL, mfc="white", label="no change told apart (a tie)")]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8)
    return fig


# ------------------------------------------------------------------------ captions


def pairwise_caption(diffs: pd.DataFrame, *, what: str = "mean sentence tone", min_articles: int = 3,
                     n_boot: int = 2000, top: int = 3, unit: str = "sources") -> str:
    """Caption of a table of pairwise differences: pairs compared, how many differ after adjustment, the largest, ties."""
    if diffs.empty:
        return (f"No two {unit} have {min_articles} or more articles each, so no pair can be compared.")
    n_pairs, n_differ = len(diffs), int(diffs["differs"].sum())
    text = (f"Every pair of {unit} with {min_articles} or more articles each, compared on {what}: the difference of "
            f"their means with a 95% interval from {n_boot:,} bootstrap resamples of each source's articles, and a "
            f"p-value adjusted with Holm's method for all {count_of(n_pairs, 'comparison')}. ")
    if n_differ == 0:
        return text + (f"No pair differs after the adjustment: at this sample size the {unit} tie, whatever the order "
                       "of their means.")
    largest = diffs.loc[diffs["differs"]].reindex(diffs.loc[diffs["differs"], "difference"].abs()
                                                  .sort_values(ascending=False).index).head(top)
    named = "; ".join(f"{r.group_a} − {r.group_b} {_signed(r.difference)} [{_signed(r.ci_low)}, {_signed(r.ci_high)}]"
                      for r in largest.itertuples())
    return text + (f"{n_differ:,} of the {n_pairs:,} pairs differ (the largest: {named}); the other "
                   f"{n_pairs - n_differ:,} are ties: their difference is within the noise of this sample.")


def actor_pairwise_caption(diffs: pd.DataFrame, actors: Sequence[str], *, min_articles: int = 3,
                           n_boot: int = 2000) -> str:
    """Caption of the per-actor pairwise differences: pairs, how many differ, which actors are drawn."""
    if diffs.empty:
        return f"No actor is named by two sources with {min_articles} or more articles each: no pair to compare."
    drawn = [a for a in actors if (diffs["actor"] == a).any()]
    return pairwise_caption(diffs, what="the tone toward an actor in the sentences naming it", min_articles=min_articles,
                            n_boot=n_boot) + (f" Pairs are formed per actor, for the {count_of(len(drawn), 'actor')} "
                                              "charted above; the adjustment covers every pair of every actor.")


def before_after_caption(table: pd.DataFrame, *, split_date: str, what: str, by: str = "source",
                         min_articles: int = 3, digits: int = 3) -> str:
    """Caption of a before/after comparison: what was compared, which changed after adjustment, the rest tie."""
    if table.empty:
        return (f"No {by} has {min_articles} or more dated articles on both sides of {split_date}: nothing to compare.")
    changed = table.loc[table["differs"]]
    text = (f"{what[:1].upper() + what[1:]} after {split_date} (from that day on) minus before, per {by}, with 95% "
            f"bootstrap intervals over articles and p-values adjusted (Holm) for the {count_of(len(table), 'comparison')}; "
            f"a {by} needs {min_articles} or more dated articles on each side. ")
    if changed.empty:
        return text + f"No change survives the adjustment: before and after tie for every {by}."
    up = changed.loc[changed["difference"] > 0]
    down = changed.loc[changed["difference"] < 0]

    def listed(rows: pd.DataFrame) -> str:
        return ", ".join(f"{getattr(r, by)} ({_signed(r.difference, digits)})" for r in rows.itertuples())

    parts = ([f"higher after: {listed(up)}"] if len(up) else []) + ([f"lower after: {listed(down)}"] if len(down) else [])
    return text + "; ".join(parts) + f". The other {count_of(len(table) - len(changed), by)} tie."


#: Column headers of a table of pairwise differences (:func:`analysis.measures.stats.pairwise_differences`).
DIFFERENCE_LABELS = {"group_a": "Source", "group_b": "Compared with", "n_a": "Articles", "n_b": "Articles compared",
                     "mean_a": "Mean", "mean_b": "Mean compared", "difference": "Difference",
                     "ci_low": "95% interval from", "ci_high": "95% interval to", "p_value": "p",
                     "p_holm": "p adjusted (Holm)", "differs": "Differs (else a tie)"}
#: The columns a table of pairwise differences shows (the CSV has them all).
DIFFERENCE_COLUMNS = ["group_a", "group_b", "mean_a", "mean_b", "difference", "ci_low", "ci_high", "p_holm", "differs"]
#: Column headers of a before/after table (``group_a`` is after, ``group_b`` before), and the columns to show.
BEFORE_AFTER_LABELS = {**DIFFERENCE_LABELS, "n_a": "Articles after", "n_b": "Articles before", "mean_a": "Mean after",
                       "mean_b": "Mean before", "difference": "After minus before", "differs": "Changed (else a tie)"}
BEFORE_AFTER_COLUMNS = ["n_b", "n_a", "mean_b", "mean_a", "difference", "ci_low", "ci_high", "p_holm", "differs"]
