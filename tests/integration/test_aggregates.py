"""Report tables folded from the cache chunk by chunk, on either engine, equal the whole-table functions exactly."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.core.config import RAW_DATA_DIR
from analysis.engine import aggregates as agg
from analysis.engine.pipeline import prepare
from analysis.measures.sentiment import compound_box_stats, compound_counts

SAMPLE_ARTICLES = 400
BOOT = {"n_boot": 300, "seed": 3}


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    return prepare(RAW_DATA_DIR, cache_dir=tmp_path_factory.mktemp("cache"), progress=False)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory, war_news_sample):
    articles = war_news_sample.articles.head(SAMPLE_ARTICLES).reset_index(drop=True)
    return prepare(articles, cache_dir=tmp_path_factory.mktemp("cache"), progress=False, chunk_size=50)


def report_tables(folded: agg.Aggregates) -> dict[str, pd.DataFrame]:
    """Every table a report reads, from folded aggregates."""
    pairs = agg.cooccurrence_table(folded, unit="sentence")
    graph = agg.cooccurrence_graph_table(folded, pairs)
    return {
        "by_source": agg.sentiment_by_source_table(folded, **BOOT),
        "over_time": agg.sentiment_over_time_table(folded, freq="M", **BOOT),
        "extremes": agg.sentiment_extremes_table(folded),
        "compound_counts": agg.compound_counts_table(folded),
        "compound_box": agg.compound_box_table(folded),
        "mention_counts": agg.mention_counts_table(folded),
        "pairs_sentence": pairs,
        "pairs_article": agg.cooccurrence_table(folded, unit="article"),
        "graph_nodes": pd.DataFrame(list(graph.nodes(data="n_mentions")), columns=["actor", "n_mentions"]),
        "graph_edges": pd.DataFrame(sorted(graph.edges(data="weight")), columns=["a", "b", "weight"]),
        "actor_tone": agg.actor_tone_table(folded, **BOOT),
    }


def whole_tables(store, articles) -> dict[str, pd.DataFrame]:
    """The same tables from the whole per-sentence tables, by the whole-table functions."""
    whole = store.collect().select()
    scored, mentions = whole.sentences[whole.sentences["doc_id"].isin(articles["doc_id"])], whole.mentions
    mentions = mentions[mentions["doc_id"].isin(articles["doc_id"])]
    pairs = analysis.cooccurrence(mentions, unit="sentence")
    graph = analysis.cooccurrence_graph(pairs, mentions)
    counts = compound_counts(scored, articles).table
    return {
        "by_source": analysis.sentiment_by_source(scored, articles, **BOOT),
        "over_time": analysis.sentiment_over_time(scored, articles, freq="M", **BOOT),
        "extremes": analysis.sentiment_extremes(scored, articles),
        "compound_counts": counts,
        "compound_box": compound_box_stats(counts),
        "mention_counts": analysis.mention_counts(mentions, articles),
        "pairs_sentence": pairs,
        "pairs_article": analysis.cooccurrence(mentions, unit="article"),
        "graph_nodes": pd.DataFrame(list(graph.nodes(data="n_mentions")), columns=["actor", "n_mentions"]),
        "graph_edges": pd.DataFrame(sorted(graph.edges(data="weight")), columns=["a", "b", "weight"]),
        "actor_tone": analysis.actor_sentiment(mentions, scored, articles, **BOOT),
    }


def assert_same_tables(got: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    assert got.keys() == expected.keys()
    for name, table in expected.items():
        pd.testing.assert_frame_equal(got[name], table, obj=name, check_exact=True)


@pytest.mark.parametrize("selection", [{}, {"sources": ["Expert News"]}])
def test_seed_tables_are_the_same_for_chunks_of_1_7_and_all(seed_store, selection):
    articles = seed_store.select(**selection)
    expected = whole_tables(seed_store, articles)
    for chunk_size in (1, 7, len(articles)):
        assert_same_tables(report_tables(agg.aggregate(seed_store, articles, chunk_size=chunk_size)), expected)


def test_seed_tables_are_the_same_on_dask(seed_store):
    expected = report_tables(agg.aggregate(seed_store, chunk_size=2))
    assert_same_tables(report_tables(agg.aggregate(seed_store, engine="dask", chunk_size=1, n_jobs=2)), expected)


@pytest.mark.slow
@pytest.mark.parametrize("selection", [{}, {"dedupe": True}, {"start": "2022-03-01", "end": "2022-06-30"}, {"sources": ["CNN"]}])
def test_sample_tables_are_the_same_for_chunks_of_7_64_and_all(sample_store, selection):
    articles = sample_store.select(**selection)
    expected = whole_tables(sample_store, articles)
    assert expected["by_source"]["n_sentences"].sum() > 1_000
    for chunk_size in (7, 64, len(articles)):  # chunks of 1 on inline data: tests/unit/test_folds.py
        assert_same_tables(report_tables(agg.aggregate(sample_store, articles, chunk_size=chunk_size)), expected)


@pytest.mark.slow
def test_sample_tables_are_the_same_on_dask(sample_store):
    articles = sample_store.articles.head(120)
    expected = report_tables(agg.aggregate(sample_store, articles, chunk_size=40))
    assert_same_tables(report_tables(agg.aggregate(sample_store, articles, engine="dask", chunk_size=25, n_jobs=2)), expected)


def test_an_empty_selection_is_refused(seed_store):
    with pytest.raises(analysis.AnalysisError, match="no article"):
        agg.aggregate(seed_store, seed_store.articles.iloc[:0])


def test_a_report_reads_the_stages_it_needs_chunk_by_chunk(tmp_path):
    from analysis.measures.terms import keep_acronyms
    from analysis.reports import open_report

    report = open_report("who_is_quoted", corpus_path=RAW_DATA_DIR, cache_dir=tmp_path / "cache", output_dir=tmp_path / "out")
    whole = report.tables
    pd.testing.assert_frame_equal(report.sentence_tokens(), keep_acronyms(whole.sentence_tokens, whole.sentences))
    tables = report.quotation_tables()
    pd.testing.assert_frame_equal(tables["quotes"], whole.quotes)
    pd.testing.assert_frame_equal(tables["mentions"], whole.mentions)
    pd.testing.assert_frame_equal(tables["sentences"], analysis.mentioned_sentences(whole.sentences, whole.mentions))
    assert len(tables["sentences"]) < len(whole.sentences)
