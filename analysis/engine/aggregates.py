"""Report tables folded chunk by chunk, so their size does not grow with the number of sentences.

Every report table is a mergeable aggregate defined once, beside its whole-table
function (:mod:`analysis.measures.sentiment`, :mod:`analysis.measures.actors`; the
pattern is in :mod:`analysis.measures.fold`): a partial per chunk of articles, a
combine (``+``) and a finalize. This module only runs them over a store:

* :func:`chunk_aggregates` makes the :class:`Aggregates` (every table's partial) of one
  chunk of articles, read from the per-article cache by
  :meth:`analysis.engine.pipeline.AnalysisStore.chunks`;
* :func:`aggregate` folds a store chunk by chunk on this machine (holding one chunk's
  rows at a time), or, with ``engine="dask"``, makes each partition's partials on the
  workers of a ``dask.distributed`` cluster from the same cache and combines them there
  in a tree: only partials travel to the client, never per-sentence tables;
* the ``*_table`` functions are the tables' finalizers applied to the folded partials.

The partials are exact (integer tallies, :func:`math.fsum` per article), so every
table is the same whatever the chunk size, the engine or the order of combination,
and the same as the whole-table function (the fold over one chunk). A new table adds
its partial to :class:`Aggregates` and to :func:`chunk_aggregates`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import networkx as nx
import numpy as np
import pandas as pd

from analysis.core.errors import PipelineError
from analysis.engine.pipeline import AnalysisStore, Engine
from analysis.measures.actors import (
    UNITS,
    MentionTallies,
    actor_tone_summary,
    actor_tone_sums,
    pair_counts,
    pairs_graph,
    pairs_table,
    sentence_tone_rows,
)
from analysis.measures.fold import Counts, combine_all
from analysis.measures.sentiment import (
    ExtremeCandidates,
    compound_box_stats,
    sentence_partials,
    tone_by_source,
    tone_over_time,
)
from analysis.measures.stats import ClusterSums

#: The stages the report aggregates read.
AGGREGATED_STAGES = ("sentences", "mentions")


@dataclass(frozen=True)
class Aggregates:
    """Every report table's partial for a set of articles; ``+`` combines those of disjoint sets.

    ``tone``: :func:`analysis.measures.sentiment.tone_sums` (per article: compound fsum and
    count, sentences per label, date); ``compound_counts``:
    :func:`analysis.measures.sentiment.compound_counts`; ``extremes``:
    :class:`analysis.measures.sentiment.ExtremeCandidates`; ``mentions``:
    :class:`analysis.measures.actors.MentionTallies`; ``pairs``:
    :func:`analysis.measures.actors.pair_counts` (both units); ``actor_tone`` and ``actor_toward``:
    :func:`analysis.measures.actors.actor_tone_sums` of the compound of the sentences naming each actor and of
    the tone toward the actor in them.
    """

    tone: ClusterSums
    compound_counts: Counts
    extremes: ExtremeCandidates
    mentions: MentionTallies
    pairs: Counts
    actor_tone: ClusterSums
    actor_toward: ClusterSums

    def __add__(self, other: Aggregates) -> Aggregates:
        return Aggregates(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def combine(self, other: Aggregates) -> Aggregates:
        """``self + other``: the aggregates of both sets of articles (the sets must not overlap)."""
        return self + other


def chunk_aggregates(articles: pd.DataFrame, tables: dict[str, pd.DataFrame], *, n_extremes: int = 3) -> Aggregates:
    """The :class:`Aggregates` of one chunk: ``articles`` (with ``doc_id``, ``source``, ``title``, ``published``,
    ``published_inferred``, ``n_words``) and its stages' rows ``tables`` (``sentences`` labelled, ``mentions``),
    as :meth:`analysis.engine.pipeline.AnalysisStore.chunks` yields them."""
    sentences, mentions = tables["sentences"], tables["mentions"]
    tone, counts, extremes = sentence_partials(sentences, articles, n_extremes=n_extremes)
    tone_rows = sentence_tone_rows(mentions, sentences)
    return Aggregates(
        tone=tone,
        compound_counts=counts,
        extremes=extremes,
        mentions=MentionTallies.of(mentions, articles),
        pairs=pair_counts(mentions, units=UNITS),
        actor_tone=actor_tone_sums(tone_rows, articles),
        actor_toward=actor_tone_sums(tone_rows, articles, value="tone"),
    )


# ------------------------------------------------------------------ engines


def _fold(chunks: Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]], n_extremes: int) -> Aggregates:
    """Combine chunk by chunk, holding the running partials and one chunk (and ``log2`` partial totals)."""
    stack: list[tuple[int, Aggregates]] = []
    for chunk, tables in chunks:
        size, part = 1, chunk_aggregates(chunk, tables, n_extremes=n_extremes)
        while stack and stack[-1][0] == size:  # binary-counter merging: combined tables stay balanced
            size, part = size * 2, stack.pop()[1] + part
        stack.append((size, part))
    return combine_all(part for _, part in stack)


def _partition_aggregates(store: AnalysisStore, n_extremes: int) -> Aggregates:
    """One Dask partition's aggregates, read on the worker from the store's cache (a store of the partition's articles)."""
    return _fold(store.chunks(chunk_size=max(1, len(store.articles)), stages=AGGREGATED_STAGES), n_extremes)


def _dask_aggregates(store: AnalysisStore, articles: pd.DataFrame, *, chunk_size: int, n_jobs: int,
                     scheduler: str | None, n_extremes: int) -> Aggregates:
    """The same aggregates as the pandas engine, made from the cache and combined on a ``dask.distributed`` cluster."""
    import contextlib

    import dask
    from dask.distributed import Client, LocalCluster

    partials = [dask.delayed(_partition_aggregates)(store.subset(articles.iloc[i : i + chunk_size], stages=AGGREGATED_STAGES),
                                                    n_extremes)
                for i in range(0, len(articles), chunk_size)]
    while len(partials) > 1:  # a tree reduction on the workers
        partials = [dask.delayed(Aggregates.__add__)(partials[i], partials[i + 1]) if i + 1 < len(partials) else partials[i]
                    for i in range(0, len(partials), 2)]
    with contextlib.ExitStack() as stack:
        cluster = scheduler or stack.enter_context(
            LocalCluster(n_workers=n_jobs, threads_per_worker=1, processes=True, dashboard_address=None))
        stack.enter_context(Client(cluster))
        (result,) = dask.compute(partials[0])
    return result


def aggregate(
    store: AnalysisStore,
    articles: pd.DataFrame | None = None,
    *,
    engine: Engine = "pandas",
    chunk_size: int = 2_000,
    n_jobs: int | None = None,
    scheduler: str | None = None,
    n_extremes: int = 3,
) -> Aggregates:
    """The :class:`Aggregates` of ``articles`` (default: all of ``store``; e.g. :meth:`AnalysisStore.select`).

    ``engine="pandas"`` reads the stages from the store chunk by chunk (``chunk_size``
    articles, as many as a cache entry holds), holding one chunk's rows; ``engine="dask"`` makes each partition's
    partials on a ``dask.distributed`` cluster (``scheduler`` address, or a
    ``LocalCluster`` of ``n_jobs`` workers; None: the store's ``n_jobs``) from the same
    cache and combines them there. Both give equal aggregates, for any ``chunk_size``.
    ``n_extremes``: extreme sentences kept per source and polarity.
    """
    articles = store.articles if articles is None else articles
    if not len(articles):
        raise PipelineError("aggregate: no article selected; choose other sources or dates.")
    if engine == "dask":
        return _dask_aggregates(store, articles, chunk_size=chunk_size, n_jobs=n_jobs or store.n_jobs, scheduler=scheduler,
                                n_extremes=n_extremes)
    if engine != "pandas":
        raise PipelineError(f"engine={engine!r}: use 'pandas' (this machine) or 'dask' (a dask.distributed cluster).")
    return _fold(store.chunks(articles, chunk_size=chunk_size, stages=AGGREGATED_STAGES), n_extremes)


# ------------------------------------------------------------------ report tables
#
# The partials carry what the tables need. ``articles``, where a table takes it, keeps only those of the aggregated
# articles (e.g. the dated ones a time axis keeps); the other tables accept it where earlier versions needed it.


def _of_articles(sums: ClusterSums, articles: pd.DataFrame | None) -> ClusterSums:
    """``sums`` of the articles of ``articles`` only (all of them when None)."""
    if articles is None:
        return sums
    return sums.where(sums.table["doc_id"].astype(str).isin(articles["doc_id"].astype(str)).to_numpy())


def sentiment_by_source_table(aggregates: Aggregates, articles: pd.DataFrame | None = None, *, min_articles: int = 3,
                              n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """:func:`analysis.sentiment_by_source` of the aggregated articles, or of those of them in ``articles`` (its
    finalize)."""
    return tone_by_source(_of_articles(aggregates.tone, articles), min_articles=min_articles, n_boot=n_boot, seed=seed,
                          level=level)


def sentiment_over_time_table(aggregates: Aggregates, articles: pd.DataFrame | None = None, *, freq: str = "W",
                              min_articles: int = 3, n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """:func:`analysis.sentiment_over_time` of the aggregated articles, or of those of them in ``articles`` (a time
    axis's, :func:`analysis.measures.overview.time_axis`) (its finalize)."""
    return tone_over_time(_of_articles(aggregates.tone, articles), freq=freq, min_articles=min_articles, n_boot=n_boot,
                          seed=seed, level=level)


def sentiment_extremes_table(aggregates: Aggregates, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`analysis.sentiment_extremes` (with ``n_extremes`` per source) of the aggregated articles."""
    return aggregates.extremes.table()


def compound_counts_table(aggregates: Aggregates) -> pd.DataFrame:
    """How many sentences of each source have each compound score.

    Returns
    -------
    DataFrame, one row per source and score, sorted by both, with columns
        ``source`` (string), ``compound`` (float), ``n_sentences`` (int).
    """
    return aggregates.compound_counts.table


def compound_box_table(aggregates: Aggregates) -> pd.DataFrame:
    """:func:`analysis.measures.sentiment.compound_box_stats` of the aggregated sentences."""
    return compound_box_stats(aggregates.compound_counts.table)


def mention_counts_table(aggregates: Aggregates, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`analysis.mention_counts` by source of the aggregated articles (its finalize)."""
    return aggregates.mentions.table()


def cooccurrence_table(aggregates: Aggregates, *, unit: str = "sentence") -> pd.DataFrame:
    """:func:`analysis.cooccurrence` of the aggregated articles (its finalize)."""
    if unit not in UNITS:
        raise PipelineError(f"unit={unit!r}: actors co-occur in the same 'sentence' or the same 'article'.")
    return pairs_table(aggregates.pairs, unit=unit)


def cooccurrence_graph_table(aggregates: Aggregates, pairs: pd.DataFrame) -> nx.Graph:
    """:func:`analysis.cooccurrence_graph` of the aggregated articles: the same nodes, in the same order, and edges."""
    return pairs_graph(pairs, aggregates.mentions.actor_totals())


def actor_tone_table(aggregates: Aggregates, *, min_articles: int = 3, n_boot: int = 2000, seed: int = 0,
                     level: float = 0.95) -> pd.DataFrame:
    """:func:`analysis.actor_sentiment` by source of the aggregated articles (its finalize)."""
    return actor_tone_summary(aggregates.actor_tone, aggregates.actor_toward, min_articles=min_articles, n_boot=n_boot,
                              seed=seed, level=level)


def article_tone(aggregates: Aggregates) -> pd.DataFrame:
    """The tone partials as one table, one row per article: ``doc_id``, ``n_sentences``, ``sum_compound`` (fsum of
    its sentences' compound scores) and ``n_positive``, ``n_neutral``, ``n_negative`` (sentences per label): what
    :mod:`analysis.measures.differences` compares."""
    table = aggregates.tone.table
    return table.rename(columns={"count": "n_sentences", "sum": "sum_compound"})[
        ["doc_id", "n_sentences", "sum_compound", "n_positive", "n_neutral", "n_negative"]]


def actor_tone_per_article(aggregates: Aggregates) -> pd.DataFrame:
    """The actor tone partials as one table, one row per group, actor and article: the group column (``source``),
    ``actor``, ``doc_id``, ``sum`` (fsum of the compound of the sentences naming the actor), ``count`` (those
    sentences) and ``tone_sum`` (fsum of the tone toward the actor in them): what
    :func:`analysis.measures.differences.actor_tone_differences` compares."""
    compound, toward = aggregates.actor_tone, aggregates.actor_toward
    keys = [*compound.keys, compound.cluster]
    return compound.table[[*keys, "sum", "count"]].merge(
        toward.table[[*keys, "sum"]].rename(columns={"sum": "tone_sum"}), on=keys, how="left", validate="one_to_one")


def n_sentences(aggregates: Aggregates) -> int:
    """How many sentences the aggregated articles hold."""
    return int(np.sum(aggregates.tone.table["count"]))
