"""What a report notebook needs besides its charts: its tables, its output folder and captions.

A report notebook opens with :func:`open_report` instead of building paths by
hand::

    report = open_report("sentiment_by_source", corpus_path=corpus_path, cache_dir=cache_dir,
                         output_dir=output_dir, sources=sources, start=start, end=end)
    articles, scored = report.tables.articles, report.tables.sentences
    fig = viz.plot_mean_by_source(by_source, report.colors)
    report.save(fig, by_source, "mean_compound_by_source")
    caption(viz.mean_by_source_caption(by_source, articles))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown

from analysis.actors import ACTORS_FILE, load_actors
from analysis.cache import DEFAULT_CACHE_DIR
from analysis.config import RAW_DATA_DIR, REPORTS_DIR, project_path, resource_path
from analysis.pipeline import Analysis, analyze
from analysis.viz.style import save_chart, source_colors

_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """``text`` with every ASCII punctuation character backslash-escaped, so Markdown shows it as written.

    HTML tags, links and emphasis markers in ``text`` come out as literal characters.
    """
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def caption(text: str) -> Markdown:
    """Display ``text`` under a chart in a notebook, in italics, exactly as written."""
    return Markdown(f"*{escape_markdown(text)}*")


@dataclass(frozen=True)
class Report:
    """One report notebook's working set.

    ``tables``: :func:`analysis.analyze`'s tables restricted to the chosen sources
    and dates (one article per near-duplicate group with ``dedupe``); ``corpus``:
    the same before that selection; ``colors``: one colour
    per source of the whole corpus, so a source keeps its colour in every report;
    ``actors``: the actor list used (:func:`analysis.load_actors`); ``out``: the
    folder charts and their data are written to.
    """

    name: str
    tables: Analysis
    corpus: Analysis
    colors: dict[str, str]
    actors: pd.DataFrame
    out: Path

    def save(self, fig: plt.Figure, data: pd.DataFrame, name: str) -> dict[str, Path]:
        """Write ``fig`` (PNG, SVG) and ``data`` (CSV) as ``name`` into the report's folder (see :func:`save_chart`)."""
        return save_chart(fig, data, self.out, name)


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
    **analyze_options: Any,
) -> Report:
    """The tables, colours and output folder of report ``name``, from its notebook parameters.

    Empty paths take the project's defaults: the seed corpus ``data/raw``, the
    cache ``data/interim/cache`` (see :mod:`analysis.config`), the default actor
    list and ``reports/<name>``; relative paths start at the project root. ``where``
    filters the articles as they are loaded and ``columns`` says which table column
    holds each field (see :func:`analysis.load_corpus`; "" and {} are the defaults); ``sources``, ``start``, ``end`` and ``dedupe`` select articles as
    :meth:`analysis.Analysis.select` does; ``analyze_options`` go to
    :func:`analysis.analyze` (e.g. ``positive=``).
    """
    actors = load_actors(project_path(actors_path, resource_path(ACTORS_FILE)))
    corpus = analyze(project_path(corpus_path, RAW_DATA_DIR), cache_dir=project_path(cache_dir, DEFAULT_CACHE_DIR),
                     actors=actors, progress=False, where=where, **({"columns": dict(columns)} if columns else {}),
                     **analyze_options)
    return Report(
        name=name,
        tables=corpus.select(sources=list(sources), start=start or None, end=end or None, dedupe=dedupe),
        corpus=corpus,
        colors=source_colors(corpus.articles["source"]),
        actors=actors,
        out=project_path(output_dir, REPORTS_DIR / name),
    )
