"""Languages: each article's language is stated or detected, and only English articles reach the English-only measures."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import analysis
from analysis.core.errors import CorpusError
from analysis.engine.aggregates import aggregate, sentiment_by_source_table
from analysis.engine.pipeline import prepare
from analysis.io.language import UNDETERMINED, detect_language, fill_languages, is_english, languages_by_source, left_out_sentence
from analysis.measures.overview import languages_sentence
from tests.shapes import FRENCH, GERMAN, RUSSIAN, mixed_languages, write_table

ENGLISH = ("Negotiators from both countries met in Geneva on Tuesday and said the talks on a ceasefire had made "
           "real progress, although several questions about sanctions remain open.")


def _load(path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analysis.load_corpus(path, progress=False, **options)


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (GERMAN, "de"), (RUSSIAN, "ru"), (FRENCH, "fr"),
                                            ("Putin: no.", UNDETERMINED), ("2022 12 31 — 15:00", UNDETERMINED)])
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_a_stated_language_is_kept_and_the_others_are_detected():
    filled = fill_languages(["de", None, "", "English", "EN"], [ENGLISH, GERMAN, RUSSIAN, GERMAN, GERMAN])
    assert filled.tolist() == ["de", "de", "ru", "en", "en"]
    assert fill_languages([None, None], [GERMAN, RUSSIAN], language="en").tolist() == ["en", "en"]


def test_language_option_is_checked_with_the_fix(tmp_path):
    path = write_table(tmp_path / "news.csv", [{"id": "1", "source": "A", "text": ENGLISH}])
    with pytest.raises(CorpusError, match=r"language='english'.*language='en'"):
        _load(path, language="english")


def test_a_mixed_corpus_is_loaded_whole_with_each_language(tmp_path):
    articles = _load(mixed_languages(tmp_path))
    by_source = articles.groupby("source")["language"].agg(lambda s: sorted(set(s)))
    assert by_source.to_dict() == {"Alpha News": ["en", "fr"], "Beta Daily": ["en"], "Berliner Blatt": ["de"],
                                   "Moskovsky Vestnik": ["ru"]}
    assert is_english(articles).sum() == 7


def test_a_language_column_of_the_table_wins_over_detection(tmp_path):
    path = write_table(tmp_path / "news.csv", [{"id": "1", "source": "A", "language": "de", "text": ENGLISH},
                                               {"id": "2", "source": "A", "language": "", "text": GERMAN}])
    assert _load(path)["language"].tolist() == ["de", "de"]
    assert _load(path, language="en")["language"].tolist() == ["de", "en"]


def test_no_non_english_article_gets_a_score_a_token_a_mention_or_a_quotation(tmp_path):
    corpus = mixed_languages(tmp_path / "corpus")
    for cache_dir in (None, tmp_path / "cache", tmp_path / "cache"):  # computed, cached, read from the cache
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = analysis.analyze(corpus, cache_dir=cache_dir, n_jobs=1, progress=False)
        english = set(result.articles.loc[is_english(result.articles), "doc_id"])
        assert len(english) == 7 and len(result.articles) == 16
        for name in ("sentences", "sentence_tokens", "mentions", "quotes"):
            assert set(getattr(result, name)["doc_id"]) <= english, name
        assert set(result.sentences["doc_id"]) == english
    store = prepare(corpus, cache_dir=tmp_path / "cache", n_jobs=1, progress=False)
    by_source = sentiment_by_source_table(aggregate(store, store.articles), store.articles, n_boot=10)
    scored = by_source.loc[by_source["n_sentences"] > 0, "source"]
    assert set(scored) == {"Alpha News", "Beta Daily"}


def test_the_overview_counts_languages_per_outlet_and_the_reports_say_what_they_left_out(tmp_path):
    articles = _load(mixed_languages(tmp_path))
    table = languages_by_source(articles)
    assert table[["source", "language", "n_articles", "english_only"]].values.tolist() == [
        ["Alpha News", "en", 3, True], ["Alpha News", "fr", 1, False], ["Berliner Blatt", "de", 4, False],
        ["Beta Daily", "en", 4, True], ["Moskovsky Vestnik", "ru", 4, False]]
    assert languages_sentence(table).startswith("7 of 16 articles are in English. The others (4 de, 4 ru, 1 fr) are counted")
    assert left_out_sentence(articles, "the tone scores").startswith(
        "9 of 16 articles are not in English (4 de, 4 ru, 1 fr;")
    assert left_out_sentence(articles, "the tone scores").endswith(
        "left out of the tone scores, which rest on English word lists; they are counted in the overview. "
        "No article of Berliner Blatt, Moskovsky Vestnik is in English.")
    english = articles.loc[is_english(articles)]
    assert left_out_sentence(english, "the tone scores") == ""
    assert languages_sentence(languages_by_source(english)) == "All 7 articles are in English, so every report reads all of them."


def test_a_report_reads_english_articles_and_notes_the_others(tmp_path, monkeypatch):
    from analysis.reports import notebook

    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    corpus = mixed_languages(tmp_path / "corpus")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = notebook.open_report("sentiment_by_source", corpus_path=corpus, cache_dir=tmp_path / "cache",
                                      output_dir=tmp_path / "out", n_jobs=1)
        overview = notebook.open_report("corpus_overview", corpus_path=corpus, cache_dir=tmp_path / "cache",
                                        output_dir=tmp_path / "out", english_only=False)
    assert set(report.articles["language"]) == {"en"} and len(report.articles) == 7
    assert len(overview.articles) == 16
    [note] = shown
    text = note.data.replace("\\", "")  # Markdown escapes
    assert "9 of 16 articles are not in English" in text and "left out of the tone scores (VADER)" in text


def test_a_table_made_by_hand_without_language_counts_as_english():
    articles = pd.DataFrame({"doc_id": ["a"], "text": [GERMAN]})
    assert is_english(articles).tolist() == [True]
