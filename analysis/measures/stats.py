"""Honest uncertainty for means over clustered data: a cluster bootstrap and a small-n flag.

Sentences of one article are not independent (one author, one topic, one
stance), so an interval that resamples sentences is too narrow. The bootstrap
here resamples whole clusters (articles) with replacement and recomputes the
mean over every value of the drawn clusters. It is vectorised with numpy and
seeded, so the same input and seed give the same interval.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.core.checks import require_columns
from analysis.core.errors import StatsError

#: Bootstrap draws generated per block: bounds memory at about 32 MB of indices.
_BLOCK_CELLS = 4_000_000


def _check_options(n_boot: int, level: float) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise StatsError(f"n_boot={n_boot!r}: the number of bootstrap draws must be a positive integer (e.g. 2000).")
    if not 0 < level < 1:
        raise StatsError(f"level={level!r}: the confidence level must lie strictly between 0 and 1 (e.g. 0.95).")


def _cluster_bootstrap(
    sums: np.ndarray, counts: np.ndarray, *, n_boot: int, seed: int, level: float
) -> tuple[float, float]:
    """Percentile interval of the pooled mean ``sum(sums[draw]) / sum(counts[draw])`` over cluster draws."""
    k = len(sums)
    if k < 2:
        return np.nan, np.nan
    rng = np.random.default_rng(seed)
    means = np.empty(n_boot)
    block = max(1, _BLOCK_CELLS // k)
    for first in range(0, n_boot, block):
        rows = min(block, n_boot - first)
        draw = rng.integers(0, k, size=(rows, k))
        means[first : first + rows] = sums[draw].sum(axis=1) / counts[draw].sum(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    return float(low), float(high)


def _finite_values(values: npt.ArrayLike, where: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 1:
        raise StatsError(f"{where}: values must be one-dimensional, got shape {array.shape}.")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise StatsError(f"{where}: {bad.size} value(s) are missing or infinite (first at position {bad[0]}); "
                            "drop or fill them before computing a mean.")
    return array


def bootstrap_mean_ci(
    values: npt.ArrayLike,
    clusters: npt.ArrayLike | None = None,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float, float]:
    """Mean of ``values`` with a percentile bootstrap interval that resamples whole clusters.

    ``clusters`` gives each value's cluster (e.g. the ``doc_id`` of each sentence);
    ``None`` treats every value as its own cluster (the ordinary bootstrap). Each
    of the ``n_boot`` draws takes as many clusters as there are, with replacement,
    and pools all their values. Returns ``(mean, low, high)``; the interval is
    ``(nan, nan)`` with fewer than two clusters, where resampling says nothing.
    Raises :class:`StatsError` for no values, missing values or bad options.
    """
    _check_options(n_boot, level)
    array = _finite_values(values, "bootstrap_mean_ci")
    if array.size == 0:
        raise StatsError("bootstrap_mean_ci: no values; the mean of nothing is undefined.")
    rows = pd.DataFrame({"_group": np.zeros(array.size, dtype=np.int8), "_value": array})
    if clusters is not None:
        labels = np.asarray(clusters)
        if labels.shape != array.shape:
            raise StatsError(f"bootstrap_mean_ci: {labels.size} cluster labels for {array.size} values; give one label per value.")
        rows["_cluster"] = labels
    summary = ClusterSums.of(rows, "_value", by=["_group"], cluster=None if clusters is None else "_cluster").summary(
        n_boot=n_boot, seed=seed, level=level)
    return float(summary["mean"].iloc[0]), float(summary["ci_low"].iloc[0]), float(summary["ci_high"].iloc[0])


def grouped_bootstrap_ci(
    table: pd.DataFrame,
    value: str,
    *,
    by: str | Sequence[str],
    cluster: str | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """:func:`bootstrap_mean_ci` of column ``value`` for every group of ``by``, as a tidy table.

    ``cluster`` names the column whose values are resampled whole (``None``: each
    row alone). Every group is resampled with the same ``seed``, so a group's
    interval does not change when other groups are added or filtered out.
    Missing keys in ``by`` form their own group. It is :meth:`ClusterSums.summary`
    of :meth:`ClusterSums.of` (the mergeable form, for data read chunk by chunk).

    Returns
    -------
    DataFrame, one row per group in sorted key order, with columns
        the ``by`` columns, ``n_clusters`` (int), ``n_values`` (int), ``mean``
        (float), ``ci_low`` and ``ci_high`` (float; NaN for a group with fewer
        than two clusters).
    """
    _check_options(n_boot, level)
    keys = [by] if isinstance(by, str) else list(by)
    needed = [*keys, value] + ([cluster] if cluster is not None else [])
    require_columns(table, needed, what="grouped_bootstrap_ci input", fix="name columns the table has", error=StatsError)
    _finite_values(table[value].to_numpy(dtype=float, na_value=np.nan), f"column {value!r}")
    return ClusterSums.of(table, value, by=keys, cluster=cluster).summary(n_boot=n_boot, seed=seed, level=level)


def bootstrap_from_sums(
    per_cluster: pd.DataFrame,
    *,
    by: str | Sequence[str],
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """:func:`grouped_bootstrap_ci` from each cluster's ``sum`` and ``count`` of values, not the values.

    ``per_cluster`` has the ``by`` columns, ``sum`` (float) and ``count`` (int), one
    row per cluster with at least one value, in the order the bootstrap draws index
    within each group (:class:`ClusterSums` sorts them by cluster id). A group's
    ``mean`` is the :func:`math.fsum` of its clusters' sums over their count.

    Returns the table of :func:`grouped_bootstrap_ci`.
    """
    _check_options(n_boot, level)
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(per_cluster, [*keys, "sum", "count"], what="bootstrap_from_sums input",
                    fix="give one row per cluster with its sum and count", error=StatsError)
    rows: list[dict[str, Any]] = []
    for key, group in per_cluster.groupby(keys, dropna=False, sort=True):
        sums = group["sum"].to_numpy(dtype=float)
        counts = group["count"].to_numpy(dtype=float)
        low, high = _cluster_bootstrap(sums, counts, n_boot=n_boot, seed=seed, level=level)
        key_values = key if isinstance(key, tuple) else (key,)
        n_values = int(group["count"].sum())
        rows.append({**dict(zip(keys, key_values, strict=True)), "n_clusters": len(sums), "n_values": n_values,
                     "mean": math.fsum(sums.tolist()) / n_values, "ci_low": low, "ci_high": high})
    result = pd.DataFrame(rows, columns=[*keys, "n_clusters", "n_values", "mean", "ci_low", "ci_high"])
    return result.astype({"n_clusters": "int64", "n_values": "int64", "mean": float, "ci_low": float, "ci_high": float})


# ------------------------------------------------------------ cluster sums


def cluster_fsums(codes: np.ndarray, values: np.ndarray, n_clusters: int) -> np.ndarray:
    """:func:`math.fsum` of the ``values`` of each cluster code ``0 … n_clusters - 1`` (0.0 for an empty one)."""
    counts = np.bincount(codes, minlength=n_clusters)
    ordered = values[np.argsort(codes, kind="stable")]
    ends = np.cumsum(counts)
    starts = ends - counts
    sums = np.zeros(n_clusters)
    one, two = counts == 1, counts == 2  # one or two values: the plain addition is already correctly rounded
    sums[one] = ordered[starts[one]]
    sums[two] = ordered[starts[two]] + ordered[starts[two] + 1]
    listed = ordered.tolist()
    for cluster in np.flatnonzero(counts > 2).tolist():
        sums[cluster] = math.fsum(listed[starts[cluster] : ends[cluster]])
    return sums


@dataclass(frozen=True)
class ClusterSums:
    """The mergeable partial of a clustered mean: per group and cluster (an article), ``sum`` and ``count``.

    ``table`` has the ``keys`` columns, the ``cluster`` column, ``sum`` (float: the
    :func:`math.fsum` of the cluster's values, correctly rounded whatever their order),
    ``count`` (int), then the integer ``tallies`` and the cluster's ``attributes``
    (columns constant within a cluster, e.g. its publication date), one row per group
    and cluster. A chunk of articles gives one (:meth:`of`); two partials of disjoint
    articles combine with ``+`` (their rows concatenated); :meth:`summary` is the
    finalize: means and bootstrap intervals per group, the same for any chunking.
    """

    table: pd.DataFrame
    keys: tuple[str, ...]
    cluster: str = "doc_id"
    tallies: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        rows: pd.DataFrame,
        value: str,
        *,
        by: Sequence[str],
        cluster: str | None = "doc_id",
        tallies: Mapping[str, npt.ArrayLike] | None = None,
        attributes: Sequence[str] = (),
    ) -> ClusterSums:
        """The partial of ``rows``: column ``value`` summed per group of ``by`` and ``cluster``.

        ``cluster`` None makes every row its own cluster (numbered ``_row`` in row order).
        ``tallies`` maps a name to a boolean or integer per row, summed per cluster;
        ``attributes`` are columns constant within a cluster, kept from its first row.
        """
        keys = list(by)
        values = _finite_values(rows[value].to_numpy(dtype=float, na_value=np.nan), f"column {value!r}")
        name = cluster or "_row"
        ids = rows[cluster].to_numpy() if cluster else np.arange(len(rows))
        frame = rows[keys].reset_index(drop=True).assign(**{name: ids})
        codes = frame.groupby([*keys, name], sort=False, dropna=False).ngroup().to_numpy()
        n = int(codes.max()) + 1 if len(codes) else 0
        first = np.full(n, len(frame), dtype=np.int64)
        np.minimum.at(first, codes, np.arange(len(frame)))
        table = frame.iloc[first].reset_index(drop=True)
        table["sum"] = cluster_fsums(codes, values, n)
        table["count"] = np.bincount(codes, minlength=n).astype("int64")
        for tally, flags in (tallies or {}).items():
            table[tally] = np.bincount(codes, weights=np.asarray(flags, dtype=float), minlength=n).astype("int64")
        for column in attributes:
            table[column] = rows[column].iloc[first].to_numpy()
        return cls(table, tuple(keys), name, tuple(tallies or ()), tuple(attributes))

    def __add__(self, other: ClusterSums) -> ClusterSums:
        if not len(other.table):
            return self
        if not len(self.table):
            return other
        table = pd.concat([self.table, other.table], ignore_index=True)
        if table.duplicated([*self.keys, self.cluster]).any():
            raise StatsError("two partials share a cluster (an article split between chunks); chunks must hold whole articles.")
        return replace(self, table=table)

    def with_columns(self, **columns: npt.ArrayLike) -> ClusterSums:
        """The same clusters with more columns (e.g. a period made from an attribute), to group by."""
        return replace(self, table=self.table.assign(**columns))

    def where(self, rows: npt.ArrayLike) -> ClusterSums:
        """The clusters where ``rows`` (a boolean per row of ``table``) holds."""
        return replace(self, table=self.table.loc[np.asarray(rows, dtype=bool)].reset_index(drop=True))

    def summary(self, *, by: Sequence[str] | None = None, n_boot: int = 2000, seed: int = 0,
                level: float = 0.95) -> pd.DataFrame:
        """The finalize: per group of ``by`` (default the partial's keys), the table of :func:`grouped_bootstrap_ci`
        (clusters drawn in cluster-id order) followed by each tally summed (int); sorted by group."""
        keys = list(self.keys if by is None else by)
        clusters = self.table.sort_values([*keys, self.cluster], kind="stable", ignore_index=True)
        ci = bootstrap_from_sums(clusters, by=keys, n_boot=n_boot, seed=seed, level=level)
        if not self.tallies:
            return ci
        tallied = clusters.groupby(keys, dropna=False, sort=True)[list(self.tallies)].sum().reset_index()
        return ci.merge(tallied.astype(dict.fromkeys(self.tallies, "int64")), on=keys, how="left")


def small_n(n_units: npt.ArrayLike, min_units: int = 3) -> Any:
    """Whether each count in ``n_units`` is below ``min_units`` (too few units to generalise from).

    Works on a number (returns a bool) or an array or Series of counts (returns the
    same shape of bools). Raises :class:`StatsError` when ``min_units`` < 1.
    """
    if isinstance(min_units, bool) or not isinstance(min_units, (int, np.integer)) or min_units < 1:
        raise StatsError(f"min_units={min_units!r}: the smallest trusted count must be a positive integer (e.g. 3).")
    if isinstance(n_units, pd.Series):
        return n_units < min_units
    flags = np.asarray(n_units) < min_units
    return bool(flags) if flags.ndim == 0 else flags
