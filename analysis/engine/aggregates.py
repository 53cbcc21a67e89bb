"""Report tables from aggregates: folded chunk by chunk, so their size does not grow with the number of sentences.

The reports need per-source and per-period means with a cluster bootstrap,
label shares, the most extreme sentences, the distribution of sentence scores,
mention counts, co-occurring pairs and the tone of the sentences naming each
actor. None of them needs the per-sentence tables whole:

* :func:`chunk_aggregates` reduces one chunk of articles (a few hundred
  articles' rows, read from the per-article cache by
  :meth:`analysis.engine.pipeline.AnalysisStore.chunks`, or computed) to an
  :class:`Aggregates`: per-article sums and counts of compound scores, counts of
  each compound value per source, the candidate extreme sentences, mention
  counts per source and actor, co-occurring pairs, and per-article sums of the
  tone of the sentences naming each actor.
* :meth:`Aggregates.combine` merges two of them exactly (sums add, counts of
  articles add because an article lies in one chunk, candidates are re-ranked),
  in the articles' order, so the bootstrap draws the same articles as over the
  whole tables.
* :func:`aggregate` folds an :class:`~analysis.engine.pipeline.AnalysisStore` chunk by
  chunk on this machine (holding one chunk's rows at a time), or, with
  ``engine="dask"``, computes each partition's aggregates on the workers of a
  ``dask.distributed`` cluster and reduces them there in a tree: only
  aggregates travel to the client, never per-sentence tables.
* The ``*_table`` functions turn the folded aggregates into the tables of
  :func:`analysis.sentiment_by_source`, :func:`analysis.sentiment_over_time`,
  :func:`analysis.sentiment_extremes`, :func:`analysis.mention_counts`,
  :func:`analysis.cooccurrence` and :func:`analysis.actor_sentiment`: equal to
  them, bit for bit, for the same articles and seed (the tests check it).

What stays per article: one row per article (its sums, for the bootstrap) and
one row per article and actor named. Everything else is per source × value,
source × actor or pair. A new per-article stage (e.g. quotes) adds a field to
:class:`Aggregates`, its reduction to :func:`chunk_aggregates` and its merge to
:data:`_MERGES`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from analysis.core.errors import PipelineError, SentimentError
from analysis.core.schema import MISSING_SOURCE, conform
from analysis.engine.pipeline import STAGES, AnalysisStore, Engine, _ordered, process_chunk
from analysis.measures.actors import cooccurrence, named_sentences
from analysis.measures.sentiment import FREQ_NAMES, LABELS, join_articles, label_scores, sentiment_extremes
from analysis.measures.stats import bootstrap_from_sums, small_n
from analysis.text.tokens import count_words

UNITS = ("sentence", "article")
#: Columns of a scored sentence kept for the candidate extremes.
_SENTENCE_COLUMNS = ["doc_id", "sentence_id", "text", "start", "end", "neg", "neu", "pos", "compound", "label"]


@dataclass(frozen=True)
class Aggregates:
    """What a set of articles contributes to the report tables.

    ``article_tone``: one row per article with sentences, by source, then in the articles' order:
    ``doc_id`` (string), ``n_sentences`` (int), ``sum_compound`` and
    ``sum_compound_sorted`` (float: the sum of its sentences' compound scores as
    pandas sums a group, compensated or plain, see :func:`_group_sums`),
    ``n_positive``, ``n_neutral``, ``n_negative`` (int, sentences per label).
    ``compound_counts``: ``source`` (string), ``compound`` (float), ``n_sentences``
    (int): how many sentences of the source have that score (VADER rounds
    compound to 4 decimals, so there are at most 20,001 values per source).
    ``extremes``: the scored sentences (with ``source``) that can still be among
    the ``n`` most positive or negative of their source. ``mentions``:
    ``source``, ``actor``, ``n_mentions``, ``n_articles`` (int). ``actor_totals``:
    ``actor``, ``n_mentions`` in order of first mention. ``pairs``: the table of
    :func:`analysis.cooccurrence` for both units (``unit`` says which).
    ``actor_tone``: ``source``, ``actor``, ``doc_id``, ``sum`` and ``sum_sorted``
    (float), ``count`` (int): the compound scores of the distinct sentences of the
    article naming the actor, in the articles' order within each source and actor;
    ``actor_order``: whether their rows' group ids are sorted (which sum pandas
    used), see :func:`_row_order`.
    """

    article_tone: pd.DataFrame
    compound_counts: pd.DataFrame
    extremes: pd.DataFrame
    mentions: pd.DataFrame
    actor_totals: pd.DataFrame
    pairs: pd.DataFrame
    actor_tone: pd.DataFrame
    actor_order: pd.DataFrame
    n_extremes: int = 3

    def combine(self, other: Aggregates) -> Aggregates:
        """The aggregates of both sets of articles (``self``'s articles first; the sets must not overlap)."""
        merged = {f.name: _MERGES[f.name](pd.concat([getattr(self, f.name), getattr(other, f.name)], ignore_index=True),
                                          self.n_extremes)
                  for f in fields(self) if f.name != "n_extremes"}
        return Aggregates(**merged, n_extremes=self.n_extremes)


def _summed(by: list[str], sort: bool) -> Any:
    def merge(table: pd.DataFrame, _: int) -> pd.DataFrame:
        return table.groupby(by, sort=sort, dropna=False).sum().reset_index()
    return merge


def _kept(table: pd.DataFrame, _: int) -> pd.DataFrame:
    return table


def _extreme_candidates(joined: pd.DataFrame, n: int) -> pd.DataFrame:
    """The rows of ``joined`` (scored sentences with ``source``) that :func:`analysis.sentiment_extremes` could pick.

    Per source and polarity, the first ``n`` distinct texts in its ranking (compound, then
    ``doc_id``, ``sentence_id``), each with its first row: a sentence ranked out of a
    chunk's top ``n`` is ranked out of the whole corpus's too.
    """
    parts = []
    for label, ascending in (("positive", False), ("negative", True)):
        parts.append(joined.loc[joined["label"] == label]
                     .sort_values(["source", "compound", "doc_id", "sentence_id"], ascending=[True, ascending, True, True])
                     .drop_duplicates(["source", "text"]).groupby("source").head(n))
    return pd.concat(parts, ignore_index=True)



# ------------------------------------------------------------------ one chunk


def _sources(articles: pd.DataFrame) -> pd.DataFrame:
    """``doc_id`` and ``source`` of each article, a missing source named as every report names it."""
    return pd.DataFrame({"doc_id": articles["doc_id"].astype(str),
                         "source": articles["source"].astype("string").fillna(MISSING_SOURCE).astype(str)})


def _group_sums(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both sums pandas may give for groups of contiguous ``values`` starting at ``starts``.

    A groupby sum is compensated (Kahan, its cython ``group_sum``) when the rows' group
    ids are unsorted, and a plain ``np.add.reduceat`` when they are sorted: which one a
    whole table got is known only once all its rows are (see :func:`_sorted_rows`), so
    each cluster keeps both. The Kahan loop runs over positions within the groups, all
    groups at once.
    """
    lengths = np.diff(np.r_[starts, len(values)])
    sums, compensation = np.zeros(len(starts)), np.zeros(len(starts))
    for k in range(int(lengths.max(initial=0))):
        active = np.flatnonzero(lengths > k)
        y = values[starts[active] + k] - compensation[active]
        t = sums[active] + y
        compensation[active] = t - sums[active] - y
        sums[active] = t
    plain = np.add.reduceat(values, starts) if len(starts) else np.zeros(0)
    return sums, plain


def _cluster_sums(frame: pd.DataFrame, keys: list[str], values: Sequence[str] = ("compound",)) -> pd.DataFrame:
    """Per group of ``keys`` and article (the clusters of :func:`analysis.measures.stats.grouped_bootstrap_ci`, in its order:
    by group, then by first appearance), ``doc_id``, ``sum`` and ``sum_sorted`` (the compensated and the plain sum of
    the first of ``values``, see :func:`_group_sums`; ``<value>_sum`` and ``<value>_sum_sorted`` for the others) and ``count``."""
    work = frame[keys].reset_index(drop=True)
    work["_cluster"] = pd.factorize(frame["doc_id"], use_na_sentinel=False)[0]
    ids = work.groupby([*keys, "_cluster"], dropna=False, sort=True).ngroup().to_numpy()
    order = np.argsort(ids, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(ids[order]) != 0]) if len(ids) else np.zeros(0, dtype=int)
    sums = {}
    for i, value in enumerate(values):
        total, plain = _group_sums(frame[value].to_numpy(dtype=float)[order], starts)
        prefix = "" if i == 0 else f"{value}_"
        sums.update({f"{prefix}sum": total, f"{prefix}sum_sorted": plain})
    first = order[starts]
    clusters = work.iloc[first][keys].reset_index(drop=True)
    return clusters.assign(doc_id=frame["doc_id"].astype(str).to_numpy()[first], **sums,
                           count=np.diff(np.r_[starts, len(ids)]).astype("int64"))


def _sorted_rows(keys: pd.DataFrame) -> bool:
    """Whether rows with these group keys (in row order, clusters following the rows) have sorted group ids."""
    return len(keys) < 2 or pd.MultiIndex.from_frame(keys).is_monotonic_increasing


def _article_tone(joined: pd.DataFrame) -> pd.DataFrame:
    per_article = _cluster_sums(joined, ["source"]).rename(
        columns={"sum": "sum_compound", "sum_sorted": "sum_compound_sorted", "count": "n_sentences"})
    codes, ids = pd.factorize(joined["doc_id"].astype(str))
    row = pd.Index(ids).get_indexer(per_article["doc_id"])
    tone = per_article[["doc_id", "n_sentences", "sum_compound", "sum_compound_sorted"]]
    return tone.assign(**{f"n_{label}": np.bincount(codes, weights=(joined["label"] == label).to_numpy(dtype=float),
                                                    minlength=len(ids))[row].astype("int64") for label in LABELS})


def _actor_tone(mentions: pd.DataFrame, sentences: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Per source, actor and article, the sums of the compound and of the tone toward the actor of the distinct
    sentences naming the actor, and their count (the clusters of :func:`analysis.actor_sentiment`, in the same order)."""
    named = named_sentences(mentions).astype({"doc_id": str}).merge(docs, on="doc_id", how="left", validate="many_to_one")
    scores = sentences[["doc_id", "sentence_id", "compound"]].astype({"doc_id": str})
    joined = named.merge(scores, on=["doc_id", "sentence_id"], how="left", validate="many_to_one")
    return _cluster_sums(joined, ["source", "actor"], ("compound", "tone")).astype({"actor": str})


def _row_order(mentions: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Whether the rows :func:`analysis.actor_sentiment` groups (distinct mentions, in order) have sorted group ids,
    with the first and last row's ``source`` and ``actor``: enough to tell it for chunks put together."""
    named = (mentions[["doc_id", "sentence_id", "actor"]].drop_duplicates().astype({"doc_id": str, "actor": str})
             .merge(docs, on="doc_id", how="left", validate="many_to_one"))
    if named.empty:
        return pd.DataFrame(columns=["sorted", "first_source", "first_actor", "last_source", "last_actor"])
    keys = named[["source", "actor"]].assign(_cluster=pd.factorize(named["doc_id"])[0])
    first, last = named.iloc[0], named.iloc[-1]
    return pd.DataFrame({"sorted": [_sorted_rows(keys)], "first_source": [first["source"]], "first_actor": [first["actor"]],
                         "last_source": [last["source"]], "last_actor": [last["actor"]]})


def _merge_order(table: pd.DataFrame, _: int) -> pd.DataFrame:
    """One row of :func:`_row_order` for consecutive chunks' rows: sorted when each is and each ends below the next start."""
    if len(table) < 2:
        return table.reset_index(drop=True)
    ends = list(zip(table["last_source"], table["last_actor"], strict=True))[:-1]
    starts = list(zip(table["first_source"], table["first_actor"], strict=True))[1:]
    in_order = bool(table["sorted"].all()) and all(end <= start for end, start in zip(ends, starts, strict=True))
    return pd.DataFrame({"sorted": [in_order], "first_source": [table["first_source"].iloc[0]],
                         "first_actor": [table["first_actor"].iloc[0]], "last_source": [table["last_source"].iloc[-1]],
                         "last_actor": [table["last_actor"].iloc[-1]]})


_MERGES = {
    "article_tone": _kept,
    "compound_counts": _summed(["source", "compound"], sort=True),
    "extremes": _extreme_candidates,
    "mentions": _summed(["source", "actor"], sort=True),
    "actor_totals": _summed(["actor"], sort=False),
    "pairs": _summed(["actor_a", "actor_b", "unit"], sort=True),
    "actor_tone": _kept,
    "actor_order": _merge_order,
}


def chunk_aggregates(articles: pd.DataFrame, tables: dict[str, pd.DataFrame], *, n_extremes: int = 3) -> Aggregates:
    """The :class:`Aggregates` of one chunk: ``articles`` (with ``doc_id``, ``source``, ``title``, ``published``,
    ``published_inferred``, ``translated_from``) and its stages' rows ``tables`` (``sentences`` labelled,
    ``mentions``), as :meth:`analysis.engine.pipeline.AnalysisStore.chunks` yields them."""
    sentences, found = tables["sentences"], tables["mentions"]
    joined = join_articles(sentences, articles)
    docs = _sources(articles)
    mentions = found.astype({"doc_id": str, "actor": str}).merge(docs, on="doc_id", how="left", validate="many_to_one")
    counts = (mentions.groupby(["source", "actor"]).agg(n_mentions=("doc_id", "size"), n_articles=("doc_id", "nunique"))
              .reset_index())
    totals = mentions.groupby("actor", sort=False).size().rename("n_mentions").reset_index()
    return Aggregates(
        article_tone=_article_tone(joined),
        compound_counts=joined.groupby(["source", "compound"]).size().rename("n_sentences").reset_index(),
        extremes=_extreme_candidates(joined, n_extremes),
        mentions=counts.astype({"n_mentions": "int64", "n_articles": "int64"}),
        actor_totals=totals.astype({"n_mentions": "int64"}),
        pairs=pd.concat([cooccurrence(found, unit=unit) for unit in UNITS], ignore_index=True),
        actor_tone=_actor_tone(found, sentences, docs),
        actor_order=_row_order(found, docs),
        n_extremes=n_extremes,
    )


def combine_all(parts: Iterable[Aggregates]) -> Aggregates:
    """Every aggregate of ``parts`` combined in order (a pairwise tree, so that merges stay small)."""
    level = list(parts)
    if not level:
        raise PipelineError("no aggregates to combine: the selection holds no article; choose other sources or dates.")
    while len(level) > 1:
        level = [level[i].combine(level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


# ------------------------------------------------------------------ engines


def _fold(chunks: Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]], n_extremes: int) -> Aggregates:
    """Combine chunk by chunk, holding the running total and one chunk (and ``log2`` partial totals)."""
    stack: list[tuple[int, Aggregates]] = []
    for chunk, tables in chunks:
        size, part = 1, chunk_aggregates(chunk, tables, n_extremes=n_extremes)
        while stack and stack[-1][0] == size:  # binary-counter merging: combined tables stay balanced
            size, part = size * 2, stack.pop()[1].combine(part)
        stack.append((size, part))
    return combine_all(part for _, part in stack)


def _partition_aggregates(articles: pd.DataFrame, actors: pd.DataFrame, positive: float, negative: float,
                          n_extremes: int) -> Aggregates:
    """One Dask partition's aggregates, computed on the worker from the articles' texts."""
    tables = process_chunk(articles[["doc_id", "text"]], actors)
    ordered = {name: _ordered(name, conform(tables[name], STAGES[name]), articles) for name in ("sentences", "mentions")}
    ordered["sentences"] = label_scores(ordered["sentences"], positive=positive, negative=negative)
    return chunk_aggregates(articles, ordered, n_extremes=n_extremes)


def _dask_aggregates(store: AnalysisStore, articles: pd.DataFrame, *, chunk_size: int, n_jobs: int,
                     scheduler: str | None, n_extremes: int) -> Aggregates:
    """The same aggregates as the pandas engine, computed and reduced on a ``dask.distributed`` cluster."""
    import contextlib

    import dask
    from dask.distributed import Client, LocalCluster

    partials = [dask.delayed(_partition_aggregates)(articles.iloc[i : i + chunk_size], store.actors, store.positive,
                                                    store.negative, n_extremes)
                for i in range(0, len(articles), chunk_size)]
    while len(partials) > 1:  # a tree reduction on the workers, in the articles' order
        partials = [dask.delayed(Aggregates.combine)(partials[i], partials[i + 1]) if i + 1 < len(partials) else partials[i]
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
    chunk_size: int = 500,
    n_jobs: int = 2,
    scheduler: str | None = None,
    n_extremes: int = 3,
) -> Aggregates:
    """The :class:`Aggregates` of ``articles`` (default: all of ``store``; e.g. :meth:`AnalysisStore.select`).

    ``engine="pandas"`` reads the stages from the store chunk by chunk (``chunk_size``
    articles), holding one chunk's rows; ``engine="dask"`` computes each partition's
    aggregates on a ``dask.distributed`` cluster (``scheduler`` address, or a
    ``LocalCluster`` of ``n_jobs`` workers) from the articles' texts and reduces them
    there. Both give equal aggregates. ``n_extremes``: extreme sentences kept per
    source and polarity.
    """
    articles = store.articles if articles is None else articles
    if not len(articles):
        raise PipelineError("aggregate: no article selected; choose other sources or dates.")
    if engine == "dask":
        return _dask_aggregates(store, articles, chunk_size=chunk_size, n_jobs=n_jobs, scheduler=scheduler,
                                n_extremes=n_extremes)
    if engine != "pandas":
        raise PipelineError(f"engine={engine!r}: use 'pandas' (this machine) or 'dask' (a dask.distributed cluster).")
    return _fold(store.chunks(articles, chunk_size=chunk_size, stages=("sentences", "mentions")), n_extremes)


# ------------------------------------------------------------------ report tables


def _tone_summary(per_article: pd.DataFrame, by: list[str], *, n_boot: int, seed: int, level: float) -> pd.DataFrame:
    """``n_articles`` and the summary columns of :func:`analysis.sentiment_by_source` for each group of ``by``
    (``per_article`` in the articles' order)."""
    chosen = "sum_compound_sorted" if _sorted_rows(per_article[by]) else "sum_compound"
    clusters = per_article.rename(columns={chosen: "sum", "n_sentences": "count"})
    ci = bootstrap_from_sums(clusters, by=by, n_boot=n_boot, seed=seed, level=level)
    ci = ci.rename(columns={"n_clusters": "n_articles", "n_values": "n_sentences", "mean": "mean_compound"})
    labels = clusters.groupby(by, dropna=False, sort=True)[[f"n_{label}" for label in LABELS]].sum().reset_index()
    summary = ci.merge(labels, on=by)
    for label in LABELS:
        summary[f"share_{label}"] = summary.pop(f"n_{label}") / summary["n_sentences"]
    return summary


def _with_articles(aggregates: Aggregates, articles: pd.DataFrame) -> pd.DataFrame:
    """``article_tone`` in the articles' order, with each article's ``source``, ``published`` and ``published_inferred``."""
    fields_ = articles[["doc_id", "published", "published_inferred"]].astype({"doc_id": str}).merge(_sources(articles), on="doc_id")
    return fields_.merge(aggregates.article_tone, on="doc_id", how="inner", validate="one_to_one")


def sentiment_by_source_table(aggregates: Aggregates, articles: pd.DataFrame, *, min_articles: int = 3, n_boot: int = 2000,
                              seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """:func:`analysis.sentiment_by_source` from aggregates (same columns, same values)."""
    summary = _tone_summary(_with_articles(aggregates, articles), ["source"], n_boot=n_boot, seed=seed, level=level)
    shares = [f"share_{label}" for label in LABELS]  # the types sentiment_by_source's value_counts gives
    summary = summary.astype({"source": object, **dict.fromkeys(shares, "Float64")})
    summary["small_n"] = small_n(summary["n_articles"], min_articles)
    return summary


def sentiment_over_time_table(aggregates: Aggregates, articles: pd.DataFrame, *, freq: str = "W", min_articles: int = 3,
                              n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> pd.DataFrame:
    """:func:`analysis.sentiment_over_time` from aggregates (same columns, same values)."""
    per_article = _with_articles(aggregates, articles)
    dated = per_article.loc[per_article["published"].notna()].copy()
    published = dated["published"]
    try:
        periods = published.dt.tz_localize(None) if published.dt.tz is not None else published
        dated["period"] = periods.dt.to_period(freq).dt.start_time
    except (ValueError, TypeError) as exc:
        raise SentimentError(f"freq={freq!r} is not a pandas period frequency ({exc}); use one of {sorted(FREQ_NAMES)}.") from exc
    if dated.empty:
        return conform(dated.iloc[:0], "sentiment_over_time")
    summary = _tone_summary(dated, ["source", "period"], n_boot=n_boot, seed=seed, level=level)
    summary["small_n"] = small_n(summary["n_articles"], min_articles)
    inferred = dated.astype({"published_inferred": "int64"}).groupby(["source", "period"])["published_inferred"].sum()
    return conform(summary.merge(inferred.rename("n_inferred").reset_index(), on=["source", "period"], how="left"),
                   "sentiment_over_time")


def sentiment_extremes_table(aggregates: Aggregates, articles: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.sentiment_extremes` (with ``n_extremes`` per source) from aggregates."""
    candidates = aggregates.extremes[_SENTENCE_COLUMNS]
    return sentiment_extremes(candidates, articles.loc[articles["doc_id"].isin(candidates["doc_id"])], n=aggregates.n_extremes)


def compound_counts_table(aggregates: Aggregates) -> pd.DataFrame:
    """How many sentences of each source have each compound score.

    Returns
    -------
    DataFrame, one row per source and score, sorted by both, with columns
        ``source`` (string), ``compound`` (float), ``n_sentences`` (int).
    """
    return aggregates.compound_counts.sort_values(["source", "compound"], ignore_index=True)


def mention_counts_table(aggregates: Aggregates, articles: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.mention_counts` by source from aggregates (same columns, same values)."""
    totals = _group_totals(articles)
    actors = sorted(aggregates.mentions["actor"].astype(str).unique())
    index = pd.MultiIndex.from_product([totals["source"].unique(), actors], names=["source", "actor"])
    counts = (aggregates.mentions.set_index(["source", "actor"])[["n_mentions", "n_articles"]].reindex(index, fill_value=0)
              .reset_index().merge(totals, on="source"))
    counts["mentions_per_1000_words"] = 1000 * counts["n_mentions"] / counts["n_group_words"].where(counts["n_group_words"] > 0)
    group_total = counts.groupby("source")["n_mentions"].transform("sum")
    counts["share_of_mentions"] = counts["n_mentions"] / group_total.where(group_total > 0)
    counts["share_of_articles"] = counts["n_articles"] / counts["n_group_articles"]
    return conform(counts, "mention_counts", group="source")


def _group_totals(articles: pd.DataFrame) -> pd.DataFrame:
    n_words = articles["n_words"] if "n_words" in articles.columns else articles["text"].map(count_words)
    docs = _sources(articles).assign(n_words=n_words.to_numpy(dtype="int64"))
    return docs.groupby("source").agg(n_group_articles=("doc_id", "size"), n_group_words=("n_words", "sum")).reset_index()


def cooccurrence_table(aggregates: Aggregates, *, unit: str = "sentence") -> pd.DataFrame:
    """:func:`analysis.cooccurrence` from aggregates (same columns, same values)."""
    if unit not in UNITS:
        raise PipelineError(f"unit={unit!r}: actors co-occur in the same 'sentence' or the same 'article'.")
    table = aggregates.pairs.loc[aggregates.pairs["unit"] == unit]
    table = table.sort_values(["n_together", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True)
    return conform(table, "cooccurrence")


def cooccurrence_graph_table(aggregates: Aggregates, pairs: pd.DataFrame) -> nx.Graph:
    """:func:`analysis.cooccurrence_graph` from aggregates: the same nodes, in the same order, and edges."""
    graph = nx.Graph(unit=str(pairs["unit"].iloc[0]) if "unit" in pairs.columns and len(pairs) else None)
    totals = aggregates.actor_totals.set_index("actor")["n_mentions"].sort_values(ascending=False, kind="stable")  # as value_counts
    for actor, n in totals.items():
        graph.add_node(str(actor), n_mentions=int(n))
    for a, b, n_together, n_articles in zip(pairs["actor_a"], pairs["actor_b"], pairs["n_together"], pairs["n_articles"], strict=True):
        graph.add_edge(str(a), str(b), weight=int(n_together), n_articles=int(n_articles))
    return graph


def actor_tone_table(aggregates: Aggregates, *, min_articles: int = 3, n_boot: int = 2000, seed: int = 0,
                     level: float = 0.95) -> pd.DataFrame:
    """:func:`analysis.actor_sentiment` by source from aggregates (same columns, same values)."""
    in_order = len(aggregates.actor_order) and bool(aggregates.actor_order["sorted"].iloc[0])
    clusters = aggregates.actor_tone
    bootstrap = {"by": ["source", "actor"], "n_boot": n_boot, "seed": seed, "level": level}

    def summary(prefix: str) -> pd.DataFrame:
        chosen = clusters[f"{prefix}sum_sorted" if in_order else f"{prefix}sum"]
        return bootstrap_from_sums(clusters[["source", "actor", "count"]].assign(sum=chosen), **bootstrap)

    tone = summary("").rename(columns={"n_clusters": "n_articles", "n_values": "n_sentences", "mean": "mean_compound"})
    toward = summary("tone_")[["source", "actor", "mean", "ci_low", "ci_high"]]
    tone = tone.merge(toward.rename(columns={"mean": "mean_tone", "ci_low": "tone_ci_low", "ci_high": "tone_ci_high"}),
                      on=["source", "actor"], how="left", validate="one_to_one")
    tone["small_n"] = small_n(tone["n_articles"], min_articles)
    return conform(tone, "actor_tone", group="source")


def n_sentences(aggregates: Aggregates) -> int:
    """How many sentences the aggregated articles hold."""
    return int(np.sum(aggregates.article_tone["n_sentences"]))
