"""Tables for people: the analysis tables as a report shows them.

:func:`html_table` turns a tidy table into an HTML table a reader can use:
words for column names, numbers formatted (thousands separators, shares in %,
tone scores to two decimals, never more than :data:`MAX_DECIMALS`), no index
and no internal ids unless asked for, headlines linked to their article, a
``~`` before every inferred date (with a note saying so), and a sentence instead
of an empty table. Long tables can be searched, sorted by any column and paged
by a small script embedded with the table (no network, nothing to install);
without the script every row is shown. A text longer than :data:`MAX_CELL_WORDS`
words (a quotation that is a whole speech) shows its first words and how many
follow; the rest stays in the page, hidden, for the search, and the CSV holds it.
The full data is one click away as CSV.

:func:`concordance_table` shows keyword-in-context lines as a concordance: the
left context right-aligned up to the keyword, the keyword in a column of its
own, the right context, the source, the date and a link, every line complete.
A context wider than its cell shows its words nearest the keyword and hides the
rest at a word boundary (the whole context is in the page, the search, the
tooltip and the CSV).
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlparse

import pandas as pd
from IPython.display import HTML

from analysis.core.schema import FIELDS
from analysis.measures.terms import MAX_CONCORDANCE_LINES, shown_lines
from analysis.viz.style import MAX_CELL_WORDS

#: The most decimals a number in a table is written with.
MAX_DECIMALS = 2
#: Rows per page of a long table (the script pages it; without the script all rows show).
PAGE_SIZE = 20
#: Rows written into the HTML at most; the rest are in the CSV only.
MAX_HTML_ROWS = 5_000

INFERRED_MARK = "~"
INFERRED_NOTE = "~ date inferred from the events described, not stated in the article."
MISSING = "–"

#: Column names in words. Columns not listed are shown with their name's words (``n_lines`` → ``N lines``).
LABELS = {
    "doc_id": "Article id", "source": "Source", "url": "Address", "title": "Article", "published": "Date",
    "language": "Language", "translated_from": "Translated from", "path": "File", "encoding": "Encoding",
    "n_articles": "Articles", "n_words": "Words", "median_words": "Median words per article",
    "n_undated": "Undated", "n_inferred": "Dates inferred", "first_published": "First date",
    "last_published": "Last date", "n_sentences": "Sentences", "mean_compound": "Mean tone",
    "ci_low": "Interval from", "ci_high": "Interval to", "share_positive": "Positive", "share_neutral": "Neutral",
    "share_negative": "Negative", "small_n": "Small n", "rule": "Rule", "n_lines": "Lines",
    "n_removed": "Lines removed", "share_removed": "Share removed", "reason": "Reason", "polarity": "Polarity",
    "rank": "Rank", "compound": "Tone", "text": "Sentence", "actor": "Actor", "n_mentions": "Mentions",
    "n_group_articles": "Articles in source", "n_group_words": "Words in source",
    "mentions_per_1000_words": "Mentions per 1,000 words", "share_of_mentions": "Share of voice",
    "share_of_articles": "Articles naming the actor", "candidate": "Name", "example": "First occurrence",
    "bigram": "Collocation", "count": "Count", "score": "Score", "measure": "Measure", "concept": "Concept",
    "variant": "Variant", "frame": "What choosing it signals", "term": "Term", "per_10k": "Per 10,000 words",
    "z": "z", "count_others": "Count in the other sources", "left": "Before", "match": "Keyword",
    "right": "After", "n_docs": "Articles using it", "share": "Share", "group_docs": "Articles in source",
    "actor_a": "Actor", "actor_b": "Named with", "n_together": "Together", "unit": "Counted per",
    "period": "Period", "share_of_source": "Share of the source's articles", "outlet_country": "Outlet country",
    "outlet_type": "Outlet type", "date_basis": "How the date is known", "role": "Role", "country": "Country",
    "label": "Label", "name": "Name",
}
#: Float columns written with a sign and two decimals (VADER scores, tone toward an actor, differences).
_SIGNED = {"mean_compound", "ci_low", "ci_high", "compound", "neg", "neu", "pos", "log_odds", "z", "difference", "mean_a",
           "mean_b", "mean_tone", "tone_ci_low", "tone_ci_high"}
#: Float columns written without decimals.
_WHOLE = {"median_words"}
#: Columns hidden unless asked for: internal ids and offsets.
HIDDEN = ("doc_id", "sentence_id", "start", "end", "example_doc_id", "path", "encoding")
#: Date columns and the flag that says the date is inferred.
_DATE_FLAGS = {"published": "published_inferred", "first_published": "first_inferred", "last_published": "last_inferred"}
_SLUG = re.compile(r"[^a-z0-9]+")
_ids = itertools.count(1)

_STYLE = """
<style>
.rt { margin: 0.4rem 0 1.2rem; font-size: 0.85rem; overflow-x: auto; }
.rt table { border-collapse: collapse; width: auto; max-width: 100%; }
.rt th, .rt td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.55rem; text-align: left !important;
                 vertical-align: top !important; line-height: 1.35; }
.rt th { background: #f2f2f2; font-weight: 600; position: sticky; top: 0; }
.rt th[data-sortable] { cursor: pointer; user-select: none; }
.rt th[aria-sort=ascending]::after { content: " \\25B2"; font-size: 0.7em; }
.rt th[aria-sort=descending]::after { content: " \\25BC"; font-size: 0.7em; }
.rt td.num, .rt th.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.rt td.date { white-space: nowrap; }
.rt td.text { min-width: 16rem; max-width: 40rem; }
.rt .rt-controls { display: flex; gap: 0.6rem; align-items: center; margin: 0.3rem 0; flex-wrap: wrap; }
.rt .rt-controls input { padding: 0.2rem 0.4rem; min-width: 14rem; }
.rt .rt-note { color: #555; margin: 0.2rem 0; }
.rt-empty { font-style: italic; color: #555; }
.rt .rt-more { color: #555; font-style: italic; }
.rt.kwic table { table-layout: fixed; width: 100%; }
.rt.kwic td.kwic-left, .rt.kwic td.kwic-right { overflow: hidden; }
.rt.kwic td.kwic-left > div, .rt.kwic td.kwic-right > div { height: 1.35em; overflow: hidden; overflow-wrap: normal; }
.rt.kwic td.kwic-left > div { display: flex; flex-direction: column; justify-content: flex-end; text-align: right; }
.rt.kwic td.kwic-match { text-align: center !important; font-weight: 700; white-space: nowrap; }
.rt.kwic th:nth-child(3) { text-align: right !important; } .rt.kwic th:nth-child(4) { text-align: center !important; }
@media print { .rt tbody tr { display: table-row !important; } .rt .rt-controls { display: none; } }
</style>
"""

_SCRIPT = """
<script>
(function () {
  if (!window.reportTable) {
    window.reportTable = function (id, pageSize) {
      var box = document.getElementById(id);
      if (!box || box.getAttribute("data-ready")) { return; }
      box.setAttribute("data-ready", "1");
      var body = box.querySelector("tbody"), rows = Array.prototype.slice.call(body.rows), shown = rows;
      var page = 0, all = false, controls = box.querySelector(".rt-controls");
      var search = box.querySelector(".rt-search"), info = box.querySelector(".rt-info");
      var prev = box.querySelector(".rt-prev"), next = box.querySelector(".rt-next"), every = box.querySelector(".rt-all");
      controls.hidden = false;
      function draw() {
        var n = shown.length, size = all ? Math.max(n, 1) : pageSize, last = Math.max(0, Math.ceil(n / size) - 1);
        page = Math.min(page, last);
        var start = page * size, end = Math.min(n, start + size);
        rows.forEach(function (r) { r.style.display = "none"; });
        shown.forEach(function (r, i) { body.appendChild(r); r.style.display = (i >= start && i < end) ? "" : "none"; });
        info.textContent = n === 0 ? "No row matches." : "Rows " + (start + 1).toLocaleString("en") + "\\u2013" +
          end.toLocaleString("en") + " of " + n.toLocaleString("en") + (n < rows.length ? " matching" : "");
        prev.disabled = page === 0; next.disabled = end >= n; every.textContent = all ? "Show pages" : "Show all";
      }
      function filter() {
        var q = search.value.toLowerCase();
        shown = rows.filter(function (r) { return r.textContent.toLowerCase().indexOf(q) >= 0; });
      }
      search.addEventListener("input", function () { filter(); page = 0; draw(); });
      prev.addEventListener("click", function () { page -= 1; draw(); });
      next.addEventListener("click", function () { page += 1; draw(); });
      every.addEventListener("click", function () { all = !all; page = 0; draw(); });
      Array.prototype.forEach.call(box.querySelectorAll("th"), function (th, column) {
        th.setAttribute("data-sortable", "1");
        th.title = "Sort by this column";
        th.addEventListener("click", function () {
          var up = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(box.querySelectorAll("th"), function (o) { o.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", up ? "ascending" : "descending");
          function key(r) { var c = r.cells[column]; return c.getAttribute("data-sort") || c.textContent; }
          rows.sort(function (a, b) {
            var x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y), d;
            if (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim()) { d = nx - ny; }
            else { d = x.localeCompare(y, "en", {numeric: true, sensitivity: "base"}); }
            return up ? d : -d;
          });
          filter(); page = 0; draw();
        });
      });
      draw();
    };
  }
})();
</script>
"""


def _label(column: str, labels: Mapping[str, str]) -> str:
    if column in labels:
        return labels[column]
    if column in LABELS:
        return LABELS[column]
    words = column.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _is_share(column: str, series: pd.Series) -> bool:
    field = FIELDS.get(column)
    return pd.api.types.is_float_dtype(series) and field is not None and field.unit == "0 … 1"


def _decimals(column: str, series: pd.Series) -> int:
    """Decimals for a float column: none for whole quantities, one for rates, two otherwise."""
    if column in _WHOLE:
        return 0
    finite = series.dropna().abs()
    if column in _SIGNED or finite.empty:
        return MAX_DECIMALS
    return 0 if finite.min() >= 100 else 1 if finite.min() >= 10 else MAX_DECIMALS


def _cell(text: str, sort: object = None, css: str = "", title: str = "") -> str:
    attrs = (f' data-sort="{html.escape(str(sort))}"' if sort is not None else "") + (f' class="{css}"' if css else "")
    attrs += f' title="{html.escape(title)}"' if title else ""
    return f"<td{attrs}>{text}</td>"


def _format_column(frame: pd.DataFrame, column: str) -> tuple[list[str], str]:
    """The HTML cells of one column and the column's CSS class (``num``, ``date``, ``text`` or none)."""
    series = frame[column]
    if column in _DATE_FLAGS or pd.api.types.is_datetime64_any_dtype(series):
        flags = frame[_DATE_FLAGS[column]] if column in _DATE_FLAGS and _DATE_FLAGS[column] in frame.columns else None
        cells = []
        for i, value in enumerate(series):
            if pd.isna(value):
                cells.append(_cell(MISSING, sort="", css="date"))
                continue
            day = pd.Timestamp(value).strftime("%Y-%m-%d")
            inferred = flags is not None and pd.notna(flags.iloc[i]) and bool(flags.iloc[i])
            mark = INFERRED_MARK if inferred else ""
            cells.append(_cell(mark + day, sort=day, css="date", title="date inferred, not stated" if inferred else ""))
        return cells, "date"
    if pd.api.types.is_bool_dtype(series):
        return [_cell("yes" if v is True or v == 1 else "" if pd.notna(v) else MISSING, sort=int(bool(v)) if pd.notna(v) else -1)
                for v in series], ""
    if pd.api.types.is_integer_dtype(series):
        return [_cell(f"{int(v):,}" if pd.notna(v) else MISSING, sort=int(v) if pd.notna(v) else "", css="num")
                for v in series], "num"
    if pd.api.types.is_float_dtype(series):
        if _is_share(column, series):
            return [_cell(f"{v * 100:.1f}%" if pd.notna(v) else MISSING, sort=round(float(v), 6) if pd.notna(v) else "",
                          css="num") for v in series], "num"
        digits = _decimals(column, series)
        spec = f"+,.{digits}f" if column in _SIGNED else f",.{digits}f"
        return [_cell(format(v, spec).replace("-", "\u2212") if pd.notna(v) else MISSING,
                      sort=round(float(v), 6) if pd.notna(v) else "", css="num") for v in series], "num"
    texts = ["" if pd.isna(v) else str(v) for v in series]
    long = any(len(t) > 80 for t in texts)
    return [_text_cell(t) for t in texts], "text" if long else ""


def _text_cell(text: str) -> str:
    """A text's cell: the text, or its first :data:`MAX_CELL_WORDS` words and how many follow (the rest hidden in the
    cell, where the table's search still finds it)."""
    if not text:
        return _cell(MISSING)
    words = text.split()
    if len(words) <= MAX_CELL_WORDS:
        return _cell(html.escape(text))
    more = f" … (+{len(words) - MAX_CELL_WORDS:,} words, in the CSV)"
    return _cell(html.escape(" ".join(words[:MAX_CELL_WORDS])) + f'<span class="rt-more">{html.escape(more)}</span>'
                 + f'<span hidden> {html.escape(" ".join(words[MAX_CELL_WORDS:]))}</span>')


def _linked_titles(frame: pd.DataFrame) -> list[str]:
    """The ``title`` cells linked to ``url`` (the address's host when there is no title)."""
    cells = []
    for title, url in zip(frame["title"], frame["url"]):
        text = "" if pd.isna(title) else str(title)
        if pd.isna(url) or not str(url).strip():
            cells.append(_cell(html.escape(text) if text else MISSING, sort=text.lower(), css="text"))
            continue
        shown = text or urlparse(str(url)).netloc or str(url)
        cells.append(_cell(f'<a href="{html.escape(str(url))}" target="_blank" rel="noopener">{html.escape(shown)}</a>',
                           sort=shown.lower(), css="text"))
    return cells


def _prepare(frame: pd.DataFrame, columns: Sequence[str] | None, keep: Iterable[str]) -> list[str]:
    """The columns to show, in order: ``columns`` when given, else every column but the hidden ones and date flags."""
    if columns is not None:
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise KeyError(f"html_table: no column(s) {missing} in the table; its columns are {list(frame.columns)}")
        return list(columns)
    hidden = set(HIDDEN) - set(keep)
    hidden |= {flag for date, flag in _DATE_FLAGS.items() if date in frame.columns}
    hidden |= {c for c in frame.columns if frame[c].isna().all() and c not in keep}  # a column with nothing to say
    if "title" in frame.columns and "url" in frame.columns:
        hidden.add("url")
    return [c for c in frame.columns if c not in hidden]


def _any_inferred(frame: pd.DataFrame, shown: Sequence[str]) -> bool:
    """Whether a shown date column has an inferred date (so the table needs the note on ``~``)."""
    return any(date in shown and flag in frame.columns and frame[flag].fillna(False).astype(bool).any()
               for date, flag in _DATE_FLAGS.items())


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "table"


def _controls(n_rows: int, page_size: int) -> str:
    if n_rows <= page_size:
        return '<div class="rt-controls" hidden><input class="rt-search" type="search" placeholder="Search the table" ' \
               'aria-label="Search the table"><span class="rt-info"></span><button class="rt-prev" hidden></button>' \
               '<button class="rt-next" hidden></button><button class="rt-all" hidden></button></div>'
    return ('<div class="rt-controls" hidden><input class="rt-search" type="search" placeholder="Search the table" '
            'aria-label="Search the table"><button class="rt-prev">Previous</button><button class="rt-next">Next</button>'
            '<button class="rt-all">Show all</button><span class="rt-info"></span></div>')


def _links(csv: str | None, n_rows: int, n_shown: int, which: str = "") -> str:
    parts = []
    if n_shown < n_rows:
        parts.append(which or f"The first {n_shown:,} of {n_rows:,} rows are shown here; the CSV has them all.")
    if csv:
        name = csv.rsplit("/", 1)[-1]
        parts.append(f'Full table ({n_rows:,} row{"s" if n_rows != 1 else ""}): <a href="{html.escape(csv)}" download>'
                     f"{html.escape(name)}</a>.")
    return f'<p class="rt-note">{" ".join(parts)}</p>' if parts else ""


def _assemble(header: list[tuple[str, str]], body: list[list[str]], *, name: str, css: str, n_rows: int,
              csv: str | None, notes: Sequence[str], page_size: int, colgroup: str = "", which: str = "") -> HTML:
    table_id = f"rt-{_slug(name)}-{next(_ids)}"
    head = "".join(f'<th class="{c}" scope="col">{html.escape(label)}</th>' if c else
                   f'<th scope="col">{html.escape(label)}</th>' for label, c in header)
    rows = "".join(f"<tr>{''.join(cells)}</tr>" for cells in body)
    note = "".join(f'<p class="rt-note">{html.escape(n)}</p>' for n in notes)
    script = f'<script>window.reportTable && window.reportTable("{table_id}", {int(page_size)});</script>'
    return HTML(f'{_STYLE}{_SCRIPT}<div class="rt {css}" id="{table_id}">{_controls(len(body), page_size)}'
                f"<table>{colgroup}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}"
                f"{_links(csv, n_rows, len(body), which)}</div>{script}")


def html_table(
    frame: pd.DataFrame,
    *,
    name: str = "table",
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    keep: Iterable[str] = (),
    csv: str | None = None,
    empty: str = "No rows.",
    page_size: int = PAGE_SIZE,
    max_rows: int = MAX_HTML_ROWS,
) -> HTML:
    """``frame`` as a table for people (see the module docstring), ready to display in a notebook.

    Parameters
    ----------
    name
        What the table is (used for its HTML id).
    columns
        The columns to show, in order; default every column but the internal ones
        (:data:`HIDDEN`, unless named in ``keep``), the inferred-date flags (shown
        as ``~`` before the date) and ``url`` when ``title`` links to it.
    labels
        Column headers for columns :data:`LABELS` does not name, or to override it.
    csv
        Link to the full table as CSV (a path relative to the report's HTML).
    empty
        The sentence shown instead of a table without rows (``""``: nothing is shown).
    page_size, max_rows
        Rows per page (the script pages longer tables) and at most how many rows
        are written into the HTML (the CSV holds them all).
    """
    labels = labels or {}
    if frame.empty:
        return HTML(f'<p class="rt-empty">{html.escape(empty)}</p>' if empty else "")
    shown = _prepare(frame, columns, keep)
    part = frame.head(max_rows).reset_index(drop=True)
    cells, header = [], []
    for column in shown:
        if column == "title" and "url" in part.columns and "url" not in shown:
            cells.append(_linked_titles(part))
            header.append((_label(column, labels), "text"))
            continue
        column_cells, css = _format_column(part, column)
        cells.append(column_cells)
        header.append((_label(column, labels) + (" (%)" if _is_share(column, part[column]) else ""), css))
    notes = [INFERRED_NOTE] if _any_inferred(part, shown) else []
    body = [list(row) for row in zip(*cells)]
    return _assemble(header, body, name=name, css="", n_rows=len(frame), csv=csv, notes=notes, page_size=page_size)


def concordance_table(
    lines: pd.DataFrame,
    *,
    name: str = "concordance",
    by: str = "source",
    csv: str | None = None,
    empty: str = "No occurrence.",
    page_size: int = PAGE_SIZE,
    max_rows: int = MAX_CONCORDANCE_LINES,
) -> HTML:
    """Keyword-in-context lines (:func:`analysis.measures.terms.concordance`) as a concordance.

    Columns: source, date (``~`` when inferred), the words before the keyword
    right-aligned against it, the keyword, the words after it, and a link to the
    article (its headline on hover). Every cell holds its whole text; a context
    too long for its column shows the words nearest the keyword and hides the
    others at a word boundary on screen, never in the page's text, the search or
    the CSV. Up to ``max_rows`` lines are written into the page; beyond, an even
    share of each source's (:func:`analysis.measures.terms.shown_lines`), which the note
    under the table and :func:`analysis.viz.kwic_caption` say.
    """
    if lines.empty:
        return HTML(f'<p class="rt-empty">{html.escape(empty)}</p>' if empty else "")
    part = shown_lines(lines, limit=max_rows, by=by).reset_index(drop=True)
    dates, _ = _format_column(part, "published")
    body = []
    for i, row in enumerate(part.itertuples(index=False)):
        row = row._asdict()
        left, match, right = (str(row[c]) if pd.notna(row[c]) else "" for c in ("left", "match", "right"))
        title = "" if pd.isna(row.get("title")) else str(row["title"])
        url = row.get("url")
        has_url = pd.notna(url) and bool(str(url).strip())
        link = (f'<a href="{html.escape(str(url))}" target="_blank" rel="noopener" title="{html.escape(title)}">article</a>'
                if has_url else MISSING)
        body.append([
            _cell(html.escape(str(row[by]))), dates[i],
            _cell(f"<div><span>{html.escape(left)}</span></div>", sort=" ".join(reversed(left.lower().split())),
                  css="kwic-left", title=left),
            _cell(html.escape(match), sort=match.lower(), css="kwic-match"),
            _cell(f"<div>{html.escape(right)}</div>", sort=right.lower(), css="kwic-right", title=right),
            _cell(link, sort=title.lower(), title="" if has_url else title),
        ])
    header = [(LABELS.get(by, by.capitalize()), ""), ("Date", "date"), ("Before", "num"), ("Keyword", ""), ("After", ""),
              ("Link", "")]
    keyword = math.ceil(1.15 * max(len("Keyword"), int(part["match"].astype(str).str.len().max()))) + 2  # bold is wider
    colgroup = ('<colgroup><col style="width:9rem"><col style="width:7.5rem"><col>'
                f'<col style="width:{keyword}ch"><col><col style="width:4rem"></colgroup>')
    notes = [INFERRED_NOTE] if part["published_inferred"].fillna(False).astype(bool).any() else []
    which = (f"The table holds {len(part):,} of {len(lines):,} lines, each source's earliest in turn; the CSV has "
             "them all.")
    return _assemble(header, body, name=name, css="kwic", n_rows=len(lines), csv=csv, notes=notes,
                     page_size=page_size, colgroup=colgroup, which=which)
