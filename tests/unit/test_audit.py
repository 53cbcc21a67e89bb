"""The checks on a rendered run find what a reader would: huge charts, long decimals, cut lines, bare inferred dates."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from analysis.reports import audit
from analysis.reports.tables import concordance_table, html_table


def _png(width: int, height: int) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(data, format="PNG")
    return data.getvalue()


@pytest.mark.parametrize("size", [(10, 20), (2400, 1), (1, 3000)])
def test_png_size_reads_the_header(size):
    assert audit.png_size(_png(*size)) == size


def test_png_size_refuses_other_files():
    with pytest.raises(ValueError):
        audit.png_size(b"GIF89a" + bytes(30))


def test_charts_larger_than_a_page_are_found_saved_or_embedded(tmp_path):
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "small.png").write_bytes(_png(1500, 2100))
    (tmp_path / "report" / "tall.png").write_bytes(_png(1200, 5370))
    embedded = base64.b64encode(_png(2743, 970)).decode()
    (tmp_path / "report.html").write_text(f'<img src="data:image/png;base64,{embedded}">')
    findings = audit.oversized_images(tmp_path)
    assert len(findings) == 2
    assert findings[0].startswith("report/tall.png: chart image 1,200 × 5,370 px (limit 1,500 × 2,100 px)")
    assert findings[1].startswith("report.html: embedded image 1 is 2,743 × 970 px")


@pytest.mark.parametrize("cell, found", [("0.12345", True), ("−0.085297", True), ("0.1234", False), ("1,234", False),
                                         ("v1.2.3", False)])
def test_numbers_with_more_than_four_decimals_are_found(tmp_path, cell, found):
    (tmp_path / "r.html").write_text(f"<table><tr><th>x</th></tr><tr><td>{cell}</td></tr></table>")
    assert bool(audit.long_decimals(tmp_path)) == found


def test_formatted_tables_pass_the_decimal_check(tmp_path):
    frame = pd.DataFrame({"mean_compound": [-0.0857652], "share_negative": [0.4128371], "z": [12.3456789]})
    (tmp_path / "r.html").write_text(html_table(frame).data)
    assert audit.long_decimals(tmp_path) == []


def _lines() -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d1"], "source": ["RT"], "published": pd.to_datetime(["2022-03-01"]),
                         "published_inferred": [False], "title": ["T"], "url": ["https://a"],
                         "left": ["offensive has prompted"], "match": ["Kiev"], "right": ["to respond"],
                         "start": [0], "end": [4]})


@pytest.mark.parametrize("shown, found", [
    (_lines(), False),
    (_lines().assign(left="offensive…"), True),                    # cut with an ellipsis
    (_lines().assign(right="to"), True),                            # cut short, without a mark
])
def test_concordance_lines_must_be_the_whole_lines_of_their_csv(tmp_path, shown, found):
    (tmp_path / "terms").mkdir()
    _lines().to_csv(tmp_path / "terms" / "kwic_kiev.csv", index=False)
    (tmp_path / "terms.html").write_text(concordance_table(shown, csv="terms/kwic_kiev.csv").data)
    assert bool(audit.cut_concordance_cells(tmp_path)) == found


ARTICLES = pd.DataFrame({"title": ["Inferred one", "Stated one"], "published": pd.to_datetime(["2025-10-26", "2025-04-05"]),
                         "published_inferred": [True, False]})


@pytest.mark.parametrize("page, index, found", [
    ("<table><tr><td>Inferred one</td><td>~2025-10-26</td></tr></table>", "~2025-10-26", []),
    ("<table><tr><td>Inferred one</td><td>2025-10-26</td></tr></table>", "~2025-10-26",
     ["r.html: the row of 'Inferred one' shows its inferred date 2025-10-26 without ~"]),
    ('<table><tr><td><a title="Inferred one">article</a></td><td>2025-10-26</td></tr></table>', "~",
     ["r.html: the row of 'Inferred one' shows its inferred date 2025-10-26 without ~"]),
    ("<table><tr><td>Stated one</td><td>2025-04-05</td></tr></table>", "2025-04-05",
     ["index.html: the corpus has inferred dates but the index marks none with ~"]),
    ("<h2>Tone over time</h2><p>Every date is stated.</p>", "~",
     ["r.html: a chart over time, but no caption says which dates are inferred"]),
    ("<h2>Tone over time</h2><p>1 of 2 dates is inferred.</p>", "~", []),
])
def test_inferred_dates_must_be_marked(tmp_path, page, index, found):
    (tmp_path / "r.html").write_text(page)
    (tmp_path / "index.html").write_text(f"<p>{index}</p>")
    assert audit.unmarked_inferred_dates(tmp_path, ARTICLES) == found
    assert audit.unmarked_inferred_dates(tmp_path, ARTICLES.assign(published_inferred=False)) == []


def test_audit_run_gathers_every_check(tmp_path):
    Path(tmp_path / "index.html").write_text("<table><tr><td>0.123456</td></tr></table>")
    assert audit.audit_run(tmp_path) == ["index.html: table cell '0.123456' has more than 4 decimals"]
