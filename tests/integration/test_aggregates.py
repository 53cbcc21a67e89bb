"""Report tables from aggregates folded chunk by chunk equal the tables computed from the whole per-sentence tables."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.core.config import RAW_DATA_DIR
from analysis.engine import aggregates as agg
from analysis.engine.pipeline import prepare

SAMPLE_ARTICLES = 400


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return prepare(RAW_DATA_DIR, cache_dir=tmp_path_factory.mktemp("cache"), progress=False)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, war_news_sample):
    articles = war_news_sample.articles.head(SAMPLE_ARTICLES).reset_index(drop=True)
    return prepare(articles, cache_dir=tmp_path_factory.mktemp("cache"), progress=False, chunk_size=50)


def _whole_and_folded(store, selection, chunk_size):
    articles = store.select(**selection)
    whole = store.collect().select(**selection)
    return articles, whole, agg.aggregate(store, articles, chunk_size=chunk_size)


def _report_tables(folded, articles):
    return {
        "by_source": agg.sentiment_by_source_table(folded, articles, n_boot=300, seed=3),
        "over_time": agg.sentiment_over_time_table(folded, articles, freq="M", n_boot=300, seed=3),
        "extremes": agg.sentiment_extremes_table(folded, articles),
        "mention_counts": agg.mention_counts_table(folded, articles),
        "pairs_sentence": agg.cooccurrence_table(folded, unit="sentence"),
        "pairs_article": agg.cooccurrence_table(folded, unit="article"),
        "actor_tone": agg.actor_tone_table(folded, n_boot=300, seed=3),
        "compound_counts": agg.compound_counts_table(folded),
        "article_tone": folded.article_tone.sort_values("doc_id", ignore_index=True),
    }


def _assert_same_reports(left, right, articles):
    right_tables = _report_tables(right, articles)
    for name, table in _report_tables(left, articles).items():
        pd.testing.assert_frame_equal(table, right_tables[name], obj=name, check_exact=True)


def _assert_tables_equal(articles, whole, folded):
    scored, mentions = whole.sentences, whole.mentions
    expected = {
        "by_source": analysis.sentiment_by_source(scored, articles, n_boot=300, seed=3),
        "over_time": analysis.sentiment_over_time(scored, articles, freq="M", n_boot=300, seed=3),
        "extremes": analysis.sentiment_extremes(scored, articles),
        "mention_counts": analysis.mention_counts(mentions, articles),
        "pairs_sentence": analysis.cooccurrence(mentions, unit="sentence"),
        "pairs_article": analysis.cooccurrence(mentions, unit="article"),
        "actor_tone": analysis.actor_sentiment(mentions, scored, articles, n_boot=300, seed=3),
    }
    got = _report_tables(folded, articles)
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, obj=name, check_exact=True)
    joined = analysis.join_articles(scored, articles)
    counts = joined.groupby(["source", "compound"]).size().rename("n_sentences").reset_index()
    pd.testing.assert_frame_equal(agg.compound_counts_table(folded), counts, obj="compound_counts")
    graph = analysis.cooccurrence_graph(expected["pairs_sentence"], mentions)
    folded_graph = agg.cooccurrence_graph_table(folded, got["pairs_sentence"])
    assert list(folded_graph.nodes(data=True)) == list(graph.nodes(data=True))
    assert sorted(folded_graph.edges(data=True)) == sorted(graph.edges(data=True))
    assert agg.n_sentences(folded) == len(scored)


@pytest.mark.parametrize("selection, chunk_size", [
    ({}, 1), ({}, 2), ({}, 500),
    ({"sources": ["Expert News"]}, 1),  # one source: sorted group ids, pandas' plain sums
    ({"sources": ["Expert News"]}, 500),
])
def test_seed_aggregates_equal_the_whole_table_functions(seed_store, selection, chunk_size):
    _assert_tables_equal(*_whole_and_folded(seed_store, selection, chunk_size))


@pytest.mark.slow
@pytest.mark.parametrize("selection, chunk_size", [
    ({}, 37),
    ({}, 1000),
    ({"dedupe": True}, 64),
    ({"start": "2022-03-01", "end": "2022-06-30"}, 50),
    ({"sources": ["CNN"]}, 30),
])
def test_sample_aggregates_equal_the_whole_table_functions(sample_store, selection, chunk_size):
    articles, whole, folded = _whole_and_folded(sample_store, selection, chunk_size)
    assert folded.article_tone["n_sentences"].sum() > 1_000 and articles["source"].nunique() >= 1
    _assert_tables_equal(articles, whole, folded)


@pytest.mark.slow
def test_dask_aggregates_equal_pandas_aggregates(sample_store):
    articles = sample_store.articles.head(120)
    pandas_result = agg.aggregate(sample_store, articles, chunk_size=40)
    _assert_same_reports(agg.aggregate(sample_store, articles, engine="dask", chunk_size=25, n_jobs=2), pandas_result, articles)


def test_dask_aggregates_equal_pandas_aggregates_on_the_seeds(seed_store):
    pandas_result = agg.aggregate(seed_store, chunk_size=2)
    _assert_same_reports(agg.aggregate(seed_store, engine="dask", chunk_size=1, n_jobs=2), pandas_result, seed_store.articles)


def test_an_empty_selection_is_refused(seed_store):
    with pytest.raises(analysis.AnalysisError, match="no article"):
        agg.aggregate(seed_store, seed_store.articles.iloc[:0])
