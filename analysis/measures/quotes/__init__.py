"""Quotations: who gets to speak, in whose words, and in which outlet.

:mod:`.speech` (the editable speech-word lists), :mod:`.marks` (quotation marks paired into
spans), :mod:`.extract` (:func:`find_quotes`: quotations and their speakers, with the rules),
:mod:`.evaluate` (against hand labels) and :mod:`.tables` (:func:`quote_counts`,
:func:`quote_tone`, :func:`longest_quotes`, :func:`candidate_speakers`: tidy report tables without I/O) and
:mod:`.speakers` (the people quoted, by name, listed or not).
"""

from analysis.measures.quotes.evaluate import match_labelled, quote_scores
from analysis.measures.quotes.extract import KINDS, QUOTE_COLUMNS, find_quotes
from analysis.measures.quotes.speech import SpeechWords, load_speech_words
from analysis.measures.quotes.tables import (
    OTHER_SPEAKERS,
    UNNAMED_SPEAKERS,
    candidate_speakers,
    longest_quotes,
    quote_counts,
    quote_tone,
    speaker_persons,
)

__all__ = ["KINDS", "OTHER_SPEAKERS", "QUOTE_COLUMNS", "UNNAMED_SPEAKERS", "SpeechWords", "candidate_speakers", "find_quotes",
           "load_speech_words", "longest_quotes", "match_labelled", "quote_counts", "quote_scores", "quote_tone", "speaker_persons"]
