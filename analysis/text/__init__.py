"""Text: normalising, sentences, word tokens and the VADER scorer — string functions every later layer uses.

:mod:`.normalize` (one form of quotes, dashes and spaces), :mod:`.splitter` (rule-based
sentences with offsets), :mod:`.tokens` (words, counts, stopwords, stems) and :mod:`.vader`
(VADER's scores, exactly, faster). Everything is data-free: word lists are shipped in
``analysis/resources``.
"""

from analysis.text.normalize import normalize_text
from analysis.text.splitter import PARAGRAPH_SEPARATOR, sentence_spans, split_sentences
from analysis.text.tokens import count_words, has_words, load_stopwords, stem_word, tokenize, tokens_table

__all__ = ["PARAGRAPH_SEPARATOR", "count_words", "has_words", "load_stopwords", "normalize_text", "sentence_spans",
           "split_sentences", "stem_word", "tokenize", "tokens_table"]
