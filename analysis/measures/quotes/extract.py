"""Finding quotations and their speakers in article texts.

:func:`find_quotes` finds every quotation in each article and attributes it to a
speaker, with rules a reader can check:

- **Quotation marks** are paired per paragraph: straight, curly and low (``"“”„``),
  single (``'‘’``, told apart from apostrophes by the letters around them) and
  guillemets (``«»``). Marks of another family inside an open quotation are nested
  quotes and belong to it. A mark that opens again while a quotation is open, or a
  paragraph that ends open and a next one that opens with the same family, continue
  the same quotation (the convention for quotes running over several paragraphs).
  A paragraph opened by a dash ("— The sanctions issue…," Blokhin told Izvestia) is
  direct speech, with or without a closing mark. A transcript label ("TRUMP: …",
  "PSAKI: …") naming someone the article names opens a turn, quoted or not.
- **Kinds**: ``direct`` is a quoted statement (it starts with a capital after a
  sentence start, colon, comma or dash, or holds several sentences); ``partial`` is a
  few quoted words inside the writer's sentence; ``indirect`` is reported speech without
  marks ("X said (that) …", "…, X said", "according to X, …", "X, he agreed, …",
  "which X said could …", "asked whether …"), a clause with a verb, one per sentence
  and speaker when that speaker's words are quoted in it.
- **Attribution**: a speech verb or phrase from ``analysis/resources/speech_verbs_en.txt``
  next to the quotation (after it, or before it in the same sentence, or ending the
  previous sentence with a colon) names the speaker: its subject, the words after it
  when inverted ("said Peskov"), the object of "quoted the ministry as saying", the
  main clause's subject for a participle after a comma or "while", "by"… ("Zelensky
  has issued a stark warning to Moscow, declaring that": Zelensky), the phrase before
  it otherwise ("with cybercriminals claiming"). Passives ("Russia is said to…"),
  nouns ("his claims", "unfounded claims") and verbs with a clause of their own after
  the quotation ("… aggression," Russia announced Monday it is suspending …) are not
  its speech; verbs such as "quipped" or "continued" attribute only the quotation
  right next to them.
- **Speakers**: the actor is the first actor named in the speaker's words (not in the
  possessive, unless a statement's owner: "Kuleba's tweet"; not a surname after
  someone else's first name: "Oleksiy Kuleba"; not an institution: "the Biden
  administration"). Every named person, listed or not, is the ``speaker``, by the
  fullest form of their name in the article (:mod:`.speakers`). A pronoun, a role
  ("the envoy") or "the statement" goes to the person named or quoted last before it,
  listed or not, when that is unambiguous: one person opening that sentence (or the
  previous speaker among several), and for titles ("the general") a matching role or
  title; a role repeats an unnamed speaker of the same role ("a senior official … the
  official"). An unattributed direct quotation right after an attributed one continues it.
- **Not quotations**: quoted words that no speech verb in their sentence claims
  (scare quotes: the "security zone" Russia is said to push for), titles (a few
  capitalised words: 'America Reports', "Summer in a Pioneer Tie"), names given to
  things ("calling it a "special military operation"", "the "anti-gay propaganda"
  bill"), and short capitalised quotes standing alone ("Zoolander" met Zelenskyy). A
  quoted term inside someone's reported clause is part of that indirect quotation
  ("insisting that it would achieve all the goals of its "special military
  operation" in Ukraine"), not a quotation blocking it.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

import ahocorasick
import numpy as np
import pandas as pd

from analysis.core.checks import require_columns, require_unique_ids
from analysis.core.errors import QuoteError
from analysis.core.progress import progress_bar
from analysis.core.schema import conform, returns
from analysis.measures.actors import ActorsLike, find_mentions, load_actors
from analysis.measures.quotes.marks import MARK, Marked, marked_spans
from analysis.measures.quotes.speakers import ArticleNames, name_words
from analysis.measures.quotes.speech import SpeechWords, load_speech_words
from analysis.text.splitter import PARAGRAPH_SEPARATOR, sentence_spans

QUOTE_COLUMNS = ["doc_id", "sentence_id", "start", "end", "quote", "kind", "speaker_text", "speaker_start", "speaker_end", "speaker",
                 "attribution", "actor"]
KINDS = ("direct", "partial", "indirect")
_T = TypeVar("_T")


# ------------------------------------------------------------------ attribution

_WORD = re.compile(r"[\w'\u2019.$%-]+")
_LETTERS = re.compile(r"[^\W\d_]+")
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
_NOUN_BEFORE = frozenset({"the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "my",
                          "your", "such", "any", "no", "whose", "own", "some", "many", "several", "few", "more", "most", "all",
                          "both", "other", "new", "fresh", "further", "repeated", "two", "three", "four", "five", "six", "ten",
                          "dozens", "hundreds", "allegedly"})
_NATIONALITY_ENDINGS = ("ian", "ean", "can", "ese", "ish", "ch", "ic")
_ADJECTIVE_ENDINGS = ("ed", "ing", "ic", "ous", "ful", "ive", "less", "ible", "able")  # not "-ent", "-al": "the government says"
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
_ADVERBS = _FILLERS - {"later", "earlier", "today", "yesterday", "now", "once", "first", "since"}  # not "a day later"
_ARTICLE = re.compile(r"(?:a|an|the)\s", re.IGNORECASE)
_COORDINATORS = frozenset({"and", "but", "yet", "or", "so", "then", "meanwhile", "instead", "thus"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "there"})
_CLAUSE_START = _SUBJECT_PRONOUNS | frozenset({"this", "that", "these", "those", "the", "a", "an", "his", "her",
                                               "its", "their", "our", "some", "many", "all", "no", "most", "more",
                                               "several", "both", "each", "every", "any", "one", "two", "only",
                                               "nothing", "none", "everything", "what", "how", "why", "whether",
                                               "another", "other", "such", "if"})
_NOT_CLAUSE_START = _PREPOSITIONS | frozenset({"to", "as", "not", "and", "or", "but", "so", "than", "more", "that"})
_ADJUNCT_START = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                            "on", "in", "at", "last", "this", "earlier", "late", "during", "after", "before",
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
_QUOTE_ONLY_WORDS = 6  # "…," Rubio quipped; "…," said Sen. Tom Cotton, R-Ark.
_NEAR_AFTER_WORDS = 25  # "…," Konstantin Blokhin, a leading researcher at …, told Izvestia
_TAIL_WORDS = 10  # "…, Dmitriev said in an interview with Fox News on Thursday."
_LONG_SUBJECT_WORDS = 8
_THAT_SEARCH_WORDS = 10
_CLAUSE_WORDS = 12
_TITLE_WORDS = 4
_TITLE_MAX_WORDS = 8
_TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "with", "for", "and", "to", "at", "by", "from", "or", "&"})
_SHORT_DIRECT_WORDS = 3
_BACK_SENTENCES = 5
_SUBJECT_POSITION_WORDS = 8
_NAME_MARGIN_WORDS = 6  # no name a sentence opens with runs longer past its opening words
_SAME_NAME_RATIO = 0.8  # first names this alike are one name with a typo or another transliteration
_OPENING_WORDS = 3  # a name this close to the start of a pronoun's own sentence is its clause's subject
_SCOPE_BREAK = re.compile(r",\s+and\s|;")
_APPOSITIVE = re.compile(r",(?:\s+[^\s,;.]+){1,6},")
_BARE_PARTICIPLES = frozenset({"saying", "adding"})  # other -ing forms report a clause only with "that"
_SPEAKER_END = re.compile(r",|\.(?:\s|$)|;|\s[\u2014\u2013]\s")
_INVERTED_SPEAKER_END = re.compile(r",\s+(?:adding|noting|saying|who|which)\b|\.(?:\s|$)|;")
_SEGMENT_BREAK = re.compile(r"[,;]|\s[\u2014\u2013]\s")
_BY_AFTER = re.compile(r"\s+by\s")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+\S")
_SENTENCE_MARK = re.compile(r"[.!?]")
_CLAUSE_STOP = re.compile(r"[;:\"\u201c\u201d\u00ab\u00bb]|(?<![A-Z])\.\s")  # not "U.S. " nor "Sen. "
_QUOTE_INTRODUCED = re.compile(r"\s*[:,]\s*[\"'\u201c\u2018\u00ab]")
_NOT_SUBJECT_START = _PREPOSITIONS | _RELATIVES
_SUBORDINATORS = frozenset({"while", "by", "when", "after", "before", "as", "without", "and", "since", "even", "though",
                            "although", "whilst", "thus", "so"})
_ATTACHING = frozenset({"in", "at", "near", "from", "of", "on", "during", "outside", "inside"})
_AFTER_THAT = re.compile(r"\bthat\W*$", re.IGNORECASE)
_GROUP = re.compile(r"[^,]*?\s(?:and|&)\s+(?:the\s|other\s|his\s|her\s|their\s|several\s|[A-Z])")
_RELATIVE_BEFORE = re.compile(r"\b(?:which|what)\s+$", re.IGNORECASE)
_RELATIVE_END = re.compile(r"[,;:]|\.(?:\s|$)|\s[\u2014\u2013-]\s")
_QUESTION_WORDS = frozenset({"whether", "if", "how"})
_TAIL_PARTICIPLE = re.compile(r",\s+(?:\w+ly\s+)?[a-z]+ing\b")
_ENDS_SPEECH = re.compile(r"[,.!?;:\u2026\u2014\u2013-]\s*$")  # how a quotation ends before "…," X said
_NAMING = re.compile(r"(?:\bwhat\s+\S+(?:\s+\S+)?\s+(?:calls|called|call|dubs|dubbed|terms|termed)|"
                     r"\b(?:calling|calls|dubbing|dubbed|naming|named)\s+(?:it|this|that|the\s+\w+)\s+(?:a|an|the))\s+$",
                     re.IGNORECASE)
#: "a concept known in Russian as "maskirovka," or "masking."", "referred to as": a name, and a second one after "or"
_KNOWN_AS = re.compile(r"\b(?:known|referred\s+to)(?:\s+in\s+[\w'\u2019-]+)?\s+as\s+"
                       r"(?:[\"\u201c'\u2018][^\"\u201c\u201d]{1,40}[\"\u201d'\u2019],?\s+or\s+)?$", re.IGNORECASE)
_NUMBER = re.compile(r"\(?\d[\d,.]*%?\)?$")  # "34%", "(46%)": a share of those polled
_SHARE = re.compile(r"\d\s*(?:%|per\s*cent\b|percent\b)")  # "55% of those surveyed", "Nearly half (46%) globally"
_ASIDE = frozenset({"when", "while", "whilst", "although", "though", "unless", "whether"})  # "Mayorkas, when asked, said"
_QUOTE_CHAR = re.compile(r"[\"\u201c\u201d\u201e\u201f\u00ab\u00bb]|['\u2018\u2019\u201a](?<![^\W_]['\u2018\u2019\u201a])"
                         r"|['\u2018\u2019\u201a](?![^\W_])")  # a quotation mark, not an apostrophe between letters
_LAST_WORD = re.compile(r"([\w'\u2019-]+)\s*$")
_TERM_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "so-called", "this", "that", "whose",
                               "of", "as"})  # "the promotion of "non-traditional" …", "referred to as "Putin's brain" was …"
_NEXT_WORD_AFTER = re.compile(r"[ \t]([\w'\u2019-]+)")
_SPEAKER_PRONOUNS = frozenset({"i", "we", "you", "me", "us", "our", "my", "your", "not", "no"})
_FUNCTION_WORDS = frozenset({"and", "or", "but", "nor", "to", "of", "in", "on", "at", "for", "with", "by", "as", "that", "which", "who",
                             "from", "after", "before", "over", "than", "if", "because", "since", "amid", "despite", "against",
                             "into", "about", "while", "when", "where", "whether", "so", "yet", "is", "was", "were", "are", "has",
                             "have", "had", "will", "would", "could", "can", "may", "might", "should", "must", "be", "been",
                             "said", "says", "the", "a", "an", "this", "these", "those", "there", "here", "then", "now", "also",
                             "its", "his", "her", "their", "our", "under", "during", "through", "between", "among", "without",
                             "until", "toward", "towards", "upon", "within", "across", "near", "like", "unlike", "per", "via"})
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "this", "these", "those", "my", "your"})
_SUBORDINATE = frozenset({"as", "when", "while", "because", "since", "that", "which", "who", "whom", "whose", "where", "if",
                          "after", "before", "until", "though", "although", "whether", "unless"})
_COMMA_WORD = re.compile(r"[\w'\u2019.$%-]+,?")  # a word with the comma after it ("however,")
_FINITE_PLUS = frozenset({"be", "been", "being", "do", "does", "go", "goes", "get", "gets", "got", "make", "makes", "take",
                          "takes", "come", "comes", "need", "needs", "want", "wants", "see", "sees", "know", "knows", "remain",
                          "remains", "seem", "seems", "pay", "win", "lose", "end", "happen", "exist", "exists", "die"})
_IRREGULAR_PAST = frozenset({"said", "told", "made", "gave", "took", "drew", "spoke", "went", "came", "saw", "wrote", "held", "met",
                             "put", "set", "sent", "kept", "left", "found", "began", "became", "brought", "stood", "led", "won",
                             "ran", "got", "fell", "felt", "paid", "sought", "struck", "hit", "cut", "let", "swept", "threw",
                             "grew", "knew", "rose", "chose", "broke", "stole", "fought", "bought", "taught", "caught",
                             "thought", "spent", "lost", "meant", "heard", "sat", "shot", "forgot", "hid", "laid", "lay"})
_LABEL = re.compile(r"(?<![\w'\u2019.-])(?P<name>[A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3}):[ \t]+$")
_LABEL_CHARS = 80  # a label of four words in capitals is shorter
_LABEL_BEFORE = re.compile(r"(?:\n\n|[.!?:\"\u201d\u2014] )$")
_NAMED_AS = r"(?<![\w'\u2019-]){}(?![\w-])"  # a label's name as the article writes it elsewhere ("Rascoe")
_PROSE_WORD = re.compile(r"[^\W\d_]{2,}(?<![A-Z]{2})(?<!^[A-Z])")  # not "S", "A", "I'M": debris of a scraped embed
_QUOTED_AS = re.compile(r"\bquot(?:ed|es|ing)\s+(?P<object>[^,;]{1,80}?)\s+as\s+$"
                        r"|\b(?:is|was|were|are|been|being)\s+(?:\w+\s+)?quoted\s+as\s+$",
                        re.IGNORECASE)


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
    quote_only: bool = False  # attributes only a quotation right next to it ("…," Rubio quipped)
    relative: bool | None = None  # reports from a relative clause ("which Guterres said could …"); None: not yet known


@dataclass(slots=True)
class _Quote:
    start: int
    end: int
    kind: str
    anchor: _Anchor | None
    speaker: tuple[int, int] | None = None
    actor: str | None = None
    person: str | None = None
    attribution: str | None = None
    term: bool = False  # a quoted term: a reported clause around it takes it in


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
        words = list(_WORD.finditer(text, lo, hi))
        if not words or words[-1].group().lower() not in trailing:
            break
        lo, hi = _strip_span(text, lo, words[-1].start())
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


def _ends_with_but(text: str) -> bool:
    """Whether ``text`` ends with the word "but", maybe with a comma before it ("called on …, but acknowledged that")."""
    tail = text.rstrip()
    return tail[-3:].lower() == "but" and (len(tail) == 3 or tail[-4].isspace() or tail[-4] == ",")


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
        after, before = text[end:end + 1], text[start - 1:start]
        if after.isalpha() or before.isalpha():
            continue  # part of a longer word ("unsaid", "notes" for "note")
        if (after and not after.isascii() and _LETTERS.match(after)) or (before and not before.isascii() and _LETTERS.match(before)):
            continue  # … or glued to a numeral such as "²"
        yield start, end


def _colons(text: str) -> Iterator[int]:
    """Where a colon between a capital letter and a space or tab is in ``text``: where a transcript label ("TRUMP: ")
    may end."""
    colon = text.find(":")
    while colon >= 0:
        if colon and text[colon - 1].isupper() and text[colon + 1:colon + 2] in (" ", "\t"):
            yield colon
        colon = text.find(":", colon + 1)


class _Article:
    """One article's text, sentences, quotation marks, mentions and speech anchors."""

    def __init__(self, text: str, spans: Sequence[tuple[int, int]], mentions: list[_Mention], words: SpeechWords) -> None:
        self.text = text
        self.words = words
        self.sentences = list(spans) or [(0, len(text))]
        self.starts = [s for s, _ in self.sentences]
        self.marked = marked_spans(text)
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
        self.heads: dict[tuple[int, int], str] = {}
        self.names = ArticleNames(text, self.inside, name_words())
        self.anchors = [a for a in (self._anchor(m) for m in self._speech_matches()) if a is not None]
        self.labels = self._speaker_labels()
        if self.labels:
            self.anchors = sorted(self.anchors + [anchor for anchor, _ in self.labels], key=lambda a: a.start)
        self.anchor_starts = [a.start for a in self.anchors]

    def _speaker_labels(self) -> list[tuple[_Anchor, tuple[int, int]]]:
        """Transcript labels ("TRUMP: …", "PSAKI: …") naming a person of the article, each with the turn it opens
        (up to the next label or the paragraph's end), as anchors whose speaker is the label."""
        found = []
        for colon in _colons(self.text):
            match = _LABEL.search(self.text, max(0, colon - _LABEL_CHARS), colon + 2)
            if match is None:
                continue
            name = match.group("name")
            start = match.start("name")
            if self.inside[start] or not _LABEL_BEFORE.search(self.text, max(0, start - 2), start) and start:
                continue  # a label opens the text, a paragraph, or follows the end of a sentence
            named = any(m.start == start for m in self.mentions_in(start, match.end("name")))
            if not named and not any(re.search(_NAMED_AS.format(re.escape(word.title())), self.text)
                                     for word in name.split(" ") if len(word) > 2):
                continue  # "WATCH:", "UPDATE:", or a name the article does not write
            anchor = _Anchor(start, match.end(), "label", according=False, participle=False, infinitive=False,
                             speaker=(start, match.end("name")), looked=True)
            found.append((anchor, match.end()))
        turns = []
        for number, (anchor, begin) in enumerate(found):
            paragraph_end = self.text.find(PARAGRAPH_SEPARATOR, begin)
            end = len(self.text) if paragraph_end < 0 else paragraph_end
            if number + 1 < len(found):
                end = min(end, found[number + 1][0].start)
            turns.append((anchor, (begin, end)))
        return turns

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

    def word_end(self, lo: int, hi: int, n: int) -> int:
        """The end of the ``n``-th word from ``lo`` (``hi`` when there are fewer): where names that open a sentence end."""
        words = _WORD.finditer(self.text, lo, hi)
        last = next(itertools.islice(words, n - 1, None), None)
        return hi if last is None else last.end()

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
        raw = _WORD.findall(self.text, self.quote_bound_before(start, max(0, start - 40)), start)  # not inside a quotation before
        before = [w.lower().strip(".") for w in raw[-2:]]  # the last two words
        previous = next((w for w in (w.lower().strip(".") for w in reversed(raw)) if w not in _FILLERS), None)  # no filler
        if before and (before[-1] in _NOUN_BEFORE or before[-1].endswith(("'s", "\u2019s")) or before[-1].isdigit()):
            return None  # "his claims", "Putin's rule", "two alleged fighters": a noun or an adjective
        if word.endswith("s") and before and before[-1] in self.words.verbs and not participle:
            return None  # "said estimates from a variety of sources … indicate": a noun after a speech verb
        if before and raw[-1][:1].islower() and before[-1].endswith("ing") and len(before[-1]) > 5 and not participle \
                and self.text[start - 2].isalpha():
            return None  # "an early evening briefing call", "closing remarks": a noun after an -ing modifier
        if word.endswith("s") and before and raw[-1][:1].islower() and before[-1].endswith(_ADJECTIVE_ENDINGS) \
                and before[-1] not in self.words.titles | self.words.people:
            return None  # "unfounded claims", "scathing remarks"
        if previous in _PREPOSITIONS and previous != "to" and not participle and "," not in self.text[start - 3:start]:
            return None  # "unhappy with comments", "a meeting called by"; not "Mayorkas, when asked, said"
        if previous in _BE and not participle:
            return None  # "is said to", "was told": a passive
        if any(w in ("not", "never") or w.endswith("n't") for w in before):
            return None  # "did not comment"
        if _BY_AFTER.match(self.text, end, end + 5):
            return None  # "a meeting called by the United States"
        return _Anchor(start, end, word, according=False, participle=participle,
                       infinitive=previous == "to", quote_only=word in self.words.quote_only)

    def speaker_of(self, anchor: _Anchor) -> tuple[int, int] | None:
        """The speaker's words of ``anchor``: its subject, the words after an inverted verb, or after "according to"."""
        if not anchor.looked:
            anchor.looked = True
            span = self._speaker(anchor)
            if span is not None and span[0] < span[1]:
                head = self.head_of(span)
                data = (head in self.words.not_speakers or _NUMBER.match(head) is not None
                        or (self.text.find("%", *span) >= 0 or self.text.find("cent", *span) >= 0)
                        and _SHARE.search(self.text, *span) is not None)
                anchor.speaker = None if data else span  # "the index", "In China, 34% said": data, not a speaker
        return anchor.speaker

    def head_of(self, span: tuple[int, int]) -> str:
        """The head noun of a speaker's words ("official" for "A senior US administration official"), remembered."""
        head = self.heads.get(span)
        if head is None:
            head = self.heads[span] = _head_noun(_words(self.text[span[0]:span[1]].split(",")[0]))
        return head

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
        quoted = self._quoted_as_saying(left, anchor)
        if quoted is not None:
            return quoted
        if anchor.participle:
            subject = self._participle_subject(left, anchor)
            if subject is not None:
                return subject
        return self._subject_before(self._after_speech(left, anchor), anchor)

    def _after_speech(self, left: int, anchor: _Anchor) -> int:
        """Where the subject of a speech verb in a reported clause can start: after the verb that reports it and its
        object ("He said he believes", "told reporters he thinks": "he"), else ``left``."""
        if anchor.infinitive:  # "continues to claim that": the subject is the sentence's
            return left
        number = bisect.bisect_left(self.anchor_starts, anchor.start) - 1
        while number >= 0 and self.anchor_starts[number] >= left and (self.anchors[number].end >= anchor.start
                                                                      or self.anchors[number].according
                                                                      or self.anchors[number].quote_only):
            number -= 1
        if number < 0 or self.anchor_starts[number] < left:
            return left
        earlier = self.anchors[number]
        gap = self.text[earlier.end:anchor.start]
        words = list(_WORD.finditer(gap))
        if not 1 <= len(words) <= _SHORT_DIRECT_WORDS or "," in gap or _QUOTE_CHAR.search(gap):
            return left
        while len(words) > 1 and words[0].group().lower() in _OBJECT_WORDS | {"that"}:
            words.pop(0)
        return earlier.end + words[0].start()

    def _quoted_as_saying(self, left: int, anchor: _Anchor) -> tuple[int, int] | None:
        """The speaker of "the agency quoted the ministry as saying" (the ministry) and of "X is quoted as saying" (X)."""
        if anchor.word != "saying":
            return None
        match = _QUOTED_AS.search(self.text, left, anchor.start)
        if match is None:
            return None
        if match.group("object"):
            return _strip_span(self.text, *match.span("object"))
        return self._clause_subject(left, match.start())

    def _participle_subject(self, left: int, anchor: _Anchor) -> tuple[int, int] | None:
        """The subject of a speech participle: the main clause's after a comma or "while", "by"… ("Zelensky has issued
        a stark warning to Moscow, declaring that": Zelensky; "Lukashenko said …, saying": the speaker of "said"), the
        noun phrase right before it otherwise ("with cybercriminals claiming", "Russia saying"); None to use the
        nearest subject."""
        words = list(_WORD.finditer(self.text, left, anchor.start))
        while words and words[-1].group().lower() in _FILLERS:
            words.pop()
        if not words:
            return None
        absolute = self._with_subject(words, anchor.start)
        if absolute is not None:
            return absolute
        gap = self.text[words[-1].end():anchor.start]
        if "," in gap or "\u2014" in gap or words[-1].group().lower() in _SUBORDINATORS:
            lo, _ = self.sentence_bounds(anchor.start)
            earlier = [a for a in self.anchors_in(lo, anchor.start) if not (a.according or a.participle or a.infinitive)]
            if earlier and self.speaker_of(earlier[0]) is not None:
                return self.speaker_of(earlier[0])
            return self._clause_subject(left, words[-1].start())
        return self._phrase_before(words)

    def _with_subject(self, words: list[re.Match[str]], participle: int) -> tuple[int, int] | None:
        """The subject of an absolute construction ending with ``words``, before the participle at ``participle``: "with
        cybercriminals claiming", "with … Sen. Mark Warner, D-Va., saying" (a comma only after a person's name)."""
        for back in range(len(words) - 1, max(len(words) - _LONG_SUBJECT_WORDS - 4, 0) - 1, -1):
            word = words[back].group()
            if word.lower() == "with":
                if back == len(words) - 1:
                    return None
                span = _strip_span(self.text, words[back].end(), words[-1].end())
                named = self.names_in(*span) or self.names.names_in(*span)
                return span if named or "," not in self.text[span[0]:participle] else None
            if _verb_like(word, words[back - 1].group() if back else "", self.words.verbs) or word.lower() in _BOUNDARY:
                return None
        return None

    def _phrase_before(self, words: list[re.Match[str]]) -> tuple[int, int] | None:
        """The noun phrase ending with ``words`` (back to a preposition, a verb or a comma); when it names no one, the
        first phrase before it, across "of", "in", "from"…, that does ("Biden's explosive comment from Saturday's speech
        in Poland saying": Biden's comment), else the nearest that is not a place."""
        places = self.names.words.not_names
        phrases = []
        end = len(words)
        while end > 0 and len(phrases) < 4:
            start = end - 1
            while start > max(end - _TITLE_WORDS - 2, 0) and not self._phrase_break(words, start):
                start -= 1
            phrase = [w for n, w in enumerate(words[start:end]) if n or w.group().lower() not in _PREPOSITIONS | _FINITE | _RELATIVES]
            if phrase:
                span = (phrase[0].start(), phrase[-1].end())
                if self.names_in(*span) or self.names.names_in(*span):
                    return span
                phrases.append((span, all(w.group().lower().removesuffix("'s") in places for w in phrase)))
            if start == 0 or words[start - 1].group().lower() not in _ATTACHING:
                break
            end = start - 1
        return next((span for span, place in phrases if not place), None)

    def _phrase_break(self, words: list[re.Match[str]], start: int) -> bool:
        """Whether a noun phrase starting at ``words[start]`` cannot take in the word before it."""
        before = words[start - 1]
        return (before.group().lower() in _PREPOSITIONS | _FINITE | _RELATIVES
                or _verb_like(before.group(), words[start - 2].group() if start > 1 else "", self.words.verbs)
                or "," in self.text[before.end():words[start].start()])

    def _clause_subject(self, left: int, limit: int) -> tuple[int, int] | None:
        """The subject of the main clause in ``[left, limit)``: after an opening phrase ("While he …, Guterres has"),
        the words up to the first that reads as a verb or an adverb (appositives included: "The anchor, Skabeyeva,")."""
        segments = _comma_segments(self.text, left, limit)
        for seg_lo, _ in segments:
            words = list(_WORD.finditer(self.text, seg_lo, limit))
            if words and words[0].group().lower() in _COORDINATORS and seg_lo == segments[0][0]:
                words.pop(0)  # "But the official … discounted those prospects while still saying", not "…, and the campaign"
            if not words:
                continue
            first = words[0].group().lower()
            if first in _SUBORDINATORS | _PREPOSITIONS | _LEADING or first.endswith(("ing", "ly")):
                continue
            for number, word in enumerate(words[:_LONG_SUBJECT_WORDS + 4]):
                previous = words[number - 1].group() if number else ""
                if number and _verb_like(word.group(), previous, self.words.verbs):
                    return _trim_words(self.text, words[0].start(), words[number - 1].end(), leading=frozenset(),
                                       trailing=_ADVERBS)  # "He also listed … and said": He
            return None
        return None

    def _subject_before(self, left: int, anchor: _Anchor) -> tuple[int, int] | None:
        lo, _ = self.sentence_bounds(anchor.start)
        if _ends_with_and(self.text[lo:anchor.start]) or _ends_with_but(self.text[lo:anchor.start]):
            earlier = [a for a in self.anchors_in(lo, anchor.start) if not a.according]
            if earlier:
                return self.speaker_of(earlier[-1])  # "X described … and stressed that": X
            conjunction = len(self.text[:anchor.start].rstrip()) - 3  # where "and" or "but" starts
            subject = self._clause_subject(left, max(left, conjunction))
            if subject is not None:
                return subject  # "He also listed the capabilities … and said": He
        segments = _comma_segments(self.text, left, anchor.start)[-4:]
        candidates: list[tuple[int, int]] = []
        whole: list[tuple[int, int]] = []  # each candidate before a long one lost its opening words
        for number, (seg_lo, seg_hi) in enumerate(reversed(segments)):
            words = _WORD.findall(self.text, seg_lo, seg_hi)
            if number == 0 and len(words) > 1 and words[0].lower() in _RELATIVES - {"what"} and words[1].lower() in _FINITE:
                continue  # "The team, which is among … franchises in the NFL, said": a relative clause, not the subject
            if number == 0 and any(w.lower() in _RELATIVES for w in words):
                relative = [w for w in _WORD.finditer(self.text, seg_lo, seg_hi) if w.group().lower() in _RELATIVES][-1]
                if relative.group().lower() in ("who", "which") and not _WORD.search(self.text, relative.end(), seg_hi):
                    antecedent = list(_WORD.finditer(self.text, left, relative.start()))
                    phrase = self._phrase_before(antecedent) if antecedent else None
                    if phrase is not None:
                        return phrase  # "quotes a soldier named Vlad Ivanov who said", "cited Zelensky, who said"
                if relative.end() < seg_hi:
                    seg_lo = relative.end()  # "in what the district attorney called"
                    words = _WORD.findall(self.text, seg_lo, seg_hi)
            if not words or words[0].lower() in _NOT_SUBJECT_START or (len(words) == 1 and _NUMBER.match(words[0])) \
                    or (number == 0 and len(segments) > 1 and len(words) > 1 and words[0].lower() in _ASIDE
                        and (words[1].lower() == "not" or words[1].lower().endswith(("ed", "ing", "ly")))):
                continue  # not "38" in "Holly King-Mand, 38, said", nor "while not … addressing Trump" in "The secretary, …, said"
            span = _trim_words(self.text, seg_lo, seg_hi, leading=_LEADING, trailing=_FILLERS)
            untrimmed = span
            if len(_WORD.findall(self.text, *span)) > _LONG_SUBJECT_WORDS:
                inner = [w.end() for w in _WORD.finditer(self.text, *span) if w.group().lower() in _BOUNDARY]
            else:  # "there is a major caveat that the spokesman called": the spokesman
                that = self.text.rfind(" that ", *span)
                inner = [that + 5] if that >= 0 else []
            if inner:
                span = _trim_words(self.text, inner[-1], span[1], leading=_LEADING, trailing=_FILLERS)
            if span[0] < span[1]:
                candidates.append(span)
                whole.append(untrimmed)
        if not candidates:
            return None
        named = [k for k, span in enumerate(candidates) if self.names_in(*span) and (k == 0 or not self._has_verb(span))]
        if named:
            pick = named[0]
            if len(named) > 1 and named[1] == pick + 1 and self._appositive(candidates[pick]):
                pick = named[1]  # "Mykhailo Podolyak, Adviser to … President Zelenskyy, tweeted"
            return candidates[pick][0], candidates[0][1]
        nearest = candidates[0]
        if len(candidates) > 1 and (self._appositive(nearest) or whole[0] != nearest and _ARTICLE.match(self.text, whole[0][0])):
            # "Cohen, an ABC News contributor, said"; "Udi Greenberg, a professor … at Dartmouth College, told"
            name = candidates[1]
            name_words = _words(self.text[name[0]:name[1]])
            if len(name_words) <= _TITLE_WORDS and all(w[0].isupper() for w in name_words):
                return name[0], nearest[1]  # "Cohen, an ABC News contributor, said"
        return nearest

    def _has_verb(self, span: tuple[int, int]) -> bool:
        """Whether ``span`` holds an auxiliary: a clause ("Stremousov was killed …"), not a name with its title."""
        return any(w.lower() in _FINITE for w in _words(self.text[span[0]:span[1]]))

    def _appositive(self, span: tuple[int, int]) -> bool:
        word = _WORD.search(self.text, *span)
        if word is None:
            return False
        first = word.group().lower()
        if first in _SUBJECT_PRONOUNS:
            return False
        return (word.group()[0].islower() or first in ("a", "an", "the") or first in self.words.titles or first in self.words.people
                or first.endswith(("'s", "\u2019s")) and self.text.startswith(",", span[1]))  # not "…, Ukraine's air force said"

    def subject_like(self, start: int) -> bool:
        """Whether a name starting at ``start`` opens its sentence (the first words), as subjects do."""
        known = self.subject_likes.get(start)
        if known is None:
            lo, _ = self.sentence_bounds(start)
            known = self.subject_likes[start] = len(_words(self.text[lo:start])) < _SUBJECT_POSITION_WORDS
        return known


# ------------------------------------------------------------------ kinds and clauses


def _is_direct(article: _Article, span: Marked) -> bool:
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
    if not _PROSE_WORD.search(before):
        return True  # the sentence starts here, maybe after debris of a scraped page ("'S ' ' : A '- '")
    return before[-1] in ":,\u2014\u2013-" or before.lower().endswith("that")


def _has_letter(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` holds a letter (``str.isalpha``; the pattern also finds "²" and other numerals)."""
    found = _LETTERS.search(text, lo, hi)
    while found is not None:
        if any(c.isalpha() for c in found.group()):
            return True
        found = _LETTERS.search(text, found.end(), hi)
    return False


def _title_like(quote: str) -> bool:
    """A few capitalised words, small words between them: a title or a name ("Hannity", "This Week with George
    Stephanopoulos", "Summer in a Pioneer Tie", "2020 Invoices"), not speech."""
    words = _words(quote)
    return (0 < len(words) <= _TITLE_MAX_WORDS and (words[0][0].isupper() or words[0][0].isdigit())
            and all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in words))


def _similar(name: str, other: str) -> bool:
    """Whether two first names are one written two ways ("Vladmir" and "Vladimir"; not "Oleksiy" and "Dmytro")."""
    return name == other or difflib.SequenceMatcher(None, name.lower(), other.lower()).ratio() >= _SAME_NAME_RATIO


def _verb_like(word: str, previous: str, speech_verbs: frozenset[str]) -> bool:
    """Whether ``word`` (after ``previous``) reads as a finite verb or an adverb, ending a subject: an auxiliary, a
    speech verb, a past form, an -ly word, or an -s form after a name or pronoun ("Moscow insists")."""
    lowered = word.lower()
    if not word[:1].islower():
        return False
    if lowered in _FINITE or lowered in _IRREGULAR_PAST or lowered in speech_verbs or lowered.endswith(("n't", "ly")):
        return True
    if len(lowered) > 3 and lowered.endswith("ed"):
        return True
    nationality = previous[:1].isupper() and previous.lower().endswith(_NATIONALITY_ENDINGS)  # "Russian encirclements"
    return (len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith(("ss", "us", "is"))
            and ((previous[:1].isupper() and not nationality) or previous.lower() in _SUBJECT_PRONOUNS | _RELATIVES | {"that"}
                 or previous.endswith(",")))


def _is_clause(text: str, speech_verbs: frozenset[str]) -> bool:
    """Whether reported words read as a clause: three words or more, one of them a verb ("On Wednesday", "During an
    interview with Kyiv's mayor" are the verb's adjuncts, not what was said)."""
    words = _COMMA_WORD.findall(text)
    if len(words) < 3:
        return False
    if "as" in words[1:_TITLE_WORDS + 1]:
        named = words.index("as", 1)
        if all(word[:1].isupper() for word in words[:named]) or named == 1 and words[0].lower() in ("him", "her", "them"):
            return False  # "confirmed William Burns as the next director …", "described him as …": an object and its role
    return any(_verb_like(word.rstrip(","), words[n - 1] if n else "", speech_verbs) or word.lower() in _FINITE_PLUS
               for n, word in enumerate(words))


def _finite_within(words: list[str], *, after_name: bool) -> bool:
    """Whether a finite verb seems to follow: an auxiliary, an -ed form, or an -s form among the first three words
    (right after the first word only when that is a name or a pronoun: "Moscow insists", not "potential sanctions")."""
    for position, word in enumerate(words):
        lowered = word.lower()
        if lowered in _SUBORDINATE:
            return False  # "predicted a stalemate … as Ukrainian and Russian forces do battle": another clause's verb
        if lowered in _FINITE or lowered in _IRREGULAR_PAST or lowered.endswith(("n't", "'re", "'ll", "'d")):
            return True
        if len(lowered) > 3 and lowered.isalpha() and (position > 0 or after_name):
            following = words[position + 1].lower().rstrip(".,") if position + 1 < len(words) else ""
            past = (position == 0 and after_name) or (position > 0 and (words[position - 1].lower().endswith("ly")
                                                                         or words[position - 1][:1].isupper()))
            if lowered.endswith("ed") and not past and (following in _PREPOSITIONS or following in _ADJUNCT_START):
                continue  # "a statement released Friday", "a video posted to its channel": participles, not verbs
            if lowered.endswith("ed") or (lowered.endswith("s") and position < 3
                                          and (position == 0 or _verb_like(word, words[position - 1], frozenset()))):
                return True  # "briefing with reporters" is not "Moscow insists"
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
        gerund = first[0].islower() and lowered.endswith("ing") and not any(
            w.group().lower() in _FINITE for w in words[start + 1:start + 5])  # "denied targeting", not "believed rebranding … would"
        if lowered not in _NOT_CLAUSE_START and not gerund:
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
    comma = text.find(",", anchor.end, limit) - anchor.end
    if comma >= 0:
        appositive = _APPOSITIVE.sub(lambda m: " " * len(m.group()), text[anchor.end:limit])  # ", Kirill Stremousov,"
        comma = appositive.find(",")
    words = list(_WORD.finditer(text, anchor.end, anchor.end + comma if comma >= 0 else limit))
    tell = anchor.word in article.words.tell
    for number, word in enumerate(words[:_THAT_SEARCH_WORDS]):
        lowered = word.group().lower()
        following = words[number + 1].group() if number + 1 < len(words) else ""
        if lowered == "that" and number == 0 and anchor.word.endswith("s") and anchor.word != "says" and _relative_that(following):
            return None  # "reports that emerged …", "claims that are": a noun and its relative clause
        if lowered == "that" or (lowered in _QUESTION_WORDS and anchor.word in article.words.questions):
            return word.end() if word.end() < hi else None  # "asked whether …", "recalled how …"
        if lowered in _FINITE or (number and _verb_like(word.group(), words[number - 1].group(), frozenset())
                                  and not word.group().endswith("ly")):
            break  # "signal for … was the fact that", "claimed … hit the city that hosts": another verb's clause
        if lowered == "to" and following[:1].islower() and following.lower() not in _DETERMINERS | _SUBJECT_PRONOUNS:
            break  # "vowed Tuesday to help the FBI uncover any role that": the infinitive's
    if anchor.infinitive or anchor.quote_only:
        return None
    if anchor.word in article.words.that_only or (anchor.participle and anchor.word not in _BARE_PARTICIPLES):
        plain = _plain_clause(words)  # "suggested they would be sent", "claiming they stole", "indicating the Kremlin leader is failing"
        return None if plain is None else words[plain].start()
    position = _skip_object(words) if tell else 0
    if 0 < position < len(words) and words[position].group().lower() in _FINITE:
        position = 0  # "warned Russia could use …": the clause's subject, not the verb's object
    start = _clause_start(words, position)
    return None if start is None else words[start].start()


def _relative_that(following: str) -> bool:
    """Whether the word after "that" is a verb, so "that" opens a relative clause ("reports that emerged", "states that
    have", "claims that are"), not a reported one ("states that the photo …")."""
    lowered = following.lower()
    return following[:1].islower() and (lowered in _FINITE or lowered in _FINITE_PLUS or lowered in _IRREGULAR_PAST
                                        or (len(lowered) > 3 and lowered.endswith("ed")))


def _plain_clause(words: list[re.Match[str]]) -> int | None:
    """Where a clause starts right after a verb that takes one only with "that": a pronoun or a name and a finite verb
    right after it ("suggested they would", "claiming Russian shelling prevented"), never a noun phrase ("suggest no
    real conditions", "describing the pause as …", "threatened retaliation should Finland …")."""
    if len(words) < 2:
        return None
    first = words[0].group()
    if not (first.lower() in _SUBJECT_PRONOUNS - {"there"} or first[0].isupper()) or first.lower() in _NOT_CLAUSE_START:
        return None
    reach = 1 if first.lower() in _SUBJECT_PRONOUNS else 2
    for word in words[1:1 + reach]:
        lowered = word.group().lower()
        if lowered in _FINITE or lowered in _IRREGULAR_PAST or lowered.endswith("n't") or (len(lowered) > 4 and lowered.endswith("ed")):
            return 0
    return None


def _post_posed(article: _Article, anchor: _Anchor, lo: int, hi: int) -> tuple[int, int] | None:
    """The reported clause of "…, X said", "…, said X", "X, he said, …" or "As X said, …", or None."""
    text = article.text
    speaker = article.speaker_of(anchor)
    if speaker is None or anchor.participle or anchor.infinitive:
        return None
    tail = text[(speaker[1] if anchor.inverted else anchor.end):hi]
    participle = _TAIL_PARTICIPLE.search(tail)
    if participle is not None:
        tail = tail[:participle.start()]  # "…, Costa said on Wednesday, saying that …": the participle's clause is another
    tail_words = _words(tail)
    head = anchor.start if anchor.inverted else speaker[0]
    if _ends_with_as(text[lo:head]) and tail.lstrip().startswith(","):
        return _clause_span(text, tail.index(",") + hi - len(tail) + 1, hi)  # "As CNN reported, …"
    comma = text.rfind(",", lo, head)
    parenthetical = tail.lstrip().startswith(",") and len(tail_words) >= 2
    if comma <= lo or text[comma + 1:head].strip(" \"\u201d") or len(_words(text[lo:comma])) < (1 if parenthetical else 2):
        return None  # "However, he added, the fighting …": a parenthetical after one word
    first = _words(text[speaker[0]:speaker[1]])[:1]
    if not anchor.inverted and not first:
        return None
    if not anchor.inverted and first[0][0].islower() and first[0].lower() not in _CLAUSE_START and first[0].lower().endswith("s") \
            and len(_words(text[speaker[0]:speaker[1]])) > 1:
        return None  # "…, of course, causes rare calls": a verb, not a subject
    if parenthetical and not tail_words[0].lower().endswith("ing"):
        return _clause_span(text, lo, hi)  # "The economy is fine, he said, and Moscow …": the whole sentence
    if anchor.word in article.words.that_only:
        return None
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


def _relative(article: _Article, anchor: _Anchor, lo: int) -> bool:
    """Whether ``anchor`` reports from a relative clause: "which Guterres said could only happen …", "in what Washington
    said was an attempt …" (what follows the verb is what was said)."""
    if anchor.relative is None:
        speaker = article.speaker_of(anchor)
        anchor.relative = (speaker is not None and not anchor.inverted and len(_words(article.text[speaker[1]:anchor.start])) <= 2
                           and _RELATIVE_BEFORE.search(article.text, max(lo, speaker[0] - 12), speaker[0]) is not None)
    return anchor.relative


def _indirect(article: _Article, anchor: _Anchor, lo: int, hi: int) -> tuple[int, int] | None:
    """The reported clause of ``anchor`` in ``[lo, hi)`` of its sentence, or None."""
    if anchor.according:
        return _according(article, anchor, lo, hi)
    speaker = article.speaker_of(anchor)
    if speaker is None:
        return None
    if _relative(article, anchor, lo):
        end = _RELATIVE_END.search(article.text, anchor.end, hi)  # "which Guterres said could only happen with Kiev's approval"
        return _clause_span(article.text, anchor.end, end.start() if end else hi)
    start = _clause_after(article, anchor, hi)
    if start is not None and not anchor.inverted:
        return _clause_span(article.text, start, hi)
    return _post_posed(article, anchor, lo, hi)


# ------------------------------------------------------------------ one article


def _near(text: str, lo: int, hi: int, limit: int = _NEAR_WORDS) -> bool:
    """Whether at most ``limit`` words and no quotation mark (an apostrophe inside a word is none: "Ukraine's") lie in
    ``[lo, hi)``."""
    return lo <= hi and len(_WORD.findall(text, lo, hi)) <= limit and _QUOTE_CHAR.search(text, lo, hi) is None


def _introduces_quote(article: _Article, anchor: _Anchor) -> bool:
    """Whether ``anchor`` is followed by a colon or comma and a quotation mark ("responded: '…'")."""
    return _QUOTE_INTRODUCED.match(article.text, anchor.end, anchor.end + 6) is not None


def _anchor_after(article: _Article, span: Marked, *, direct: bool) -> _Anchor | None:
    number = article.sentence_of(max(span.end - 1, span.start))
    hi = article.sentences[number][1]
    if hi <= span.end + 1 and number + 1 < len(article.sentences) and article.text[span.end - 1:span.end] in "?!":
        hi = article.sentences[number + 1][1]  # '"…?" Stephanopoulos grilled.': the splitter ends the sentence at the mark
    for anchor in article.anchors_in(span.end, max(hi, span.end + 1)):
        if anchor.infinitive or (not direct and _introduces_quote(article, anchor)):
            return None
        limit = _QUOTE_ONLY_WORDS if anchor.quote_only else _NEAR_AFTER_WORDS
        if direct and not _ENDS_SPEECH.search(article.text, max(span.start, span.end - 2), span.end) \
                and "," not in article.text[span.end:anchor.start]:
            return None  # "'We have to be strong' Kuleba called …": a cross-head, not "'…,' Kuleba said"
        if _near(article.text, span.end + 1, anchor.start, limit) and article.speaker_of(anchor) is not None:
            return None if _own_clause(article, anchor, span, hi) else anchor
        return None
    return None


def _anchor_before(article: _Article, span: Marked) -> _Anchor | None:
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
        if anchor.quote_only and not _introduces_quote(article, anchor):
            continue
        if not anchor.infinitive and article.speaker_of(anchor) is not None:
            return _reporting(article, anchor)
    return None


def _reporting(article: _Article, anchor: _Anchor) -> _Anchor:
    """The speech verb that reports ``anchor``'s own words, when its subject opens their clause ("He said Moscow insists
    on … — "this is what is needed"": He), else ``anchor``: the quoted words are the reporting speaker's."""
    speaker = article.speaker_of(anchor)
    if anchor.inverted or anchor.according or speaker is None:
        return anchor
    number = bisect.bisect_left(article.anchor_starts, speaker[0]) - 1
    while number >= 0 and article.anchors[number].end > speaker[0]:
        number -= 1
    if number < 0:
        return anchor
    earlier = article.anchors[number]
    if earlier.according or earlier.quote_only or earlier.infinitive or earlier.start < article.sentence_bounds(anchor.start)[0]:
        return anchor
    gap = article.text[earlier.end:speaker[0]]
    if "," in gap or _QUOTE_CHAR.search(gap) or any(w not in _OBJECT_WORDS and w != "that" for w in _lower_words(gap)):
        return anchor
    return earlier if article.speaker_of(earlier) is not None else anchor


def _attribute_marked(article: _Article, span: Marked, direct: bool) -> _Anchor | None:
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
        if not anchor.infinitive and not anchor.quote_only and article.speaker_of(anchor) is not None:
            return None if _own_clause(article, anchor, span, hi) else anchor
    return None


def _own_clause(article: _Article, anchor: _Anchor, span: Marked, hi: int) -> bool:
    """Whether a verb whose subject follows a quotation has a reported clause of its own after it, so it does not report
    the quotation ("… on the "frontlines of Russian aggression," Russia announced Monday it is suspending …"; not
    "Bloomberg, citing "a person familiar with the talks," reports that …")."""
    speaker = article.speaker_of(anchor)
    return (not anchor.inverted and speaker is not None and speaker[0] > span.end
            and _clause_after(article, anchor, hi) is not None)


def _dash_end(article: _Article, span: Marked) -> tuple[int, _Anchor] | None:
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
        if not direct and (_title_like(quoted) or _modifier(article.text, span, quoted) or _naming(article.text, span, quoted)):
            continue
        term = not direct and _term_like(quoted) and _inside_phrase(article.text, span)
        quotes.append(_Quote(lo, hi, "direct" if direct else "partial", anchor, term=term))
    return quotes


def _term_like(quoted: str) -> bool:
    """A short noun phrase without a verb or a speaker's pronoun ("special military operation", "maximum pressure
    campaign"): a term that a reported clause around it takes in, rather than someone's own words."""
    words = _words(quoted)
    if not words or len(words) > _TITLE_WORDS or words[0].lower().endswith("ing"):
        return False
    return not any(w.lower() in _FINITE | _SPEAKER_PRONOUNS or _verb_like(w, words[n - 1] if n else "", frozenset())
                   for n, w in enumerate(words))


def _inside_phrase(text: str, span: Marked) -> bool:
    """Whether quoted words sit inside a longer phrase: a determiner before them and the clause going on after them
    ("all the goals of its "special military operation" in Ukraine", "despite a "maximum pressure campaign" of
    sanctions"), unlike words of judgement ending a clause ("were "outrageous".")."""
    before = _LAST_WORD.search(text, max(0, span.open_at - 20), span.open_at)
    after = _NEXT_WORD_AFTER.match(text, span.end + 1)
    return (before is not None and before.group(1).lower() in _TERM_DETERMINERS and after is not None
            and after.group(1).lower() not in ("and", "or", "but"))


def _naming(text: str, span: Marked, quoted: str) -> bool:
    """Whether quoted words are a name given to something, not words of judgement: a term of two words or more after
    "what X calls", "calling it a" or "dubbed it a", a habit of naming ("what it calls 'freedom of navigation operations'",
    "calling it a "special military operation""), not one judgement ("he called it a "tactical withdrawal"", "called
    the plan "premature""); any short quotation after "known as" or "referred to as" (and after "or" following one)."""
    lo = max(0, span.open_at - 80)
    if ("known" in text[lo:span.open_at] or "referred" in text[lo:span.open_at]) and len(_words(quoted)) <= _TITLE_WORDS \
            and _KNOWN_AS.search(text, lo, span.open_at):
        return True
    return len(_words(quoted)) >= 2 and _term_like(quoted) and _NAMING.search(text, max(0, span.open_at - 40), span.open_at) is not None


def _modifier(text: str, span: Marked, quoted: str) -> bool:
    """Whether a term in quotation marks, after a determiner, modifies the noun after it ("the "anti-gay propaganda"
    bill's", "a "Death of a Leader" simulation"): a name, not words someone said."""
    before = _LAST_WORD.search(text, max(0, span.open_at - 20), span.open_at)
    after = _NEXT_WORD_AFTER.match(text, span.end + 1)
    return (before is not None and before.group(1).lower() in _TERM_DETERMINERS and after is not None and _term_like(quoted)
            and after.group(1).islower() and after.group(1).lower() not in _FUNCTION_WORDS
            and not after.group(1).endswith(("ing", "ed")))


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
    words = [q for q in kept if not q.term]  # quoted terms do not stop the clause around them
    terms = [q for q in kept if q.term]
    used = {id(q.anchor) for q in words}
    found: list[_Quote] = []
    by_start = sorted(words, key=lambda q: q.start)
    starts = [q.start for q in by_start]
    reach = list(itertools.accumulate((q.end for q in by_start), max))  # the furthest end so far
    taken = _Taken(len(text))
    for quote in words:
        taken.add(quote.start, quote.end)
    unused = [a for a in article.anchors if id(a) not in used and a.word != "label" and not a.quote_only]
    unused_starts = [a.start for a in unused]
    for lo, hi in article.sentences:
        first, last = bisect.bisect_left(unused_starts, lo), bisect.bisect_left(unused_starts, hi)
        if first == last:
            continue
        anchors = unused[first:last]
        terms_in = [q for q in terms if q.start < hi and q.end > lo]
        first = bisect.bisect_right(reach, lo)  # every quotation before it ends before the sentence
        marks = [q for q in by_start[first:bisect.bisect_left(starts, hi)] if q.end > lo]  # in or running into the sentence
        relative = {id(a) for a in anchors if not a.according and _relative(article, a, lo)}
        ordered = ([a for a in anchors if a.according] + [a for a in anchors if not a.according and id(a) not in relative]
                   + [a for a in anchors if id(a) in relative])
        for anchor in ordered:
            left = lo
            for quote in marks:
                ends = [quote.end + 1] + ([quote.anchor.end] if quote.anchor and quote.anchor.start < anchor.start else [])
                speaker = article.speaker_of(quote.anchor) if quote.anchor else None
                if speaker and speaker[1] <= anchor.start:
                    ends.append(speaker[1])
                if quote.start < anchor.start:
                    left = max([left, *(e for e in ends if e <= anchor.start)])
            if id(anchor) in relative and (marks or any(lo <= q.start < hi for q in found)):
                continue  # "Authorities say they are … in the face of what they argue are …": one row per sentence
            clause = _indirect(article, anchor, left, hi)
            if clause is None:
                continue
            start, end = clause
            quoted = marks + [q for q in terms_in if q.end <= anchor.start]  # and the terms before the verb
            if anchor.participle and (quoted or found and article.sentence_of(found[-1].start) == article.sentence_of(lo)):
                continue  # "…, adding that …": the same speaker's sentence is one quotation
            speaker = article.speaker_of(anchor)
            if any(quote.anchor is not None and article.speaker_of(quote.anchor) == speaker for quote in quoted):
                continue  # "X said the increase renders … "false," and warned …": X's quoted words stand for the sentence
            later = [s[0] for a in article.anchors_in(start, hi) if a is not anchor and not (a.infinitive or a.quote_only)
                     and (s := article.speaker_of(a))
                     and s[0] > start and text[start:s[0]].strip()]  # "said he believes …": his own clause's speaker, also
            # when his words are quoted ("said the scheme could be exploited, though the government insists … "checks"")
            cut = bool(later) and min(later) < end
            if cut:
                start, end = _trim_words(text, start, min(later), leading=frozenset(), trailing=_CONNECTIVES | _RELATIVES | {"that"})
            # "said that …" opens a clause whatever follows, unless a later speaker cut it short ("noted that if")
            after_that = ((not cut or len(_WORD.findall(text, start, end)) >= _SHORT_DIRECT_WORDS)
                          and _AFTER_THAT.search(text, max(0, start - 8), start) is not None)
            first_word = _WORD.match(text, start)
            after_that = after_that or (id(anchor) in relative and first_word is not None and not MARK.match(text, start - 1)
                                        and first_word.group()[0].islower()
                                        and first_word.group().lower() not in _NOT_CLAUSE_START | _DETERMINERS)  # "which they say break …"
            if start < end and (after_that or _is_clause(text[start:end], article.words.verbs)) and not taken.overlaps(start, end):
                found.append(_Quote(start, end, "indirect", anchor))
                taken.add(start, end)
    return found


def _label_turns(article: _Article) -> list[_Quote]:
    """The turns of a transcript ("PSAKI: Skeptical of …") not in quotation marks: direct quotations of the label."""
    turns = []
    for anchor, (begin, end) in article.labels:
        lo, hi = _strip_span(article.text, begin, end, chars=" \n")
        if lo < hi and not MARK.match(article.text, lo) and _has_letter(article.text, lo, hi):
            turns.append(_Quote(lo, hi, "direct", anchor))
    return turns


def _quotes_of(article: _Article) -> list[_Quote]:
    """Every kept quotation of one article, attributed but not yet resolved to actors, in text order."""
    kept = _marked_quotes(article)
    if article.labels:
        taken = _Taken(len(article.text))
        for quote in kept:
            taken.add(quote.start, quote.end)
        kept += [turn for turn in _label_turns(article) if not taken.overlaps(turn.start, turn.end)]
    indirect = _indirect_quotes(article, kept)
    terms = [q for q in kept if q.term]
    if terms:
        swallowed, several = set(), set()
        for clause in indirect:
            inside = [q for q in terms if q.start < clause.end and clause.start < q.end]
            if len(inside) == 1:
                swallowed.add(id(inside[0]))  # "… all the goals of its "special military operation" in Ukraine": one clause
            elif inside:
                several.add(id(clause))  # several quoted phrases in one clause: they are the quotations
        kept = [q for q in kept if id(q) not in swallowed]
        indirect = [q for q in indirect if id(q) not in several]
    return sorted(kept + indirect, key=lambda q: q.start)


# ------------------------------------------------------------------ actors


class _Speaker(NamedTuple):
    """Someone a pronoun or role may refer back to: where they were named, as an actor and/or a person."""

    position: int
    order: int
    actor: str | None
    person: str | None
    head: str


class _Resolver:
    """Turns speakers' words into actors and people, walking back through an article's names and speakers."""

    def __init__(self, article: _Article, roles: Mapping[str, str], first_names: Mapping[str, frozenset[str]]) -> None:
        self.article = article
        self.roles = roles
        self.first_names = first_names  # actor → the first words of their names of several words
        self.speakers: list[_Speaker] = []  # sorted by position
        self.by_head: dict[str, list[_Speaker]] = {}  # the same, by the head noun of their words ("official")
        self.named: list[tuple[int, str | None, str | None]] = []  # (position, actor, person) of people quoted, in the order met

    def identify(self, speaker: tuple[int, int], *, label: bool = False) -> tuple[str | None, str | None, str]:
        """The actor, the person and the attribution (``explicit``, ``pronoun``, ``role``) of a speaker's words."""
        article = self.article
        lo, hi = speaker
        if _GROUP.match(article.text, lo, hi):
            return None, None, "explicit"  # "Haines and the lawmakers on the committee": several people
        named = [m for m in article.mentions_in(lo, hi) if not m.possessive and not article.names.institution_after(m.end)
                 and not self._someone_else(m)]
        if named:
            return named[0].actor, named[0].actor, "explicit"
        words = _words(article.text[lo:hi].split(",")[0])
        lowered = [w.lower() for w in words]
        if len(lowered) == 1 and lowered[0] in article.words.pronouns:
            return (*self.resolve(lo, None), "pronoun")
        owner = self._statement_owner(lo, hi)
        if owner is not None:
            return owner, owner, "explicit"
        person = article.names.speaker_name(lo, hi, article.words.statements, label=label)
        if person is not None:
            return None, person, "explicit"
        if not lowered or lowered[0] in ("a", "an", "one", "another", "some", "several", "two", "three", "many"):
            return None, None, "explicit"  # someone new
        head = _head_noun(words)
        if head in article.words.titles:
            return (*self.resolve(lo, head, head), "role")
        if head in article.words.people:
            return (*self.resolve(lo, "", head), "role")
        if head in article.words.statements and lowered[0] in ("the", "his", "her", "this"):
            return (*self.resolve(lo, ""), "role")  # "said the post": the last person named or quoted
        return None, None, "explicit"

    def _someone_else(self, mention: _Mention) -> bool:
        """Whether a one-word mention follows a first name none of the actor's names has ("Oleksiy Kuleba" is not the
        listed Dmytro Kuleba; "Mikhail Podoliak" is Mykhailo Podolyak, whose list has "Mikhail Podolyak")."""
        written = self.article.text[mention.start:mention.end]
        if " " in written:
            return False
        first = self.article.names.first_name_before(mention.start)
        if first is None:
            fullest = self.article.names.fullest(written)  # "Mr. Kuleba" in an article naming Oleksiy Kuleba
            first = fullest.split(" ")[0] if fullest != written and fullest.endswith(" " + written) else None
        known = self.first_names.get(mention.actor, frozenset())
        return first is not None and not any(_similar(first, name) for name in known)

    def _statement_owner(self, lo: int, hi: int) -> str | None:
        """The actor whose statement the speaker's words are ("Kuleba's tweet", "Biden's explosive comment")."""
        owners = [m for m in self.article.mentions_in(lo, hi) if m.possessive]
        if not owners:
            return None
        head = self.article.text[owners[0].end:hi].split(",")[0].split()
        return owners[0].actor if head and head[-1].lower().strip(".") in self.article.words.statements else None

    def compatible(self, start: int, actor: str | None, title: str | None) -> bool:
        """Whether the person named at ``start`` may be called ``title`` (their role on the list, or the words before)."""
        if not title:
            return True
        context = self.article.text[max(0, start - 40):start]
        return title in _lower_words(context) or (actor is not None and title in _lower_words(self.roles.get(actor, "")))

    def _people_in(self, lo: int, hi: int) -> list[tuple[int, str | None, str]]:
        """The people named in ``[lo, hi)`` outside quotations and not in the possessive: (start, actor, person)."""
        article = self.article
        found = [(m.start, m.actor, m.actor) for m in article.mentions_in(lo, hi) if not m.possessive]
        taken = [(m.start, m.end) for m in article.mentions_in(lo, hi)]
        for name in article.names.names_in(lo, hi):
            if not name.possessive and not any(s < name.end and name.start < e for s, e in taken):
                found.append((name.start, None, name.person))
        return sorted(found)

    def resolve(self, position: int, title: str | None, head: str = "") -> tuple[str | None, str | None]:
        """The actor and person a pronoun (``title`` None), a role noun (``title``) or a generic role (``""``) at
        ``position`` names: the person named or quoted last before it, when that is unambiguous. A role whose ``head``
        noun is that of an unnamed speaker quoted since ("a senior official … the official") is that speaker: no one."""
        article = self.article
        same = self.by_head.get(head, []) if head else []
        last = bisect.bisect_left(same, (position,)) - 1
        if last >= 0:
            return same[last].actor, same[last].person  # "A senior US administration official said …. …, the official said"
        number = article.sentence_of(position)
        for back in range(number, max(number - _BACK_SENTENCES, 0) - 1, -1):
            lo, hi = article.sentences[back]
            hi = min(hi, position)
            opening = _OPENING_WORDS if back == number else _SUBJECT_POSITION_WORDS  # "Speaking with Olga Skabeyeva, he said"
            opening_end = article.word_end(lo, hi, opening + _NAME_MARGIN_WORDS)
            people = [p for p in self._people_in(lo, opening_end) if len(_words(article.text[lo:p[0]])) < opening]
            speakers = self.speakers[bisect.bisect_left(self.speakers, (lo,)):bisect.bisect_left(self.speakers, (hi,))]
            events = sorted([(s, a, p, None) for s, a, p in people] + [(s.position, s.actor, s.person, s) for s in speakers],
                            key=lambda e: e[0], reverse=True)
            for start, actor, person, quoted in events:
                if quoted is not None:
                    if person is not None and self.compatible(start, actor, title):
                        return actor, person
                    continue
                if not self.compatible(start, actor, title):
                    continue
                rivals = {p for s, a, p in self._people_in(lo, hi) if self.compatible(s, a, title)}
                if len(rivals) == 1:
                    return actor, person
                previous = next(((a, p) for s, a, p in reversed(self.named) if s < position), None)
                return previous if previous is not None and previous[1] in rivals else (None, None)
        return None, None

    def remember(self, speaker: tuple[int, int], actor: str | None, person: str | None) -> None:
        """Add a quotation's speaker to those that pronouns and roles further on may refer to."""
        head = self.article.head_of(speaker)
        entry = _Speaker(speaker[0], len(self.speakers), actor, person, head)
        bisect.insort(self.speakers, entry)
        bisect.insort(self.by_head.setdefault(head, []), entry)
        if person is not None:
            self.named.append((speaker[0], actor, person))

    def attach(self, quotes: list[_Quote]) -> None:
        """Set each quotation's speaker, actor and person in text order; an unattributed direct quote may continue the one before."""
        previous: _Quote | None = None
        for quote in quotes:
            if quote.anchor is not None:
                quote.speaker = self.article.speaker_of(quote.anchor)
                if quote.speaker is not None:
                    quote.actor, quote.person, quote.attribution = self.identify(quote.speaker, label=quote.anchor.word == "label")
                    self.remember(quote.speaker, quote.actor, quote.person)
            elif (quote.kind == "direct" and previous is not None and previous.kind != "indirect" and previous.speaker is not None
                  and self.article.sentence_of(quote.start) - self.article.sentence_of(max(previous.end - 1, previous.start)) <= 1):
                quote.speaker, quote.actor, quote.person = previous.speaker, previous.actor, previous.person
                quote.attribution = "continued"
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
                 mentions: pd.DataFrame | None, progress: bool) -> Iterator[tuple[object, ...]]:
    mention_lists = _mention_lists(articles, actors, mentions, sentences)
    sentence_lists = _sentence_lists(articles, sentences)
    roles = dict(zip(actors["name"].astype(str), (actors["role"].fillna("") + " " + actors["label"].fillna("")).astype(str), strict=True))
    first_names = {str(name): frozenset(form.split()[0] for form in [name, *aliases] if " " in form)
                   for name, aliases in zip(actors["name"], actors["aliases"], strict=True)}
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
        _Resolver(article, roles, first_names).attach(quotes)
        for quote in quotes:
            speaker = (None, None, None) if quote.speaker is None else (text[quote.speaker[0]:quote.speaker[1]], *quote.speaker)
            yield (doc_id, article.sentence_of(quote.start), quote.start, quote.end, text[quote.start:quote.end],
                   quote.kind, *speaker, quote.person, quote.attribution, quote.actor)


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

    The rules are in the module docstring (:mod:`analysis.measures.quotes`); the speech verbs,
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
