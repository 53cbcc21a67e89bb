"""What a report notebook needs besides its charts: its tables, its output folder and captions.

A report notebook opens with :func:`open_report` instead of building paths by
hand::

    report = open_report("sentiment_by_source", corpus_path=corpus_path, cache_dir=cache_dir,
                         output_dir=output_dir, sources=sources, start=start, end=end)
    folded = report.aggregates()          # the report tables' ingredients, folded chunk by chunk
    by_source = aggregates.sentiment_by_source_table(folded, report.articles)
    fig = viz.plot_mean_by_source(by_source, report.colors)
    report.save(fig, by_source, "mean_compound_by_source")
    caption(viz.mean_by_source_caption(by_source))
    report.table(by_source, "sentiment_by_source")   # a searchable, sortable table, its CSV beside it
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML, Markdown

from analysis.core.config import RAW_DATA_DIR, REPORTS_DIR, project_path, resource_path
from analysis.core.schema import empty
from analysis.engine.aggregates import Aggregates, aggregate
from analysis.engine.cache import DEFAULT_CACHE_DIR
from analysis.engine.pipeline import STAGES, Analysis, AnalysisStore, open_store, prepare
from analysis.io.load import LoadedCorpus
from analysis.measures.actors import ACTORS_FILE, load_actors, mentioned_sentences
from analysis.measures.terms import keep_acronyms
from analysis.reports.tables import concordance_table, html_table
from analysis.viz.style import save_chart, source_colors, write_csv

_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def escape_markdown(text: str) -> str:
    """``text`` with every ASCII punctuation character backslash-escaped, so Markdown shows it as written.

    HTML tags, links and emphasis markers in ``text`` come out as literal characters.
    """
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def caption(text: str) -> Markdown:
    """Display ``text`` under a chart in a notebook, in italics, exactly as written."""
    return Markdown(f"*{escape_markdown(text)}*")


def note(text: str, *, title: str = "How to read this report") -> Markdown:
    """Display the report's methods note once (its caveats), under a bold ``title``, exactly as written."""
    return Markdown(f"**{escape_markdown(title)}.** {escape_markdown(text)}")


@dataclass(frozen=True)
class Report:
    """One report notebook's working set.

    ``store``: the analysed corpus, its per-sentence tables left in the cache
    (:func:`analysis.engine.pipeline.prepare`); ``articles``: the articles of the chosen
    sources and dates (one per near-duplicate group with ``dedupe``), ``selection``
    the options that chose them; ``colors``: one colour per source of the whole
    corpus, so a source keeps its colour in every report; ``actors``: the actor
    list used (:func:`analysis.load_actors`); ``out``: the folder charts and their
    data are written to.

    :meth:`aggregates` folds the selected articles' tables chunk by chunk into what
    the sentiment and actor reports need, holding one chunk at a time; ``loaded``
    is the loaded corpus of the selection. :meth:`read` (and :meth:`sentence_tokens`,
    :meth:`quotation_tables`) reads the selected articles' rows of some stages chunk by chunk.
    ``tables`` (the selection) and ``corpus`` (everything) are :func:`analysis.analyze`'s whole
    tables, read from the cache on first use: convenient, but their memory grows with the corpus.
    """

    name: str
    store: AnalysisStore
    articles: pd.DataFrame
    selection: Mapping[str, Any]
    colors: dict[str, str]
    actors: pd.DataFrame
    out: Path

    @cached_property
    def corpus(self) -> Analysis:
        """Every table of the whole corpus, as :func:`analysis.analyze` returns them."""
        return self.store.collect()

    @cached_property
    def tables(self) -> Analysis:
        """Every table of the selected articles (:meth:`analysis.Analysis.select`)."""
        return self.corpus.select(**self.selection)

    @cached_property
    def loaded(self) -> LoadedCorpus:
        """The loaded corpus (articles, cleaning, skipped, fragments, duplicates) of the selected articles."""
        whole, keep = self.store.loaded, set(self.articles["doc_id"])
        kept = {name: table[table["doc_id"].isin(keep)].reset_index(drop=True)
                for name, table in (("cleaning", whole.cleaning), ("fragments", whole.fragments), ("duplicates", whole.duplicates))}
        return LoadedCorpus(articles=self.articles, skipped=whole.skipped, **kept)

    def read(self, *stages: str, chunk: Callable[[dict[str, pd.DataFrame]], dict[str, pd.DataFrame]] | None = None,
             chunk_size: int = 500) -> dict[str, pd.DataFrame]:
        """The selected articles' rows of ``stages`` (e.g. ``"quotes"``), read from the cache chunk by chunk.

        ``chunk`` reduces each chunk's tables before they are kept (e.g. to the sentences naming an
        actor), so a report holds what it needs, never every stage of the whole corpus.
        """
        kept: dict[str, list[pd.DataFrame]] = {}
        nothing = [(self.articles, {name: empty(STAGES[name]) for name in stages})]  # no article selected: empty tables
        for _, tables in self.store.chunks(self.articles, chunk_size=chunk_size, stages=stages) if len(self.articles) else nothing:
            for name, table in (chunk(tables) if chunk else tables).items():
                kept.setdefault(name, []).append(table)
        return {name: pd.concat(parts, ignore_index=True) for name, parts in kept.items()}

    def sentence_tokens(self) -> pd.DataFrame:
        """The selected articles' sentence tokens with listed acronyms as written
        (:func:`analysis.measures.terms.keep_acronyms`), made chunk by chunk: the sentences' texts are not held."""
        return self.read("sentence_tokens", "sentences", chunk=lambda tables: {
            "sentence_tokens": keep_acronyms(tables["sentence_tokens"], tables["sentences"])})["sentence_tokens"]

    def quotation_tables(self) -> dict[str, pd.DataFrame]:
        """The selected articles' ``quotes`` and ``mentions``, and of the ``sentences`` only those naming an actor
        (:func:`analysis.mentioned_sentences`: all that the quotation report's tone reads), read chunk by chunk."""
        return self.read("quotes", "mentions", "sentences", chunk=lambda tables: {
            **tables, "sentences": mentioned_sentences(tables["sentences"], tables["mentions"])})

    def aggregates(self, **options: Any) -> Aggregates:
        """The selected articles' :class:`~analysis.engine.aggregates.Aggregates` (``options``: see
        :func:`~analysis.engine.aggregates.aggregate`)."""
        return aggregate(self.store, self.articles, **options)

    def save(self, fig: plt.Figure | Sequence[plt.Figure], data: pd.DataFrame, name: str) -> dict[str, Path]:
        """Write ``fig`` (PNG, SVG; a list of figures as pages) and ``data`` (CSV) as ``name`` into the report's folder.

        See :func:`analysis.viz.save_chart`.
        """
        return save_chart(fig, data, self.out, name)

    def _csv(self, frame: pd.DataFrame, name: str) -> str:
        """Write ``frame`` as ``<name>.csv`` (name made file-safe; cells safe from spreadsheet formulas, see
        :func:`analysis.viz.style.write_csv`) into the report's folder; return its address relative to the HTML."""
        file = _FILE_UNSAFE.sub("_", name).strip("_").lower() + ".csv"
        self.out.mkdir(parents=True, exist_ok=True)
        write_csv(frame, self.out / file)
        return f"{self.out.name}/{file}"

    def csv(self, frame: pd.DataFrame, name: str, what: str) -> HTML:
        """Save ``frame`` as ``name.csv`` without showing it; return a line linking to it (``what``: what it holds)."""
        href = self._csv(frame, name)
        return HTML(f'<p class="rt-note">{html.escape(what)} ({len(frame):,} rows): '
                    f'<a href="{html.escape(href)}" download>{html.escape(href.rsplit("/", 1)[-1])}</a>.</p>')

    def table(self, frame: pd.DataFrame, name: str, **options: Any) -> HTML:
        """Save ``frame`` as ``name.csv`` (every column, every row) and show it as a table for people.

        ``options`` go to :func:`analysis.reports.tables.html_table` (``columns``,
        ``labels``, ``keep``, ``empty``…); the table links to its CSV.
        """
        return html_table(frame, name=name, csv=self._csv(frame, name), **options)

    def concordance(self, lines: pd.DataFrame, name: str, **options: Any) -> HTML:
        """Save concordance ``lines`` (:func:`analysis.measures.terms.concordance`) as ``name.csv`` and show them as a concordance."""
        return concordance_table(lines, name=name, csv=self._csv(lines, name), **options)


def open_report(
    name: str,
    *,
    corpus_path: str | Path = "",
    cache_dir: str | Path = "",
    output_dir: str | Path = "",
    actors_path: str | Path = "",
    sources: Iterable[str] = (),
    start: str = "",
    end: str = "",
    where: str = "",
    columns: Mapping[str, str] | None = None,
    dedupe: bool = False,
    run: str | Path = "",
    **analyze_options: Any,
) -> Report:
    """The tables, colours and output folder of report ``name``, from its notebook parameters.

    ``run`` is the run manifest that ``python -m analysis render`` prepared once for every
    notebook (:meth:`analysis.engine.pipeline.AnalysisStore.write_manifest`): the store is
    opened from it without reading the corpus files again. Without it (""), the corpus is
    prepared here: empty paths take the project's defaults, the seed corpus ``data/raw``,
    the cache ``data/interim/cache`` (see :mod:`analysis.core.config`); relative paths
    start at the project root. The actor list is ``actors_path`` (default list when "");
    the output folder ``reports/<name>`` unless ``output_dir`` says otherwise. ``where``
    filters the articles as they are loaded and ``columns`` says which table column holds
    each field (see :func:`analysis.load_corpus`; "" and {} are the defaults); ``sources``,
    ``start``, ``end`` and ``dedupe`` select articles as :meth:`analysis.Analysis.select`
    does; ``analyze_options`` are options of :class:`analysis.engine.pipeline.AnalysisOptions`
    (e.g. ``positive=``). Nothing per sentence is loaded until the notebook asks for it.
    """
    actors = load_actors(project_path(actors_path, resource_path(ACTORS_FILE)))
    options = {"actors": actors, "progress": False, "where": where, "columns": dict(columns or {}), **analyze_options}
    if run:
        store = open_store(run, **options)
    else:
        store = prepare(project_path(corpus_path, RAW_DATA_DIR), cache_dir=project_path(cache_dir, DEFAULT_CACHE_DIR), **options)
    selection = {"sources": list(sources), "start": start or None, "end": end or None, "dedupe": dedupe}
    return Report(
        name=name,
        store=store,
        articles=store.select(**selection),
        selection=selection,
        colors=source_colors(store.articles["source"]),
        actors=actors,
        out=project_path(output_dir, REPORTS_DIR / name),
    )
