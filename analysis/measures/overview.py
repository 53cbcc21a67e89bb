"""What a corpus holds: articles per source and month, words per article, what cleaning
removed (lines, and fragments inside the texts), what was left out (by the filter
too), the extra metadata columns, the wire copy shared between outlets, and where
each article came from.

Pure functions of the tables :func:`analysis.read_corpus` returns; their charts
and captions are in :mod:`analysis.viz.overview`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.core.schema import MISSING_SOURCE, conform, empty, returns
from analysis.io.clean import HEADLINE as HEADLINE_RULE
from analysis.io.clean import KEPT
from analysis.io.filters import clause_counts
from analysis.io.furniture import REPEATED_BOILERPLATE
from analysis.io.language import UNDETERMINED
from analysis.io.language import languages_by_source as languages_by_source  # the overview's table, re-exported
from analysis.io.load import FILTER_REASON, METADATA_ORIGIN
from analysis.io.tables import ARTICLE_COLUMNS
from analysis.text.tokens import count_words

BLANK_RULE = "blank"
PROVENANCE_DROP = ("text", "n_words")
#: Period frequencies from finest to coarsest, as pandas names them (``W`` weeks start on Monday).
FREQUENCIES = ("D", "W", "M", "Q", "Y")


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


def _periods(published: pd.Series, freq: str) -> pd.Series:
    """Each date's period (start timestamp, time zone dropped) at ``freq``."""
    dates = published.dt.tz_localize(None) if published.dt.tz is not None else published
    try:
        return dates.dt.to_period(freq).dt.start_time
    except (ValueError, TypeError) as exc:
        raise AnalysisError(f"freq={freq!r} is not a period frequency ({exc}); use one of {list(FREQUENCIES)}.") from exc


def auto_freq(published: pd.Series, *, max_periods: int = 36, articles_per_period: float = 2.0) -> str:
    """The finest period (``D``, ``W``, ``M``, ``Q``, ``Y``) that fits the span of ``published``.

    Fits means at most ``max_periods`` periods from the first to the last date (so a
    corpus spanning about a year is shown by month, not 53 weeks), and at most one
    period per ``articles_per_period`` dated articles (at least 12), so five
    articles over eight months are shown by month, not over 35 mostly empty weeks.
    Missing dates are ignored; with none, ``M``. Give it the dates of the span
    where they are dense (:func:`time_axis`), or one outlying date decides it.
    """
    dated = published.dropna()
    if dated.empty:
        return "M"
    limit = min(max_periods, max(12, len(dated) / articles_per_period))
    for freq in FREQUENCIES:
        periods = _periods(dated, freq)
        span = len(pd.period_range(periods.min(), periods.max(), freq=freq))
        if span <= limit:
            return freq
    return FREQUENCIES[-1]


@returns("articles_by_period")
def articles_by_period(articles: pd.DataFrame, *, freq: str = "M") -> pd.DataFrame:
    """Dated articles per source and period (``freq``: ``D``, ``W``, ``M``, ``Q``, ``Y``), empty periods as 0.

    Every source gets a row for every period from the first to the last dated
    article of the corpus. ``share_of_source`` divides by the source's dated
    articles, so sources of different sizes compare by when they covered the
    story (Media Cloud's "attention"). Undated articles are not counted.
    """
    dated = articles.loc[articles["published"].notna()]
    if dated.empty:
        return empty("articles_by_period")
    periods = _periods(dated["published"], freq)
    frame = pd.DataFrame({"source": source_labels(dated), "period": periods,
                          "inferred": dated["published_inferred"].fillna(False).astype(bool)})
    counts = frame.groupby(["source", "period"]).agg(n_articles=("inferred", "size"), n_inferred=("inferred", "sum"))
    every = pd.period_range(periods.min(), periods.max(), freq=freq).start_time
    grid = pd.MultiIndex.from_product([sorted(frame["source"].unique()), every], names=["source", "period"])
    table = counts.reindex(grid, fill_value=0).reset_index()
    totals = table.groupby("source")["n_articles"].transform("sum")
    return conform(table.assign(share_of_source=table["n_articles"] / totals), "articles_by_period")


@returns("published_range")
def published_range(articles: pd.DataFrame) -> pd.DataFrame:
    """The first and last publication date of each source, and whether each is only inferred.

    A date counts as stated when at least one article of that source and day
    states it. Sources without a dated article have no row.
    """
    dated = articles.loc[articles["published"].notna()]
    frame = pd.DataFrame({"source": source_labels(dated), "day": dated["published"].dt.normalize(),
                          "inferred": dated["published_inferred"].fillna(False).astype(bool)})
    days = frame.groupby(["source", "day"])["inferred"].all().reset_index()
    first = days.loc[days.groupby("source")["day"].idxmin()].set_index("source")
    last = days.loc[days.groupby("source")["day"].idxmax()].set_index("source")
    order = frame["source"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index
    table = pd.DataFrame({"first_published": first["day"], "first_inferred": first["inferred"],
                          "last_published": last["day"], "last_inferred": last["inferred"]}).reindex(order)
    return conform(table.rename_axis("source").reset_index(), "published_range")


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


# ------------------------------------------------------------ metadata, filter, furniture


@returns("metadata_columns")
def metadata_columns(articles: pd.DataFrame, *, n_examples: int = 3) -> pd.DataFrame:
    """The article columns beyond the core ones (a table's unmapped columns, a manifest's extra ones), typed.

    ``examples`` shows up to ``n_examples`` of the most frequent values.
    """
    rows = []
    for column in (c for c in articles.columns if c not in ARTICLE_COLUMNS):
        values = articles[column].dropna()
        top = values.astype(str).value_counts().index[:n_examples]
        rows.append((column, str(articles[column].dtype), len(values), values.nunique(), " | ".join(top)))
    return conform(pd.DataFrame(rows, columns=["column", "dtype", "n_present", "n_distinct", "examples"]),
                   "metadata_columns")


def filter_counts(where: str, articles: pd.DataFrame, skipped: pd.DataFrame) -> pd.DataFrame:
    """What each top-level clause of the ``where`` filter kept and dropped, in the order written.

    ``articles`` and ``skipped`` are the tables loaded with that filter: the
    articles each clause dropped are read back from ``skipped`` (``left out by the
    filter <clause>``). An empty filter gives an empty table. Columns as
    :func:`analysis.io.filters.clause_counts`.
    """
    reasons = skipped["reason"].astype("string")
    by_filter = reasons[reasons.str.startswith(FILTER_REASON).fillna(False)].str.slice(len(FILTER_REASON))
    return clause_counts(where or "", len(articles) + len(by_filter), by_filter)


def filter_sentence(counts: pd.DataFrame, n_articles: int) -> str:
    """One sentence on the filter: none, or the articles it kept of those it was applied to."""
    if counts.empty:
        return f"No filter: all {n_articles:,} loaded articles are analysed."
    before = int(counts["n_before"].iloc[0])
    return (f"The filter kept {n_articles:,} of {before:,} articles ({before - n_articles:,} left out, each listed "
            "with the clause that dropped it).")


@returns("repeated_passages")
def repeated_passages(fragments: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The passages the repetition rule removed, per outlet, with the number of articles each was removed from.

    A passage is one or more repeated sentences removed together, whitespace
    trimmed. Read it before trusting the rule: an outlet's stock background
    paragraph is framing, not furniture (load with ``remove_repeated=False`` to keep it).
    """
    removed = fragments.loc[fragments["rule"] == REPEATED_BOILERPLATE, ["doc_id", "fragment"]]
    table = removed.assign(fragment=removed["fragment"].str.strip(),
                           source=removed["doc_id"].map(articles.set_index("doc_id")["source"]))
    table = table.assign(source=table["source"].astype("string").fillna(MISSING_SOURCE))
    counts = table.groupby(["source", "fragment"], sort=True)["doc_id"].nunique().rename("n_articles").reset_index()
    counts = counts.sort_values(["source", "n_articles", "fragment"], ascending=[True, False, True], kind="stable")
    return conform(counts.reset_index(drop=True), "repeated_passages")


def headline_sentence(cleaning: pd.DataFrame, articles: pd.DataFrame) -> str:
    """The overview's line on headlines: kept as titles, not scored, and how many were found in the texts."""
    n_titled = int(articles["title"].notna().sum())
    found = cleaning.loc[(cleaning["rule"] == HEADLINE_RULE) & cleaning["doc_id"].isin(articles["doc_id"]), "doc_id"]
    n_found = found.nunique()
    repeated = ("No article text repeated its headline." if n_found == 0 else
                f"{n_found:,} article text{'s' if n_found > 1 else ''} repeated {'their' if n_found > 1 else 'its'} "
                "headline as a line; the cleaning rule 'headline' removed it from the text.")
    return (f"Headlines are kept as titles ({n_titled:,} of {len(articles):,} articles have one) and not scored: "
            f"sentiment, terms and actors read the body text only. {repeated}")


def metadata_origin_sentence(articles: pd.DataFrame) -> str:
    """Where the outlets, headlines and dates of ``articles`` come from: a manifest, sub-folder names or the files alone,
    and how many articles name no outlet (with the fix)."""
    origin = articles.attrs.get(METADATA_ORIGIN, {})
    folders = origin.get("outlet_folders") or []
    unknown = int(articles["source"].isna().sum())
    if origin.get("manifest"):
        text = f"Outlets, headlines and dates come from the manifest {origin['manifest']} where it gives them, else from the files."
    elif folders:
        text = (f"No manifest (sources.csv) was found: the outlets are the names of the corpus's sub-folders "
                f"({', '.join(folders[:8])}{'…' if len(folders) > 8 else ''}); headlines and dates come from the files.")
    else:
        text = "No manifest (sources.csv) was found: outlets, headlines and dates come from the files themselves."
    if unknown:
        text += (f" {unknown:,} of {len(articles):,} articles name no outlet and are counted together as {MISSING_SOURCE!r}: "
                 "to name them, write a sources.csv beside the corpus (columns file and source, see data/README.md) or "
                 "put each outlet's files in a sub-folder named after it.")
    return text


def languages_sentence(by_language: pd.DataFrame) -> str:
    """What :func:`languages_by_source` shows: how many articles are English, the others by language, and what that means."""
    total = int(by_language["n_articles"].sum())
    english = int(by_language.loc[by_language["english_only"], "n_articles"].sum())
    if english == total:
        return f"All {total:,} articles are in English, so every report reads all of them."
    others = by_language.loc[~by_language["english_only"]].groupby("language")["n_articles"].sum().sort_values(ascending=False)
    listed = ", ".join(f"{n:,} {code}" for code, n in others.items())
    undetermined = f"; {UNDETERMINED} = too short or mixed to tell" if UNDETERMINED in others.index else ""
    return (f"{english:,} of {total:,} articles are in English. The others ({listed}{undetermined}) are counted here "
            "and left out of the tone, term, actor and quotation reports, whose measures rest on "
            "English word lists; each of those reports says so. Languages the data does not state are detected with "
            "py3langid; to correct them, give a language column in the table or in sources.csv (or load with language='en' "
            "to take every article as English).")


# ------------------------------------------------------------ where the dates are dense

#: The charts over time span the shortest stretch of time holding this share of the dated articles…
DENSE_SHARE = 0.9
#: … widened on each side by this fraction of its length (so the tails of a dense period stay in).
DENSE_MARGIN = 0.5
#: With fewer dated articles than this, every date is shown: too few to tell a tail from an outlier.
DENSE_MIN_ARTICLES = 20


def dense_span(published: pd.Series, *, share: float = DENSE_SHARE, margin: float = DENSE_MARGIN,
               min_articles: int = DENSE_MIN_ARTICLES) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last date of the stretch of time where the dates of ``published`` are dense.

    The core is the shortest stretch holding ``share`` of the dated articles; it
    is widened on each side by ``margin`` times its length (at least a week), and
    the span runs from the first to the last date inside that. Dates outside are
    outlying (:func:`outlying_dates`): one article dated 2013 in a corpus of 2022
    would otherwise stretch every chart over time across nine mostly empty years.
    ``share`` 1 (or fewer than ``min_articles`` dated articles) keeps every date.
    Returns ``None`` when no date is given.
    """
    if not 0 < share <= 1:
        raise AnalysisError(f"share={share!r}: give the share of dated articles the span must hold, in (0, 1].")
    dates = published.dropna()
    if dates.empty:
        return None
    dates = (dates.dt.tz_localize(None) if dates.dt.tz is not None else dates).sort_values().to_numpy()
    if share >= 1 or len(dates) < min_articles:
        return pd.Timestamp(dates[0]), pd.Timestamp(dates[-1])
    k = max(1, math.ceil(share * len(dates)))
    widths = dates[k - 1:] - dates[:len(dates) - k + 1]
    first = int(np.argmin(widths))
    low, high = dates[first], dates[first + k - 1]
    reach = max(pd.Timedelta(days=7), pd.Timedelta(high - low) * margin)
    inside = dates[(dates >= low - reach) & (dates <= high + reach)]
    return pd.Timestamp(inside[0]), pd.Timestamp(inside[-1])


def outlying_dates(articles: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DataFrame:
    """The dated articles outside ``span`` (:func:`dense_span`), earliest first.

    Columns: ``doc_id``, ``source``, ``title``, ``url``, ``published``,
    ``published_inferred`` (as in the articles table).
    """
    columns = ["doc_id", "source", "title", "url", "published", "published_inferred"]
    table = articles.reindex(columns=columns)
    if span is None:
        return table.iloc[:0].reset_index(drop=True)
    dates = table["published"]
    dates = dates.dt.tz_localize(None) if dates.dt.tz is not None else dates
    out = table.loc[dates.notna() & ((dates < span[0]) | (dates > span[1]))]
    return out.sort_values(["published", "doc_id"], kind="stable").reset_index(drop=True)


def in_span(articles: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DataFrame:
    """The articles whose date lies in ``span``, and the undated ones (charts over time leave those out themselves)."""
    if span is None:
        return articles
    return articles.loc[~articles["doc_id"].isin(outlying_dates(articles, span)["doc_id"])]


def span_sentence(outlying: pd.DataFrame, span: tuple[pd.Timestamp, pd.Timestamp] | None, n_dated: int) -> str:
    """One sentence on the span of the charts over time and the outlying dates left out of it (nothing when none)."""
    if span is None or outlying.empty:
        return ""
    first, last = outlying["published"].min(), outlying["published"].max()
    dates = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    noun = "article is" if len(outlying) == 1 else "articles are"
    return (f"The axis spans {span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}, where the dates are dense: {len(outlying):,} of "
            f"{n_dated:,} dated {noun} outlying ({dates}) and left out of it, listed in the table of outlying dates.")


# ------------------------------------------------------------ warnings about outlets

#: A source whose median text is shorter than this many words is probably not full articles.
SHORT_TEXT_WORDS = 120
_TEXT_KIND = re.compile(r"lead|abstract|summar|snippet|excerpt|teaser|paragraph|headline", re.IGNORECASE)
_FLAG_NAME = re.compile(r"off[\W_]*topic|irrelevant|exclude", re.IGNORECASE)
_FULL_TEXT = re.compile(r"full", re.IGNORECASE)


def _truthy(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return values.fillna(0).astype(float) > 0
    return values.astype("string").str.strip().str.lower().isin(["1", "true", "yes", "y"]).fillna(False)


@returns("outlet_warnings")
def outlet_warnings(articles: pd.DataFrame, *, short_words: int = SHORT_TEXT_WORDS, min_articles: int = 3) -> pd.DataFrame:
    """What a reader must know about an outlet's texts before comparing it with the others.

    Found by rule in any corpus: ``short texts`` (median words below
    ``short_words``: lead paragraphs or summaries, not articles), ``text type`` (a
    metadata column whose name says type or kind holds values such as
    ``lead_paragraph``, ``abstract``, ``summary``), ``flagged`` (a yes/no column
    whose name says off-topic, irrelevant or exclude, e.g. ``author_marked_offtopic``:
    those articles are analysed with the others unless filtered out), ``language``
    (texts not in English, which VADER and the word lists do not read) and
    ``few articles`` (fewer than ``min_articles``).
    """
    table = articles.assign(source=source_labels(articles))
    rows: list[tuple[str, str, int, int, str]] = []
    kinds = [c for c in articles.columns if c not in ARTICLE_COLUMNS and re.search(r"type|kind", c, re.IGNORECASE)
             and not pd.api.types.is_numeric_dtype(articles[c])]
    flags = [c for c in articles.columns if c not in ARTICLE_COLUMNS and _FLAG_NAME.search(c)]
    for source, rows_of in table.groupby("source", sort=True):
        n = len(rows_of)
        median = float(rows_of["n_words"].median()) if "n_words" in rows_of and n else float("nan")
        if n and median < short_words:
            rows.append((source, "short texts", n, n, f"its texts are short (median {median:,.0f} words): lead paragraphs "
                         "or summaries rather than whole articles, so its tone, terms and mentions rest on a paragraph "
                         "per article and compare badly with full texts"))
        for column in kinds:
            values = rows_of[column].astype("string")
            partial = values.str.contains(_TEXT_KIND).fillna(False) & ~values.str.contains(_FULL_TEXT).fillna(False)
            if partial.any():
                named = ", ".join(f"{v} ({c:,})" for v, c in values[partial].value_counts().items())
                rows.append((source, "text type", int(partial.sum()), n,
                             f"{int(partial.sum()):,} of its {n:,} texts are not whole articles ({column}: {named})"))
        for column in flags:
            marked = _truthy(rows_of[column])
            if marked.any():
                rows.append((source, "flagged", int(marked.sum()), n,
                             f"{int(marked.sum()):,} of its {n:,} articles are marked in {column} and analysed with "
                             f"the others (leave them out with --where \"{column} == 0\")"))
        if "language" in rows_of.columns:
            other = rows_of["language"].astype("string").fillna("en")
            foreign = other[~other.str.lower().str.startswith("en")]
            if len(foreign):
                named = ", ".join(f"{v} ({c:,})" for v, c in foreign.value_counts().items())
                rows.append((source, "language", len(foreign), n, f"{len(foreign):,} of its {n:,} texts are not in "
                             f"English ({named}): VADER and the word lists read English only"))
        if n < min_articles:
            rows.append((source, "few articles", n, n, f"only {n} article{'s' if n != 1 else ''}: its figures describe "
                         "single articles, not the outlet's coverage"))
    return conform(pd.DataFrame(rows, columns=["source", "warning", "n_articles", "n_group_articles", "detail"]),
                   "outlet_warnings")



@dataclass(frozen=True)
class TimeAxis:
    """What the charts over time of a report show: ``span`` (first and last date on the axis, ``None`` without
    dates), ``articles`` (those in the span, and the undated ones, which charts over time leave out themselves),
    ``outlying`` (the dated articles outside it, :func:`outlying_dates`), ``freq`` (the period) and ``note`` (the
    sentence a caption adds about the outlying dates, empty when there are none)."""

    span: tuple[pd.Timestamp, pd.Timestamp] | None
    articles: pd.DataFrame
    outlying: pd.DataFrame
    freq: str
    note: str


def time_axis(articles: pd.DataFrame, *, freq: str = "", share: float = DENSE_SHARE) -> TimeAxis:
    """The :class:`TimeAxis` of ``articles``: the span where their dates are dense (:func:`dense_span`, ``share``
    of them in its core; 1 keeps every date) and the period (``freq``, or :func:`auto_freq` of the dates in the span)."""
    span = dense_span(articles["published"], share=share)
    outlying = outlying_dates(articles, span)
    kept = in_span(articles, span)
    note = span_sentence(outlying, span, int(articles["published"].notna().sum()))
    return TimeAxis(span, kept, outlying, freq or auto_freq(kept["published"]), note)
