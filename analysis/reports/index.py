"""The index page of a rendered run: the HTML a reader opens first.

Everything taken from the data (titles, sources, parameters, error messages) is
escaped, so text such as ``<script>`` shows as text. The index is one
self-contained file: inline style, no scripts, nothing loaded from the network.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

import pandas as pd

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


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3rem 0.7rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #1a7f37; font-weight: 600; } .failed { color: #b3261e; font-weight: 600; }
tr.failed-row td { background: #fdecea; } pre { white-space: pre-wrap; margin: 0; font-size: 0.85rem; }
.banner { padding: 0.6rem 1rem; border-radius: 4px; background: #fdecea; border: 1px solid #b3261e; }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)) else str(value))


def _link(href: str | None, text: str) -> str:
    return f'<a href="{html.escape(quote(href))}">{_e(text)}</a>' if href else _e(text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
           row_classes: Sequence[str] | None = None) -> str:
    """An HTML table from already-escaped cells."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        css = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        cells = "".join(f'<td class="num">{c}</td>' if j in numeric else f"<td>{c}</td>" for j, c in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _data_links(files: Sequence[str]) -> str:
    """One line per chart: its name, then links to each of its files (``png svg csv``)."""
    by_chart: dict[str, list[str]] = {}
    for file in files:
        by_chart.setdefault(file.rsplit(".", 1)[0], []).append(file)
    return "<br>".join(f"{_e(chart.rsplit('/', 1)[-1])}: " + " ".join(_link(f, f.rsplit(".", 1)[-1]) for f in group)
                       for chart, group in by_chart.items())


def _reports_section(outcomes: Sequence[ReportOutcome]) -> str:
    rows, classes = [], []
    for o in outcomes:
        status = '<span class="ok">ok</span>' if o.ok else f'<span class="failed">FAILED</span><pre>{_e(o.error)}</pre>'
        data = _data_links(o.data_files) or "none"
        rows.append([_link(o.html, o.name), status, _link(o.executed, "notebook"), data, f"{o.seconds:.1f}"])
        classes.append("" if o.ok else "failed-row")
    header = ["report", "status", "executed notebook", "charts and CSV", "seconds"]
    return "<h2>Reports</h2>" + _table(header, rows, numeric=[4], row_classes=classes)


def _parameters_section(corpus: str, parameters: Mapping[str, Mapping[str, Any]]) -> str:
    rows = [["corpus_path", _e(corpus), "every report"]]
    for name, by_report in sorted(parameters.items()):
        values = {repr(v) for v in by_report.values()}
        value = values.pop() if len(values) == 1 else "; ".join(f"{r}: {v!r}" for r, v in by_report.items())
        rows.append([_e(name), f"<code>{_e(value)}</code>", _e(", ".join(sorted(by_report)))])
    note = "<p>Parameters not listed take each notebook's default (see its executed notebook).</p>"
    return "<h2>Run parameters</h2>" + _table(["parameter", "value", "given to"], rows) + note


def _corpus_section(by_source: pd.DataFrame, n_skipped: int) -> str:
    n_articles = int(by_source["n_articles"].sum())
    first, last = by_source["first_published"].min(), by_source["last_published"].max()
    span = "no dated article" if pd.isna(first) else f"published {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    summary = (f"<p>{n_articles:,} articles from {len(by_source):,} sources, {span}; "
               f"{int(by_source['n_undated'].sum()):,} undated, {int(by_source['n_inferred'].sum()):,} with a date "
               f"inferred from the events described (not stated); {n_skipped:,} files or articles left out.</p>")
    rows = [[_e(r.source), f"{r.n_articles:,}", f"{r.n_words:,}", f"{r.n_undated:,}", f"{r.n_inferred:,}",
             _e("" if pd.isna(r.first_published) else f"{r.first_published:%Y-%m-%d}"),
             _e("" if pd.isna(r.last_published) else f"{r.last_published:%Y-%m-%d}")]
            for r in by_source.itertuples()]
    header = ["source", "articles", "words", "undated", "date inferred", "first published", "last published"]
    return "<h2>Corpus</h2>" + summary + _table(header, rows, numeric=[1, 2, 3, 4])


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
) -> str:
    """The index page of a run: links to each report (failed ones marked), parameters, corpus, versions, date.

    ``parameters`` maps each run parameter to the value each report received
    (report name → value); ``by_source`` is :func:`analysis.overview.articles_by_source`'s table.
    """
    failed = [o for o in outcomes if not o.ok]
    banner = (f'<p class="banner">{len(failed)} of {len(outcomes)} reports failed: '
              f"{_e(', '.join(o.name for o in failed))}. The others rendered.</p>") if failed else ""
    versions_table = _table(["package", "version"], [[_e(k), _e(v)] for k, v in versions.items()])
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{_e(title)}</h1>\n"
        f'<p class="meta">Rendered {_e(created.strftime("%Y-%m-%d %H:%M %Z").strip())}</p>\n'
        f"{banner}\n{_reports_section(outcomes)}\n{_parameters_section(corpus, parameters)}\n"
        f"{_corpus_section(by_source, n_skipped)}\n<h2>Library versions</h2>\n{versions_table}\n"
        "</body>\n</html>\n"
    )
