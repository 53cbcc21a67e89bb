"""Text normalised for analysis: Unicode NFC, one form of quotes and dashes, spaces collapsed."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
        "\u2012": "\u2014", "\u2013": "\u2014", "\u2015": "\u2014",
        "\u2026": "...",
        "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
        "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
    }
)
_SPACES = re.compile(r"[ \f\v\u2000-\u200a\u3000]+")
# The characters _QUOTES maps, found in one pass: most lines hold none or a few, and replacing only those
# is several times cheaper than str.translate with a dict, which looks up every character of the line.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _QUOTES))) + "]")
_ODD_SPACES = re.compile(r"[\f\v\u2000-\u200a\u3000]")  # the spaces _SPACES collapses besides " "


def _translate_quotes(text: str) -> str:
    """``text.translate(_QUOTES)``, replacing only the characters found."""
    found = set(_TRANSLATED.findall(text))
    for char in found:
        text = text.replace(char, _QUOTES[ord(char)] or "")
    return text


def normalize_text(text: str) -> str:
    """Normalise one line of text for analysis without losing what sentiment reads.

    Applies Unicode NFC, straight quotes for curly ones and guillemets, one em dash
    for the dash family, ``...`` for the ellipsis character, removes zero-width and
    soft-hyphen characters and collapses runs of spaces. Case, punctuation and
    emphasis (``!!``, capitals) are kept as written.
    """
    if not text.isascii():
        text = _translate_quotes(unicodedata.normalize("NFC", text))
        odd_spaces = _ODD_SPACES.search(text) is not None
    else:
        if "\t" in text:
            text = text.replace("\t", " ")
        odd_spaces = "\f" in text or "\v" in text
    if odd_spaces or "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()
