"""Helpers for comparing how news outlets cover the same story.

Data flows one way: raw files → articles (:mod:`analysis.corpus`) → sentences
and tokens (:mod:`analysis.text`) → scores and counts → charts → reports.
"""

from analysis.corpus import LoadedCorpus, cleaning_report, filter_articles, load_corpus, read_corpus, read_manifest
from analysis.errors import AnalysisError, CorpusError
from analysis.text import load_stopwords, normalize_text, split_sentences, tokenize, tokens_table

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "CorpusError",
    "LoadedCorpus",
    "cleaning_report",
    "filter_articles",
    "load_corpus",
    "load_stopwords",
    "normalize_text",
    "read_corpus",
    "read_manifest",
    "split_sentences",
    "tokenize",
    "tokens_table",
]
