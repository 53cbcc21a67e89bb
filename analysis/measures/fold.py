"""Mergeable aggregates: every report table is a *partial* per chunk of articles, a *combine* and a *finalize*.

scikit-learn's out-of-core estimators have one piece of arithmetic: ``fit`` is
``partial_fit`` over the batches. The report tables follow the same pattern. Each
table's module (:mod:`analysis.measures.sentiment`, :mod:`analysis.measures.actors`)
defines a partial from one chunk's rows and a finalize from the combined partials;
the whole-table function (:func:`analysis.sentiment_by_source`…) is that fold over
one chunk, :func:`analysis.engine.aggregates.aggregate` folds the cache chunk by chunk,
and Dask folds the same partials on a cluster in a tree.

The partials are made of two exact building blocks, so a table is the same for
any chunking and any order of combination:

* :class:`Counts`: integer tallies per key; combining adds them.
* :class:`analysis.measures.stats.ClusterSums`: per cluster (an article) and group,
  the sum and count of a value column (sentence compound scores, or any other value
  per row), plus integer tallies. A cluster's sum is :func:`math.fsum` of its values
  (correctly rounded, whatever their order); a chunk holds whole articles, so
  clusters never straddle two partials, and combining concatenates. The finalize
  sorts the clusters by group and cluster id before the bootstrap and adds the
  clusters' sums with :func:`math.fsum` again.

Nothing imitates another library's internals (pandas' summation order, matplotlib's
box statistics): the arithmetic is the fold's own, on every path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, Self, TypeVar

import pandas as pd

from analysis.core.errors import StatsError


class Combinable(Protocol):
    """A partial that combines with another of its kind: ``a + b``."""

    def __add__(self, other: Self, /) -> Self: ...


Partial = TypeVar("Partial", bound=Combinable)


def combine_all(parts: Iterable[Partial]) -> Partial:
    """The partials of ``parts`` combined pairwise in a tree (so combined tables stay balanced); they must be some."""
    level = list(parts)
    if not level:
        raise StatsError("nothing to combine: no chunk was given.")
    while len(level) > 1:
        level = [level[i] + level[i + 1] if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)]
    return level[0]


# ------------------------------------------------------------------ counts


@dataclass(frozen=True)
class Counts:
    """Integer tallies per key: ``table`` holds the ``keys`` columns and int64 value columns, one row per key.

    Combining adds the tallies of equal keys (exact, in any order); rows are kept sorted by key.
    """

    table: pd.DataFrame
    keys: tuple[str, ...]

    @classmethod
    def of(cls, rows: pd.DataFrame, keys: Sequence[str]) -> Counts:
        """The tallies of ``rows`` (the ``keys`` columns and integer value columns) summed per key."""
        return cls(_summed(rows, list(keys)), tuple(keys))

    def __add__(self, other: Counts) -> Counts:
        if not len(other.table):
            return self
        if not len(self.table):
            return other
        return Counts(_summed(pd.concat([self.table, other.table], ignore_index=True), list(self.keys)), self.keys)


def _summed(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    values = [c for c in rows.columns if c not in keys]
    summed = rows.groupby(keys, sort=True, dropna=False, observed=True)[values].sum().reset_index()
    return summed.astype(dict.fromkeys(values, "int64"))
