"""Each article's language, and which articles the English-only measures read.

The measures that rest on English word lists (VADER's lexicon, the stopwords, the
news reporting words, the actor aliases, the speech verbs of quotations) would
score German or Russian text as if it were English: German sentences starting
with "die" get a negative tone, Russian ones all score 0, German stopwords top the
term lists. So every article gets a ``language`` and only English articles go
into those measures; the others stay in the corpus and are counted.

A language the data states (a table's ``language`` column, a manifest's, an HTML
page's ``lang``) is kept. Otherwise it is detected with py3langid (a
naive-Bayes model over byte n-grams of 97 languages, shipped inside the package:
nothing is downloaded), on the first :data:`SAMPLE_CHARS` characters of the text.
A text too short or too mixed to tell (the best language's probability under
:data:`MIN_PROBABILITY`) is ``und`` (undetermined) and is left out of the
English-only measures too. ``language="en"`` (or any ISO 639-1 code) instead
takes every article whose language is not stated to be in that language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.core.errors import CorpusError
from analysis.core.schema import MISSING_SOURCE

#: Detect every article whose language the data does not state (``language=`` default).
DETECT = "detect"
#: The language of the English-only measures.
ENGLISH = "en"
#: ISO 639's code for a language that cannot be told.
UNDETERMINED = "und"
#: Characters of the text the detector reads (the opening of an article tells its language).
SAMPLE_CHARS = 1_000
#: Below this probability of the best language, the language is ``und``.
MIN_PROBABILITY = 0.5
#: Fewer letters than this cannot be told apart reliably: ``und``.
MIN_LETTERS = 12
_CODE = re.compile(r"^[a-z]{2,3}$")
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier with normalised probabilities, loaded once per process (its model ships with it)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or ``und`` when it is too short or unclear to tell."""
    sample = str(text)[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    code, probability = _identifier().classify(sample)
    return code if probability >= MIN_PROBABILITY else UNDETERMINED


def check_language_option(language: str) -> str:
    """``language`` as given to ``load_corpus``: ``"detect"`` or a lower-case ISO 639 code; CorpusError otherwise."""
    chosen = str(language).strip().lower()
    if chosen != DETECT and not _CODE.match(chosen):
        raise CorpusError(f"language={language!r}: give 'detect' (find each article's language) or the ISO 639-1 code "
                          "every article without a stated language is in, e.g. language='en'.")
    return chosen


def fill_languages(stated: Iterable[Any], texts: Iterable[str], language: str = DETECT) -> pd.Series:
    """Each article's language: the one stated (lower-cased), else ``language``'s code, else detected from its text."""
    chosen = check_language_option(language)
    filled = []
    for code, text in zip(stated, texts, strict=True):
        if isinstance(code, str) and code.strip():
            stated_code = code.strip().lower()
            filled.append(ENGLISH if stated_code == "english" else stated_code)
        else:
            filled.append(detect_language(text) if chosen == DETECT else chosen)
    return pd.Series(filled, dtype="string")


def is_english(articles: pd.DataFrame) -> pd.Series:
    """Which ``articles`` the English-only measures read: ``language`` ``en`` (``en-GB`` too), or missing
    (a table made by hand without the column counts as English, as every measure assumed before)."""
    if "language" not in articles.columns:
        return pd.Series(True, index=articles.index)
    language = articles["language"].astype("string").str.lower()
    return (language.isna() | (language == ENGLISH) | language.str.startswith(ENGLISH + "-")).fillna(True).astype(bool)


def languages_by_source(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles per source and language, English first, then by count.

    Returns
    -------
    DataFrame, one row per source and language, with columns
        ``source`` (string, missing sources as ``(unknown source)``), ``language``
        (string, ISO 639-1; ``und`` undetermined), ``n_articles`` (int), ``english_only``
        (bool: the English-only measures read these articles).
    """
    table = pd.DataFrame({"source": articles["source"].astype("string").fillna(MISSING_SOURCE),
                          "language": articles["language"].astype("string").fillna(UNDETERMINED)
                          if "language" in articles.columns else pd.Series(ENGLISH, index=articles.index, dtype="string"),
                          "english_only": is_english(articles)})
    counts = table.groupby(["source", "language", "english_only"]).size().rename("n_articles").reset_index()
    counts = counts.sort_values(["source", "english_only", "n_articles", "language"], ascending=[True, False, False, True],
                                ignore_index=True)
    return counts[["source", "language", "n_articles", "english_only"]].astype({"n_articles": "int64"})


def left_out_sentence(articles: pd.DataFrame, measures: str) -> str:
    """A methods-note sentence: how many articles, in which languages, ``measures`` (e.g. "the tone scores")
    leave out as not English; "" when every article is English."""
    other = articles.loc[~is_english(articles)]
    if other.empty:
        return ""
    by_language = other["language"].astype("string").fillna(UNDETERMINED).value_counts()
    languages = ", ".join(f"{n:,} {code}" for code, n in by_language.items())
    undetermined = f", {UNDETERMINED} = too short or mixed to tell" if UNDETERMINED in by_language.index else ""
    sources = articles["source"].astype("string").fillna(MISSING_SOURCE)
    english_sources = set(sources[is_english(articles)])
    gone = sorted(set(sources[other.index]) - english_sources)
    outlets = f" No article of {', '.join(gone[:10])}{'…' if len(gone) > 10 else ''} is in English." if gone else ""
    return (f"{len(other):,} of {len(articles):,} articles are not in English ({languages}; detected with py3langid "
            f"where the data does not say{undetermined}) and are left out of {measures}, which rest on English "
            f"word lists; they are counted in the overview.{outlets}")
