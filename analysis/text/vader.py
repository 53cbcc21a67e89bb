"""VADER sentence scores identical to vaderSentiment 3.3.2's, several times faster.

:class:`VaderScorer` subclasses the library's ``SentimentIntensityAnalyzer``: it
reads the same lexicon and emoji files from the installed package (through the
library's own constructor) and uses the library's constants, but replaces
``polarity_scores`` with a rewrite of the same algorithm that skips avoidable work
and keeps every floating-point operation that can change a result, in the
library's order:

* the character-by-character emoji pass runs only on a text holding one of the
  lexicon's emoji characters (ASCII text holds none), as one regex substitution
  with the library's spacing rule;
* the words are lower-cased once (ASCII text: all at once, before the punctuation
  is stripped), not again for every rule and the whole sentence again for every
  lexicon word;
* only words of the lexicon are scored; a sentence with none gets ``neu = 1``,
  which is what the library's arithmetic gives it;
* a lexicon word not in capitals with no word near it that makes a rule act (a
  negation, booster, "no", "least", "so", "this", a word of an idiom), in a
  sentence without "n't", keeps its lexicon value: the library's rules leave it
  unchanged but for adding ``0.0``, which alters only ``-0.0`` (a zero value takes
  the full path);
* "but" re-weights only the lexicon words' values, with the library's quirk of
  changing the first equal value (``list.index``) rather than the current one;
* results are rounded as ``round`` does, without its decimal conversion except
  within 1e-7 of a tie (see :func:`_round`).

Equalities this relies on (``tests/test_vader.py`` checks the results against the
library): ``str.strip`` and ``str.split`` share one definition of whitespace, so
the library's ``strip()`` of the text changes nothing it reads later;
``isupper`` is blind to the ASCII punctuation the library strips from words;
``str.lower`` is idempotent and never makes whitespace, so the library's phrases
("kind of", "the shit") match its formatted n-grams exactly when the words match a
tuple; zero sentiments change neither ``sum`` nor the positive and negative sums,
whatever their sign.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Sequence
from itertools import compress, count

import numpy as np
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
    normalize,
)

from analysis.core.errors import SentimentError

SCORE_KEYS = ("neg", "neu", "pos", "compound")

#: The library's result for a text with no words, and for words none of which is scored.
_EMPTY = (0.0, 0.0, 0.0, 0.0)
_NEUTRAL = (0.0, 1.0, 0.0, 0.0)
_NEGATE = frozenset(NEGATE)
_SO_THIS = ("so", "this")
_PUNCTUATION = string.punctuation


def _phrases(table: dict[str, float]) -> dict[tuple[str, ...], float]:
    """The multi-word entries of ``table`` keyed by their words."""
    return {tuple(key.split(" ")): value for key, value in table.items() if " " in key}


_SPECIAL_PHRASES = _phrases(SPECIAL_CASES)
_BOOSTER_PHRASES = _phrases(BOOSTER_DICT)
#: Words too common to mark an idiom: each idiom is marked by its other words.
_COMMON_WORDS = frozenset({"the", "to", "of", "for", "just", "bad", "right", "stop", "death", "heart"})


def _idiom_markers(phrases: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """Words at least one of which is in every phrase (its uncommon words, or all if it has none)."""
    return frozenset(word for phrase in phrases for word in (set(phrase) - _COMMON_WORDS or phrase))


#: Words that make a rule read near a lexicon word: negations (with "never", "without"),
#: boosters, "no", "least" and "so"/"this" (the ×1.25 rule) up to three words before it;
#: a word of each idiom the rule looks for (from three words before it to two after).
#: "or", "nor", "at", "very", "doubt" matter only beside "no", "least" or "without".
_CONTEXT_WORDS = frozenset(
    {*_NEGATE, *BOOSTER_DICT, "no", "least", "so", "this", *_idiom_markers((*_SPECIAL_PHRASES, *_BOOSTER_PHRASES))}
)
#: Lexicon words with a rule of their own ("no" negates the next word, "kind of" is a dampener).
_SELF_MODIFYING = frozenset({"no", "kind"})
#: 10 ** ndigits, for :func:`_round`.
_SCALES = {3: 1e3, 4: 1e4}


def _lowered_words(text: str) -> list[str]:
    """The library's words of ``text``, lower-cased.

    Each whitespace-separated token loses its leading and trailing ASCII
    punctuation when more than two characters remain. Lower-casing ASCII maps
    letters one to one and leaves punctuation alone, so for ASCII text it can come
    first, on the whole text; a token of letters and digits only (most) has nothing
    to strip.
    """
    if text.isascii():
        return [
            word if word.isalnum() or len(stripped := word.strip(_PUNCTUATION)) <= 2 else stripped
            for word in text.lower().split()
        ]
    return [SentiText._strip_punc_if_word(token).lower() for token in text.split()]


def _negated(word: str) -> bool:
    """The library's ``negated([word])`` for a lower-cased word."""
    return word in _NEGATE or "n't" in word


def _negation_check(valence: float, words: list[str], start_i: int, i: int) -> float:
    """The library's ``_negation_check`` on the lower-cased words (including its ``so``/``this`` precedence quirk)."""
    if start_i == 0:
        if _negated(words[i - 1]):
            valence = valence * N_SCALAR
    elif start_i == 1:
        if words[i - 2] == "never" and words[i - 1] in _SO_THIS:
            valence = valence * 1.25
        elif words[i - 2] == "without" and words[i - 1] == "doubt":
            pass
        elif _negated(words[i - 2]):
            valence = valence * N_SCALAR
    else:
        # The library reads `never and (so or this) or (so or this)`: "so"/"this" just before the word is enough.
        if (words[i - 3] == "never" and words[i - 2] in _SO_THIS) or words[i - 1] in _SO_THIS:
            valence = valence * 1.25
        elif words[i - 3] == "without" and (words[i - 2] == "doubt" or words[i - 1] == "doubt"):
            pass
        elif _negated(words[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, words: list[str], i: int) -> float:
    """The library's ``_special_idioms_check`` (``i >= 3``) on the lower-cased words, phrases as word tuples."""
    three, two, one, zero = words[i - 3 : i + 1]
    for phrase in ((one, zero), (two, one, zero), (two, one), (three, two, one), (three, two)):
        if phrase in _SPECIAL_PHRASES:
            valence = _SPECIAL_PHRASES[phrase]
            break
    if len(words) - 1 > i and (zero, words[i + 1]) in _SPECIAL_PHRASES:
        valence = _SPECIAL_PHRASES[zero, words[i + 1]]
    if len(words) - 1 > i + 1 and (zero, words[i + 1], words[i + 2]) in _SPECIAL_PHRASES:
        valence = _SPECIAL_PHRASES[zero, words[i + 1], words[i + 2]]
    for phrase in ((three, two, one), (three, two), (two, one)):
        if phrase in _BOOSTER_PHRASES:
            valence = valence + _BOOSTER_PHRASES[phrase]
    return valence


def _but_check(values: list[float], hits: list[int], but_at: int) -> None:
    """The library's ``_but_check`` on the scored words' ``values`` (at positions ``hits``), in place.

    As in the library, each value's new weight goes to the first position holding an
    equal value (``list.index``). Unscored words hold 0, equal to no non-zero value,
    and a zero stays zero, so leaving them out changes nothing.
    """
    for value in values:
        first = values.index(value)
        if hits[first] < but_at:
            values[first] = value * 0.5
        elif hits[first] > but_at:
            values[first] = value * 1.5


def _punctuation_emphasis(text: str) -> float:
    """The library's ``_punctuation_emphasis``: up to four "!", and two or more "?"."""
    ep_count = text.count("!")
    if ep_count > 4:
        ep_count = 4
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_count * 0.292 + qm_amplifier


def _round(x: float, ndigits: int) -> float:
    """``round(x, ndigits)`` for ``ndigits`` 3 or 4 and ``abs(x) <= 1``, without its decimal conversion.

    ``round`` rounds the exact value of ``x`` times ``10**ndigits`` to an integer
    (ties to even) and returns the float nearest that integer over ``10**ndigits``.
    The product computed in floating point is within 2e-12 of the exact one, so
    unless it lies within 1e-7 of a tie both round to the same integer, and one
    correctly rounded division gives the same float; the sign of a zero result is
    that of ``x``. Near a tie, ``round`` itself decides.
    """
    scale = _SCALES[ndigits]
    scaled = x * scale
    nearest = round(scaled)
    if abs(scaled - nearest) > 0.4999999:
        return round(x, ndigits)
    return math.copysign(nearest / scale, x)


def _score_valence(values: list[float], n_words: int, text: str) -> tuple[float, float, float, float]:
    """The library's ``score_valence`` (rounded ``neg, neu, pos, compound``) of ``n_words`` words.

    ``values`` are the scored words' sentiments in order; the others' are 0. The
    library sums all of them, starting from 0: a partial sum is never -0.0, so
    adding a zero leaves it as it is, and summing ``values`` alone gives the same.
    """
    sum_s = float(sum(values))
    punct_emph_amplifier = _punctuation_emphasis(text)
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = normalize(sum_s)
    fabs = math.fabs
    pos_sum, neg_sum, neu_count = 0.0, 0.0, n_words
    for sentiment_score in values:
        if sentiment_score > 0:
            pos_sum += float(sentiment_score) + 1
            neu_count -= 1
        elif sentiment_score < 0:
            neg_sum += float(sentiment_score) - 1
            neu_count -= 1
    if pos_sum > fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < fabs(neg_sum):
        neg_sum -= punct_emph_amplifier
    total = pos_sum + fabs(neg_sum) + neu_count
    neg, neu, pos = fabs(neg_sum / total), fabs(neu_count / total), fabs(pos_sum / total)
    return _round(neg, 3), _round(neu, 3), _round(pos, 3), _round(compound, 4)


def _emoji_candidates(code_points: Iterable[int], *, gap: int = 256) -> re.Pattern[str]:
    """A character class of a few ranges covering all of ``code_points`` (and others between them).

    A class of the ~1,200 emoji characters themselves is matched by ``re`` one
    entry at a time (they lie beyond U+FFFF), about a millisecond per sentence; a
    few ranges, then an exact look-up of each candidate, cost almost nothing.
    """
    ranges: list[list[int]] = []
    for code in sorted(code_points):
        if ranges and code - ranges[-1][1] <= gap:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)
    return re.compile(f"[{parts}]" if parts else "(?!)")


def _checked(text: object, at: int | None) -> str:
    """``text`` if it is a string (``at``: its place among the texts, if any), else a SentimentError."""
    if not isinstance(text, str):
        where = "the text" if at is None else f"texts[{at}]"
        raise SentimentError(f"{where} is {type(text).__name__} {text!r:.60}, not a string: VADER scores strings; "
                             "convert it with str() or drop it.")
    return text


class VaderScorer(SentimentIntensityAnalyzer):
    """vaderSentiment's analyzer with a faster ``polarity_scores`` that returns identical scores.

    Built like the library's analyzer (same lexicon and emoji files, read from the
    installed vaderSentiment package). The rules read ``lexicon`` and ``emojis`` as
    they were at construction: build a new scorer rather than editing them.
    """

    def __init__(self, lexicon_file: str = "vader_lexicon.txt", emoji_lexicon: str = "emoji_utf8_lexicon.txt") -> None:
        super().__init__(lexicon_file=lexicon_file, emoji_lexicon=emoji_lexicon)
        # Booster words score 0 before the lexicon is consulted, so they are never scored words.
        self._scored = {word: value for word, value in self.lexicon.items() if word not in BOOSTER_DICT}
        # The library's emoji pass compares one character at a time: only one-character entries can match.
        self._emoji = _emoji_candidates(ord(key) for key in self.emojis if len(key) == 1)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``neg``, ``neu``, ``pos`` and ``compound`` of ``text``, equal to the library's."""
        return dict(zip(SCORE_KEYS, self._scores(_checked(text, None))))

    def score_texts(self, texts: Sequence[str]) -> np.ndarray:
        """The scores of every text as an ``(n, 4)`` float array, columns ``neg, neu, pos, compound``."""
        rows = [self._scores(_checked(text, at)) for at, text in enumerate(texts)]
        return np.array(rows, dtype=float).reshape(len(rows), 4)

    # ----------------------------------------------------------------- the algorithm

    def _has_emoji(self, text: str) -> bool:
        """Whether the library's emoji pass would change ``text``."""
        emojis = self.emojis
        return any(match.group() in emojis for match in self._emoji.finditer(text))

    def _describe_emoji(self, text: str) -> str:
        """The library's emoji pass: each emoji character replaced by its description, spaced as the library does."""

        def describe(match: re.Match[str]) -> str:
            char, at = match.group(), match.start()
            if char not in self.emojis:
                return char
            space = "" if at == 0 or text[at - 1] == " " else " "
            return space + self.emojis[char]

        return self._emoji.sub(describe, text).strip()

    def _scores(self, text: str) -> tuple[float, float, float, float]:
        """The library's ``polarity_scores`` of ``text`` as a tuple in ``SCORE_KEYS`` order."""
        if not text.isascii() and self._has_emoji(text):
            text = self._describe_emoji(text)
        words = _lowered_words(text)
        if not words:
            return _EMPTY
        hits = list(compress(count(), map(self._scored.__contains__, words)))
        if not hits:
            return _NEUTRAL
        values = self._values(text, words, hits)
        if "but" in words:
            _but_check(values, hits, words.index("but"))
        return _score_valence(values, len(words), text)

    def _values(self, text: str, words: list[str], hits: list[int]) -> list[float]:
        """The library's valences of the lexicon words at ``hits``, before the "but" rule."""
        tokens = text.split()  # the words as written, for the capitals rules
        # Every word holding "n't" is in the lower-cased text (which may hold more).
        contracted = "'" in text and "n't" in text.lower()
        lexicon = self.lexicon
        values = []
        for i in hits:
            word = words[i]
            if (
                contracted
                or word in _SELF_MODIFYING
                or tokens[i].isupper()
                or not _CONTEXT_WORDS.isdisjoint(words[i - 3 if i > 3 else 0 : i + 3])
                or lexicon[word] == 0
            ):
                values.append(self._valence(tokens, words, i))
            else:  # no rule applies: the library adds 0.0 to the lexicon value, a no-op on a non-zero value
                values.append(lexicon[word])
        return values

    def _valence(self, tokens: list[str], words: list[str], i: int) -> float:
        """The library's ``sentiment_valence`` for the lexicon word at ``i``, every rule applied (``tokens`` keep the case)."""
        lexicon = self.lexicon
        word = words[i]
        if word == "kind" and i < len(words) - 1 and words[i + 1] == "of":
            return 0  # the library's int 0, as for a booster word
        valence = lexicon[word]
        if word == "no" and i != len(words) - 1 and words[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and words[i - 1] == "no")
            or (i > 1 and words[i - 2] == "no")
            or (i > 2 and words[i - 3] == "no" and words[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[word] * N_SCALAR
        if tokens[i].isupper() and allcap_differential(tokens):
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            before = i - (start_i + 1)
            if before >= 0 and words[before] not in lexicon:
                s = _scalar_inc_dec(tokens, words, before, valence)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, words, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, words, i)
        if i > 0 and words[i - 1] == "least" and "least" not in lexicon and (i == 1 or words[i - 2] not in ("at", "very")):
            valence = valence * N_SCALAR
        return valence


def _scalar_inc_dec(tokens: list[str], words: list[str], at: int, valence: float) -> float:
    """The library's ``scalar_inc_dec`` for the word at ``at`` (``tokens`` keep the case, ``words`` are lower-cased)."""
    scalar = 0.0
    if words[at] in BOOSTER_DICT:
        scalar = BOOSTER_DICT[words[at]]
        if valence < 0:
            scalar *= -1
        if tokens[at].isupper() and allcap_differential(tokens):
            if valence > 0:
                scalar += C_INCR
            else:
                scalar -= C_INCR
    return scalar
