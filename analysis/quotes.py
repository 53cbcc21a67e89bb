"""Quotations: who gets to speak, in whose words, and in which outlet.

:func:`find_quotes` finds every quotation in each article and attributes it to a
speaker, with rules a reader can check:

- **Quotation marks** are paired per paragraph: straight, curly and low (``"“”„``),
  single (``'‘’``, told apart from apostrophes by the letters around them) and
  guillemets (``«»``). Marks of another family inside an open quotation are nested
  quotes and belong to it. A mark that opens again while a quotation is open, or a
  paragraph that ends open and a next one that opens with the same family, continue
  the same quotation (the convention for quotes running over several paragraphs).
  A paragraph opened by a dash ("— The sanctions issue…," Blokhin told Izvestia) is
  direct speech, with or without a closing mark.
- **Kinds**: ``direct`` is a quoted statement (it starts with a capital after a
  sentence start, colon, comma or dash, or holds several sentences); ``partial`` is a
  few quoted words inside the writer's sentence; ``indirect`` is reported speech without
  marks ("X said (that) …", "…, X said", "according to X, …"), looked for only in
  sentences without a kept quotation.
- **Attribution**: a speech verb or phrase from ``analysis/resources/speech_verbs_en.txt``
  next to the quotation (after it, or before it in the same sentence, or ending the
  previous sentence with a colon) names the speaker: its subject, or the words after
  it when inverted ("said Peskov"). Passives ("Russia is said to…") and nouns ("his
  claims") are not speech. The actor is the first actor named (not in the possessive)
  in the speaker's words; a pronoun or role ("he", "the envoy") is resolved to the
  actor most recently named before it, outside quotations, when that is unambiguous:
  one actor in that sentence (or the previous speaker among several), no unlisted
  person quoted in between, and for titles ("the general") a matching role or title.
  An unattributed direct quotation right after an attributed one continues it.
- **Not quotations**: quoted words that no speech verb in their sentence claims
  (scare quotes, terms, titles: the "security zone" Russia is said to push for), and
  short capitalised quotes standing alone ("Zoolander" met Zelenskyy).

The aggregates (:func:`quote_counts`, :func:`quote_tone`) are tidy tables without I/O.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, NamedTuple, TypeVar

import ahocorasick
import numpy as np
import pandas as pd

from analysis.actors import ActorsLike, actor_sentiment, find_mentions, load_actors
from analysis.checks import article_groups, require_columns, require_unique_ids
from analysis.config import read_resource_lines, resource_path
from analysis.errors import QuoteError
from analysis.progress import progress_bar
from analysis.schema import conform, returns
from analysis.sentiment import score_sentences
from analysis.stats import grouped_bootstrap_ci, small_n
from analysis.text import PARAGRAPH_SEPARATOR, count_words, sentence_spans

SPEECH_WORDS_FILE = "speech_verbs_en.txt"
QUOTE_COLUMNS = ["doc_id", "sentence_id", "start", "end", "quote", "kind", "speaker_text", "actor"]
KINDS = ("direct", "partial", "indirect")
#: The row of :func:`quote_counts` for quoted words of no listed actor (unlisted or unknown speakers).
OTHER_SPEAKERS = "(unlisted or unknown)"
_T = TypeVar("_T")
_SECTIONS = ("verbs", "that", "tell", "according", "pronouns", "titles", "people", "not_speakers")


# ------------------------------------------------------------------ speech words


@dataclass(frozen=True)
class SpeechWords:
    """The editable word lists of :func:`load_speech_words`, with the patterns built from them."""

    verbs: frozenset[str]
    that_only: frozenset[str]
    tell: frozenset[str]
    according: tuple[str, ...]
    pronouns: frozenset[str]
    titles: frozenset[str]
    people: frozenset[str]
    not_speakers: frozenset[str]
    phrases: Mapping[str, re.Pattern[str]]
    first_words: ahocorasick.Automaton  # the keys of ``phrases``, to find them in one pass over a text

    def key(self) -> list[list[str]]:
        """Every word list, sorted: what decides the quotations found (for a cache key)."""
        return [sorted(getattr(self, name)) for name in ("verbs", "that_only", "tell", "according", "pronouns", "titles", "people",
                                                         "not_speakers")]


#: Every character that ``str.isspace`` and the ``\\s`` of regular expressions count as whitespace.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
              "\u2028\u2029\u202f\u205f\u3000")


def _automaton(groups: Mapping[str, list[str]]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton of the first words of ``groups`` (first word: its phrases), reporting
    ``(last index, (word length, key length))``. A first word whose phrases all go on after it ("in
    the words of") is keyed with each whitespace character after it, so that "in" is not looked at
    inside every word holding it."""
    automaton = ahocorasick.Automaton()
    for first, group in groups.items():
        for after in WHITESPACE if all(" " in phrase for phrase in group) else [""]:
            automaton.add_word(first + after, (len(first), len(first) + len(after)))
    automaton.make_automaton()
    return automaton


def _parse_sections(lines: Iterable[str], origin: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {name: [] for name in _SECTIONS}
    current: str | None = None
    for number, line in enumerate(lines, 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("[") and entry.endswith("]"):
            current = entry[1:-1].strip().lower()
            if current not in sections:
                raise QuoteError(f"{origin}, line {number}: unknown section [{current}]; the sections are "
                                 f"{', '.join(f'[{s}]' for s in _SECTIONS)}.")
            continue
        if current is None:
            raise QuoteError(f"{origin}, line {number}: {entry!r} comes before any [section] line; put it under "
                             "[verbs], [according] or another section.")
        sections[current].append(" ".join(entry.lower().split()))
    if not sections["verbs"] and not sections["according"]:
        raise QuoteError(f"{origin}: no [verbs] and no [according] entries, so nothing could attribute a quotation; "
                         "list speech verbs such as 'said' under [verbs].")
    return sections


@lru_cache(maxsize=8)
def _load_speech_words(path: str) -> SpeechWords:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuoteError(f"{path}: cannot read the speech-word list ({exc}); pass the path of a text file like "
                         f"{SPEECH_WORDS_FILE}.") from exc
    sections = _parse_sections(lines, path)
    phrases: dict[str, list[str]] = {}
    for phrase in {*sections["verbs"], *sections["according"]}:
        phrases.setdefault(phrase.split(" ")[0], []).append(phrase)
    patterns = {first: re.compile("|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(group, key=len, reverse=True))
                                  + r"(?![\w'\u2019-])", re.IGNORECASE) for first, group in phrases.items()}
    return SpeechWords(verbs=frozenset(sections["verbs"]), that_only=frozenset(sections["that"]), tell=frozenset(sections["tell"]),
                       according=tuple(sections["according"]), pronouns=frozenset(sections["pronouns"]),
                       titles=frozenset(sections["titles"]), people=frozenset(sections["people"]),
                       not_speakers=frozenset(sections["not_speakers"]), phrases=patterns, first_words=_automaton(phrases))


def load_speech_words(path: str | os.PathLike[str] | None = None) -> SpeechWords:
    """The speech verbs, attribution phrases, pronouns and role nouns that :func:`find_quotes` uses.

    ``path`` is a file like the shipped ``analysis/resources/speech_verbs_en.txt``
    (None: that file): ``[section]`` lines, then one lower-case entry a line.
    Raises :class:`QuoteError` for an unknown section or an entry outside one.
    """
    return _load_speech_words(str(resource_path(SPEECH_WORDS_FILE) if path is None else Path(path).expanduser()))


# ------------------------------------------------------------------ quotation marks

_FAMILY = {'"': "D", "\u201c": "D", "\u201d": "D", "\u201e": "D", "\u201f": "D",
           "'": "S", "\u2018": "S", "\u2019": "S", "\u201a": "S", "\u00ab": "G", "\u00bb": "G"}
_MARK = re.compile("[" + re.escape("".join(_FAMILY)) + "]")
_DOUBLE_MARK = re.compile("[" + re.escape("".join(c for c, family in _FAMILY.items() if family != "S")) + "]")
_SINGLE_MARK = re.compile("[" + re.escape("".join(c for c, family in _FAMILY.items() if family == "S")) + "]")
_DASHES = "\u2014\u2013-"
_OPENERS = frozenset("\u201c\u201e\u201f\u2018\u201a\u00ab")
_CLOSERS = frozenset("\u201d\u2019\u00bb")
_OPEN_BEFORE = frozenset("([{\u2014\u2013-/") | _OPENERS | {'"', "'"}
_CLOSE_AFTER = frozenset(".,;:!?)]}\u2014\u2013-") | _CLOSERS | {'"', "'"}
_DASH_START = re.compile(r"[\u2014\u2013-]\s+(?=[\"'\u201c\u00ab]?[A-Z0-9])")
_CONTRACTION = re.compile(r"(?:s|t|d|m|ll|re|ve)(?![\w'])")
_MAX_UNCLOSED = 600  # an unclosed mark farther from its paragraph's end than this is a stray mark
#: After a single mark: a lone letter before another lone letter, or a word of at most four characters before a lone
#: mark, a colon or a comma: the debris of a scraped embed ("'S ' ' ' Like", "'A ' Michael", "'I'M ' Zelensky",
#: "'S : The"), not the start of a quotation.
_DEBRIS = re.compile("\\w\\s+\\w\\s|[\\w'\u2019]{1,4}\\s+['\u2018\u2019:,]")


@dataclass(slots=True)
class _Marked:
    """Quoted text between marks: content offsets, the opening mark, and whether a dash opened it."""

    start: int
    end: int
    open_at: int
    dash: bool = False
    closed: bool = True


def _mark_role(text: str, i: int, lo: int, hi: int) -> str | None:
    """``open``, ``close``, ``both`` (either) or None (an apostrophe) for the quotation mark at ``i``."""
    char = text[i]
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if char in _OPENERS:
        return "open"
    if char in _CLOSERS and char != "\u2019":
        return "close"
    single = _FAMILY[char] == "S"
    if single and (before.isalnum() and after.isalnum() or before.isspace() and _CONTRACTION.match(text, i + 1, hi)):
        return None  # Russia's, don't, "on 's"
    can_open = (before.isspace() or before in _OPEN_BEFORE) and not after.isspace()
    can_close = (not before.isspace()) and (after.isspace() or after in _CLOSE_AFTER)
    if single:
        can_open = can_open and (after.isalnum() or after in "[(") and char != "\u2019"
        return "open" if can_open else "close" if can_close else None
    if can_open != can_close:
        return "open" if can_open else "close"
    return "both"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for paragraph in text.split(PARAGRAPH_SEPARATOR):
        spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return spans


def _opens_with(text: str, lo: int, hi: int, family: str) -> bool:
    i = lo + len(text[lo:hi]) - len(text[lo:hi].lstrip())
    return i < hi and _FAMILY.get(text[i]) == family and _mark_role(text, i, lo, hi) in ("open", "both")


def _pair(text: str, paragraphs: list[tuple[int, int]], marks: list[int], *, dashes: bool) -> list[_Marked]:
    """Quotations between the quotation marks at ``marks`` (sorted offsets: double marks and guillemets,
    or single marks), and with ``dashes`` paragraphs opened by a dash."""
    found: list[_Marked] = []
    current: _Marked | None = None
    family, depth = "", 0
    for number, (lo, hi) in enumerate(paragraphs):
        dash = _DASH_START.match(text, lo, hi) if current is None and dashes and text[lo:lo + 1] in _DASHES else None
        if dash:
            current, family, depth = _Marked(dash.end(), hi, lo, dash=True), "D", 0
        first = bisect.bisect_left(marks, lo)
        for i in marks[first:bisect.bisect_left(marks, hi, first)]:
            char_family = _FAMILY[text[i]]
            role = _mark_role(text, i, lo, hi)
            if role is None:
                continue
            if current is None:
                if role in ("open", "both") and not (char_family == "S" and _DEBRIS.match(text, i + 1, hi)):
                    current, family = _Marked(i + 1, hi, i), char_family
                continue
            if char_family != family:
                continue
            if current.dash and (role == "open" or (role == "both" and not depth)):
                depth += 1  # a quote inside dash speech
            elif current.dash and depth:
                depth -= 1
            elif role == "close" or (role == "both" and i > current.start) or (text[i] == "\u201c" and text[current.open_at] == "\u201e"):
                current.end = i
                found.append(current)
                current = None
            # an opening mark inside an open quotation continues it (a new paragraph of the same speech)
        if current is not None:
            following = paragraphs[number + 1] if number + 1 < len(paragraphs) else None
            if following and not current.dash and _opens_with(text, *following, family):
                continue  # the quotation goes on in the next paragraph
            current.end, current.closed = hi, False
            if current.dash or (family != "S" and hi - current.start <= _MAX_UNCLOSED):
                found.append(current)
            current = None
    return found


def _marked_spans(text: str) -> list[_Marked]:
    """Every quotation between marks in ``text`` (see the module docstring), in text order.

    Double marks and guillemets are paired first; single marks only outside them, so an
    apostrophe or a quote inside a quote cannot disturb them. A double-quoted span inside a
    single-quoted one is nested and dropped.
    """
    paragraphs = _paragraphs(text)
    double = _pair(text, paragraphs, [m.start() for m in _DOUBLE_MARK.finditer(text)], dashes=True)
    covered = np.zeros(len(text) + 1, dtype=bool)
    for span in double:
        covered[span.open_at:span.end + 1] = True
    singles = np.array([m.start() for m in _SINGLE_MARK.finditer(text)], dtype=np.int64)
    single = _pair(text, paragraphs, singles[~covered[singles]].tolist(), dashes=False)
    return sorted(_not_nested(double, single) + single, key=lambda span: span.open_at)


def _not_nested(spans: list[_Marked], outer: list[_Marked]) -> list[_Marked]:
    """``spans`` without those inside one of ``outer`` (from one pairing pass: in order and disjoint,
    so only the last one opening before a span can hold it)."""
    opens = [span.open_at for span in outer]
    kept = []
    for span in spans:
        last = bisect.bisect_left(opens, span.open_at) - 1
        if last < 0 or span.end > outer[last].end:
            kept.append(span)
    return kept


# ------------------------------------------------------------------ attribution

_WORD = re.compile(r"[\w'\u2019.$%-]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
_NOUN_BEFORE = frozenset({"the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "my",
                          "your", "such", "any", "no", "whose", "own"})
_FILLERS = frozenset({"has", "have", "had", "will", "would", "also", "previously", "later", "again", "further",
                      "then", "reportedly", "already", "repeatedly", "once", "recently", "publicly", "privately",
                      "earlier", "did", "does", "do", "can", "could", "may", "might", "must", "should", "just",
                      "only", "even", "still", "today", "yesterday", "now", "confidently", "simply", "since",
                      "subsequently", "however", "first", "initially", "openly", "separately", "allegedly", "apparently",
                      "clearly", "explicitly", "flatly", "quickly"})
_PREPOSITIONS = frozenset({"at", "in", "on", "during", "following", "after", "before", "despite", "speaking",
                           "citing", "asked", "addressing", "including", "from", "for", "to", "by", "under", "over",
                           "commenting", "reacting", "writing", "responding", "amid", "without", "until", "like",
                           "of", "about", "with", "into", "against", "between", "among", "through"})
_RELATIVES = frozenset({"what", "who", "whom", "which", "whose"})
_LEADING = frozenset({"and", "but", "while", "although", "though", "as", "when", "if", "because", "whereas", "so",
                      "yet", "or", "with", "that", "then", "meanwhile", "instead", "also", "thus", "where", "even"})
_BOUNDARY = _RELATIVES | frozenset({"that", "after", "before", "when", "while", "because", "if", "but", "as", "than",
                                    "with", "in", "on", "at", "by", "for", "from", "to", "into", "about", "said", "says"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "there"})
_CLAUSE_START = _SUBJECT_PRONOUNS | frozenset({"this", "that", "these", "those", "the", "a", "an", "his", "her",
                                               "its", "their", "our", "some", "many", "all", "no", "most", "more",
                                               "several", "both", "each", "every", "any", "one", "two", "only",
                                               "nothing", "none", "everything", "what", "how", "why", "whether",
                                               "another", "other", "such", "if"})
_NOT_CLAUSE_START = _PREPOSITIONS | frozenset({"to", "as", "not", "and", "or", "but", "so", "than", "more", "that"})
_ADJUNCT_START = frozenset({"on", "in", "at", "last", "this", "earlier", "late", "during", "after", "before",
                            "yesterday", "today", "tonight", "recently", "publicly", "previously", "again", "also",
                            "repeatedly", "however", "then", "now", "later", "separately", "first", "once"})
_FINITE = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may",
                     "might", "must", "should", "shall", "does", "did", "do", "am", "won't", "can't", "wasn't",
                     "isn't", "aren't", "weren't", "hasn't", "haven't", "hadn't", "wouldn't", "couldn't",
                     "doesn't", "didn't"})
_OBJECT_WORDS = frozenset({"reporters", "journalists", "senators", "lawmakers", "congress", "parliament", "him", "her",
                           "them", "us", "me", "you", "members", "viewers", "listeners", "supporters", "followers",
                           "officials", "delegates", "students", "troops", "audiences", "interviewers", "media"})
_CONNECTIVES = frozenset({"and", "but", "after", "as", "when", "while", "though", "although", "because", "since",
                          "before", "even", "with", "so"})
_NEAR_WORDS = 12
_NEAR_AFTER_WORDS = 25  # "…," Konstantin Blokhin, a leading researcher at …, told Izvestia
_TAIL_WORDS = 10  # "…, Dmitriev said in an interview with Fox News on Thursday."
_LONG_SUBJECT_WORDS = 8
_THAT_SEARCH_WORDS = 10
_CLAUSE_WORDS = 12
_TITLE_WORDS = 4
_SHORT_DIRECT_WORDS = 3
_BACK_SENTENCES = 5
_SUBJECT_POSITION_WORDS = 8
_SCOPE_BREAK = re.compile(r",\s+and\s|;")
_APPOSITIVE = re.compile(r",(?:\s+[^\s,;.]+){1,6},")
_BARE_PARTICIPLES = frozenset({"saying", "adding"})  # other -ing forms report a clause only with "that"
_SPEAKER_END = re.compile(r",|\.(?:\s|$)|;|\s[\u2014\u2013]\s")
_INVERTED_SPEAKER_END = re.compile(r",\s+(?:adding|noting|saying|who|which)\b|\.(?:\s|$)|;")
_SEGMENT_BREAK = re.compile(r",|\s[\u2014\u2013]\s")
_BY_AFTER = re.compile(r"\s+by\s")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")
_SENTENCE_MARK = re.compile(r"[.!?]")
_CLAUSE_STOP = re.compile(r"[;:\"\u201c\u201d\u00ab\u00bb]|\.\s")
_QUOTE_INTRODUCED = re.compile(r"\s*[:,]\s*[\"'\u201c\u2018\u00ab]")
_NOT_SUBJECT_START = _PREPOSITIONS | _RELATIVES


@dataclass(slots=True)
class _Anchor:
    """A speech verb or attribution phrase outside quotations, with its speaker's words."""

    start: int
    end: int
    word: str
    according: bool
    participle: bool
    infinitive: bool
    speaker: tuple[int, int] | None = None
    inverted: bool = False
    looked: bool = False


@dataclass(slots=True)
class _Quote:
    start: int
    end: int
    kind: str
    anchor: _Anchor | None
    speaker: tuple[int, int] | None = None
    actor: str | None = None


class _Mention(NamedTuple):
    start: int
    end: int
    actor: str
    possessive: bool


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _lower_words(text: str) -> list[str]:
    return [w.lower().strip(".") for w in _WORD.findall(text)]


def _strip_span(text: str, lo: int, hi: int, chars: str = " ,;:\u2014\u2013-\"'\n") -> tuple[int, int]:
    while lo < hi and text[lo] in chars:
        lo += 1
    while hi > lo and text[hi - 1] in chars:
        hi -= 1
    return lo, hi


def _clause_span(text: str, lo: int, hi: int) -> tuple[int, int]:
    return _strip_span(text, lo, hi, chars=" ,;:.!?\"'\u201c\u201d\u2018\u2019\u2014\u2013\n")


def _trim_words(text: str, lo: int, hi: int, *, leading: frozenset[str], trailing: frozenset[str]) -> tuple[int, int]:
    """``[lo, hi)`` without leading and trailing words of the given sets (and surrounding punctuation)."""
    lo, hi = _strip_span(text, lo, hi)
    while True:
        match = _WORD.match(text, lo)
        if not match or match.end() > hi or match.group().lower() not in leading:
            break
        lo, hi = _strip_span(text, match.end(), hi)
    while True:
        words = _WORD.findall(text, lo, hi)
        if not words or words[-1].lower() not in trailing:
            break
        *_, last = _WORD.finditer(text, lo, hi)
        lo, hi = _strip_span(text, lo, last.start())
    return lo, hi


def _comma_segments(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    segments, start = [], lo
    for match in _SEGMENT_BREAK.finditer(text, lo, hi):
        segments.append((start, match.start()))
        start = match.end()
    segments.append((start, hi))
    return [s for s in segments if text[s[0]:s[1]].strip()]


def _ends_with_and(text: str) -> bool:
    """Whether ``text`` ends with the word "and", maybe with spaces after it ("X described … and stressed")."""
    tail = text.rstrip()
    return tail[-3:].lower() == "and" and (len(tail) == 3 or tail[-4].isspace() or tail[-4] == ",")


def _ends_with_as(text: str) -> bool:
    """Whether ``text`` ends with the word "as" and a space ("As CNN reported")."""
    tail = text.rstrip()
    before = tail[-3:-2].lower()[-1:]  # the character before "as", lower-cased as the rules read the text
    return len(tail) < len(text) and tail[-2:].lower() == "as" and not (before.isalnum() or before == "_")


_HEAD_END = frozenset({"of", "for", "at", "to", "in", "on", "with", "who", "from", "by", "(", "which"})


def _head_noun(words: list[str]) -> str:
    head = []
    for word in words:
        if word.lower() in _HEAD_END:
            break
        head.append(word)
    return head[-1].lower().strip(".").removesuffix("'s") if head else ""


def _candidate_words(text: str, first_words: ahocorasick.Automaton) -> Iterator[tuple[int, int]]:
    """The words (letter runs, as ``(start, end)``) of ``text`` that may be one of ``first_words``, in text order.

    One pass of the automaton over the lower-cased text, keeping the hits that are whole
    words; every word when lower-casing changes the text's length ("İ"), as offsets would shift.
    """
    folded = text.lower()
    if len(folded) != len(text):
        yield from (word.span() for word in _LETTERS.finditer(text))
        return
    for last, (word_length, key_length) in first_words.iter(folded):
        start = last + 1 - key_length
        end = start + word_length
        if not _is_letter(text[end:end + 1]) and not _is_letter(text[start - 1:start]):
            yield start, end  # not part of a longer word ("unsaid", "notes" for "note")


def _is_letter(char: str) -> bool:
    """Whether ``char`` (one character, or none) is a letter as ``_LETTERS`` reads them (with "²" and other numerals)."""
    return char.isalpha() or (not char.isascii() and _LETTERS.match(char) is not None)


class _Article:
    """One article's text, sentences, quotation marks, mentions and speech anchors."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], mentions: list[_Mention], words: SpeechWords) -> None:
        self.text = text
        self.words = words
        self.sentences = list(spans) or [(0, len(text))]
        self.starts = [s for s, _ in self.sentences]
        self.marked = _marked_spans(text)
        self.inside = np.zeros(len(text) + 1, dtype=bool)
        for span in self.marked:
            if span.closed:
                self.inside[max(span.open_at, span.start - 1):span.end + 1] = True
        self.closed_ends = sorted(span.end for span in self.marked if span.closed)
        self.mentions = sorted((m for m in mentions if not self.inside[m.start]), key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.name_starts = [m.start for m in self.mentions if not m.possessive]
        self.mentions_of: dict[str, list[_Mention]] = {}
        for mention in self.mentions:
            self.mentions_of.setdefault(mention.actor, []).append(mention)
        self.subject_likes: dict[int, bool] = {}
        self.anchors = [a for a in (self._anchor(m) for m in self._speech_matches()) if a is not None]
        self.anchor_starts = [a.start for a in self.anchors]

    def _speech_matches(self) -> Iterator[re.Match[str]]:
        """Every occurrence of a listed speech word or phrase: each word that may start one is looked up, its phrases tried."""
        phrases = self.words.phrases
        for start, end in _candidate_words(self.text, self.words.first_words):
            pattern = phrases.get(self.text[start:end].lower())
            if pattern is not None and not (start and self.text[start - 1] in "'\u2019-"):
                match = pattern.match(self.text, start)
                if match:
                    yield match

    # -- indexes: every lookup by position is a binary search over sorted offsets
    def sentence_of(self, position: int) -> int:
        return max(bisect.bisect_right(self.starts, position) - 1, 0)

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        return self.sentences[self.sentence_of(position)]

    def mentions_in(self, lo: int, hi: int) -> list[_Mention]:
        """The mentions starting in ``[lo, hi)``, in text order."""
        return self.mentions[bisect.bisect_left(self.mention_starts, lo):bisect.bisect_left(self.mention_starts, hi)]

    def names_in(self, lo: int, hi: int) -> bool:
        """Whether a mention not in the possessive starts in ``[lo, hi)``."""
        return bisect.bisect_left(self.name_starts, lo) < bisect.bisect_left(self.name_starts, hi)

    def anchors_in(self, lo: int, hi: int) -> list[_Anchor]:
        """The anchors starting in ``[lo, hi)``, in text order."""
        return self.anchors[bisect.bisect_left(self.anchor_starts, lo):bisect.bisect_left(self.anchor_starts, hi)]

    def quote_bound_before(self, position: int, lo: int) -> int:
        """The left edge for a subject ending at ``position``: ``lo`` or the end of a closed quotation in between."""
        last = bisect.bisect_left(self.closed_ends, position) - 1
        return self.closed_ends[last] + 1 if last >= 0 and self.closed_ends[last] >= lo else lo

    # -- anchors
    def _anchor(self, match: re.Match[str]) -> _Anchor | None:
        start, end = match.span()
        if self.inside[start]:
            return None
        word = " ".join(match.group().lower().split())
        if word in self.words.according:
            return _Anchor(start, end, word, according=True, participle=False, infinitive=False)
        participle = word.endswith("ing")
        if match.group()[0].isupper() and self.text[self.sentence_bounds(start)[0]:start].strip(" \"'\u201c\u2018"):
            return None  # "the United States", "Trump Says" in a headline
        raw = _WORD.findall(self.text, max(0, start - 40), start)
        before = [w.lower().strip(".") for w in raw[-2:]]  # the last two words
        previous = next((w for w in (w.lower().strip(".") for w in reversed(raw)) if w not in _FILLERS), None)  # no filler
        if before and (before[-1] in _NOUN_BEFORE or before[-1].endswith(("'s", "\u2019s"))):
            return None  # "his claims", "Putin's rule": a noun
        if previous in _PREPOSITIONS and previous != "to" and not participle:
            return None  # "unhappy with comments", "a meeting called by"
        if previous in _BE and not participle:
            return None  # "is said to", "was told": a passive
        if any(w in ("not", "never") or w.endswith("n't") for w in before):
            return None  # "did not comment"
        if _BY_AFTER.match(self.text, end, end + 5):
            return None  # "a meeting called by the United States"
        return _Anchor(start, end, word, according=False, participle=participle,
                       infinitive=previous == "to")

    def speaker_of(self, anchor: _Anchor) -> tuple[int, int] | None:
        """The speaker's words of ``anchor``: its subject, the words after an inverted verb, or after "according to"."""
        if not anchor.looked:
            anchor.looked = True
            span = self._speaker(anchor)
            if span is not None and span[0] < span[1]:
                head = _head_noun(_words(self.text[span[0]:span[1]].split(",")[0]))
                anchor.speaker = None if head in self.words.not_speakers else span
        return anchor.speaker

    def _speaker(self, anchor: _Anchor) -> tuple[int, int] | None:
        lo, hi = self.sentence_bounds(anchor.start)
        if anchor.according:
            stop = _SPEAKER_END.search(self.text, anchor.end, hi)
            return _strip_span(self.text, anchor.end, stop.start() if stop else hi)
        left = self.quote_bound_before(anchor.start, lo)
        if not self.text[left:anchor.start].strip(" ,\"'\u201d\u2019") and not anchor.participle:
            after_lo, after_hi = _strip_span(self.text, anchor.end, hi, chars=" ,;:.!?\"'\u201d\u2019\n")
            first = _lower_words(self.text[after_lo:after_hi])[:1]
            if after_lo < after_hi and (self.text[after_lo].isupper() or first in (["the"], ["a"], ["an"], ["his"], ["her"])):
                anchor.inverted = True
                stop = _INVERTED_SPEAKER_END.search(self.text, after_lo, after_hi)
                return _strip_span(self.text, after_lo, stop.start() if stop else after_hi)
            left = lo  # "Bloomberg, citing "a person familiar with the talks," reports": the subject is before the quote
        return self._subject_before(left, anchor)

    def _subject_before(self, left: int, anchor: _Anchor) -> tuple[int, int] | None:
        lo, _ = self.sentence_bounds(anchor.start)
        if _ends_with_and(self.text[lo:anchor.start]):
            earlier = [a for a in self.anchors_in(lo, anchor.start) if not a.according]
            if earlier:
                return self.speaker_of(earlier[-1])  # "X described … and stressed that": X
        segments = _comma_segments(self.text, left, anchor.start)[-4:]
        candidates: list[tuple[int, int]] = []
        for number, (seg_lo, seg_hi) in enumerate(reversed(segments)):
            words = _WORD.findall(self.text, seg_lo, seg_hi)
            if number == 0 and any(w.lower() in _RELATIVES for w in words):
                relative = [w for w in _WORD.finditer(self.text, seg_lo, seg_hi) if w.group().lower() in _RELATIVES][-1]
                if relative.end() < seg_hi:
                    seg_lo = relative.end()  # "in what the district attorney called"
                    words = _WORD.findall(self.text, seg_lo, seg_hi)
            if not words or words[0].lower() in _NOT_SUBJECT_START:
                continue
            span = _trim_words(self.text, seg_lo, seg_hi, leading=_LEADING, trailing=_FILLERS)
            if len(_WORD.findall(self.text, *span)) > _LONG_SUBJECT_WORDS:
                inner = [w for w in _WORD.finditer(self.text, *span) if w.group().lower() in _BOUNDARY]
                if inner:
                    span = _trim_words(self.text, inner[-1].end(), span[1], leading=_LEADING, trailing=_FILLERS)
            if span[0] < span[1]:
                candidates.append(span)
        if not candidates:
            return None
        named = [k for k, span in enumerate(candidates) if self.names_in(*span)]
        if named:
            pick = named[0]
            if len(named) > 1 and named[1] == pick + 1 and self._appositive(candidates[pick]):
                pick = named[1]  # "Mykhailo Podolyak, Adviser to … President Zelenskyy, tweeted"
            return candidates[pick][0], candidates[0][1]
        nearest = candidates[0]
        if self._appositive(nearest) and len(candidates) > 1:
            name = candidates[1]
            name_words = _words(self.text[name[0]:name[1]])
            if len(name_words) <= _TITLE_WORDS and all(w[0].isupper() for w in name_words):
                return name[0], nearest[1]  # "Cohen, an ABC News contributor, said"
        return nearest

    def _appositive(self, span: tuple[int, int]) -> bool:
        word = _WORD.search(self.text, *span)
        if word is None:
            return False
        first = word.group().lower()
        return (word.group()[0].islower() or first in ("a", "an", "the")
                or first in self.words.titles or first in self.words.people)

    def subject_like(self, mention: _Mention) -> bool:
        """Whether ``mention`` opens its sentence (the first words), as subjects do."""
        known = self.subject_likes.get(mention.start)
        if known is None:
            lo, _ = self.sentence_bounds(mention.start)
            known = self.subject_likes[mention.start] = len(_words(self.text[lo:mention.start])) < _SUBJECT_POSITION_WORDS
        return known


# ------------------------------------------------------------------ kinds and clauses


def _is_direct(article: _Article, span: _Marked) -> bool:
    if span.dash:
        return True
    text = article.text
    inner = text[span.start:span.end].strip()
    content = inner.lstrip(" [(")
    if not content:
        return False
    if _SENTENCE_INSIDE.search(inner):
        return True  # several sentences
    if not (content[0].isupper() or content[0].isdigit()):
        return False
    before = text[article.sentence_bounds(span.open_at)[0]:span.open_at].rstrip()
    return before == "" or before[-1] in ":,\u2014\u2013-" or before.lower().endswith("that")


def _has_letter(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a letter (``str.isalpha``; the pattern also finds "²" and other numerals)."""
    found = _LETTERS.search(text, lo, hi)
    while found is not None:
        if any(c.isalpha() for c in found.group()):
            return True
        found = _LETTERS.search(text, found.end(), hi)
    return False


def _title_like(quote: str) -> bool:
    """A few capitalised words: a title or a name ("Hannity", "This Week"), not speech."""
    words = _words(quote)
    return 0 < len(words) <= _TITLE_WORDS and all(w[0].isupper() for w in words if len(w) > 3) and words[0][0].isupper()


def _finite_within(words: list[str], *, after_name: bool) -> bool:
    """Whether a finite verb seems to follow: an auxiliary, an -ed form, or an -s form among the first three words
    (right after the first word only when that is a name or a pronoun: "Moscow insists", not "potential sanctions")."""
    for position, word in enumerate(words):
        lowered = word.lower()
        if lowered in _FINITE or lowered.endswith(("n't", "'re", "'ll", "'d")):
            return True
        if len(lowered) > 3 and lowered.isalpha() and (position > 0 or after_name):
            if lowered.endswith("ed") or (lowered.endswith("s") and position < 3):
                return True
    return False


def _skip_object(words: list[re.Match[str]]) -> int:
    """How many words after a verb like "told" are its object ("reporters", "ABC News Chief … Thomas", "the BBC")."""
    if not words:
        return 0
    first = words[0].group()
    if first.lower() in _OBJECT_WORDS:
        return 1
    position = 0
    if first.lower() in ("the", "a", "an", "his", "her", "their"):
        position = 1
    while position < len(words) and words[position].group()[0].isupper():
        position += 1
    if position == 1 and first.lower() in ("the", "a", "an", "his", "her", "their") and len(words) > 1:
        position = 2  # "told the court"
    return position


def _clause_start(words: list[re.Match[str]], position: int) -> int | None:
    """The index of the word that starts a clause at or a little after ``position``, if one does."""
    for start in range(position, min(position + 5, len(words))):
        first = words[start].group()
        lowered = first.lower()
        if lowered not in _NOT_CLAUSE_START:
            following = [w.group() for w in words[start + 1:start + 1 + _CLAUSE_WORDS]]
            if lowered in _SUBJECT_PRONOUNS:
                following = following[:3]
            if following and _finite_within(following, after_name=first[0].isupper() or lowered in _SUBJECT_PRONOUNS):
                return start
        if start == position and lowered not in _ADJUNCT_START:
            return None
    return None


def _clause_after(article: _Article, anchor: _Anchor, hi: int) -> int | None:
    """Where the reported clause after ``anchor`` starts ("said (that) …"), or None when none follows."""
    text = article.text
    stop = _CLAUSE_STOP.search(text, anchor.end, hi)
    limit = stop.start() if stop else hi
    appositive = _APPOSITIVE.sub(lambda m: " " * len(m.group()), text[anchor.end:limit])  # ", Kirill Stremousov,"
    comma = appositive.find(",")
    words = list(_WORD.finditer(text, anchor.end, anchor.end + comma if comma >= 0 else limit))
    for word in words[:_THAT_SEARCH_WORDS]:
        lowered = word.group().lower()
        if lowered == "that":
            return word.end() if word.end() < hi else None
        if lowered in _FINITE:
            break  # "signal for … was the fact that": another verb's clause
    if anchor.infinitive or anchor.word in article.words.that_only or (anchor.participle and anchor.word not in _BARE_PARTICIPLES):
        return None
    position = _skip_object(words) if anchor.word in article.words.tell else 0
    start = _clause_start(words, position)
    return None if start is None else words[start].start()


def _post_posed(article: _Article, anchor: _Anchor, lo: int, hi: int) -> tuple[int, int] | None:
    """The reported clause of "…, X said", "…, said X", "X, he said, …" or "As X said, …", or None."""
    text = article.text
    speaker = article.speaker_of(anchor)
    if speaker is None or anchor.participle or anchor.infinitive or anchor.word in article.words.that_only:
        return None
    tail = text[(speaker[1] if anchor.inverted else anchor.end):hi]
    tail_words = _words(tail)
    head = anchor.start if anchor.inverted else speaker[0]
    if _ends_with_as(text[lo:head]) and tail.lstrip().startswith(","):
        return _clause_span(text, tail.index(",") + hi - len(tail) + 1, hi)  # "As CNN reported, …"
    comma = text.rfind(",", lo, head)
    if comma <= lo or text[comma + 1:head].strip() or len(_words(text[lo:comma])) < 2:
        return None
    first = _words(text[speaker[0]:speaker[1]])[:1]
    if not anchor.inverted and not first:
        return None
    if not anchor.inverted and first[0][0].islower() and first[0].lower() not in _CLAUSE_START and first[0].lower().endswith("s") \
            and len(_words(text[speaker[0]:speaker[1]])) > 1:
        return None  # "…, of course, causes rare calls": a verb, not a subject
    if tail.lstrip().startswith(",") and len(tail_words) >= 2 and not tail_words[0].lower().endswith("ing"):
        return _clause_span(text, lo, hi)  # "The economy is fine, he said, and Moscow …": the whole sentence
    if len(tail_words) > _TAIL_WORDS:
        return None
    return _clause_span(text, lo, comma)


def _according(article: _Article, anchor: _Anchor, lo: int, hi: int) -> tuple[int, int] | None:
    text = article.text
    speaker = article.speaker_of(anchor)
    if speaker is None:
        return None
    if not text[lo:anchor.start].strip(" ,"):
        return _clause_span(text, speaker[1], hi)  # "According to X, …"
    if not text[speaker[1]:hi].strip(" .!?\"'"):
        return _clause_span(text, lo, anchor.start)  # "…, according to X."
    return _clause_span(text, lo, hi)  # "X, according to Y, sees …"


def _indirect(article: _Article, anchor: _Anchor, lo: int, hi: int) -> tuple[int, int] | None:
    """The reported clause of ``anchor`` in ``[lo, hi)`` of its sentence, or None."""
    if anchor.according:
        return _according(article, anchor, lo, hi)
    if article.speaker_of(anchor) is None:
        return None
    start = _clause_after(article, anchor, hi)
    if start is not None and not anchor.inverted:
        return _clause_span(article.text, start, hi)
    return _post_posed(article, anchor, lo, hi)


# ------------------------------------------------------------------ one article


def _near(text: str, lo: int, hi: int, limit: int = _NEAR_WORDS) -> bool:
    return lo <= hi and len(_WORD.findall(text, lo, hi)) <= limit and _MARK.search(text, lo, hi) is None


def _introduces_quote(article: _Article, anchor: _Anchor) -> bool:
    """Whether ``anchor`` is followed by a colon or comma and a quotation mark ("responded: '…'")."""
    return _QUOTE_INTRODUCED.match(article.text, anchor.end, anchor.end + 6) is not None


def _anchor_after(article: _Article, span: _Marked, *, direct: bool) -> _Anchor | None:
    _, hi = article.sentence_bounds(max(span.end - 1, span.start))
    for anchor in article.anchors_in(span.end, max(hi, span.end + 1)):
        if anchor.infinitive or (not direct and _introduces_quote(article, anchor)):
            return None
        if _near(article.text, span.end + 1, anchor.start, _NEAR_AFTER_WORDS) and article.speaker_of(anchor) is not None:
            return anchor
        return None
    return None


def _anchor_before(article: _Article, span: _Marked) -> _Anchor | None:
    text = article.text
    lo, _ = article.sentence_bounds(span.open_at)
    candidates = article.anchors_in(lo, span.open_at)
    number = article.sentence_of(span.open_at)
    if not candidates and not text[lo:span.open_at].strip() and number > 0:
        previous = article.sentences[number - 1]
        if text[previous[0]:previous[1]].rstrip().endswith(":"):
            candidates = article.anchors_in(*previous)  # "Dmitriev also added:" ending the paragraph before
    for anchor in reversed(candidates):
        if _SCOPE_BREAK.search(text, anchor.end, span.open_at):
            return None
        if not anchor.infinitive and article.speaker_of(anchor) is not None:
            return anchor
    return None


def _attribute_marked(article: _Article, span: _Marked, direct: bool) -> _Anchor | None:
    """The anchor that attributes a quotation between marks, or None."""
    after = _anchor_after(article, span, direct=direct)
    if after is not None:
        return after
    before = _anchor_before(article, span)
    if before is not None and (not direct or _near(article.text, before.end, span.open_at)):
        return before
    if direct:
        return None
    _, hi = article.sentence_bounds(span.start)
    for anchor in article.anchors_in(span.end, hi):
        if _SCOPE_BREAK.search(article.text, span.end, anchor.start) or _introduces_quote(article, anchor):
            break
        if not anchor.infinitive and article.speaker_of(anchor) is not None:
            return anchor
    return None


def _dash_end(article: _Article, span: _Marked) -> tuple[int, _Anchor] | None:
    """For dash speech without a closing mark: where the speech ends, before its attribution."""
    lo, hi = article.sentence_bounds(max(span.end - 1, span.start))
    for anchor in reversed(article.anchors_in(lo, hi)):
        speaker = article.speaker_of(anchor)
        if speaker is None or anchor.participle or anchor.according:
            continue
        comma = article.text.rfind(",", span.start, anchor.start if anchor.inverted else speaker[0])
        if comma > span.start:
            return comma, anchor
    return None


def _marked_quotes(article: _Article) -> list[_Quote]:
    quotes: list[_Quote] = []
    for span in article.marked:
        if span.dash and not span.closed:
            ending = _dash_end(article, span)
            if ending is not None:
                quotes.append(_Quote(*_strip_span(article.text, span.start, ending[0]), "direct", ending[1]))
            continue
        lo, hi = _strip_span(article.text, span.start, span.end, chars=" \n")
        hi = lo + len(article.text[lo:hi].rstrip(" ,;:"))
        if lo >= hi or not _has_letter(article.text, lo, hi):
            continue
        direct = _is_direct(article, span)
        anchor = _attribute_marked(article, span, direct)
        quoted = article.text[lo:hi]
        if anchor is None and (not direct or (len(_words(quoted)) <= _SHORT_DIRECT_WORDS and not _SENTENCE_MARK.search(quoted))):
            continue  # scare quotes, terms and titles are nobody's speech
        if not direct and _title_like(quoted):
            continue
        quotes.append(_Quote(lo, hi, "direct" if direct else "partial", anchor))
    return quotes


class _Taken:
    """The character ranges of the quotations kept so far, to tell whether a new span overlaps one.

    Non-empty ranges mark their characters; an empty one ``[p, p)`` is kept as a point, which
    overlaps a span strictly containing it. Both tests cost the span's length, not the article's.
    """

    def __init__(self, length: int) -> None:
        self.chars = bytearray(length + 1)
        self.points: list[int] = []

    def add(self, start: int, end: int) -> None:
        if start < end:
            self.chars[start:end] = b"\x01" * (end - start)
        else:
            bisect.insort(self.points, start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` (not empty) overlaps a range added."""
        after = bisect.bisect_right(self.points, start)
        return self.chars.find(1, start, end) >= 0 or (after < len(self.points) and self.points[after] < end)


def _indirect_quotes(article: _Article, kept: list[_Quote]) -> list[_Quote]:
    """Reported speech in each sentence, from the speech verbs no quotation between marks used."""
    text = article.text
    used = {id(q.anchor) for q in kept}
    found: list[_Quote] = []
    by_start = sorted(kept, key=lambda q: q.start)
    starts = [q.start for q in by_start]
    taken = _Taken(len(text))
    for quote in kept:
        taken.add(quote.start, quote.end)
    unused = [a for a in article.anchors if id(a) not in used]
    unused_starts = [a.start for a in unused]
    for lo, hi in article.sentences:
        first, last = bisect.bisect_left(unused_starts, lo), bisect.bisect_left(unused_starts, hi)
        if first == last:
            continue
        anchors = unused[first:last]
        marks = by_start[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
        ordered = [a for a in anchors if a.according] + [a for a in anchors if not a.according]
        for anchor in ordered:
            left = lo
            for quote in marks:
                ends = [quote.end + 1] + ([quote.anchor.end] if quote.anchor and quote.anchor.start < anchor.start else [])
                speaker = article.speaker_of(quote.anchor) if quote.anchor else None
                if speaker and speaker[1] <= anchor.start:
                    ends.append(speaker[1])
                if quote.start < anchor.start:
                    left = max([left, *(e for e in ends if e <= anchor.start)])
            clause = _indirect(article, anchor, left, hi)
            if clause is None:
                continue
            start, end = clause
            if anchor.participle and (marks or found and article.sentence_of(found[-1].start) == article.sentence_of(lo)):
                continue  # "…, adding that …": the same speaker's sentence is one quotation
            later = [s[0] for a in anchors if a is not anchor and a.start > start and (s := article.speaker_of(a)) and s[0] > start]
            if later and min(later) < end:
                start, end = _trim_words(text, start, min(later), leading=frozenset(), trailing=_CONNECTIVES)
            if start < end and len(_words(text[start:end])) >= 2 and not taken.overlaps(start, end):
                found.append(_Quote(start, end, "indirect", anchor))
                taken.add(start, end)
    return found


def _quotes_of(article: _Article) -> list[_Quote]:
    """Every kept quotation of one article, attributed but not yet resolved to actors, in text order."""
    kept = _marked_quotes(article)
    return sorted(kept + _indirect_quotes(article, kept), key=lambda q: q.start)


# ------------------------------------------------------------------ actors


class _Resolver:
    """Turns speakers' words into actors, walking back through an article's mentions and speakers."""

    def __init__(self, article: _Article, roles: Mapping[str, str], not_names: frozenset[str]) -> None:
        self.article = article
        self.roles = roles
        self.not_names = not_names
        self.speakers: list[tuple[int, int, str | None, bool]] = []  # (position, order, actor, an unlisted person), sorted
        self.named: list[tuple[int, str]] = []  # (position, actor) of the speakers that are actors, in the order met

    def named_person(self, lo: int, hi: int) -> bool:
        """Whether the speaker's words name a person (capitalised, no place or institution word)."""
        words = _words(self.article.text[lo:hi].split(",")[0])
        if not words or not words[0][0].isupper() or words[0].lower() in _CLAUSE_START | _SUBJECT_PRONOUNS:
            return False
        return not any(w.lower().strip(".").removesuffix("'s") in self.not_names or w.lower().endswith(("'s", "\u2019s"))
                       for w in words)

    def actor_of(self, speaker: tuple[int, int]) -> str | None:
        lo, hi = speaker
        named = [m for m in self.article.mentions_in(lo, hi) if not m.possessive]
        if named:
            return named[0].actor
        words = _words(self.article.text[lo:hi].split(",")[0])
        lowered = [w.lower() for w in words]
        if len(lowered) == 1 and lowered[0] in self.article.words.pronouns:
            return self.resolve(lo, None)
        if not lowered or lowered[0] in ("a", "an", "one", "another", "some", "several", "two", "three", "many"):
            return None  # someone new
        head = _head_noun(words)
        if head in self.article.words.titles:
            return self.resolve(lo, head)
        if head in self.article.words.people:
            return self.resolve(lo, "")
        return None

    def compatible(self, mention: _Mention, title: str | None) -> bool:
        if not title:
            return True
        context = self.article.text[max(0, mention.start - 40):mention.start]
        return title in _lower_words(self.roles.get(mention.actor, "")) or title in _lower_words(context)

    def resolve(self, position: int, title: str | None) -> str | None:
        """The actor a pronoun (``title`` None), a role noun (``title``) or a generic role (``""``) at ``position`` names."""
        article = self.article
        floor = article.sentences[max(article.sentence_of(position) - _BACK_SENTENCES, 0)][0]
        events: list[tuple[int, str | None, bool, _Mention | None]] = [
            (m.start, m.actor, False, m) for m in article.mentions_in(floor, position)
            if not m.possessive and article.subject_like(m)]
        speakers = self.speakers[bisect.bisect_left(self.speakers, (floor,)):bisect.bisect_left(self.speakers, (position,))]
        events += [(p, a, person, None) for p, _, a, person in speakers]
        for _, actor, person, mention in sorted(events, key=lambda e: e[0], reverse=True):
            if mention is None:
                named = article.mentions_of.get(actor, [])
                if actor is not None and (not title or any(self.compatible(m, title) for m in named)):
                    return actor
                if person:
                    return None  # an unlisted person was quoted since
                continue
            if not self.compatible(mention, title):
                continue
            lo, hi = article.sentence_bounds(mention.start)
            rivals = {m.actor for m in article.mentions_in(lo, hi) if not m.possessive and self.compatible(m, title)}
            if len(rivals) == 1:
                return actor
            previous = next((a for p, a in reversed(self.named) if p < position), None)
            return previous if previous in rivals else None
        return None

    def remember(self, speaker: tuple[int, int], actor: str | None) -> None:
        """Add a quotation's speaker to those that pronouns and roles further on may refer to."""
        person = actor is None and self.named_person(*speaker)
        bisect.insort(self.speakers, (speaker[0], len(self.speakers), actor, person))
        if actor is not None:
            self.named.append((speaker[0], actor))

    def attach(self, quotes: list[_Quote]) -> None:
        """Set each quotation's speaker and actor in text order; an unattributed direct quote may continue the one before."""
        previous: _Quote | None = None
        for quote in quotes:
            if quote.anchor is not None:
                quote.speaker = self.article.speaker_of(quote.anchor)
                if quote.speaker is not None:
                    quote.actor = self.actor_of(quote.speaker)
                    self.remember(quote.speaker, quote.actor)
            elif (quote.kind == "direct" and previous is not None and previous.kind == "direct" and previous.speaker is not None
                  and self.article.sentence_of(quote.start) - self.article.sentence_of(max(previous.end - 1, previous.start)) <= 1):
                quote.speaker, quote.actor = previous.speaker, previous.actor
            previous = quote


# ------------------------------------------------------------------ the table


def _mention_lists(articles: pd.DataFrame, actors: pd.DataFrame, mentions: pd.DataFrame | None,
                   sentences: pd.DataFrame | None) -> dict[str, list[_Mention]]:
    if mentions is None:
        mentions = find_mentions(articles[["doc_id", "text"]], actors, sentences=sentences, progress=False)
    require_columns(mentions, ["doc_id", "actor", "matched_text", "start", "end"],
                    what="mentions",
                    fix="make it with analysis.find_mentions(articles)", error=QuoteError)
    columns = (_ints(mentions["start"]), _ints(mentions["end"]), mentions["actor"].astype(str), mentions["matched_text"].astype(str))
    rows = [_Mention(start, end, actor, matched.endswith(("'s", "'", "\u2019s", "\u2019")))
            for start, end, actor, matched in zip(*columns, strict=True)]
    return _by_article(mentions["doc_id"], rows)


def _sentence_lists(articles: pd.DataFrame, sentences: pd.DataFrame | None) -> dict[str, list[tuple[int, int]]]:
    if sentences is None:
        return {str(d): sentence_spans(t) for d, t in zip(articles["doc_id"], articles["text"], strict=True)}
    require_columns(sentences, ["doc_id", "sentence_id", "start", "end"],
                    what="sentences",
                    fix="make it with analysis.split_sentences(articles)", error=QuoteError)
    ordered = sentences.sort_values(["doc_id", "sentence_id"])
    return _by_article(ordered["doc_id"], list(zip(_ints(ordered["start"]), _ints(ordered["end"]), strict=True)))


def _ints(column: pd.Series) -> list[int]:
    return column.astype("int64").tolist()


def _by_article(doc_ids: pd.Series, rows: list[_T]) -> dict[str, list[_T]]:
    """``rows`` (one per value of ``doc_ids``) listed per article, in table order; each run of one id is one slice."""
    ids = doc_ids.astype(str).to_numpy()
    edges = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist(), len(ids)]
    lists: dict[str, list[_T]] = {}
    for lo, hi in zip(edges[:-1], edges[1:]):
        if lo < hi:
            lists.setdefault(ids[lo], []).extend(rows[lo:hi])
    return lists


def _iter_quotes(articles: pd.DataFrame, actors: pd.DataFrame, words: SpeechWords, sentences: pd.DataFrame | None,
                 mentions: pd.DataFrame | None, progress: bool) -> Iterator[tuple[str, int, int, int, str, str, str | None, str | None]]:
    mention_lists = _mention_lists(articles, actors, mentions, sentences)
    sentence_lists = _sentence_lists(articles, sentences)
    roles = dict(zip(actors["name"].astype(str), (actors["role"].fillna("") + " " + actors["label"].fillna("")).astype(str), strict=True))
    not_names = frozenset(read_resource_lines("not_name_words_en.txt"))
    pairs = zip(articles["doc_id"].astype(str), articles["text"], strict=True)
    for doc_id, text in progress_bar(pairs, total=len(articles), desc="Finding quotations", unit="article", disable=not progress):
        if not isinstance(text, str):
            raise QuoteError(f"article {doc_id!r} has no text ({text!r}); drop it or load the corpus with analysis.load_corpus.")
        spans = sentence_lists.get(doc_id)
        if spans is None:
            raise QuoteError(f"article {doc_id!r} has no sentences in the sentences table; pass "
                             "sentences=analysis.split_sentences(articles) of the same articles.")
        article = _Article(text, spans, mention_lists.get(doc_id, []), words)
        quotes = _quotes_of(article)
        _Resolver(article, roles, not_names).attach(quotes)
        for quote in quotes:
            speaker = None if quote.speaker is None else text[quote.speaker[0]:quote.speaker[1]]
            yield (doc_id, article.sentence_of(quote.start), quote.start, quote.end, text[quote.start:quote.end],
                   quote.kind, speaker, quote.actor)


@returns("quotes")
def find_quotes(
    articles: pd.DataFrame,
    actors: ActorsLike = None,
    *,
    sentences: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    speech_words: str | os.PathLike[str] | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Every quotation in ``articles``, with its kind, its speaker's words and the actor speaking.

    The rules are in the module docstring (:mod:`analysis.quotes`); the speech verbs,
    attribution phrases, pronouns and role nouns are the editable
    ``analysis/resources/speech_verbs_en.txt`` (or the file ``speech_words`` names).

    Parameters
    ----------
    articles
        A table with ``doc_id`` and ``text``, as from :func:`analysis.load_corpus`;
        quotation marks may be straight, curly or guillemets.
    actors
        An actor list as :func:`analysis.load_actors` accepts; None is the shipped list.
    sentences, mentions
        :func:`analysis.split_sentences` and :func:`analysis.find_mentions` of the same
        articles and actors, if already made; otherwise they are made here.
    progress
        Show a progress bar (tqdm) over articles.
    """
    require_columns(articles, ["doc_id", "text"], what="articles", fix="pass the table from analysis.load_corpus", error=QuoteError)
    require_unique_ids(articles, error=QuoteError)
    table = load_actors(actors)
    words = load_speech_words(speech_words)
    rows = list(_iter_quotes(articles, table, words, sentences, mentions, progress))
    return conform(pd.DataFrame(rows, columns=QUOTE_COLUMNS), "quotes")


# ------------------------------------------------------------------ evaluation

LABEL_COLUMNS = ["doc_id", "kind", "quote", "occurrence", "speaker_text", "actor"]


def _locate(text: str, words: str, occurrence: int) -> int | None:
    position = -1
    for _ in range(max(occurrence, 1)):
        position = text.find(words, position + 1)
        if position < 0:
            return None
    return position


def match_labelled(quotes: pd.DataFrame, labelled: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Pair found quotations with hand-labelled ones, article by article.

    ``labelled`` has the columns of ``tests/data/quotes_labelled.csv``: ``doc_id``,
    ``kind``, ``quote`` (the first words of the quotation, verbatim), ``occurrence``
    (which occurrence of those words, 1 = first), ``speaker_text`` and ``actor``
    (empty or missing: no listed actor). A labelled quotation covers the located first
    words; a found quotation of the same article matches it when their spans overlap,
    one to one, the nearest start first. Only ``quotes`` of the ``articles`` given count.

    Returns
    -------
    DataFrame, one row per labelled quotation and per unmatched found one, with columns
        ``doc_id`` (string), ``label_kind`` and ``found_kind`` (string, missing on the side
        that has no row), ``label_actor`` and ``found_actor`` (string, missing for no
        actor), ``label_quote`` and ``found_quote`` (string), ``matched`` (bool, both sides
        present), ``same_actor`` (bool, matched with equal actors, both missing counting
        as equal).
    """
    require_columns(labelled, LABEL_COLUMNS, what="labelled quotations", fix="see tests/data/README.md for the columns",
                    error=QuoteError)
    require_columns(quotes, ["doc_id", "start", "end", "kind", "actor"],
                    what="quotes",
                    fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    texts = dict(zip(articles["doc_id"].astype(str), articles["text"], strict=True))
    rows: list[dict[str, object]] = []
    found = quotes.assign(doc_id=quotes["doc_id"].astype(str))
    found = found[found["doc_id"].isin(texts)]
    for doc_id, text in texts.items():
        doc_labels = labelled[labelled["doc_id"].astype(str) == doc_id]
        doc_found = found[found["doc_id"] == doc_id]
        free = dict(zip(range(len(doc_found)), zip(doc_found["start"], doc_found["end"], strict=True)))
        records = doc_found.to_dict("records")
        for label in doc_labels.to_dict("records"):
            at = _locate(text, str(label["quote"]), int(label["occurrence"]))
            if at is None:
                raise QuoteError(f"labelled quotation {label['quote']!r} (occurrence {label['occurrence']}) is not in the text "
                                 f"of article {doc_id!r}; copy the first words exactly as the loaded text has them.")
            span = (at, at + len(str(label["quote"])))
            overlapping = [k for k, (s, e) in free.items() if s < span[1] and span[0] < e]
            pick = min(overlapping, key=lambda k: abs(free[k][0] - span[0])) if overlapping else None
            row = {"doc_id": doc_id, "label_kind": label["kind"], "label_actor": label["actor"] or None,
                   "label_quote": label["quote"], "found_kind": None, "found_actor": None, "found_quote": None}
            if pick is not None:
                del free[pick]
                row.update(found_kind=records[pick]["kind"], found_actor=records[pick]["actor"], found_quote=records[pick]["quote"])
            rows.append(row)
        for k in free:
            rows.append({"doc_id": doc_id, "label_kind": None, "label_actor": None, "label_quote": None,
                         "found_kind": records[k]["kind"], "found_actor": records[k]["actor"], "found_quote": records[k]["quote"]})
    table = pd.DataFrame(rows, columns=["doc_id", "label_kind", "found_kind", "label_actor", "found_actor", "label_quote", "found_quote"])
    table = table.astype({c: "string" for c in table.columns})
    for side in ("label_actor", "found_actor"):
        table[side] = table[side].mask(table[side].fillna("").str.strip() == "")
    table["matched"] = table["label_kind"].notna() & table["found_kind"].notna()
    table["same_actor"] = table["matched"] & (table["label_actor"].fillna("") == table["found_actor"].fillna(""))
    return table


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def quote_scores(matches: pd.DataFrame, *, by_kind: bool = False) -> pd.DataFrame:
    """Precision and recall of :func:`match_labelled` pairs, overall or per kind.

    ``extraction`` counts overlapping spans; ``found`` also asks for the same actor
    (both missing is the same); ``actor`` looks only at rows with an actor: found rows
    naming an actor (precision) and labelled rows naming one (recall). Per kind, recall
    reads the labelled kind and precision the found kind.

    Returns
    -------
    DataFrame, one row per measure (and kind), with columns
        ``kind`` (string, ``all`` or a kind), ``measure`` (string: ``extraction``,
        ``found``, ``actor``), ``n_found`` and ``n_labelled`` (int, rows counted on each
        side), ``precision`` and ``recall`` (float; NaN when nothing is counted).
    """
    rows = []
    kinds = ["all", *KINDS] if by_kind else ["all"]
    for kind in kinds:
        found = matches["found_kind"].notna() & ((matches["found_kind"] == kind) if kind != "all" else True)
        labelled = matches["label_kind"].notna() & ((matches["label_kind"] == kind) if kind != "all" else True)
        found, labelled = found.fillna(False).astype(bool), labelled.fillna(False).astype(bool)
        with_actor_found = found & matches["found_actor"].notna()
        with_actor_label = labelled & matches["label_actor"].notna()
        for measure, hit, found_side, label_side in (
            ("extraction", matches["matched"], found, labelled),
            ("found", matches["same_actor"], found, labelled),
            ("actor", matches["same_actor"], with_actor_found, with_actor_label),
        ):
            rows.append({"kind": kind, "measure": measure, "n_found": int(found_side.sum()), "n_labelled": int(label_side.sum()),
                         "precision": _ratio(int((hit & found_side).sum()), int(found_side.sum())),
                         "recall": _ratio(int((hit & label_side).sum()), int(label_side.sum()))})
    return pd.DataFrame(rows).astype({"kind": "string", "measure": "string"})


# ------------------------------------------------------------------ aggregates

Who = Literal["actor", "country"]


def _quote_groups(quotes: pd.DataFrame, articles: pd.DataFrame, by: str | None) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """Quotations with their group column, the column's name, and each group's articles."""
    require_columns(quotes, ["doc_id", "quote", "kind", "actor"],
                    what="quotes",
                    fix="make it with analysis.find_quotes(articles)", error=QuoteError)
    docs, column = article_groups(articles, by, error=QuoteError)
    quoted = quotes.assign(doc_id=quotes["doc_id"].astype(str))
    unknown = sorted(set(quoted["doc_id"]) - set(docs["doc_id"]))
    if unknown:
        raise QuoteError(f"{int(quoted['doc_id'].isin(unknown).sum())} quotation(s) belong to {len(unknown)} article(s) not "
                         f"in the articles table (first: {unknown[:3]}); pass the articles the quotations were found in.")
    return quoted.merge(docs, on="doc_id", how="left", validate="many_to_one"), column, docs


def _speakers(quoted: pd.DataFrame, who: Who, actors: ActorsLike) -> pd.Series:
    """Each quotation's actor, or the actor's country; :data:`OTHER_SPEAKERS` for none."""
    if who not in ("actor", "country"):
        raise QuoteError(f"who={who!r}: count quotations per 'actor' or per 'country'.")
    speaker = quoted["actor"].astype("string")
    if who == "country":
        table = load_actors(actors)
        countries = dict(zip(table["name"].astype(str), table["country"].astype(str), strict=True))
        unknown = sorted(set(speaker.dropna()) - set(countries))
        if unknown:
            raise QuoteError(f"actor(s) {unknown[:3]} of the quotations are not in the actor list given; pass the list "
                             "the quotations were attributed with (actors=…).")
        speaker = speaker.map(lambda a: countries.get(a) or "(no country)" if isinstance(a, str) else pd.NA).astype("string")
    return speaker.fillna(OTHER_SPEAKERS)


def quote_counts(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    who: Who = "actor",
    kinds: Sequence[str] = KINDS,
    actors: ActorsLike = None,
) -> pd.DataFrame:
    """How often, and at what length, each group of articles quotes each actor (or country).

    Quoted words are the word tokens of each quotation's ``quote`` (numbers included,
    as :func:`analysis.text.count_words` counts). Quotations of no listed actor
    (unlisted or unattributed speakers) form the row :data:`OTHER_SPEAKERS`, so each
    group's shares add up to 1. ``who="country"`` sums actors by their ``country`` in the
    actor list ``actors`` (None: the shipped list). ``kinds`` keeps some kinds only, e.g.
    ``("direct", "partial")`` for words in quotation marks.

    Returns
    -------
    DataFrame, one row per group and speaker quoted in it, sorted by group then speaker, with columns
        the ``by`` column (string; ``corpus`` when ``by`` is None), ``actor`` or
        ``country`` (string), ``n_quotes`` (int), ``n_quoted_words`` (int), ``n_articles``
        (int, articles of the group quoting the speaker), ``n_group_articles`` (int),
        ``n_group_quoted_words`` (int, all quoted words in the group),
        ``share_of_quoted_words`` (float, ``n_quoted_words / n_group_quoted_words``).
    """
    bad = sorted(set(kinds) - set(KINDS))
    if bad or not kinds:
        raise QuoteError(f"kinds={list(kinds)!r}: choose among {list(KINDS)}.")
    quoted, group, docs = _quote_groups(quotes, articles, by)
    quoted = quoted[quoted["kind"].isin(list(kinds))]
    quoted = quoted.assign(**{who: _speakers(quoted, who, actors),
                              "n_words": quoted["quote"].astype(str).map(count_words).astype("int64")})
    counts = (quoted.groupby([group, who])
              .agg(n_quotes=("doc_id", "size"), n_quoted_words=("n_words", "sum"), n_articles=("doc_id", "nunique"))
              .reset_index())
    counts = counts.merge(docs.groupby(group).size().rename("n_group_articles").reset_index(), on=group, how="left")
    counts["n_group_quoted_words"] = counts.groupby(group)["n_quoted_words"].transform("sum")
    counts["share_of_quoted_words"] = (counts["n_quoted_words"].astype(float)
                                       / counts["n_group_quoted_words"].where(counts["n_group_quoted_words"] > 0))
    counts = counts.sort_values([group, who], ignore_index=True)
    return conform(counts, f"quote_counts_by_{who}", group=group)


@returns("quote_tone")
def quote_tone(
    quotes: pd.DataFrame,
    mentions: pd.DataFrame,
    scored_sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str | None = "source",
    min_articles: int = 3,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Tone of what each actor is quoted as saying beside the tone of the sentences that name them.

    ``quoted``: the mean VADER compound score of each attributed quotation's words, scored
    as written (:func:`analysis.score_sentences` of the ``quote`` texts). ``mentioned``:
    :func:`analysis.actor_sentiment` of ``mentions`` over ``scored_sentences``, the
    sentences naming the actor (quotations included). Intervals resample whole articles
    (:func:`analysis.stats.grouped_bootstrap_ci`); ``articles`` supplies the ``by`` column.
    """
    quoted, group, _ = _quote_groups(quotes, articles, by)
    quoted = quoted[quoted["actor"].notna()]
    parts = []
    if len(quoted):
        scores = score_sentences(quoted[["doc_id", "quote"]].rename(columns={"quote": "text"}), progress=False)
        quoted = quoted.assign(compound=scores["compound"].to_numpy())
        said = grouped_bootstrap_ci(quoted, "compound", by=[group, "actor"], cluster="doc_id", n_boot=n_boot, seed=seed, level=level)
        said = said.rename(columns={"n_clusters": "n_articles", "n_values": "n_texts", "mean": "mean_compound"})
        said["tone_of"] = "quoted"
        parts.append(said)
    named = actor_sentiment(mentions, scored_sentences, articles, by=by, min_articles=min_articles, n_boot=n_boot, seed=seed, level=level)
    parts.append(named.rename(columns={"n_sentences": "n_texts"}).assign(tone_of="mentioned"))
    tone = pd.concat(parts, ignore_index=True)
    tone["small_n"] = small_n(tone["n_articles"], min_articles)
    return conform(tone.sort_values([group, "actor", "tone_of"], ignore_index=True), "quote_tone", group=group)


@returns("longest_quotes")
def longest_quotes(
    quotes: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    by: str = "source",
    n: int = 3,
    kinds: Sequence[str] = ("direct", "partial"),
    max_chars: int | None = 400,
    joined: bool = False,
) -> pd.DataFrame:
    """The ``n`` longest quotations of each listed actor (in quoted words), with the article they are in.

    ``kinds`` keeps the quotations in marks by default (the actor's own words; add
    ``"indirect"`` for reported speech). ``joined=False`` leaves out quotations holding a
    double quotation mark or guillemet: several quotations joined over reopened marks,
    which a closing mark lost by the scrape can join to unrelated text (the longest would
    be those). ``max_chars`` shortens each ``quote`` to about
    that many characters, at a word, ending with "…" (None: whole); ``n_quoted_words``
    counts the whole quotation. Ties go to the earlier article and position. ``articles``
    supplies the ``by`` column and ``published``, ``title`` and ``url`` where it has them.
    """
    if n < 1 or (max_chars is not None and max_chars < 1):
        raise QuoteError(f"n={n!r}, max_chars={max_chars!r}: give at least 1 (max_chars None keeps whole quotations).")
    bad = sorted(set(kinds) - set(KINDS))
    if bad or not kinds:
        raise QuoteError(f"kinds={list(kinds)!r}: choose among {list(KINDS)}.")
    quoted, group, _ = _quote_groups(quotes, articles, by)
    keep = quoted["actor"].notna() & quoted["kind"].isin(list(kinds))
    if not joined:
        keep &= ~quoted["quote"].astype(str).str.contains(_DOUBLE_MARK)
    quoted = quoted[keep].reset_index(drop=True)
    quoted["n_quoted_words"] = quoted["quote"].astype(str).map(count_words).astype("int64")
    totals = quoted.groupby("actor")["n_quoted_words"].sum()
    quoted["_total"] = quoted["actor"].map(totals)
    quoted["_order"] = range(len(quoted))
    top = (quoted.sort_values(["_total", "actor", "n_quoted_words", "_order"], ascending=[False, True, False, True], kind="stable")
           .groupby("actor", sort=False).head(n).reset_index(drop=True))
    top["quote_rank"] = top.groupby("actor", sort=False).cumcount() + 1
    meta = articles.assign(doc_id=articles["doc_id"].astype(str))
    meta = meta[["doc_id", *(c for c in ("published", "published_inferred", "title", "url") if c in meta.columns)]]
    top = top.merge(meta, on="doc_id", how="left", validate="many_to_one")
    for column, default in (("published", pd.NaT), ("published_inferred", False), ("title", pd.NA), ("url", pd.NA)):
        if column not in top.columns:
            top[column] = default
    if max_chars is not None:
        top["quote"] = top["quote"].astype(str).map(lambda q: _shortened(q, max_chars))
    return conform(top, "longest_quotes", group=group)


def _shortened(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with "…", when longer."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"
