"""Sentence sentiment with VADER, and honest aggregates by article, source and period.

VADER (Hutto & Gilbert 2014) reads capitals, punctuation, "but" and negations, so
each sentence is scored exactly as written in the article. Aggregates carry their
sample sizes, a bootstrap interval that resamples whole articles
(:mod:`analysis.measures.stats`) and a ``small_n`` flag. Charts and captions of these
tables are in :mod:`analysis.viz.sentiment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.core.checks import positive_int, process_count, require_columns, require_unique_ids
from analysis.core.errors import SentimentError
from analysis.core.parallel import parallel_map
from analysis.core.progress import progress_bar
from analysis.core.schema import MISSING_SOURCE, TABLES, conform, empty, enters, returns
from analysis.measures.fold import Counts
from analysis.measures.stats import ClusterSums, small_n
from analysis.text.vader import VaderScorer

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
LABELS = ("positive", "neutral", "negative")
#: The compound cut-offs the VADER authors recommend.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
#: Article columns joined onto sentences for the aggregates.
ARTICLE_FIELDS = ("source", "title", "published", "published_inferred", "translated_from")
SUMMARY_COLUMNS = ["n_sentences", "mean_compound", "ci_low", "ci_high", "share_positive", "share_neutral", "share_negative"]

#: Period frequencies of :func:`sentiment_over_time` and their names.
FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}

# ------------------------------------------------------------------------- scoring


@lru_cache(maxsize=1)
def _scorer() -> VaderScorer:
    """The process's one scorer (built on first use, so once per worker process)."""
    return VaderScorer()


def _score_texts(texts: list[str]) -> np.ndarray:
    """VADER's ``neg, neu, pos, compound`` for each text, as an ``(n, 4)`` array (scores equal to vaderSentiment's)."""
    return _scorer().score_texts(texts)


def _check_thresholds(positive: float, negative: float) -> None:
    if not -1 <= negative < positive <= 1:
        raise SentimentError(f"thresholds negative={negative!r}, positive={positive!r}: need -1 <= negative < positive <= 1 "
                             f"(VADER's authors use negative={NEGATIVE_THRESHOLD}, positive={POSITIVE_THRESHOLD}).")


def _sentence_texts(sentences: pd.DataFrame) -> list[str]:
    require_columns(sentences, ["text"], what="sentences", fix="make it with analysis.split_sentences(articles)",
                    error=SentimentError)
    texts = sentences["text"].tolist()
    bad = np.array([not isinstance(t, str) for t in texts], dtype=bool)
    if bad.any():
        where = sentences.loc[bad].head(3)
        ids = ", ".join(f"{r.get('doc_id', '?')}#{r.get('sentence_id', i)}" for i, r in zip(where.index, where.to_dict("records")))
        raise SentimentError(f"{int(bad.sum())} sentence(s) have no text or text that is not a string (first: {ids}); "
                             "drop them or rebuild the table with analysis.split_sentences.")
    return texts


@enters(sentences="sentences")
def score_sentences(
    sentences: pd.DataFrame,
    *,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
    n_jobs: int | None = None,
    min_parallel: int = 5_000,
    chunk_size: int = 2_000,
    progress: bool = True,
) -> pd.DataFrame:
    """VADER scores of every sentence, each scored exactly as written.

    Distinct sentence texts are scored once (wire copy repeats sentences across
    outlets) and the scores copied to every repeat. With at least ``min_parallel``
    distinct sentences the work is split into chunks of ``chunk_size`` over
    ``n_jobs`` processes (``None``: every core this process may use); smaller
    inputs are scored in this process. Results are identical either way, and
    identical to vaderSentiment's ``SentimentIntensityAnalyzer().polarity_scores(text)``:
    the scorer (:class:`analysis.text.vader.VaderScorer`) is the same algorithm on the
    library's own lexicons, without its avoidable work (5× faster per core).

    Parameters
    ----------
    sentences
        A table with a ``text`` column, normally :func:`analysis.split_sentences`.
    positive, negative
        Compound cut-offs of the labels: ``compound >= positive`` is positive,
        ``compound <= negative`` negative, anything between neutral.
    progress
        Show a progress bar (tqdm) while scoring.

    Returns
    -------
    DataFrame
        The input columns (``doc_id`` string, ``sentence_id`` int, ``text``
        string, ``start`` and ``end`` int for a sentence table) plus ``neg``,
        ``neu``, ``pos`` (float, shares of the text that are negative, neutral,
        positive), ``compound`` (float, −1 most negative … +1 most positive) and
        ``label`` (string: ``positive``, ``neutral`` or ``negative``).
    """
    _check_thresholds(positive, negative)
    jobs = process_count(n_jobs, error=SentimentError)
    positive_int("chunk_size", chunk_size, error=SentimentError)
    codes, distinct = pd.factorize(pd.Series(_sentence_texts(sentences), dtype=object))
    distinct = list(distinct)
    chunks = [distinct[i : i + chunk_size] for i in range(0, len(distinct), chunk_size)]
    parallel = jobs > 1 and len(distinct) >= min_parallel and len(chunks) > 1
    blocks = [np.empty((0, 4))]
    with progress_bar(total=len(distinct), desc="VADER", unit="sentence", disable=not progress) as bar:
        for block in parallel_map(_score_texts, chunks, n_jobs=jobs if parallel else 1):
            blocks.append(block)
            bar.update(len(block))
    scores = np.concatenate(blocks)[codes]
    scored = sentences.copy()
    for position, column in enumerate(SCORE_COLUMNS):
        scored[column] = scores[:, position]
    return label_scores(scored, positive=positive, negative=negative)


def label_scores(
    scored: pd.DataFrame, *, positive: float = POSITIVE_THRESHOLD, negative: float = NEGATIVE_THRESHOLD
) -> pd.DataFrame:
    """``scored`` with its ``label`` column (re)made from ``compound`` at the given cut-offs.

    ``compound >= positive`` is positive, ``compound <= negative`` negative,
    anything between neutral. Returns a new frame; the other columns are unchanged.
    """
    _check_thresholds(positive, negative)
    compound = scored["compound"].to_numpy()
    labels = np.select([compound >= positive, compound <= negative], ["positive", "negative"], "neutral")
    return scored.assign(label=pd.array(labels, dtype="string"))


# ---------------------------------------------------------------------- aggregates


@enters(sentences="scored_sentences", articles="articles")
def join_articles(sentences: pd.DataFrame, articles: pd.DataFrame, columns: Sequence[str] = ARTICLE_FIELDS) -> pd.DataFrame:
    """``sentences`` with the ``columns`` of their article, matched on ``doc_id``.

    A missing ``source`` becomes ``(unknown source)`` so those articles stay in
    every per-source table. Raises :class:`SentimentError` when a sentence's
    article is not in ``articles``, ids repeat, or a column is missing.

    Returns
    -------
    DataFrame
        The columns of ``sentences`` followed by ``columns`` (from
        :func:`analysis.load_corpus`: ``source`` string, ``title`` string,
        ``published`` datetime64, ``published_inferred`` bool,
        ``translated_from`` string), one row per sentence in the input order.
    """
    needed = ["doc_id", *columns]
    require_columns(articles, needed, what="articles", fix="pass the table from analysis.load_corpus", error=SentimentError)
    require_columns(sentences, ["doc_id"], what="sentences", fix="make it with analysis.split_sentences(articles)",
                    error=SentimentError)
    require_unique_ids(articles, error=SentimentError)
    unknown = sorted(set(sentences["doc_id"].dropna()) - set(articles["doc_id"].dropna()))
    if unknown or sentences["doc_id"].isna().any():
        raise SentimentError(f"sentences of {len(unknown)} article(s) not in the articles table (first: {unknown[:3]}); "
                             "pass the articles the sentences were split from.")
    joined = sentences.merge(articles[needed], on="doc_id", how="left", validate="many_to_one")
    if "source" in joined.columns:
        joined["source"] = joined["source"].astype("string").fillna(MISSING_SOURCE)
    return joined


# ------------------------------------------------------- tables as folds
#
# Each table is a mergeable aggregate (see :mod:`analysis.measures.fold`): a partial of one
# chunk of articles (``tone_sums``, ``compound_counts``, ``ExtremeCandidates.of``), combined
# with ``+``, finalized by ``tone_by_source``, ``tone_over_time``, ``ExtremeCandidates.table``
# and ``compound_box_stats``. The whole-table functions below are the fold over one chunk;
# :mod:`analysis.engine.aggregates` folds the cache chunk by chunk, or on Dask.


@enters(scored="scored_sentences", articles="articles")
def tone_sums(scored: pd.DataFrame, articles: pd.DataFrame) -> ClusterSums:
    """The partial of the tone tables: per source and article, the fsum and count of its sentences' compound
    scores, its sentences per label (``n_positive``, ``n_neutral``, ``n_negative``), and its ``published`` and
    ``published_inferred`` (see :class:`analysis.measures.stats.ClusterSums`)."""
    return _tone_of(join_articles(scored, articles, columns=("source", "published", "published_inferred")))


def _tone_of(joined: pd.DataFrame) -> ClusterSums:
    labels = joined["label"].to_numpy(dtype=object)
    return ClusterSums.of(joined, "compound", by=["source"], cluster="doc_id",
                          tallies={f"n_{label}": labels == label for label in LABELS},
                          attributes=["published", "published_inferred"])


@enters(scored="scored_sentences", articles="articles")
def sentence_partials(scored: pd.DataFrame, articles: pd.DataFrame, *,
                      n_extremes: int = 3) -> tuple[ClusterSums, Counts, ExtremeCandidates]:
    """:func:`tone_sums`, :func:`compound_counts` and :meth:`ExtremeCandidates.of` of one chunk, from one join."""
    positive_int("n_extremes", n_extremes, error=SentimentError)
    joined = join_articles(scored, articles, columns=("source", "title", "published", "published_inferred"))
    return _tone_of(joined), _counts_of(joined), ExtremeCandidates(_ranked(joined, n_extremes), n_extremes)


def _tone_summary(sums: ClusterSums, by: list[str], *, n_boot: int, seed: int, level: float) -> pd.DataFrame:
    """Counts, mean compound with its bootstrap interval, and label shares for each group of ``by``."""
    summary = sums.summary(by=by, n_boot=n_boot, seed=seed, level=level)
    summary = summary.rename(columns={"n_clusters": "n_articles", "n_values": "n_sentences", "mean": "mean_compound"})
    for label in LABELS:
        summary[f"share_{label}"] = summary.pop(f"n_{label}") / summary["n_sentences"]
    return summary[[*by, "n_articles", *SUMMARY_COLUMNS]]


def tone_by_source(sums: ClusterSums, *, min_articles: int = 3, n_boot: int = 2000, seed: int = 0,
                   level: float = 0.95) -> pd.DataFrame:
    """The finalize of :func:`sentiment_by_source` from its partial :func:`tone_sums` (combined over chunks)."""
    summary = _tone_summary(sums, ["source"], n_boot=n_boot, seed=seed, level=level)
    summary["small_n"] = small_n(summary["n_articles"], min_articles)
    return conform(summary, "sentiment_by_source")


def periods(published: pd.Series, freq: str) -> pd.Series:
    """The start of the period of ``freq`` (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``) holding each date (time zone dropped)."""
    try:
        naive = published.dt.tz_localize(None) if published.dt.tz is not None else published
        return naive.dt.to_period(freq).dt.start_time
    except (ValueError, TypeError, AttributeError) as exc:
        raise SentimentError(f"freq={freq!r} is not a pandas period frequency ({exc}); use one of {sorted(FREQ_NAMES)}.") from exc


def tone_over_time(sums: ClusterSums, *, freq: str = "W", min_articles: int = 3, n_boot: int = 2000, seed: int = 0,
                   level: float = 0.95) -> pd.DataFrame:
    """The finalize of :func:`sentiment_over_time` from its partial :func:`tone_sums` (combined over chunks)."""
    published = pd.to_datetime(sums.table["published"])
    dated = sums.where(published.notna().to_numpy())
    dated = dated.with_columns(period=periods(pd.to_datetime(dated.table["published"]), freq))
    if not len(dated.table):
        return empty("sentiment_over_time")
    summary = _tone_summary(dated, ["source", "period"], n_boot=n_boot, seed=seed, level=level)
    summary["small_n"] = small_n(summary["n_articles"], min_articles)
    inferred = (dated.table.astype({"published_inferred": "int64"}).groupby(["source", "period"])["published_inferred"].sum()
                .rename("n_inferred").reset_index())
    return conform(summary.merge(inferred, on=["source", "period"], how="left"), "sentiment_over_time")


@enters(scored="scored_sentences", articles="articles")
def compound_counts(scored: pd.DataFrame, articles: pd.DataFrame) -> Counts:
    """The partial of the distribution of scores: how many sentences of each source have each compound score
    (``source``, ``compound``, ``n_sentences``; -0.0 counted as 0.0). VADER rounds compound to 4 decimals, so a
    source has at most 20,001 rows whatever the size of the corpus."""
    return _counts_of(join_articles(scored, articles, columns=("source",)))


def _counts_of(joined: pd.DataFrame) -> Counts:
    rows = pd.DataFrame({"source": joined["source"], "compound": joined["compound"].to_numpy(dtype=float) + 0.0,
                         "n_sentences": np.ones(len(joined), dtype="int64")})
    return Counts.of(rows, ["source", "compound"])


def _quantile(values: np.ndarray, ends: np.ndarray, total: int, q: float) -> float:
    """The ``q`` quantile of the sorted distinct ``values`` repeated as their cumulative counts ``ends`` say,
    interpolated linearly between the order statistics around position ``q * (total - 1)`` (Hyndman and Fan's type 7)."""
    position = q * (total - 1)
    below = int(np.floor(position))
    low, high = values[np.searchsorted(ends, [below, min(below + 1, total - 1)], side="right")]
    return float(low + (high - low) * (position - below))


def compound_box_stats(counts: pd.DataFrame, *, whis: float = 1.5) -> pd.DataFrame:
    """Tukey's box of each source's compound scores from the counts of :func:`compound_counts` (``counts.table``).

    Quartiles interpolate linearly between order statistics (Hyndman and Fan's type 7);
    the whiskers reach the most extreme scores within ``whis`` times the interquartile
    range of the box. Computed from the counts, never from one value per sentence.

    Returns
    -------
    DataFrame, one row per source (sorted), with columns ``source`` (string),
        ``n_sentences`` (int), ``whisker_low``, ``q1``, ``median``, ``q3``, ``whisker_high`` (float).
    """
    rows = []
    for source, group in counts.groupby("source", sort=True):
        ordered = group.sort_values("compound")
        values = ordered["compound"].to_numpy(dtype=float)
        ends = np.cumsum(ordered["n_sentences"].to_numpy(dtype="int64"))
        total = int(ends[-1]) if len(ends) else 0
        if total == 0:
            continue
        q1, median, q3 = (_quantile(values, ends, total, q) for q in (0.25, 0.5, 0.75))
        reach = whis * (q3 - q1)
        inside = values[(values >= q1 - reach) & (values <= q3 + reach)]
        rows.append({"source": source, "n_sentences": total, "whisker_low": float(min(inside.min(), q1)), "q1": q1,
                     "median": median, "q3": q3, "whisker_high": float(max(inside.max(), q3))})
    return conform(pd.DataFrame(rows, columns=list(TABLES["compound_box"].columns)), "compound_box")


@dataclass(frozen=True)
class ExtremeCandidates:
    """The partial of :func:`sentiment_extremes`: the scored sentences (with ``source`` and ``title``) that can still
    be among the ``n`` most positive or negative of their source.

    Per source and polarity it keeps the first ``n`` distinct texts of the ranking (compound, then ``doc_id``,
    ``sentence_id``): a sentence ranked out of a chunk's top ``n`` is ranked out of the whole corpus's too.
    """

    rows: pd.DataFrame
    n: int = 3

    @classmethod
    @enters(scored="scored_sentences", articles="articles")
    def of(cls, scored: pd.DataFrame, articles: pd.DataFrame, *, n: int = 3) -> ExtremeCandidates:
        positive_int("n", n, error=SentimentError)
        joined = join_articles(scored, articles, columns=("source", "title"))
        return cls(_ranked(joined, n), n)

    def __add__(self, other: ExtremeCandidates) -> ExtremeCandidates:
        return ExtremeCandidates(_ranked(pd.concat([self.rows, other.rows], ignore_index=True), self.n), self.n)

    def table(self) -> pd.DataFrame:
        """The finalize: the table of :func:`sentiment_extremes`."""
        ranked = self.rows.assign(rank=self.rows.groupby(["source", "polarity"]).cumcount() + 1)
        extremes = ranked.sort_values(["source", "polarity", "rank"], ascending=[True, False, True], ignore_index=True)
        return conform(extremes, "sentiment_extremes")


def _ranked(joined: pd.DataFrame, n: int) -> pd.DataFrame:
    """Per source and polarity, the first ``n`` distinct texts of ``joined`` in ranking order, with ``polarity``."""
    parts = []
    for polarity, label, ascending in (("most positive", "positive", False), ("most negative", "negative", True)):
        picked = (joined.loc[joined["label"] == label]
                  .sort_values(["source", "compound", "doc_id", "sentence_id"], ascending=[True, ascending, True, True])
                  .drop_duplicates(["source", "text"]).groupby("source").head(n))
        parts.append(picked.assign(polarity=polarity))
    return pd.concat(parts, ignore_index=True)


# ------------------------------------------------------------ whole tables


@returns("sentiment_by_article")
@enters(scored="scored_sentences", articles="articles")
def sentiment_by_article(
    scored: pd.DataFrame, articles: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0, level: float = 0.95
) -> pd.DataFrame:
    """Tone of each article: its sentences' mean compound, interval and label shares.

    Within one article the sentences are the units, so its interval resamples
    sentences: it shows how much the mean rests on a few strong sentences.

    ``n_articles`` is always 1. Sorted by ``doc_id``.
    """
    joined = join_articles(scored, articles)
    labels = joined["label"].to_numpy(dtype=object)
    sums = ClusterSums.of(joined, "compound", by=["doc_id"], cluster=None,
                          tallies={f"n_{label}": labels == label for label in LABELS})
    summary = _tone_summary(sums, ["doc_id"], n_boot=n_boot, seed=seed, level=level).assign(n_articles=1)
    metadata = joined.drop_duplicates("doc_id")[["doc_id", "source", "title", "published", "published_inferred"]]
    return conform(metadata.merge(summary, on="doc_id").sort_values("doc_id", ignore_index=True), "sentiment_by_article")


@returns("sentiment_by_source")
@enters(scored="scored_sentences", articles="articles")
def sentiment_by_source(
    scored: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    min_articles: int = 3,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Tone of each source: mean compound over its sentences, with an interval that resamples whole articles.

    Intervals: ``level`` percentile bootstrap over ``n_boot`` resamples of the source's articles
    (in ``doc_id`` order, so the same articles give the same interval in any order).
    Sorted by source. The fold of one chunk: :func:`tone_by_source` of :func:`tone_sums`.
    """
    return tone_by_source(tone_sums(scored, articles), min_articles=min_articles, n_boot=n_boot, seed=seed, level=level)


@returns("sentiment_over_time")
@enters(scored="scored_sentences", articles="articles")
def sentiment_over_time(
    scored: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    freq: str = "W",
    min_articles: int = 3,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Tone of each source per period of publication (``freq``: ``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``).

    Undated articles cannot be placed in time: they are left out, and
    :func:`analysis.viz.tone_over_time_caption` says how many.

    Intervals resample the period's articles. Sorted by source and period.
    The fold of one chunk: :func:`tone_over_time` of :func:`tone_sums`.
    """
    periods(pd.Series([], dtype="datetime64[ns]"), freq)  # a bad freq is refused even without dated articles
    return tone_over_time(tone_sums(scored, articles), freq=freq, min_articles=min_articles, n_boot=n_boot, seed=seed,
                          level=level)


@returns("sentiment_extremes")
@enters(scored="scored_sentences", articles="articles")
def sentiment_extremes(scored: pd.DataFrame, articles: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences of each source, with their article.

    Only sentences labelled positive (negative) can be most positive (negative):
    a source with none has no such rows. A sentence repeated within a source
    (wire copy) is listed once; ties go to the first article by ``doc_id``.
    """
    return ExtremeCandidates.of(scored, articles, n=n).table()
