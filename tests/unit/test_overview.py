"""Corpus overview: counts on inline tables checked by hand, and the seed corpus's furniture."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import overview, viz  # noqa: E402
from analysis.schema import MISSING_SOURCE
from analysis.viz import source_colors  # noqa: E402

from .test_corpus import SEED_FURNITURE, SEED_HEADLINES  # noqa: E402


@pytest.fixture
def articles():
    return pd.DataFrame({
        "doc_id": ["a1", "a2", "b1", "c1"],
        "source": pd.array(["A", "A", "B", None], dtype="string"),
        "title": ["t1", "t2", "t3", "t4"],
        "published": pd.to_datetime(["2025-01-15", "2025-03-02", None, "2025-01-31"]),
        "published_inferred": [True, False, False, False],
        "text": ["x", "y", "z", "w"],
        "n_words": [100, 300, 50, 20],
        "path": ["a1.txt", "a2.txt", "b1.txt", "c1.txt"],
    })


def test_articles_by_source(articles):
    table = overview.articles_by_source(articles)
    assert table["source"].tolist() == ["A", MISSING_SOURCE, "B"]  # most articles first, then by name
    assert table["n_articles"].tolist() == [2, 1, 1]
    assert table["n_words"].tolist() == [400, 20, 50]
    assert table["median_words"].tolist() == [200.0, 20.0, 50.0]
    assert table["n_undated"].tolist() == [0, 0, 1]
    assert table["n_inferred"].tolist() == [1, 0, 0]
    assert table.loc[0, "first_published"] == pd.Timestamp("2025-01-15")
    assert table.loc[0, "last_published"] == pd.Timestamp("2025-03-02")
    assert pd.isna(table.loc[2, "first_published"])


def test_articles_by_month_fills_empty_months_and_leaves_out_undated(articles):
    table = overview.articles_by_month(articles)
    months = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
    assert table["month"].unique().tolist() == months.tolist()
    counts = table.set_index(["source", "month"])["n_articles"]
    assert counts[("A", months[0])] == 1 and counts[("A", months[1])] == 0 and counts[("A", months[2])] == 1
    assert counts[(MISSING_SOURCE, months[0])] == 1
    assert "B" not in set(table["source"])  # its only article is undated
    assert table["n_articles"].sum() == 3


def test_articles_by_month_without_dates(articles):
    table = overview.articles_by_month(articles.assign(published=pd.NaT))
    assert table.empty and list(table.columns) == ["source", "month", "n_articles"]
    assert viz.articles_by_month_caption(table, 4).startswith("No article has a publication date; 4 undated articles")


def test_undated_and_provenance(articles):
    assert overview.undated_articles(articles)["doc_id"].tolist() == ["b1"]
    provenance = overview.provenance_table(articles)
    assert "text" not in provenance.columns and "n_words" not in provenance.columns
    assert provenance["title"].tolist() == ["t1", "t2", "t3", "t4"]


@pytest.fixture
def cleaning():
    rows = [  # path, line, rule
        ("a1.txt", "Home > World", "breadcrumb"),
        ("a1.txt", "", "blank"),
        ("a1.txt", "One two three four.", "kept"),
        ("a1.txt", "Five six.", "kept"),
        ("a2.txt", "Menu", "navigation"),
        ("a2.txt", "Search", "navigation"),
        ("a2.txt", "Home > Europe > Talks", "breadcrumb"),
        ("a2.txt", "Seven.", "kept"),
        ("b1.txt", "Eight nine.", "kept"),
        ("gone.txt", "Not in the corpus.", "kept"),
    ]
    return pd.DataFrame(rows, columns=["path", "line", "rule"]).assign(doc_id="x", kept=lambda t: t["rule"] == "kept")


def test_cleaning_by_article_counts_non_blank_lines_and_words(articles, cleaning):
    table = overview.cleaning_by_article(cleaning, articles)
    counts = table.set_index(["doc_id", "rule"])[["n_lines", "n_words"]]
    assert counts.loc[("a1", "breadcrumb")].tolist() == [1, 2]
    assert counts.loc[("a1", "kept")].tolist() == [2, 6]
    assert counts.loc[("a2", "navigation")].tolist() == [2, 2]
    assert counts.loc[("a2", "breadcrumb")].tolist() == [1, 3]
    assert "blank" not in set(table["rule"])
    assert set(table["doc_id"]) == {"a1", "a2", "b1"}  # gone.txt is not an article of the corpus


def test_removed_share_and_by_rule(articles, cleaning):
    by_article = overview.cleaning_by_article(cleaning, articles)
    share = overview.removed_share(by_article).set_index("doc_id")
    assert share.loc["a1", ["n_lines", "n_removed"]].tolist() == [3, 1]
    assert share.loc["a2", "share_removed"] == pytest.approx(3 / 4)
    assert share.loc["b1", "share_removed"] == 0
    by_rule = overview.removed_by_rule(by_article)
    assert by_rule.to_dict("records") == [
        {"rule": "breadcrumb", "n_lines": 2, "n_words": 5, "n_articles": 2},
        {"rule": "navigation", "n_lines": 2, "n_words": 2, "n_articles": 1},
    ]
    assert viz.cleaning_caption(by_article) == (
        "Cleaning removed 4 of 8 non-blank raw lines (50%) as page furniture; the most frequent rule is "
        "breadcrumb (2 lines in 2 articles). Blank lines are not counted.")


def test_seed_removals_match_the_furniture_read_by_hand(seed_corpus):
    by_article = overview.cleaning_by_article(seed_corpus.cleaning, seed_corpus.articles)
    removed = overview.removed_share(by_article).set_index("doc_id")["n_removed"]
    assert removed.to_dict() == {doc_id: len(lines) + (doc_id in SEED_HEADLINES) for doc_id, lines in SEED_FURNITURE.items()}


@pytest.mark.parametrize("counts, caption", [
    ({"A": 5, "B": 4}, "9 articles from 2 sources."),
    ({"A": 5, "B": 1}, "6 articles from 2 sources. 1 of them has fewer than 3 articles (B): figures for it "
                       "describe single articles, not the outlet's coverage."),
    ({"A": 1}, "1 article from 1 source. 1 of them has fewer than 3 articles (A): figures for it describe "
               "single articles, not the outlet's coverage."),
])
def test_sources_caption(counts, caption):
    table = pd.DataFrame({"source": list(counts), "n_articles": list(counts.values())})
    assert viz.articles_by_source_caption(table) == caption


@pytest.mark.parametrize("months, n_undated, caption", [
    (["2025-04-01"], 0, "Dated articles per calendar month, April 2025 (2 articles); every article is dated."),
    (["2025-04-01", "2025-06-01"], 1,
     "Dated articles per calendar month, April 2025 to June 2025 (4 articles); 1 undated article is not shown."),
])
def test_months_caption(months, n_undated, caption):
    table = pd.DataFrame({"source": "A", "month": pd.to_datetime(months), "n_articles": 2})
    assert viz.articles_by_month_caption(table, n_undated) == caption


def test_words_and_left_out_captions(articles):
    assert viz.words_per_article_caption(articles) == ("Words per article after cleaning over 4 articles: median 75, "
                                                "range 20–300. Each dot is one article.")
    skipped = pd.DataFrame({"path": ["x.bin"], "doc_id": [None], "reason": ["binary"]})
    assert viz.left_out_caption(skipped, overview.undated_articles(articles)) == (
        "1 file or article left out, each listed with its reason. "
        "1 article without a publication date: missing from the per-month chart.")


def test_charts_are_titled_and_labelled(articles, cleaning):
    colors = source_colors(articles["source"])
    by_article = overview.cleaning_by_article(cleaning, articles)
    figures = [
        viz.plot_articles_by_source(overview.articles_by_source(articles), colors),
        viz.plot_articles_by_month(overview.articles_by_month(articles), colors),
        viz.plot_words_per_article(articles, colors),
        viz.plot_removed_share(overview.removed_share(by_article), colors),
        viz.plot_removed_by_rule(overview.removed_by_rule(by_article)),
    ]
    for fig in figures:
        ax = fig.axes[0]
        assert ax.get_title() and "(" in ax.get_xlabel() + ax.get_ylabel()  # a unit in an axis label
        plt.close(fig)
    words = viz.plot_words_per_article(articles, colors)
    assert [t.get_text() for t in words.axes[0].get_yticklabels()] == ["B (n=1)", "A (n=2)", f"{MISSING_SOURCE} (n=1)"]
    plt.close(words)
