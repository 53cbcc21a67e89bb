"""Helpers for comparing how news outlets cover the same story.

Data flows one way, and so do the layers of the package:

* loading and cleaning — :mod:`analysis.corpus`, :mod:`analysis.clean`;
* text — :mod:`analysis.text` (normalising, sentences, tokens);
* analysis tables — :mod:`analysis.sentiment`, :mod:`analysis.terms`,
  :mod:`analysis.actors`, :mod:`analysis.stats`, :mod:`analysis.overview`, and
  :mod:`analysis.pipeline` (``analyze``: all of them at once, cached, parallel);
* presentation — :mod:`analysis.viz` (charts and their captions; needs matplotlib);
* reports — :mod:`analysis.reports` (batch rendering, the index page, notebook helpers).

Each layer imports only from the layers above it; this top level exports the
functions that return tables, and :mod:`analysis.schema` documents every column.
"""

from __future__ import annotations

import importlib
import warnings
from importlib import metadata
from typing import Any

from analysis.actors import (
    actor_labels,
    actor_sentiment,
    candidate_actors,
    cooccurrence,
    cooccurrence_graph,
    find_mentions,
    load_actors,
    mention_counts,
    mentioned_sentences,
    top_actors,
)
from analysis.corpus import LoadedCorpus, cleaning_report, filter_articles, load_corpus, read_corpus
from analysis.errors import (
    ActorError,
    AnalysisError,
    CorpusError,
    PipelineError,
    QuoteError,
    RenderError,
    SchemaError,
    SentimentError,
    StatsError,
    TermsError,
)
from analysis.pipeline import Analysis, analyze
from analysis.quotes import find_quotes, longest_quotes, quote_counts, quote_tone
from analysis.sentiment import (
    join_articles,
    label_scores,
    score_sentences,
    sentiment_by_article,
    sentiment_by_source,
    sentiment_extremes,
    sentiment_over_time,
)
from analysis.terms import (
    collocations,
    distinctive_terms,
    framing_markers,
    kwic,
    load_framing_markers,
    term_frequencies,
    weighted_log_odds,
)
from analysis.text import load_stopwords, normalize_text, split_sentences, tokenize, tokens_table

try:
    __version__ = metadata.version("analysis")
except metadata.PackageNotFoundError:  # used from a source tree without installing it
    __version__ = "0+unknown"

__all__ = [
    # loading
    "LoadedCorpus", "cleaning_report", "filter_articles", "load_corpus", "read_corpus",
    # everything at once
    "Analysis", "analyze",
    # text
    "load_stopwords", "normalize_text", "split_sentences", "tokenize", "tokens_table",
    # sentiment
    "join_articles", "label_scores", "score_sentences", "sentiment_by_article", "sentiment_by_source",
    "sentiment_extremes", "sentiment_over_time",
    # terms
    "collocations", "distinctive_terms", "framing_markers", "kwic", "load_framing_markers", "term_frequencies",
    "weighted_log_odds",
    # actors
    "actor_labels", "actor_sentiment", "candidate_actors", "cooccurrence", "cooccurrence_graph", "find_mentions",
    "load_actors", "mention_counts", "mentioned_sentences", "top_actors",
    # quotations
    "find_quotes", "quote_counts", "quote_tone", "longest_quotes",
    # errors
    "ActorError", "AnalysisError", "CorpusError", "PipelineError", "QuoteError", "RenderError", "SchemaError", "SentimentError",
    "StatsError", "TermsError",
]

#: Names this package exported before 0.2 and where they live now (kept for one release, with a warning).
_MOVED: dict[str, tuple[str, str]] = {
    **{name: ("analysis.viz", name) for name in (
        "plot_actor_tone", "plot_cooccurrence_network", "plot_mentions_bars", "plot_mentions_heatmap",
        "plot_share_of_voice", "plot_compound_distribution", "plot_label_shares", "plot_mean_by_source",
        "plot_tone_over_time", "top_terms_caption", "kwic_caption", "sentiment_caveats")},
    "top_terms_chart": ("analysis.viz", "plot_top_terms"),
    "distinctive_terms_chart": ("analysis.viz", "plot_distinctive_terms"),
    "framing_markers_chart": ("analysis.viz", "plot_framing_markers"),
    "caption_mean_by_source": ("analysis.viz", "mean_by_source_caption"),
    "caption_distribution": ("analysis.viz", "compound_distribution_caption"),
    "caption_label_shares": ("analysis.viz", "label_shares_caption"),
    "caption_over_time": ("analysis.viz", "tone_over_time_caption"),
    "caption_extremes": ("analysis.viz", "extremes_caption"),
    "caption_mentions": ("analysis.viz", "mentions_caption"),
    "caption_share_of_voice": ("analysis.viz", "share_of_voice_caption"),
    "caption_cooccurrence": ("analysis.viz", "cooccurrence_network_caption"),
    "caption_actor_sentiment": ("analysis.viz", "actor_tone_caption"),
    "caption_candidates": ("analysis.viz", "candidates_caption"),
    "distinctive_caption": ("analysis.viz", "distinctive_terms_caption"),
    "framing_caption": ("analysis.viz", "framing_markers_caption"),
    "bootstrap_mean_ci": ("analysis.stats", "bootstrap_mean_ci"),
    "grouped_bootstrap_ci": ("analysis.stats", "grouped_bootstrap_ci"),
    "small_n": ("analysis.stats", "small_n"),
    "check_framing_markers": ("analysis.terms", "check_framing_markers"),
    # modules
    "charts": ("analysis.viz", "style"),
    "sentiment_charts": ("analysis.viz", "sentiment"),
    "actors_charts": ("analysis.viz", "actors"),
    "terms_charts": ("analysis.viz", "terms"),
    "render": ("analysis.reports", "render"),
    "report_html": ("analysis.reports", "index"),
    "explore": ("analysis.reports", "explore"),
}


def __getattr__(name: str) -> Any:
    """Old names keep working for one release, with a :class:`DeprecationWarning` saying where they moved."""
    if name not in _MOVED:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    module, new_name = _MOVED[name]
    warnings.warn(f"analysis.{name} moved to {module}.{new_name}; the old name goes away in the next release",
                  DeprecationWarning, stacklevel=2)
    target = importlib.import_module(module)
    return getattr(target, new_name) if hasattr(target, new_name) else importlib.import_module(f"{module}.{new_name}")
