"""Every chart at 2 and 30 outlets fits a printed page: no image wider or taller than 2,400 px.

Inline tables shaped like the analysis tables (the largest outlets with hundreds
of articles, the smallest with five; 44 months; 12 actors; the shipped framing
markers), drawn by every chart function and saved as the reports save them.
Integration rather than unit: drawing some fifty pages takes a minute.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import viz  # noqa: E402
from analysis.measures import overview  # noqa: E402
from analysis.measures.terms import load_framing_markers  # noqa: E402
from analysis.reports.audit import MAX_PIXELS, png_size  # noqa: E402
from analysis.viz.style import report_style  # noqa: E402

# ------------------------------------------------------- every chart at 2 and 30 outlets


def _corpus(n_sources: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sizes = np.linspace(300, 5, n_sources).astype(int)
    sources = np.repeat([f"Outlet number {i:02d}" for i in range(n_sources)], sizes)
    dates = pd.Timestamp("2019-05-01") + pd.to_timedelta(rng.integers(0, 1300, len(sources)), unit="D")
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(sources))], "source": pd.array(sources, dtype="string"),
                         "published": dates, "published_inferred": rng.random(len(sources)) < 0.05,
                         "n_words": rng.integers(30, 3000, len(sources)), "title": "t", "path": "p"})


def _figures(n_sources: int) -> list[plt.Figure]:
    rng = np.random.default_rng(1)
    articles = _corpus(n_sources)
    colors = viz.source_colors(articles["source"])
    sources = list(colors)[:-1]
    by_source = pd.DataFrame({"source": sources, "n_articles": 10, "n_sentences": 200,
                              "mean_compound": rng.uniform(-0.3, 0.1, n_sources), "ci_low": -0.4, "ci_high": 0.2,
                              "share_positive": 0.3, "share_neutral": 0.3, "share_negative": 0.4, "small_n": False})
    sentences = pd.DataFrame({"source": np.repeat(sources, 50), "compound": rng.uniform(-1, 1, 50 * n_sources)})
    months = pd.date_range("2019-05-01", periods=44, freq="MS")
    over_time = pd.DataFrame([(s, m, int(n), 0.0, -0.2, 0.2, int(n) < 3, int(rng.random() < 0.1))
                              for s in sources for m, n in zip(months, rng.integers(1, 9, len(months)))],
                             columns=["source", "period", "n_articles", "mean_compound", "ci_low", "ci_high", "small_n",
                                      "n_inferred"])
    terms = pd.DataFrame([(s, f"term number {i}", 100 - i, (100 - i) * 3.0, 20, 5) for s in sources for i in range(15)],
                         columns=["source", "term", "count", "per_10k", "group_docs", "count_others"]).assign(z=3.0)
    markers = load_framing_markers()
    framing = pd.DataFrame([(s, c, v, "", int(rng.integers(0, 50)), 1, 0.5, 10) for s in sources
                            for c, v in zip(markers["concept"], markers["variant"])],
                           columns=["source", "concept", "variant", "frame", "count", "n_docs", "share", "group_docs"])
    actors = [f"Actor {i}" for i in range(12)]
    counts = pd.DataFrame([(s, a, 10, 5, 20, 9000, rng.uniform(0, 5), 1 / 12, 0.5) for s in sources for a in actors],
                          columns=["source", "actor", "n_mentions", "n_articles", "n_group_articles", "n_group_words",
                                   "mentions_per_1000_words", "share_of_mentions", "share_of_articles"])
    tone = counts[["source", "actor"]].assign(n_articles=5, n_sentences=20, mean_compound=0.0, ci_low=-0.2, ci_high=0.2,
                                              small_n=False, mean_tone=0.1, tone_ci_low=-0.1, tone_ci_high=0.3)
    by_period = overview.articles_by_period(articles, freq="M")
    rules = ["image_caption", "photo_credit", "appeal", "contributor_note", "repeated_boilerplate", "copyright",
             "external_linking"]
    furniture = pd.DataFrame([(s, r, 10, 5, 900, rng.uniform(0, 0.05)) for s in sources for r in rules],
                             columns=["source", "rule", "n_fragments", "n_articles", "n_chars", "share_of_chars"])
    pairs = pd.DataFrame([(a, b, 6, 3) for a in sources for b in sources if a != b],
                         columns=["source", "reprinted_source", "n_articles", "n_same_day"])
    return [
        viz.plot_articles_by_source(overview.articles_by_source(articles), colors),
        viz.plot_articles_by_period(by_period, colors, freq="M"),
        viz.plot_words_per_article(articles, colors),
        viz.plot_mean_by_source(by_source, colors),
        viz.plot_compound_distribution(sentences, by_source, colors),
        viz.plot_label_shares(by_source),
        *viz.plot_attention(by_period, colors, freq="M"),
        *viz.plot_tone_over_time(over_time, colors, freq="M"),
        *viz.plot_top_terms(terms, colors),
        *viz.plot_distinctive_terms(terms, colors),
        *viz.plot_framing_markers(framing, colors),
        viz.plot_mentions_heatmap(counts, actors),
        *viz.plot_mentions_bars(counts, actors, None, colors),
        viz.plot_share_of_voice(counts, actors),
        *viz.plot_actor_tone(tone, actors, None, colors),
        viz.plot_furniture_by_source(furniture),
        viz.plot_wire_copy(pairs),
    ]


@pytest.mark.parametrize("n_sources, n_figures", [(2, 17), (30, 24)])
def test_no_chart_is_larger_than_a_printed_page(n_sources, n_figures):
    figures = _figures(n_sources)
    assert len(figures) == n_figures  # at 30 outlets attention, tone, terms, distinctive terms and framing take pages
    for fig in figures:
        png = io.BytesIO()
        with report_style():
            fig.savefig(png, format="png")
        width, height = png_size(png.getvalue()[:24])
        title = fig.get_suptitle() or fig.axes[0].get_title() or fig.axes[0].get_title(loc="left")
        assert max(width, height) <= MAX_PIXELS, (title, width, height)
    plt.close("all")
