"""A rule-based sentence splitter for English news text, in linear time.

One compiled regular expression finds every candidate end: a run of ``.``, ``!``,
``?`` or ``…``, the quotes and brackets that close after it (also a lone closing
quote or bracket set off by spaces, as in ``... elections. " They``), then
whitespace; or, glued without a space, a closing quote or bracket followed by a
capital (``the law."Full video``). A few rules, read from the word before and the
word after, decide whether the candidate ends a sentence:

* ``!`` or ``?``: an end, unless a lower-case word follows (``"Why?" she asked``);
* ``...`` (or ``…``): an end only before a word that starts sentences (``The``,
  ``But``, ``He``…, shipped in ``sentence_starters_en.txt``), not before a name or
  an omission inside a quote (``is ... Vladimir Putin``), and never where it opens
  a quotation (``"... We are ready``);
* ``..`` or four dots and more: a full stop with emphasis, an end unless a
  lower-case word follows (``the U.S.. She``);
* a full stop after an abbreviation (``abbreviations_en.txt``: ``Sen.``,
  ``U.S.``, ``Calif.``…), a dotted initialism (``N.B.A.``, ``J.R.R.``) or an
  initial (``Johnny B. Goode``): an end only before a sentence starter, so ``the
  U.S. Senate`` and ``(R-Calif.) said`` stay whole while ``the U.S. The next
  day`` ends;
* ``No.``, ``Art.``… (``number_abbreviations_en.txt``): not an end before a number
  (``No. 2 in the polls``), a full stop otherwise (``He said no. Then``);
* a full stop after a number: an end unless a lower-case word or punctuation
  that cannot start a sentence (``,;:``) follows (``2022. , :`` in captions);
* any other full stop: an end.

Paragraphs (separated by :data:`PARAGRAPH_SEPARATOR`) are split separately. Each
candidate is decided from a bounded window around it, the regular expression never
backtracks over a run it has matched (possessive quantifiers; a run of stops is
matched only from its first character), and quotes are counted once, so the time
is linear in the length of the text whatever it holds (issue 10).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from analysis.core.config import read_resource_lines
from analysis.core.errors import AnalysisError
from analysis.core.schema import conform, returns

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

PARAGRAPH_SEPARATOR = "\n\n"

_OPENING_QUOTES = "\"'\u201c\u2018\u00ab"
_OPENERS = _OPENING_QUOTES + "([{"
_CLOSERS = "\"'\u201d\u2019\u00bb)\\]}"
_CANDIDATE = re.compile(
    rf"""(?P<stop>[.!?\u2026](?<![.!?\u2026][.!?\u2026])[.!?\u2026]*+)  # a whole run, never its tail
         (?=[\s{_CLOSERS}])
         (?P<close>[{_CLOSERS}]*+(?:\s++[{_CLOSERS}]++(?=\s|\Z))*+)
         (?P<space>\s*+)""",
    re.VERBOSE,
)
_NEXT_WORD = re.compile(rf"[{_OPENERS}]{{0,4}}+(?P<word>[^\W_][\w'\u2019]{{0,15}}+)?(?P<after>[-.]?)")
_PREVIOUS_WORD = re.compile(r"(?:[^\W_]{1,2}\.)*+[\w&'\u2019]*+\Z")
_DOTTED = re.compile(r"[^\W\d_]{1,2}(?:\.[^\W\d_]{1,2})++")
_NUMBER = re.compile(r"\d[\d,.]*+")
_WINDOW = 32
_ELLIPSES = frozenset(("...", "\u2026"))
_NO_BREAK_AFTER_NUMBER = frozenset(",;:")


class _WordLists(NamedTuple):
    """The shipped word lists that the decision rules read."""

    abbreviations: frozenset[str]
    cased_abbreviations: frozenset[str]
    number_abbreviations: frozenset[str]
    starters: frozenset[str]


@lru_cache(maxsize=1)
def _word_lists() -> _WordLists:
    """Abbreviations (lower-case entries match any case, capitalised ones only as written), ``No.``-like words, starters."""
    abbreviations = read_resource_lines("abbreviations_en.txt")
    return _WordLists(
        abbreviations=frozenset(a for a in abbreviations if a == a.lower()),
        cased_abbreviations=frozenset(a for a in abbreviations if a != a.lower()),
        number_abbreviations=frozenset(w.lower() for w in read_resource_lines("number_abbreviations_en.txt")),
        starters=frozenset(read_resource_lines("sentence_starters_en.txt")),
    )


def _previous_word(text: str, start: int) -> str:
    """The word just before ``text[start]``: letters, digits and inner dots (``U.S``, ``Calif``, ``2022``)."""
    window = text[start - _WINDOW if start > _WINDOW else 0 : start]
    if not window or window[-1].isspace():
        return ""
    token = window.rsplit(None, 1)[-1]
    return token if token.isalpha() else _PREVIOUS_WORD.search(token).group()


def _word_kind(word: str, lists: _WordLists) -> str:
    """How the word before a full stop bears on the decision.

    ``"abbreviation"`` (listed, dotted initialism or single-letter initial; an
    all-capitals word such as ``FT`` or ``LA`` is an acronym, not ``Ft.`` or ``La.``),
    ``"number_abbreviation"`` (``No``), ``"number"`` or ``"word"``.
    """
    folded = word.lower()
    if word in lists.cased_abbreviations or (
        folded in lists.abbreviations and not (word.isupper() and len(word) > 1 and "." not in word)
    ):
        return "abbreviation"
    if word.isalpha():
        if len(word) == 1:
            return "abbreviation"
        return "number_abbreviation" if folded in lists.number_abbreviations else "word"
    if _NUMBER.fullmatch(word):
        return "number"
    return "abbreviation" if _DOTTED.fullmatch(word) else "word"


def _next_word(text: str, following: int, lists: _WordLists) -> tuple[str, bool]:
    """The first character of the next sentence (past opening quotes and brackets) and whether its word is a starter."""
    match = _NEXT_WORD.match(text, following, following + 24)
    word = match["word"]
    if not word:
        return text[following : following + 1], False
    return word[0], not match["after"] and word.replace("\u2019", "'") in lists.starters


def _opens_quotation(text: str, start: int) -> bool:
    """Whether ``text[start]`` directly follows an opening quote (``said. "... We are ready``, not ``[...] It``)."""
    return start > 0 and text[start - 1] in _OPENING_QUOTES and (start == 1 or text[start - 2].isspace())


def _is_end(text: str, stop: str, start: int, following: int, lists: _WordLists) -> bool:
    """Whether the candidate ``stop`` at ``start``, with the next sentence at ``following``, ends a sentence."""
    if stop == ".":
        kind = _word_kind(_previous_word(text, start), lists)
        if kind == "word":
            return True
        first, starter = _next_word(text, following, lists)
        if kind == "abbreviation":
            return starter
        if kind == "number":
            return not (first.islower() or first in _NO_BREAK_AFTER_NUMBER)
        return not first.isdigit()
    first, starter = _next_word(text, following, lists)
    if stop in _ELLIPSES:
        return starter and not _opens_quotation(text, start)
    return not first.islower()


def _boundaries(paragraph: str, begin: int, end: int, lists: _WordLists) -> Iterator[tuple[int, int]]:
    """``(end of a sentence, start of the next)`` for every sentence end inside ``paragraph[begin:end]``.

    A candidate glued to a capital by a straight double quote (``said."What``)
    keeps the quote when the sentence holds an odd number of them (it closes a
    quotation), and leaves it to the next sentence otherwise (it opens one). The
    quotes are counted once, from where the last count stopped.
    """
    counted, quotes = begin, 0
    for match in _CANDIDATE.finditer(paragraph, begin, end):
        following = match.end()
        if following >= end:
            return
        boundary = (match.start("space"), following)
        if not match["space"]:
            if not (match["close"] and paragraph[following].isupper()):
                continue
            if match["close"] == '"':
                close = match.start("close")
                quotes += paragraph.count('"', counted, close)
                counted = close
                if quotes % 2 == 0:
                    boundary = (close, close)
        if _is_end(paragraph, match["stop"], match.start(), following, lists):
            yield boundary
            counted, quotes = boundary[1], 0


def _paragraph_spans(paragraph: str, offset: int, lists: _WordLists) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, shifted by ``offset`` (the paragraph's place in the text)."""
    begin = len(paragraph) - len(paragraph.lstrip())
    end = len(paragraph.rstrip())
    spans: list[tuple[int, int]] = []
    for sentence_end, next_start in _boundaries(paragraph, begin, end, lists):
        spans.append((offset + begin, offset + sentence_end))
        begin = next_start
    if begin < end:
        spans.append((offset + begin, offset + end))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text``, in order.

    ``text[start:end]`` is a sentence without the whitespace around it; every
    character of ``text`` that is not whitespace lies in exactly one span.
    Paragraphs (separated by a blank line, :data:`PARAGRAPH_SEPARATOR`) are split
    separately, so a headline without a full stop never merges with the paragraph
    after it. See the module docstring for the rules.
    """
    if not isinstance(text, str):
        raise AnalysisError(
            f"sentence_spans: expected the text as a str, got {type(text).__name__}. "
            "Pass one article's text (e.g. articles['text'][i]), not a list or a missing value."
        )
    return list(_spans(text))


def sentence_span_array(text: str) -> np.ndarray:
    """:func:`sentence_spans` as an ``(n, 2)`` array of ``(start, end)``, built without the list of tuples,
    which takes eight times the memory: for texts of millions of sentences."""
    if not isinstance(text, str):
        return np.array(sentence_spans(text))  # raises the error sentence_spans gives
    return np.fromiter(chain.from_iterable(_spans(text)), dtype=np.int64).reshape(-1, 2)


def _spans(text: str) -> Iterator[tuple[int, int]]:
    """The sentence spans of ``text``, paragraph by paragraph (each paragraph read on its own, never all at once)."""
    lists = _word_lists()
    offset = 0
    while True:
        end = text.find(PARAGRAPH_SEPARATOR, offset)
        paragraph = text[offset:] if end < 0 else text[offset:end]
        yield from _paragraph_spans(paragraph, offset, lists)
        if end < 0:
            return
        offset = end + len(PARAGRAPH_SEPARATOR)


def explain_boundary(text: str, offset: int) -> str:
    """The rule that decides the candidate whose stop ends at ``offset``, and the kind of word after it.

    For reports on where two splitters differ: e.g. ``"abbreviation + starter"``
    for ``the U.S.| The next day``, ``"!? + lower-case"`` for ``"Why?|" she asked``.
    The rules are those of the module docstring; ``"no stop"`` when no ``.!?…``
    ends at ``offset``.
    """
    start = offset
    while start > 0 and text[start - 1] in ".!?\u2026":
        start -= 1
    stop = text[start:offset]
    following = offset
    while following < len(text) and (text[following].isspace() or text[following] in _CLOSERS):
        following += 1
    first, starter = _next_word(text, following, _word_lists())
    after = "starter" if starter else "capital" if first.isupper() else "lower-case" if first.islower() else (
        "digit" if first.isdigit() else "other"
    )
    if not stop:
        rule = "no stop"
    elif "!" in stop or "?" in stop:
        rule = "!?"
    elif stop in _ELLIPSES:
        rule = "ellipsis"
    elif len(stop) > 1:
        rule = "dots"
    else:
        rule = _word_kind(_previous_word(text, start), _word_lists()).replace("_", " ")
    return f"{rule} + {after}"


def boundary_offsets(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Where ``spans`` end sentences inside ``text``, one offset per gap, for comparing two splitters.

    Each span end but the last, moved back over whitespace and closing quotes and
    brackets: two splitters that end the same sentence on either side of a closing
    quote (``law.|"Full`` and ``law."|Full``) give the same offset.
    """
    offsets: set[int] = set()
    for _, end in spans[:-1]:
        while end > 0 and (text[end - 1].isspace() or text[end - 1] in _CLOSERS):
            end -= 1
        offsets.add(end)
    return offsets


@lru_cache(maxsize=1)
def _punkt_tokenizer() -> PunktSentenceTokenizer:
    """Punkt with the lower-case shipped abbreviations (nltk is imported only when this is first called)."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(_word_lists().abbreviations)
    return PunktSentenceTokenizer(params)


def punkt_sentence_spans(text: str) -> list[tuple[int, int]]:
    """The spans NLTK's Punkt gives with the shipped abbreviations, paragraph by paragraph.

    The splitter :func:`sentence_spans` replaces, kept as the reference that the
    tests and ``benchmarks/bench_splitter.py`` compare with. Punkt lower-cases
    words, so it gets the lower-case abbreviations only.
    """
    tokenizer = _punkt_tokenizer()
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split(PARAGRAPH_SEPARATOR):
        spans.extend((offset + s, offset + e) for s, e in tokenizer.span_tokenize(paragraph))
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return spans


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
