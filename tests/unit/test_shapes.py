"""The shape matrix, fast half: every small corpus shape loads, says where its metadata came from, and gives the
tables its reports draw, empty with a reason where the shape allows nothing (the notebooks themselves run on every
shape in tests/integration/test_shapes.py)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import analysis
from analysis import viz
from analysis.core.schema import WHY_EMPTY
from analysis.engine.aggregates import aggregate, sentiment_over_time_table
from analysis.engine.pipeline import prepare
from analysis.io.furniture import furniture_by_source
from analysis.measures.overview import articles_by_source, metadata_origin_sentence
from analysis.measures.terms import term_frequencies, top_distinctive_terms, weighted_log_odds
from tests.shapes import SHAPES, SMALL

#: shape -> (articles, outlets as loaded, dated articles, inferred dates, words in the overview's origin sentence)
EXPECTED = {
    "one_article": (1, ["(unknown source)"], 1, 0, "name no outlet"),
    "one_outlet": (12, ["The Daily Record"], 12, 0, "come from the files themselves"),
    "no_manifest": (5, ["(unknown source)"], 1, 0, "5 of 5 articles name no outlet"),
    "no_dates": (12, ["Alpha News", "Beta Daily", "Gamma Wire"], 0, 0, "come from the files themselves"),
    "all_dates_inferred": (5, ["European news site (unidentified)", "Expert News", "Izvestia"], 5, 5, "from the manifest"),
    "outlet_folders": (9, ["Alpha News", "Beta Daily", "Gamma Wire"], 0, 0,
                       "the outlets are the names of the corpus's sub-folders (Alpha News, Beta Daily, Gamma Wire)"),
    "mixed_formats": (8, ["(unknown source)", "Delta Post", "Epsilon Wire", "Zeta Online"], 7, 0, "1 of 8 articles name no outlet"),
    "mixed_languages": (16, ["Alpha News", "Berliner Blatt", "Beta Daily", "Moskovsky Vestnik"], 16, 0,
                        "come from the files themselves"),
}


def test_every_small_shape_is_in_the_matrix():
    assert set(EXPECTED) == set(SMALL) and set(SMALL) < set(SHAPES)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Each small shape, built and loaded once."""
    root = tmp_path_factory.mktemp("shapes")
    corpora = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in SMALL:
            corpora[name] = analysis.read_corpus(SHAPES[name](root / name), progress=False, on_error="skip")
    return corpora


@pytest.mark.parametrize("shape", SMALL)
def test_a_shape_loads_with_what_its_files_say(loaded, shape):
    corpus = loaded[shape]
    articles = corpus.articles
    n, outlets, dated, inferred, origin = EXPECTED[shape]
    assert len(articles) == n and corpus.skipped.empty
    assert articles_by_source(articles)["source"].sort_values().tolist() == outlets
    assert (articles["published"].notna().sum(), articles["published_inferred"].sum()) == (dated, inferred)
    assert origin in metadata_origin_sentence(articles)


@pytest.mark.parametrize("shape", SMALL)
def test_the_overview_tables_of_a_shape(loaded, shape):
    corpus = loaded[shape]
    furniture = furniture_by_source(corpus.fragments, corpus.articles)
    assert furniture["share_of_chars"].between(0, 1).all()
    viz.furniture_caption(furniture, corpus.fragments.iloc[:0])


@pytest.mark.parametrize("shape", SMALL)
def test_distinctive_terms_of_a_shape_or_why_there_are_none(loaded, shape):
    articles = loaded[shape].articles
    articles = articles.loc[articles["language"] == "en"]
    distinctive = weighted_log_odds(term_frequencies(articles, min_count=1))
    caption = viz.distinctive_terms_caption(top_distinctive_terms(distinctive))
    if articles["source"].nunique(dropna=False) < 2:
        assert distinctive.empty and caption == distinctive.attrs[WHY_EMPTY] and "nothing to compare" in caption
    else:
        assert len(distinctive) and caption.startswith("Terms each source uses more than all the others")


def test_tone_over_time_of_an_undated_corpus_is_empty_and_says_so(loaded, tmp_path):
    articles = loaded["no_dates"].articles
    store = prepare(loaded["no_dates"], cache_dir=None, n_jobs=1, progress=False)
    over_time = sentiment_over_time_table(aggregate(store, articles), articles, freq="M", n_boot=10)
    assert over_time.empty and list(over_time.columns)[:3] == ["source", "period", "n_articles"]
    assert "No article has a date, so there is nothing to plot." in viz.tone_over_time_caption(over_time, articles, freq="M")


def test_tone_over_time_of_a_time_axis_keeps_only_its_articles(loaded):
    """The caption says outlying dates are left out of the axis: the tone table of the axis's articles has no period
    outside it, and equals the table of a store holding those articles only."""
    from analysis.measures.overview import time_axis

    one = loaded["one_outlet"].articles
    again = one.assign(doc_id=one["doc_id"] + "-b", text=one["text"] + " Talks resumed the next day.")
    articles = pd.concat([one, again], ignore_index=True)  # 24 dated articles: enough to tell an outlier
    articles.loc[0, "published"] = pd.Timestamp("2001-01-15")  # one dated decades before the rest
    store = prepare(articles, cache_dir=None, n_jobs=1, progress=False)
    axis = time_axis(store.articles, freq="M")
    assert len(axis.outlying) == 1 and axis.note
    folded = aggregate(store, store.articles)
    over_time = sentiment_over_time_table(folded, axis.articles, freq="M", n_boot=10)
    assert over_time["period"].min() >= axis.span[0] - pd.offsets.MonthBegin(1)
    assert over_time.equals(sentiment_over_time_table(aggregate(store, axis.articles), freq="M", n_boot=10))
    assert len(sentiment_over_time_table(folded, freq="M", n_boot=10)) == len(over_time) + 1
