"""The distribution chart from counts per score: matplotlib's box statistics without one value per sentence."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.cbook as cbook  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import viz  # noqa: E402
from analysis.viz.sentiment import _box_stats  # noqa: E402


def _scores(seed: int, n: int, spread: float) -> np.ndarray:
    """VADER-like compound scores: 4 decimals, many exact zeros."""
    rng = np.random.default_rng(seed)
    return np.round(np.clip(rng.normal(0, spread, n), -1, 1) * (rng.random(n) < 0.6), 4)


@pytest.mark.parametrize("seed, n, spread", [(0, 1, 0.3), (1, 2, 0.3), (2, 7, 0.5), (3, 40, 0.02), (4, 400, 0.4),
                                             (5, 3000, 0.6), (6, 11, 0.0)])
def test_box_stats_from_counts_equal_matplotlib_from_values(seed, n, spread):
    values = _scores(seed, n, spread)
    expected = cbook.boxplot_stats(values)[0]
    distinct, counts = np.unique(values, return_counts=True)
    got = _box_stats(distinct, counts)
    assert {k: expected[k] for k in got} == got


def test_chart_and_caption_from_counts_equal_those_from_sentences():
    sentences = pd.DataFrame({"source": ["A"] * 300 + ["B"] * 50,
                              "compound": np.r_[_scores(7, 300, 0.4), _scores(8, 50, 0.2)]})
    counts = sentences.groupby(["source", "compound"]).size().rename("n_sentences").reset_index()
    by_source = pd.DataFrame({"source": ["A", "B"], "n_articles": [5, 1], "n_sentences": [300, 50], "mean_compound": [0.1, -0.1],
                              "ci_low": [0.0, np.nan], "ci_high": [0.2, np.nan], "small_n": [False, True]})
    colors = {"A": "#1f77b4", "B": "#ff7f0e"}
    assert viz.compound_distribution_caption(counts) == viz.compound_distribution_caption(sentences)
    boxes = []
    for table in (sentences, counts):
        fig = viz.plot_compound_distribution(table, by_source, colors)
        boxes.append([patch.get_path().vertices.tolist() for patch in fig.axes[0].patches])
        plt.close(fig)
    assert boxes[0] == boxes[1] and len(boxes[0]) >= 2
