"""Helpers for comparing how news outlets cover the same story.

Data flows one way, and so do the subpackages; each imports only from those above it in this list:

* :mod:`analysis.core` — paths, errors, the schema of every table, input checks, the process pool, progress;
* :mod:`analysis.text` — normalising, sentences, word tokens, the VADER scorer (string functions);
* :mod:`analysis.io` — files to articles: reading, decoding, dates, manifests, cleaning, furniture,
  near-duplicates, filters, metadata columns;
* :mod:`analysis.measures` — the analysis tables: sentiment, terms, actors, quotations, statistics, the overview;
* :mod:`analysis.engine` — all of them at once (``analyze``, ``prepare``), cached, in parallel, on Dask;
* :mod:`analysis.viz` — charts and their captions (needs matplotlib);
* :mod:`analysis.reports` — batch rendering, the index page, notebook helpers.

This top level exports the functions that return tables; :mod:`analysis.core.schema`
documents every column.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from importlib import metadata
from types import ModuleType
from typing import Any

from analysis.core.errors import (
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
from analysis.engine.pipeline import Analysis, AnalysisOptions, analyze
from analysis.io.load import LoadedCorpus, cleaning_report, filter_articles, load_corpus, read_corpus
from analysis.measures.actors import (
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
from analysis.measures.quotes import find_quotes, longest_quotes, quote_counts, quote_tone
from analysis.measures.sentiment import (
    join_articles,
    label_scores,
    score_sentences,
    sentiment_by_article,
    sentiment_by_source,
    sentiment_extremes,
    sentiment_over_time,
)
from analysis.measures.terms import (
    collocations,
    distinctive_terms,
    framing_markers,
    kwic,
    load_framing_markers,
    term_frequencies,
    weighted_log_odds,
)
from analysis.measures.tone import tone_toward
from analysis.text.normalize import normalize_text
from analysis.text.splitter import split_sentences
from analysis.text.tokens import load_stopwords, tokenize, tokens_table

try:
    __version__ = metadata.version("analysis")
except metadata.PackageNotFoundError:  # used from a source tree without installing it
    __version__ = "0+unknown"

__all__ = [
    # loading
    "LoadedCorpus", "cleaning_report", "filter_articles", "load_corpus", "read_corpus",
    # everything at once
    "Analysis", "AnalysisOptions", "analyze",
    # text
    "load_stopwords", "normalize_text", "split_sentences", "tokenize", "tokens_table",
    # sentiment
    "join_articles", "label_scores", "score_sentences", "sentiment_by_article", "sentiment_by_source",
    "sentiment_extremes", "sentiment_over_time", "tone_toward",
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
    "bootstrap_mean_ci": ("analysis.measures.stats", "bootstrap_mean_ci"),
    "grouped_bootstrap_ci": ("analysis.measures.stats", "grouped_bootstrap_ci"),
    "small_n": ("analysis.measures.stats", "small_n"),
    "check_framing_markers": ("analysis.measures.terms", "check_framing_markers"),
    # modules moved in 0.2
    "charts": ("analysis.viz", "style"),
    "sentiment_charts": ("analysis.viz", "sentiment"),
    "actors_charts": ("analysis.viz", "actors"),
    "terms_charts": ("analysis.viz", "terms"),
    "render": ("analysis.reports", "render"),
    "report_html": ("analysis.reports", "index"),
    "explore": ("analysis.reports", "explore"),
    # modules moved in 0.3 (also importable by their old names, see _MOVED_MODULES)
    **{old.removeprefix("analysis."): tuple(new.rsplit(".", 1)) for old, new in (
        ("analysis.config", "analysis.core.config"), ("analysis.errors", "analysis.core.errors"),
        ("analysis.schema", "analysis.core.schema"), ("analysis.checks", "analysis.core.checks"),
        ("analysis.parallel", "analysis.core.parallel"), ("analysis.progress", "analysis.core.progress"),
        ("analysis.corpus", "analysis.io.load"), ("analysis.clean", "analysis.io.clean"),
        ("analysis.furniture", "analysis.io.furniture"), ("analysis.duplicates", "analysis.io.duplicates"),
        ("analysis.filters", "analysis.io.filters"), ("analysis.extras", "analysis.io.metadata"),
        ("analysis.splitter", "analysis.text.splitter"), ("analysis.vader", "analysis.text.vader"),
        ("analysis.sentiment", "analysis.measures.sentiment"), ("analysis.terms", "analysis.measures.terms"),
        ("analysis.actors", "analysis.measures.actors"), ("analysis.stats", "analysis.measures.stats"),
        ("analysis.overview", "analysis.measures.overview"), ("analysis.quotes", "analysis.measures.quotes"),
        ("analysis.pipeline", "analysis.engine.pipeline"), ("analysis.cache", "analysis.engine.cache"),
        ("analysis.aggregates", "analysis.engine.aggregates"),
    )},
}
#: Modules moved in 0.3, importable by their old dotted names for one release (with a warning).
_MOVED_MODULES = {f"analysis.{old}": f"{module}.{name}" for old, (module, name) in _MOVED.items()
                  if module.count(".") == 1 and not module.startswith(("analysis.viz", "analysis.reports"))}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``import analysis.corpus`` and ``from analysis.sentiment import …`` give the module's new home, with a warning."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        return importlib.util.spec_from_loader(fullname, self) if fullname in _MOVED_MODULES else None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        new = _MOVED_MODULES[spec.name]
        warnings.warn(f"{spec.name} moved to {new}; the old name goes away in the next release", DeprecationWarning, stacklevel=2)
        return importlib.import_module(new)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the new module is imported already."""


sys.meta_path.append(_MovedModules())


def __getattr__(name: str) -> Any:
    """Old names keep working for one release, with a :class:`DeprecationWarning` saying where they moved."""
    if name not in _MOVED:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    module, new_name = _MOVED[name]
    warnings.warn(f"analysis.{name} moved to {module}.{new_name}; the old name goes away in the next release",
                  DeprecationWarning, stacklevel=2)
    target = importlib.import_module(module)
    value = getattr(target, new_name) if hasattr(target, new_name) else importlib.import_module(f"{module}.{new_name}")
    globals()[name] = value  # warned once
    return value
