"""Presentation: a chart function ``plot_x`` beside its caption ``x_caption`` for every analysis table.

Charts take the tidy tables of the analysis modules and return matplotlib
Figures drawn in the reports' style (inside a ``matplotlib.rc_context``, so the
global style is untouched); small multiples that may outgrow a printed page
return a list of Figures, one per page. :func:`save_chart` writes a chart (or its
pages) with its data. Captions are generated from the same tables, so they are
true of what is drawn; ties are named as ties and n = 0 or 1 are said in words.
"""

from analysis.viz.actors import (
    actor_tone_caption,
    candidates_caption,
    cooccurrence_network_caption,
    mentions_caption,
    plot_actor_tone,
    plot_cooccurrence_network,
    plot_mentions_bars,
    plot_mentions_heatmap,
    plot_share_of_voice,
    share_of_voice_caption,
    tone_toward_note,
)
from analysis.viz.overview import (
    articles_by_period_caption,
    articles_by_source_caption,
    cleaning_caption,
    furniture_caption,
    left_out_caption,
    plot_articles_by_period,
    plot_articles_by_source,
    plot_furniture_by_source,
    plot_removed_by_rule,
    plot_removed_share,
    plot_wire_copy,
    plot_words_per_article,
    wire_copy_caption,
    words_per_article_caption,
)
from analysis.viz.quotes import (
    country_share_caption,
    longest_quotes_caption,
    most_quoted,
    plot_quote_tone,
    plot_quoted_share,
    quote_tone_caption,
    quoted_share_caption,
    quotes_note,
)
from analysis.viz.sentiment import (
    attention_caption,
    compound_distribution_caption,
    extremes_caption,
    label_shares_caption,
    mean_by_source_caption,
    plot_attention,
    plot_compound_distribution,
    plot_label_shares,
    plot_mean_by_source,
    plot_tone_over_time,
    sentiment_caveats,
    tone_over_time_caption,
)
from analysis.viz.style import INFERRED_NOTE, REPORT_STYLE, pages, save_chart, source_colors, styled
from analysis.viz.terms import (
    collocations_caption,
    distinctive_terms_caption,
    framing_markers_caption,
    kwic_caption,
    plot_distinctive_terms,
    plot_framing_markers,
    plot_top_terms,
    top_terms_caption,
)

__all__ = [
    "INFERRED_NOTE", "REPORT_STYLE", "pages", "save_chart", "source_colors", "styled",
    "plot_mean_by_source", "mean_by_source_caption", "plot_compound_distribution", "compound_distribution_caption",
    "plot_label_shares", "label_shares_caption", "plot_tone_over_time", "tone_over_time_caption",
    "plot_attention", "attention_caption",
    "extremes_caption", "sentiment_caveats",
    "plot_top_terms", "top_terms_caption", "plot_distinctive_terms", "distinctive_terms_caption",
    "plot_framing_markers", "framing_markers_caption", "kwic_caption", "collocations_caption",
    "plot_mentions_heatmap", "plot_mentions_bars", "mentions_caption", "plot_share_of_voice", "share_of_voice_caption",
    "plot_cooccurrence_network", "cooccurrence_network_caption", "plot_actor_tone", "actor_tone_caption", "tone_toward_note",
    "candidates_caption",
    "plot_articles_by_source", "articles_by_source_caption", "plot_articles_by_period", "articles_by_period_caption",
    "plot_words_per_article", "words_per_article_caption", "plot_removed_share", "plot_removed_by_rule",
    "cleaning_caption", "left_out_caption", "plot_furniture_by_source", "furniture_caption",
    "plot_wire_copy", "wire_copy_caption",
    "most_quoted", "plot_quoted_share", "quoted_share_caption", "plot_quote_tone", "quote_tone_caption", "longest_quotes_caption",
    "country_share_caption", "quotes_note",
]
