"""Differences between outlets and before/after a date: Holm's adjustment, the bootstrap of a difference, ties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import StatsError
from analysis.measures import differences
from analysis.measures.stats import holm, pairwise_differences


def test_holm_matches_the_step_down_worked_by_hand():
    # sorted 0.01, 0.03, 0.04 times 3, 2, 1 = 0.03, 0.06, 0.04 → made non-decreasing: 0.03, 0.06, 0.06
    assert holm([0.01, 0.04, 0.03, np.nan]) == pytest.approx([0.03, 0.06, 0.06, np.nan], nan_ok=True)
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])  # capped at 1
    assert holm([]).size == 0


def _clusters(means: dict[str, float], n: int = 40, spread: float = 0.2, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [(group, rng.normal(mu, spread) * 10, 10) for group, mu in means.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["source", "sum", "count"])


def test_a_real_difference_differs_and_equal_means_tie():
    table = pairwise_differences(_clusters({"A": 0.0, "B": 0.0, "C": 0.3}), n_boot=1000)
    pairs = {(a, b): row for a, b, row in zip(table["group_a"], table["group_b"], table.itertuples())}
    assert set(pairs) == {("A", "B"), ("A", "C"), ("B", "C")}
    assert not pairs["A", "B"].differs and pairs["A", "B"].ci_low < 0 < pairs["A", "B"].ci_high
    assert pairs["A", "C"].differs and pairs["A", "C"].difference == pytest.approx(
        pairs["A", "C"].mean_a - pairs["A", "C"].mean_b)
    assert pairs["A", "C"].ci_high < 0  # A is lower than C
    assert (table["p_holm"] >= table["p_value"]).all()


def test_a_pair_does_not_change_when_another_source_is_added_or_left_out():
    both = pairwise_differences(_clusters({"A": 0.0, "B": 0.1}), n_boot=500, seed=3)
    three = pairwise_differences(_clusters({"A": 0.0, "B": 0.1}).pipe(
        lambda t: pd.concat([t, _clusters({"Z": 0.5}, seed=9)])), n_boot=500, seed=3)
    row = three.loc[(three["group_a"] == "A") & (three["group_b"] == "B")].iloc[0]
    assert (row.ci_low, row.ci_high, row.p_value) == pytest.approx(tuple(both[["ci_low", "ci_high", "p_value"]].iloc[0]))


def test_order_and_families_and_small_groups():
    table = _clusters({"A": 0.0, "B": 0.2}).assign(actor="Putin")
    table = pd.concat([table, _clusters({"A": 0.0}).assign(actor="Biden"),
                       _clusters({"B": 0.1}, n=1).assign(actor="Biden")])
    result = pairwise_differences(table, within="actor", order=["B", "A"], min_clusters=3, n_boot=200)
    assert list(result["actor"]) == ["Putin"]  # Biden's B has one article: no pair
    assert (result["group_a"].iloc[0], result["group_b"].iloc[0]) == ("B", "A")


def test_split_side_counts_the_day_itself_as_after():
    dates = pd.Series(pd.to_datetime(["2022-02-23", "2022-02-24", None, "2022-03-01"]))
    assert differences.split_side(dates, "2022-02-24").tolist() == ["before", "after", pd.NA, "after"]
    assert differences.split_side(dates, "").isna().all()
    with pytest.raises(StatsError, match="YYYY-MM-DD"):
        differences.split_side(dates, "soon")


def _articles() -> pd.DataFrame:
    dates = pd.to_datetime(["2022-01-10"] * 6 + ["2022-04-10"] * 6)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "source": ["A", "B"] * 6, "published": dates})


def test_tone_before_after_gives_after_minus_before_per_source():
    tone = pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "n_sentences": 10,
                         "sum_compound": [-5.0 + 0.1 * i for i in range(6)] + [5.0 + 0.1 * i for i in range(6)]})
    changes = differences.tone_before_after(tone, _articles(), "2022-03-01", n_boot=500)
    assert list(changes["source"]) == ["A", "B"]
    assert (changes["group_a"] == "after").all() and (changes["difference"] > 0.9).all() and changes["differs"].all()
    assert (changes["n_a"] == 3).all() and (changes["n_b"] == 3).all()


def test_actor_before_after_counts_articles_naming_and_their_tone():
    named = pd.DataFrame({"source": "A", "actor": "Putin", "doc_id": ["d6", "d7", "d8", "d9", "d10", "d11"],
                          "sum": 1.0, "tone_sum": -0.5, "count": 1})
    changes = differences.actor_before_after(named, _articles(), ["Putin"], "2022-03-01", min_articles=2, n_boot=300)
    share = changes.loc[changes["measure"] == "share of articles naming"].iloc[0]
    assert (share.mean_b, share.mean_a) == (0.0, 1.0)  # named in no article before, every article after
    assert changes.loc[changes["measure"] == "tone toward"].empty  # no sentence before to compare


def test_the_actor_matrices_say_what_a_blank_cell_is():
    import matplotlib

    matplotlib.use("Agg")
    from analysis import viz

    pair = {"n_a": 5, "n_b": 5, "mean_a": 0.1, "mean_b": 0.0, "difference": 0.1, "ci_low": -0.1, "ci_high": 0.3,
            "p_value": 0.5, "p_holm": 1.0, "differs": False}
    diffs = pd.DataFrame([{"actor": "Putin", "group_a": a, "group_b": b, **pair} for a, b in (("A", "B"), ("A", "C"), ("B", "C"))]
                         + [{"actor": "Biden", "group_a": "A", "group_b": "B", **pair}])  # C names Biden too rarely
    with_blank = " ".join(viz.plot_actor_pairwise_differences(diffs, ["Putin", "Biden"])[0].get_suptitle().split())
    assert "blank: not compared, too few articles naming the actor" in with_blank
    complete = viz.plot_actor_pairwise_differences(diffs[diffs["actor"] == "Putin"], ["Putin"])[0].get_suptitle()
    assert "blank" not in complete
