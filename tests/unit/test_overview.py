"""Corpus overview: counts on inline tables checked by hand, and the seed corpus's furniture."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import viz  # noqa: E402
from analysis.core.schema import MISSING_SOURCE
from analysis.measures import overview  # noqa: E402
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
    by_period = overview.articles_by_period(articles.assign(published=pd.NaT))
    assert by_period.empty and list(by_period.columns) == ["source", "period", "n_articles", "n_inferred", "share_of_source"]
    assert viz.articles_by_period_caption(by_period, 4) == (
        "No article has a publication date, so none can be placed in time. 4 undated articles.")


def test_articles_by_period_counts_inferred_dates_and_each_source_share(articles):
    table = overview.articles_by_period(articles, freq="M").set_index(["source", "period"])
    january, february, march = pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01"])
    assert table.loc[("A", january)].tolist() == [1, 1, 0.5]  # a1 (inferred) of A's two dated articles
    assert table.loc[("A", february)].tolist() == [0, 0, 0.0]
    assert table.loc[("A", march)].tolist() == [1, 0, 0.5]
    assert table.loc[(MISSING_SOURCE, january), "share_of_source"] == 1.0
    assert "B" not in table.index.get_level_values("source")  # its only article is undated
    quarters = overview.articles_by_period(articles, freq="Q")
    assert quarters["period"].unique().tolist() == [january]


@pytest.mark.parametrize("dates, n_articles, freq", [
    (["2025-04-01", "2025-04-20"], 2, "W"),          # 20 days are more than 12 periods for 2 articles: weeks
    (["2025-04-01", "2025-04-10"], 2, "D"),          # 10 days
    (["2025-04-01", "2025-06-20"], 2, "W"),          # 12 weeks
    (["2025-04-04", "2025-12-02"], 5, "M"),          # the seeds: 9 months, not 35 mostly empty weeks
    (["2022-01-01", "2022-12-26"], 2000, "M"),       # about a year: months, not 52 weeks
    (["2019-05-04", "2022-12-26"], 2000, "Q"),       # the sample's whole span, 44 months (time_axis keeps its dense 14)
    (["2013-07-30", "2022-12-30"], 13028, "Y"),      # the shared corpus's whole span: what one 2013 date did to it
    (["1990-01-01", "2022-12-30"], 13028, "Y"),
    ([None, None], 2, "M"),                           # no date: any period will do
])
def test_auto_freq_fits_the_span_and_the_articles(dates, n_articles, freq):
    published = pd.Series(pd.to_datetime(dates + [dates[-1]] * (n_articles - len(dates))))
    assert overview.auto_freq(published) == freq


def test_published_range_marks_only_dates_no_article_states(articles):
    extra = pd.DataFrame({"doc_id": ["a3"], "source": pd.array(["A"], dtype="string"), "title": ["t5"],
                          "published": pd.to_datetime(["2025-03-02"]), "published_inferred": [True],
                          "text": ["v"], "n_words": [5], "path": ["a3.txt"]})
    table = overview.published_range(pd.concat([articles, extra], ignore_index=True)).set_index("source")
    a = table.loc["A"]
    assert (a["first_published"], a["first_inferred"]) == (pd.Timestamp("2025-01-15"), True)
    assert (a["last_published"], a["last_inferred"]) == (pd.Timestamp("2025-03-02"), False)  # a2 states that day
    assert "B" not in table.index


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
    assert viz.cleaning_caption(by_article) == (  # a tie is named as a tie
        "Cleaning removed 4 of 8 non-blank raw lines (50%) as page furniture; the most frequent rules are "
        "breadcrumb (2 lines in 2 articles) and navigation (2 lines in 1 article). Blank lines are not counted.")
    assert viz.cleaning_caption(by_article[by_article["rule"] != "navigation"]).endswith(
        "the most frequent rule is breadcrumb (2 lines in 2 articles). Blank lines are not counted.")
    assert viz.cleaning_caption(by_article[by_article["rule"] == "kept"]) == "Cleaning kept all 4 non-blank lines."


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


def _by_period(counts: dict[tuple[str, str], tuple[int, int]]) -> pd.DataFrame:
    """An articles_by_period table from ``{(source, month): (n_articles, n_inferred)}``."""
    rows = [(s, pd.Timestamp(m), n, i) for (s, m), (n, i) in counts.items()]
    table = pd.DataFrame(rows, columns=["source", "period", "n_articles", "n_inferred"])
    return table.assign(share_of_source=table["n_articles"] / table.groupby("source")["n_articles"].transform("sum"))


@pytest.mark.parametrize("counts, n_undated, caption", [
    ({("A", "2025-04-01"): (1, 0)}, 0,
     "Dated articles per month, April 2025 (1 month, 1 article); the busiest month: April 2025 (1 article). The cells "
     "below give each source's articles per month. Every date is stated in its article."),
    ({("A", "2025-04-01"): (2, 1), ("A", "2025-06-01"): (2, 0)}, 1,
     "Dated articles per month, April 2025 to June 2025 (2 months, 4 articles); the busiest month: April 2025 and June "
     "2025 (2 articles each). The cells below give each source's articles per month. 1 of 4 dates is inferred from the "
     "events described, not stated: hatched in charts, marked ~ in tables. 1 undated article is left out."),
    ({("A", "2025-04-01"): (1, 1)}, 2,
     "Dated articles per month, April 2025 (1 month, 1 article); the busiest month: April 2025 (1 article). The cells "
     "below give each source's articles per month. The only date is inferred from the events described, not stated: "
     "hatched in charts, marked ~ in tables. 2 undated articles are left out."),
])
def test_period_caption_names_ties_and_inferred_dates(counts, n_undated, caption):
    assert viz.articles_by_period_caption(_by_period(counts), n_undated, freq="M") == caption


def test_words_and_left_out_captions(articles):
    assert viz.words_per_article_caption(articles).startswith(
        "Words per article after cleaning over 4 articles: median 75, range 20–300. Boxes span the middle half")
    assert viz.words_per_article_caption(articles.head(0)) == "No article to count words in."
    skipped = pd.DataFrame({"path": ["x.bin"], "doc_id": [None], "reason": ["binary"]})
    assert viz.left_out_caption(skipped, overview.undated_articles(articles)) == (
        "1 file or article left out, each listed with its reason. "
        "1 article without a publication date: missing from the charts over time.")


def test_charts_are_titled_and_labelled(articles, cleaning):
    colors = source_colors(articles["source"])
    by_article = overview.cleaning_by_article(cleaning, articles)
    figures = [
        viz.plot_articles_by_source(overview.articles_by_source(articles), colors),
        viz.plot_articles_by_period(overview.articles_by_period(articles), colors),
        viz.plot_words_per_article(articles, colors),
        viz.plot_removed_share(overview.removed_share(by_article), colors),
        viz.plot_removed_by_rule(overview.removed_by_rule(by_article)),
    ]
    for fig in figures:
        ax = fig.axes[0]
        assert ax.get_title() or ax.get_title(loc="left")
        assert "(" in ax.get_xlabel() + ax.get_ylabel()  # a unit in an axis label
        plt.close(fig)
    words = viz.plot_words_per_article(articles, colors)  # longest median first, top to bottom
    assert [t.get_text() for t in words.axes[0].get_yticklabels()] == ["A (n=2)", "B (n=1)", f"{MISSING_SOURCE} (n=1)"]
    by_source = viz.plot_articles_by_source(overview.articles_by_source(articles), colors)
    hatched = [p for p in by_source.axes[0].patches if p.get_hatch() and p.get_width() > 0]
    assert len(hatched) == 1  # A's one inferred date
    plt.close("all")


# ------------------------------------------------------------ dense dates, outlet warnings, long articles


def _dated(dates: list[str], sources: list[str] | None = None) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "source": sources or ["A"] * n, "title": "t", "url": None,
                         "published": pd.to_datetime(dates), "published_inferred": False, "n_words": 500})


def test_one_outlying_date_is_left_out_of_the_time_axis_and_said():
    from analysis.measures.overview import time_axis

    war = [str(d.date()) for d in pd.date_range("2022-01-01", "2022-12-31", periods=300)]
    timeline = time_axis(_dated(["2013-07-30", *war]))
    assert timeline.span == (pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31"))
    assert timeline.outlying["doc_id"].tolist() == ["d0"] and timeline.freq == "M"  # months, not 4 quarters over 9 years
    assert "1 of 301 dated article is outlying (2013-07-30)" in timeline.note
    assert len(timeline.articles) == 300


def test_a_uniform_year_and_a_small_corpus_keep_every_date():
    from analysis.measures.overview import dense_span

    year = pd.Series(pd.date_range("2022-01-01", "2022-12-31", periods=500))
    assert dense_span(year) == (year.min(), year.max())  # the tails of a dense year are not outliers
    few = pd.Series(pd.to_datetime(["2013-01-01", "2022-01-01", "2022-02-01"]))
    assert dense_span(few) == (few.min(), few.max())  # too few dates to tell a tail from an outlier
    assert dense_span(pd.Series([pd.NaT, pd.NaT])) is None
    assert dense_span(year, share=1) == (year.min(), year.max())


def test_outlet_warnings_find_lead_paragraphs_flags_and_few_articles():
    from analysis.measures.overview import outlet_warnings

    articles = pd.DataFrame({"source": ["NYT"] * 4 + ["RT"] * 4 + ["Solo"],
                             "n_words": [45, 40, 50, 900, 800, 900, 700, 650, 600],
                             "text_type": ["lead_paragraph"] * 3 + ["full_text"] * 6,
                             "author_marked_offtopic": [0, 1, 0, 0, 1, 1, 0, 0, 0]})
    found = outlet_warnings(articles)
    assert list(zip(found["source"], found["warning"])) == [
        ("NYT", "short texts"), ("NYT", "text type"), ("NYT", "flagged"), ("RT", "flagged"), ("Solo", "few articles")]
    nyt = dict(zip(found["warning"], found["detail"]))
    assert "median 48 words" in nyt["short texts"] and "3 of its 4 texts are not whole articles" in nyt["text type"]
    assert '--where "author_marked_offtopic == 0"' in nyt["flagged"]


def test_one_very_long_article_is_clipped_to_the_edge_and_said():
    from analysis.viz.overview import length_limit, words_per_article_caption

    articles = _dated(["2022-01-01"] * 40, ["A"] * 20 + ["B"] * 20).assign(
        n_words=[400 + 10 * i for i in range(39)] + [21_738])
    limit = length_limit(articles)
    assert limit is not None and limit < 2000
    caption = words_per_article_caption(articles)
    assert "1 article longer (the longest 21,738 words, B) is clipped to the right edge" in caption
    assert length_limit(articles.iloc[:39]) is None
