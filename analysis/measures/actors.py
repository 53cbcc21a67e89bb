"""Actor mentions: who is named, how often, together with whom, and in what tone.

An actor list (the shipped ``analysis/resources/actors.yml``, a project's
``data/actors.yml`` that overrides it, or the user's own) gives each person a
canonical name, a short label, a role, a country and every alias that
transliteration, translation and the press produce. :func:`find_mentions` finds
every alias of every actor in one pass over each article with an Aho-Corasick
automaton (pyahocorasick) built over lower-cased aliases, then keeps whole words
only, checks case where an actor asks for it, and resolves overlaps so that each
occurrence counts once and the longest alias wins ("Donald Trump" is one mention,
not a mention of "Donald Trump" and one of "Trump"). Ambiguous forms (a surname
two people share, a month, a place: "Johnson", "May", "Austin") count only where
the article names their person unambiguously too.

The tables built from mentions (counts, co-occurrence, tone, candidates for the
list) are tidy and computed without I/O; :mod:`analysis.viz.actors` draws them.
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import ahocorasick
import networkx as nx
import pandas as pd
import yaml

from analysis.core.checks import article_groups, parse_flag, positive_int, require_columns, require_unique_ids
from analysis.core.config import read_resource_lines, resource_path
from analysis.core.errors import ActorError
from analysis.core.progress import progress_bar
from analysis.core.schema import TABLES, conform, enters, returns
from analysis.measures.fold import Counts
from analysis.measures.stats import ClusterSums, small_n
from analysis.measures.tone import mention_tone
from analysis.text.normalize import normalize_text
from analysis.text.splitter import PARAGRAPH_SEPARATOR, split_sentences
from analysis.text.tokens import count_words, load_stopwords

ACTORS_FILE = "actors.yml"
ACTOR_COLUMNS = list(TABLES["actors"].columns)
_ENTRY_FIELDS = frozenset(ACTOR_COLUMNS)
_LIST_SEPARATOR = ";"
_APOSTROPHES = "'\u2019"

#: What :func:`load_actors` accepts: a path, entries as mappings, a table from :func:`load_actors`, or None (the shipped list).
ActorsLike = str | os.PathLike[str] | Sequence[Mapping[str, Any]] | pd.DataFrame | None
Unit = Literal["sentence", "article"]


# ----------------------------------------------------------------------- the list


def _read_entries(path: Path) -> list[Any]:
    """The raw entries of an actor-list file (YAML or CSV), before validation."""
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ActorError(f"{path}: not valid YAML ({exc}). Fix the syntax at the line it names.") from exc
        if isinstance(document, Mapping) and "actors" in document:
            document = document["actors"]
        if not isinstance(document, list):
            raise ActorError(f"{path}: expected a list of actors under the key 'actors:' (see analysis/resources/actors.yml), "
                             f"found {type(document).__name__}.")
        return document
    if suffix == ".csv":
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # pandas raises many parser errors; name the file and the cause
            raise ActorError(f"{path}: cannot be read as CSV ({type(exc).__name__}: {exc}).") from exc
        entries = []
        for row in table.to_dict("records"):
            entry: dict[str, Any] = {k: v for k, v in row.items() if v != ""}
            for field_name in ("aliases", "anchored", "exclude"):
                if field_name in entry:
                    entry[field_name] = [part for part in entry[field_name].split(_LIST_SEPARATOR) if part.strip()]
            if "case_sensitive" in entry:
                try:
                    entry["case_sensitive"] = parse_flag(entry["case_sensitive"])
                except ValueError:
                    pass  # left as text: validation names the entry
            entries.append(entry)
        return entries
    raise ActorError(f"{path}: unsupported actor-list format {path.suffix!r}; use .yml/.yaml or .csv (see analysis/resources/actors.yml).")


def _clean_text_field(value: Any, field_name: str, where: str, problems: list[str], *, required: bool) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}: '{field_name}' is empty; give the person's {field_name}")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: '{field_name}' must be text, not {type(value).__name__} ({value!r})")
        return ""
    return normalize_text(value)


def _clean_phrases(value: Any, field_name: str, where: str, problems: list[str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: '{field_name}' must be a list like [Witkoff, Whitkoff], not {type(value).__name__} ({value!r})")
        return []
    phrases = []
    for item in value:
        if not isinstance(item, str) or not any(c.isalpha() for c in item):
            problems.append(f"{where}: '{field_name}' holds {item!r}, which is not a name; remove it or write it as text")
        else:
            phrases.append(normalize_text(item))
    return phrases


def _contains_words(phrase: str, words: str) -> bool:
    """Whether ``words`` occurs in ``phrase`` as whole words, ignoring case."""
    return re.search(rf"(?<!\w){re.escape(_fold(words))}(?!\w)", _fold(phrase)) is not None


def _validate(entries: Sequence[Any], origin: str) -> pd.DataFrame:
    """Check raw entries and build the actor table; every problem is reported at once."""
    if len(entries) == 0:
        raise ActorError(f"{origin}: the actor list is empty; list at least one actor (see analysis/resources/actors.yml).")
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    for number, entry in enumerate(entries, 1):
        where = f"{origin}, entry {number}"
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: {entry!r} is not an actor; write a mapping with name, label, role, country, aliases")
            continue
        if isinstance(entry.get("name"), str) and entry["name"].strip():
            where += f" ({entry['name'].strip()!r})"
        unknown = sorted(set(map(str, entry)) - _ENTRY_FIELDS)
        if unknown:
            problems.append(f"{where}: unknown field(s) {unknown}; the fields are {ACTOR_COLUMNS}")
        name = _clean_text_field(entry.get("name"), "name", where, problems, required=True)
        label = _clean_text_field(entry.get("label"), "label", where, problems, required=False) or name.split(" ")[-1]
        case_sensitive = entry.get("case_sensitive", False)
        if not isinstance(case_sensitive, bool):
            problems.append(f"{where}: case_sensitive must be true or false, not {case_sensitive!r}")
        aliases = list(dict.fromkeys([name, *_clean_phrases(entry.get("aliases"), "aliases", where, problems)]))
        anchored = list(dict.fromkeys(_clean_phrases(entry.get("anchored"), "anchored", where, problems)))
        exclude = list(dict.fromkeys(_clean_phrases(entry.get("exclude"), "exclude", where, problems)))
        for form in anchored:
            if any(_fold(form) == _fold(alias) for alias in aliases):
                problems.append(f"{where}: {form!r} is both an alias and an anchored alias; keep it in one list only "
                                "(anchored when it can name someone or something else)")
        for phrase in exclude:
            if not any(_contains_words(phrase, alias) for alias in [*aliases, *anchored] if alias):
                problems.append(f"{where}: exclude phrase {phrase!r} contains none of the actor's aliases, so it "
                                "excludes nothing; remove it or fix its spelling")
            elif any(_fold(phrase) == _fold(alias) for alias in [*aliases, *anchored]):
                problems.append(f"{where}: {phrase!r} is both an alias and an exclude phrase; keep only one")
        if name:
            rows.append({"name": name, "label": label, "where": where, "aliases": tuple(a for a in aliases if a),
                         "anchored": tuple(anchored), "exclude": tuple(exclude), "case_sensitive": case_sensitive is True,
                         "role": _clean_text_field(entry.get("role"), "role", where, problems, required=False),
                         "country": _clean_text_field(entry.get("country"), "country", where, problems, required=False)})
    for column, what in (("name", "name"), ("label", "label")):
        seen: dict[str, str] = {}
        for row in rows:
            key = _fold(row[column])
            if key in seen:
                problems.append(f"{row['where']}: {what} {row[column]!r} is also the {what} of {seen[key]}; {what}s must be unique")
            seen.setdefault(key, row["where"])
    owners: dict[str, tuple[str, str]] = {}
    for row in rows:
        for alias in row["aliases"]:
            owner = owners.setdefault(_fold(alias), (row["name"], row["where"]))
            if owner[0] != row["name"]:
                problems.append(f"{row['where']}: alias {alias!r} also names {owner[1]}; an alias must name one actor "
                                "only (keep it with one, or use full names for both)")
    excluded = {_fold(phrase): row["where"] for row in rows for phrase in row["exclude"]}
    for row in rows:
        for phrase in row["exclude"]:
            owner = owners.get(_fold(phrase))
            if owner is not None and owner[0] != row["name"]:
                problems.append(f"{row['where']}: exclude phrase {phrase!r} is an alias of {owner[1]}; the alias already "
                                "takes precedence, so remove the exclude phrase")
        for form in row["anchored"]:
            owner = owners.get(_fold(form))
            if owner is not None and owner[0] != row["name"]:
                problems.append(f"{row['where']}: anchored alias {form!r} is a plain alias of {owner[1]}, where it counts "
                                "everywhere; make it anchored there too, or drop it here")
            if _fold(form) in excluded and excluded[_fold(form)] != row["where"]:
                problems.append(f"{row['where']}: anchored alias {form!r} is an exclude phrase of {excluded[_fold(form)]}; "
                                "keep only one")
    if problems:
        raise ActorError("the actor list has problems; fix these entries:\n  " + "\n  ".join(problems))
    return conform(pd.DataFrame(rows, columns=[*ACTOR_COLUMNS, "where"]), "actors")


@lru_cache(maxsize=8)
def _list_file(path: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """The checked actor list of the file ``path`` as it is at that modification time and size (read once per process)."""
    return _validate(_read_entries(Path(path)), path)


@returns("actors")
def load_actors(actors: ActorsLike = None) -> pd.DataFrame:
    """Read and check an actor list: the default list when ``actors`` is None.

    The default is ``data/actors.yml`` of the project when it has one, else the
    shipped ``analysis/resources/actors.yml`` (see :func:`analysis.core.config.resource_path`).

    ``actors`` may also be the path of a YAML file like the shipped one or of a
    CSV with the same columns (``aliases`` and ``exclude`` separated by ``;``),
    a list of mappings with those fields, or a table from this function.
    Raises :class:`ActorError` listing every entry that is malformed, has an
    empty name, or shares a name, label or alias with another entry.

    ``label`` defaults to the name's last word; ``aliases`` holds the name first,
    then every alias (a tuple); ``anchored`` and ``exclude`` are tuples. An
    anchored alias may be shared by several actors but cannot also be a plain
    alias or an exclude phrase. Rows follow the list.
    """
    if isinstance(actors, pd.DataFrame):
        require_columns(actors, ["name", "aliases"], what="actor", fix="make it with analysis.load_actors()",
                        error=ActorError)
        entries = [{k: (list(v) if isinstance(v, (tuple, list)) else v) for k, v in row.items() if k in _ENTRY_FIELDS}
                   for row in actors.to_dict("records")]
        return _validate(entries, "actor table")
    if actors is None or isinstance(actors, (str, os.PathLike)):
        path = resource_path(ACTORS_FILE) if actors is None or str(actors) == "" else Path(actors).expanduser()
        if not path.is_file():
            raise ActorError(f"{path}: no such actor list. Give the path of a .yml or .csv file like analysis/resources/actors.yml "
                             f"(relative paths start at {Path.cwd()}).")
        stat = path.stat()
        return _list_file(str(path), stat.st_mtime_ns, stat.st_size).copy()
    if isinstance(actors, Sequence):
        return _validate(actors, "actor list")
    raise ActorError(f"actors={type(actors).__name__}: give a path, a list of mappings, or a table from analysis.load_actors().")


def actor_labels(actors: ActorsLike = None) -> dict[str, str]:
    """``{canonical name: short label}`` of an actor list (see :func:`load_actors`)."""
    table = load_actors(actors)
    return dict(zip(table["name"], table["label"], strict=True))


# ----------------------------------------------------------------------- matching


def _fold(text: str) -> str:
    """``text`` lower-cased character by character, so offsets into it are offsets into ``text``."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _starts_word(text: str, start: int) -> bool:
    """Whether a word begins at ``start`` (not inside "Rasputin", "Xi'an" or "d'Estaing")."""
    if start == 0:
        return True
    before = text[start - 1]
    if _is_word_char(before):
        return False
    return not (before in _APOSTROPHES and start >= 2 and text[start - 2].isalpha())


def _word_end(text: str, end: int, *, exact_case: bool) -> int | None:
    """Where a mention ending at ``end`` stops, taking in a possessive or a stray plural ``s``; None inside a word."""
    if end == len(text):
        return end
    char = text[end]
    after = text[end + 1] if end + 1 < len(text) else ""
    if char in _APOSTROPHES:
        if after in "sS" and after and (end + 2 == len(text) or not _is_word_char(text[end + 2])):
            return end + 2  # Trump's
        return None if after.isalpha() else end  # Xi'an is another word; Kallas' or a closing quote ends the name
    if char == "s" or (char == "S" and not exact_case):
        return end + 1 if not after or not _is_word_char(after) else None  # "Trumps says"
    return None if _is_word_char(char) else end


_FAMILY = re.compile(r"(?<![\w'\u2019])(?:the|both|two)\s+$", re.IGNORECASE)  # "the Trumps": the family
_CAPITALS_BEFORE = re.compile(r"([^\W\d_]{2,})[^\w\n]*$")
_CAPITALS_AFTER = re.compile(r"(?:['\u2019]S)?[^\w\n]*([^\W\d_]{2,})")
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                     "november", "december"})
_BEFORE_DATE = _MONTHS | {"in", "since", "until", "till", "by", "from", "through", "early", "late", "mid", "last", "next",
                          "this", "of", "during", "before", "after", "end", "beginning", "start"}
_AFTER_DATE = frozenset({"next", "last", "this"})
_PREVIOUS_WORD = re.compile(r"(\w+)[\s,-]*$")
_NEXT_WORD = re.compile(r"[\s,]*(\w+)")
_NAME_PART = r"[^\W\d_](?:\.|[^\W\d_]*(?:['\u2019-][^\W\d_]+)*)"  # "Sung", "O'Brien", "Hyung-jin", an initial "B."
_WORD_BEFORE = re.compile(rf"(?<![\w.'\u2019-])(?P<word>{_NAME_PART})[ \t]+$")
_WORD_AFTER = re.compile(rf"[ \t]+(?P<word>{_NAME_PART})(?![\w'\u2019-])")
_POSSESSIVES = ("'s", "\u2019s")
_SENTENCE_OPENERS = frozenset(".!?:;\"'()[]\u201c\u201d\u2018\u2019\u2014\n")


def _is_family(text: str, start: int) -> bool:
    """Whether a plural at ``start`` follows "the", "both" or "two" ("the Trumps": the family, not the person)."""
    return _FAMILY.search(text, max(0, start - 12), start) is not None


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether an ALL CAPS form at ``start:end`` reads as a name in capitals, not a shouted word.

    It does when it is a speaker tag ("TRUMP:"), a name of several words ("LIZ TRUSS"),
    or next to another word in capitals ("TRUSS STAGGERS ON", "CCTV, XI said").
    """
    if text.startswith(":", end) or " " in text[start:end]:
        return True
    before = _CAPITALS_BEFORE.search(text, max(0, start - 24), start)
    after = _CAPITALS_AFTER.match(text, end)
    return any(found is not None and found.group(1).isupper() for found in (before, after))


def _reads_as_date(text: str, start: int, end: int) -> bool:
    """Whether a month name at ``start:end`` is a date: next to a number ("May 5", "5 May", "May 2022"),
    after a word of time or another month ("in May", "early May", "April, May") or before one ("May next year")."""
    previous = _PREVIOUS_WORD.search(text, max(0, start - 16), start)
    if previous is not None and (previous.group(1).lower() in _BEFORE_DATE or previous.group(1).isdigit()):
        return True
    following = _NEXT_WORD.match(text, end)
    return following is not None and (following.group(1).isdigit() or following.group(1).lower() in _AFTER_DATE)


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence, a quotation or a line (so its capital says nothing)."""
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_OPENERS


@dataclass(frozen=True)
class _Pattern:
    """What an automaton key stands for."""

    actors: tuple[str, ...]  # () an exclude phrase; one actor; or every actor sharing an anchored alias
    forms: frozenset[str] | None  # the exact forms that count; None: any case
    capitals: frozenset[str]  # the ALL CAPS forms of ``forms``, which count in capitals with an anchor
    anchored: bool  # counts only where one of ``actors`` is named unambiguously
    month: bool  # an anchored month name ("May"): never a mention where it reads as a date


class _Hit(NamedTuple):
    """A whole-word occurrence of an alias; ``ambiguous``: it counts only with an anchor."""

    start: int
    end: int
    pattern: _Pattern
    ambiguous: bool


def _patterns(actors: pd.DataFrame) -> dict[str, _Pattern]:
    """Every folded alias, anchored alias and exclude phrase of an actor list, with what it stands for."""
    plain: dict[str, tuple[str | None, set[str] | None]] = {}
    shared: dict[str, tuple[list[str], set[str]]] = {}
    for name, aliases, anchored, case_sensitive, exclude in zip(
        actors["name"], actors["aliases"], actors["anchored"], actors["case_sensitive"], actors["exclude"], strict=True
    ):
        for alias in aliases:
            _, forms = plain.setdefault(_fold(alias), (name, set() if case_sensitive else None))
            if forms is not None:
                forms.add(alias)
        for form in anchored:
            owners, forms = shared.setdefault(_fold(form), ([], set()))
            if name not in owners:
                owners.append(name)
            forms.add(form)
        for phrase in exclude:
            plain.setdefault(_fold(phrase), (None, None))
    patterns = {key: _Pattern(() if actor is None else (actor,), None if forms is None else frozenset(forms),
                              frozenset(f.upper() for f in forms or ()), anchored=False, month=False)
                for key, (actor, forms) in plain.items()}
    for key, (owners, forms) in shared.items():
        patterns.setdefault(key, _Pattern(tuple(owners), frozenset(forms), frozenset(f.upper() for f in forms),
                                          anchored=True, month=key in _MONTHS))
    return patterns


class _Matcher:
    """One Aho-Corasick automaton over every folded alias and exclude phrase of an actor list.

    ``anchor_window``: how far (characters, either way) an unambiguous mention anchors an
    anchored alias or an ALL CAPS form; None: anywhere in the text.
    """

    def __init__(self, actors: pd.DataFrame, *, anchor_window: int | None = None) -> None:
        self.anchor_window = anchor_window
        self.not_name_words = (frozenset(read_resource_lines("person_titles_en.txt"))
                               | frozenset(read_resource_lines("not_name_words_en.txt")) | load_stopwords())
        self.automaton = ahocorasick.Automaton()
        for key, pattern in _patterns(actors).items():
            self.automaton.add_word(key, (len(key), pattern))
        self.automaton.make_automaton()

    def _name_word(self, word: str) -> bool:
        """Whether ``word`` can be part of a name: capitalised, not in capitals, not a title, stopword,
        place or institution word ("Sung", "Tobias", "B." but not "Mr", "Senators", "House", "Helsinki-born")."""
        key = word.lower().rstrip(".")
        return (all(part[:1].isupper() for part in word.split("-")) and not (len(word) > 2 and word.isupper())
                and key not in self.not_name_words and not (key.endswith("s") and key[:-1] in self.not_name_words))

    def _in_other_name(self, text: str, start: int, end: int) -> bool:
        """Whether an anchored form at ``start:end`` is part of someone or something else's name: after a
        first name ("Sung Kim", not "Britain's Johnson") or before another name word ("Austin Tice's", "Costa Rica")."""
        before = _WORD_BEFORE.search(text, max(0, start - 32), start)
        if (before is not None and not before.group("word").endswith(_POSSESSIVES) and self._name_word(before.group("word"))
                and not _starts_sentence(text, before.start("word"))):
            return True
        after = _WORD_AFTER.match(text, end)
        return after is not None and self._name_word(after.group("word").removesuffix("'s").removesuffix("\u2019s"))

    def _hits(self, text: str) -> list[_Hit]:
        """Every whole-word alias of ``text``, leftmost-longest, no overlaps, exclude phrases dropped."""
        found = []
        for last, (length, pattern) in self.automaton.iter(_fold(text)):
            start = last + 1 - length
            ambiguous = pattern.anchored
            if pattern.forms is not None and text[start : last + 1] not in pattern.forms:
                if text[start : last + 1] not in pattern.capitals or not _in_capitals(text, start, last + 1):
                    continue
                ambiguous = True
            if not _starts_word(text, start):
                continue
            end = _word_end(text, last + 1, exact_case=pattern.forms is not None)
            if end is None or (end == last + 2 and _is_family(text, start)):
                continue
            if pattern.anchored and ((pattern.month and _reads_as_date(text, start, last + 1))
                                     or self._in_other_name(text, start, last + 1)):
                continue
            found.append(_Hit(start, end, pattern, ambiguous))
        found.sort(key=lambda hit: (hit.start, -hit.end))
        hits, reach = [], 0
        for hit in found:
            if hit.start >= reach:
                reach = hit.end
                if hit.pattern.actors:
                    hits.append(hit)
        return hits

    def _near(self, starts: list[int], position: int) -> bool:
        """Whether one of ``starts`` (sorted) lies within ``anchor_window`` of ``position`` (anywhere when None)."""
        if self.anchor_window is None:
            return bool(starts)
        i = bisect.bisect_left(starts, position - self.anchor_window)
        return i < len(starts) and starts[i] <= position + self.anchor_window

    def scan(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, actor)`` of every mention in ``text`` (one article), in text order.

        Whole words, leftmost-longest, no overlaps; an ambiguous form (an anchored alias,
        an ALL CAPS form) counts only when exactly one of the actors it may name is also
        named unambiguously in ``text`` (within ``anchor_window`` of it).
        """
        hits = self._hits(text)
        if not any(hit.ambiguous for hit in hits):
            return [(hit.start, hit.end, hit.pattern.actors[0]) for hit in hits]
        anchors: dict[str, list[int]] = {}
        for hit in hits:
            if not hit.ambiguous:
                anchors.setdefault(hit.pattern.actors[0], []).append(hit.start)
        mentions = []
        for hit in hits:
            named = [actor for actor in hit.pattern.actors if not hit.ambiguous or self._near(anchors.get(actor, []), hit.start)]
            if len(named) == 1:
                mentions.append((hit.start, hit.end, named[0]))
        return mentions


def _attach_sentences(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """The ``sentence_id`` holding each mention's start, from the sentences' character offsets."""
    require_columns(sentences, ["doc_id", "sentence_id", "start"],
                    what="sentences",
                    fix="make it with analysis.split_sentences(articles)", error=ActorError)
    left = mentions[["doc_id", "start"]].assign(doc_id=mentions["doc_id"].astype(str), _row=range(len(mentions)))
    right = sentences[["doc_id", "sentence_id", "start"]].rename(columns={"start": "sentence_start"})
    right = right.assign(doc_id=right["doc_id"].astype(str), sentence_start=right["sentence_start"].astype("int64"))
    merged = pd.merge_asof(left.sort_values("start"), right.sort_values("sentence_start"),
                           left_on="start", right_on="sentence_start", by="doc_id", direction="backward")
    merged = merged.sort_values("_row")
    lost = merged["sentence_id"].isna()
    if lost.any():
        first = merged.loc[lost].iloc[0]
        raise ActorError(f"{int(lost.sum())} mention(s) fall outside the sentences given (first: doc_id {first['doc_id']!r} "
                         f"at character {first['start']}); pass sentences=analysis.split_sentences(articles) of the same articles.")
    return pd.Series(merged["sentence_id"].to_numpy(dtype="int64"), index=mentions.index)


def _iter_mentions(articles: pd.DataFrame, actors: ActorsLike = None, *, anchor_window: int | None = None,
                   progress: bool = True) -> Iterator[tuple[str, int, int, str, str]]:
    """``(doc_id, start, end, actor, matched_text)`` for every mention, article by article (see :func:`find_mentions`)."""
    require_columns(articles, ["doc_id", "text"], what="articles", fix="pass the table from analysis.load_corpus", error=ActorError)
    require_unique_ids(articles, error=ActorError)
    if anchor_window is not None:
        positive_int("anchor_window", anchor_window, error=ActorError)
    matcher = _Matcher(load_actors(actors), anchor_window=anchor_window)
    pairs = zip(articles["doc_id"], articles["text"], strict=True)
    for doc_id, text in progress_bar(pairs, total=len(articles), desc="Finding actors", unit="article", disable=not progress):
        if not isinstance(text, str):
            raise ActorError(f"article {doc_id!r} has no text ({text!r}); drop it or load the corpus with analysis.load_corpus.")
        for start, end, actor in matcher.scan(text):
            yield doc_id, start, end, actor, text[start:end]


@returns("mentions")
def find_mentions(
    articles: pd.DataFrame,
    actors: ActorsLike = None,
    *,
    sentences: pd.DataFrame | None = None,
    anchor_window: int | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Every mention of every actor in ``articles``, one row per occurrence.

    A mention is a whole-word occurrence of an actor's name or alias (see
    :func:`load_actors`): the longest alias wins and counts once ("Donald
    Trump" is one mention); a possessive or a stray plural ``s`` is part of it
    ("Trump's", "Trumps says"), but a plural after "the", "both" or "two" is the
    family ("the Trumps") and does not count; actors flagged ``case_sensitive``
    count only as written (a "graham cracker" is not Lindsey Graham); exclude
    phrases ("Hunter Biden") never count. Unnamed roles ("the Secretary of the
    Treasury") are not mentions.

    Ambiguous forms need an anchor ("one sense per discourse"): an ``anchored``
    alias ("Johnson", "May") counts only in an article that also names exactly one
    of the actors sharing it unambiguously (by name or plain alias: "Boris Johnson",
    "Prime Minister Johnson"); where it names none, or two of them, the form is left
    out. It never counts inside someone else's name ("Dusty Johnson", "Austin Tice",
    "Costa Rica"; titles and institutions such as "Mr Johnson" or "the Clinton
    Foundation" are not names) and, for a month, where it reads as a date ("in May",
    "May 5"). The ALL CAPS form of a case-sensitive alias ("TRUMP") counts as a
    speaker tag ("TRUMP: ..."), next to another word in capitals (a headline) or as
    a name of several words ("LIZ TRUSS"), and only with an anchor too.

    Parameters
    ----------
    articles
        A table with ``doc_id`` and ``text``, as from :func:`analysis.load_corpus`.
    actors
        An actor list as :func:`load_actors` accepts; None is the shipped list.
    sentences
        :func:`analysis.split_sentences` of the same articles, if already made;
        otherwise the articles with mentions are split here.
    anchor_window
        How far (in characters, either way) an unambiguous mention anchors an
        ambiguous form; None (default): anywhere in the article. A window suits
        long texts that cover many stories (live blogs, digests).
    progress
        Show a progress bar (tqdm) over articles.

    ``sentence_id`` is the sentence of :func:`analysis.split_sentences` holding the
    mention; ``start`` and ``end`` are offsets into the article's ``text``.
    """
    rows = list(_iter_mentions(articles, actors, anchor_window=anchor_window, progress=progress))
    mentions = pd.DataFrame(rows, columns=["doc_id", "start", "end", "actor", "matched_text"])
    if sentences is None:
        mentioned = articles["doc_id"].isin(set(mentions["doc_id"]))
        sentences = split_sentences(articles.loc[mentioned, ["doc_id", "text"]])
    mentions["sentence_id"] = _attach_sentences(mentions, sentences) if len(mentions) else pd.Series(dtype="int64")
    return conform(mentions, "mentions")


@enters(sentences="sentences", mentions="mentions")
def mentioned_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``sentences`` that name at least one actor, in their order: the only ones
    :func:`actor_sentiment` reads, so score these rather than the whole corpus. Same columns as ``sentences``."""
    require_columns(sentences, ["doc_id", "sentence_id"],
                    what="sentences",
                    fix="make it with analysis.split_sentences(articles)", error=ActorError)
    require_columns(mentions, ["doc_id", "sentence_id"],
                    what="mentions",
                    fix="make it with analysis.find_mentions(articles)", error=ActorError)
    named = pd.MultiIndex.from_frame(mentions[["doc_id", "sentence_id"]])
    keys = pd.MultiIndex.from_frame(sentences[["doc_id", "sentence_id"]])
    return sentences.loc[keys.isin(named)].reset_index(drop=True)


# --------------------------------------------------------------------- evaluation


def found_at(judged: pd.DataFrame, mentions: pd.DataFrame) -> pd.Series:
    """The actor of the mention overlapping each judged span, ``""`` where there is none.

    ``judged`` has ``doc_id``, ``start`` and ``end`` (offsets into the article text, as in
    ``tests/data/actor_mentions_judged.csv``); ``mentions`` is :func:`find_mentions` of the
    same articles. Returns a string Series aligned with ``judged``.
    """
    require_columns(judged, ["doc_id", "start", "end"], what="judged spans", fix="see tests/data/README.md for the columns",
                    error=ActorError)
    require_columns(mentions, ["doc_id", "start", "end", "actor"], what="mentions",
                    fix="make it with analysis.find_mentions(articles)", error=ActorError)
    by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, actor in mentions[["doc_id", "start", "end", "actor"]].itertuples(index=False):
        by_doc.setdefault(str(doc_id), []).append((int(start), int(end), str(actor)))
    found = [next((actor for m_start, m_end, actor in by_doc.get(str(doc_id), []) if m_start < end and start < m_end), "")
             for doc_id, start, end in zip(judged["doc_id"], judged["start"], judged["end"], strict=True)]
    return pd.Series(found, index=judged.index, dtype="string")


def mention_scores(judged_actor: pd.Series, found_actor: pd.Series) -> pd.DataFrame:
    """Precision and recall per actor of found against judged actors, span by span (``""``: no actor).

    Returns
    -------
    DataFrame, one row per actor judged or found, by name, with columns
        ``actor`` (string), ``n_judged`` (int, spans judged to name the actor), ``n_found``
        (int, spans found for it), ``n_correct`` (int, both), ``precision`` and ``recall``
        (float; NaN when nothing is found or judged).
    """
    judged_actor, found_actor = judged_actor.fillna("").astype(str), found_actor.fillna("").astype(str)
    rows = []
    for actor in sorted((set(judged_actor) | set(found_actor)) - {""}):
        judged, found = judged_actor == actor, found_actor == actor
        n_judged, n_found, n_correct = int(judged.sum()), int(found.sum()), int((judged & found).sum())
        rows.append((actor, n_judged, n_found, n_correct, n_correct / n_found if n_found else float("nan"),
                     n_correct / n_judged if n_judged else float("nan")))
    table = pd.DataFrame(rows, columns=["actor", "n_judged", "n_found", "n_correct", "precision", "recall"])
    return table.astype({"actor": "string"})


# ------------------------------------------------------------------------- counts


def _with_groups(mentions: pd.DataFrame, docs: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``mentions`` with the article ``columns`` of ``docs``; an error when a mention's article is missing."""
    require_columns(mentions, ["doc_id", "actor"], what="mentions", fix="make it with analysis.find_mentions(articles)", error=ActorError)
    ids = mentions["doc_id"]
    unknown = sorted(set(ids.dropna()) - set(docs["doc_id"]))
    if unknown:
        raise ActorError(f"{int(ids.isin(unknown).sum())} mention(s) belong to {len(unknown)} article(s) not in the articles "
                         f"table (first: {unknown[:3]}); pass the articles the mentions were found in, or keep only theirs "
                         "with mentions[mentions['doc_id'].isin(articles['doc_id'])].")
    return mentions.merge(docs[["doc_id", *columns]], on="doc_id", how="left", validate="many_to_one")


def _size_and_articles(rows: pd.DataFrame, keys: list[str], size: str) -> pd.DataFrame:
    """Per group of ``keys`` (sorted): its rows (column ``size``) and its distinct ``doc_id`` (``n_articles``)."""
    counted = rows.groupby(keys, sort=True).size().rename(size)
    articles = rows.drop_duplicates([*keys, "doc_id"]).groupby(keys, sort=True).size().rename("n_articles")
    return pd.concat([counted, articles], axis=1).reset_index()


# ------------------------------------------------------- tables as folds
#
# Each table is a mergeable aggregate (see :mod:`analysis.measures.fold`): a partial of one chunk
# of articles (``MentionTallies.of``, ``pair_counts``, ``actor_tone_sums``), combined with ``+``,
# finalized (``MentionTallies.table``, ``pairs_table``, ``actor_tone_summary``). The whole-table
# functions are the fold over one chunk; :mod:`analysis.engine.aggregates` folds the cache.


@dataclass(frozen=True)
class MentionTallies:
    """The partial of :func:`mention_counts`: per group and actor ``n_mentions`` and ``n_articles`` (articles naming
    the actor), and per group ``n_group_articles`` and ``n_group_words``; ``group`` names the group column."""

    counts: Counts
    groups: Counts
    group: str = "source"

    @classmethod
    @enters(mentions="mentions", articles="articles")
    def of(cls, mentions: pd.DataFrame, articles: pd.DataFrame, *, by: str | None = "source") -> MentionTallies:
        docs, group = article_groups(articles, by, error=ActorError)
        n_words = articles["n_words"] if "n_words" in articles.columns else articles["text"].map(count_words)
        docs["n_words"] = n_words.to_numpy(dtype="int64")
        named = _with_groups(mentions, docs, [group])
        per_actor = _size_and_articles(named, [group, "actor"], "n_mentions")
        totals = docs.groupby(group).agg(n_group_articles=("doc_id", "size"), n_group_words=("n_words", "sum")).reset_index()
        return cls(Counts.of(per_actor, [group, "actor"]), Counts.of(totals, [group]), group)

    def __add__(self, other: MentionTallies) -> MentionTallies:
        return MentionTallies(self.counts + other.counts, self.groups + other.groups, self.group)

    def actor_totals(self) -> pd.Series:
        """Mentions of each actor over all groups, most first (ties by name)."""
        totals = self.counts.table.groupby("actor")["n_mentions"].sum()
        return totals.sort_index().sort_values(ascending=False, kind="stable")

    def table(self) -> pd.DataFrame:
        """The finalize: the table of :func:`mention_counts` (every actor named in any group, in every group)."""
        group, totals = self.group, self.groups.table
        grid = pd.MultiIndex.from_product([totals[group], sorted(self.counts.table["actor"].unique())], names=[group, "actor"])
        counts = (self.counts.table.set_index([group, "actor"]).reindex(grid, fill_value=0).reset_index()
                  .merge(totals, on=group))
        counts["mentions_per_1000_words"] = 1000 * counts["n_mentions"] / counts["n_group_words"].where(counts["n_group_words"] > 0)
        group_total = counts.groupby(group)["n_mentions"].transform("sum")
        counts["share_of_mentions"] = counts["n_mentions"] / group_total.where(group_total > 0)
        counts["share_of_articles"] = counts["n_articles"] / counts["n_group_articles"]
        return conform(counts, "mention_counts", group=group)


@returns("mention_counts")
@enters(mentions="mentions", articles="articles")
def mention_counts(mentions: pd.DataFrame, articles: pd.DataFrame, *, by: str | None = "source") -> pd.DataFrame:
    """How often each group of articles names each actor, absolutely and per 1,000 words.

    Every actor with a mention appears in every group, with zeros where a group
    never names them. ``by`` is an article column (default ``source``); None
    counts the whole corpus as one group named ``all articles``.

    The group column is ``corpus`` when ``by`` is None; ``n_articles`` counts the
    group's articles naming the actor. Sorted by group, then actor. The fold of one
    chunk: :meth:`MentionTallies.table` of :meth:`MentionTallies.of`.
    """
    return MentionTallies.of(mentions, articles, by=by).table()


def top_actors(counts: pd.DataFrame, n: int = 10, *, min_mentions: int = 1) -> list[str]:
    """The ``n`` actors with most mentions over all groups of ``counts``, having at least ``min_mentions``."""
    if n < 1 or min_mentions < 0:
        raise ActorError(f"n={n!r}, min_mentions={min_mentions!r}: give a positive number of actors and a minimum of 0 or more.")
    totals = counts.groupby("actor")["n_mentions"].sum()
    totals = totals[totals >= max(min_mentions, 1)]
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [str(actor) for actor, _ in ranked[:n]]


# ------------------------------------------------------------------ co-occurrence

UNITS: tuple[Unit, ...] = ("sentence", "article")


def _unit_keys(unit: str) -> list[str]:
    if unit not in UNITS:
        raise ActorError(f"unit={unit!r}: actors co-occur in the same 'sentence' or the same 'article'.")
    return ["doc_id", "sentence_id"] if unit == "sentence" else ["doc_id"]


@enters(mentions="mentions")
def pair_counts(mentions: pd.DataFrame, *, units: Sequence[Unit] = UNITS) -> Counts:
    """The partial of :func:`cooccurrence`: per pair of actors (``actor_a`` < ``actor_b``) and ``unit``,
    ``n_together`` (units naming both) and ``n_articles`` (articles in which they co-occur)."""
    parts = []
    for unit in units:
        keys = _unit_keys(unit)
        require_columns(mentions, [*keys, "actor"], what="mentions", fix="make it with analysis.find_mentions(articles)",
                        error=ActorError)
        present = mentions[[*keys, "actor"]].drop_duplicates()
        pairs = present.merge(present, on=keys, suffixes=("_a", "_b"))
        pairs = pairs.loc[pairs["actor_a"] < pairs["actor_b"]]
        parts.append(_size_and_articles(pairs, ["actor_a", "actor_b"], "n_together").assign(unit=unit))
    rows = pd.concat(parts, ignore_index=True)[["actor_a", "actor_b", "unit", "n_together", "n_articles"]]
    return Counts.of(rows, ["actor_a", "actor_b", "unit"])


def pairs_table(pairs: Counts, *, unit: Unit = "sentence") -> pd.DataFrame:
    """The finalize of :func:`cooccurrence`: the pairs of ``unit``, most frequent first (ties by names)."""
    _unit_keys(unit)
    table = pairs.table.loc[pairs.table["unit"] == unit]
    table = table.sort_values(["n_together", "actor_a", "actor_b"], ascending=[False, True, True], ignore_index=True)
    return conform(table, "cooccurrence")


@returns("cooccurrence")
@enters(mentions="mentions")
def cooccurrence(mentions: pd.DataFrame, *, unit: Unit = "sentence") -> pd.DataFrame:
    """Pairs of actors named in the same sentence (or article), with how often.

    Each unit counts once per pair however often either actor is named in it.

    ``n_articles`` counts the articles in which the pair co-occurs.
    """
    return pairs_table(pair_counts(mentions, units=(unit,)), unit=unit)


def pairs_graph(pairs: pd.DataFrame, totals: pd.Series) -> nx.Graph:
    """The co-occurrence network of ``pairs`` (:func:`cooccurrence`): a node per actor of ``totals`` (mentions per
    actor, in that order), an edge per pair."""
    require_columns(pairs, ["actor_a", "actor_b", "n_together", "n_articles"], what="pairs",
                    fix="make it with analysis.cooccurrence(mentions)", error=ActorError)
    graph = nx.Graph(unit=str(pairs["unit"].iloc[0]) if "unit" in pairs.columns and len(pairs) else None)
    for actor, n in totals.items():
        graph.add_node(str(actor), n_mentions=int(n))
    for a, b, n_together, n_articles in zip(pairs["actor_a"], pairs["actor_b"], pairs["n_together"], pairs["n_articles"], strict=True):
        graph.add_edge(str(a), str(b), weight=int(n_together), n_articles=int(n_articles))
    return graph


@enters(mentions="mentions")
def cooccurrence_graph(pairs: pd.DataFrame, mentions: pd.DataFrame) -> nx.Graph:
    """The co-occurrence network: a node per actor in ``mentions``, an edge per pair of :func:`cooccurrence`.

    Nodes carry ``n_mentions`` (int), most mentioned first (ties by name); edges carry
    ``weight`` (``n_together``) and ``n_articles``. Actors never named with another are isolated nodes.
    """
    totals = mentions["actor"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    return pairs_graph(pairs, totals)


# --------------------------------------------------------------------------- tone


@enters(mentions="mentions", scored_sentences="scored_sentences")
def sentence_tone_rows(mentions: pd.DataFrame, scored_sentences: pd.DataFrame) -> pd.DataFrame:
    """``doc_id``, ``sentence_id``, ``actor``, ``compound`` and ``tone``: one row per actor and sentence naming it (a
    sentence naming an actor twice counts once), with the sentence's score and the mean :func:`analysis.tone_toward` of
    the actor's mentions in it (``mentions``' ``tone`` column; scored here when it has none); the rows
    :func:`actor_tone_sums` folds."""
    require_columns(scored_sentences, ["doc_id", "sentence_id", "compound"],
                    what="scored sentences",
                    fix="make it with analysis.score_sentences(analysis.split_sentences(articles))", error=ActorError)
    require_columns(mentions, ["doc_id", "sentence_id", "actor"],
                    what="mentions",
                    fix="make it with analysis.find_mentions(articles)", error=ActorError)
    keys = ["doc_id", "sentence_id", "actor"]
    scores = scored_sentences[["doc_id", "sentence_id", "compound"]]
    if scores.duplicated(["doc_id", "sentence_id"]).any():
        raise ActorError("the scored sentences repeat a (doc_id, sentence_id); pass one row per sentence, as score_sentences gives.")
    joined = mentions[keys].drop_duplicates().merge(scores, on=["doc_id", "sentence_id"], how="left", validate="many_to_one")
    unscored = joined["compound"].isna()
    if unscored.any():
        first = joined.loc[unscored].iloc[0]
        raise ActorError(f"{int(unscored.sum())} mention(s) are in sentences without a score (first: doc_id {first['doc_id']!r}, "
                         f"sentence {first['sentence_id']}); score the sentences of the same articles the mentions come from.")
    if "tone" not in mentions.columns:
        mentions = mention_tone(mentions, scored_sentences)
    tone = mentions.groupby(keys, sort=False, dropna=False)["tone"].mean().reset_index()
    return joined.merge(tone, on=keys, how="left", validate="one_to_one")


@enters(articles="articles")
def actor_tone_sums(rows: pd.DataFrame, articles: pd.DataFrame, *, value: str = "compound",
                    by: str | None = "source") -> ClusterSums:
    """The partial of the actor tone table: per group, actor and article, the fsum and count of ``value``.

    ``rows`` has ``doc_id``, ``actor`` and the ``value`` column, one row per value to
    average: :func:`sentence_tone_rows` (the compound of each sentence naming the actor),
    or any other value per mention (e.g. the tone toward the actor). ``articles`` supplies
    the ``by`` column (None: one group, ``all articles``, in a column named ``corpus``).
    """
    require_columns(rows, ["doc_id", "actor", value], what="tone rows", fix="make it with sentence_tone_rows(mentions, scored)",
                    error=ActorError)
    docs, group = article_groups(articles, by, error=ActorError)
    named = _with_groups(rows, docs, [group])
    return ClusterSums.of(named, value, by=[group, "actor"], cluster="doc_id")


def actor_tone_summary(sums: ClusterSums, toward: ClusterSums, *, min_articles: int = 3, n_boot: int = 2000, seed: int = 0,
                       level: float = 0.95) -> pd.DataFrame:
    """The finalize of the actor tone table (:func:`actor_sentiment`) from :func:`actor_tone_sums` of the compound
    (``sums``) and of the tone toward the actor (``toward``), each combined over chunks."""
    tone = sums.summary(n_boot=n_boot, seed=seed, level=level)
    tone = tone.rename(columns={"n_clusters": "n_articles", "n_values": "n_sentences", "mean": "mean_compound"})
    keys = list(sums.keys)
    toward_table = toward.summary(n_boot=n_boot, seed=seed, level=level)[[*keys, "mean", "ci_low", "ci_high"]]
    tone = tone.merge(toward_table.rename(columns={"mean": "mean_tone", "ci_low": "tone_ci_low", "ci_high": "tone_ci_high"}),
                      on=keys, how="left", validate="one_to_one")
    tone["small_n"] = small_n(tone["n_articles"], min_articles)
    return conform(tone, "actor_tone", group=sums.keys[0])


@returns("actor_tone")
@enters(mentions="mentions", scored_sentences="scored_sentences", articles="articles")
def actor_sentiment(
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
    """Tone toward each actor per group: the mean :func:`analysis.tone_toward` of the sentences naming them, and
    beside it the mean VADER compound of those whole sentences.

    ``mean_tone`` judges the words about the actor (a sentence praising one person
    and attacking another gives them different tones); ``mean_compound`` is the
    tone of the whole sentence, the same for every person it names. A sentence
    naming an actor twice counts once for that actor (with the mean tone of its
    mentions); a sentence naming two actors counts for both. The intervals
    resample whole articles (:class:`analysis.measures.stats.ClusterSums`), since
    sentences of one article are not independent. ``mentions`` is
    :func:`analysis.find_mentions` (its ``tone`` column, as ``analyze`` gives, is
    used when present; otherwise each mention is scored here);
    ``scored_sentences`` is :func:`analysis.score_sentences` of the articles'
    sentences; ``articles`` supplies the ``by`` column (None: one group, ``all
    articles``).

    The group column is ``corpus`` when ``by`` is None. Intervals: ``level``
    percentile bootstrap over ``n_boot`` resamples of articles. The fold of one
    chunk: :func:`actor_tone_summary` of :func:`actor_tone_sums` of :func:`sentence_tone_rows`.
    """
    rows = sentence_tone_rows(mentions, scored_sentences)
    sums, toward = (actor_tone_sums(rows, articles, value=value, by=by) for value in ("compound", "tone"))
    return actor_tone_summary(sums, toward, min_articles=min_articles, n_boot=n_boot, seed=seed, level=level)


# --------------------------------------------------------------------- candidates

_UPPER = "".join(re.escape(chr(code)) for code in range(0x530) if chr(code).isupper())
_ABBREVIATION = r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Lt|Col|Gov|Adm|Maj|Capt|Sgt|Prof|Rev|Jr|Sr|St)\."
_NAME_WORD = rf"(?:{_ABBREVIATION}|[{_UPPER}]\.|[{_UPPER}][^\W_]*(?:['\u2019-][^\W_]+)*)"
_PARTICLE = r"(?:von|van|der|den|de|da|di|du|la|le|bin|ibn|al|el)"
_CAPITALISED_RUN = re.compile(rf"(?<![\w'\u2019-]){_NAME_WORD}(?: (?:{_PARTICLE} )*{_NAME_WORD})*")
_POSSESSIVE_END = re.compile(r"['\u2019]s?$")
_LETTERS = re.compile(r"[^\W\d_]+")
_TITLE_CASE_SHARE = 0.6
_HEADLINE_WORDS = 25


def _candidate_in(run: str, titles: frozenset[str], not_names: frozenset[str], stopwords: frozenset[str]) -> str | None:
    """The name-like part of a capitalised run, or None when it is not one."""
    words = [_POSSESSIVE_END.sub("", w) for w in run.split(" ")]
    keys = [w.lower().rstrip(".") for w in words]
    after_title = False
    while keys and (keys[0] in titles or keys[0] in not_names or keys[0] in stopwords):
        after_title = keys[0] in titles
        words, keys = words[1:], keys[1:]
    while keys and (keys[-1] in stopwords or len(keys[-1]) == 1):  # a trailing initial is the "U." of "U.S."
        words, keys = words[:-1], keys[:-1]
    if not words or any(k in not_names for k in keys) or any(len(w) > 2 and w.isupper() for w in words):
        return None  # a place, an institution, or a headline in capitals
    capitalised = [w for w in words if w[0].isupper()]
    if len(capitalised) >= 2 or (len(words) == 1 and after_title and len(keys[0]) > 1):
        return " ".join(words)
    return None


def _capitalised_runs(text: str) -> Iterator[re.Match[str]]:
    """Capitalised runs of ``text``, leaving out headlines: short paragraphs in title case without a final stop."""
    offset = 0
    for paragraph in text.split(PARAGRAPH_SEPARATOR):
        words = _LETTERS.findall(paragraph)
        headline = (3 <= len(words) <= _HEADLINE_WORDS and not paragraph.rstrip().endswith((".", "!", "?", '"'))
                    and sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words))
        if not headline:
            yield from _CAPITALISED_RUN.finditer(text, offset, offset + len(paragraph))
        offset += len(paragraph) + len(PARAGRAPH_SEPARATOR)


@returns("candidates")
def candidate_actors(
    articles: pd.DataFrame, actors: ActorsLike = None, *, min_mentions: int = 1, progress: bool = True
) -> pd.DataFrame:
    """Name-like phrases the actor list does not cover, to help extend it.

    A candidate is two or more capitalised words ("Brittney Griner", "Jean-Yves
    Le Drian"), or one after a title ("Senator Blackburn" gives ``Blackburn``).
    Titles, nationalities and stopwords around it are dropped ("Russian
    President Vladimir Putin" gives ``Vladimir Putin``); sequences with a
    place, institution or date word ("Black Sea Fleet", "White House") or a
    word in capitals are not names; a sequence in which any alias of the list
    occurs is covered. The
    word lists are ``analysis/resources/person_titles_en.txt`` and
    ``not_name_words_en.txt``. Headlines (short paragraphs in title case,
    without a final stop) are passed over. Expect some noise: it is a list to read, not to add wholesale.

    Only candidates with at least ``min_mentions`` occurrences are listed.
    """
    require_columns(articles, ["doc_id", "text"], what="articles", fix="pass the table from analysis.load_corpus", error=ActorError)
    matcher = _Matcher(load_actors(actors))
    titles = frozenset(read_resource_lines("person_titles_en.txt"))
    not_names = frozenset(read_resource_lines("not_name_words_en.txt"))
    stopwords = load_stopwords()
    verdicts: dict[str, str | None] = {}
    counts: Counter[str] = Counter()
    documents: dict[str, set[str]] = {}
    examples: dict[str, tuple[str, str]] = {}
    pairs = zip(articles["doc_id"], articles["text"], strict=True)
    for doc_id, text in progress_bar(pairs, total=len(articles), desc="Finding candidates", unit="article", disable=not progress):
        for match in _capitalised_runs(text):
            run = match.group()
            if run not in verdicts:
                candidate = _candidate_in(run, titles, not_names, stopwords)
                verdicts[run] = candidate if candidate and not matcher.scan(run) else None
            candidate = verdicts[run]
            if candidate is None:
                continue
            counts[candidate] += 1
            documents.setdefault(candidate, set()).add(str(doc_id))
            if candidate not in examples:
                context = text[max(0, match.start() - 60) : match.end() + 60]
                examples[candidate] = (" ".join(context.split()), str(doc_id))
    rows = [(c, n, len(documents[c]), *examples[c]) for c, n in counts.items() if n >= min_mentions]
    table = pd.DataFrame(rows, columns=["candidate", "n_mentions", "n_articles", "example", "example_doc_id"])
    table = table.sort_values(["n_mentions", "candidate"], ascending=[False, True], ignore_index=True)
    return conform(table, "candidates")
