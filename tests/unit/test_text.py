"""Normalisation, sentence splitting and tokenising on small inline texts."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_stopwords, normalize_text, split_sentences, tokenize, tokens_table
from analysis.text.tokens import count_words


@pytest.mark.parametrize(
    "text_in, text_out",
    [
        ("\u201cPositive dynamic\u201d", '"Positive dynamic"'),
        ("Russia\u2019s  economy", "Russia's economy"),
        ("April 2\u20133", "April 2\u20143"),
        ("rising\u2014 the FSB", "rising\u2014 the FSB"),
        ("wait\u2026", "wait..."),
        ("non\u00a0breaking\u200bspace", "non breakingspace"),
        ("Cafe\u0301", "Caf\u00e9"),
        ("GREAT!!! :)", "GREAT!!! :)"),
        ("\u00abЯндекс\u00bb", '"Яндекс"'),
    ],
)
def test_normalize_text(text_in, text_out):
    assert normalize_text(text_in) == text_out


def _sentences(*texts: str) -> pd.DataFrame:
    articles = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": list(texts)})
    return split_sentences(articles)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith met Mr. Putin on Jan. 5. He left.", ["Dr. Smith met Mr. Putin on Jan. 5.", "He left."]),
        ("The U.S. Secretary of State spoke. Then St. Petersburg replied.",
         ["The U.S. Secretary of State spoke.", "Then St. Petersburg replied."]),
        ("Is it over? No! It goes on.", ["Is it over?", "No!", "It goes on."]),
        ('He said "no." And left.', ['He said "no."', "And left."]),
        ("Headline without stop\n\nFirst paragraph. Second sentence.",
         ["Headline without stop", "First paragraph.", "Second sentence."]),
    ],
)
def test_split_sentences(text, expected):
    assert _sentences(text)["text"].tolist() == expected


def test_sentence_offsets_point_into_the_article():
    text = "Title here\n\nOne sentence. Two sentences!\n\nA third paragraph with Mr. Lavrov."
    sentences = _sentences(text)
    assert sentences.columns.tolist() == ["doc_id", "sentence_id", "text", "start", "end"]
    assert sentences["sentence_id"].tolist() == [0, 1, 2, 3]
    for row in sentences.itertuples():
        assert text[row.start : row.end] == row.text


def test_sentences_of_several_articles_keep_their_doc_ids():
    sentences = _sentences("One. Two.", "Three.")
    assert list(zip(sentences["doc_id"], sentences["sentence_id"])) == [("d0", 0), ("d0", 1), ("d1", 0)]


@pytest.mark.parametrize(
    "text, options, expected",
    [
        ("Trump's envoy met Russians' negotiator.", {}, ["trump", "envoy", "met", "russians", "negotiator"]),
        ("US-Russia talks don't stop.", {}, ["us-russia", "talks", "don't", "stop"]),
        ("$300bn in 2025, on April 2-3.", {}, ["bn", "in", "on", "april"]),
        ("$300bn in 2025.", {"keep_numbers": True}, ["300", "bn", "in", "2025"]),
        ("The talks in Washington", {"stopwords": load_stopwords()}, ["talks", "washington"]),
        ("Negotiations negotiating", {"stem": True}, ["negoti", "negoti"]),
        ("Kyiv KIEV", {"lowercase": False}, ["Kyiv", "KIEV"]),
        ("The U.S. and the U.K. met, e.g. in D.C.", {}, ["the", "u.s.", "and", "the", "u.k.", "met", "e.g.", "in", "d.c."]),
        ("Зеленский заявил", {}, ["зеленский", "заявил"]),
        # contractions stay whole; only a possessive 's goes, in any case and with any apostrophe
        ("That's it, let's go: it's what's left.", {}, ["that's", "it", "let's", "go", "it's", "what's", "left"]),
        ("He's here and there's more", {}, ["he's", "here", "and", "there's", "more"]),
        ("Trump\u2019s envoy met Russians\u2019 negotiator", {}, ["trump", "envoy", "met", "russians", "negotiator"]),
        ("TRUMP'S PLAN and the boss's desk", {}, ["trump", "plan", "and", "the", "boss", "desk"]),
        ("Don\u2019t stop, they\u2019re here", {}, ["don't", "stop", "they're", "here"]),
        ("That\u2019s Trump\u2019s", {"lowercase": False}, ["That's", "Trump"]),
        ("That's it", {"stopwords": load_stopwords()}, ["that's"]),  # NLTK's list has "it's" but not "that's"
        ("No. 2 in the polls", {"keep_numbers": True}, ["no", "2", "in", "the", "polls"]),
    ],
)
def test_tokenize(text, options, expected):
    assert tokenize(text, **options) == expected


def test_stopwords_are_shipped_and_extendable():
    stopwords = load_stopwords(extra=["Said"])
    assert len(load_stopwords()) == 179
    assert {"the", "and", "said"} <= stopwords


def test_tokens_table_is_tidy():
    tokens = tokens_table(_sentences("Putin's envoy. Kyiv replied."), stopwords=load_stopwords())
    assert tokens.columns.tolist() == ["doc_id", "sentence_id", "position", "token"]
    assert tokens["token"].tolist() == ["putin", "envoy", "kyiv", "replied"]
    assert tokens["sentence_id"].tolist() == [0, 0, 1, 1]


# ------------------------------------------------ fast paths equal to their definitions (issue 12)


def _normalize_by_translate(text: str) -> str:
    """The definition of normalize_text: NFC, str.translate with the whole table, spaces collapsed."""
    import unicodedata

    from analysis.text.normalize import _QUOTES, _SPACES

    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).translate(_QUOTES)).strip()


FAST_PATH_TEXTS = [
    "", "  ", "plain ascii line", "tab\there  and  two spaces", "\u201cquoted\u201d \u2018single\u2019 \u00abguillemets\u00bb",
    "dash\u2013range \u2012 \u2015 \u2010 \u2011 \u2212", "ellipsis\u2026 then", "no\u00a0break\u202fnarrow\u2007figure",
    "zero\u200bwidth\u200c\u200d\ufeff soft\u00adhyphen", "e\u0301 composed \u212b", "ideographic\u3000space\u2003em",
    "Trump\u2019s and Russians\u2019 views, U.S. e.g. 2,000.5 12:30", "\f\vform feed", "İstanbul ß ǅ",
]


@pytest.mark.parametrize("text", FAST_PATH_TEXTS)
def test_normalize_text_equals_its_definition(text):
    assert normalize_text(text) == _normalize_by_translate(text)


@pytest.mark.parametrize("text", FAST_PATH_TEXTS)
def test_count_words_is_the_number_of_tokens(text):
    assert count_words(text) == len(tokenize(text, keep_numbers=True))


@pytest.mark.slow
def test_fast_paths_equal_their_definitions_on_the_war_news_sample(war_news_sample_csv):
    lines = [line for text in pd.read_csv(war_news_sample_csv, dtype=str, keep_default_na=False)["text"]
             for line in text.splitlines()]
    assert [normalize_text(line) for line in lines] == [_normalize_by_translate(line) for line in lines]
    assert [count_words(line) for line in lines] == [len(tokenize(line, keep_numbers=True)) for line in lines]
