"""Report tables as folds: partial per chunk, combine, finalize — the same table for any chunking and order."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import analysis  # noqa: E402
from analysis import viz  # noqa: E402
from analysis.core.errors import StatsError  # noqa: E402
from analysis.measures import actors, sentiment  # noqa: E402
from analysis.measures.fold import combine_all  # noqa: E402
from analysis.measures.stats import ClusterSums  # noqa: E402

BOOT = {"n_boot": 200, "seed": 4}


def _scores(seed: int, n: int, spread: float) -> np.ndarray:
    """VADER-like compound scores: 4 decimals, many exact zeros."""
    rng = np.random.default_rng(seed)
    return np.round(np.clip(rng.normal(0, spread, n), -1, 1) * (rng.random(n) < 0.6), 4)


def _corpus(n_articles: int = 16, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Articles of four sources (one undated), their scored sentences and actor mentions, made up."""
    rng = np.random.default_rng(seed)
    doc_ids = [f"d{i:03d}" for i in rng.permutation(n_articles)]  # not in id order
    articles = pd.DataFrame({
        "doc_id": doc_ids, "source": pd.array([["A", "B", "C", None][i % 4] for i in range(n_articles)], dtype="string"),
        "title": [f"Title {d}" for d in doc_ids],
        "published": pd.to_datetime("2022-01-03") + pd.to_timedelta(rng.integers(0, 90, n_articles), unit="D"),
        "published_inferred": rng.random(n_articles) < 0.2, "n_words": rng.integers(50, 500, n_articles)})
    articles.loc[3, "published"] = pd.NaT
    rows = []
    for doc_id in doc_ids:
        for sentence_id in range(int(rng.integers(1, 9))):
            rows.append((doc_id, sentence_id, f"Sentence {rng.integers(0, 30)}."))
    sentences = pd.DataFrame(rows, columns=["doc_id", "sentence_id", "text"])
    sentences["compound"] = _scores(seed, len(sentences), 0.5)
    scored = analysis.label_scores(sentences)
    named = sentences.sample(frac=0.6, random_state=seed)
    mentions = pd.DataFrame({"doc_id": named["doc_id"].to_numpy(), "sentence_id": named["sentence_id"].to_numpy(),
                             "actor": rng.choice(["Ann", "Bob", "Cy", "Dee"], len(named))})
    extra = mentions.sample(frac=0.5, random_state=seed + 1).assign(actor=lambda m: rng.choice(["Ann", "Eve"], len(m)))
    mentions = pd.concat([mentions, extra], ignore_index=True).sort_values(["doc_id", "sentence_id"], ignore_index=True)
    mentions["tone"] = _scores(seed + 2, len(mentions), 0.5)  # the tone toward the actor, as analyze gives it
    return articles, scored, mentions


def _tables(parts) -> dict[str, pd.DataFrame]:
    tone, counts, extremes, tallies, pairs, actor_tone, actor_toward = parts
    return {"by_source": sentiment.tone_by_source(tone, **BOOT), "over_time": sentiment.tone_over_time(tone, freq="M", **BOOT),
            "box": sentiment.compound_box_stats(counts.table), "extremes": extremes.table(), "mentions": tallies.table(),
            "pairs_sentence": actors.pairs_table(pairs, unit="sentence"), "pairs_article": actors.pairs_table(pairs, unit="article"),
            "actor_tone": actors.actor_tone_summary(actor_tone, actor_toward, **BOOT)}


def _partials(articles, scored, mentions):
    return (sentiment.tone_sums(scored, articles), sentiment.compound_counts(scored, articles),
            sentiment.ExtremeCandidates.of(scored, articles, n=2), actors.MentionTallies.of(mentions, articles),
            actors.pair_counts(mentions), *(actors.actor_tone_sums(actors.sentence_tone_rows(mentions, scored), articles, value=value)
                                            for value in ("compound", "tone")))


def _folded(articles, scored, mentions, chunk_size, *, reverse=False):
    chunks = []
    for first in range(0, len(articles), chunk_size):
        chunk = articles.iloc[first : first + chunk_size]
        ids = set(chunk["doc_id"])
        chunks.append(_partials(chunk, scored[scored["doc_id"].isin(ids)], mentions[mentions["doc_id"].isin(ids)]))
    chunks = chunks[::-1] if reverse else chunks
    return _tables([combine_all(part[i] for part in chunks) for i in range(7)])


@pytest.mark.parametrize("chunk_size, reverse", [(1, False), (7, False), (7, True), (16, False)])
def test_every_table_is_the_same_for_any_chunking_and_order(chunk_size, reverse):
    articles, scored, mentions = _corpus()
    expected = {"by_source": analysis.sentiment_by_source(scored, articles, **BOOT),
                "over_time": analysis.sentiment_over_time(scored, articles, freq="M", **BOOT),
                "extremes": analysis.sentiment_extremes(scored, articles, n=2),
                "mentions": analysis.mention_counts(mentions, articles),
                "pairs_sentence": analysis.cooccurrence(mentions, unit="sentence"),
                "pairs_article": analysis.cooccurrence(mentions, unit="article"),
                "actor_tone": analysis.actor_sentiment(mentions, scored, articles, **BOOT)}
    got = _folded(articles, scored, mentions, chunk_size, reverse=reverse)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, obj=name, check_exact=True)
    pd.testing.assert_frame_equal(got["box"], _folded(articles, scored, mentions, len(articles))["box"], check_exact=True)
    assert set(got["by_source"]["source"]) == {"A", "B", "C", "(unknown source)"}


def test_the_same_articles_in_another_row_order_give_the_same_intervals():
    articles, scored, mentions = _corpus()
    shuffled = scored.sample(frac=1, random_state=9)
    pd.testing.assert_frame_equal(analysis.sentiment_by_source(shuffled, articles.iloc[::-1], **BOOT),
                                  analysis.sentiment_by_source(scored, articles, **BOOT), check_exact=True)


def test_an_article_sum_is_exact_whatever_the_order_of_its_values():
    rows = pd.DataFrame({"g": ["x"] * 6, "doc_id": ["a"] * 3 + ["b"] * 3, "v": [1e16, 1.0, -1e16, 0.1, 0.2, 0.3]})
    sums = ClusterSums.of(rows, "v", by=["g"]).table.set_index("doc_id")["sum"]
    assert sums["a"] == 1.0 and sums["b"] == 0.6  # plain left-to-right addition gives 0.0 and 0.6000000000000001
    flipped = ClusterSums.of(rows.iloc[::-1], "v", by=["g"]).table.set_index("doc_id")["sum"]
    assert flipped.to_dict() == sums.to_dict()


def test_partials_sharing_an_article_are_refused():
    rows = pd.DataFrame({"g": ["x", "x"], "doc_id": ["a", "a"], "v": [0.1, 0.2]})
    with pytest.raises(StatsError, match="split between chunks"):
        ClusterSums.of(rows.iloc[:1], "v", by=["g"]) + ClusterSums.of(rows.iloc[1:], "v", by=["g"])


def test_actor_tone_folds_any_value_per_row():
    articles, scored, mentions = _corpus()
    rows = actors.sentence_tone_rows(mentions, scored).assign(toward=lambda r: -r["compound"])
    flipped = actors.actor_tone_summary(actors.actor_tone_sums(rows, articles, value="toward"),
                                        actors.actor_tone_sums(rows, articles, value="tone"), **BOOT)
    tone = analysis.actor_sentiment(mentions, scored, articles, **BOOT)
    assert flipped["mean_compound"].tolist() == pytest.approx((-tone["mean_compound"]).tolist())
    assert flipped["n_sentences"].tolist() == tone["n_sentences"].tolist()


@pytest.mark.parametrize("seed, n, spread", [(0, 1, 0.3), (1, 2, 0.3), (2, 7, 0.5), (3, 40, 0.02), (4, 400, 0.4),
                                             (5, 3000, 0.6), (6, 11, 0.0)])
def test_box_statistics_from_counts_are_the_quartiles_and_tukey_whiskers_of_the_values(seed, n, spread):
    values = _scores(seed, n, spread)
    distinct, counts = np.unique(values, return_counts=True)
    box = sentiment.compound_box_stats(pd.DataFrame({"source": "S", "compound": distinct, "n_sentences": counts})).iloc[0]
    q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])  # numpy's default: linear between order statistics
    assert (box["q1"], box["median"], box["q3"]) == pytest.approx((q1, median, q3), abs=1e-12)
    inside = values[(values >= box["q1"] - 1.5 * (box["q3"] - box["q1"])) & (values <= box["q3"] + 1.5 * (box["q3"] - box["q1"]))]
    assert box["whisker_low"] == min(inside.min(), box["q1"]) and box["whisker_high"] == max(inside.max(), box["q3"])
    assert box["n_sentences"] == n


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
