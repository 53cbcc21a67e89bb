"""Charts of quotations: who each outlet lets speak, and in what tone. Each takes tidy tables from
:mod:`analysis.measures.quotes`, the actors to show (most quoted first, :func:`most_quoted`) and their
short labels, and returns a list of Figures, one per page; saving is left to
:func:`analysis.viz.save_chart`.

As in :mod:`analysis.viz.actors`, a hue always means a source: bars and points take their
source's colour, speakers are named on the axes, and the speakers of no listed actor are grey.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from analysis.measures.quotes.tables import OTHER_SPEAKERS, UNNAMED_SPEAKERS
from analysis.measures.sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD
from analysis.viz.style import (
    COMPOUND_AXIS,
    MAX_CELL_WORDS,
    color_of,
    count_of,
    empty_chart,
    finish_row_panel,
    neutral_band,
    page_title,
    pages,
    panel_grid,
    styled,
)

#: Outlets per page of the "who is quoted" small multiples, and actors per page of the tone chart.
GROUPS_PER_PAGE = 12
ACTORS_PER_PAGE = 12
_OTHER_LISTED = "other listed actors"
_UNLISTED = "unlisted or unknown speakers"
_MENTIONED_COLOR = "#555555"
_OTHER_LISTED_COLOR = "#CCCCCC"  # lighter than the grey of outlets beyond the palette


def most_quoted(counts: pd.DataFrame, n: int = 8) -> list[str]:
    """The ``n`` listed actors with the most quoted words in ``counts`` (:func:`analysis.quote_counts`), most first."""
    listed = counts.loc[counts["actor"] != OTHER_SPEAKERS]
    words = listed.groupby("actor")["n_quoted_words"].sum()
    return sorted(words.index, key=lambda a: (-words[a], a))[:n]


def _label(labels: Mapping[str, str] | None, actor: str) -> str:
    return (labels or {}).get(actor, actor)


def _group_order(counts: pd.DataFrame, by: str) -> list[str]:
    """Groups from most articles to fewest (ties by name)."""
    groups = counts.drop_duplicates(by)
    return sorted(groups[by], key=lambda g: (-int(groups.loc[groups[by] == g, "n_group_articles"].iloc[0]), str(g)))


def _shares(counts: pd.DataFrame, actors: Sequence[str], by: str) -> pd.DataFrame:
    """Per group: each shown actor's share of the quoted words, the other listed actors' and the unlisted speakers'."""
    table = counts.pivot_table(index=by, columns="actor", values="share_of_quoted_words", aggfunc="sum", fill_value=0.0)
    shown = table.reindex(columns=list(actors), fill_value=0.0)
    listed = table.drop(columns=[OTHER_SPEAKERS], errors="ignore").sum(axis=1)
    shown[_OTHER_LISTED] = (listed - shown.sum(axis=1)).clip(lower=0)
    shown[_UNLISTED] = table[OTHER_SPEAKERS] if OTHER_SPEAKERS in table.columns else 0.0
    return shown


def _panel_title(group: str, n_articles: int, n_quotes: int, n_words: int, unlisted: float) -> str:
    lines = [f"{group} ({count_of(n_articles, 'article')})", f"{count_of(n_quotes, 'quotation')}, {n_words:,} words;",
             f"{unlisted:.0%} by people off the list or unnamed"]
    return "\n".join(textwrap.shorten(line, 46, placeholder="…") for line in lines)


@styled
def _quoted_page(shares: pd.DataFrame, counts: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None,
                 colors: Mapping[str, str], groups: Sequence[str], *, by: str, top: float, page: tuple[int, int]) -> plt.Figure:
    totals = counts.drop_duplicates(by).set_index(by)
    quotes = counts.groupby(by)["n_quotes"].sum()
    rows = [*(_label(labels, a) for a in actors), _OTHER_LISTED]
    y = np.arange(len(rows))
    ncols = 1 if len(groups) == 1 else 2 if len(groups) <= 4 else 3
    fig, axes = panel_grid(len(groups), ncols=ncols, panel_width=min(4.6, 9.8 / ncols), panel_height=0.2 * len(rows) + 1.0,
                           sharex=True, sharey=True, extra_height=1.0)
    for ax, group in zip(axes, groups, strict=True):
        values = shares.loc[group, [*actors, _OTHER_LISTED]].to_numpy(dtype=float) * 100
        color = color_of(dict(colors), group)
        bars = ax.barh(y, values, color=[color] * len(actors) + [_OTHER_LISTED_COLOR], height=0.72)
        ax.bar_label(bars, labels=[f"{v:.0f}%" if v >= 0.5 else ("<1%" if v > 0 else "") for v in values], padding=2,
                     fontsize=6.5, color="#444444")
        ax.set_title(_panel_title(str(group), int(totals.loc[group, "n_group_articles"]), int(quotes[group]),
                                  int(totals.loc[group, "n_group_quoted_words"]), float(shares.loc[group, _UNLISTED])),
                     fontsize=7.5, loc="left")
        finish_row_panel(ax, y, rows, xlim=(0, top), xlabel="% of the outlet's quoted words")
    page_title(fig, f"Who is quoted: each actor's share of the words a {by} quotes", page)
    return fig


def plot_quoted_share(
    counts: pd.DataFrame,
    actors: Sequence[str],
    labels: Mapping[str, str] | None,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    per_page: int = GROUPS_PER_PAGE,
) -> list[plt.Figure]:
    """One panel per group (most articles first): the share of its quoted words each shown actor speaks.

    ``counts`` is :func:`analysis.quote_counts` by actor. Every panel lists the same
    speakers in the same order (``actors``, then the other listed actors together) on the
    same scale; each panel's title gives its articles, quotations and quoted words, and the
    share spoken by speakers of no listed actor (the rest up to 100%). Groups that quote no
    one are left out (the caption names them). Returns pages of at most ``per_page`` groups.
    """
    title = f"Who is quoted: each actor's share of the words a {by} quotes"
    quoting = counts.loc[counts["n_group_quoted_words"] > 0]
    if quoting.empty:
        return [empty_chart(title, "No quotation was found in these articles.")]
    shares = _shares(quoting, actors, by)
    top = float(shares[[*actors, _OTHER_LISTED]].to_numpy().max()) * 100
    top = top * 1.3 if top > 0 else 1.0
    chunks = pages(_group_order(quoting, by), per_page)
    return [_quoted_page(shares, quoting, actors, labels, colors, chunk, by=by, top=top, page=(i, len(chunks)))
            for i, chunk in enumerate(chunks, 1)]


def _unlisted(counts: pd.DataFrame) -> pd.DataFrame:
    """The rows of people off the actor list in :func:`analysis.quote_counts` by speaker (the unnamed row left out)."""
    return counts.loc[~counts["listed"].astype(bool) & (counts["speaker"] != UNNAMED_SPEAKERS)]


@styled
def _unlisted_page(counts: pd.DataFrame, colors: Mapping[str, str], groups: Sequence[str], *, by: str, n: int, top: float,
                   page: tuple[int, int]) -> plt.Figure:
    totals = counts.drop_duplicates(by).set_index(by)
    people = _unlisted(counts)
    ncols = 1 if len(groups) == 1 else 2 if len(groups) <= 4 else 3
    fig, axes = panel_grid(len(groups), ncols=ncols, panel_width=min(4.6, 9.8 / ncols), panel_height=0.2 * n + 1.0,
                           sharex=True, sharey=False, extra_height=1.0)
    for ax, group in zip(axes, groups, strict=True):
        part = people.loc[people[by] == group].sort_values(["n_quoted_words", "speaker"], ascending=[False, True]).head(n)
        values = part["share_of_quoted_words"].to_numpy(dtype=float) * 100
        y = np.arange(len(part))
        bars = ax.barh(y, values, color=color_of(dict(colors), group), height=0.72)
        ax.bar_label(bars, labels=[f"{v:.0f}%" if v >= 0.5 else "<1%" for v in values], padding=2, fontsize=6.5, color="#444444")
        group_rows = counts.loc[counts[by] == group]
        off_list = float(group_rows.loc[~group_rows["listed"].astype(bool), "share_of_quoted_words"].sum())
        named = float(_unlisted(group_rows)["share_of_quoted_words"].sum())
        title = [f"{group} ({count_of(int(totals.loc[group, 'n_group_articles']), 'article')})",
                 f"{int(totals.loc[group, 'n_group_quoted_words']):,} quoted words; off the list: {off_list:.0%}",
                 f"named people {named:.0%}, no named person {off_list - named:.0%}"]
        ax.set_title("\n".join(textwrap.shorten(line, 46, placeholder="…") for line in title), fontsize=7.5, loc="left")
        labels = [textwrap.shorten(str(s), 28, placeholder="…") for s in part["speaker"]] or ["(none named)"]
        finish_row_panel(ax, y if len(part) else np.arange(1), labels, xlim=(0, top), xlabel="% of the outlet's quoted words")
    page_title(fig, f"Quoted people not on the actor list: the {n} quoted most in each {by}", page)
    return fig


def plot_unlisted_speakers(
    counts: pd.DataFrame,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    n: int = 5,
    per_page: int = GROUPS_PER_PAGE,
) -> list[plt.Figure]:
    """One panel per group (most articles first): the ``n`` people off the actor list it quotes most, by share of its
    quoted words.

    ``counts`` is :func:`analysis.quote_counts` with ``who="speaker"``. Each panel's title
    gives the group's quoted words, the share spoken by people off the list, and how that
    share splits between named people (the bars and the rest) and quotations of no named
    person (organisations, unnamed officials, unknown speakers). All panels share one scale.
    Groups that quote no one are left out. Returns pages of at most ``per_page`` groups.
    """
    title = f"Quoted people not on the actor list, by {by}"
    quoting = counts.loc[counts["n_group_quoted_words"] > 0]
    people = _unlisted(quoting)
    if people.empty:
        return [empty_chart(title, "No one off the actor list is quoted by name in these articles.")]
    shown = people.sort_values(["n_quoted_words"], ascending=False).groupby(by, sort=False).head(n)
    top = float(shown["share_of_quoted_words"].max()) * 100 * 1.3
    chunks = pages(_group_order(quoting, by), per_page)
    return [_unlisted_page(quoting, colors, chunk, by=by, n=n, top=top, page=(i, len(chunks))) for i, chunk in enumerate(chunks, 1)]


@styled
def _tone_page(tone: pd.DataFrame, actors: Sequence[str], labels: Mapping[str, str] | None, colors: Mapping[str, str],
               *, by: str, positive: float, negative: float, page: tuple[int, int]) -> plt.Figure:
    n_rows = max(int(tone.loc[tone["actor"] == a, by].nunique()) for a in actors)
    ncols = 1 if len(actors) == 1 else 2 if len(actors) <= 4 else 3
    fig, axes = panel_grid(len(actors), ncols=ncols, panel_width=min(4.6, 9.8 / ncols), panel_height=0.2 * n_rows + 0.85,
                           sharex=True, sharey=False, extra_height=1.3)
    for ax, actor in zip(axes, actors, strict=True):
        part = tone.loc[tone["actor"] == actor].pivot(index=by, columns="tone_of")
        part = part.sort_values(("n_texts", "quoted"), ascending=False, kind="stable")
        y = np.arange(len(part))
        quoted = part[("mean_compound", "quoted")].to_numpy(dtype=float)
        mentioned = part[("mean_compound", "mentioned")].to_numpy(dtype=float)
        small = part[("small_n", "quoted")].fillna(True).to_numpy(dtype=bool)
        hues = [color_of(dict(colors), g) for g in part.index]
        neutral_band(ax, negative, positive, vertical=True)
        ax.hlines(y, np.fmin(quoted, mentioned), np.fmax(quoted, mentioned), colors="#BBBBBB", lw=1.2, zorder=1)
        ax.scatter(mentioned, y, marker="D", s=18, facecolors="white", edgecolors=_MENTIONED_COLOR, linewidths=1.1, zorder=2)
        ax.scatter(quoted, y, s=26, edgecolors=hues, facecolors=["white" if s else c for s, c in zip(small, hues, strict=True)],
                   linewidths=1.3, zorder=3)
        n_quoted = part[("n_texts", "quoted")].fillna(0).astype(int)
        n_named = part[("n_texts", "mentioned")].fillna(0).astype(int)
        for yy, q, m in zip(y, n_quoted, n_named, strict=True):
            ax.text(1.03, yy, f"{q:,} / {m:,}", va="center", ha="left", fontsize=6.5, color="#555555",
                    transform=ax.get_yaxis_transform())
        ax.set_title(f"{_label(labels, actor)} ({count_of(int(n_quoted.sum()), 'quotation')})", fontsize=9, loc="left")
        finish_row_panel(ax, y, [textwrap.shorten(str(g), 30, placeholder="…") for g in part.index], xlim=(-1, 1),
                         xlabel="mean compound")
    handles = [Line2D([], [], marker="o", ls="none", color="#444444", label="what the actor is quoted saying (source colour)"),
               Line2D([], [], marker="D", ls="none", color=_MENTIONED_COLOR, mfc="white", label="sentences naming the actor"),
               Line2D([], [], marker="o", ls="none", color="#444444", mfc="white", label="hollow: quoted in few articles"),
               Line2D([], [], ls="none", label="at right: quotations / sentences")]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8)
    page_title(fig, f"Tone quoted and tone named, by actor and {by} ({COMPOUND_AXIS})", page)
    return fig


def plot_quote_tone(
    tone: pd.DataFrame,
    actors: Sequence[str],
    labels: Mapping[str, str] | None,
    colors: Mapping[str, str],
    *,
    by: str = "source",
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
    per_page: int = ACTORS_PER_PAGE,
) -> list[plt.Figure]:
    """One panel per actor: in each group quoting it, the mean tone of its quotations beside that of the sentences naming it.

    ``tone`` is :func:`analysis.quote_tone`. Only groups where the actor is quoted
    are drawn, most quotations first; the numbers at the right are quotations and
    sentences. Returns pages of at most ``per_page`` actors.
    """
    title = f"Tone quoted and tone named, by actor and {by}"
    quoted = tone.loc[(tone["tone_of"] == "quoted") & tone["actor"].isin(actors), [by, "actor"]]
    table = tone.merge(quoted, on=[by, "actor"], how="inner")
    named = [a for a in actors if a in set(table["actor"])]
    if not named:
        return [empty_chart(title, "None of the actors shown is quoted in these articles.")]
    chunks = pages(named, per_page)
    return [_tone_page(table, chunk, labels, colors, by=by, positive=positive, negative=negative, page=(i, len(chunks)))
            for i, chunk in enumerate(chunks, 1)]


# ----------------------------------------------------------------------- captions


def quoted_share_caption(counts: pd.DataFrame, shown: Sequence[str], articles: pd.DataFrame, *, by: str = "source") -> str:
    """Caption for the "who is quoted" chart: what is counted, the totals, the most quoted speaker, the groups quoting no one.

    ``articles`` are the articles counted (their ``by`` column names the groups without quotations).
    """
    words = int(counts["n_quoted_words"].sum())
    if words == 0:
        return f"No quotation was found in the {count_of(len(articles), 'article')}."
    quoting = set(counts.loc[counts["n_group_quoted_words"] > 0, by].astype(str))
    silent = sorted(set(articles[by].astype("string").fillna(f"(unknown {by})").astype(str)) - quoting)
    listed = counts.loc[counts["actor"] != OTHER_SPEAKERS]
    listed_words = int(listed["n_quoted_words"].sum())
    text = (f"Share of each {by}'s quoted words (direct, partial and indirect quotations) spoken by the {len(shown)} "
            "most-quoted listed actors and by the other listed actors together (light grey); the rest of each outlet's quoted "
            "words, given in its panel title, are spoken by people who are not on the actor list (named in the next chart), "
            "by organisations and unnamed officials, or by speakers the rules could not identify. "
            f"All panels share one scale. In all: {count_of(int(counts['n_quotes'].sum()), 'quotation')}, {words:,} "
            f"quoted words in {count_of(len(quoting), by)}; listed actors speak {listed_words / words:.0%} of them.")
    if len(listed):
        per_actor = listed.groupby("actor")["n_quoted_words"].sum()
        top = per_actor[per_actor == per_actor.max()].index.tolist()
        text += (f" Most quoted: {' and '.join(top)} ({int(per_actor.max()):,} words"
                 f"{' each' if len(top) > 1 else ''}).")
    if silent:
        text += f" Not drawn, no quotation found: {', '.join(silent)}."
    return text


def quote_tone_caption(tone: pd.DataFrame, shown: Sequence[str], *, min_articles: int = 3) -> str:
    """Caption for the quoted-versus-named tone chart: what each marker averages, the sample, small n."""
    quoted = tone.loc[(tone["tone_of"] == "quoted") & tone["actor"].isin(shown)]
    if quoted.empty:
        return "None of the actors shown is quoted in these articles, so there is no tone of quoted words to compare."
    text = (f"Mean VADER compound score of what each of the {quoted['actor'].nunique():,} actors drawn is quoted as saying "
            f"(dots, {count_of(int(quoted['n_texts'].sum()), 'quotation')}) beside that of all the sentences naming the "
            "actor (diamonds), in each outlet quoting the actor. Quoted words scored alone lose their context; the "
            "sentences naming an actor include those quoting them. ")
    flagged = int(quoted["small_n"].sum())
    if flagged:
        text += (f"Hollow dots: {flagged:,} of the {count_of(len(quoted), 'estimate')} of quoted tone rest on fewer than "
                 f"{min_articles} articles; read them as examples. Bootstrap intervals are in the CSV.")
    return text.strip()


def longest_quotes_caption(longest: pd.DataFrame, *, n: int) -> str:
    """Caption for the table of each actor's longest quotations."""
    if longest.empty:
        return "No listed actor is quoted in quotation marks, named next to the quotation, in these articles."
    which = "longest quotation" if n == 1 else f"{n} longest quotations"
    return (f"Each quoted listed actor's {which} in quotation marks, among those whose speaker is named in the quotation's "
            "own sentence or the one before (\"…,\" Peskov said; Dmitriev added: \"…\"); quotations attributed through "
            "\"he\", a role or a preceding quotation are left out, so that every row can be checked against its sentence. "
            f"{count_of(len(longest), 'quotation')} of {count_of(longest['actor'].nunique(), 'actor')}, the actors with the "
            "most such quoted words first. Length in words; \"Speaker as written\" is the text that names the speaker, "
            "\"Sentence\" the whole sentence holding the quotation and those words. Quotations joined over reopened "
            "quotation marks are left out: where a scrape lost a closing mark, they run into unrelated text. The CSV holds "
            "every quotation whole" + _cut_cells(longest) + ".")


def _cut_cells(longest: pd.DataFrame) -> str:
    """What the table says of its quotations and sentences longer than a cell shows (nothing when there is none)."""
    long = sum(int(longest[c].fillna("").str.split().str.len().gt(MAX_CELL_WORDS).sum())
               for c in ("quote", "sentence") if c in longest.columns)
    return (f"; a quotation or sentence of more than {MAX_CELL_WORDS} words shows its first {MAX_CELL_WORDS} here and "
            f"how many follow ({count_of(long, 'cell')})" if long else "")


def unlisted_speakers_caption(counts: pd.DataFrame, *, n: int, by: str = "source") -> str:
    """Caption for the chart of the people off the actor list each group quotes most."""
    words = int(counts["n_quoted_words"].sum())
    if words == 0:
        return "No quotation was found, so no one is quoted."
    off = counts.loc[~counts["listed"].astype(bool)]
    people = _unlisted(counts)
    text = (f"For each {by}, the {n} people not on the actor list it quotes most, by their share of its quoted words "
            "(direct, partial and indirect quotations). A person is named when the words attributing the quotation name them, "
            "or name them in a sentence a pronoun or role refers back to; a name written alone (\"Peskov\") counts with "
            f"the one fuller name of the corpus it ends (\"Dmitry Peskov\"). Off the list in all: "
            f"{int(off['n_quoted_words'].sum()) / words:.0%} of the quoted words")
    if people.empty:
        return text + (", none of them spoken by a person the text names: organisations, unnamed officials, or speakers "
                       "the rules could not identify.")
    text += (f", {int(people['n_quoted_words'].sum()) / words:.0%} spoken by "
             f"{count_of(people['speaker'].nunique(), 'named person', 'named people')} and the rest by no named person (an "
             "organisation, an unnamed official, or a speaker the rules could not identify).")
    per_person = people.groupby("speaker")["n_quoted_words"].sum()
    top = per_person.sort_values(ascending=False).head(3)
    return text + " Most quoted off the list: " + "; ".join(f"{s} ({w:,} words)" for s, w in top.items()) + "."


def candidate_speakers_caption(candidates: pd.DataFrame) -> str:
    """Caption for the table of people quoted who are not on the actor list."""
    if candidates.empty:
        return "Every person quoted by name is on the actor list."
    return (f"{count_of(len(candidates), 'person', 'people')} quoted by name who are not on the actor list, most quoted "
            "words first: entries the list may want (add them to data/actors.yml with their aliases, then render again). "
            "\"Written as\" lists the forms of the name counted together; the quotation is the first found. A list to read, "
            "not to add wholesale: a scrape can join two names.")


def country_share_caption(by_country: pd.DataFrame, *, by: str = "source") -> str:
    """Caption for the table of quoted words per country: what a country is, and the largest share in each group."""
    if int(by_country["n_quoted_words"].sum()) == 0:
        return "No quotation was found, so no country is quoted."
    listed = by_country.loc[by_country["country"] != OTHER_SPEAKERS]
    text = (f"Quoted words per {by} and country: each listed actor's words count for the country or organisation the actor "
            "list says they speak for; speakers not on the list or not identified are one row.")
    if len(listed):
        top = listed.sort_values(["share_of_quoted_words", "country"], ascending=[False, True]).drop_duplicates(by)
        text += " Most quoted country among listed actors: " + "; ".join(
            f"{g}: {c} ({s:.0%})" for g, c, s in zip(top[by], top["country"], top["share_of_quoted_words"], strict=True)) + "."
    return text


def quotes_note() -> str:
    """The report's methods note: what a quotation is, how well it is found, and what is missed."""
    return ("A quotation is words in quotation marks that a speech verb (\"said\", \"told\", \"according to\"… in "
            "analysis/resources/speech_verbs_en.txt) attributes to a speaker, or reported speech without marks (\"X said "
            "that…\"); scare quotes and quoted terms are not counted. The speaker is an actor of the list when named next "
            "to the verb, or when \"he\", \"she\" or a role refers back unambiguously to the actor named last. On 85 "
            "hand-labelled articles (1,028 quotations) about 97% of the quotations found are right, speaker included, and "
            "about 94% of the labelled ones are found; the rules were refined on those articles, so expect less on "
            "others (an earlier version reached 88% and 85% on 24 articles labelled apart). Missed most: reported speech "
            "in long or unusual sentences, speakers named only by a role or a pronoun several sentences back, and embedded "
            "tweets without marks.")


#: Column headers of the quotation tables, for the report tables (columns their shared labels do not name).
TABLE_LABELS = {
    "n_quotes": "Quotations", "n_quoted_words": "Quoted words", "n_group_quoted_words": "Quoted words in source",
    "share_of_quoted_words": "Share of the source's quoted words", "quote": "Quotation", "kind": "Kind",
    "quote_rank": "Rank", "speaker_text": "Speaker as written", "tone_of": "Tone of", "n_texts": "Texts",
    "n_articles": "Articles quoting", "n_group_articles": "Articles in source", "speaker": "Speaker", "listed": "On the actor list",
    "sentence": "Sentence", "forms": "Written as", "candidate": "Person",
}
