"""Every public function returns its table as the schema declares it: the columns in order, each of its declared type."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.core.config import RAW_DATA_DIR
from analysis.core.errors import SchemaError
from analysis.core.schema import GROUP, TABLES, describe, dtypes, typed
from analysis.engine import aggregates as agg
from analysis.engine.pipeline import prepare


@pytest.fixture(scope="module")
def seeds():
    store = prepare(RAW_DATA_DIR, cache_dir=None, n_jobs=1, progress=False)
    return store, store.collect()


def _calls(store, a):
    """Each public table function called on the analysed seeds: name → (table, group column, output)."""
    frequencies = analysis.term_frequencies(a.articles, ngram=(1, 2))
    folded = agg.aggregate(store)
    return {
        "load_corpus": ("articles", None, analysis.load_corpus(RAW_DATA_DIR, progress=False)),
        "split_sentences": ("sentences", None, analysis.split_sentences(a.articles)),
        "tokens_table": ("tokens", None, analysis.tokens_table(analysis.split_sentences(a.articles))),
        "score_sentences": ("scored_sentences", None, analysis.score_sentences(analysis.split_sentences(a.articles), progress=False)),
        "sentiment_by_article": ("sentiment_by_article", None, analysis.sentiment_by_article(a.sentences, a.articles, n_boot=50)),
        "sentiment_by_source": ("sentiment_by_source", None, analysis.sentiment_by_source(a.sentences, a.articles, n_boot=50)),
        "sentiment_extremes": ("sentiment_extremes", None, analysis.sentiment_extremes(a.sentences, a.articles)),
        "sentiment_over_time": ("sentiment_over_time", None, analysis.sentiment_over_time(a.sentences, a.articles, n_boot=50)),
        "collocations": ("collocations", "source", analysis.collocations(a.articles, min_count=1)),
        "distinctive_terms": ("distinctive_terms", "source", analysis.distinctive_terms(a.articles, min_count=1)),
        "framing_markers": ("framing_markers", "source", analysis.framing_markers(a.articles)),
        "kwic": ("kwic", "source", analysis.kwic(a.articles, "Kyiv")),
        "term_frequencies": ("term_frequencies", "source", frequencies),
        "weighted_log_odds": ("distinctive_terms", "source", analysis.weighted_log_odds(frequencies)),
        "actor_sentiment": ("actor_tone", "source", analysis.actor_sentiment(a.mentions, a.sentences, a.articles, n_boot=50)),
        "candidate_actors": ("candidates", None, analysis.candidate_actors(a.articles, progress=False)),
        "cooccurrence": ("cooccurrence", None, analysis.cooccurrence(a.mentions)),
        "find_mentions": ("mentions", None, analysis.find_mentions(a.articles, progress=False)),
        "load_actors": ("actors", None, analysis.load_actors()),
        "mention_counts": ("mention_counts", "source", analysis.mention_counts(a.mentions, a.articles)),
        "find_quotes": ("quotes", None, analysis.find_quotes(a.articles, progress=False)),
        "quote_counts": ("quote_counts_by_actor", "source", analysis.quote_counts(a.quotes, a.articles)),
        "quote_tone": ("quote_tone", "source", analysis.quote_tone(a.quotes, a.mentions, a.sentences, a.articles, n_boot=50)),
        "longest_quotes": ("longest_quotes", "source", analysis.longest_quotes(a.quotes, a.articles)),
        # the report tables folded from a store
        "sentiment_by_source_table": ("sentiment_by_source", None, agg.sentiment_by_source_table(folded, n_boot=50)),
        "sentiment_over_time_table": ("sentiment_over_time", None, agg.sentiment_over_time_table(folded, n_boot=50)),
        "sentiment_extremes_table": ("sentiment_extremes", None, agg.sentiment_extremes_table(folded)),
        "compound_box_table": ("compound_box", None, agg.compound_box_table(folded)),
        "mention_counts_table": ("mention_counts", "source", agg.mention_counts_table(folded)),
        "cooccurrence_table": ("cooccurrence", None, agg.cooccurrence_table(folded)),
        "actor_tone_table": ("actor_tone", "source", agg.actor_tone_table(folded, n_boot=50)),
    }


def _assert_declared(frame: pd.DataFrame, table: str, group: str | None, name: str) -> None:
    declared = dtypes(table, group=group)
    assert list(frame.columns[: len(declared)]) == list(declared), name
    for column, dtype in declared.items():
        actual = frame[column].dtype
        ok = isinstance(actual, pd.StringDtype) if dtype == "string" else str(actual) == dtype
        assert ok, f"{name}: column {column!r} is {actual}, declared {dtype}"


def test_every_public_table_function_returns_its_declared_columns_and_types(seeds):
    store, analysed = seeds
    calls = _calls(store, analysed)
    declared = {name for name in analysis.__all__ if getattr(getattr(analysis, name), "__table__", None)}
    assert declared <= set(calls), f"add these public functions to the schema test: {sorted(declared - set(calls))}"
    for name, (table, group, frame) in calls.items():
        assert GROUP not in TABLES[table].columns or group is not None, name
        _assert_declared(frame, table, group, name)


def test_a_field_can_mean_something_else_in_one_table():
    assert "short name of the actor" in describe("actors")
    assert "at the compound cut-offs" in describe("scored_sentences")


def test_tables_are_typed_at_the_door_once():
    sentences = pd.DataFrame({"doc_id": [1, 2], "sentence_id": ["0", "1"], "text": ["Good.", "Bad."], "start": [0, 0],
                              "end": [5, 4]})
    door = typed(sentences, "sentences")
    assert isinstance(door["doc_id"].dtype, pd.StringDtype) and door["sentence_id"].dtype == "int64"
    assert typed(door, "sentences") is door  # typed tables pass untouched
    articles = pd.DataFrame({"doc_id": [1, 2], "source": ["A", "B"], "published": pd.to_datetime(["2022-01-01", None]),
                             "published_inferred": [False, False], "title": ["a", "b"]})
    scored = analysis.score_sentences(sentences, progress=False)
    assert analysis.sentiment_by_source(scored, articles, n_boot=10)["n_sentences"].tolist() == [1, 1]
    with pytest.raises(SchemaError, match="sentence_id as int64"):
        typed(sentences.assign(sentence_id=[None, "1"]), "sentences")
