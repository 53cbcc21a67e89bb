"""Interactive exploration in JupyterLab: pick sources, actors and terms, and the charts follow.

Actor mentions and term frequencies are counted once for the whole corpus, by
source (:func:`explore_tables`); a pick only selects rows of those tables
(:func:`pick`), so the charts redraw at once. :class:`Explorer` holds the
widgets; ``notebooks/explore.ipynb`` shows it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from analysis.core.schema import MISSING_SOURCE
from analysis.engine.pipeline import sentence_tokens_part
from analysis.io.language import is_english
from analysis.measures.actors import ActorsLike, actor_labels, find_mentions, mention_counts, top_actors
from analysis.measures.terms import keep_acronyms, term_frequencies, top_terms
from analysis.text.splitter import split_sentences
from analysis.viz.actors import plot_mentions_bars
from analysis.viz.style import source_colors
from analysis.viz.terms import plot_top_terms


@dataclass(frozen=True)
class ExploreTables:
    """What the explorer picks from.

    ``mentions``: :func:`analysis.mention_counts` by ``source``. ``terms``:
    :func:`analysis.term_frequencies` by ``source``. ``sources``: every source,
    by name. ``actors``: actors named at least once, most named first;
    ``labels`` their short labels. ``top_terms``: the corpus's most frequent
    terms, most frequent first. ``colors``: :func:`analysis.viz.source_colors`
    of the whole corpus.
    """

    mentions: pd.DataFrame
    terms: pd.DataFrame
    sources: list[str]
    actors: list[str]
    labels: dict[str, str]
    top_terms: list[str]
    colors: dict[str, str]


def explore_tables(
    articles: pd.DataFrame,
    *,
    actors: ActorsLike = None,
    ngram: tuple[int, int] = (1, 2),
    min_count: int = 2,
    n_terms: int = 40,
    progress: bool = False,
) -> ExploreTables:
    """Count actor mentions and terms by source once, for :class:`Explorer`, by the reports' rules.

    ``actors`` is an actor list as :func:`analysis.load_actors` takes (None: the
    shipped one); ``ngram`` and ``min_count`` go to :func:`analysis.term_frequencies`.
    As in the terms report, only English articles are counted, listed acronyms keep
    their capitals (``US`` apart from ``us``, ``U.S.`` as ``US``), and the terms
    offered to pick from are the ``n_terms`` most frequent of those the report's
    top terms show (:func:`analysis.measures.terms.top_terms`: no news reporting
    words such as "said", "would", "also"; a phrase rather than its words).
    """
    articles = articles.assign(source=articles["source"].astype("string").fillna(MISSING_SOURCE))
    articles = articles.loc[is_english(articles).to_numpy()].reset_index(drop=True)  # English word lists, as the reports
    mentions = mention_counts(find_mentions(articles, actors, progress=progress), articles, by="source")
    sentences = split_sentences(articles)
    tokens = keep_acronyms(sentence_tokens_part(sentences), sentences)  # "US" kept apart from "us", as in the reports
    terms = term_frequencies(articles, by="source", ngram=ngram, min_count=min_count, sentence_tokens=tokens,
                             progress=progress)
    # the reports' rules: no news reporting words ("said", "would", "also"), a phrase shown once rather than with its words
    offered = top_terms(terms, by="source", top=n_terms)["term"].unique()
    totals = terms.loc[terms["term"].isin(offered)].groupby("term")["count"].sum()
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:n_terms]
    return ExploreTables(
        mentions=mentions, terms=terms, sources=sorted(articles["source"].unique()),
        actors=top_actors(mentions, n=max(1, mentions["actor"].nunique())) if len(mentions) else [],
        labels=actor_labels(actors), top_terms=[str(term) for term, _ in ranked],
        colors=source_colors(articles["source"]),
    )


def pick(
    tables: ExploreTables, *, sources: Sequence[str], actors: Sequence[str], terms: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of ``tables`` for the picked sources, actors and terms.

    Returns the mention counts (columns of :func:`analysis.mention_counts`) of the
    picked actors in the picked sources, and the term frequencies (columns
    ``source``, ``term``, ``count``, ``per_10k``, ``group_docs``) of the picked
    terms in the picked sources, with a zero row where a source never uses a term.
    """
    mentions = tables.mentions.loc[tables.mentions["source"].isin(sources) & tables.mentions["actor"].isin(actors)]
    found = tables.terms.loc[tables.terms["source"].isin(sources) & tables.terms["term"].isin(terms)]
    found = found.groupby(["source", "term"], as_index=False)[["count", "per_10k"]].sum()
    docs = tables.terms.groupby("source")["group_docs"].first()
    grid = pd.MultiIndex.from_product([[s for s in tables.sources if s in set(sources)], list(terms)],
                                      names=["source", "term"])
    filled = found.set_index(["source", "term"]).reindex(grid, fill_value=0).reset_index()
    filled["group_docs"] = filled["source"].map(docs).fillna(0).astype("int64")
    return mentions.reset_index(drop=True), filled.astype({"source": "string", "term": "string", "count": "int64",
                                                           "per_10k": "float64"})


def explore_figures(
    tables: ExploreTables, *, sources: Sequence[str], actors: Sequence[str], terms: Sequence[str]
) -> list[plt.Figure]:
    """The explorer's charts for a pick: actor mentions per 1,000 words, and term use per 10,000 words, by source."""
    mentions, frequencies = pick(tables, sources=sources, actors=actors, terms=terms)
    shown = [a for a in tables.actors if a in set(actors)]
    # one page each: the explorer has one image per chart
    terms_figure = plot_top_terms(frequencies, tables.colors, top=max(1, len(terms)), per_page=max(1, len(sources)))[0]
    terms_figure.suptitle("Picked terms by source (bar labels: raw counts)", fontweight="bold")
    mentions_figure = plot_mentions_bars(mentions, shown if sources else [], tables.labels, tables.colors,
                                         per_page=max(1, len(shown)))[0]
    return [mentions_figure, terms_figure]


class Explorer:
    """Three pick lists (sources, actors, terms) and the charts of :func:`explore_figures` below them.

    Display it in a notebook; every change of a pick redraws the charts.
    ``figures`` holds the charts last drawn.
    """

    def __init__(self, tables: ExploreTables, *, n_actors: int = 5, n_terms: int = 5) -> None:
        self.tables = tables
        layout = widgets.Layout(width="32%")
        self.sources = widgets.SelectMultiple(options=tables.sources, value=tuple(tables.sources),
                                              description="Sources", rows=8, layout=layout)
        self.actors = widgets.SelectMultiple(options=[(tables.labels.get(a, a), a) for a in tables.actors],
                                             value=tuple(tables.actors[:n_actors]), description="Actors",
                                             rows=8, layout=layout)
        self.terms = widgets.SelectMultiple(options=tables.top_terms, value=tuple(tables.top_terms[:n_terms]),
                                            description="Terms", rows=8, layout=layout)
        self.images = [widgets.Image(format="png", layout=widgets.Layout(max_width="100%", height="auto"))
                       for _ in range(2)]
        self.figures: list[plt.Figure] = []
        for picker in (self.sources, self.actors, self.terms):
            picker.observe(self.redraw, names="value")
        hint = widgets.HTML("Pick with Ctrl/Cmd-click or Shift-click; the charts redraw on every change.")
        self.widget = widgets.VBox([hint, widgets.HBox([self.sources, self.actors, self.terms]), *self.images])

        self.redraw()

    def redraw(self, change: object = None) -> None:
        """Draw the charts for the current picks into the two image widgets.

        Images rather than an ``Output`` widget: a headless run (papermill,
        nbclient) can block on an ``Output`` widget's messages (nbclient issue 312).
        """
        self.figures = explore_figures(self.tables, sources=self.sources.value, actors=self.actors.value,
                                       terms=self.terms.value)
        for image, figure in zip(self.images, self.figures, strict=True):
            png = io.BytesIO()
            figure.savefig(png, format="png")
            image.value = png.getvalue()
            # shown at the figure's own size, as JupyterLab shows a chart (a narrower cell shrinks it, none stretches it)
            image.layout.width = f"{round(figure.get_figwidth() * figure.dpi)}px"
            plt.close(figure)

    def _ipython_display_(self) -> None:
        display(self.widget)
