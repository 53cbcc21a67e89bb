"""Sentence sentiment: VADER scores as the library gives them, honest aggregates, captions and charts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analysis
from analysis import SentimentError, score_sentences, split_sentences, viz
from analysis.core import parallel
from analysis.measures.stats import bootstrap_mean_ci
from analysis.text.vader import VaderScorer
from tests.conftest import VADER_NYT, shared_file

VADER = SentimentIntensityAnalyzer()


def _articles(*rows: tuple) -> pd.DataFrame:
    """Articles from ``(doc_id, source, published, inferred, text)`` rows, as load_corpus would give them."""
    table = pd.DataFrame(rows, columns=["doc_id", "source", "published", "published_inferred", "text"])
    table["title"] = "Title of " + table["doc_id"]
    table["published"] = pd.to_datetime(table["published"])
    table["translated_from"] = pd.array([None] * len(table), dtype="string")
    return table.astype({"doc_id": "string", "source": "string", "text": "string", "title": "string"})


# Source A: three articles; B: one article; C: only sentences without sentiment words.
ARTICLES = _articles(
    ("a1", "A", "2025-04-02", False, "The deal is good. The attack killed ten people."),
    ("a2", "A", "2025-04-06", True, "Peace is wonderful. It was a disaster. It is okay."),
    ("a3", "A", "2025-04-09", False, "He smiled."),
    ("b1", "B", None, False, "The deal is not good. A fair outcome."),
    ("c1", "C", "2025-04-03", False, "The talks resumed on Monday. Officials met in Riyadh."),
)


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    return score_sentences(split_sentences(ARTICLES), progress=False)


def _vader(text: str) -> dict[str, float]:
    return VADER.polarity_scores(text)


# ----------------------------------------------------------------------- scoring


def test_scores_equal_vader_on_the_text_as_written(scored):
    sentences = split_sentences(ARTICLES)
    assert scored.columns.tolist() == [*sentences.columns, "neg", "neu", "pos", "compound", "label"]
    pd.testing.assert_frame_equal(scored[sentences.columns], sentences)
    for row in scored.itertuples():
        expected = _vader(row.text)
        assert (row.neg, row.neu, row.pos, row.compound) == (expected["neg"], expected["neu"], expected["pos"], expected["compound"])


def test_capitals_punctuation_but_and_negation_reach_vader():
    texts = ["The deal is good.", "The deal is GOOD!!!", "The deal is not good.", "The deal is good, but the war is terrible."]
    sentences = pd.DataFrame({"doc_id": ["d"] * 4, "sentence_id": range(4), "text": texts})
    compound = score_sentences(sentences, progress=False)["compound"].tolist()
    assert compound[1] > compound[0] > 0 > compound[2]
    assert compound[3] < 0
    assert compound == [_vader(t)["compound"] for t in texts]


@pytest.mark.parametrize(
    "text, positive, negative, label",
    [
        ("The deal is good.", 0.05, -0.05, "positive"),  # compound 0.4404
        ("The deal is good.", 0.4404, -0.05, "positive"),  # at the threshold counts
        ("The deal is good.", 0.4405, -0.05, "neutral"),
        ("The deal is not good.", 0.05, -0.05, "negative"),  # compound -0.3412
        ("The deal is not good.", 0.05, -0.3412, "negative"),
        ("The deal is not good.", 0.05, -0.35, "neutral"),
        ("The talks resumed on Monday.", 0.05, -0.05, "neutral"),  # compound 0
        ("The talks resumed on Monday.", 0.0, -0.05, "positive"),
    ],
)
def test_label_thresholds(text, positive, negative, label):
    sentences = pd.DataFrame({"doc_id": ["d"], "sentence_id": [0], "text": [text]})
    assert score_sentences(sentences, positive=positive, negative=negative, progress=False)["label"].tolist() == [label]


def test_each_distinct_sentence_is_scored_once(monkeypatch):
    calls: list[str] = []
    original = VaderScorer.score_texts

    def counting(self, texts):
        calls.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(VaderScorer, "score_texts", counting)
    texts = ["Wire copy is copied.", "Wire copy is copied.", "Its own line.", "Wire copy is copied."]
    sentences = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "sentence_id": [0, 0, 0, 0], "text": texts})
    scored = score_sentences(sentences, n_jobs=1, progress=False)
    assert sorted(calls) == ["Its own line.", "Wire copy is copied."]
    assert scored["compound"].tolist() == [_vader(t)["compound"] for t in texts]


def test_processes_give_the_same_table_as_one_process(monkeypatch, seed_articles):
    started: list[int] = []

    class RecordingPool(parallel.ProcessPoolExecutor):
        def __init__(self, max_workers):
            started.append(max_workers)
            super().__init__(max_workers=max_workers)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", RecordingPool)
    sentences = split_sentences(seed_articles)
    one = score_sentences(sentences, n_jobs=1, progress=False)
    assert started == []
    many = score_sentences(sentences, n_jobs=2, min_parallel=1, chunk_size=17, progress=False)
    assert started == [2]
    pd.testing.assert_frame_equal(one, many)


def test_small_inputs_stay_in_process(monkeypatch, seed_articles):
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None)  # any use would fail
    scored = score_sentences(split_sentences(seed_articles), n_jobs=2, progress=False)
    assert len(scored) > 100


def test_no_sentences_gives_an_empty_scored_table():
    empty = split_sentences(ARTICLES.iloc[:0])
    scored = score_sentences(empty, progress=False)
    assert scored.empty
    assert scored.columns.tolist()[-5:] == ["neg", "neu", "pos", "compound", "label"]


def test_input_is_not_modified(scored):
    sentences = split_sentences(ARTICLES)
    before = sentences.copy()
    score_sentences(sentences, progress=False)
    pd.testing.assert_frame_equal(sentences, before)


@pytest.mark.parametrize(
    "sentences, options, message",
    [
        (pd.DataFrame({"doc_id": ["d"], "sentence": ["x"]}), {}, r"no column\(s\) \['text'\]"),
        (pd.DataFrame({"doc_id": ["d", "e"], "sentence_id": [0, 3], "text": ["Fine.", None]}), {}, r"e#3"),
        (pd.DataFrame({"text": ["Fine."]}), {"positive": -0.1, "negative": 0.1}, "negative < positive"),
        (pd.DataFrame({"text": ["Fine."]}), {"n_jobs": 0}, "n_jobs=0"),
    ],
)
def test_bad_input_is_a_clear_error(sentences, options, message):
    with pytest.raises(SentimentError, match=message):
        score_sentences(sentences, progress=False, **options)


# -------------------------------------------------------------------- aggregates


def _compounds(*texts: str) -> list[float]:
    return [_vader(t)["compound"] for t in texts]


def test_by_source_counts_means_and_shares_by_hand(scored):
    table = analysis.sentiment_by_source(scored, ARTICLES)
    assert table.columns.tolist() == ["source", "n_articles", "n_sentences", "mean_compound", "ci_low", "ci_high",
                                      "share_positive", "share_neutral", "share_negative", "small_n"]
    a, b, c = (table.set_index("source").loc[s] for s in "ABC")
    a_values = _compounds("The deal is good.", "The attack killed ten people.", "Peace is wonderful.",
                          "It was a disaster.", "It is okay.", "He smiled.")
    assert (a["n_articles"], a["n_sentences"]) == (3, 6)
    assert a["mean_compound"] == pytest.approx(np.mean(a_values))
    assert (a["share_positive"], a["share_neutral"], a["share_negative"]) == pytest.approx((4 / 6, 0, 2 / 6))
    assert a["ci_low"] <= a["mean_compound"] <= a["ci_high"]
    assert not a["small_n"]


def test_a_source_with_one_article_is_small_n_without_an_interval(scored):
    b = analysis.sentiment_by_source(scored, ARTICLES).set_index("source").loc["B"]
    assert (b["n_articles"], b["n_sentences"]) == (1, 2)
    assert b["mean_compound"] == pytest.approx(np.mean(_compounds("The deal is not good.", "A fair outcome.")))
    assert b["small_n"]
    assert np.isnan(b["ci_low"]) and np.isnan(b["ci_high"])


def test_an_all_neutral_source(scored):
    c = analysis.sentiment_by_source(scored, ARTICLES).set_index("source").loc["C"]
    assert c["mean_compound"] == 0
    assert (c["share_positive"], c["share_neutral"], c["share_negative"]) == (0, 1, 0)
    assert c["small_n"]


def test_small_n_threshold_is_a_parameter(scored):
    table = analysis.sentiment_by_source(scored, ARTICLES, min_articles=1)
    assert not table["small_n"].any()


def test_bootstrap_is_deterministic_under_a_seed(scored):
    first = analysis.sentiment_by_source(scored, ARTICLES, seed=11, n_boot=500)
    pd.testing.assert_frame_equal(first, analysis.sentiment_by_source(scored, ARTICLES, seed=11, n_boot=500))


def test_the_interval_resamples_articles_not_sentences(scored):
    a = scored[scored["doc_id"].str.startswith("a")].merge(ARTICLES[["doc_id", "source"]], on="doc_id")
    expected = bootstrap_mean_ci(a["compound"], a["doc_id"], n_boot=700, seed=4)
    row = analysis.sentiment_by_source(scored, ARTICLES, n_boot=700, seed=4).set_index("source").loc["A"]
    assert (row["mean_compound"], row["ci_low"], row["ci_high"]) == pytest.approx(expected)


def test_missing_source_is_kept_as_unknown():
    articles = _articles(("x", None, "2025-01-01", False, "Peace is wonderful."))
    table = analysis.sentiment_by_source(score_sentences(split_sentences(articles), progress=False), articles)
    assert table["source"].tolist() == ["(unknown source)"]


def test_by_article(scored):
    table = analysis.sentiment_by_article(scored, ARTICLES)
    assert table["doc_id"].tolist() == ["a1", "a2", "a3", "b1", "c1"]
    assert table["n_sentences"].tolist() == [2, 3, 1, 2, 2]
    assert table["n_articles"].tolist() == [1] * 5
    a2 = table.set_index("doc_id").loc["a2"]
    assert a2["mean_compound"] == pytest.approx(np.mean(_compounds("Peace is wonderful.", "It was a disaster.", "It is okay.")))
    assert a2["source"] == "A" and bool(a2["published_inferred"])
    assert np.isnan(table.set_index("doc_id").loc["a3", "ci_low"])  # one sentence: nothing to resample


def test_over_time_leaves_out_undated_articles_and_counts_inferred_dates(scored):
    table = analysis.sentiment_over_time(scored, ARTICLES, freq="W")
    # 2025-04-02 (Wed) and 2025-04-06 (Sun) fall in the week of Monday 2025-03-31; 04-09 in the next.
    assert list(zip(table["source"], table["period"].dt.strftime("%Y-%m-%d"), table["n_articles"], table["n_inferred"])) == [
        ("A", "2025-03-31", 2, 1),
        ("A", "2025-04-07", 1, 0),
        ("C", "2025-03-31", 1, 0),
    ]
    assert "B" not in set(table["source"])
    assert table["small_n"].all()
    caption = viz.tone_over_time_caption(table, ARTICLES, freq="W")
    assert "1 undated article is left out" in caption
    assert "1 of 4 dates is inferred" in caption and "a ~ marks each week that includes one" in caption
    assert "3 of the 3 points rest on fewer than 3 articles" in caption
    assert "Each point is labelled with its number of articles." in caption


def test_over_time_by_month(scored):
    table = analysis.sentiment_over_time(scored, ARTICLES, freq="M")
    assert table.loc[table["source"] == "A", "n_articles"].tolist() == [3]
    assert table["period"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2025-04-01"]


def test_over_time_with_no_dated_article():
    articles = _articles(("u", "U", None, False, "Peace is wonderful."))
    scored = score_sentences(split_sentences(articles), progress=False)
    table = analysis.sentiment_over_time(scored, articles)
    assert table.empty
    assert "nothing to plot" in viz.tone_over_time_caption(table, articles)


def test_over_time_rejects_an_unknown_frequency(scored):
    with pytest.raises(SentimentError, match="freq='fortnight'"):
        analysis.sentiment_over_time(scored, ARTICLES, freq="fortnight")


def test_extremes(scored):
    extremes = analysis.sentiment_extremes(scored, ARTICLES, n=2)
    a = extremes[extremes["source"] == "A"]
    positive = sorted(_compounds("The deal is good.", "Peace is wonderful.", "It is okay.", "He smiled."), reverse=True)
    assert a.loc[a["polarity"] == "most positive", "compound"].tolist() == positive[:2]
    assert a.loc[a["polarity"] == "most negative", "text"].tolist() == ["The attack killed ten people.", "It was a disaster."]
    assert a["rank"].tolist() == [1, 2, 1, 2]
    assert a["title"].tolist()[0] == "Title of a2"
    assert "C" not in set(extremes["source"])  # nothing positive or negative to show


def test_extremes_list_a_repeated_sentence_once():
    articles = _articles(("w1", "W", "2025-01-01", False, "Peace is wonderful."),
                         ("w2", "W", "2025-01-02", False, "Peace is wonderful. He smiled."))
    extremes = analysis.sentiment_extremes(score_sentences(split_sentences(articles), progress=False), articles)
    assert extremes["text"].tolist() == ["Peace is wonderful.", "He smiled."]
    assert extremes["doc_id"].tolist() == ["w1", "w2"]


@pytest.mark.parametrize(
    "articles, message",
    [
        (ARTICLES[ARTICLES["doc_id"] != "b1"], r"not in the articles table \(first: \['b1'\]\)"),
        (pd.concat([ARTICLES, ARTICLES.iloc[[0]]]), "more than once"),
        (ARTICLES.drop(columns="published"), r"no column\(s\) \['published'\]"),
    ],
)
def test_join_problems_are_clear_errors(scored, articles, message):
    with pytest.raises(SentimentError, match=message):
        analysis.sentiment_by_source(scored, articles)


# ---------------------------------------------------------------------- captions


def test_captions_state_sample_small_n_and_caveats(scored):
    articles = ARTICLES.assign(translated_from=pd.array(["ru", None, None, None, None], dtype="string"))
    by_source = analysis.sentiment_by_source(scored, articles)
    caption = viz.mean_by_source_caption(by_source, n_boot=2000)
    assert "5 articles and 10 sentences from 3 sources" in caption
    assert "Small n: B (1 article), C (1 article)" in caption
    assert "one article has no interval" in caption
    assert "2,000 bootstrap resamples of whole articles" in caption
    assert "general-purpose lexicon" not in caption  # said once, in the report's methods note
    methods = viz.sentiment_caveats(articles)
    assert "general-purpose lexicon" in methods and "1 article of 5 (A) is a machine translation (from ru)" in methods
    shares = viz.label_shares_caption(by_source, positive=0.1, negative=-0.2)
    assert "≥ +0.10" in shares and "≤ −0.20" in shares
    sentences = analysis.join_articles(scored, articles)
    zero = f"{(scored['compound'] == 0).mean():.0%} of the 10 sentences score exactly 0"
    assert zero in viz.compound_distribution_caption(sentences)
    assert "The 3 most positive" in viz.extremes_caption(analysis.sentiment_extremes(scored, articles))


def test_caveats_without_translations_do_not_mention_them():
    assert "translation" not in viz.sentiment_caveats(ARTICLES)


# ------------------------------------------------------------------------ charts


def test_charts_show_n_small_n_and_inferred_dates(scored):
    colors = viz.source_colors(ARTICLES["source"])
    by_source = analysis.sentiment_by_source(scored, ARTICLES)
    mean = viz.plot_mean_by_source(by_source, colors)
    labels = [t.get_text().split(" (")[0] for t in mean.axes[0].get_yticklabels()][::-1]  # top to bottom
    assert labels == by_source.sort_values("mean_compound", ascending=False)["source"].tolist()
    assert "A (n=3)" in [t.get_text() for t in mean.axes[0].get_yticklabels()]
    assert "B (n=1)\nsmall n" in [t.get_text() for t in mean.axes[0].get_yticklabels()]
    assert mean.axes[0].get_title() and mean.axes[0].get_xlabel()
    distribution = viz.plot_compound_distribution(analysis.join_articles(scored, ARTICLES), by_source, colors)
    assert "sentences=6" in distribution.axes[0].get_yticklabels()[-1].get_text()
    shares = viz.plot_label_shares(by_source)
    assert "%" in shares.axes[0].get_xlabel()
    pages = viz.plot_tone_over_time(analysis.sentiment_over_time(scored, ARTICLES), colors, freq="W")
    assert len(pages) == 1
    marks = [x for ax in pages[0].axes for line in ax.lines if line.get_marker() == r"$\sim$" for x in line.get_xdata()]
    assert len(marks) == 1  # A's week that includes an inferred date, marked with a ~ above its point
    hollow = [line for ax in pages[0].axes for line in ax.get_lines() if line.get_markerfacecolor() == "white"]
    assert sum(len(line.get_xdata()) for line in hollow) == 3  # every point rests on fewer than 3 articles
    joined = [line for ax in pages[0].axes for line in ax.get_lines() if line.get_marker() in ("None", None, "")
              and len(set(line.get_ydata())) > 1]  # a line through points (the zero line is flat)
    assert not joined  # small-n points are never joined
    matplotlib.pyplot.close("all")


# ------------------------------------------------------------- shared validation


def _nyt_snippets() -> tuple[list[str], np.ndarray]:
    lines = shared_file(VADER_NYT).read_bytes().decode("utf-8").split("\r\n")  # CRLF, kept as is
    rows = [line.split("\t", 2) for line in lines if line]
    return [text for _, _, text in rows], np.array([float(rating) for _, rating, _ in rows])


@pytest.mark.slow
def test_nyt_editorial_snippets_match_vader_and_human_ratings():
    texts, ratings = _nyt_snippets()
    assert len(texts) == 5190
    sentences = pd.DataFrame({"doc_id": [f"s{i}" for i in range(len(texts))], "sentence_id": 0, "text": texts})
    scored = score_sentences(sentences, progress=False)
    direct = np.array([_vader(t)["compound"] for t in texts])
    np.testing.assert_array_equal(scored["compound"].to_numpy(), direct)
    ours = np.corrcoef(scored["compound"], ratings)[0, 1]
    theirs = np.corrcoef(direct, ratings)[0, 1]
    print(f"Pearson r with human ratings: score_sentences {ours:.4f}, vaderSentiment {theirs:.4f}")
    assert ours == theirs
    assert 0.45 < ours < 0.55


@pytest.mark.slow
def test_war_news_sentences_in_processes_equal_a_plain_vader_loop(war_news_sample):
    articles = war_news_sample.articles.head(800)
    sentences = split_sentences(articles)
    scored = score_sentences(sentences, n_jobs=2, progress=False)
    direct = [_vader(t)["compound"] for t in sentences["text"]]
    assert len(scored) > 5000  # large enough for the process pool
    np.testing.assert_array_equal(scored["compound"].to_numpy(), np.array(direct))


@pytest.mark.parametrize("months", [7, 13, 17, 23, 30])
def test_charts_over_time_label_at_least_two_dates_on_any_span(months):
    """A span of 13 to 23 months once got one tick (2022-01-01), written "00:00" with an offset "2022-Jan-01 00:00"."""
    periods = pd.date_range("2021-08-01", periods=months, freq="MS")
    over_time = pd.DataFrame([(s, p, 5, -0.1, -0.2, 0.0, False, 0) for s in ("A", "B", "C", "D", "E", "F") for p in periods],
                             columns=["source", "period", "n_articles", "mean_compound", "ci_low", "ci_high", "small_n",
                                      "n_inferred"])
    fig = viz.plot_tone_over_time(over_time, viz.source_colors(over_time["source"]), freq="M")[0]
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
    assert len(labels) >= 2 and not any(":" in label for label in labels), labels
    assert ":" not in fig.axes[-1].xaxis.get_offset_text().get_text()


def test_the_tone_charts_of_one_source_keep_their_legend_clear_of_the_axis_label():
    """One outlet's archive: the legend, once placed by a guess of the axes' height, sat on the x-axis label."""
    from analysis.reports.audit import overlapping_texts
    from analysis.viz.style import report_style, text_boxes

    by_source = pd.DataFrame({"source": ["The Daily Record"], "n_articles": [12], "n_sentences": [200], "mean_compound": [-0.03],
                              "ci_low": [-0.13], "ci_high": [0.07], "share_positive": [0.3], "share_neutral": [0.3],
                              "share_negative": [0.4], "small_n": [False]})
    sentences = pd.DataFrame({"source": "The Daily Record", "compound": np.linspace(-0.9, 0.9, 200)})
    colors = viz.source_colors(by_source["source"])
    for fig in (viz.plot_mean_by_source(by_source, colors), viz.plot_compound_distribution(sentences, by_source, colors),
                viz.plot_label_shares(by_source)):
        with report_style():
            assert overlapping_texts(text_boxes(fig)) == [], fig.axes[0].get_title()
