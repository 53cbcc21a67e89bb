"""Do two outlets differ, and did coverage change? Differences with intervals, adjusted for the many pairs compared.

Every report ranks outlets; a ranking is only worth reading where the outlets
differ by more than their sampling noise. These functions take the per-article
tables the engine folds (:class:`analysis.engine.aggregates.Aggregates`:
``article_tone`` and ``actor_tone``) and compare

* every pair of outlets (:func:`tone_differences`, :func:`actor_tone_differences`),
* each outlet, or each actor, before and after a date (:func:`tone_before_after`,
  :func:`actor_before_after`),

with :func:`analysis.measures.stats.pairwise_differences`: a bootstrap over
articles and p-values adjusted with Holm's method for all the comparisons of
the table. A pair that does not differ after adjustment is a tie.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.core.checks import require_columns
from analysis.core.errors import StatsError
from analysis.core.schema import MISSING_SOURCE
from analysis.measures.stats import bootstrap_from_sums, pairwise_differences

#: The two sides of a split date, in the order differences are taken (after − before).
SIDES = ("after", "before")


def split_side(published: pd.Series, split_date: str | pd.Timestamp | None) -> pd.Series:
    """``"before"`` for a date before ``split_date``, ``"after"`` from it on, missing when undated (or no split).

    The split day itself counts as after: ``split_date="2022-02-24"`` puts the
    invasion's first day after.
    """
    if split_date is None or (isinstance(split_date, str) and not split_date.strip()):
        return pd.Series(pd.NA, index=published.index, dtype="string")
    try:
        cut = pd.Timestamp(split_date)
    except (TypeError, ValueError) as exc:
        raise StatsError(f"split_date={split_date!r} is not a date; write it YYYY-MM-DD, e.g. 2022-02-24.") from exc
    dates = published.dt.tz_localize(None) if getattr(published.dt, "tz", None) is not None else published
    side = np.where(dates.isna(), None, np.where(dates < cut, "before", "after"))
    return pd.Series(side, index=published.index, dtype="string")


def _sources(articles: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": articles["doc_id"].astype(str),
                         "source": articles["source"].astype("string").fillna(MISSING_SOURCE).astype(str),
                         "published": articles["published"]})


def tone_clusters(article_tone: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article with scored sentences: ``doc_id``, ``source``, ``published``, ``sum`` (of its
    sentences' compound scores) and ``count`` (its sentences), from ``Aggregates.article_tone``."""
    require_columns(article_tone, ["doc_id", "n_sentences", "sum_compound"], what="article tone",
                    fix="pass analysis.engine.aggregates.article_tone(aggregate(...))", error=StatsError)
    tone = article_tone.assign(doc_id=article_tone["doc_id"].astype(str))
    joined = _sources(articles).merge(tone, on="doc_id", how="inner", validate="one_to_one")
    return joined.rename(columns={"sum_compound": "sum", "n_sentences": "count"})[
        ["doc_id", "source", "published", "sum", "count"]]


def tone_differences(article_tone: pd.DataFrame, articles: pd.DataFrame, *, min_articles: int = 3,
                     n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                     order: Sequence[str] | None = None) -> pd.DataFrame:
    """Every pair of sources with ``min_articles`` or more: the difference of their mean sentence tone.

    ``article_tone`` is ``Aggregates.article_tone`` (one row per article); the
    columns are those of :func:`analysis.measures.stats.pairwise_differences`, the
    groups being sources (``group_a`` before ``group_b`` in ``order``, e.g. most
    articles first).
    """
    clusters = tone_clusters(article_tone, articles)
    return pairwise_differences(clusters, by="source", n_boot=n_boot, seed=seed, level=level,
                                min_clusters=max(2, min_articles), order=order)


def tone_before_after(article_tone: pd.DataFrame, articles: pd.DataFrame, split_date: str, *, min_articles: int = 3,
                      n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """Each source's mean sentence tone after ``split_date`` minus before it, with its interval and adjusted p.

    Columns: ``source``, then those of :func:`analysis.measures.stats.pairwise_differences`
    with ``group_a`` = ``after`` and ``group_b`` = ``before`` (``difference`` is
    after − before); a source with fewer than ``min_articles`` dated articles on a
    side has no row. Undated articles are left out.
    """
    clusters = tone_clusters(article_tone, articles)
    clusters = clusters.assign(side=split_side(clusters["published"], split_date)).dropna(subset=["side"])
    return pairwise_differences(clusters, by="side", within="source", n_boot=n_boot, seed=seed, level=level,
                                min_clusters=max(2, min_articles), order=SIDES)


#: The per-article sums of ``Aggregates.actor_tone`` each score is read from.
TONE_SUMS = {"toward": "tone_sum", "compound": "sum"}


def _actor_sums(actor_tone: pd.DataFrame, actors: Sequence[str], score: str) -> pd.DataFrame:
    """``source``, ``actor``, ``doc_id``, ``sum`` (of ``score``: the tone toward the actor, or the whole sentence's
    compound) and ``count`` of the sentences naming each of ``actors``, per article."""
    if score not in TONE_SUMS:
        raise StatsError(f"score={score!r}: compare the tone 'toward' the actor or the sentences' 'compound'.")
    column = TONE_SUMS[score]
    require_columns(actor_tone, ["source", "actor", "doc_id", column, "count"], what="actor tone",
                    fix="pass analysis.engine.aggregates.actor_tone_per_article(aggregate(...))", error=StatsError)
    chosen = actor_tone.loc[actor_tone["actor"].isin(list(actors)), ["source", "actor", "doc_id", column, "count"]]
    return chosen.rename(columns={column: "sum"})


def actor_tone_differences(actor_tone: pd.DataFrame, actors: Sequence[str], *, score: str = "toward",
                           min_articles: int = 3, n_boot: int = 2000, seed: int = 0, level: float = 0.95,
                           order: Sequence[str] | None = None) -> pd.DataFrame:
    """For each of ``actors``, every pair of sources: the difference of their mean tone toward it in the sentences
    naming it (``score="toward"``, :func:`analysis.tone_toward`) or of those sentences' VADER compound
    (``"compound"``).

    ``actor_tone`` is :func:`analysis.engine.aggregates.actor_tone_per_article` (one row per source, actor and
    article: ``tone_sum``, ``sum`` and ``count`` of the sentences naming the
    actor). Columns: ``actor``, then those of
    :func:`analysis.measures.stats.pairwise_differences`; the p-values are adjusted
    for every pair of every actor in the table.
    """
    chosen = _actor_sums(actor_tone, actors, score)
    return pairwise_differences(chosen, by="source", within="actor", n_boot=n_boot, seed=seed, level=level,
                                min_clusters=max(2, min_articles), order=order)


def actor_before_after(actor_tone: pd.DataFrame, articles: pd.DataFrame, actors: Sequence[str], split_date: str, *,
                       score: str = "toward", min_articles: int = 3, n_boot: int = 2000, seed: int = 0,
                       level: float = 0.95) -> pd.DataFrame:
    """For each of ``actors``, all sources together: how much more often and in what tone it is named after ``split_date``.

    Two measures per actor (column ``measure``): ``share of articles naming`` (each
    dated article counts 1 if it names the actor, else 0) and ``tone toward`` (the
    ``score`` of :func:`actor_tone_differences` in the sentences naming it); each
    with the columns of :func:`analysis.measures.stats.pairwise_differences`,
    ``group_a`` = ``after``, ``group_b`` = ``before``. P-values are adjusted over
    the whole table.
    """
    sides = _sources(articles).assign(side=split_side(articles["published"], split_date).to_numpy())
    sides = sides.dropna(subset=["side"])
    named = _actor_sums(actor_tone, actors, score)[["actor", "doc_id", "sum", "count"]]
    named = named.assign(doc_id=named["doc_id"].astype(str)).groupby(["actor", "doc_id"], as_index=False)[["sum", "count"]].sum()
    frames = []
    for actor in actors:
        mine = named.loc[named["actor"] == actor]
        flags = sides[["doc_id", "side"]].assign(actor=actor, sum=sides["doc_id"].isin(set(mine["doc_id"])).astype(float),
                                                 count=1.0, measure="share of articles naming")
        tone = mine.merge(sides[["doc_id", "side"]], on="doc_id").assign(measure="tone toward")
        frames += [flags, tone]
    clusters = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["measure", "actor", "doc_id", "side", "sum", "count"])
    return pairwise_differences(clusters, by="side", within=["measure", "actor"], n_boot=n_boot, seed=seed,
                                level=level, min_clusters=max(2, min_articles), order=SIDES)


def label_share_intervals(article_tone: pd.DataFrame, articles: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0,
                          level: float = 0.95) -> pd.DataFrame:
    """Each source's share of positive, neutral and negative sentences with a bootstrap interval over its articles.

    ``article_tone`` is ``Aggregates.article_tone`` (``n_positive``, ``n_neutral``,
    ``n_negative`` and ``n_sentences`` per article). Columns: ``source``, ``label``,
    and those of :func:`analysis.measures.stats.bootstrap_from_sums` (``mean`` is the share).
    """
    require_columns(article_tone, ["doc_id", "n_sentences", "n_positive", "n_neutral", "n_negative"],
                    what="article tone", fix="pass analysis.engine.aggregates.article_tone(aggregate(...))",
                    error=StatsError)
    joined = _sources(articles).merge(article_tone.assign(doc_id=article_tone["doc_id"].astype(str)), on="doc_id")
    frames = [joined[["source"]].assign(label=label, sum=joined[f"n_{label}"].astype(float),
                                        count=joined["n_sentences"].astype(float))
              for label in ("positive", "neutral", "negative")]
    return bootstrap_from_sums(pd.concat(frames, ignore_index=True), by=["source", "label"], n_boot=n_boot, seed=seed,
                               level=level)
