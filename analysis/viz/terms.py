"""Charts of term frequencies, distinctive terms and framing markers, and the captions of the terms report.

Each chart takes the tidy table of the matching :mod:`analysis.measures.terms` function and
the source colours of :func:`analysis.viz.source_colors`. Small multiples (one
panel per source, or per concept) come as a list of figures, one per page of at
most :data:`analysis.viz.style.PANELS_PER_PAGE` panels, sources from most
articles to fewest; saving is :func:`analysis.viz.save_chart`'s job.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from analysis.core.schema import WHY_EMPTY
from analysis.viz.style import (
    MAX_HEIGHT,
    PANELS_PER_PAGE,
    color_of,
    count_of,
    empty_chart,
    page_title,
    pages,
    panel_grid,
    panel_title,
    shown_of,
    source_order,
    styled,
    with_n,
    wrap_to,
)

_MEASURE_NAMES = {
    "likelihood_ratio": "log-likelihood ratio (Dunning 1993)",
    "t_score": "t-score",
    "pmi": "pointwise mutual information (in bits; favours rare pairs)",
}


def _names(names: Sequence[str]) -> str:
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@styled
def _bar_page(table: pd.DataFrame, groups: Sequence[str], colors: Mapping[str, str], *, by: str, value: str,
              top: int, label: str, title: str, annotate: str, page: tuple[int, int]) -> plt.Figure:
    """One page of small multiples: each group's ``top`` rows by ``value`` as horizontal bars, largest on top."""
    ncols = 1 if len(groups) == 1 else 2 if len(groups) <= 4 else 3
    fig, axes = panel_grid(len(groups), ncols=ncols, panel_width=min(4.6, 9.8 / ncols),
                           panel_height=0.17 * top + 0.8, sharex=False, extra_height=0.6)
    for ax, group in zip(axes, groups):
        rows = table[table[by] == group].nlargest(top, value).iloc[::-1]
        bars = ax.barh([textwrap.shorten(t, 26, placeholder="…") for t in rows["term"]], rows[value],
                       color=color_of(dict(colors), group))
        ax.bar_label(bars, labels=[annotate.format(**r) for r in rows.to_dict("records")], padding=2, fontsize=6.5)
        docs = int(table.loc[table[by] == group, "group_docs"].max()) if (table[by] == group).any() else 0
        panel_title(ax, with_n(group, docs))
        ax.tick_params(axis="y", labelsize=7.5)
        ax.tick_params(axis="x", labelsize=7, labelbottom=True)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, (rows[value].max() if len(rows) else 1) * 1.45)
        ax.set_xlabel(label, fontsize=7)
        if not len(rows):
            ax.text(0.5, 0.5, "no term", transform=ax.transAxes, ha="center", va="center", color="#777777")
    page_title(fig, title, page)
    return fig


def _bar_pages(table: pd.DataFrame, colors: Mapping[str, str], *, by: str, per_page: int, **options: object) -> list[plt.Figure]:
    groups = source_order(table[by], dict(colors))
    chunks = pages(groups, per_page)
    return [_bar_page(table, chunk, colors, by=by, page=(i, len(chunks)), **options) for i, chunk in enumerate(chunks, 1)]


def plot_top_terms(
    frequencies: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    top: int = 15,
    per_page: int = PANELS_PER_PAGE,
) -> list[plt.Figure]:
    """Small multiples of each group's ``top`` terms on a per-10,000 scale, one shared axis.

    ``frequencies`` is :func:`analysis.top_terms` (reporting words left out, a
    phrase shown once) or any table with ``term``, ``count``, ``per_10k`` and
    ``group_docs`` by group; panel titles give the articles in each group (n),
    bars are labelled with raw counts. Returns pages of at most ``per_page`` panels.
    """
    return _bar_pages(frequencies, colors, by=by, per_page=per_page, value="per_10k", top=top,
                      label="per 10,000 words", annotate="{count:,}",
                      title="Most frequent terms by source (bar labels: counts; each panel on its own scale)")


def plot_distinctive_terms(
    distinctive: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    top: int = 10,
    per_page: int = PANELS_PER_PAGE,
) -> list[plt.Figure]:
    """Small multiples of the ``top`` terms by z-score that each group uses more than the others.

    ``distinctive`` is :func:`analysis.distinctive_terms`'s table; bars are
    labelled with the term's count in the group and in all the others. Returns
    pages of at most ``per_page`` panels.
    """
    title = ("Distinctive terms by source (bar labels: count here vs in the others; z ranks the terms "
             "within a source, each panel on its own scale)")
    if WHY_EMPTY in distinctive.attrs:
        return [empty_chart(title, "Nothing to compare: the articles come from one source.")]
    used = distinctive[(distinctive["count"] > 0) & (distinctive["z"] > 0)]
    return _bar_pages(used, colors, by=by, per_page=per_page, value="z", top=top,
                      label="z of the log-odds vs the others", annotate="{count:,} vs {count_others:,}", title=title)


def _framing_pages(table: pd.DataFrame, concepts: Sequence[str], n_groups: int) -> list[list[str]]:
    """Concepts cut into pages that fit a printed page: rows of two panels, each row as tall as its sources."""
    rows_per_page = max(1, int((MAX_HEIGHT - 0.8) // (0.2 * n_groups + 1.5)))
    return pages(list(concepts), 2 * rows_per_page)


@styled
def _framing_page(table: pd.DataFrame, concepts: Sequence[str], groups: Sequence[str], docs: pd.Series,
                  *, by: str, page: tuple[int, int]) -> plt.Figure:
    n_rows = math.ceil(len(concepts) / 2)
    widths = [max((len(set(table.loc[table["concept"] == c, "variant"])) for c in concepts[i::2]), default=0) for i in (0, 1)]
    ncols = 1 if len(concepts) == 1 else 2
    size = (min(9.8, 2.4 + 0.75 * sum(widths[:ncols])), min(MAX_HEIGHT, (0.2 * len(groups) + 1.5) * n_rows + 0.6))
    fig, grid = plt.subplots(n_rows, ncols, squeeze=False, layout="constrained", figsize=size,
                             gridspec_kw={"width_ratios": [max(w, 2) for w in widths[:ncols]]})
    axes = list(grid.flat)
    for ax in axes[len(concepts):]:
        ax.set_visible(False)
    for i, (ax, concept) in enumerate(zip(axes, concepts)):
        rows = table[table["concept"] == concept]
        variants = list(dict.fromkeys(rows["variant"]))
        wide = rows.pivot(index=by, columns="variant", values="count").reindex(index=groups, columns=variants).fillna(0)
        totals = wide.sum(axis=1)
        shares = wide.div(totals.where(totals > 0), axis=0) * 100
        ax.imshow(shares.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=100, aspect="auto")
        for (r, c), count in np.ndenumerate(wide.to_numpy()):
            share = shares.iat[r, c]
            ax.text(c, r, f"{int(count):,}" if count else "–", ha="center", va="center", fontsize=6.5,
                    color="white" if pd.notna(share) and share > 60 else "black")
        ax.set_xticks(range(len(variants)), [wrap_to(v, 0.75, 7) for v in variants], fontsize=7)
        ax.xaxis.tick_top()
        labels = [with_n(g, int(docs.get(g, 0))) + f" · {int(totals[g]):,}" for g in groups]
        ax.set_yticks(range(len(groups)), labels if i % ncols == 0 else [""] * len(groups), fontsize=7)
        ax.tick_params(length=0)
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(concept, fontsize=9, loc="left", pad=6)
    page_title(fig, "Framing markers: each source's mentions of a concept by variant (cell: count; shade: share of the "
                    "source's mentions of the concept; n = articles · mentions)", page)
    return fig


def plot_framing_markers(
    counts: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
) -> list[plt.Figure]:
    """For each concept some group names, how each group's mentions split between its variants.

    ``counts`` is :func:`analysis.framing_markers`'s table. One panel per concept
    mentioned at least once: a grid of groups (rows, most articles first, each
    with its articles and its mentions of the concept) by variants (columns), each
    cell giving the count and shaded by the variant's share of the group's
    mentions of the concept, so any number of variants stays legible without a
    legend. Returns as many pages as the panels need to stay legible.
    """
    mentioned = counts.groupby("concept", sort=False)["count"].transform("sum") > 0
    table = counts[mentioned]
    concepts = list(dict.fromkeys(table["concept"]))
    if not concepts:
        fig, ax = plt.subplots(figsize=(6, 1.5), layout="constrained")
        ax.axis("off")
        ax.text(0.5, 0.5, "None of the framing markers occurs in these articles.", ha="center", va="center")
        return [fig]
    groups = source_order(counts[by], dict(colors))
    docs = counts.groupby(by)["group_docs"].first()
    chunks = _framing_pages(table, concepts, len(groups))
    return [_framing_page(table, chunk, groups, docs, by=by, page=(i, len(chunks))) for i, chunk in enumerate(chunks, 1)]


# ------------------------------------------------------------------------ captions


def _ranked_terms(rows: pd.DataFrame, value: str, top: int, fmt: str) -> str:
    """The ``top`` terms of ``rows`` by ``value``, extended to every term tied with the last one."""
    ranked = rows.sort_values([value, "term"], ascending=[False, True])
    if ranked.empty:
        return "none"
    cut = ranked[value].iloc[min(top, len(ranked)) - 1]
    shown = ranked[ranked[value] >= cut]
    return ", ".join(fmt.format(term=t, value=v) for t, v in zip(shown["term"], shown[value]))


def top_terms_caption(frequencies: pd.DataFrame, *, by: str = "source", top: int = 3,
                      left_out: pd.DataFrame | None = None) -> str:
    """A caption for a top-terms chart: the measure, then each group's ``top`` terms (ties included) and sample size,
    and the self-references left out (``left_out``, see :func:`self_reference_note`)."""
    if frequencies.empty:
        return "No term occurs often enough to be shown."
    parts = []
    for group, rows in frequencies.groupby(by, sort=True):
        words = _ranked_terms(rows, "per_10k", top, "{term} ({value:.0f})")
        parts.append(f"{group} ({count_of(int(rows['group_docs'].iloc[0]), 'article')}): {words}")
    return ("Most frequent terms per source, per 10,000 words of that source (stopwords excluded; news reporting words "
            "such as \"said\" and \"would\" left out; a phrase is shown once rather than with its words; each panel "
            "on its own scale). Top terms, ties included: " + "; ".join(parts) + "." + self_reference_note(left_out, by=by))


def self_reference_note(left_out: pd.DataFrame | None, *, by: str = "source") -> str:
    """A sentence on the terms left out as self-references (``left_out``: ``drop_self_references(...).attrs``)."""
    if left_out is None or left_out.empty:
        return ""
    rules = left_out["rule"].value_counts()
    examples = ", ".join(f"{t!r}" for t in left_out["term"].drop_duplicates().head(4))
    return (f" Left out by rule: {count_of(len(left_out), 'term')} by which outlets name themselves or others as a source "
            f"({'; '.join(f'{rule} {n:,}' for rule, n in rules.items())}; e.g. {examples}), derived from the outlets' "
            "names, web addresses and photo-credit lines; the CSV marks them in its self_reference column.")


def distinctive_terms_caption(distinctive: pd.DataFrame, *, by: str = "source", top: int = 3,
                              left_out: pd.DataFrame | None = None) -> str:
    """A caption for a distinctive-terms chart: method, each group's ``top`` terms by z (ties included), the caveat,
    and the self-references left out (``left_out``, see :func:`self_reference_note`)."""
    if distinctive.empty:
        return distinctive.attrs.get(WHY_EMPTY, "No term to compare.")
    parts = []
    for group, rows in distinctive.groupby(by, sort=True):
        words = _ranked_terms(rows[(rows["count"] > 0) & (rows["z"] > 0)], "z", top, "{term} (z={value:.1f})")
        parts.append(f"{group} ({count_of(int(rows['group_docs'].iloc[0]), 'article')}): {words}")
    smallest = int(distinctive.groupby(by)["group_docs"].first().min())
    caveat = (" With as few as " + count_of(smallest, "article") + " in a source, z describes this sample; it is not a "
              "significance test." if smallest < 30 else " z-scores are not corrected for the many terms compared.")
    return ("Terms each source uses more than all the others together (weighted log-odds with an informative "
            "Dirichlet prior, Monroe, Colaresi & Quinn 2008), honorifics and middle initials dropped (\"Mr. Putin\" "
            "counts as \"putin\"). " + "; ".join(parts) + "." + caveat
            + " z ranks the terms within a source; it grows with the source's size, so it is not comparable across "
            "sources of different sizes, and each panel has its own scale (the table's log_ratio is the effect size: "
            "1 = twice as often as the others)." + self_reference_note(left_out, by=by))


def collocations_caption(table: pd.DataFrame, *, by: str = "source") -> str:
    """A caption for the collocations table: the measure, the minimum count per group, groups with none."""
    if table.empty:
        return "No two-word phrase occurs often enough in any source to count as a collocation."
    measure = str(table["measure"].iloc[0])
    minimum = table.attrs.get("min_count", {})
    floors = sorted(set(minimum.values()))
    floor = (f"at least {floors[0]} times in its source" if len(floors) == 1 else
             f"at least {floors[0]} to {floors[-1]} times in its source (the minimum grows with the source's words)")
    text = (f"Two-word phrases whose words occur together more than chance predicts, within sentences and with no "
            f"stopword, ranked by {_MEASURE_NAMES.get(measure, measure)}; a phrase counts when it occurs {floor}. "
            f"{count_of(len(table), 'collocation')} from {count_of(table[by].nunique(), 'source')}.")
    without = sorted(set(minimum) - set(table[by].astype(str)))
    if without:
        text += f" No phrase reaches the minimum in {_names(without)}."
    left_out = sum(table.attrs.get("self_references", {}).values())
    if left_out:
        text += (f" Left out by rule, as in the term charts: {count_of(left_out, 'phrase')} by which outlets name "
                 "themselves or others as a source (\"ABC news\", \"told CNN\").")
    return text


def _variant_counts(rows: pd.DataFrame) -> str:
    best = rows[rows["count"] == rows["count"].max()]
    total = int(rows["count"].sum())
    if len(best) > 1:
        variants = " and ".join(repr(v) for v in best["variant"])
        return f"{variants} equally ({int(best['count'].iloc[0])} each of {total})"
    return f"{best['variant'].iloc[0]!r} ({int(best['count'].iloc[0])} of {total})"


def framing_markers_caption(counts: pd.DataFrame, *, by: str = "source", min_mentions: int = 3) -> str:
    """A caption for the framing markers: per concept, the variant most sources use, the exceptions, ties as ties.

    Sources naming a concept fewer than ``min_mentions`` times are listed apart:
    their choice says little.
    """
    sentences = []
    for concept, rows in counts.groupby("concept", sort=False):
        if rows["count"].sum() == 0:
            continue
        preferred: dict[str, str] = {}
        exceptions, ties, few = [], [], []
        for group, group_rows in rows.groupby(by, sort=True):
            total = int(group_rows["count"].sum())
            if total < min_mentions:
                if total:
                    few.append(str(group))
                continue
            best = group_rows[group_rows["count"] == group_rows["count"].max()]
            if len(best) > 1:
                ties.append(f"{group}: {_variant_counts(group_rows)}")
            else:
                preferred[str(group)] = str(best["variant"].iloc[0])
        text = f"{concept}: "
        considered = len(preferred) + len(ties)
        usual = pd.Series(preferred, dtype=object).value_counts()
        leaders = usual[usual == usual.max()].index.tolist() if len(usual) else []
        if len(preferred) == 1:
            (group, _), = preferred.items()
            text += f"{group} writes {_variant_counts(rows[rows[by] == group])}"
        elif len(leaders) == 1:
            text += (f"{usual.iloc[0]} of the {considered} sources with {min_mentions} or more mentions mostly write "
                     f"{leaders[0]!r}")
            exceptions = [f"{g} writes {_variant_counts(rows[rows[by] == g])}" for g, v in preferred.items()
                          if v != leaders[0]]
        elif leaders:
            text += "sources split"
            exceptions = [f"{g} writes {_variant_counts(rows[rows[by] == g])}" for g in preferred]
        else:
            text += f"no source with {min_mentions} or more mentions prefers one variant"
        details = exceptions + [f"tie in {t}" for t in ties]
        if details:
            text += "; " + "; ".join(details)
        if few:
            text += f"; fewer than {min_mentions} mentions in {_names(few)}"
        text = text.replace(": ; ", ": ")
        sentences.append(text + ".")
    if not sentences:
        return "None of the framing markers occurs in these articles."
    return ("For each concept, the variant most sources use and the sources that write otherwise, with counts out of "
            "all the variants of that concept (full counts in the table below). " + " ".join(sentences))


def kwic_caption(lines: pd.DataFrame, term_or_phrase: str, *, by: str = "source", shown: int | None = None) -> str:
    """A caption for a concordance of ``term_or_phrase``: occurrences, articles, per group, and exactly which lines
    the table holds (``shown``: how many of them, default all; see :func:`shown_lines`)."""
    if lines.empty:
        return f"{term_or_phrase!r} does not occur in these articles (case ignored, whole words only)."
    per_group = "; ".join(f"{group} {count:,}" for group, count in lines[by].value_counts().sort_index().items())
    text = (f"{term_or_phrase!r}: {count_of(len(lines), 'occurrence')} in "
            f"{count_of(lines['doc_id'].nunique(), 'article')} ({per_group}); case ignored, whole words only. ")
    if shown is None or shown >= len(lines):
        return text + ("Every occurrence is in the table (search it, sort it by any column; a context too long for "
                       "its cell shows its words nearest the keyword, the whole of it on hover) and in the CSV beside it.")
    return text + (f"The table holds {shown_of(shown, len(lines), 'lines')}: each source's earliest lines in turn, so "
                   "every source is there; search and sorting cover those lines. The CSV beside it has every line.")


def framing_removal_caption(table: pd.DataFrame, *, by: str = "source", top: int = 5) -> str:
    """What furniture and repetition removal changed in the framing counts (``table``: :func:`analysis.measures.terms.
    framing_before_removal`): how many counts changed, and the largest changes with the rule behind each."""
    changed = table.loc[table["count_raw"] != table["count"]]
    if changed.empty:
        return ("Removing furniture from the texts changed no framing count: the counts are those of the texts as "
                "read (the CSV gives both).")
    changed = changed.assign(change=(changed["count_raw"] - changed["count"]).abs())
    changed = changed.sort_values(["change", by, "variant"], ascending=[False, True, True], kind="stable")
    largest = "; ".join(f"{getattr(r, by)} {r.variant!r} {r.count_raw:,} → {r.count:,}"
                        + (f" ({r.removed_by})" if r.removed_by else "") for r in changed.head(top).itertuples())
    lost = int((table["count_raw"] - table["count"]).sum())
    return (f"The counts are those of the texts after furniture removal. Removal changed "
            f"{count_of(len(changed), 'count')} ({lost:,} occurrences fewer in all); the largest: {largest}. The "
            "repetition rule takes an outlet's stock paragraphs (its background or framing, repeated in many articles) "
            "with its furniture; the CSV beside the table gives every count before and after, with the rules.")
