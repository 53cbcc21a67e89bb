"""The cluster bootstrap and the small-n flag, checked against results worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import AnalysisError
from analysis.measures.stats import bootstrap_mean_ci, grouped_bootstrap_ci, small_n


def test_mean_is_the_plain_mean_of_all_values():
    values = [0.5, -0.25, 1.0, 0.0, 0.75]
    mean, _, _ = bootstrap_mean_ci(values, ["a", "a", "b", "c", "c"])
    assert mean == pytest.approx(sum(values) / len(values))


def test_two_clusters_give_the_cluster_means_as_bounds():
    # Two clusters: a draw is {A,A}, {B,B} (1/4 each) or {A,B} (1/2), so the 2.5% and
    # 97.5% quantiles of the pooled means are exactly the two cluster means.
    values = [1.0, 0.5, 0.0, -0.4, -0.6]
    clusters = ["A", "A", "A", "B", "B"]
    mean, low, high = bootstrap_mean_ci(values, clusters, n_boot=4000, seed=1)
    assert mean == pytest.approx(0.1)
    assert low == pytest.approx(-0.5)
    assert high == pytest.approx(0.5)


def test_resampling_clusters_widens_the_interval_for_clustered_values():
    # 40 articles of 25 identical sentences: the information is in 40 values, not 1,000.
    rng = np.random.default_rng(7)
    article_means = rng.normal(0, 0.3, 40)
    values = np.repeat(article_means, 25)
    clusters = np.repeat(np.arange(40), 25)
    _, low, high = bootstrap_mean_ci(values, clusters, n_boot=4000, seed=0)
    _, naive_low, naive_high = bootstrap_mean_ci(values, n_boot=4000, seed=0)
    expected_width = 2 * 1.96 * article_means.std() / np.sqrt(40)
    assert high - low == pytest.approx(expected_width, rel=0.15)
    assert (high - low) > 3 * (naive_high - naive_low)


def test_no_clusters_means_each_value_is_its_own_cluster():
    values = np.linspace(-1, 1, 30)
    assert bootstrap_mean_ci(values, seed=3) == bootstrap_mean_ci(values, np.arange(30), seed=3)


def test_same_seed_same_interval_other_seed_other_interval():
    values = np.sin(np.arange(200))
    clusters = np.arange(200) // 5
    first = bootstrap_mean_ci(values, clusters, seed=42)
    assert bootstrap_mean_ci(values, clusters, seed=42) == first
    assert bootstrap_mean_ci(values, clusters, seed=43) != first


def test_one_cluster_has_no_interval():
    mean, low, high = bootstrap_mean_ci([0.2, 0.4, 0.9], ["only"] * 3)
    assert mean == pytest.approx(0.5)
    assert np.isnan(low) and np.isnan(high)


def test_a_large_bootstrap_is_drawn_in_blocks_with_the_same_result_shape():
    values = np.cos(np.arange(30_000))
    clusters = np.arange(30_000) // 3
    mean, low, high = bootstrap_mean_ci(values, clusters, n_boot=2000, seed=0)
    assert low < mean < high


@pytest.mark.parametrize(
    "values, clusters, options, message",
    [
        ([], None, {}, "no values"),
        ([0.1, np.nan], None, {}, "missing or infinite"),
        ([0.1, 0.2], ["a"], {}, "1 cluster labels for 2 values"),
        ([0.1, 0.2], None, {"n_boot": 0}, "n_boot=0"),
        ([0.1, 0.2], None, {"level": 1.0}, "level=1.0"),
        ([[0.1], [0.2]], None, {}, "one-dimensional"),
    ],
)
def test_bad_input_is_a_clear_error(values, clusters, options, message):
    with pytest.raises(AnalysisError, match=message):
        bootstrap_mean_ci(values, clusters, **options)


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["X"] * 6 + ["Y"] * 3,
            "doc_id": ["x1", "x1", "x2", "x3", "x3", "x3", "y1", "y1", "y1"],
            "compound": [0.5, 0.1, -0.3, 0.0, 0.2, 0.4, -0.5, -0.7, 0.0],
        }
    )


def test_grouped_counts_and_means_by_hand():
    result = grouped_bootstrap_ci(_table(), "compound", by="source", cluster="doc_id")
    assert result.columns.tolist() == ["source", "n_clusters", "n_values", "mean", "ci_low", "ci_high"]
    assert result["source"].tolist() == ["X", "Y"]
    assert result["n_clusters"].tolist() == [3, 1]
    assert result["n_values"].tolist() == [6, 3]
    assert result["mean"].tolist() == pytest.approx([0.15, -0.4])
    assert result["ci_low"].isna().tolist() == [False, True]


def test_grouped_equals_one_bootstrap_per_group_and_ignores_other_groups():
    table = _table()
    both = grouped_bootstrap_ci(table, "compound", by=["source"], cluster="doc_id", seed=5)
    alone = grouped_bootstrap_ci(table[table["source"] == "X"], "compound", by=["source"], cluster="doc_id", seed=5)
    x = table[table["source"] == "X"]
    direct = bootstrap_mean_ci(x["compound"], x["doc_id"], seed=5)
    assert tuple(both.iloc[0][["mean", "ci_low", "ci_high"]]) == pytest.approx(direct)
    pd.testing.assert_frame_equal(both.iloc[[0]], alone)


def test_grouped_names_a_missing_column():
    with pytest.raises(AnalysisError, match=r"no column\(s\) \['article'\]"):
        grouped_bootstrap_ci(_table(), "compound", by="source", cluster="article")


@pytest.mark.parametrize(
    "n, min_units, expected",
    [(0, 3, True), (1, 3, True), (2, 3, True), (3, 3, False), (10, 3, False), (1, 1, False), (4, 5, True)],
)
def test_small_n(n, min_units, expected):
    assert small_n(n, min_units) is expected


def test_small_n_keeps_the_shape_of_a_series():
    flags = small_n(pd.Series([1, 3, 5], index=["a", "b", "c"]), 3)
    assert flags.tolist() == [True, False, False]
    assert flags.index.tolist() == ["a", "b", "c"]


def test_small_n_needs_a_positive_minimum():
    with pytest.raises(AnalysisError, match="min_units=0"):
        small_n(3, 0)
