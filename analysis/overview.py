"""What a corpus holds: articles per source and month, words per article, what cleaning
removed, what was left out, and where each article came from.

Pure functions of the tables :func:`analysis.read_corpus` returns; their charts
and captions are in :mod:`analysis.viz.overview`.
"""

from __future__ import annotations

import pandas as pd

from analysis.clean import KEPT
from analysis.schema import MISSING_SOURCE, conform, empty, returns
from analysis.text import count_words

BLANK_RULE = "blank"
PROVENANCE_DROP = ("text", "n_words")


def source_labels(articles: pd.DataFrame) -> pd.Series:
    """The ``source`` column with missing sources named as in the charts' colour map."""
    return articles["source"].astype("string").fillna(MISSING_SOURCE)


# ---------------------------------------------------------------------------- tables


@returns("articles_by_source")
def articles_by_source(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles, words and dates of each source; ``n_words`` is the source's total after cleaning."""
    table = articles.assign(source=source_labels(articles), undated=articles["published"].isna(),
                            inferred=articles["published_inferred"].fillna(False).astype(bool))
    summary = table.groupby("source", sort=True).agg(
        n_articles=("doc_id", "size"),
        n_words=("n_words", "sum"),
        median_words=("n_words", "median"),
        n_undated=("undated", "sum"),
        n_inferred=("inferred", "sum"),
        first_published=("published", "min"),
        last_published=("published", "max"),
    )
    summary = summary.reset_index().sort_values(["n_articles", "source"], ascending=[False, True], kind="stable")
    return conform(summary.reset_index(drop=True), "articles_by_source")


@returns("articles_by_month")
def articles_by_month(articles: pd.DataFrame) -> pd.DataFrame:
    """Dated articles per source and calendar month, months without articles included as 0.

    Every source gets a row for every month from the first to the last dated
    article of the corpus; undated articles are not counted (see :func:`undated_articles`).
    """
    dated = articles.loc[articles["published"].notna()]
    if dated.empty:
        return empty("articles_by_month")
    months = dated["published"].dt.to_period("M")
    counts = pd.DataFrame({"source": source_labels(dated), "month": months}).value_counts()
    every_month = pd.period_range(months.min(), months.max(), freq="M")
    grid = pd.MultiIndex.from_product([sorted(counts.index.unique("source")), every_month], names=["source", "month"])
    table = counts.reindex(grid, fill_value=0).rename("n_articles").reset_index()
    table["month"] = table["month"].dt.to_timestamp()
    return conform(table, "articles_by_month")


def undated_articles(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles without a publication date.

    Columns: ``doc_id``, ``source``, ``title``, ``path`` (strings).
    """
    undated = articles.loc[articles["published"].isna(), ["doc_id", "source", "title", "path"]]
    return undated.reset_index(drop=True)


def provenance_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Where each article came from: every column of ``articles`` but the text.

    Columns: ``doc_id``, ``source``, ``url``, ``title``, ``published``,
    ``published_inferred``, ``language``, ``translated_from``, ``path``,
    ``encoding`` (see :func:`analysis.load_corpus` for their types), then any
    extra manifest columns (``date_basis``…), one row per article.
    """
    return articles.drop(columns=[c for c in PROVENANCE_DROP if c in articles.columns]).reset_index(drop=True)


@returns("cleaning_by_article")
def cleaning_by_article(cleaning: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """What cleaning did to each article's non-blank raw lines, one row per article and verdict.

    ``cleaning`` is :func:`analysis.cleaning_report`'s table; only the articles of
    ``articles`` are counted (matched on ``path``), blank lines are not;
    ``n_words`` counts the words on the lines.
    """
    sources = articles[["path", "doc_id"]].assign(source=source_labels(articles))
    lines = cleaning.loc[cleaning["rule"] != BLANK_RULE, ["path", "rule", "line"]].merge(sources, on="path")
    lines = lines.assign(n_words=lines["line"].map(count_words))
    table = lines.groupby(["doc_id", "source", "rule"], sort=True).agg(
        n_lines=("line", "size"), n_words=("n_words", "sum")).reset_index()
    return conform(table, "cleaning_by_article")


@returns("removed_share")
def removed_share(by_article: pd.DataFrame) -> pd.DataFrame:
    """The share of each article's non-blank raw lines that cleaning removed.

    ``by_article`` is :func:`cleaning_by_article`'s table.
    """
    removed = by_article["n_lines"].where(by_article["rule"] != KEPT, 0)
    table = by_article.assign(n_removed=removed).groupby(["doc_id", "source"], sort=True).agg(
        n_lines=("n_lines", "sum"), n_removed=("n_removed", "sum")).reset_index()
    return conform(table.assign(share_removed=table["n_removed"] / table["n_lines"]), "removed_share")


@returns("removed_by_rule")
def removed_by_rule(by_article: pd.DataFrame) -> pd.DataFrame:
    """Lines removed by each cleaning rule over the corpus, most lines first.

    ``by_article`` is :func:`cleaning_by_article`'s table; ``n_articles`` counts
    the articles the rule removed at least one line from.
    """
    removed = by_article.loc[by_article["rule"] != KEPT]
    table = removed.groupby("rule", sort=True).agg(
        n_lines=("n_lines", "sum"), n_words=("n_words", "sum"), n_articles=("doc_id", "nunique")).reset_index()
    table = table.sort_values(["n_lines", "rule"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return conform(table, "removed_by_rule")
