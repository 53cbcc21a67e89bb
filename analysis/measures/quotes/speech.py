"""The editable lists of speech verbs, attribution phrases, pronouns and role nouns (``speech_verbs_en.txt``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from analysis.core.config import resource_path
from analysis.core.errors import QuoteError

SPEECH_WORDS_FILE = "speech_verbs_en.txt"
_SECTIONS = ("verbs", "that", "tell", "quote_only", "questions", "according", "pronouns", "titles", "people", "not_speakers", "statements")


@dataclass(frozen=True)
class SpeechWords:
    """The editable word lists of :func:`load_speech_words`, with the patterns built from them."""

    verbs: frozenset[str]
    that_only: frozenset[str]
    tell: frozenset[str]
    quote_only: frozenset[str]
    questions: frozenset[str]
    according: tuple[str, ...]
    pronouns: frozenset[str]
    titles: frozenset[str]
    people: frozenset[str]
    not_speakers: frozenset[str]
    statements: frozenset[str]
    phrases: Mapping[str, re.Pattern[str]]
    first_words: ahocorasick.Automaton  # the keys of ``phrases``, to find them in one pass over a text

    def key(self) -> list[list[str]]:
        """Every word list, sorted: what decides the quotations found (for a cache key)."""
        names = ("verbs", "that_only", "tell", "quote_only", "questions", "according", "pronouns", "titles", "people", "not_speakers",
                 "statements")
        return [sorted(getattr(self, name)) for name in names]


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
                       quote_only=frozenset(sections["quote_only"]), questions=frozenset(sections["questions"]),
                       according=tuple(sections["according"]), pronouns=frozenset(sections["pronouns"]),
                       titles=frozenset(sections["titles"]), people=frozenset(sections["people"]),
                       not_speakers=frozenset(sections["not_speakers"]),
                       statements=frozenset(sections["statements"]), phrases=patterns, first_words=_automaton(phrases))


def load_speech_words(path: str | os.PathLike[str] | None = None) -> SpeechWords:
    """The speech verbs, attribution phrases, pronouns and role nouns that :func:`find_quotes` uses.

    ``path`` is a file like the shipped ``analysis/resources/speech_verbs_en.txt``
    (None: that file): ``[section]`` lines, then one lower-case entry a line.
    Raises :class:`QuoteError` for an unknown section or an entry outside one.
    """
    return _load_speech_words(str(resource_path(SPEECH_WORDS_FILE) if path is None else Path(path).expanduser()))
