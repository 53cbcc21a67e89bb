"""Word tokens, word counts, stopwords and stemming.

Data-free: the English stopword list and the contractions are shipped in
``analysis/resources`` (a project's ``data/`` may override them, see
:func:`analysis.core.config.resource_path`), stemming is NLTK's Snowball stemmer.
``nltk.download`` is never needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import filterfalse

import pandas as pd
from nltk.stem.snowball import SnowballStemmer

from analysis.core.config import read_resource_lines
from analysis.core.schema import conform, returns


def load_stopwords(extra: Iterable[str] = ()) -> frozenset[str]:
    """The shipped English stopword list (NLTK's 179 words) plus ``extra`` words, lower-cased."""
    return frozenset(read_resource_lines("stopwords_en.txt")) | {w.lower() for w in extra}


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


_COUNT_PIECE = 1 << 16


def count_words(text: str) -> int:
    """Number of word tokens in ``text``, numbers included (the ``n_words`` of an article).

    The length of ``tokenize(text, keep_numbers=True)``, counted without making the
    tokens. No token holds whitespace, so the text is counted piece by piece (pieces
    cut at spaces, so that a text of megabytes never becomes one list of all its
    words), and in each piece a run of letters between whitespace is one token
    without asking the pattern; only the other runs are searched.
    """
    count, start = 0, 0
    while start < len(text):
        cut = text.find(" ", start + _COUNT_PIECE) if len(text) - start > _COUNT_PIECE else -1
        end = len(text) if cut < 0 else cut
        runs = (text[start:end] if start or end < len(text) else text).split()
        others = " ".join(filterfalse(str.isalpha, runs))
        if any(mark in others for mark in _APOSTROPHES[1:]):
            others = others.translate(_STRAIGHT_APOSTROPHE)
        count += sum(map(str.isalpha, runs)) + len(_WORD.findall(others))
        start = end
    return count
