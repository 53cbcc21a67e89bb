"""Strip page furniture from a plain-text page capture, keeping every line of article text.

A capture is split into lines; each line gets a verdict (kept, or removed by a
named rule) so that nothing disappears unaccounted for. The rules are general
patterns and layout heuristics, not a list of known lines:

* anywhere: blank lines, interface vocabulary (``Skip to main content``,
  ``Advertisement``, ``On``/``Off``…), breadcrumbs (``Home > Section > Title``), a
  breadcrumb glued to the headline (``HomeWorldEuropeTop Russian…``), a lone date
  line, machine-translation notices, cookie notices, "related articles" markers;
* the layout: the *body* runs from the first to the last paragraph-like line
  (ten or more words with sentence punctuation). Before it, the *header* loses
  table-of-contents entries (short lines that reappear as headings in the body),
  repeated headlines and lines in another script than the body; after it, the
  *footer* loses everything after a "related articles" marker and lines in
  another script. Inside the body every remaining line, section headings
  included, is kept, and so is a one-word reply written as a sentence between
  article paragraphs ("Yes.", "No!", "OK."), which the interface vocabulary would
  otherwise take for a button.

Before the rules, a line of mojibake (UTF-8 decoded in another encoding, as in
``Zelenskyâ€™s``) is repaired with ftfy and the repair recorded on its verdict.
Cleaning takes time and memory linear in the size of the capture.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import ftfy
import pandas as pd
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS

from analysis.text.normalize import normalize_text
from analysis.text.splitter import PARAGRAPH_SEPARATOR
from analysis.text.tokens import count_words

KEPT = "kept"
HEADLINE = "headline"

_INTERFACE_WORDS = re.compile(
    r"""^(?:
        skip\ to\ (?:the\ )?(?:main\ )?(?:content|navigation|search)|skip\ navigation|jump\ to\ .{1,30}
      | (?:beginning|start|end|top)\ of\ (?:the\ )?(?:article|content|main\ content|page|story)
      | back\ to\ top|go\ to\ top|scroll\ to\ top
      | advertisement|advertising|sponsored(?:\ content)?|ad|ads|promoted
      | live(?:\ broadcast|\ stream|\ updates|\ tv|\ blog)?|watch\ live|on\ air|listen(?:\ to\ this\ article)?
      | (?:main|next|previous|prev)\ (?:slide|photo|image|picture|video)
      | select\ (?:important|text)|highlight\ important|font\ size|text\ size|a\+|a-|dark\ mode|night\ mode
      | on|off|yes|no|ok|close|open|menu|search|home|more|less|show\ more|show\ less|load\ more|loading\.*
      | share(?:\ this(?:\ article|\ story)?)?(?:\ on\ \w+)?|tweet|print|email|e-mail|copy\ link|link\ copied
      | subscribe(?:\ now)?|sign\ in|sign\ up|log\ in|login|log\ out|register|newsletter
      | follow\ us(?:\ on\ \w+)?|comments?|\d+\ comments?|leave\ a\ comment
      | photo|video|gallery|audio|podcast|play|pause|mute|unmute|fullscreen
    )[.:!]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_REPLY = re.compile(r"^(?:yes|no|ok)[.!]$", re.IGNORECASE)  # "Yes." in the body is an answer, not a button
_BREADCRUMB = re.compile(r"^(?:home|main|start|homepage|main\ page)\s*(?:>|›|»|/|\||→|::)\s*\S", re.I | re.X)
_BREADCRUMB_SEPARATORS = re.compile(r"\s(?:>|›|»|→)\s")
_GLUED_PREFIX = re.compile(r"^(?:[A-Z][a-z]+|[A-Z]{2,}(?=[A-Z][a-z]))+$")
_GLUED_PREFIX_MAX_CHARS = 200
_LEADING_LETTERS = re.compile(rf"(?=[A-Z][a-z]*[A-Z])[A-Za-z]{{1,{_GLUED_PREFIX_MAX_CHARS}}}")
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
_MIN_GLUED_PREFIX_CHARS = 4  # two capitalised words
_TAIL_MARKER = re.compile(
    r"""^(?:related(?:\ articles|\ stories|\ news|\ content|\ posts)?|most\ (?:popular|read|viewed|shared)
      | read\ (?:also|more|next)|see\ also|also\ read|more\ (?:from|on|stories|news|in)\b.{0,40}
      | you\ (?:may|might)\ also\ (?:like|be\ interested\ in)|recommended(?:\ for\ you)?
      | trending(?:\ now)?|latest\ (?:news|stories)|next\ (?:news|article|story)|top\ stories|popular\ now
      | editor'?s\ picks?|in\ other\ news
    )[.:!]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_COOKIE = re.compile(r"cookie", re.I)
_CONSENT = re.compile(
    r"\b(?:use|uses|using|used|accept|agree|consent|policy|continu\w*|settings|preferences)\b"
    r"|использ|соглас|продолжая|використ|згод|akzept|verwend|utilis|accett",
    re.I,
)

# (pattern, language the original was in; None when the notice names it in words)
_TRANSLATION_NOTICES: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"переведено\s+(?:сервисом|с\s+помощью|автоматически)", re.I), "ru"),
    (re.compile(r"перекладено\s+(?:сервісом|за\s+допомогою|автоматично)", re.I), "uk"),
    (re.compile(r"übersetzt\s+(?:von|mit|durch|aus)", re.I), "de"),
    (re.compile(r"traduit\s+(?:par|avec|de\s+l)", re.I), "fr"),
    (re.compile(r"\b(?:machine[- ])?translat(?:ed|ion)\s+(?:from|by|with|using|powered)\b", re.I), None),
]
_LANGUAGE_NAMES = {
    "russian": "ru", "ukrainian": "uk", "german": "de", "french": "fr", "polish": "pl",
    "spanish": "es", "italian": "it", "chinese": "zh", "arabic": "ar", "turkish": "tr",
    "belarusian": "be", "english": "en", "hungarian": "hu", "romanian": "ro", "czech": "cs",
}
UNDETERMINED_LANGUAGE = "und"

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_ABBR = r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+"
_TIME = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?"
_DATE_LINES = [
    re.compile(rf"^(?:{_WEEKDAY})?(?P<month>{_MONTHS}|{_MONTH_ABBR})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
               rf"(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(rf"^(?:{_WEEKDAY})?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTHS}|{_MONTH_ABBR})\.?,?\s+"
               rf"(?P<year>\d{{4}}){_TIME}$", re.I),
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T\s]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$"),
    re.compile(rf"^(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>\d{{4}}){_TIME}$"),
]

MIN_PARAGRAPH_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?:\s|$)")
_TRANSLATION_NOTICE_MAX_WORDS = 14
_COOKIE_NOTICE_MAX_WORDS = 90
_SCRIPT_SAMPLE_CHARS = 5000


def _decoded_bytes(first: int, last: int) -> str:
    """Every character the bytes ``first``–``last`` decode to in one of the encodings ftfy repairs."""
    return "".join(sorted({ch for encoding in CHARMAP_ENCODINGS for ch in bytes(range(first, last + 1)).decode(encoding, "ignore")}))


# Where mojibake may stand, found by three searches far cheaper than ftfy's check of a whole line:
_MOJIBAKE_CLUES = (
    # a UTF-8 continuation byte read in a one-byte encoding, just after a lead byte read so (Ã©, â€, Ð—, Р°)
    re.compile(f"[{re.escape(_decoded_bytes(0x80, 0xBF))}](?<=[{re.escape(_decoded_bytes(0xC2, 0xF4))}].)"),
    re.compile("[\x80-\x9f]"),  # a C1 control: a byte of cp1252 read as Latin-1
    re.compile("[ÂÃ] "),  # the no-break space of à or U+00A0 turned into a space (voilÃ le)
)


@dataclass(frozen=True, slots=True)
class LineVerdict:
    """What cleaning decided about one raw line (``repair``: the ftfy steps that fixed its mojibake, or None)."""

    line_no: int
    raw: str
    text: str
    zone: str
    rule: str
    repair: str | None = None

    @property
    def kept(self) -> bool:
        return self.rule == KEPT


@dataclass
class CleanCapture:
    """A cleaned capture: the article text, the verdict on every raw line (as parallel lists), found metadata.

    ``raw_lines`` are the lines as read, ``texts`` the same lines repaired and
    normalised, ``rules`` the rule that removed each (``kept`` if none), ``zones``
    its part of the page, ``repairs`` what ftfy changed in it (None if nothing);
    ``n_words`` is :func:`analysis.text.tokens.count_words` of ``text``.
    Parallel lists rather than one object per line keep a capture of millions of
    lines in memory; :attr:`lines` gives the verdicts as objects.
    """

    text: str
    raw_lines: list[str]
    texts: list[str]
    rules: list[str]
    zones: list[str]
    repairs: list[str | None]
    n_words: int = 0
    title: str | None = None
    published: pd.Timestamp | None = None
    translated_from: str | None = None

    @property
    def lines(self) -> list[LineVerdict]:
        """The verdict on every raw line, in order."""
        return [
            LineVerdict(line_no=i + 1, raw=raw, text=text, zone=zone, rule=rule, repair=repair)
            for i, (raw, text, zone, rule, repair) in enumerate(
                zip(self.raw_lines, self.texts, self.zones, self.rules, self.repairs, strict=True))
        ]


def _word_count(line: str, limit: int) -> int:
    """The number of words in ``line``, or ``limit + 1`` if it has more: a long line is never split whole."""
    return len(line.split(maxsplit=limit))


def is_paragraph(line: str) -> bool:
    """A line that reads as running text: ten or more words with sentence punctuation."""
    return _word_count(line, MIN_PARAGRAPH_WORDS) >= MIN_PARAGRAPH_WORDS and bool(_SENTENCE_END.search(line))


def dominant_script(text: str) -> str | None:
    """The writing system of most letters in ``text`` (``LATIN``, ``CYRILLIC``…), or None."""
    scripts = Counter(unicodedata.name(ch, "UNKNOWN").split()[0] for ch in text if ch.isalpha())
    return scripts.most_common(1)[0][0] if scripts else None


def parse_date_line(line: str) -> pd.Timestamp | None:
    """The date of a line that is nothing but a date (``Saturday, April 5, 2025``), else None."""
    for pattern in _DATE_LINES:
        match = pattern.match(line.strip())
        if not match:
            continue
        month = match["month"]
        if not month.isdigit():
            month = next(i for i, name in enumerate(_MONTHS.split("|"), 1) if name.startswith(month.lower()[:3]))
        try:
            return pd.Timestamp(year=int(match["year"]), month=int(month), day=int(match["day"]))
        except ValueError:
            return None
    return None


def translation_notice_language(line: str) -> str | None:
    """For a machine-translation notice, the language translated from (``und`` if unnamed), else None."""
    if _word_count(line, _TRANSLATION_NOTICE_MAX_WORDS) > _TRANSLATION_NOTICE_MAX_WORDS:
        return None
    for pattern, language in _TRANSLATION_NOTICES:
        if pattern.search(line):
            if language:
                return language
            named = re.search(r"\bfrom\s+(\w+)", line, re.I)
            return _LANGUAGE_NAMES.get(named.group(1).lower(), UNDETERMINED_LANGUAGE) if named else UNDETERMINED_LANGUAGE
    return None


def _breadcrumb_title(line: str) -> str | None:
    segments = [s.strip() for s in re.split(r"\s*(?:>|›|»|→|\||::)\s*", line) if s.strip()]
    return segments[-1] if len(segments) >= 2 and _word_count(segments[-1], 3) >= 3 else None


def _is_breadcrumb(line: str) -> bool:
    short = _word_count(line, 40) <= 40
    return short and (bool(_BREADCRUMB.match(line)) or len(_BREADCRUMB_SEPARATORS.findall(line)) >= 2)


def _line_rule(line: str) -> str | None:
    """The rule that removes ``line`` wherever it stands, or None."""
    if not line:
        return "blank"
    if _INTERFACE_WORDS.match(line):
        return "navigation"
    if _is_breadcrumb(line):
        return "breadcrumb"
    if parse_date_line(line) is not None:
        return "date_line"
    if translation_notice_language(line) is not None:
        return "translation_notice"
    if _COOKIE.search(line) and _CONSENT.search(line) and _word_count(line, _COOKIE_NOTICE_MAX_WORDS) <= _COOKIE_NOTICE_MAX_WORDS:
        return "cookie_notice"
    if _TAIL_MARKER.match(line):
        return "related_marker"
    return None


def _glued_prefix_cuts(line: str) -> list[int]:
    """Where ``line`` could split into a glued breadcrumb (``HomeWorldEurope``) and a headline.

    Only splits inside the line's leading run of letters are tried, at most
    ``_GLUED_PREFIX_MAX_CHARS`` of them, so a line costs time linear in its length.
    """
    letters = _LEADING_LETTERS.match(line)
    if letters is None:
        return []
    return [cut for cut in range(_MIN_GLUED_PREFIX_CHARS, min(letters.end(), len(line) - 1) + 1)
            if _GLUED_PREFIX.match(line[:cut]) and len(_CAPITALISED_WORD.findall(line[:cut])) >= 2]


def _glued_headlines(texts: list[str], rules: list[str | None]) -> dict[int, str]:
    """For each line that is a breadcrumb glued to a headline (``HomeWorldEuropeTop…``) that another line
    repeats, the headline; of several, the one that comes first in the capture.

    The candidate headlines are gathered first and then looked for in one pass, so the
    memory needed is that of the candidates, not of the capture.
    """
    candidates = {i: [line[cut:] for cut in cuts] for i, line in enumerate(texts)
                  if rules[i] is None and (cuts := _glued_prefix_cuts(line))}
    wanted = {headline for headlines in candidates.values() for headline in headlines}
    first_seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        if text in wanted:
            first_seen.setdefault(text, i)
    found = {}
    for i, headlines in candidates.items():
        present = [h for h in headlines if h in first_seen]
        if present:
            found[i] = min(present, key=first_seen.__getitem__)
    return found


def _looks_like_mojibake(line: str) -> bool:
    """Whether ftfy may repair ``line``: somewhere a UTF-8 lead and continuation character, read in a one-byte
    encoding, stand together and ftfy finds the few characters around them bad (or there is a C1 control).

    ftfy's own check reads the whole line at about a microsecond a character;
    this finds the few places worth asking about first.
    """
    if line.isascii():
        return False
    windows = (line[max(found.start() - 4, 0) : found.end() + 3]
               for pattern in _MOJIBAKE_CLUES for found in pattern.finditer(line))
    return any(_is_bad_window(window) for window in windows)


@lru_cache(maxsize=1 << 16)
def _is_bad_window(window: str) -> bool:
    return is_bad(window)


def repair_mojibake(line: str) -> tuple[str, str | None]:
    """``line`` with its mojibake repaired by ftfy, and the steps taken (``encode sloppy-windows-1252, decode utf-8``) or None."""
    if not _looks_like_mojibake(line):
        return line, None
    repaired = ftfy.fix_encoding_and_explain(line)
    if not repaired.explanation:
        return line, None
    return repaired.text, ", ".join(f"{action} {parameter}" for action, parameter in repaired.explanation)


def line_text(raw: str) -> tuple[str, str | None]:
    """A raw line as the article text holds it (mojibake repaired, then :func:`normalize_text`), and the repair."""
    repaired, repair = repair_mojibake(raw)
    return normalize_text(repaired), repair


def _text_sample(lines: Iterable[str], limit: int) -> str:
    """The first ``limit`` characters of ``lines`` joined by spaces, without joining all of them."""
    parts: list[str] = []
    size = 0
    for line in lines:
        if size >= limit:
            break
        parts.append(line)
        size += len(line) + 1
    return " ".join(parts)[:limit]


def clean_capture(raw: str) -> CleanCapture:
    """Clean the text of one page capture; see the module docstring for the rules."""
    return clean_lines(raw.splitlines())


def clean_lines(raw_lines: list[str]) -> CleanCapture:
    """:func:`clean_capture` of the text whose lines (as ``str.splitlines`` cuts them) are ``raw_lines``, which
    the result keeps: a caller holding a large capture can let its text go before cleaning begins."""
    repairs: list[str | None] = []
    texts: list[str] = []
    for line in raw_lines:
        text, repair = line_text(line)
        repairs.append(repair)
        texts.append(line if text == line else text)  # share the raw string: half the memory
    rules: list[str | None] = [_line_rule(t) for t in texts]

    title: str | None = None
    glued = _glued_headlines(texts, rules)
    for i, text in enumerate(texts):
        if i in glued:
            rules[i] = "breadcrumb_glued"
            title = title or glued[i]
        elif rules[i] == "breadcrumb":
            title = title or _breadcrumb_title(text)

    def paragraph(i: int) -> bool:
        return rules[i] is None and is_paragraph(texts[i])

    n_paragraphs = sum(map(paragraph, range(len(texts))))
    zones = ["body"] * len(texts)
    if n_paragraphs:
        first = next(i for i in range(len(texts)) if paragraph(i))
        tail = next((i for i in range(first, len(texts)) if rules[i] == "related_marker"), len(texts))
        last = next(i for i in range(tail - 1, first - 1, -1) if paragraph(i))
        zones = ["header"] * first + ["body"] * (last - first + 1) + ["footer"] * (len(texts) - last - 1)
        body_script = dominant_script(_text_sample(texts[first : last + 1], _SCRIPT_SAMPLE_CHARS)) if n_paragraphs < len(texts) else None
        header_lines = {texts[i].casefold() for i in range(first) if rules[i] is None}
        in_body = {f for i in range(first, last + 1) if rules[i] is None and (f := texts[i].casefold()) in header_lines}
        seen_in_header: set[str] = set()
        for i in range(len(texts)):
            if rules[i] is not None or zones[i] == "body":
                continue
            folded = texts[i].casefold()
            if dominant_script(texts[i][:_SCRIPT_SAMPLE_CHARS]) not in (body_script, None):
                rules[i] = "foreign_language"
            elif zones[i] == "header" and folded in seen_in_header:
                rules[i] = "duplicate_headline"
            elif zones[i] == "header" and folded in in_body and not is_paragraph(texts[i]):
                rules[i] = "table_of_contents"
            elif zones[i] == "footer" and i > tail:
                rules[i] = "related_tail"
            if zones[i] == "header":
                seen_in_header.add(folded)
        for i in range(first, last + 1):
            if rules[i] == "navigation" and _REPLY.match(texts[i]):
                rules[i] = None

    published = next((parse_date_line(t) for i, t in enumerate(texts) if rules[i] == "date_line" and zones[i] == "header"), None)
    translated_from = next((translation_notice_language(t) for i, t in enumerate(texts) if rules[i] == "translation_notice"), None)
    if title is None:
        title = _repeated_header_line(texts, rules, zones)

    for i, rule in enumerate(rules):
        if rule is None:
            rules[i] = KEPT
    text = PARAGRAPH_SEPARATOR.join(t for t, rule in zip(texts, rules) if rule == KEPT)
    return CleanCapture(
        text=text,
        raw_lines=raw_lines,
        texts=texts,
        rules=cast("list[str]", rules),  # every None is KEPT now
        zones=zones,
        repairs=repairs,
        n_words=count_words(text),
        title=title,
        published=published,
        translated_from=translated_from,
    )


def _repeated_header_line(texts: list[str], rules: list[str | None], zones: list[str]) -> str | None:
    """The headline when a capture repeats it: the kept line of a removed duplicate, else a Markdown ``# title``."""
    for i, text in enumerate(texts):
        if rules[i] == "duplicate_headline":
            return text
    first = next((t for i, t in enumerate(texts) if rules[i] is None), "")
    return first[2:].strip() if first.startswith("# ") else None


def _headline_key(line: str) -> str:
    """A line or title compared as a headline: normalised, case-folded, without a Markdown ``#`` or a final period."""
    return normalize_text(line).lstrip("#").strip().rstrip(".").casefold()


def remove_headline(cleaned: CleanCapture, titles: Iterable[str | None]) -> None:
    """Remove (rule ``headline``) the kept lines that repeat one of ``titles``, in place, and rebuild the text.

    Only lines before the body (zone ``header``) and the first kept line are
    compared, so a body sentence that happens to read like the title stays.
    """
    keys = {_headline_key(title) for title in titles if isinstance(title, str) and title.strip()}
    keys.discard("")
    if not keys:
        return
    kept = [i for i, rule in enumerate(cleaned.rules) if rule == KEPT]
    candidates = [i for i in kept if cleaned.zones[i] == "header"] + kept[:1]
    longest = 2 * max(map(len, keys)) + 10  # a longer line is no headline: never normalise a long cell for nothing
    found = {i for i in candidates if len(cleaned.texts[i]) <= longest and _headline_key(cleaned.texts[i]) in keys}
    if found:
        for i in found:
            cleaned.rules[i] = HEADLINE
        cleaned.text = PARAGRAPH_SEPARATOR.join(t for t, rule in zip(cleaned.texts, cleaned.rules) if rule == KEPT)
        cleaned.n_words -= sum(count_words(cleaned.texts[i]) for i in found)  # no word spans two lines
