"""Checks on a rendered run, as a reader would find its faults: every finding names the file and what is wrong.

:func:`audit_run` checks a run folder (``python -m analysis render``'s output):

- no chart image, saved or embedded in a page, is wider or taller than
  :data:`MAX_PIXELS` (a printed page cannot show it legibly);
- no number in an HTML table has more than :data:`MAX_TABLE_DECIMALS` decimals;
- no concordance cell is cut: every line's words before and after the keyword
  are the whole context of the CSV beside it, and none ends in ``…``;
- every inferred date is marked: given the corpus's articles, every table row
  naming an article whose date is inferred writes it ``~YYYY-MM-DD``, a chart
  over time is captioned with the count of inferred dates, and the index marks
  the inferred first or last date of a source.

Pure functions of the files (and of the articles table when given); no browser needed.
"""

from __future__ import annotations

import base64
import html
import re
import struct
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from analysis.viz.style import FORMULA_TRIGGERS

#: The largest chart, in pixels, either way.
MAX_PIXELS = 2400
#: The most decimals a number in an HTML table may have.
MAX_TABLE_DECIMALS = 4
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EMBEDDED_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
_ELLIPSIS = ("…", "...")


def png_size(data: bytes) -> tuple[int, int]:
    """``(width, height)`` of a PNG from its header; raises ``ValueError`` for anything else."""
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def oversized_images(run: Path, *, limit: int = MAX_PIXELS) -> list[str]:
    """Chart images of ``run`` (PNG files and images embedded in its pages) wider or taller than ``limit`` pixels."""
    findings = []
    for png in sorted(run.rglob("*.png")):
        width, height = png_size(png.read_bytes()[:24])
        if max(width, height) > limit:
            findings.append(f"{png.relative_to(run)}: chart image {width} × {height} px (limit {limit} px either way)")
    for page in sorted(run.glob("*.html")):
        for number, match in enumerate(_EMBEDDED_PNG.finditer(page.read_text(encoding="utf-8")), 1):
            width, height = png_size(base64.b64decode(match.group(1)[:64]))
            if max(width, height) > limit:
                findings.append(f"{page.name}: embedded image {number} is {width} × {height} px (limit {limit} px)")
    return findings


class _Tables(HTMLParser):
    """Every ``<table>`` of a page: its enclosing blocks' classes, its header, and its rows of cells as
    ``(text, tooltip)``, the tooltip being the cell's ``title`` or that of a link inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._blocks: list[str] = []
        self._cell: list[str] | None = None
        self._title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div":
            self._blocks.append(attributes.get("class") or "")
        elif tag == "table":
            self.tables.append({"classes": " ".join(self._blocks), "rows": [], "header": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
            self._title = attributes.get("title") or ""
        elif self._cell is not None and attributes.get("title") and not self._title:
            self._title = attributes["title"] or ""  # a link's tooltip names the article too

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._blocks:
            self._blocks.pop()
        elif tag in ("td", "th") and self._cell is not None and self.tables:
            text = " ".join("".join(self._cell).split())
            target = self.tables[-1]
            if tag == "th" and not any(target["rows"][-1:] and target["rows"][-1]):
                target["header"].append(text)
            else:
                target["rows"][-1].append((text, self._title))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(page: str) -> list[dict]:
    """The tables of an HTML page: ``classes`` (of the blocks around it), ``header`` and ``rows`` of ``(text, title)``."""
    parser = _Tables()
    parser.feed(page)
    for table in parser.tables:
        table["rows"] = [row for row in table["rows"] if row]
    return parser.tables


def long_decimals(run: Path, *, limit: int = MAX_TABLE_DECIMALS) -> list[str]:
    """Numbers with more than ``limit`` decimals in the HTML tables of ``run``'s pages."""
    findings = []
    for page in sorted(run.glob("*.html")):
        for table in page_tables(page.read_text(encoding="utf-8")):
            for row in table["rows"]:
                for text, _ in row:
                    if re.search(rf"\d\.\d{{{limit + 1},}}", text):
                        findings.append(f"{page.name}: table cell {text[:60]!r} has more than {limit} decimals")
    return findings


def _csv_links(page: str) -> list[str]:
    return re.findall(r'href="([^"]+\.csv)" download', page)


def _as_written(cell: str) -> str:
    """A CSV cell as the page shows it: without the ``'`` that keeps a spreadsheet from reading it as a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_TRIGGERS else cell


def cut_concordance_cells(run: Path) -> list[str]:
    """Concordance lines of ``run`` whose context is not whole: ending in an ellipsis, or differing from the CSV."""
    findings = []
    for page in sorted(run.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        concordances = [t for t in page_tables(text) if "kwic" in t["classes"].split()]
        links = [link for link in _csv_links(text) if "kwic" in link]
        for table, link in zip(concordances, links):
            csv = run / html.unescape(link)
            whole = pd.read_csv(csv, keep_default_na=False, dtype=str) if csv.is_file() else None
            contexts = (set(zip(*(whole[c].map(_as_written) for c in ("left", "match", "right"))))
                        if whole is not None else set())
            for row in table["rows"]:
                left, match, right = (" ".join(cell[0].split()) for cell in row[2:5])
                if any(part.endswith(_ELLIPSIS) or part.startswith(_ELLIPSIS) for part in (left, right)) and \
                        (left, match, right) not in contexts:
                    findings.append(f"{page.name}: concordance line cut with an ellipsis: {left[-40:]!r} {match!r}")
                elif whole is not None and (left, match, right) not in {(" ".join(a.split()), b, " ".join(c.split()))
                                                                      for a, b, c in contexts}:
                    findings.append(f"{page.name}: concordance line {left[-30:]!r} {match!r} {right[:30]!r} is not a "
                                    f"whole line of {csv.name}")
    return findings


def _inferred_articles(articles: pd.DataFrame) -> Iterator[tuple[str, str]]:
    """``(title, YYYY-MM-DD)`` of every article whose date is inferred."""
    flagged = articles.loc[articles["published_inferred"].fillna(False).astype(bool) & articles["published"].notna()]
    for title, published in zip(flagged["title"], flagged["published"]):
        if isinstance(title, str) and title.strip():
            yield " ".join(title.split()), f"{pd.Timestamp(published):%Y-%m-%d}"


def unmarked_inferred_dates(run: Path, articles: pd.DataFrame) -> list[str]:
    """Places in ``run`` where an inferred date is shown without its mark, or a chart over time says nothing of them.

    A table row naming an article whose date is inferred (its headline in a cell,
    or in a cell's tooltip) must not show the bare date; a page with a chart over
    time must say how dates were inferred; the index must use the mark.
    """
    inferred = dict(_inferred_articles(articles))
    if not inferred:
        return []
    findings = []
    for page in sorted(run.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for table in page_tables(text):
            for row in table["rows"]:
                cells = [cell for cell, _ in row]
                named = [name for name in cells + [tip for _, tip in row] if name in inferred]
                if named and inferred[named[0]] in cells:
                    findings.append(f"{page.name}: the row of {named[0][:50]!r} shows its inferred date "
                                    f"{inferred[named[0]]} without ~")
        visible = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)))
        if page.name == "index.html":
            if "~" not in visible:
                findings.append("index.html: the corpus has inferred dates but the index marks none with ~")
        elif "over time" in visible and "inferred" not in visible:
            findings.append(f"{page.name}: a chart over time, but no caption says which dates are inferred")
    return findings


def audit_run(run: str | Path, articles: pd.DataFrame | None = None) -> list[str]:
    """Every problem :mod:`analysis.reports.audit` finds in the run folder ``run`` (an empty list when there is none).

    ``articles`` (the corpus's articles table) enables the check of inferred dates.
    """
    folder = Path(run)
    findings = oversized_images(folder) + long_decimals(folder) + cut_concordance_cells(folder)
    if articles is not None:
        findings += unmarked_inferred_dates(folder, articles)
    return findings
