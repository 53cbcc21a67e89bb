"""Loading's fast and lean paths equal their definitions, and one process or several give the same tables.

Each fast path is checked against the plain computation it replaces, written out
here: words counted as tokens, shingles of the whole text, datasketch's own MinHash,
the repetition rule counted sentence by sentence, the in-text patterns run on
every sentence; then ``read_corpus`` over one process and over two.
"""

from __future__ import annotations

import re
import tracemalloc
import warnings
import zlib
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import read_corpus
from analysis.core.parallel import size_chunks
from analysis.io import duplicates, furniture, tables
from analysis.io.duplicates import minhash_values, near_duplicates, shingle_hashes
from analysis.io.furniture import (
    APPEAL,
    IMAGE_CAPTION,
    Fragment,
    appeals,
    clean_texts,
    contributor_notes,
    copyright_lines,
    dateline_captions,
    repeated_fragments,
)
from analysis.io.load import _words_left
from analysis.text import splitter
from analysis.text.splitter import PARAGRAPH_SEPARATOR, sentence_span_array, sentence_spans
from analysis.text.tokens import count_words, tokenize

WORDY = st.text(alphabet=st.sampled_from(list("ab Zé1_.,:-'\u2019\u2018 \n\tß2\u0661ǅ\u00b2")), max_size=300)


# ------------------------------------------------------------------ words


@settings(max_examples=200, deadline=None)
@given(WORDY)
def test_count_words_is_the_number_of_tokens(text):
    assert count_words(text) == len(tokenize(text, keep_numbers=True))


def test_count_words_of_a_long_text_read_in_pieces():
    text = "U.S. officials\u2019 talks on 2,000.5 km\u00b2 went on \u2014 Kyiv's reply: no_deal. " * 6000
    assert len(text) > 4 * 65536
    assert count_words(text) == len(tokenize(text, keep_numbers=True))


def _spans_from_cuts(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    cuts = sorted(cuts)
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1]]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_words_left_after_removing_spans_equal_a_recount(data):
    text = data.draw(WORDY)
    spans = _spans_from_cuts(text, data.draw(st.lists(st.integers(0, len(text)), max_size=8)))
    kept = "".join(text[a:b] for a, b in zip([0] + [e for _, e in spans], [s for s, _ in spans] + [len(text)]))
    assert _words_left(text, count_words(text), spans) == count_words(kept)


# ------------------------------------------------------------------ sentences


def _spans_by_split(text: str) -> list[tuple[int, int]]:
    """The definition: every paragraph of ``text.split(PARAGRAPH_SEPARATOR)`` split on its own."""
    lists, spans, offset = splitter._word_lists(), [], 0
    for paragraph in text.split(PARAGRAPH_SEPARATOR):
        spans += splitter._paragraph_spans(paragraph, offset, lists)
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return spans


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. \n?!\"U")), max_size=200))
def test_paragraphs_read_one_by_one_give_the_sentences_of_the_split_text(text):
    assert sentence_spans(text) == _spans_by_split(text)
    assert sentence_span_array(text).tolist() == [list(span) for span in _spans_by_split(text)]


# ------------------------------------------------------------------ near-duplicates


def _shingles_of_the_whole_text(text: str, words: int = 5) -> np.ndarray:
    """The definition: the ``\\w+`` runs of the whole lower-cased text, their CRC-32s mixed by position."""
    ids = np.array([zlib.crc32(token.encode()) for token in re.findall(r"\w+", text.casefold())], dtype=np.uint64)
    if not len(ids):
        return np.empty(0, dtype=np.uint32)
    width = min(words, len(ids))
    count = len(ids) - width + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for k in range(width):
        mixed += ids[k:k + count] * np.uint64(pow(1_000_003, k, 1 << 64))
    return np.unique(((mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF))).astype(np.uint32))


@pytest.mark.parametrize("text", [
    "", "one", "Two words", "Five words make one shingle", "ÉTÉ straße İstanbul — six words here, and more of them.",
    "a" + " " * 70_000 + "b",  # two words in two pieces: one shingle of both
    " ".join(f"word{i % 997}" for i in range(40_000)),  # many pieces
])
def test_shingles_read_in_pieces_are_those_of_the_whole_text(text):
    assert np.array_equal(shingle_hashes(text), _shingles_of_the_whole_text(text))
    assert np.array_equal(shingle_hashes(text, words=1), _shingles_of_the_whole_text(text, words=1))


def test_minhash_values_fed_in_batches_are_datasketchs():
    rng = np.random.default_rng(1)
    hashes = [np.unique(rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)) for n in (0, 5, 40_000)]
    expected = np.stack([m.hashvalues for m in MinHash.bulk([h.tolist() for h in hashes], num_perm=128, seed=1, hashfunc=int)])
    assert np.array_equal(minhash_values(hashes, num_perm=128, seed=1), expected)


def _wire_corpus() -> pd.DataFrame:
    story = ("Russian and Ukrainian negotiators met in Istanbul on Tuesday for the first direct talks in weeks, "
             "officials said, as shelling continued near Kharkiv and the Donbas. ")
    texts = [story * 3 + f"Update {i}: the delegations agreed to meet again." for i in range(6)]
    texts += [f"An unrelated report number {i} about grain exports through the Black Sea ports." for i in range(6)]
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(12)], "source": ["AP", "BBC", "CNN"] * 4,
                         "published": pd.to_datetime(["2022-03-01"] * 12), "text": texts})


def test_near_duplicates_are_the_same_over_two_processes(monkeypatch):
    articles = _wire_corpus()
    one = near_duplicates(articles)
    monkeypatch.setattr(duplicates, "MIN_PARALLEL_CHARS", 0)
    pd.testing.assert_frame_equal(near_duplicates(articles, n_jobs=2), one, check_exact=True)
    assert one["group_size"].max() == 6


def test_one_article_has_no_near_duplicate_and_needs_no_shingles(monkeypatch):
    monkeypatch.setattr(duplicates, "shingle_hashes", lambda *a, **k: pytest.fail("shingled a lone article"))
    table = near_duplicates(_wire_corpus().head(1))
    assert table[["group_size", "similarity", "is_reprint"]].values.tolist() == [[1, 1.0, False]]


# ------------------------------------------------------------------ furniture


def _boilerplate_by_counting(articles: pd.DataFrame, min_articles: int = 10) -> set[tuple]:
    """The definition of the repetition rule: every distinct sentence of each article counted per outlet."""
    holders: dict[str, Counter] = defaultdict(Counter)
    for text, source in zip(articles["text"], articles["source"], strict=True):
        for sentence in {text[s:e] for s, e in sentence_spans(text)}:
            if len(re.findall(r"\w+", sentence)) >= 4:
                holders[sentence][source] += 1
    return {(source, sentence, n, sum(counts.values()) - n) for sentence, counts in holders.items()
            for source, n in counts.items() if n >= min_articles and n >= 0.8 * sum(counts.values())}


def _outlets_corpus() -> pd.DataFrame:
    sign_off = "The Kyiv Daily is an independent newspaper founded in 1995."
    shared = "The ministry said the convoy was hit near the border."
    texts = [f"Report {i} on the talks in Istanbul. {sign_off} {shared if i % 3 else ''}" for i in range(12)]
    texts += [f"Bulletin {i} from Moscow on the talks. {shared} {sign_off if i < 2 else ''}" for i in range(6)]
    texts += [f"Short note {i}. Tanks. {sign_off}" for i in range(3)]
    return pd.DataFrame({"doc_id": [f"a{i}" for i in range(len(texts))], "text": texts,
                         "source": ["Kyiv Daily"] * 12 + ["Moscow Times"] * 6 + ["Kyiv Daily"] * 3})


def test_repetition_rule_is_the_count_of_every_sentence(monkeypatch):
    articles = _outlets_corpus()
    rows = {tuple(row) for row in repeated_fragments(articles).itertuples(index=False)}
    assert rows == _boilerplate_by_counting(articles)
    assert {(source, sentence) for source, sentence, *_ in rows} == {
        ("Kyiv Daily", "The Kyiv Daily is an independent newspaper founded in 1995.")}
    monkeypatch.setattr(furniture, "_digests", lambda text, spans: np.zeros(len(spans), dtype=np.uint64))  # all collide
    assert {tuple(row) for row in repeated_fragments(articles).itertuples(index=False)} == rows


def _without_lookahead(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", pattern.pattern), pattern.flags)


FURNITURE_TEXTS = [
    "Soldiers walk past a tank in Kyiv, Ukraine, Friday, April 1, 2022. The talks went on. (AP Photo/Jane Doe)",
    "Crowds gathered on Monday. Protesters march in Lviv on Sunday, March 6, 2022, in Lviv. More followed.",
    "Sign up for our newsletter here. Follow us on Twitter @kyivdaily. ___ Never miss a story: get the app.",
    "For all the latest updates, follow our live blog here. Click here to read more. Want the latest news on Ukraine?",
    "He said it was over. \u00a9 2022 BBC. All Rights Reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "The Associated Press contributed to this report. Jane Doe and John Roe in Kyiv contributed reporting.",
    "Rights groups said the rights of prisoners were ignored. Human rights reserved for some. Follow the money.",
    "Signing up for the draft, he followed orders. The newsletter is free: subscribe today via email.",
]


@pytest.mark.parametrize("text", FURNITURE_TEXTS)
def test_prefiltered_rules_find_what_the_patterns_find_in_every_sentence(text):
    _assert_prefilters_find_what_the_patterns_find(text)


def _assert_prefilters_find_what_the_patterns_find(text: str) -> None:
    spans = sentence_spans(text)
    assert dateline_captions(text, spans) == [Fragment(s, e, IMAGE_CAPTION) for s, e in spans
                                              if furniture._CAPTION_DATELINE.search(text[s:e])]
    assert appeals(text, spans) == _appeals_without_prefilters(text, spans)
    assert [(f.start, f.end) for f in copyright_lines(text)] == [m.span() for m in furniture._COPYRIGHT.finditer(text)]
    assert [(f.start, f.end) for f in contributor_notes(text)] == [
        m.span() for m in _without_lookahead(furniture._CONTRIBUTOR_NOTE).finditer(text)]


def _appeals_without_prefilters(text: str, sentences: list[tuple[int, int]]) -> list[Fragment]:
    """``appeals`` as defined: every pattern over the whole text, the channel call searched in every sentence."""
    found = [Fragment(*m.span(), APPEAL) for m in furniture._READ_MORE.finditer(text)]
    found += [Fragment(*m.span(), APPEAL) for m in furniture._TEASER.finditer(text)]
    for start in _without_lookahead(furniture._APPEAL_START).finditer(text):
        end = furniture._APPEAL_END.search(text, start.end(), start.start() + furniture._APPEAL_MAX_CHARS)
        if end is not None and furniture._CHANNEL.search(text, start.start(), end.end()):
            found.append(Fragment(start.start(), end.end(), APPEAL))
    for sentence_start, sentence_end in sentences:
        call = furniture._CHANNEL_CALL.search(text, sentence_start, sentence_end)
        if call and call.start() - sentence_start <= furniture._CHANNEL_CALL_MAX_LEAD:
            end = furniture._APPEAL_END.search(text, text.rfind(" ", call.start(), call.end()) + 1, sentence_end)
            found.append(Fragment(sentence_start, end.end() if end else sentence_end, APPEAL))
    return found


def test_every_appeal_word_starts_with_a_letter_the_lookahead_lets_through():
    first_letters = re.match(r"\(\?=\[_([A-Z]+)\]\)", furniture._APPEAL_START.pattern).group(1)
    assert all(word[0] in first_letters for word in furniture._APPEAL_WORDS)


def test_clean_texts_is_the_same_over_two_processes(monkeypatch):
    articles = _outlets_corpus()
    texts, report = clean_texts(articles)
    monkeypatch.setattr(furniture, "MIN_PARALLEL_CHARS", 0)
    parallel_texts, parallel_report = clean_texts(articles, n_jobs=2)
    pd.testing.assert_series_equal(parallel_texts, texts)
    pd.testing.assert_frame_equal(parallel_report, report, check_exact=True)
    assert (report["rule"] == "repeated_boilerplate").sum() == 15


# ------------------------------------------------------------------ read_corpus


def _tables(corpus) -> dict[str, pd.DataFrame]:
    return {name: getattr(corpus, name) for name in ("articles", "cleaning", "skipped", "fragments", "duplicates")}


@pytest.mark.heavy
def test_read_corpus_gives_the_same_tables_over_two_processes(tmp_path, monkeypatch):
    rows = _outlets_corpus().rename(columns={"doc_id": "id"})
    rows.loc[3, "text"] = ""  # a bad row, recorded in skipped
    path = tmp_path / "news.csv"
    rows.to_csv(path, index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = _tables(read_corpus(path, on_error="skip", progress=False, n_jobs=1))
        for module in (tables, furniture, duplicates):
            monkeypatch.setattr(module, "MIN_PARALLEL_CHARS", 0)
        two = _tables(read_corpus(path, on_error="skip", progress=False, n_jobs=2))
    for name, table in one.items():
        pd.testing.assert_frame_equal(two[name], table, check_exact=True)
    assert one["skipped"]["doc_id"].tolist() == ["a3"]


def test_a_bad_row_is_raised_before_any_row_is_cleaned(tmp_path, monkeypatch):
    rows = _outlets_corpus().rename(columns={"doc_id": "id"})
    rows.loc[7, "text"] = ""
    rows.to_csv(tmp_path / "news.csv", index=False)
    monkeypatch.setattr(tables, "clean_capture", lambda text: pytest.fail("cleaned a row before the bad one was raised"))
    with pytest.raises(Exception, match="row 8"):
        read_corpus(tmp_path / "news.csv", progress=False)


@pytest.mark.heavy
def test_a_long_capture_is_read_in_a_few_times_its_size(tmp_path):
    plain = "Officials said the talks in Istanbul went on for two days and the envoy said progress was made."
    lines = ["" if i % 9 == 0 else plain.replace("envoy", "envoy\u2019s aide \u2014") if i % 8 == 0 else plain
             for i in range(20_000)]
    path = tmp_path / "capture.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    tracemalloc.start()
    try:
        corpus = read_corpus(path, progress=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(corpus.cleaning) == 20_000
    # Python's objects only (Arrow's are not traced): 20 times the file with the code before issue 20 (whole texts
    # split into paragraphs at once, lines and texts copied whole), 7.5 times since.
    assert peak < 10 * path.stat().st_size


@pytest.mark.parametrize("sizes, n_jobs", [([5, 1, 1, 9, 2, 2, 7], 2), ([1] * 50, 3), ([100], 2), ([4, 4], 1)])
def test_size_chunks_cover_every_item_in_order(sizes, n_jobs):
    chunks = size_chunks(sizes, n_jobs, min_size=10)
    assert [i for chunk in chunks for i in range(len(sizes))[chunk]] == list(range(len(sizes)))
    assert len(chunks) == 1 or (n_jobs > 1 and sum(sizes) >= 10)


# ------------------------------------------------------------------ the 2,000-article sample of the shared corpus


@pytest.mark.slow
def test_sample_loads_the_same_over_one_and_two_processes(war_news_sample_csv, war_news_sample):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n_jobs in (1, 2):
            tables = _tables(read_corpus(war_news_sample_csv, on_error="skip", progress=False, n_jobs=n_jobs))
            for name, table in _tables(war_news_sample).items():
                pd.testing.assert_frame_equal(tables[name], table, check_exact=True)


@pytest.mark.slow
def test_sample_fast_paths_equal_their_definitions(war_news_sample_csv):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = read_corpus(war_news_sample_csv, on_error="skip", progress=False, remove_furniture=False,
                               remove_repeated=False).articles
    assert {tuple(row) for row in repeated_fragments(articles).itertuples(index=False)} == _boilerplate_by_counting(articles)
    for text in articles["text"]:
        _assert_prefilters_find_what_the_patterns_find(text)
        assert np.array_equal(shingle_hashes(text), _shingles_of_the_whole_text(text))
        assert count_words(text) == len(tokenize(text, keep_numbers=True))
