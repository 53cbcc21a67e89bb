"""The index page of a rendered run: the HTML a reader opens first.

It lists the reports in reading order (the overview first), each with its title
and what it shows in one sentence, then the parameters every report ran with
(given or default, with what each does), the corpus (sources, articles, the
span of dates with inferred dates marked ``~``) and the versions of the project
and its libraries. Everything taken from the data (titles, sources, parameters,
error messages) is escaped, so text such as ``<script>`` shows as text. The
index is one self-contained file: inline style, no scripts, nothing loaded from
the network.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import nbformat
import pandas as pd
import papermill

#: Notebook metadata key holding a report's place in the reading order (``{"analysis": {"order": 1}}``).
ORDER_KEY = "analysis"
INFERRED_MARK = "~"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKDOWN = re.compile(r"[*`]")


@dataclass(frozen=True)
class ReportOutcome:
    """How one notebook of a run went. Paths are relative to the run folder."""

    name: str
    ok: bool
    seconds: float
    html: str | None = None
    executed: str | None = None
    data_files: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class ReportInfo:
    """What the index says of a report: its title, one sentence, its place in the order and its parameters.

    ``parameters`` maps each parameter of the notebook's ``parameters`` cell to
    its default (as written) and its comment.
    """

    title: str
    summary: str = ""
    order: int = 100
    parameters: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def read_report_info(notebook: str | Path) -> ReportInfo:
    """A report's :class:`ReportInfo` from its notebook: the first ``#`` heading, its ``analysis`` metadata
    (``order``, default 100, and ``summary``, else the first sentence after the heading) and the
    ``parameters`` cell (papermill's inspection). A notebook that cannot be read (a kernel died while it
    was written) gives its name as title and nothing else, so the index is still written."""
    try:
        nb = nbformat.read(notebook, as_version=4)
        found = papermill.inspect_notebook(str(notebook))
    except (OSError, ValueError, KeyError, AttributeError):
        return ReportInfo(title=Path(notebook).stem.replace("_", " ").capitalize())
    metadata = nb.metadata.get(ORDER_KEY, {})
    title, summary = Path(notebook).stem.replace("_", " ").capitalize(), ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if lines and lines[0].startswith("# "):
            title = lines[0][2:].strip()
            paragraph = " ".join(line.strip() for line in lines[1:] if line.strip()).strip()
            summary = _MARKDOWN.sub("", _SENTENCE_END.split(paragraph, maxsplit=1)[0]) if paragraph else ""
            break
    parameters = {name: (p["default"], p["help"]) for name, p in found.items()}
    return ReportInfo(title=title, summary=metadata.get("summary", summary), order=int(metadata.get("order", 100)),
                      parameters=parameters)


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 64rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; overflow-wrap: break-word; }
h1, .meta code { overflow-wrap: anywhere; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; } .lead { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.report a { font-weight: 600; } .summary { color: #444; font-size: 0.92rem; margin-top: 0.15rem; }
.ok { color: #1a7f37; font-weight: 600; } .failed { color: #b3261e; font-weight: 600; }
tr.failed-row td { background: #fdecea; } pre { white-space: pre-wrap; margin: 0; font-size: 0.85rem; }
.banner { padding: 0.6rem 1rem; border-radius: 4px; background: #fdecea; border: 1px solid #b3261e; }
.note { color: #555; font-size: 0.9rem; } code { font-size: 0.88rem; } details summary { cursor: pointer; }
.default { color: #666; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)) else str(value))


def _link(href: str | None, text: str) -> str:
    return f'<a href="{html.escape(quote(href))}">{_e(text)}</a>' if href else _e(text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
           row_classes: Sequence[str] | None = None, cell_classes: Mapping[int, str] | None = None) -> str:
    """An HTML table from already-escaped cells."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        css = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        cells = "".join(f'<td class="num">{c}</td>' if j in numeric else
                        f'<td class="{(cell_classes or {})[j]}">{c}</td>' if j in (cell_classes or {}) else f"<td>{c}</td>"
                        for j, c in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _words(stem: str) -> str:
    """``articles_by_source`` → ``Articles by source``."""
    words = stem.replace("_", " ").replace("-", " page ")
    return words[:1].upper() + words[1:]


def _data_links(files: Sequence[str]) -> str:
    """The report's charts and tables, one line each (``Articles by source: png svg csv``), folded under a count."""
    by_item: dict[str, list[str]] = {}
    for file in files:
        by_item.setdefault(file.rsplit(".", 1)[0], []).append(file)
    if not by_item:
        return "none"
    charts = sum(any(f.endswith(".png") for f in group) for group in by_item.values())
    lines = "<br>".join(f"{_e(_words(item.rsplit('/', 1)[-1]))}: " + " ".join(_link(f, f.rsplit('.', 1)[-1]) for f in group)
                        for item, group in by_item.items())
    tables = len(by_item) - charts
    summary = f"{charts} chart image{'s' if charts != 1 else ''}, {tables} table{'s' if tables != 1 else ''} and their data"
    return f"<details><summary>{_e(summary)}</summary>{lines}</details>"


def _ordered(outcomes: Sequence[ReportOutcome], reports: Mapping[str, ReportInfo]) -> list[ReportOutcome]:
    return sorted(outcomes, key=lambda o: (reports[o.name].order if o.name in reports else 100, o.name))


def _reports_section(outcomes: Sequence[ReportOutcome], reports: Mapping[str, ReportInfo]) -> str:
    rows, classes = [], []
    for o in _ordered(outcomes, reports):
        info = reports.get(o.name, ReportInfo(title=_words(o.name)))
        title = _link(o.html, info.title) + (f'<div class="summary">{_e(info.summary)}</div>' if info.summary else "")
        status = '<span class="ok">ok</span>' if o.ok else f'<span class="failed">FAILED</span><pre>{_e(o.error)}</pre>'
        rows.append([title, status, _data_links(o.data_files), _link(o.executed, "notebook"), f"{o.seconds:.1f}"])
        classes.append("" if o.ok else "failed-row")
    header = ["report (read in this order)", "status", "charts and tables", "executed notebook", "seconds"]
    return "<h2>Reports</h2>" + _table(header, rows, numeric=[4], row_classes=classes, cell_classes={0: "report"})


def _parameters_section(corpus: str, parameters: Mapping[str, Mapping[str, Any]],
                        reports: Mapping[str, ReportInfo]) -> str:
    """The parameters given on the command line (with what each does), then every parameter of every report with
    its default and its own description, folded: a parameter of the same name can mean different things in two
    reports (``top_n``: actors in one, terms in another)."""
    titles = {name: info.title for name, info in reports.items()}
    rows = [["corpus_path", f"<code>{_e(corpus)}</code>", "the corpus every report reads", "every report"]]
    for name in sorted(parameters):
        given = parameters[name]
        values = {repr(v) for v in given.values()}
        used = values.pop() if len(values) == 1 else "; ".join(f"{titles.get(r, r)}: {v!r}" for r, v in given.items())
        helps = {reports[r].parameters[name][1] for r in given if r in reports and name in reports[r].parameters}
        what = "; ".join(f"{titles.get(r, r)}: {reports[r].parameters[name][1]}" for r in sorted(given)
                         if r in reports and name in reports[r].parameters) if len(helps) > 1 else next(iter(helps), "")
        rows.append([_e(name), f"<code>{_e(used)}</code>", _e(what),
                     _e(", ".join(titles.get(r, r) for r in sorted(given)))])
    given_table = _table(["parameter given", "value used", "what it does", "reports"], rows)
    folded = []
    for name, info in sorted(reports.items(), key=lambda item: (item[1].order, item[0])):
        shown = [(p, spec) for p, spec in info.parameters.items() if p not in ("corpus_path", "output_dir", "cache_dir")]
        if not shown:
            continue
        body = [[_e(p), f"<code>{_e(repr(parameters[p][name]) if name in parameters.get(p, {}) else spec[0])}</code>"
                 + ("" if name in parameters.get(p, {}) else ' <span class="default">(default)</span>'), _e(spec[1])]
                for p, spec in shown]
        folded.append(f"<details><summary>{_e(info.title)}: {len(shown)} parameters</summary>"
                      f"{_table(['parameter', 'value used', 'what it does'], body)}</details>")
    note = ("<p class=\"note\">Every other parameter took its notebook's default (each report's list below, folded). "
            "Change one with <code>python -m analysis render -p NAME VALUE</code>.</p>")
    return "<h2>Run parameters</h2>" + given_table + note + "".join(folded)


_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def page_titles(folder: Path, outcomes: Sequence[ReportOutcome]) -> dict[str, str]:
    """The pages reports wrote into their folders (one per outlet), each with its ``<title>``: path → title."""
    titles = {}
    for outcome in outcomes:
        for file in (f for f in outcome.data_files if f.endswith(".html")):
            try:
                found = _TITLE.search((folder / file).read_text(encoding="utf-8")[:4000])
            except OSError:
                continue
            titles[file] = html.unescape(found.group(1).strip()) if found else Path(file).stem
    return titles


def _outlets_section(pages: Mapping[str, str] | None) -> str:
    """Links to the pages reports wrote for each outlet (``pages``: path → title, see :func:`page_titles`)."""
    if not pages:
        return ""
    links = " · ".join(_link(f, title) for f, title in pages.items())
    return (f"<h2>Outlets</h2><p>A page per outlet, with everything the reports say about it: its texts, warnings, tone "
            f"and the outlets it differs from, terms, actors and quotations.</p><p>{links}</p>")


def _warnings_section(warnings: pd.DataFrame | None) -> str:
    """The warnings about outlets a reader needs before comparing them (lead paragraphs, flagged articles…)."""
    if warnings is None:
        return ""
    if warnings.empty:
        return ("<h2>Warnings about outlets</h2><p>None: every outlet's texts look like whole articles in English, "
                "and no article is flagged.</p>")
    rows = [[_e(r.source), _e(r.warning), _e(f"{r.detail}.")] for r in warnings.itertuples()]
    return ("<h2>Warnings about outlets</h2><p>Found by rule in the articles; every report analyses these articles "
            "with the others unless a filter (<code>--where</code>) leaves them out.</p>"
            + _table(["source", "warning", "detail"], rows))


def _day(value: Any, inferred: bool) -> str:
    return "" if pd.isna(value) else (INFERRED_MARK if inferred else "") + f"{pd.Timestamp(value):%Y-%m-%d}"


def _span(dates: pd.DataFrame | None, by_source: pd.DataFrame) -> tuple[str, str]:
    """The corpus's first and last publication dates, ``~`` marking an inferred one."""
    if dates is not None and len(dates):
        first = dates.loc[dates["first_published"] == dates["first_published"].min()]
        last = dates.loc[dates["last_published"] == dates["last_published"].max()]
        return (_day(first["first_published"].iloc[0], bool(first["first_inferred"].all())),
                _day(last["last_published"].iloc[0], bool(last["last_inferred"].all())))
    first, last = by_source["first_published"].min(), by_source["last_published"].max()
    return _day(first, False), _day(last, False)


def _corpus_section(by_source: pd.DataFrame, n_skipped: int, dates: pd.DataFrame | None) -> str:
    n_articles = int(by_source["n_articles"].sum())
    n_inferred, n_undated = int(by_source["n_inferred"].sum()), int(by_source["n_undated"].sum())
    first, last = _span(dates, by_source)
    span = "no dated article" if not first else f"published {first} to {last}"
    summary = (f"<p>{n_articles:,} articles from {len(by_source):,} sources, {span}; {n_undated:,} undated; "
               f"{n_inferred:,} of {n_articles - n_undated:,} dates inferred from the events described, not stated; "
               f"{n_skipped:,} files or articles left out.</p>")
    flags = dates.set_index("source") if dates is not None and len(dates) else None
    rows = []
    for r in by_source.itertuples():
        first_inferred = bool(flags.loc[r.source, "first_inferred"]) if flags is not None and r.source in flags.index else False
        last_inferred = bool(flags.loc[r.source, "last_inferred"]) if flags is not None and r.source in flags.index else False
        rows.append([_e(r.source), f"{r.n_articles:,}", f"{r.n_words:,}", f"{r.n_undated:,}", f"{r.n_inferred:,}",
                     _e(_day(r.first_published, first_inferred)), _e(_day(r.last_published, last_inferred))])
    header = ["source", "articles", "words", "undated", "dates inferred", "first date", "last date"]
    note = ('<p class="note">~ marks a date inferred from the events described, not stated in the article.</p>'
            if n_inferred else "")
    return "<h2>Corpus</h2>" + summary + _table(header, rows, numeric=[1, 2, 3, 4]) + note


def index_html(
    title: str,
    outcomes: Sequence[ReportOutcome],
    *,
    corpus: str,
    parameters: Mapping[str, Mapping[str, Any]],
    by_source: pd.DataFrame,
    n_skipped: int,
    versions: Mapping[str, str],
    created: datetime,
    reports: Mapping[str, ReportInfo] | None = None,
    dates: pd.DataFrame | None = None,
    warnings: pd.DataFrame | None = None,
    pages: Mapping[str, str] | None = None,
) -> str:
    """The index page of a run: its reports in reading order, parameters, corpus, versions, date.

    ``parameters`` maps each run parameter given to the value each report received
    (report name → value); ``by_source`` is :func:`analysis.measures.overview.articles_by_source`'s
    table and ``dates`` :func:`analysis.measures.overview.published_range`'s (to mark
    inferred first and last dates); ``reports`` maps each report to its
    :class:`ReportInfo` (title, sentence, order, parameters with their defaults);
    ``warnings`` is :func:`analysis.measures.overview.outlet_warnings`' table and ``pages`` the pages reports
    wrote for each outlet (:func:`page_titles`).
    """
    reports = reports or {}
    failed = [o for o in outcomes if not o.ok]
    banner = (f'<p class="banner">{len(failed)} of {len(outcomes)} reports failed: '
              f"{_e(', '.join(o.name for o in failed))}. The others rendered.</p>") if failed else ""
    versions_table = _table(["package", "version"], [[_e(k), _e(v)] for k, v in versions.items()])
    project = versions.get("analysis")
    n_articles = int(by_source["n_articles"].sum())
    lead = (f'<p class="lead">{n_articles:,} articles from {len(by_source):,} sources, read by '
            f"{len(outcomes)} reports. Start with the first: the others describe exactly these articles.</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n"
        f'<p class="meta">Rendered {_e(created.strftime("%Y-%m-%d %H:%M %Z").strip())}'
        f"{f' by analysis {_e(project)}' if project else ''} from <code>{_e(corpus)}</code></p>\n"
        f"{banner}\n{lead}\n{_reports_section(outcomes, reports)}\n{_outlets_section(pages)}\n"
        f"{_warnings_section(warnings)}\n{_parameters_section(corpus, parameters, reports)}\n"
        f"{_corpus_section(by_source, n_skipped, dates)}\n<h2>Library versions</h2>\n{versions_table}\n"
        "</body>\n</html>\n"
    )
