"""Sentence sentiment with VADER, and honest aggregates by article, source and period.

VADER (Hutto & Gilbert 2014) reads capitals, punctuation, "but" and negations, so
each sentence is scored exactly as written in the article. Aggregates carry their
sample sizes, a bootstrap interval that resamples whole articles
(:mod:`analysis.stats`) and a ``small_n`` flag; the caption helpers state the
caveats a reader needs under every chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
from tqdm.auto import tqdm
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.charts import MISSING_SOURCE, count_of
from analysis.errors import SentimentError
from analysis.parallel import available_cores
from analysis.stats import grouped_bootstrap_ci, small_n

SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
LABELS = ("positive", "neutral", "negative")
#: The compound cut-offs the VADER authors recommend.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
#: Article columns joined onto sentences for the aggregates.
ARTICLE_FIELDS = ("source", "title", "published", "published_inferred", "translated_from")
SUMMARY_COLUMNS = ["n_sentences", "mean_compound", "ci_low", "ci_high", "share_positive", "share_neutral", "share_negative"]

_FREQ_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_ANALYZER: SentimentIntensityAnalyzer | None = None


# ------------------------------------------------------------------------- scoring


def _analyzer() -> SentimentIntensityAnalyzer:
    """The process's one analyzer (built on first use, so once per worker process)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER


def _score_texts(texts: list[str]) -> np.ndarray:
    """VADER's ``neg, neu, pos, compound`` for each text, as an ``(n, 4)`` array."""
    polarity = _analyzer().polarity_scores
    rows = [polarity(text) for text in texts]
    return np.array([[r["neg"], r["neu"], r["pos"], r["compound"]] for r in rows], dtype=float).reshape(len(texts), 4)


def _check_thresholds(positive: float, negative: float) -> None:
    if not -1 <= negative < positive <= 1:
        raise SentimentError(f"thresholds negative={negative!r}, positive={positive!r}: need -1 <= negative < positive <= 1 "
                             f"(VADER's authors use negative={NEGATIVE_THRESHOLD}, positive={POSITIVE_THRESHOLD}).")


def _sentence_texts(sentences: pd.DataFrame) -> list[str]:
    if "text" not in sentences.columns:
        raise SentimentError(f"the sentences table has no 'text' column (its columns are {list(sentences.columns)}); "
                             "make it with analysis.split_sentences(articles).")
    texts = sentences["text"].tolist()
    bad = np.array([not isinstance(t, str) for t in texts], dtype=bool)
    if bad.any():
        where = sentences.loc[bad].head(3)
        ids = ", ".join(f"{r.get('doc_id', '?')}#{r.get('sentence_id', i)}" for i, r in zip(where.index, where.to_dict("records")))
        raise SentimentError(f"{int(bad.sum())} sentence(s) have no text or text that is not a string (first: {ids}); "
                             "drop them or rebuild the table with analysis.split_sentences.")
    return texts


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
    identical to ``SentimentIntensityAnalyzer().polarity_scores(text)``.

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
    jobs = available_cores() if n_jobs is None else n_jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise SentimentError(f"n_jobs={n_jobs!r}: give a positive number of processes, or None for every core.")
    if chunk_size < 1:
        raise SentimentError(f"chunk_size={chunk_size!r}: give a positive number of sentences per chunk.")
    codes, distinct = pd.factorize(pd.Series(_sentence_texts(sentences), dtype=object))
    distinct = list(distinct)
    chunks = [distinct[i : i + chunk_size] for i in range(0, len(distinct), chunk_size)]
    parallel = jobs > 1 and len(distinct) >= min_parallel and len(chunks) > 1
    blocks = [np.empty((0, 4))]
    with tqdm(total=len(distinct), desc="VADER", unit="sentence", disable=not progress) as bar:
        if parallel:
            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
                for block in pool.map(_score_texts, chunks):
                    blocks.append(block)
                    bar.update(len(block))
        else:
            for chunk in chunks:
                blocks.append(_score_texts(chunk))
                bar.update(len(chunk))
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
    missing = [c for c in needed if c not in articles.columns]
    if missing:
        raise SentimentError(f"the articles table has no column(s) {missing}; pass the table from analysis.load_corpus.")
    if "doc_id" not in sentences.columns:
        raise SentimentError("the sentences table has no 'doc_id' column; make it with analysis.split_sentences(articles).")
    repeated = articles["doc_id"][articles["doc_id"].duplicated()].unique()
    if len(repeated):
        raise SentimentError(f"doc_id(s) {list(repeated[:5])} appear more than once in the articles table; ids must be unique.")
    unknown = sorted(set(sentences["doc_id"].dropna()) - set(articles["doc_id"].dropna()))
    if unknown or sentences["doc_id"].isna().any():
        raise SentimentError(f"sentences of {len(unknown)} article(s) not in the articles table (first: {unknown[:3]}); "
                             "pass the articles the sentences were split from.")
    joined = sentences.merge(articles[needed], on="doc_id", how="left", validate="many_to_one")
    if "source" in joined.columns:
        joined["source"] = joined["source"].astype("string").fillna(MISSING_SOURCE)
    return joined


def _summarise(
    frame: pd.DataFrame, by: list[str], *, cluster: str | None, n_boot: int, seed: int, level: float
) -> pd.DataFrame:
    """Counts, mean compound with its bootstrap interval, and label shares for each group of ``by``."""
    ci = grouped_bootstrap_ci(frame, "compound", by=by, cluster=cluster, n_boot=n_boot, seed=seed, level=level)
    ci = ci.rename(columns={"n_values": "n_sentences", "mean": "mean_compound"}).drop(columns="n_clusters")
    shares = frame.groupby(by, dropna=False)["label"].value_counts(normalize=True).unstack("label", fill_value=0.0)
    shares = shares.reindex(columns=list(LABELS), fill_value=0.0).add_prefix("share_").reset_index()
    articles = frame.groupby(by, dropna=False)["doc_id"].nunique().rename("n_articles").reset_index()
    summary = articles.merge(ci, on=by).merge(shares, on=by)
    summary.columns.name = None
    return summary[[*by, "n_articles", *SUMMARY_COLUMNS]]


def sentiment_by_article(
    scored: pd.DataFrame, articles: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0, level: float = 0.95
) -> pd.DataFrame:
    """Tone of each article: its sentences' mean compound, interval and label shares.

    Within one article the sentences are the units, so its interval resamples
    sentences: it shows how much the mean rests on a few strong sentences.

    Returns
    -------
    DataFrame, one row per article with scored sentences, sorted by ``doc_id``:
        ``doc_id``, ``source``, ``title`` (string), ``published`` (datetime64),
        ``published_inferred`` (bool), ``n_articles`` (int, always 1),
        ``n_sentences`` (int), ``mean_compound``, ``ci_low``, ``ci_high`` (float;
        NaN interval for a one-sentence article), ``share_positive``,
        ``share_neutral``, ``share_negative`` (float, shares of sentences).
    """
    joined = join_articles(scored, articles)
    summary = _summarise(joined, ["doc_id"], cluster=None, n_boot=n_boot, seed=seed, level=level)
    metadata = joined.drop_duplicates("doc_id")[["doc_id", "source", "title", "published", "published_inferred"]]
    return metadata.merge(summary, on="doc_id").sort_values("doc_id", ignore_index=True)


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

    Returns
    -------
    DataFrame, one row per source sorted by name:
        ``source`` (string; ``(unknown source)`` for articles without one),
        ``n_articles``, ``n_sentences`` (int), ``mean_compound`` (float, mean over
        sentences), ``ci_low``, ``ci_high`` (float, ``level`` percentile bootstrap
        interval over ``n_boot`` resamples of the source's articles; NaN with one
        article), ``share_positive``, ``share_neutral``, ``share_negative``
        (float, shares of sentences), ``small_n`` (bool, fewer than
        ``min_articles`` articles).
    """
    joined = join_articles(scored, articles)
    summary = _summarise(joined, ["source"], cluster="doc_id", n_boot=n_boot, seed=seed, level=level)
    summary["small_n"] = small_n(summary["n_articles"], min_articles)
    return summary


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
    :func:`caption_over_time` says how many.

    Returns
    -------
    DataFrame, one row per source and period with dated articles, sorted:
        ``source`` (string), ``period`` (datetime64, start of the period; weeks
        start on Monday), then the columns of :func:`sentiment_by_source`
        (intervals resample the period's articles), and ``n_inferred`` (int,
        articles whose date was inferred from their content, not stated).
    """
    joined = join_articles(scored, articles)
    dated = joined["published"].notna()
    published = joined.loc[dated, "published"]
    try:
        periods = published.dt.tz_localize(None) if published.dt.tz is not None else published
        periods = periods.dt.to_period(freq).dt.start_time
    except (ValueError, TypeError) as exc:
        raise SentimentError(f"freq={freq!r} is not a pandas period frequency ({exc}); use one of {sorted(_FREQ_NAMES)}.") from exc
    frame = joined.loc[dated].assign(period=periods)
    if frame.empty:
        dtypes = {"source": "string", "period": "datetime64[ns]", "n_articles": "int64", "n_sentences": "int64",
                  **dict.fromkeys(SUMMARY_COLUMNS[1:], "float64"), "small_n": "bool", "n_inferred": "int64"}
        return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in dtypes.items()})
    summary = _summarise(frame, ["source", "period"], cluster="doc_id", n_boot=n_boot, seed=seed, level=level)
    summary["small_n"] = small_n(summary["n_articles"], min_articles)
    per_article = frame.drop_duplicates("doc_id").astype({"published_inferred": "int64"})
    inferred = per_article.groupby(["source", "period"])["published_inferred"].sum().rename("n_inferred")
    return summary.merge(inferred.reset_index(), on=["source", "period"], how="left")


def sentiment_extremes(scored: pd.DataFrame, articles: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences of each source, with their article.

    Only sentences labelled positive (negative) can be most positive (negative):
    a source with none has no such rows. A sentence repeated within a source
    (wire copy) is listed once; ties go to the first article by ``doc_id``.

    Returns
    -------
    DataFrame with columns
        ``source`` (string), ``polarity`` (string: ``most positive`` or
        ``most negative``), ``rank`` (int, 1 = most extreme), ``compound``
        (float), ``text`` (string, the sentence), ``doc_id`` (string),
        ``sentence_id`` (int), ``title`` (string, the article's title).
    """
    if n < 1:
        raise SentimentError(f"n={n!r}: give how many sentences per source and polarity to list (e.g. 3).")
    joined = join_articles(scored, articles)
    parts = []
    for polarity, label, ascending in (("most positive", "positive", False), ("most negative", "negative", True)):
        picked = (
            joined.loc[joined["label"] == label]
            .sort_values(["source", "compound", "doc_id", "sentence_id"], ascending=[True, ascending, True, True])
            .drop_duplicates(["source", "text"])
            .groupby("source")
            .head(n)
        )
        picked = picked.assign(polarity=polarity, rank=picked.groupby("source").cumcount() + 1)
        parts.append(picked)
    columns = ["source", "polarity", "rank", "compound", "text", "doc_id", "sentence_id", "title"]
    extremes = pd.concat(parts, ignore_index=True)[columns].sort_values(["source", "polarity", "rank"], ascending=[True, False, True])
    return extremes.astype({"polarity": "string", "rank": "int64"}).reset_index(drop=True)


# ------------------------------------------------------------------------ captions


def _signed(x: float) -> str:
    return f"{x:+.2f}".replace("-", "\u2212")


def _small_n_note(table: pd.DataFrame, min_articles: int) -> str:
    flagged = table.loc[table["small_n"]]
    if flagged.empty:
        return ""
    if "period" in table.columns:
        return (f"{count_of(len(flagged), 'point')} rest on fewer than {min_articles} articles (labelled with their n): "
                "read them as single examples, not a trend. ")
    names = ", ".join(f"{row.source} ({count_of(row.n_articles, 'article')})" for row in flagged.itertuples())
    return (f"Small n: {names} — fewer than {min_articles} articles, so read these as single examples, "
            "not the outlet's usual tone. ")


def sentiment_caveats(articles: pd.DataFrame) -> str:
    """The caveats every sentiment caption ends with: what VADER is, and which articles are machine-translated."""
    text = ("VADER is a general-purpose lexicon built for social-media English: it scores the words of a sentence "
            "(\"killed\", \"peace\", \"support\"), not the outlet's stance, so war reporting reads negative whoever "
            "writes it, quoted speech counts as the outlet's, and irony or domain terms are missed.")
    if "translated_from" in articles.columns:
        translated = articles.loc[articles["translated_from"].notna()]
        if len(translated):
            sources = ", ".join(sorted(translated["source"].fillna(MISSING_SOURCE).astype(str).unique()))
            languages = ", ".join(sorted(translated["translated_from"].astype(str).unique()))
            verb = "is a machine translation" if len(translated) == 1 else "are machine translations"
            text += (f" {count_of(len(translated), 'article')} of {len(articles):,} ({sources}) {verb} (from {languages}): "
                     "the translator's word choice, not the outlet's, sets part of the tone.")
    return text


def caption_mean_by_source(
    by_source: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> str:
    """Caption for the mean-compound chart: what is shown, the sample, the small-n sources and the caveats."""
    return (f"Mean VADER compound score of each source's sentences (−1 most negative, +1 most positive; the grey band "
            f"is neutral, {_signed(negative)} to {_signed(positive)}), with {level:.0%} intervals from {n_boot:,} bootstrap "
            f"resamples of whole articles. {count_of(int(by_source['n_articles'].sum()), 'article')} and "
            f"{count_of(int(by_source['n_sentences'].sum()), 'sentence')} from {count_of(len(by_source), 'source')}. "
            + ("A source with one article has no interval: there is nothing to resample. "
               if (by_source["n_articles"] == 1).any() else "")
            + _small_n_note(by_source, min_articles) + sentiment_caveats(articles))


def caption_distribution(sentences: pd.DataFrame, articles: pd.DataFrame, *, max_points: int = 1000) -> str:
    """Caption for the distribution chart of sentence compound scores (``sentences`` as from :func:`join_articles`)."""
    zero = float((sentences["compound"] == 0).mean()) if len(sentences) else 0.0
    return (f"Compound score of every sentence by source: boxes show the median and quartiles, whiskers reach 1.5 times "
            f"the interquartile range; dots are sentences (a random sample of {max_points:,} where a source has more). "
            f"{zero:.0%} of the {count_of(len(sentences), 'sentence')} score exactly 0: VADER found no sentiment word in "
            "them. " + sentiment_caveats(articles))


def caption_label_shares(
    by_source: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    min_articles: int = 3,
    positive: float = POSITIVE_THRESHOLD,
    negative: float = NEGATIVE_THRESHOLD,
) -> str:
    """Caption for the stacked shares of positive, neutral and negative sentences."""
    return (f"Share of each source's sentences labelled positive (compound ≥ {_signed(positive)}), neutral or negative "
            f"(≤ {_signed(negative)}). Shares count sentences, so longer articles weigh more. "
            + _small_n_note(by_source, min_articles) + sentiment_caveats(articles))


def caption_over_time(over_time: pd.DataFrame, articles: pd.DataFrame, *, freq: str = "W", min_articles: int = 3) -> str:
    """Caption for tone over time: the period, inferred dates, undated articles left out, small n, caveats."""
    period = _FREQ_NAMES.get(freq, f"period ({freq})")
    n_undated = int(articles["published"].isna().sum())
    dated = articles.loc[articles["published"].notna()]
    n_inferred = int(dated["published_inferred"].astype(bool).sum())
    text = (f"Mean VADER compound score per source and {period} of publication"
            + (" (weeks start on Monday)" if freq == "W" else "") + f", with {count_of(len(dated), 'dated article')}. ")
    if n_inferred:
        text += (f"Hollow markers: the {period} includes articles whose date was inferred from their content, not stated "
                 f"({n_inferred:,} of {len(dated):,} dated articles); their placement in time is an estimate. ")
    text += (f"{count_of(n_undated, 'undated article')} {'is' if n_undated == 1 else 'are'} left out. " if n_undated
             else "Every article is dated. ")
    if over_time.empty:
        return text + "No article has a date, so there is nothing to plot. " + sentiment_caveats(articles)
    return text + _small_n_note(over_time, min_articles) + sentiment_caveats(articles)


def caption_extremes(extremes: pd.DataFrame, articles: pd.DataFrame) -> str:
    """Caption for the table of each source's most positive and most negative sentences."""
    n = int(extremes["rank"].max()) if len(extremes) else 0
    return (f"The {n} most positive and most negative sentences of each source by VADER compound score, with the "
            "article they come from; a source with no sentence labelled positive (or negative) has no row for it, and "
            "a repeated sentence is listed once. Extremes show what drives the scores, misreadings included: read them "
            "before trusting the means. " + sentiment_caveats(articles))
