"""Checks on a rendered run, as a reader would find its faults: every finding names the file and what is wrong.

:func:`audit_run` checks a run folder (``python -m analysis render``'s output):

- no chart image, saved or embedded in a page, is wider than :data:`MAX_WIDTH_PX`
  or taller than :data:`MAX_HEIGHT_PX` (a printed page at a legible scale);
- every saved chart carries the layout matplotlib measured when it was drawn
  (:func:`analysis.viz.style.layout_metadata`), and by it: no two texts of a chart
  overlap, no legend tells more than four entries apart by shades of grey alone or
  has two entries of nearly the same colour, no chart is a placeholder image of a
  sentence, and a chart that shows the top N of more items says so in its page;
- no table is cut while the words before it promise every row ("every
  occurrence is in the table");
- no chart over time is stretched by outlying dates (most of its periods
  empty beside the busiest), no words-per-article chart is squeezed by one long
  article without saying so;
- no caption ranks a mean first ("the most positive mean is X's") when X's interval
  overlaps another's;
- no shown distinctive or top term is the outlet naming itself, its address or a
  credit line (:func:`analysis.measures.terms.self_references`), and the framing
  table beside the chart counts before and after furniture removal;
- the index's parameter table fits a screen;
- no number in an HTML table has more than :data:`MAX_TABLE_DECIMALS` decimals;
- no concordance cell is cut: every line's words before and after the keyword
  are the whole context of the CSV beside it, and none ends in ``…``;
- every inferred date is marked: given the corpus's articles, every table row
  naming an article whose date is inferred writes it ``~YYYY-MM-DD``, a chart
  over time is captioned with the count of inferred dates, and the index marks
  the inferred first or last date of a source;
- given the articles, every warning about an outlet
  (:func:`analysis.measures.overview.outlet_warnings`: lead paragraphs, off-topic
  flags…) is on the index;
- given a browser's measurements of the pages (``layout``, as
  ``scripts/screenshots.py`` takes them), no table is wider than its box or the
  page, and no concordance context is cut on screen in the middle of a word.

Pure functions of the files (and of the articles table and layout when given); no browser needed.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
import math
import re
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.measures.overview import outlet_warnings
from analysis.measures.terms import self_reference_rules, self_references
from analysis.viz.style import (
    FORMULA_TRIGGERS,
    LEGEND_COLORS_KEY,
    MAX_HEIGHT,
    MAX_WIDTH,
    PLACEHOLDER_KEY,
    REPORT_STYLE,
    SHOWN_KEY,
    TEXT_BOXES_KEY,
)

#: The widest and tallest chart image, in pixels: a printed page (README: at most 1,500 × 2,100 px).
MAX_WIDTH_PX = int(MAX_WIDTH * REPORT_STYLE["savefig.dpi"])
MAX_HEIGHT_PX = int(MAX_HEIGHT * REPORT_STYLE["savefig.dpi"])
#: The larger of the two (kept for callers that check one number).
MAX_PIXELS = max(MAX_WIDTH_PX, MAX_HEIGHT_PX)
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


def oversized_images(run: Path, *, width: int = MAX_WIDTH_PX, height: int = MAX_HEIGHT_PX) -> list[str]:
    """Chart images of ``run`` (PNG files and images embedded in its pages) wider than ``width`` or taller than
    ``height`` pixels."""
    findings = []
    limit = f"limit {width:,} × {height:,} px"
    for png in _chart_files(run):
        w, h = png_size(png.read_bytes()[:24])
        if w > width or h > height:
            findings.append(f"{png.relative_to(run)}: chart image {w:,} × {h:,} px ({limit})")
    for page in sorted(run.glob("*.html")):
        for number, match in enumerate(_EMBEDDED_PNG.finditer(page.read_text(encoding="utf-8")), 1):
            w, h = png_size(base64.b64decode(match.group(1)[:64]))
            if w > width or h > height:
                findings.append(f"{page.name}: embedded image {number} is {w:,} × {h:,} px ({limit})")
    return findings


def _chart_files(run: Path) -> list[Path]:
    return sorted(run.rglob("*.png"))


# ------------------------------------------------------------------ what the charts' PNGs record


def png_text(data: bytes) -> dict[str, str]:
    """The text chunks of a PNG (``tEXt``, ``zTXt``, ``iTXt``) as ``{key: value}``."""
    if data[:8] != _PNG_SIGNATURE:
        raise ValueError("not a PNG image")
    found: dict[str, str] = {}
    position = 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            found[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, value = body.partition(b"\0")
            found[key.decode("latin-1")] = zlib.decompress(value[1:]).decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")  # language tag
            _, _, value = rest.partition(b"\0")  # translated key
            found[key.decode("latin-1")] = (zlib.decompress(value) if compressed else value).decode("utf-8")
        elif kind == b"IEND":
            break
    return found


def _corners(box: Mapping[str, float], shrink: float) -> np.ndarray:
    """The four corners of a text box (centre, size before rotation, angle), shrunk by ``shrink`` of its height."""
    half_w = max(0.0, box["w"] / 2 - shrink * box["h"] / 2)
    half_h = box["h"] / 2 * (1 - shrink)
    angle = math.radians(box["angle"])
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h)]
    return np.array([(box["x"] + x * cos - y * sin, box["y"] + x * sin + y * cos) for x, y in corners])


def _separated(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two convex polygons do not overlap (separating axis theorem)."""
    for polygon in (a, b):
        for i in range(len(polygon)):
            edge = polygon[(i + 1) % len(polygon)] - polygon[i]
            axis = np.array([-edge[1], edge[0]])
            if not axis.any():
                continue
            pa, pb = a @ axis, b @ axis
            if pa.max() <= pb.min() or pb.max() <= pa.min():
                return True
    return False


def overlapping_texts(boxes: Sequence[Mapping[str, object]], *, shrink: float = 0.25) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap (each box shrunk by ``shrink`` of its height all round, so that texts
    that merely touch, such as lines of a paragraph, do not count)."""
    polygons = [(str(box["text"]), _corners(box, shrink)) for box in boxes]  # type: ignore[arg-type]
    found = []
    for (text_a, a), (text_b, b) in itertools.combinations(polygons, 2):
        if (np.abs(a.mean(axis=0) - b.mean(axis=0)) > np.ptp(a, axis=0) / 2 + np.ptp(b, axis=0) / 2).any():
            continue
        if not _separated(a, b):
            found.append((text_a, text_b))
    return found


def _grey(color: str) -> bool:
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return max(red, green, blue) - min(red, green, blue) < 20


def _close(a: str, b: str) -> bool:
    one, two = (np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)], dtype=float) for c in (a, b))
    return bool(np.linalg.norm(one - two) < 24)


def chart_layout_faults(run: Path) -> list[str]:
    """What the layout recorded in ``run``'s chart PNGs shows: overlapping texts, indistinct legends, placeholders,
    charts without a layout record (not saved by :func:`analysis.viz.save_chart`), and charts showing the top N of
    more items whose page does not say so."""
    findings = []
    for png in _chart_files(run):
        name = png.relative_to(run)
        meta = png_text(png.read_bytes())
        if TEXT_BOXES_KEY not in meta:
            findings.append(f"{name}: the chart carries no layout record, so its texts cannot be checked for overlaps "
                            "(save charts with analysis.viz.save_chart)")
            continue
        pairs = overlapping_texts(json.loads(meta[TEXT_BOXES_KEY]))
        if pairs:
            shown = "; ".join(f"{a!r} and {b!r}" for a, b in pairs[:3])
            findings.append(f"{name}: {len(pairs)} pair(s) of texts overlap: {shown}")
        for legend in json.loads(meta.get(LEGEND_COLORS_KEY, "[]")):
            plain = [c for c in legend if "/" not in c]
            if len(plain) > 4 and all(_grey(c) for c in plain):
                findings.append(f"{name}: a legend tells {len(plain)} entries apart by shades of grey alone")
            elif any(_close(a, b) for a, b in itertools.combinations(plain, 2)):
                findings.append(f"{name}: a legend has two entries of nearly the same colour")
        if PLACEHOLDER_KEY in meta:
            findings.append(f"{name}: a placeholder image instead of a chart ({meta[PLACEHOLDER_KEY]!r}); say it in "
                            "the caption and save no image")
        if SHOWN_KEY in meta:
            page = run / f"{png.parent.name}.html"
            visible = _visible_text(page.read_text(encoding="utf-8")) if page.is_file() else ""
            if meta[SHOWN_KEY] not in visible:
                findings.append(f"{name}: the chart shows {meta[SHOWN_KEY]} but {page.name} does not say so")
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
        visible = _visible_text(text)
        if page.name == "index.html":
            if "~" not in visible:
                findings.append("index.html: the corpus has inferred dates but the index marks none with ~")
        elif "over time" in visible and "inferred" not in visible:
            findings.append(f"{page.name}: a chart over time, but no caption says which dates are inferred")
    return findings


def _visible_text(page: str) -> str:
    """A page's text as a reader sees it: no tags, styles or scripts, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S))
    return " ".join(html.unescape(text).split())


# ------------------------------------------------------------------ what captions promise

_CUT_NOTE = re.compile(r"(?:The first|The table holds) ([\d,]+) of ([\d,]+) (?:rows are shown here|lines)")
_EVERY_ROW = re.compile(r"\b(?:[Ee]very|[Aa]ll)\b(?:(?!\.\s)[^|]){0,80}?\bin the table\b")


def cut_table_promises(run: Path) -> list[str]:
    """Tables cut short (the first N of M rows shown) whose page promises, just before them, that every row is there."""
    findings = []
    for page in sorted(run.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        starts = [m.start() for m in re.finditer(r'<div class="rt[ "]', text)]
        for previous, start in zip([0, *starts], starts):
            end = text.find("</table>", start)
            cut = _CUT_NOTE.search(_visible_text(text[end:end + 2000])) if end >= 0 else None
            if cut is None:
                continue
            before = _visible_text(text[previous:start])[-1500:]
            promise = list(_EVERY_ROW.finditer(before))
            if promise:
                findings.append(f"{page.name}: a table shows {cut.group(1)} of {cut.group(2)} rows, but the text "
                                f"before it says {promise[-1].group()!r}")
    return findings


_RANKED = re.compile(r"the most (positive|negative) mean is (.+?)'s? \(")


def _interval_tables(folder: Path) -> Iterator[tuple[Path, pd.DataFrame]]:
    for csv in sorted(folder.glob("*.csv")):
        table = pd.read_csv(csv, nrows=5000)
        if {"source", "mean_compound", "ci_low", "ci_high"} <= set(table.columns) and "actor" not in table.columns \
                and "period" not in table.columns:
            yield csv, table


def ranked_ties(run: Path) -> list[str]:
    """Captions naming one source's mean the most positive (or negative) when its interval overlaps another's."""
    findings = []
    for page in sorted(run.glob("*.html")):
        visible = _visible_text(page.read_text(encoding="utf-8"))
        tables = list(_interval_tables(run / page.stem))
        for match in _RANKED.finditer(visible):
            side, name = match.group(1), match.group(2)
            for csv, table in tables:
                trusted = table.loc[~table["small_n"].astype(bool)] if "small_n" in table.columns else table
                leader = trusted.loc[trusted["source"].astype(str) == name]
                if leader.empty or leader[["ci_low", "ci_high"]].isna().any(axis=None):
                    continue
                low, high = float(leader["ci_low"].iloc[0]), float(leader["ci_high"].iloc[0])
                others = trusted.loc[(trusted["source"].astype(str) != name) & (trusted["ci_low"] <= high)
                                     & (trusted["ci_high"] >= low)]
                if len(others):
                    findings.append(f"{page.name}: the caption ranks {name}'s mean most {side}, but its interval "
                                    f"overlaps {', '.join(others['source'].astype(str).head(3))}'s ({csv.name}): a tie")
                break
    return findings


def stretched_time_axes(run: Path, *, empty_share: float = 0.5, floor: float = 0.01, min_articles: int = 100) -> list[str]:
    """Charts over time whose periods are mostly empty beside the busiest (``floor`` of its articles): outlying dates
    stretched the axis. Charts of fewer than ``min_articles`` articles are left alone: a handful of articles leave
    most periods empty however the axis is chosen."""
    findings = []
    for csv in sorted(run.rglob("*.csv")):
        head = pd.read_csv(csv, nrows=0).columns
        if not {"period", "n_articles"} <= set(head):
            continue
        totals = pd.read_csv(csv, usecols=["period", "n_articles"]).groupby("period")["n_articles"].sum()
        if len(totals) < 8 or totals.sum() < min_articles:
            continue
        sparse = int((totals < floor * totals.max()).sum())
        if sparse > empty_share * len(totals):
            findings.append(f"{csv.relative_to(run)}: {sparse} of {len(totals)} periods hold under {floor:.0%} of the "
                            "busiest one's articles: outlying dates stretch the time axis")
    return findings


def squeezed_lengths(run: Path, *, ratio: float = 5.0) -> list[str]:
    """A words-per-article chart whose longest article is ``ratio`` times the 99th percentile, on a page that says
    nothing of clipping it or of a log axis."""
    findings = []
    for csv in sorted(run.rglob("words_per_article.csv")):
        words = pd.read_csv(csv, usecols=["n_words"])["n_words"].dropna()
        if len(words) < 20 or words.max() <= ratio * words.quantile(0.99):
            continue
        page = run / f"{csv.parent.name}.html"
        visible = _visible_text(page.read_text(encoding="utf-8")) if page.is_file() else ""
        if not re.search(r"right edge|clipped|log(?:arithmic)? (?:axis|scale)", visible):
            findings.append(f"{csv.relative_to(run)}: the longest article ({words.max():,.0f} words) squeezes the "
                            "others, and the page says nothing of clipping or a log axis")
    return findings


def self_referential_terms(run: Path, articles: pd.DataFrame, fragments: pd.DataFrame | None = None) -> list[str]:
    """Shown top or distinctive terms that are an outlet naming itself, its address or a credit line."""
    references = self_references(articles, fragments)
    findings = []
    for name in ("distinctive_terms_by_source.csv", "top_terms_by_source.csv"):
        for csv in sorted(run.rglob(name)):
            shown = pd.read_csv(csv, keep_default_na=False, dtype={"term": str, "source": str})
            if not {"source", "term"} <= set(shown.columns):
                continue
            rules = self_reference_rules(shown["term"], shown["source"], references)
            hits = shown.loc[rules.notna().to_numpy(), ["source", "term"]]
            if len(hits):
                listed = ", ".join(f"{s}: {t!r}" for s, t in hits.head(5).itertuples(index=False))
                findings.append(f"{csv.relative_to(run)}: {len(hits)} shown term(s) name an outlet, its address or a "
                                f"credit line ({listed})")
    return findings


def framing_without_removal_counts(run: Path) -> list[str]:
    """Framing tables whose CSV does not give the counts before furniture removal beside those after."""
    findings = []
    for csv in sorted(run.rglob("framing_markers*.csv")):
        columns = set(pd.read_csv(csv, nrows=0).columns)
        if {"variant", "count"} <= columns and "count_raw" not in columns:
            findings.append(f"{csv.relative_to(run)}: framing counts without the counts before furniture removal")
    return findings


#: The most rows the index's parameter table may show before folding (a screen).
MAX_INDEX_PARAMETERS = 15


def crowded_index(run: Path, *, limit: int = MAX_INDEX_PARAMETERS) -> list[str]:
    """An index whose parameter table, unfolded, is longer than a screen."""
    index = run / "index.html"
    if not index.is_file():
        return []
    text = re.sub(r"<details\b.*?</details>", " ", index.read_text(encoding="utf-8"), flags=re.S)
    parameters = re.search(r"<h2>Run parameters</h2>(.*?)(?=<h2>|$)", text, flags=re.S)
    rows = len(re.findall(r"<tr", parameters.group(1))) - 1 if parameters else 0
    return [f"index.html: the parameter table shows {rows} rows unfolded (at most {limit}: a screen)"] if rows > limit else []


def missing_outlet_warnings(run: Path, articles: pd.DataFrame) -> list[str]:
    """Warnings about outlets (lead paragraphs, off-topic flags…) that the index does not give."""
    index = run / "index.html"
    if not index.is_file():
        return []
    visible = _visible_text(index.read_text(encoding="utf-8"))
    return [f"index.html: no warning that {row.source}: {row.detail}" for row in outlet_warnings(articles).itertuples()
            if " ".join(str(row.detail).split()) not in visible]


# ------------------------------------------------------------------ what a browser measured

def layout_faults(layout: Mapping[str, Sequence[Mapping[str, object]]]) -> list[str]:
    """Findings from a browser's measurements of the pages (``{page: [measurement…]}``, as
    ``scripts/screenshots.py`` takes them): tables wider than their box or the page, concordance contexts cut on
    screen (their text wider than the cell that clips it, so a word is cut)."""
    findings = []
    for page, measured in sorted(layout.items()):
        for item in measured:
            kind = item.get("kind")
            if kind == "wide table":
                findings.append(f"{page}: table {item.get('table')!r} is {item.get('width')} px wide in a "
                                f"{item.get('box')} px box")
            elif kind == "cut context":
                findings.append(f"{page}: concordance contexts are cut mid-word on screen ({item.get('count')} cells, "
                                f"e.g. {str(item.get('text'))[:50]!r})")
    return findings


def audit_run(run: str | Path, articles: pd.DataFrame | None = None, *, fragments: pd.DataFrame | None = None,
              layout: Mapping[str, Sequence[Mapping[str, object]]] | None = None) -> list[str]:
    """Every problem :mod:`analysis.reports.audit` finds in the run folder ``run`` (an empty list when there is none).

    ``articles`` (the corpus's articles table) enables the checks of inferred dates, outlet warnings and
    self-referential terms (``fragments``, the loader's fragment report, adds its credit lines); ``layout`` (a
    browser's measurements, see :func:`layout_faults`) the checks of table widths and cut contexts.
    """
    folder = Path(run)
    findings = (oversized_images(folder) + long_decimals(folder) + cut_concordance_cells(folder)
                + chart_layout_faults(folder) + cut_table_promises(folder) + ranked_ties(folder)
                + stretched_time_axes(folder) + squeezed_lengths(folder) + framing_without_removal_counts(folder)
                + crowded_index(folder))
    if articles is not None:
        findings += unmarked_inferred_dates(folder, articles)
        findings += missing_outlet_warnings(folder, articles)
        findings += self_referential_terms(folder, articles, fragments)
    if layout is not None:
        findings += layout_faults(layout)
    return findings
