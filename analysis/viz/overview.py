"""Charts and captions of what a corpus holds (the tables of :mod:`analysis.overview`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.overview import removed_by_rule, source_labels
from analysis.viz.style import count_of, empty_chart, styled, with_n

# One grey per in-text furniture rule (the rule, not the outlet, is what the colour tells apart).
_RULE_COLORS = ["#222222", "#555555", "#777777", "#999999", "#BBBBBB", "#DDDDDD", "#F0F0F0"]
_DIRECTED_COLOR, _SAME_DAY_COLOR = "#555555", "#BBBBBB"


# ---------------------------------------------------------------------------- charts


@styled
def plot_articles_by_source(by_source: pd.DataFrame, colors: dict[str, str]) -> plt.Figure:
    """Horizontal bars: articles per source, each in its source colour."""
    table = by_source.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(table) + 1.4))
    ax.barh(table["source"], table["n_articles"], color=[colors[s] for s in table["source"]])
    ax.bar_label(ax.containers[0], padding=3)
    ax.set(title="Articles per source", xlabel="articles (count)", ylabel="source")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


@styled
def plot_articles_by_month(by_month: pd.DataFrame, colors: dict[str, str]) -> plt.Figure:
    """Stacked bars: dated articles per month, one colour per source."""
    wide = by_month.pivot(index="month", columns="source", values="n_articles").fillna(0)
    fig, ax = plt.subplots(figsize=(8, 3.6))
    positions = range(len(wide))
    bottom = pd.Series(0, index=wide.index)
    for source in wide.columns:
        ax.bar(positions, wide[source], bottom=bottom, color=colors[source],
               label=with_n(source, int(wide[source].sum())))
        bottom += wide[source]
    ax.set_xticks(list(positions), [f"{m:%b %Y}" for m in wide.index], rotation=45, ha="right")
    ax.set(title="Dated articles per month", xlabel="month of publication", ylabel="articles (count)")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="source", loc="upper left", bbox_to_anchor=(1, 1))
    return fig


def _strip_by_source(ax: plt.Axes, table: pd.DataFrame, value: str, colors: dict[str, str]) -> None:
    """One row per source, one dot per article at ``value``, the source labelled with its n."""
    sources = sorted(table["source"].unique(), reverse=True)
    for row, source in enumerate(sources):
        values = table.loc[table["source"] == source, value]
        jitter = [((i % 5) - 2) * 0.06 for i in range(len(values))]
        ax.scatter(values, [row + j for j in jitter], color=colors[source], alpha=0.8, s=30, edgecolor="white")
    counts = table["source"].value_counts()
    ax.set_yticks(range(len(sources)), [with_n(s, int(counts[s])) for s in sources])
    ax.set_ylim(-0.6, len(sources) - 0.4)


@styled
def plot_words_per_article(articles: pd.DataFrame, colors: dict[str, str]) -> plt.Figure:
    """Dots: words per article after cleaning, one row per source."""
    table = articles.assign(source=source_labels(articles))
    fig, ax = plt.subplots(figsize=(7, 0.5 * table["source"].nunique() + 1.6))
    _strip_by_source(ax, table, "n_words", colors)
    ax.set(title="Words per article", xlabel="words per article after cleaning (count)", ylabel="source (articles)")
    ax.set_xlim(left=0)
    return fig


@styled
def plot_removed_share(share: pd.DataFrame, colors: dict[str, str]) -> plt.Figure:
    """Dots: the share of each article's non-blank raw lines that cleaning removed, one row per source."""
    table = share.assign(percent_removed=share["share_removed"] * 100)
    fig, ax = plt.subplots(figsize=(7, 0.5 * table["source"].nunique() + 1.6))
    _strip_by_source(ax, table, "percent_removed", colors)
    ax.set(title="Raw lines removed by cleaning, per article",
           xlabel="non-blank raw lines removed (% of the article's lines)", ylabel="source (articles)")
    ax.set_xlim(0, 100)
    return fig


@styled
def plot_removed_by_rule(by_rule: pd.DataFrame) -> plt.Figure:
    """Horizontal bars: lines removed by each cleaning rule, labelled with the articles it touched."""
    table = by_rule.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(table) + 1.4))
    labels = [with_n(rule, int(n), "articles") for rule, n in zip(table["rule"], table["n_articles"])]
    ax.barh(labels, table["n_lines"], color="#555555")
    ax.bar_label(ax.containers[0], padding=3)
    ax.set(title="Lines removed by each cleaning rule", xlabel="raw lines removed (count)", ylabel="rule")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


@styled
def plot_furniture_by_source(by_source: pd.DataFrame) -> plt.Figure:
    """Stacked horizontal bars: the share of each outlet's characters each in-text furniture rule removed.

    ``by_source`` is :func:`analysis.furniture.furniture_by_source`'s table.
    """
    title = "Furniture removed from inside the texts"
    if by_source.empty:
        return empty_chart(title, "No in-text furniture was found (or its removal was turned off).")
    wide = by_source.pivot(index="source", columns="rule", values="share_of_chars").fillna(0) * 100
    wide = wide.loc[wide.sum(axis=1).sort_values().index, wide.sum().sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(wide) + 1.8))
    left = pd.Series(0.0, index=wide.index)
    for rule, color in zip(wide.columns, _RULE_COLORS * 2):
        ax.barh(wide.index, wide[rule], left=left, color=color, edgecolor="white", lw=0.5, label=rule)
        left += wide[rule]
    ax.set(title=title, xlabel="characters removed (% of the outlet's text after line cleaning)", ylabel="source")
    ax.legend(title="rule", loc="lower right")
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

    ``pairs`` is :func:`analysis.duplicates.reprint_pairs`'s table. A reprint a later
    day has a direction (dark); one the same day has none (light): dates are by day,
    so which came first is then a guess.
    """
    title = "Wire copy: who reprints whom"
    bars = _wire_copy_bars(pairs).head(top_n).iloc[::-1]
    if bars.empty:
        return empty_chart(title, "No article shares its text with an earlier article of another outlet.")
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(bars) + 1.8))
    colors = [_SAME_DAY_COLOR if same else _DIRECTED_COLOR for same in bars["same_day"]]
    ax.barh(bars["label"], bars["n"], color=colors)
    ax.bar_label(ax.containers[0], padding=3)
    ax.set(title=title, xlabel="articles (count)", ylabel="")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=_DIRECTED_COLOR, label="a later day: reprints"),
                       plt.Rectangle((0, 0), 1, 1, color=_SAME_DAY_COLOR, label="same day: share wire copy")],
              loc="lower right")
    return fig


# -------------------------------------------------------------------------- captions


def articles_by_source_caption(by_source: pd.DataFrame, *, small_n: int = 3) -> str:
    """Caption for the articles-per-source chart: totals and the sources too small to compare."""
    total = int(by_source["n_articles"].sum())
    text = f"{count_of(total, 'article')} from {count_of(len(by_source), 'source')}."
    small = by_source.loc[by_source["n_articles"] < small_n, "source"].tolist()
    if small:
        text += (f" {len(small)} of them {'has' if len(small) == 1 else 'have'} fewer than {small_n} articles "
                 f"({', '.join(small)}): figures for {'it' if len(small) == 1 else 'them'} describe single "
                 "articles, not the outlet's coverage.")
    return text


def articles_by_month_caption(by_month: pd.DataFrame, n_undated: int) -> str:
    """Caption for the articles-per-month chart: the span shown and the undated articles left out."""
    left_out = ("every article is dated." if n_undated == 0 else
                f"{count_of(n_undated, 'undated article')} {'is' if n_undated == 1 else 'are'} not shown.")
    if by_month.empty:
        return f"No article has a publication date; {left_out}"
    first, last = by_month["month"].min(), by_month["month"].max()
    span = f"{first:%B %Y}" if first == last else f"{first:%B %Y} to {last:%B %Y}"
    return f"Dated articles per calendar month, {span} ({count_of(int(by_month['n_articles'].sum()), 'article')}); {left_out}"


def words_per_article_caption(articles: pd.DataFrame) -> str:
    """Caption for the words-per-article chart: median and range after cleaning."""
    words = articles["n_words"]
    return (f"Words per article after cleaning over {count_of(len(words), 'article')}: median {words.median():,.0f}, "
            f"range {words.min():,}–{words.max():,}. Each dot is one article.")


def cleaning_caption(by_article: pd.DataFrame) -> str:
    """Caption for the cleaning charts: share of lines removed and the main rule."""
    n_lines = int(by_article["n_lines"].sum())
    by_rule = removed_by_rule(by_article)
    n_removed = int(by_rule["n_lines"].sum())
    if n_removed == 0:
        return f"Cleaning kept all {count_of(n_lines, 'non-blank line')}."
    top = by_rule.iloc[0]
    return (f"Cleaning removed {n_removed:,} of {count_of(n_lines, 'non-blank raw line')} ({n_removed / n_lines:.0%}) as "
            f"page furniture; the most frequent rule is {top['rule']} ({count_of(int(top['n_lines']), 'line')} in "
            f"{count_of(int(top['n_articles']), 'article')}). Blank lines are not counted.")


def left_out_caption(skipped: pd.DataFrame, undated: pd.DataFrame) -> str:
    """What the corpus leaves out or cannot date, in one sentence each."""
    files = ("No file or article was left out." if skipped.empty else
             f"{count_of(len(skipped), 'file or article')} left out, each listed with its reason.")
    dates = ("Every article has a publication date." if undated.empty else
             f"{count_of(len(undated), 'article')} without a publication date: missing from the per-month chart.")
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


def wire_copy_caption(pairs: pd.DataFrame, sentence: str) -> str:
    """Caption for the wire-copy chart: the reprint count and what a same-day pair means."""
    if pairs.empty:
        return f"{sentence} No chart: no outlet repeats an earlier article of another outlet."
    same_day = int(pairs["n_same_day"].sum())
    return (f"{sentence} Dark bars: the reprint appeared a later day than the article it repeats. Light bars: "
            f"{count_of(same_day, 'article')} appeared the same day as the article it repeats; dates are by day, so "
            "which came first is a guess, and the pair is shown as sharing wire copy, without a direction.")
