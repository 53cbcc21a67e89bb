"""Helpers for comparing how news outlets cover the same story.

Data flows one way: raw files → articles (:mod:`analysis.corpus`) → sentences
and tokens (:mod:`analysis.text`) → scores and counts → charts → reports.
"""

from analysis.actors import (
    actor_labels,
    actor_sentiment,
    candidate_actors,
    cooccurrence,
    cooccurrence_graph,
    find_mentions,
    load_actors,
    mention_counts,
    top_actors,
)
from analysis.corpus import LoadedCorpus, cleaning_report, filter_articles, load_corpus, read_corpus, read_manifest
from analysis.errors import ActorError, AnalysisError, CorpusError, SentimentError, TermsError
from analysis.sentiment import (
    caption_distribution,
    caption_extremes,
    caption_label_shares,
    caption_mean_by_source,
    caption_over_time,
    join_articles,
    score_sentences,
    sentiment_by_article,
    sentiment_by_source,
    sentiment_caveats,
    sentiment_extremes,
    sentiment_over_time,
)
from analysis.sentiment_charts import (
    plot_compound_distribution,
    plot_extremes_table,
    plot_label_shares,
    plot_mean_by_source,
    plot_tone_over_time,
)
from analysis.stats import bootstrap_mean_ci, grouped_bootstrap_ci, small_n
from analysis.terms import (
    check_framing_markers,
    collocations,
    distinctive_caption,
    distinctive_terms,
    framing_caption,
    framing_markers,
    kwic,
    load_framing_markers,
    term_frequencies,
    top_terms_caption,
    weighted_log_odds,
)
from analysis.terms_charts import distinctive_terms_chart, framing_markers_chart, top_terms_chart
from analysis.text import load_stopwords, normalize_text, split_sentences, tokenize, tokens_table

__version__ = "0.1.0"

__all__ = [
    "AnalysisError",
    "CorpusError",
    "LoadedCorpus",
    "SentimentError",
    "bootstrap_mean_ci",
    "caption_distribution",
    "caption_extremes",
    "caption_label_shares",
    "caption_mean_by_source",
    "caption_over_time",
    "grouped_bootstrap_ci",
    "join_articles",
    "plot_compound_distribution",
    "plot_extremes_table",
    "plot_label_shares",
    "plot_mean_by_source",
    "plot_tone_over_time",
    "score_sentences",
    "sentiment_by_article",
    "sentiment_by_source",
    "sentiment_caveats",
    "sentiment_extremes",
    "sentiment_over_time",
    "small_n",
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
    "TermsError",
    "check_framing_markers",
    "collocations",
    "distinctive_caption",
    "distinctive_terms",
    "distinctive_terms_chart",
    "framing_caption",
    "framing_markers",
    "framing_markers_chart",
    "kwic",
    "load_framing_markers",
    "term_frequencies",
    "top_terms_caption",
    "top_terms_chart",
    "weighted_log_odds",
    "ActorError",
    "actor_labels",
    "actor_sentiment",
    "candidate_actors",
    "cooccurrence",
    "cooccurrence_graph",
    "find_mentions",
    "load_actors",
    "mention_counts",
    "top_actors",
]
