"""analysis.text.vader: the fast VADER scorer gives exactly vaderSentiment's scores (bit for bit, -0.0 included)."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

import analysis
from analysis import SentimentError
from analysis.text.vader import SCORE_KEYS, VaderScorer, _round
from tests.conftest import VADER_NYT, shared_file

LIBRARY = SentimentIntensityAnalyzer()
SCORER = VaderScorer()
#: Emoji whose description holds "!" (it then counts as emphasis), found in the library's table.
EXCLAIMING_EMOJI = sorted(key for key, description in LIBRARY.emojis.items() if "!" in description)


def _mismatches(texts: list[str]) -> list[tuple[str, dict, dict]]:
    """The texts whose scores differ from the library's in any bit (``repr`` shows -0.0 and every digit)."""
    out = []
    for text in texts:
        ours, theirs = SCORER.polarity_scores(text), LIBRARY.polarity_scores(text)
        if ours != theirs or repr(ours) != repr(theirs):
            out.append((text, ours, theirs))
    return out


def _assert_same(texts: list[str]) -> None:
    wrong = _mismatches(texts)
    assert not wrong, f"{len(wrong)} of {len(texts)} texts differ from vaderSentiment; first: {wrong[:3]}"


ADVERSARIAL = [
    # empty, whitespace, one word
    "", " ", "   ", "\t\n", "\u00a0", "\u3000 \u2003", "good", "no", "but", "least", "kind", "of",
    # capitals and the ALL CAPS differential
    "GOOD", "Good", "gOOd", "GoOd", "The movie was GREAT", "THE MOVIE WAS GREAT", "The movie was GREAT!!!",
    "VERY good", "very GOOD", "VERY GOOD movie", "I LOVE it but HATE the end", "I LOVE IT", "I love IT",
    "A GOOD day", "OK", "ok", "O.K. then", "U.S. troops killed civilians", "NATO condemned the attack",
    "KIND OF GOOD", "NOT BAD at all", "not BAD", "no GOOD", "BARELY good", "barely GOOD",
    # punctuation emphasis and punctuation runs
    "good!", "good!!!", "good!!!!!!!!!!!", "GOOD!!!", "good?", "good??", "good???", "good????", "good?!?!",
    "!!!", "???", "!?", "...", "?!?!?!", "!!!good!!!", "good,,,,", "... --- ...", "-", "'", "''",
    "....good....bad....", "good.", "(good)", "'good'", '"good"', "--good--", "good...", "bad!!!! really?? sure?",
    # negations, "n't", apostrophes straight and curly
    "not bad", "Not bad at all", "not good", "isn't good", "isn\u2019t good", "isnt good", "don't like it",
    "don\u2019t like it", "it\u2019s good", "won't", "n't good", "can't stand this", "CAN'T be good",
    "couldn't care less", "wouldn't've been good", "It isn't a horrible book.", "At least it isn't a horrible book.",
    "never so good", "never this good", "never good", "never really that good", "this good", "so good",
    "so very good", "not so good", "without doubt good", "without a doubt, excellent idea.",
    "Without a doubt, an excellent idea.", "without any doubt good", "nothing good", "none are good",
    "nor is it good", "rarely good", "despite the good news", "uh-uh good", "aint good", "ain't good",
    # "no" before and as a lexicon word
    "no good", "no no good", "no problem", "no, no", "no, good", "no. good", "no or nor bad", "no love or hate",
    "not no good", "No.", "there is no way this is good", "no hope nor love", "no no", "good no",
    # "least"
    "at least good", "the least good", "very least good", "least good", "not the least bit happy",
    "Roger Dodger is one of the least compelling variations on this theme.",
    # "kind of", "sort of" and other dampeners
    "kind of good", "kind of", "kind of kind", "kinda good", "kind-of good", "sort of good", "sort of",
    "sorta good", "it was kind. of good", "just enough good", "barely good", "hardly bad", "The book was only kind of good.",
    # "but", including repeated values (the library re-weights the first equal value)
    "good but bad", "bad but good", "good, but bad", "good BUT bad", "but but good", "good but good but bad",
    "great great but great", "good good but", "good but", "but good", "very good but not bad",
    "good bad good bad but good bad", "love love love but hate hate hate", "BUT good",
    # idioms and booster phrases
    "the shit", "The shit!", "this is the bomb", "the bomb exploded", "bad ass", "badass", "quite bad ass",
    "bus stop", "yeah right", "kiss of death", "the kiss of death", "to die for", "it is to die for good",
    "beating heart", "cut the mustard", "he is the shit at it", "this movie is the shit yes",
    # emoticons and emoji
    ":)", ":-(", ":D", ":P", "<3", "</3", ";)", "=)", "XD", "Make sure you :) or :D today!", ":) :) :(",
    "😀", "I 😀 it", "good😀", "😀good", "😀😀", "Catch utf-8 emoji such as 💘 and 💋 and 😁", "🇺🇦",
    "Slava Ukraini 🇺🇦", "👍\U0001f3fd", "❤\ufe0f", "☺\ufe0f good",  # skin tone, variation selector
    *(f"good {emoji}" for emoji in EXCLAIMING_EMOJI), *(f"bad{emoji}?" for emoji in EXCLAIMING_EMOJI),
    # hashtags, mentions, URLs, numbers
    "#love", "#good #bad", "@user good", "http://example.com/good", "https://x.com/love?x=1!", "3 good",
    "100% good", "1,000 deaths", "2022", "3.5 stars", "killed 10 people",
    # non-Latin text and Unicode case quirks
    "Слава Україні", "Это хорошо!", "日本語のテキスト", "مرحبا", "ΕΛΛΗΝΙΚΑ good", "ΟΔΟΣ. bad",
    "İstanbul is GREAT", "İİ good", "straße good", "ﬁne good", "café good", "GOOD ÉTÉ",
    # other whitespace
    "good\nbad", "good\tbad", "  good  ", "good\u2003bad", "good\u00a0bad", "good\r\nbad",
    # long, mixed
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "Today only kinda sux! But I'll get by, lol",
    "It was one of the worst movies I've seen, despite good reviews.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_text_scores_equal_the_library(text):
    ours, theirs = SCORER.polarity_scores(text), LIBRARY.polarity_scores(text)
    assert ours == theirs
    assert repr(ours) == repr(theirs)  # same keys in the same order, same bits (-0.0 included)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("booster", sorted(BOOSTER_DICT)),
        ("negation", sorted(NEGATE)),
        ("idiom", sorted(SPECIAL_CASES)),
        ("one-character emoji", sorted(key for key in LIBRARY.emojis if len(key) == 1)),
        ("longer emoji", sorted(key for key in LIBRARY.emojis if len(key) > 1)),
    ],
)
def test_every_listed_word_in_context_scores_equal_the_library(name, words):
    templates = ["{w}", "it is {w} good", "{w} bad!", "{W} good movie", "not {w} a great idea", "no {w} fun but sad",
                 "the {w}", "{w} heart of gold", "good{w}", "very {w} very nice", "at least {w} nice"]
    _assert_same([t.format(w=word, W=word.upper()) for word in words for t in templates])


def test_nyt_editorial_snippets_score_equal_the_library():
    lines = shared_file(VADER_NYT).read_bytes().decode("utf-8").split("\r\n")  # CRLF, kept as is
    texts = [line.split("\t", 2)[2] for line in lines if line]
    assert len(texts) == 5190
    _assert_same(texts)
    rows = [tuple(LIBRARY.polarity_scores(text).values()) for text in texts]
    assert SCORER.score_texts(texts).tolist() == [list(row) for row in rows]


@pytest.mark.slow
def test_shared_corpus_sentences_score_equal_the_library(war_news_sample):
    """A quarter of the fixed 2,000-article sample, across every outlet and month (benchmarks/bench_vader.py
    compares every sentence of the whole corpus)."""
    sample = war_news_sample.articles.iloc[::4]
    texts = analysis.split_sentences(sample)["text"].tolist()
    assert len(texts) > 10_000
    _assert_same(texts)


# ------------------------------------------------------------------- random text

_LEXICON_WORDS = sorted(LIBRARY.lexicon)
_RULE_WORDS = sorted(
    {*BOOSTER_DICT, *NEGATE, *(word for key in SPECIAL_CASES for word in key.split())}
    | {"no", "but", "least", "at", "very", "kind", "of", "sort", "so", "this", "never", "without", "doubt", "or", "nor"}
)
_EMOJI = sorted(LIBRARY.emojis)
_PUNCTUATION = ["!", "?", "!!", "???", ",", ".", "...", ":)", ":-(", "'", "n't", "'s", "--", "(", ")", '"']


@st.composite
def _tokens(draw) -> str:
    pools = [_LEXICON_WORDS, _RULE_WORDS, _EMOJI, _PUNCTUATION]
    word = draw(st.one_of(*map(st.sampled_from, pools), st.text(max_size=4)))
    word = draw(st.sampled_from([str, str, str.upper, str.title, str.lower]))(word)
    before = draw(st.sampled_from(["", "", "", "(", '"', "'", "#", "..."]))
    after = draw(st.sampled_from(["", "", "", ",", ".", "!", "?", "!!!", "'", ")", "n't", "\U0001f600"]))
    return before + word + after


_SEPARATORS = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", ""])


@pytest.mark.heavy
@settings(max_examples=300, deadline=None, database=None)
@given(tokens=st.lists(_tokens(), max_size=20), separators=st.lists(_SEPARATORS, min_size=20, max_size=20))
def test_random_text_of_rule_words_scores_equal_the_library(tokens, separators):
    text = "".join(token + separator for token, separator in zip(tokens, separators))
    ours, theirs = SCORER.polarity_scores(text), LIBRARY.polarity_scores(text)
    assert ours == theirs
    assert repr(ours) == repr(theirs)


# ------------------------------------------------------------------ batch, errors, rounding


def test_score_texts_gives_rows_of_polarity_scores_in_key_order():
    texts = ["good", "", "not bad!!", "\U0001f600 but sad"]
    table = SCORER.score_texts(texts)
    assert table.shape == (4, 4) and table.dtype == np.float64
    assert table.tolist() == [[LIBRARY.polarity_scores(t)[key] for key in SCORE_KEYS] for t in texts]
    assert SCORER.score_texts([]).shape == (0, 4)


@pytest.mark.parametrize("bad", [None, 3, b"good", ["good"]])
def test_a_text_that_is_not_a_string_is_refused_saying_where(bad):
    with pytest.raises(SentimentError, match=r"texts\[1\] is .* not a string"):
        SCORER.score_texts(["good", bad])
    with pytest.raises(SentimentError, match="the text is"):
        SCORER.polarity_scores(bad)


def test_rounding_equals_round_on_near_ties_and_random_values():
    rng = random.Random(7)
    values = [rng.uniform(-1, 1) * rng.choice([1, 1e-3, 1e-5]) for _ in range(100_000)]
    for ndigits in (3, 4):
        for k in range(-10**ndigits, 10**ndigits):
            tie = (k + 0.5) / 10**ndigits
            values += [tie, math.nextafter(tie, 2), math.nextafter(tie, -2), math.nextafter(math.nextafter(tie, 2), 2)]
    values += [0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324]
    for ndigits in (3, 4):
        wrong = [x for x in values if repr(_round(x, ndigits)) != repr(round(x, ndigits))]
        assert not wrong, f"_round(x, {ndigits}) differs from round for {wrong[:5]}"
