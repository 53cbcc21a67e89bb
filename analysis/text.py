"""Text normalisation, sentence splitting and tokenising.

Everything here is data-free: sentences come from the rule-based splitter of
:mod:`analysis.splitter` (abbreviation and sentence-starter lists shipped in
``analysis/resources``), stemming from NLTK's Snowball stemmer, and the English
stopword list is shipped too (a project's ``data/`` may override any of these
lists, see :func:`analysis.config.resource_path`). ``nltk.download`` is never needed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
from nltk.stem.snowball import SnowballStemmer

from analysis.config import read_resource_lines
from analysis.schema import conform, returns
from analysis.splitter import PARAGRAPH_SEPARATOR, sentence_spans  # noqa: F401 (PARAGRAPH_SEPARATOR is re-exported)

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u2012": "\u2014", "\u2013": "\u2014", "\u2015": "\u2014",
        "\u2026": "...",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
    }
)
_SPACES = re.compile(r"[ \f\v\u2000-\u200a\u3000]+")
# The characters _QUOTES maps, found in one pass: most lines hold none or a few, and replacing only those
# is several times cheaper than str.translate with a dict, which looks up every character of the line.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _QUOTES))) + "]")
_NEEDS_SPACES = re.compile(r"[\f\v\u2000-\u200a\u3000]|  ")


def _translate_quotes(text: str) -> str:
    """``text.translate(_QUOTES)``, replacing only the characters found."""
    found = set(_TRANSLATED.findall(text))
    for char in found:
        text = text.replace(char, _QUOTES[ord(char)] or "")
    return text


def normalize_text(text: str) -> str:
    """Normalise one line of text for analysis without losing what sentiment reads.

    Applies Unicode NFC, straight quotes for curly ones and guillemets, one em dash
    for the dash family, ``...`` for the ellipsis character, removes zero-width and
    soft-hyphen characters and collapses runs of spaces. Case, punctuation and
    emphasis (``!!``, capitals) are kept as written.
    """
    if not text.isascii():
        text = _translate_quotes(unicodedata.normalize("NFC", text))
    elif "\t" in text:
        text = text.replace("\t", " ")
    if _NEEDS_SPACES.search(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def load_stopwords(extra: Iterable[str] = ()) -> frozenset[str]:
    """The shipped English stopword list (NLTK's 179 words) plus ``extra`` words, lower-cased."""
    return frozenset(read_resource_lines("stopwords_en.txt")) | {w.lower() for w in extra}


@returns("sentences")
def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of every article.

    Parameters
    ----------
    articles
        A table with ``doc_id`` and ``text`` columns, as returned by
        :func:`analysis.load_corpus`.

    Each sentence's ``text`` is exactly ``article.text[start:end]``.
    """
    rows: list[tuple[str, int, str, int, int]] = []
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        for sentence_id, (start, end) in enumerate(sentence_spans(text)):
            rows.append((doc_id, sentence_id, text[start:end], start, end))
    return conform(pd.DataFrame(rows, columns=["doc_id", "sentence_id", "text", "start", "end"]), "sentences")


_APOSTROPHES = "'\u2019\u2018\u02bc"  # straight, right and left single quotation marks, modifier letter apostrophe
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:[-'][^\W\d_]+)*|\d+(?:[.,:]\d+)*")
_STRAIGHT_APOSTROPHE = str.maketrans(dict.fromkeys(_APOSTROPHES[1:], "'"))


@lru_cache(maxsize=1)
def _s_contractions() -> frozenset[str]:
    """Words whose "'s" is "is", "has" or "us" (``analysis/resources/contractions_en.txt``)."""
    return frozenset(read_resource_lines("contractions_en.txt"))


def _without_possessive(token: str) -> str:
    """``token`` without a possessive "'s" ("Trump's", "TRUMP'S"); contractions stay whole ("that's", "let's")."""
    if token[-2:].lower() == "'s" and token[:-2].lower() not in _s_contractions():
        return token[:-2]
    return token


_SNOWBALL = SnowballStemmer("english")


@lru_cache(maxsize=100_000)
def stem_word(word: str) -> str:
    """``word`` reduced by NLTK's Snowball stemmer for English (data-free), lower-cased."""
    return _SNOWBALL.stem(word)


def tokenize(
    text: str,
    *,
    stopwords: Iterable[str] | None = None,
    keep_numbers: bool = False,
    stem: bool = False,
    lowercase: bool = True,
) -> list[str]:
    """Word tokens of ``text``.

    Words keep their inner hyphens and apostrophes (``US-Russia``, ``don't``,
    ``that's``), dotted initialisms stay one word with their dots (``U.S.``,
    ``e.g.``); a possessive is removed (``Trump's`` and ``Russians'`` give ``trump``
    and ``russians``), a contraction is not (``that's``, ``it's``, ``let's``: the
    words of ``analysis/resources/contractions_en.txt``). Any apostrophe (straight,
    curly, ``\u02bc``) works and comes out straight, so ``Trump\u2019s`` is ``trump``
    whether or not the text went through :func:`normalize_text`. Punctuation is never a token.

    Parameters
    ----------
    stopwords
        Lower-case words to drop, e.g. :func:`load_stopwords`; ``None`` keeps all.
    keep_numbers
        Keep tokens made of digits (``2025``, ``300``); dropped by default.
    stem
        Reduce each token with NLTK's Snowball stemmer for English (data-free).
    lowercase
        Lower-case tokens (default). Stopwords are compared lower-cased either way.
    """
    drop = frozenset(stopwords or ())
    tokens: list[str] = []
    if any(mark in text for mark in _APOSTROPHES[1:]):
        text = text.translate(_STRAIGHT_APOSTROPHE)
    for token in _WORD.findall(text):
        if token[0].isdigit():
            if not keep_numbers:
                continue
        elif "'" in token:
            token = _without_possessive(token)
        folded = token.lower()
        if folded in drop:
            continue
        if stem:
            token = folded = stem_word(token)
        tokens.append(folded if lowercase else token)
    return tokens


@returns("tokens")
def tokens_table(sentences: pd.DataFrame, **tokenize_options: object) -> pd.DataFrame:
    """Tokens of every sentence, one row per token (a tidy table).

    ``tokenize_options`` are passed to :func:`tokenize`. (For the one-row-per-sentence
    table that :func:`analysis.term_frequencies` reads, see ``analyze(...).sentence_tokens``.)
    """
    rows = [
        (doc_id, sentence_id, position, token)
        for doc_id, sentence_id, text in zip(
            sentences["doc_id"], sentences["sentence_id"], sentences["text"], strict=True
        )
        for position, token in enumerate(tokenize(text, **tokenize_options))
    ]
    return conform(pd.DataFrame(rows, columns=["doc_id", "sentence_id", "position", "token"]), "tokens")


def has_words(text: str) -> bool:
    """Whether ``text`` holds at least one word (and so at least one sentence)."""
    return _WORD.search(text) is not None


def count_words(text: str) -> int:
    """Number of word tokens in ``text``, numbers included (the ``n_words`` of an article).

    The length of ``tokenize(text, keep_numbers=True)``, counted without making the tokens.
    """
    if any(mark in text for mark in _APOSTROPHES[1:]):
        text = text.translate(_STRAIGHT_APOSTROPHE)
    return len(_WORD.findall(text))
