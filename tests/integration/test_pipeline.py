"""analyze(): the same tables as the step-by-step functions, from cache or not, on either engine."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pandas as pd
import pytest

import analysis
from analysis.core.config import RAW_DATA_DIR
from analysis.core.schema import conform
from analysis.engine.pipeline import STAGES, Analysis, AnalysisOptions, PipelineError, analyze, open_store, prepare
from analysis.measures.tone import mention_tone


def _assert_same(left: Analysis, right: Analysis) -> None:
    for name in ("articles", "fragments", "duplicates", "sentences", "sentence_tokens", "mentions", "quotes"):
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name), obj=name)


@pytest.fixture(scope="module")
def seed_analysis() -> Analysis:
    return analyze(RAW_DATA_DIR, cache_dir=None, progress=False)


def test_tables_equal_the_step_by_step_functions(seed_analysis, seed_articles):
    pd.testing.assert_frame_equal(seed_analysis.articles, seed_articles)
    sentences = analysis.split_sentences(seed_articles)
    pd.testing.assert_frame_equal(seed_analysis.sentences, analysis.score_sentences(sentences, progress=False))
    found = analysis.find_mentions(seed_articles, progress=False)
    pd.testing.assert_frame_equal(seed_analysis.mentions, conform(mention_tone(found, sentences), "toned_mentions"))
    pd.testing.assert_frame_equal(seed_analysis.quotes, analysis.find_quotes(seed_articles, progress=False))
    expected_tokens = [" ".join(analysis.tokenize(t, keep_numbers=True)) for t in sentences["text"]]
    assert seed_analysis.sentence_tokens["tokens"].tolist() == expected_tokens
    assert seed_analysis.sentence_tokens[["doc_id", "sentence_id"]].equals(sentences[["doc_id", "sentence_id"]])
    assert len(seed_analysis.cleaning) == len(analysis.cleaning_report(RAW_DATA_DIR, progress=False))


def test_one_process_and_many_give_the_same_tables(seed_analysis):
    _assert_same(seed_analysis, analyze(RAW_DATA_DIR, cache_dir=None, n_jobs=2, chunk_size=1, progress=False))


def test_warm_cache_gives_the_same_tables_without_recomputing(tmp_path, seed_analysis, monkeypatch):
    _assert_same(seed_analysis, analyze(RAW_DATA_DIR, cache_dir=tmp_path, progress=False))
    monkeypatch.setattr("analysis.engine.pipeline.process_chunk", lambda *a: pytest.fail("recomputed a cached article"))
    monkeypatch.setattr("analysis.engine.pipeline.read_corpus", lambda *a, **k: pytest.fail("reloaded a cached corpus"))
    warm = analyze(RAW_DATA_DIR, cache_dir=tmp_path, progress=False)
    _assert_same(seed_analysis, warm)
    pd.testing.assert_frame_equal(warm.cleaning, seed_analysis.cleaning)


def test_an_articles_table_gets_its_near_duplicates_from_the_cache(tmp_path, seed_articles, monkeypatch):
    first = analyze(seed_articles, cache_dir=tmp_path, progress=False)
    monkeypatch.setattr("analysis.engine.pipeline.near_duplicates", lambda *a: pytest.fail("recomputed the near-duplicates"))
    pd.testing.assert_frame_equal(analyze(seed_articles, cache_dir=tmp_path, progress=False).duplicates, first.duplicates)
    changed = seed_articles.assign(text=seed_articles["text"] + " One more sentence.")
    with pytest.raises(pytest.fail.Exception, match="recomputed the near-duplicates"):  # another text, another key
        analyze(changed, cache_dir=tmp_path, progress=False)


def test_changing_one_article_recomputes_only_that_article(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DATA_DIR, corpus)
    shutil.copy(RAW_DATA_DIR.parent / "sources.csv", tmp_path / "sources.csv")
    analyze(corpus, cache_dir=tmp_path / "cache", progress=False)
    changed = corpus / "002_1e036f337de7088c.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA new closing line was added, and it is long enough to count.\n", encoding="utf-8")
    computed: list[str] = []
    original = analysis.engine.pipeline.process_chunk
    monkeypatch.setattr("analysis.engine.pipeline.process_chunk",
                        lambda chunk, *options: computed.extend(chunk["doc_id"]) or original(chunk, *options))
    result = analyze(corpus, cache_dir=tmp_path / "cache", progress=False)
    assert computed == ["002_1e036f337de7088c"]
    _assert_same(result, analyze(corpus, cache_dir=None, progress=False))


def test_corrupt_cache_entry_is_rebuilt_not_read(tmp_path, seed_analysis):
    analyze(RAW_DATA_DIR, cache_dir=tmp_path, progress=False)
    for parquet in (tmp_path / "sentences").rglob("*.parquet"):
        parquet.write_bytes(b"not parquet at all")
    with pytest.warns(UserWarning, match="corrupt"):
        rebuilt = analyze(RAW_DATA_DIR, cache_dir=tmp_path, progress=False)
    _assert_same(seed_analysis, rebuilt)


def test_quotations_are_recomputed_for_another_speech_word_list(tmp_path, seed_analysis):
    analyze(RAW_DATA_DIR, cache_dir=tmp_path, progress=False)
    words = tmp_path / "verbs.txt"
    words.write_text("[verbs]\nsaid\n", encoding="utf-8")
    fewer = analyze(RAW_DATA_DIR, cache_dir=tmp_path, speech_words=words, progress=False)
    pd.testing.assert_frame_equal(fewer.quotes, analysis.find_quotes(seed_analysis.articles, speech_words=words, progress=False))
    assert 0 < len(fewer.quotes) < len(seed_analysis.quotes)
    pd.testing.assert_frame_equal(fewer.mentions, seed_analysis.mentions)


def test_a_store_recomputes_a_lost_cache_entry_with_its_own_options(tmp_path, seed_analysis):
    """Issue 20: a custom speech-word list gave 22 quotations; with the quotes cache entry deleted, the same store
    returned 71, recomputed with the default list. The store owns its options, so it recomputes with its own."""
    words = tmp_path / "verbs.txt"
    words.write_text("[verbs]\nsaid\n", encoding="utf-8")
    store = prepare(RAW_DATA_DIR, cache_dir=tmp_path / "cache", speech_words=words, progress=False)
    custom = store.collect().quotes
    assert 0 < len(custom) < len(seed_analysis.quotes)
    quotes_entries = store.stages["quotes"].folder
    shutil.rmtree(quotes_entries)
    pd.testing.assert_frame_equal(store.collect().quotes, custom)
    assert store.options.stage_key("quotes") != AnalysisOptions.from_keywords().stage_key("quotes")
    assert store.options.stage_key("sentences") == AnalysisOptions.from_keywords().stage_key("sentences")


def test_options_are_one_frozen_object_and_unknown_names_are_refused():
    options = AnalysisOptions.from_keywords(n_jobs=1, where="source == 'Izvestia'")
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.n_jobs = 2
    assert options.replace(n_jobs=2).n_jobs == 2 and options.replace(n_jobs=2).load["where"] == "source == 'Izvestia'"
    assert AnalysisOptions.from_json(json.loads(json.dumps(options.to_json()))) == options
    with pytest.raises(analysis.AnalysisError, match="unknown option.*'speech_word'"):
        AnalysisOptions.from_keywords(speech_word="verbs.txt")


def test_labels_follow_the_thresholds_not_the_cache(tmp_path):
    analyze(RAW_DATA_DIR, cache_dir=tmp_path, progress=False)
    strict = analyze(RAW_DATA_DIR, cache_dir=tmp_path, positive=0.5, negative=-0.5, progress=False)
    compound = strict.sentences["compound"]
    expected = ["positive" if c >= 0.5 else "negative" if c <= -0.5 else "neutral" for c in compound]
    assert strict.sentences["label"].tolist() == expected


def test_select_restricts_every_table(seed_analysis):
    izvestia = seed_analysis.select(sources=["Izvestia"])
    for name in ("articles", "duplicates", "sentences", "sentence_tokens", "mentions", "quotes"):
        assert set(getattr(izvestia, name)["doc_id"]) == {"001_59afda3a659f64a4"}, name
    assert len(izvestia.sentences) == (seed_analysis.sentences["doc_id"] == "001_59afda3a659f64a4").sum()


@pytest.mark.parametrize(
    "options, message",
    [
        ({"engine": "spark"}, "engine='spark'"),
        ({"chunk_size": 0}, "chunk_size=0"),
        ({"n_jobs": 0}, "n_jobs=0"),
        ({"positive": -0.1, "negative": 0.1}, "thresholds"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(analysis.AnalysisError, match=message):
        analyze(RAW_DATA_DIR, cache_dir=None, progress=False, **options)


@pytest.mark.slow
def test_dask_engine_equals_pandas_on_the_seeds(seed_analysis):
    _assert_same(seed_analysis, analyze(RAW_DATA_DIR, cache_dir=None, engine="dask", n_jobs=2, chunk_size=2, progress=False))


@pytest.mark.slow
def test_dask_engine_equals_pandas_on_a_sample_of_the_shared_corpus(war_news_sample):
    sample = war_news_sample.articles.iloc[::4]  # 500 articles of every outlet, in 5 partitions
    pandas_result = analyze(sample, cache_dir=None, progress=False)
    _assert_same(pandas_result, analyze(sample, cache_dir=None, engine="dask", n_jobs=2, chunk_size=100, progress=False))
    assert len(pandas_result.sentences) > 5_000 and set(pandas_result.sentences["doc_id"]) == set(sample["doc_id"])


def test_stages_are_all_in_the_result(seed_analysis):
    assert all(len(getattr(seed_analysis, name)) for name in STAGES)
    with pytest.raises(PipelineError, match="no column"):
        analyze(pd.DataFrame({"id": [1]}), cache_dir=None)


@pytest.mark.parametrize("options", [{"ngram": (1, 3)}, {"ngram": (1, 2), "stem": True, "min_count": 2}])
def test_term_counts_from_cached_tokens_equal_counts_from_text(seed_analysis, options):
    articles = seed_analysis.articles
    pd.testing.assert_frame_equal(analysis.term_frequencies(articles, sentence_tokens=seed_analysis.sentence_tokens, **options),
                                  analysis.term_frequencies(articles, **options))
    stem = options.get("stem", False)
    pd.testing.assert_frame_equal(analysis.collocations(articles, sentence_tokens=seed_analysis.sentence_tokens, stem=stem, min_count=2),
                                  analysis.collocations(articles, stem=stem, min_count=2))


def test_a_run_manifest_opens_the_store_without_reading_the_corpus_files(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(RAW_DATA_DIR, corpus)
    store = prepare(corpus, cache_dir=tmp_path / "cache", progress=False)
    manifest = store.write_manifest()
    shutil.rmtree(corpus)  # nothing left to read or hash: the manifest names the cached corpus
    opened = open_store(manifest)
    _assert_same(opened.collect(), store.collect())
    assert opened.options == store.options
    assert opened.corpus.cleaning.empty  # read only when asked for: most reports never need the cleaning report
    pd.testing.assert_frame_equal(opened.loaded.cleaning, store.loaded.cleaning)
    pd.testing.assert_frame_equal(opened.loaded.fragments, store.loaded.fragments)
    as_notebooks_pass = open_store(manifest, where="", columns={}, language="detect")  # the loading defaults, spelled out
    assert as_notebooks_pass.options == store.options and as_notebooks_pass.corpus.cleaning.empty  # nothing loaded again
    strict = open_store(manifest, positive=0.5, negative=-0.5).collect().sentences
    assert strict["label"].tolist() == ["positive" if c >= 0.5 else "negative" if c <= -0.5 else "neutral"
                                        for c in strict["compound"]]
