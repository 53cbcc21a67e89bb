"""Find and remove page furniture *inside* article texts, accounting for every removed character.

Line rules (:mod:`analysis.io.clean`) cannot see inside a table row whose article is
one long line, so furniture glued into the text survives them. The rules here
work on fragments of a text; each names what it removes:

* ``photo_credit``: ``(AP Photo/Name)``, ``(Name/Agency via AP)``,
  ``(Name/Getty Images)``, ``Photograph: Name/Agency``, ``Photographer: Name/Bloomberg
  via Getty Images``;
* ``image_caption``: the caption a credit closes (back to the sentence carrying the
  photo's dateline, ``…, Ukraine, Thursday, Aug. 18, 2022.``, at most four
  sentences), and caption sentences without a credit, recognised by that dateline
  closing the sentence;
* ``appeal``: calls to act on the outlet's channels: a capitalised imperative
  (``Sign up``, ``Follow``, ``Click here``, ``Download``…)
  that names a channel (newsletter, inbox, app, live blog, Twitter, ``here``,
  an address…), up to its sentence end or to the next sentence glued to it; a
  sentence calling to follow "our live blog" or to "click here"; ``Read more`` link
  prompts; teasers (``Want all the latest news…?``);
* ``copyright``: ``© 2022 BBC.``, ``(© Copyright 2022 CBS Broadcasting Inc. All
  Rights Reserved.``, ``This material may not be published, broadcast…``;
* ``external_linking``: ``The BBC is not responsible for the content of external
  sites. Read about our approach to external linking.``;
* ``contributor_note``: ``The Associated Press contributed to this report.``,
  ``Jane Doe contributed reporting from Kyiv.``;
* ``embed``: what an embedded post or graphic leaves in a scraped text: ``A post shared
  by Name (@handle) on May 12, 2020 at 8:55am PDT`` (Instagram), a lone ``Interactive``
  standing between two sentences where a graphic was, and the ``Related:`` /
  ``RELATED:`` marker of a link to another article (the linked headline is kept: where
  it ends cannot be told from the sentence glued after it);
* ``repeated_boilerplate`` (data-driven, :func:`repeated_fragments`): a sentence
  repeated verbatim in many articles of one outlet and mostly there.

Offsets are into the text given (for the loader: the article text after line
cleaning). :func:`remove_fragments` gives the kept text and the removed
fragments, each with its rule and offsets, so that ``len(kept) + sum of removed
lengths == len(text)``; :func:`clean_texts` does it for a table of articles and
returns the fragment report, one row per removed fragment: ``doc_id``, ``start``
and ``end`` (offsets into the text read), ``rule`` and ``fragment`` (the removed
text, whitespace it took included), so ``text[start:end] == fragment`` and the
kept text is the text read without those spans. :func:`furniture_by_source`
summarises the report per outlet and rule for the overview's cleaning chart.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import islice

import numpy as np
import pandas as pd

from analysis.core.errors import CorpusError
from analysis.core.parallel import parallel_map, size_chunks
from analysis.core.schema import MISSING_SOURCE, TABLES, conform, returns
from analysis.io.arrow import string_array
from analysis.text.splitter import sentence_span_array, sentence_spans

PHOTO_CREDIT = "photo_credit"
IMAGE_CAPTION = "image_caption"
APPEAL = "appeal"
COPYRIGHT = "copyright"
EXTERNAL_LINKING = "external_linking"
CONTRIBUTOR_NOTE = "contributor_note"
EMBED = "embed"
REPEATED_BOILERPLATE = "repeated_boilerplate"
#: Rules in order of precedence: where two fragments overlap, the earlier rule keeps the overlap.
RULES = (EXTERNAL_LINKING, COPYRIGHT, PHOTO_CREDIT, IMAGE_CAPTION, APPEAL, CONTRIBUTOR_NOTE, EMBED, REPEATED_BOILERPLATE)
_PRECEDENCE = {rule: i for i, rule in enumerate(RULES)}

FRAGMENT_COLUMNS = list(TABLES["fragments"].columns)
REPEATED_COLUMNS = list(TABLES["repeated_fragments"].columns)

_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|April|May|June|July|Aug(?:ust|\.)?"
          r"|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
# A photo's dateline closing its caption sentence: "…, Ukraine, Thursday, Aug. 18, 2022." / "… on Friday, May 20, 2022."
# / "…, Monday, March 14, 2022, in Washington."
_CAPTION_DATELINE = re.compile(
    rf"(?:,|\bon)\s+{_WEEKDAY},?\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}(?:,\s+in\s+[A-Z][\w.'’ -]{{0,40}})?\s*\.[\"')]*\s*$"
)
# A caption's first sentence, when the credit follows more than one sentence of caption.
_CAPTION_OPENER = re.compile(
    rf"{_MONTH}\s+\d{{1,2}},\s+\d{{4}}|^\W*(?:FILE\s+-|In\s+this\s+(?:\w+\s+){{0,3}}(?:photo|image|picture)\b)"
)
_CAPTION_MAX_SENTENCES = 4
# The weekday names, one of which every match of _CAPTION_DATELINE holds (the sentences without one are not searched).
_WEEKDAYS = tuple(f"{day}day" for day in ("Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun"))

_AGENCY = (r"(?:AP|AFP|Reuters|REUTERS|EPA|EPA-EFE|Getty\ Images|Shutterstock|Rex|REX|PA|TASS|Sputnik|Bloomberg"
           r"|Alamy|Xinhua|Anadolu\ Agency|SOPA\ Images|NurPhoto|LightRocket|ZUMA\ Press(?:\ Wire)?|Pool|Handout"
           r"|The\ Guardian|The\ Observer|Guardian|Observer|AAP|UPI|Kremlin|Planet\ Labs|Maxar\ Technologies)")
_PAREN_CREDIT = re.compile(
    r"""\(\s*(?=[^()]{2,200}\))
        (?:AP\ Photo\b|[^()]*?(?:\bvia\ (?:AP|Getty\ Images|Reuters|REUTERS)\b|\bGetty\ Images\b|\bShutterstock\b
                            |\bPhoto(?:graph)?s?\ (?:by|courtesy)\b|\b(?:Photo|Image|Picture|Credit)\s*:))
        [^()]*\)""",
    re.VERBOSE,
)
# A credit ending "/Getty Images" or "via Getty Images" without brackets ("…China. Anna Moneymaker/Getty Images He…"):
# its start is found by walking back over the credit's words.
_GETTY_END = re.compile(r"(?:/\s*|\bvia\s+)Getty\s+Images\b\)?")
_CREDIT_TOKEN = re.compile(r"[A-Z0-9][\w.'’&-]*|/|\||via|by:?|of|de|Photo(?:grapher)?:?")
_CREDIT_MAX_TOKENS = 12
# The Guardian's "Photograph: Name/Agency/Agency" with no closing mark: its end is found word by word.
_PHOTOGRAPH = re.compile(r"\bPhotograph:\s+")
_CREDIT_WORD = re.compile(r"\s*([^\s/]+)(\s*/)?")  # a word of a credit, and the slash after it if any
_SLASH = re.compile(r"\s*/\s*")
_AGENCY_AT = re.compile(rf"{_AGENCY}(?=\s|$)", re.VERBOSE)
_CREDIT_MAX_WORDS = 4

# "Read more" link prompts, to the end of their sentence, a "here" that closes them, or just the marker before a glued headline.
_READ_MORE = re.compile(
    r"""(?:(?<![\w,])(?:Read\ more|READ\ MORE)|\b(?:You\ can|[Cc]lick\ here\ to)\ read\ more)
        (?=\s*[:>-]|\s+(?:here|at|about|on|of|from|in)\b|\s*$)
        (?:\s*[:-]
         | (?:[^.!?\n]|\.(?=\w)){0,150}?(?:\bhere\b[.:]?(?=\s+["'A-Z]|\s*$)|[.!?]+(?=\s|$)|>+\S*|\*\*|(?=\s*$)))""",
    re.VERBOSE,
)
# A call to follow the outlet's own channel inside a sentence: "For all the latest updates, follow our live blog here".
_CHANNEL_CALL = re.compile(
    r"""\b(?:[Cc]lick\ here|[Ss]ign\ up\ here
         | (?:[Ff]ollow|[Ss]ign\ up|[Ss]ubscribe|(?:[Kk]eep|[Ss]tay)\ up\ to\ date)\b[^.!?"]{0,80}?
           \b(?:our|the\ [A-Z]\w+'s)\s+(?:[\w-]+\s+){0,4}?(?:live\ blog|blog|live\ page|newsletters?|bulletin))\b""",
    re.VERBOSE,
)
_CHANNEL_CALL_MAX_LEAD = 150
# Words every match of _CHANNEL_CALL holds, so that only the sentences holding one are searched (for speed).
_CHANNEL_CALL_WORDS = ("lick here", "ign up", "ollow", "ubscribe", "up to date")
# A teaser question for the outlet's news: "Want all the latest news and analysis from Ukraine?"
_TEASER = re.compile(r"(?<![\w,;'\"(-])Want\ (?:all\ )?the\ latest\b[^.!?]{0,100}\?")
_APPEAL_WORDS = (
    r"Sign(?:ing)?\ up", r"SIGN\ UP", "Subscribe", "SUBSCRIBE", "Follow", "FOLLOW", "Click", "CLICK", "Tap", "Download",
    "Listen", "Watch", "Find", "Get", "Send", "Email", "E-mail", r"Check\ out", r"Go\ to", "Visit", "Join", r"Never\ miss",
    r"Don't\ miss", r"Be\ the\ first", r"Like\ what", r"If\ you\ have\ a\ story", r"The\ (?:\w+'s\ )?newsletter\ (?:is|brings)",
)
# The lookahead for the first letters (each word above starts with its letter) only makes the search faster.
_APPEAL_START = re.compile(
    rf"""(?=[_{"".join(sorted({word[0] for word in _APPEAL_WORDS}))}])(?<![\w,;'"(-])(?:_{{3}}\s*)?(?:
        (?:{"|".join(_APPEAL_WORDS)})\b
    )""",
    re.VERBOSE,
)
# Where an appeal ends: its own sentence end, or a channel word right before the next sentence glued to it.
_APPEAL_END = re.compile(
    r"""(?:[.!?]+["')]*(?=\s|$)
        | (?:\b(?:here|HERE|newsletter|bulletin|Bulletin|briefing|inbox|email|blog|updates|app|podcasts?|BST|GMT
                |Facebook|Twitter|Instagram|YouTube|Telegram|TikTok):?|@\w+|\d(?:[.:]\d\d)?\s?[ap]m)(?=\s+["'A-Z]|\s*$)
        | (?:\S+\.(?:com|co\.uk|org)\S*|>>|\*\*)(?=\s|$)
        | (?=\s*$))""",
    re.VERBOSE,
)
_CHANNEL = re.compile(
    r"""\b(?:newsletters?|bulletin|briefing|inbox|e-?mail|podcasts?|app|live\ blog|blog|latest\ updates|live\ updates
        |coverage|Facebook|Twitter|Instagram|YouTube|Telegram|TikTok|here|HERE|free\ trial|promo\ code|subscription)\b
        | @\w | https?:// | www\. | \.com\b | \.co\.uk\b""",
    re.VERBOSE,
)
_APPEAL_MAX_CHARS = 400

_ORG_WORD = r"(?:(?:Inc|Ltd|Co|Corp|Bros|LLC|Plc|PLC)\.|[A-Z0-9][\w&'’-]*|a|an|of|the|and|for)"
# A copyright notice standing on its own (not quoted): "© 2022 BBC.", "(© Copyright 2022 CBS Broadcasting Inc. All Rights Reserved."
_COPYRIGHT = re.compile(
    rf"""(?<![\w"'’“])(?:\(\s*)?(?:The-CNN-Wire\s*™?\s*&\s*)?(?:©|\(c\)|Copyright)\s*(?:Copyright\s*)?\d{{4}}
           (?:,?\s*{_ORG_WORD}){{1,12}}\.?(?:\s*All\ [Rr]ights\ [Rr]eserved\.?)?
      | (?<=[.!?]\s)All\ [Rr]ights\ [Rr]eserved\.
      | \bThis\ material\ may\ not\ be\ published,\ broadcast,\ rewritten,?\ or\ redistributed\.?""",
    re.VERBOSE,
)
_EXTERNAL_LINKING = re.compile(
    r"""(?:(?:The\ )?[A-Z][\w&'-]*(?:\ [A-Z][\w&'-]*){0,3}\ (?:is|are)\ not\ responsible\ for\ the\ content\ of\ external
          \ (?:internet\ )?(?:web)?sites\.?
          (?:\s*Read\ about\ our\ approach\ to\ external\ linking\.?)?
      | Read\ about\ our\ approach\ to\ external\ linking\.?)""",
    re.VERBOSE,
)
_NAME = r"(?:[A-Z]\.|[A-Z](?:[\w'’-]*[\w'’])?)"
_NAME_WORD = rf"(?:{_NAME}|and|in|of|from|the|de|da|van|von|al|bin|ibn|la|le)"
_NAMES = rf"{_NAME},?(?:\s+{_NAME_WORD},?){{0,30}}?"
_CONTRIBUTED_TO = (r"\s+(?:to\s+this\s+(?:report|story|piece|article)\b(?!['’])|(?:additional\s+)?(?:reporting|research)\b)"
                   r"(?:\s+(?:from|in)\s+[A-Z][\w.'’ ,-]{0,40}?)?(?:,\s+as\s+well\s+as\s+[^.]{1,60}\.)?")
# "The Associated Press contributed to this report." / AP's "___ Jane Doe in Kyiv contributed."
_CONTRIBUTOR_NOTE = re.compile(  # (the lookahead for the first character only makes the search faster)
    rf"(?=[_A-Z])(?<![\w,;'’])(?:_{{3}}\s*{_NAMES}\s+contributed(?:{_CONTRIBUTED_TO})?|{_NAMES}\s+contributed{_CONTRIBUTED_TO})"
    r"\s*\.?\)?(?=\s|$)"
)

# Embeds: an Instagram post's credit line (its handle, then the date and time it was posted when the scrape kept
# them), a graphic's lone "Interactive" label between two sentences, and a related-link marker.
_EMBED = re.compile(
    r"""\bA\ post\ shared\ by\ [^()\n]{1,80}?\(@[\w.]{1,40}\)
          (?:\ on\ [A-Z][a-z]{2,8}\.?\ \d{1,2},\ \d{4}\ at\ \d{1,2}:\d{2}\s?[ap]m(?:\ [A-Z]{2,4})?)?
      | (?<=[.!?"\u201d\u2019)]\ )Interactive(?:\ Interactive)*(?=\ ["\u201cA-Z])
      | (?<![\w-])(?:Related|RELATED):(?=\ )""",
    re.VERBOSE,
)

_WORDS = re.compile(r"\w+")
MIN_ARTICLES = 10
MIN_SHARE = 0.8
MIN_WORDS = 4


@dataclass(frozen=True, order=True)
class Fragment:
    """A span ``text[start:end]`` removed by ``rule``."""

    start: int
    end: int
    rule: str


# ------------------------------------------------------------------------ rules


def _holding(text: str, sentences: Iterable[tuple[int, int]], words: tuple[str, ...]) -> list[tuple[int, int]]:
    """The ``sentences`` (``(start, end)`` offsets into ``text``) that hold one of ``words`` whole.

    A pattern each match of which holds one of ``words`` can only match in these;
    they are found without slicing every sentence, which is most of the time of a
    rule that searches each sentence.
    """
    found = sorted((at, at + len(word)) for word in words for at in _occurrences(text, word))
    if not found:
        return []
    starts = [at for at, _ in found]
    holding = []
    for start, end in sentences:
        k = bisect_left(starts, start)
        while k < len(found) and found[k][0] < end:
            if found[k][1] <= end:
                holding.append((start, end))
                break
            k += 1
    return holding


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _name_end(text: str, start: int) -> int:
    """End of one name in a credit: up to a slash within four words, else its capitalised words.

    Without a slash the name stops before a capitalised word followed by a lower-case
    one, the first words of the sentence glued after the credit ("…Taylor-Lind Slava was…").
    """
    words = list(islice(_CREDIT_WORD.finditer(text, start), _CREDIT_MAX_WORDS + 1))
    to_slash = next((w.end(1) for w in words[:_CREDIT_MAX_WORDS] if w.group(2)), None)
    if to_slash is not None:
        return to_slash
    end = start
    for i, word in enumerate(words[:_CREDIT_MAX_WORDS]):
        following = words[i + 1].group(1) if i + 1 < len(words) else ""
        if i and (not word.group(1)[:1].isupper() or following[:1].islower()):
            break
        end = word.end(1)
    return end


def _credit_end(text: str, start: int) -> int:
    """End of a "Photograph: Name/Agency/Agency" credit whose names begin at ``start``, segment by segment."""
    end = start
    while True:
        agency = _AGENCY_AT.match(text, end)
        end = agency.end() if agency else _name_end(text, end)
        slash = _SLASH.match(text, end)
        if not slash:
            return end
        end = slash.end()


def _photograph_credits(text: str) -> Iterator[tuple[int, int]]:
    for match in _PHOTOGRAPH.finditer(text):
        yield match.start(), _credit_end(text, match.end())


def _getty_credits(text: str) -> Iterator[tuple[int, int]]:
    """Unbracketed "Name/Getty Images" credits: back from the agency over capitalised words, slashes, "Photo by"."""
    for match in _GETTY_END.finditer(text):
        start = match.start()
        for _ in range(_CREDIT_MAX_TOKENS):
            previous = text[:start].rstrip()
            token = previous.rsplit(None, 1)[-1] if previous else ""
            token = token.rsplit("/", 1)[-1] or "/"
            if not _CREDIT_TOKEN.fullmatch(token) or (token[-1] in ".!?" and len(token) > 2):
                break
            start = len(previous) - len(token)
        yield start, match.end()


def _credit_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every photo credit, in text order, overlaps merged."""
    spans = [m.span() for m in _PAREN_CREDIT.finditer(text)]
    if "Getty" in text:
        spans += _getty_credits(text)
    if "Photograph:" in text:
        spans += _photograph_credits(text)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _caption_before(text: str, region_start: int, credit_start: int) -> Fragment | None:
    """The caption a credit closes: back to its dateline sentence (at most four), else its last sentence."""
    region = text[region_start:credit_start]
    sentences = sentence_spans(region)
    if not sentences:
        return None
    recent = sentences[-_CAPTION_MAX_SENTENCES:]
    first = next((s for s, e in reversed(recent) if _CAPTION_OPENER.search(region[s:e])), recent[-1][0])
    return Fragment(region_start + first, region_start + sentences[-1][1], IMAGE_CAPTION)


def credits_and_captions(text: str) -> list[Fragment]:
    """Photo credits and the captions they close."""
    fragments: list[Fragment] = []
    previous_end = 0
    for start, end in _credit_spans(text):
        caption = _caption_before(text, previous_end, start)
        if caption is not None:
            fragments.append(caption)
        fragments.append(Fragment(start, end, PHOTO_CREDIT))
        previous_end = end
    return fragments


def dateline_captions(text: str, sentences: Iterable[tuple[int, int]]) -> list[Fragment]:
    """Caption sentences without a credit: a photo dateline closes them (``…, Kyiv, Ukraine, Friday, April 1, 2022.``)."""
    return [Fragment(s, e, IMAGE_CAPTION) for s, e in _holding(text, sentences, _WEEKDAYS)
            if _CAPTION_DATELINE.search(text[s:e])]


def appeals(text: str, sentences: Iterable[tuple[int, int]]) -> list[Fragment]:
    """Calls to sign up, follow, click, download or read more that name a channel."""
    fragments = [Fragment(*m.span(), APPEAL) for m in _READ_MORE.finditer(text)] if "ead more" in text or "READ MORE" in text else []
    fragments += [Fragment(*m.span(), APPEAL) for m in _TEASER.finditer(text)] if "Want " in text else []
    for start in _APPEAL_START.finditer(text):
        end = _APPEAL_END.search(text, start.end(), start.start() + _APPEAL_MAX_CHARS)
        if end is not None and _CHANNEL.search(text, start.start(), end.end()):
            fragments.append(Fragment(start.start(), end.end(), APPEAL))
    for sentence_start, sentence_end in _holding(text, sentences, _CHANNEL_CALL_WORDS):
        call = _CHANNEL_CALL.search(text, sentence_start, sentence_end)
        if call and call.start() - sentence_start <= _CHANNEL_CALL_MAX_LEAD:
            end = _APPEAL_END.search(text, text.rfind(" ", call.start(), call.end()) + 1, sentence_end)
            fragments.append(Fragment(sentence_start, end.end() if end else sentence_end, APPEAL))
    return fragments


def _pattern_fragments(pattern: re.Pattern[str], rule: str, keywords: tuple[str, ...]) -> Callable[[str], list[Fragment]]:
    """A rule that removes every match of ``pattern``, tried only on texts holding one of ``keywords`` (for speed)."""

    def find(text: str) -> list[Fragment]:
        if not any(keyword in text for keyword in keywords):
            return []
        return [Fragment(*m.span(), rule) for m in pattern.finditer(text)]

    find.__doc__ = f"Fragments of ``text`` the ``{rule}`` rule removes."
    return find


copyright_lines = _pattern_fragments(_COPYRIGHT, COPYRIGHT, ("©", "(c)", "Copyright", "eserved.", "This material"))
external_linking_notes = _pattern_fragments(_EXTERNAL_LINKING, EXTERNAL_LINKING, ("external",))
contributor_notes = _pattern_fragments(_CONTRIBUTOR_NOTE, CONTRIBUTOR_NOTE, ("contributed",))
embeds = _pattern_fragments(_EMBED, EMBED, ("post shared", "Interactive", "elated:", "ELATED:"))


def furniture_spans(text: str, *, sentences: list[tuple[int, int]] | None = None) -> list[Fragment]:
    """Every fragment of ``text`` an in-text rule finds, sorted; fragments of different rules may overlap.

    ``sentences`` are the ``(start, end)`` of the sentences of ``text`` when the caller
    has them (:func:`analysis.text.splitter.sentence_spans`), to avoid splitting twice.
    """
    sentences = sentence_spans(text) if sentences is None else sentences
    fragments = [
        *credits_and_captions(text),
        *dateline_captions(text, sentences),
        *appeals(text, sentences),
        *copyright_lines(text),
        *external_linking_notes(text),
        *contributor_notes(text),
        *embeds(text),
    ]
    return sorted(fragments)


# ----------------------------------------------------------------- repetition rule


def _check_articles(articles: pd.DataFrame, columns: Collection[str]) -> None:
    missing = [c for c in columns if c not in articles.columns]
    if missing:
        raise CorpusError(f"articles lack column(s) {missing}; pass the table analysis.load_corpus returns "
                          f"(its columns include doc_id, source and text).")


@returns("repeated_fragments")
def repeated_fragments(
    articles: pd.DataFrame,
    *,
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
    min_words: int = MIN_WORDS,
    by: str = "source",
) -> pd.DataFrame:
    """Sentences repeated verbatim across many articles of one outlet: boilerplate shows itself by repetition.

    A sentence (as :func:`analysis.text.splitter.sentence_spans` splits it) of at least
    ``min_words`` words is boilerplate for an outlet when it occurs in at least
    ``min_articles`` of the outlet's articles and at least ``min_share`` of all the
    articles holding it are the outlet's. So a sentence found once in the corpus
    never is, nor a quote several outlets repeat, nor text shared across outlets only.
    ``source`` holds the ``by`` column; ``fragment`` is the sentence.
    """
    if min_articles < 2 or not 0 < min_share <= 1 or min_words < 1:
        raise CorpusError(f"min_articles={min_articles}, min_share={min_share}, min_words={min_words}: a fragment "
                          "must repeat (min_articles >= 2), min_share must lie in (0, 1] and min_words be >= 1.")
    _check_articles(articles, ("doc_id", "text", by))
    texts, sources = articles["text"].tolist(), articles[by].tolist()
    sentences = [sentence_spans(text) for text in texts]
    digests = [_digests(text, spans) for text, spans in zip(texts, sentences, strict=True)]
    return _boilerplate(texts, sources, sentences, digests, min_articles=min_articles, min_share=min_share,
                        min_words=min_words)


def _digests(text: str, sentences: list[tuple[int, int]]) -> np.ndarray:
    """A 64-bit digest of each sentence (CRC-32 and Adler-32 of its UTF-8): equal sentences have equal digests."""
    values = []
    for start, end in sentences:
        data = text[start:end].encode("utf-8", "surrogatepass")
        values.append(zlib.crc32(data) << 32 | zlib.adler32(data))
    return np.array(values, dtype=np.uint64)


def _boilerplate(texts: list[str], sources: list[object], sentences: list[list[tuple[int, int]]], digests: list[np.ndarray],
                 *, min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE, min_words: int = MIN_WORDS) -> pd.DataFrame:
    """The :func:`repeated_fragments` table of the articles, from their sentences and the :func:`_digests` of these.

    The digests find the sentences that may occur in ``min_articles`` articles of an
    outlet (two sentences sharing a digest only add to the work); only those are
    then counted as text, so the result is exact. Rows that tie on ``n_articles``
    follow the order in which their sentences first occur.
    """
    candidates = _repeated_digests(sources, digests, min_articles)
    holders: dict[str, dict[object, int]] = {}  # for each sentence, how many articles of each outlet hold it
    if len(candidates):
        lengths = np.array([len(d) for d in digests], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        hits = np.flatnonzero(np.isin(np.concatenate(digests), candidates))  # positions in all the sentences
        articles = np.searchsorted(starts, hits, side="right") - 1
        seen: set[tuple[int, str]] = set()
        for i, at in zip(articles.tolist(), (hits - starts[articles]).tolist(), strict=True):
            start, end = sentences[i][at]
            sentence = texts[i][start:end]
            if (i, sentence) not in seen:
                seen.add((i, sentence))
                counts = holders.setdefault(sentence, {})
                counts[sources[i]] = counts.get(sources[i], 0) + 1
    rows = []
    for sentence, counts in holders.items():
        total = sum(counts.values())
        rows += [(source, sentence, n, total - n) for source, n in counts.items()
                 if n >= min_articles and n >= min_share * total and len(_WORDS.findall(sentence)) >= min_words]
    table = pd.DataFrame(rows, columns=REPEATED_COLUMNS).sort_values(["source", "n_articles"], ascending=[True, False])
    return conform(table.reset_index(drop=True), "repeated_fragments")


def _may_repeat(sources: Iterable[object], min_articles: int = MIN_ARTICLES) -> bool:
    """Whether an outlet has ``min_articles`` articles, so that a sentence of its can be boilerplate."""
    return max(Counter(sources).values(), default=0) >= min_articles


def _repeated_digests(sources: list[object], digests: list[np.ndarray], min_articles: int) -> np.ndarray:
    """The sentence digests that at least ``min_articles`` articles of one outlet hold (each article counted once)."""
    if not _may_repeat(sources, min_articles) or not sum(map(len, digests)):
        return np.empty(0, dtype=np.uint64)
    codes, _ = pd.factorize(pd.Series(sources, dtype=object), use_na_sentinel=False)
    article = np.repeat(np.arange(len(digests)), [len(d) for d in digests])
    digest = np.concatenate(digests)
    order = np.lexsort((digest, article))
    article, digest = article[order], digest[order]
    distinct = np.r_[True, (article[1:] != article[:-1]) | (digest[1:] != digest[:-1])]
    source, digest = codes[article[distinct]], digest[distinct]
    order = np.lexsort((digest, source))
    source, digest = source[order], digest[order]
    starts = np.flatnonzero(np.r_[True, (source[1:] != source[:-1]) | (digest[1:] != digest[:-1])])
    counts = np.diff(np.r_[starts, len(digest)])
    return np.unique(digest[starts[counts >= min_articles]])


def repeated_spans(text: str, boilerplate: Collection[str], *, sentences: list[tuple[int, int]] | None = None) -> list[Fragment]:
    """The sentences of ``text`` that are in ``boilerplate`` (one outlet's :func:`repeated_fragments`)."""
    if not boilerplate:
        return []
    sentences = sentence_spans(text) if sentences is None else sentences
    return [Fragment(s, e, REPEATED_BOILERPLATE) for s, e in sentences if text[s:e] in boilerplate]


# ------------------------------------------------------------------------ removal


def _merge_same_rule(text: str, spans: Iterable[Fragment]) -> list[Fragment]:
    """Spans of one rule that overlap or are separated by whitespace only, joined; sorted."""
    merged: list[Fragment] = []
    for fragment in sorted(spans, key=lambda f: (f.rule, f.start)):
        if (merged and merged[-1].rule == fragment.rule
                and (fragment.start <= merged[-1].end or not text[merged[-1].end:fragment.start].strip())):
            merged[-1] = Fragment(merged[-1].start, max(merged[-1].end, fragment.end), fragment.rule)
        else:
            merged.append(fragment)
    return sorted(merged)


def _resolve_overlaps(text: str, spans: Iterable[Fragment]) -> list[Fragment]:
    """Fragments that do not overlap: where two rules' fragments do, the rule earlier in :data:`RULES` keeps the overlap."""
    resolved: list[Fragment] = []
    for fragment in sorted(_merge_same_rule(text, spans), key=lambda f: (_PRECEDENCE[f.rule], f.start)):
        pieces = [(fragment.start, fragment.end)]
        for other in resolved:
            pieces = [p for s, e in pieces for p in ((s, min(e, other.start)), (max(s, other.end), e)) if p[0] < p[1]]
        resolved += [Fragment(s, e, fragment.rule) for s, e in pieces]
    return _merge_same_rule(text, resolved)


def _blocks(text: str, fragments: list[Fragment]) -> Iterator[list[Fragment]]:
    """Runs of fragments with nothing but whitespace between them."""
    block: list[Fragment] = []
    for fragment in fragments:
        if block and text[block[-1].end:fragment.start].strip():
            yield block
            block = []
        block.append(fragment)
    if block:
        yield block


def _absorb_whitespace(text: str, fragments: list[Fragment]) -> list[Fragment]:
    """Give removed fragments the whitespace that would otherwise double up around them.

    Fragments separated by whitespace only form a block and take the whitespace
    between them. Around a block, the wider separator (a paragraph break beats a
    line break beats spaces) is kept and the other removed; at the start or end of
    the text both are removed.
    """
    absorbed: list[Fragment] = []
    for block in _blocks(text, fragments):
        starts = [f.start for f in block]
        ends = [nxt.start for nxt in block[1:]] + [block[-1].end]
        before = len(text[:starts[0]].rstrip())
        after = len(text) - len(text[ends[-1]:].lstrip())
        at_edge = before == 0 or after == len(text)
        if at_edge or _separator_width(text[ends[-1]:after]) <= _separator_width(text[before:starts[0]]):
            ends[-1] = after
        if at_edge or ends[-1] != after:
            starts[0] = before
        absorbed += [Fragment(s, e, f.rule) for s, e, f in zip(starts, ends, block, strict=True)]
    return absorbed


def _separator_width(whitespace: str) -> tuple[int, int, int]:
    return whitespace.count("\n\n"), whitespace.count("\n"), len(whitespace)


def remove_fragments(text: str, spans: Iterable[Fragment]) -> tuple[str, list[Fragment]]:
    """``text`` without ``spans``, and the fragments removed.

    Overlapping spans are resolved by rule precedence (:data:`RULES`); each removed
    fragment also takes the whitespace that would double up where it was, so the
    kept text reads cleanly and ``len(kept) + sum(f.end - f.start for f in removed)
    == len(text)``. The removed fragments are sorted, never overlap, and their
    offsets are into ``text``.
    """
    removed = _absorb_whitespace(text, _resolve_overlaps(text, spans))
    kept, position = [], 0
    for fragment in removed:
        kept.append(text[position:fragment.start])
        position = fragment.end
    kept.append(text[position:])
    return "".join(kept), removed


def clean_texts(
    articles: pd.DataFrame,
    *,
    boilerplate: pd.DataFrame | None = None,
    in_text: bool = True,
    by: str = "source",
    n_jobs: int = 1,
) -> tuple[pd.Series, pd.DataFrame]:
    """Remove furniture from every article: the in-text rules (unless ``in_text`` is False), then ``boilerplate`` sentences.

    ``boilerplate`` is a :func:`repeated_fragments` table; None computes it on
    ``articles`` with the default options; an empty table skips the repetition rule.
    ``n_jobs`` processes split the texts into sentences and find the in-text
    furniture of a large corpus (the result is the same for any number).

    Returns the kept texts (a string Series aligned on ``articles.index``) and the
    fragment report (table ``fragments`` of :mod:`analysis.core.schema`: offsets into each
    article's text as given, ``text[start:end] == fragment``, ``rule`` one of
    :data:`RULES`). Per article, kept length + fragment lengths == text length.
    """
    _check_articles(articles, ("doc_id", "text", by))
    doc_ids, sources, texts = articles["doc_id"].tolist(), articles[by].tolist(), articles["text"].tolist()
    count = boilerplate is None and _may_repeat(sources)
    keep = count or (boilerplate is not None and len(boilerplate) > 0)  # the repetition rule needs the sentences
    chunks = size_chunks([len(text) if isinstance(text, str) else 0 for text in texts], n_jobs, min_size=MIN_PARALLEL_CHARS)
    found = list(parallel_map(partial(_find_in_chunk, in_text=in_text, count=count, keep=keep),
                              [texts[chunk] for chunk in chunks], n_jobs=n_jobs))
    sentences, furniture, digests = ([item for chunk in found for item in chunk[k]] for k in range(3))
    if boilerplate is None:
        boilerplate = _boilerplate(texts, sources, sentences, digests)
    by_source: Mapping[str, set[str]] = boilerplate.groupby("source")["fragment"].agg(set).to_dict() if len(boilerplate) else {}
    kept_texts, rows = [], []
    for doc_id, source, text, spans, in_text_spans in zip(doc_ids, sources, texts, sentences, furniture, strict=True):
        kept, removed = remove_fragments(text, in_text_spans + repeated_spans(text, by_source.get(source, ()), sentences=spans))
        kept_texts.append(kept)
        rows += [(doc_id, f.start, f.end, f.rule, text[f.start:f.end]) for f in removed]
    report = conform(pd.DataFrame(rows, columns=FRAGMENT_COLUMNS), "fragments")
    return pd.Series(string_array(kept_texts), index=articles.index), report


#: Texts shorter than this in all are read in this process: starting others would cost more than it saves.
MIN_PARALLEL_CHARS = 2_000_000


def _find_in_chunk(texts: list[str], *, in_text: bool, count: bool,
                   keep: bool) -> tuple[list[list[tuple[int, int]]], list[list[Fragment]], list[np.ndarray]]:
    """For consecutive articles: the sentences of each (if ``keep``, else none: a long text's are many), its
    in-text furniture (if ``in_text``) and the :func:`_digests` of its sentences (if ``count``)."""
    sentences, furniture, digests = [], [], []
    for text in texts:
        if keep or count or (in_text and len(text) < _LONG_TEXT):
            spans: Iterable[tuple[int, int]] = sentence_spans(text)
        else:
            spans = _SpanRows(sentence_span_array(text)) if in_text else []
        furniture.append(furniture_spans(text, sentences=spans) if in_text else [])
        digests.append(_digests(text, spans) if count else _NO_DIGESTS)
        sentences.append(spans if keep else [])
        del spans
    return sentences, furniture, digests


_NO_DIGESTS = np.empty(0, dtype=np.uint64)
#: A text this long has its sentences held as one array while furniture is looked for, not as a list of tuples.
_LONG_TEXT = 1 << 20


class _SpanRows:
    """The rows of an ``(n, 2)`` array of sentence spans, read as ``(start, end)`` tuples a block at a time."""

    def __init__(self, spans: np.ndarray) -> None:
        self.spans = spans

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for start in range(0, len(self.spans), 1 << 16):
            yield from map(tuple, self.spans[start:start + (1 << 16)].tolist())


def restore_text(kept: str, fragments: Iterable[tuple[int, int, str]]) -> str:
    """The text fragments were removed from: ``kept`` with each ``(start, end, fragment)`` put back in place.

    ``fragments`` are one article's rows of the fragment report in text order; the
    inverse of :func:`remove_fragments`, so a report can be checked against the text read.
    """
    parts, position, removed = [], 0, 0
    for start, end, fragment in fragments:
        parts += [kept[position:start - removed], fragment]
        position = start - removed
        removed += end - start
    parts.append(kept[position:])
    return "".join(parts)


@returns("furniture_by_source")
def furniture_by_source(report: pd.DataFrame, articles: pd.DataFrame, *, by: str = "source") -> pd.DataFrame:
    """What furniture removal took from each outlet, per rule: the data of the overview's cleaning chart.

    ``report`` is the fragment report and ``articles`` the articles *after* removal
    (as :func:`analysis.load_corpus` gives them, or with :func:`clean_texts`'s kept
    texts): an outlet's characters are those of its kept texts plus those removed.
    ``source`` holds the ``by`` column; outlets without a removal have no row.
    """
    _check_articles(articles, ("doc_id", "text", by))
    groups = articles[by].astype("string").fillna(MISSING_SOURCE)
    table = report.assign(source=report["doc_id"].map(pd.Series(groups.to_numpy(), index=articles["doc_id"])),
                          n_chars=report["end"] - report["start"])
    read = articles["text"].str.len().groupby(groups).sum().add(table.groupby("source")["n_chars"].sum(), fill_value=0)
    summary = (table.groupby(["source", "rule"])
               .agg(n_fragments=("doc_id", "size"), n_articles=("doc_id", "nunique"), n_chars=("n_chars", "sum"))
               .reset_index())
    summary["share_of_chars"] = summary["n_chars"] / summary["source"].map(read)
    return conform(summary, "furniture_by_source")
