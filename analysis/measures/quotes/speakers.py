"""The people quoted, by name, whether the actor list has them or not.

:class:`ArticleNames` finds the person names of one article the way
:func:`analysis.candidate_actors` reads a capitalised sequence ("Kremlin spokesman Dmitry
Peskov" names Dmitry Peskov, "Mr Lukashenko" names Lukashenko, "the White House" no one),
and ties the short forms of a name to its fullest form in the article ("Khodaryonok" and
"Mr. Khodaryonok" to Mikhail Khodaryonok). :func:`person_keys` does the same across
articles: a name written alone ("Peskov") joins the one fuller name of the corpus that ends
with it ("Dmitry Peskov").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from analysis.core.config import read_resource_lines
from analysis.measures.actors import _CAPITALISED_RUN, _candidate_in
from analysis.text.tokens import load_stopwords

_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_WORD_BEFORE = re.compile(r"(?<![\w'\u2019.-])([^\W\d_][\w-]*)[ \t]+$")


@dataclass(frozen=True)
class NameWords:
    """The word lists that tell a person's name from a place, an institution or a title."""

    titles: frozenset[str]
    not_names: frozenset[str]
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def name_words() -> NameWords:
    """The shipped lists (``person_titles_en.txt``, ``not_name_words_en.txt``, the stopwords)."""
    return NameWords(frozenset(read_resource_lines("person_titles_en.txt")), frozenset(read_resource_lines("not_name_words_en.txt")),
                     load_stopwords())


@dataclass(frozen=True, slots=True)
class Name:
    """A person named in the text: where, and the fullest form of the name in the article."""

    start: int
    end: int
    person: str
    possessive: bool


@lru_cache(maxsize=65536)
def _name_in(run: str, words: NameWords) -> str | None:
    """The name-like part of a capitalised run (:func:`analysis.candidate_actors`' reading), remembered: runs repeat."""
    return _candidate_in(run, words.titles, words.not_names, words.stopwords)


def _possessive(run: str) -> bool:
    return run.endswith(("'s", "\u2019s", "s'", "s\u2019"))


class ArticleNames:
    """The person names of one article (see the module docstring), found when first asked for.

    ``inside`` marks the characters inside quotations: a name there is not counted.
    """

    def __init__(self, text: str, inside: np.ndarray, words: NameWords) -> None:
        self.text = text
        self.inside = inside
        self.words = words
        self._read_runs: dict[tuple[int, str], Name | None] = {}  # what each run read names, remembered

    def _name(self, run: str) -> str | None:
        return _name_in(run, self.words)

    @cached_property
    def _runs(self) -> tuple[list[int], list[int], list[str]]:
        """The starts, ends and texts of every capitalised run of the article, found once."""
        starts, ends, texts = [], [], []
        for match in _CAPITALISED_RUN.finditer(self.text):
            starts.append(match.start())
            ends.append(match.end())
            texts.append(match.group())
        return starts, ends, texts

    def _runs_in(self, lo: int, hi: int) -> list[tuple[int, str]]:
        """The capitalised runs that ``_CAPITALISED_RUN.finditer(text, lo, hi)`` finds (start, text), from the runs found
        once: a run cut by ``lo`` or ``hi`` is matched again within them."""
        starts, ends, texts = self._runs
        first = bisect.bisect_left(starts, lo)
        found = []
        if first and ends[first - 1] > lo:  # a run begun before lo goes on past it: its part from lo
            match = _CAPITALISED_RUN.search(self.text, lo, min(hi, ends[first - 1]))
            if match is not None:
                found.append((match.start(), match.group()))
        for number in range(first, bisect.bisect_left(starts, hi, first)):
            if ends[number] <= hi:
                found.append((starts[number], texts[number]))
            else:
                match = _CAPITALISED_RUN.match(self.text, starts[number], hi)
                if match is not None:
                    found.append((match.start(), match.group()))
        return found

    @cached_property
    def _full(self) -> tuple[dict[str, str], dict[str, str | None]]:
        """Each name of two words or more → its fullest form, and each word of such a name → that form (None: two people)."""
        names: set[str] = set()
        for run in self._runs[2]:
            if " " in run:
                name = self._name(run)
                if name and " " in name:
                    names.add(name)
        fullest: dict[str, str] = {}
        for name in sorted(names, key=lambda name: (-len(name), name)):  # longest first, the same order in every process
            longer = next((f for f in fullest.values() if f" {name} " in f" {f} "), None)
            fullest[name] = longer or name
        by_word: dict[str, str | None] = {}
        for name, full in fullest.items():
            for word in name.split(" "):
                if word[0].isupper() and by_word.get(word, full) != full:
                    by_word[word] = None
                else:
                    by_word.setdefault(word, full)
        return fullest, by_word

    def fullest(self, name: str) -> str:
        """The fullest form of ``name`` in the article ("Khodaryonok" → "Mikhail Khodaryonok"), or ``name``."""
        fullest, by_word = self._full
        if " " in name:
            return fullest.get(name, name)
        return by_word.get(name) or name

    def _read(self, match_start: int, run: str) -> Name | None:
        """The person a capitalised run names: a full name, a title and a surname, or a word of a full name of the article."""
        name = self._name(run)
        if name is None and " " not in run.strip():
            word = run.removesuffix("'s").removesuffix("\u2019s").rstrip("'\u2019")
            if self._full[1].get(word) and word.lower() not in self.words.not_names:
                name = word
        if name is None or self.institution_after(match_start + len(run)):
            return None
        return Name(match_start, match_start + len(run), self.fullest(name), _possessive(run))

    def first_name_before(self, start: int) -> str | None:
        """The capitalised word right before a name at ``start`` when it may be a first name: no title, place, stopword,
        possessive, or word ending a sentence ("Oleksiy" in "Oleksiy Kuleba", not "President" nor "Comey.")."""
        before = _WORD_BEFORE.search(self.text, max(0, start - 30), start)
        if before is None:
            return None
        word = before.group(1)
        lowered = word.lower()
        if not word[0].isupper() or word.isupper() or lowered in self.words.titles or lowered in self.words.not_names \
                or lowered in self.words.stopwords:
            return None
        return word

    def institution_after(self, end: int) -> bool:
        """Whether the word after ``end`` makes the name before it an institution's ("the Biden administration")."""
        match = _NEXT_WORD.match(self.text, end)
        return match is not None and match.group(1).islower() and match.group(1) in self.words.not_names

    def names_in(self, lo: int, hi: int) -> list[Name]:
        """The people named in ``[lo, hi)`` outside quotations, in text order."""
        found = []
        for start, run in self._runs_in(lo, hi):
            if not self.inside[start]:
                key = (start, run)
                name = self._read_runs[key] if key in self._read_runs else self._read_runs.setdefault(key, self._read(start, run))
                if name is not None:
                    found.append(name)
        return found

    def speaker_name(self, lo: int, hi: int, statement_words: frozenset[str], *, label: bool = False) -> str | None:
        """The person the speaker's words ``[lo, hi)`` name: the first name not in the possessive ("Kremlin spokesman
        Dmitry Peskov"), else an owner of a statement ("Kuleba's tweet"); a lone first name with an age or a relative
        clause after it ("Andrei, who serves …") counts too; a transcript ``label`` ("PSAKI") names who it spells."""
        if label:
            return self.fullest(self.text[lo:hi].strip().title())  # a transcript label, "PSAKI"
        names = self.names_in(lo, hi)
        plain = [n for n in names if not n.possessive]
        if plain:
            return plain[0].person
        owner = next((n for n in names if n.possessive), None)
        if owner is not None:
            head = self.text[owner.end:hi].split(",")[0].split()
            if head and head[-1].lower().strip(".") in statement_words:
                return owner.person
            return None
        words = self.text[lo:hi].split(",")
        first = words[0].strip()
        if (len(words) > 1 and " " not in first and first[:1].isupper() and first.isalpha() and not first.isupper()
                and first.lower() not in self.words.not_names and first.lower() not in self.words.stopwords
                and (words[1].strip().startswith("who") or words[1].strip().isdigit())):
            return first
        return None


def person_keys(names: Iterable[str]) -> dict[str, str]:
    """Each name → the person it is counted as: a one-word name ("Peskov") joins the only longer name ending with it
    ("Dmitry Peskov"); every other name is its own person."""
    distinct = set(names)
    by_last: dict[str, set[str]] = {}
    for name in distinct:
        if " " in name:
            by_last.setdefault(name.rsplit(" ", 1)[1], set()).add(name)
    keys = {}
    for name in distinct:
        fuller = by_last.get(name, set()) if " " not in name else set()
        keys[name] = next(iter(fuller)) if len(fuller) == 1 else name
    return keys


def nearest_before(starts: list[int], position: int) -> int:
    """The index of the last of the sorted ``starts`` before ``position`` (-1: none)."""
    return bisect.bisect_left(starts, position) - 1
