"""Quotation marks paired per paragraph into quoted spans (see :mod:`analysis.measures.quotes`)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np

from analysis.text.splitter import PARAGRAPH_SEPARATOR

FAMILY = {'"': "D", "\u201c": "D", "\u201d": "D", "\u201e": "D", "\u201f": "D",
           "'": "S", "\u2018": "S", "\u2019": "S", "\u201a": "S", "\u00ab": "G", "\u00bb": "G"}
MARK = re.compile("[" + re.escape("".join(FAMILY)) + "]")
DOUBLE_MARK = re.compile("[" + re.escape("".join(c for c, family in FAMILY.items() if family != "S")) + "]")
_SINGLE_MARK = re.compile("[" + re.escape("".join(c for c, family in FAMILY.items() if family == "S")) + "]")
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
class Marked:
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
    single = FAMILY[char] == "S"
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
    return i < hi and FAMILY.get(text[i]) == family and _mark_role(text, i, lo, hi) in ("open", "both")


def _pair(text: str, paragraphs: list[tuple[int, int]], marks: list[int], *, dashes: bool) -> list[Marked]:
    """Quotations between the quotation marks at ``marks`` (sorted offsets: double marks and guillemets,
    or single marks), and with ``dashes`` paragraphs opened by a dash."""
    found: list[Marked] = []
    current: Marked | None = None
    family, depth = "", 0
    for number, (lo, hi) in enumerate(paragraphs):
        dash = _DASH_START.match(text, lo, hi) if current is None and dashes and text[lo:lo + 1] in _DASHES else None
        if dash:
            current, family, depth = Marked(dash.end(), hi, lo, dash=True), "D", 0
        first = bisect.bisect_left(marks, lo)
        for i in marks[first:bisect.bisect_left(marks, hi, first)]:
            char_family = FAMILY[text[i]]
            role = _mark_role(text, i, lo, hi)
            if role is None:
                continue
            if current is None:
                if role in ("open", "both") and not (char_family == "S" and _DEBRIS.match(text, i + 1, hi)):
                    current, family = Marked(i + 1, hi, i), char_family
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


def marked_spans(text: str) -> list[Marked]:
    """Every quotation between marks in ``text`` (see the module docstring), in text order.

    Double marks and guillemets are paired first; single marks only outside them, so an
    apostrophe or a quote inside a quote cannot disturb them. A double-quoted span inside a
    single-quoted one is nested and dropped.
    """
    paragraphs = _paragraphs(text)
    double = _pair(text, paragraphs, [m.start() for m in DOUBLE_MARK.finditer(text)], dashes=True)
    covered = np.zeros(len(text) + 1, dtype=bool)
    for span in double:
        covered[span.open_at:span.end + 1] = True
    singles = np.array([m.start() for m in _SINGLE_MARK.finditer(text)], dtype=np.int64)
    single = _pair(text, paragraphs, singles[~covered[singles]].tolist(), dashes=False)
    return sorted(_not_nested(double, single) + single, key=lambda span: span.open_at)


def _not_nested(spans: list[Marked], outer: list[Marked]) -> list[Marked]:
    """``spans`` without those inside one of ``outer`` (from one pairing pass: in order and disjoint,
    so only the last one opening before a span can hold it)."""
    opens = [span.open_at for span in outer]
    kept = []
    for span in spans:
        last = bisect.bisect_left(opens, span.open_at) - 1
        if last < 0 or span.end > outer[last].end:
            kept.append(span)
    return kept
