"""Tables for people: formatted numbers, words for headers, inferred dates marked, whole concordance lines."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.reports.audit import page_tables
from analysis.reports.tables import INFERRED_NOTE, MAX_DECIMALS, concordance_table, html_table


def _cells(html: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows' cell texts of the first table of ``html``."""
    table = page_tables(html)[0]
    return table["header"], [[text for text, _ in row] for row in table["rows"]]


@pytest.mark.parametrize("column, values, shown", [
    ("n_articles", [1234567, 3], ["1,234,567", "3"]),
    ("mean_compound", [-0.0857652, 0.4], ["−0.09", "+0.40"]),
    ("share_negative", [0.4128371, 1.0], ["41.3%", "100.0%"]),
    ("per_10k", [1959.98765, 12.345], ["1,960.0", "12.3"]),
    ("median_words", [466.5, 1340.0], ["466", "1,340"]),
    ("ci_low", [float("nan"), -0.2], ["–", "−0.20"]),
    ("small_n", [True, False], ["yes", ""]),
    ("custom", [0.123456789, 2.5], ["0.12", "2.50"]),
])
def test_numbers_are_written_for_people(column, values, shown):
    header, rows = _cells(html_table(pd.DataFrame({"source": ["A", "B"], column: values})).data)
    assert [row[1] for row in rows] == shown
    assert all(len(d) <= MAX_DECIMALS for row in rows for cell in row for d in re.findall(r"\d\.(\d+)", cell))


def test_headers_are_words_and_ids_offsets_and_empty_columns_are_left_out():
    frame = pd.DataFrame({"doc_id": ["x1"], "source": ["A"], "start": [3], "n_articles": [2], "language": [None],
                          "share_of_source": [0.5]})
    header, rows = _cells(html_table(frame).data)
    assert header == ["Source", "Articles", "Share of the source's articles (%)"]
    assert rows == [["A", "2", "50.0%"]]
    header, _ = _cells(html_table(frame, keep=["doc_id"]).data)
    assert header[0] == "Article id"


def test_inferred_dates_are_marked_and_explained():
    frame = pd.DataFrame({"title": ["t1", "t2"], "url": ["https://a/1", None],
                          "published": pd.to_datetime(["2025-10-26", "2025-04-05"]),
                          "published_inferred": [True, False]})
    page = html_table(frame).data
    header, rows = _cells(page)
    assert header == ["Article", "Date"]
    assert rows == [["t1", "~2025-10-26"], ["t2", "2025-04-05"]]
    assert '<a href="https://a/1"' in page and INFERRED_NOTE in page
    assert INFERRED_NOTE not in html_table(frame.assign(published_inferred=False)).data


def test_first_and_last_dates_take_their_own_flags():
    frame = pd.DataFrame({"source": ["A"], "first_published": pd.to_datetime(["2025-01-01"]), "first_inferred": [False],
                          "last_published": pd.to_datetime(["2025-02-01"]), "last_inferred": [True]})
    assert _cells(html_table(frame).data)[1] == [["A", "2025-01-01", "~2025-02-01"]]


def test_text_from_the_data_is_escaped():
    page = html_table(pd.DataFrame({"title": ["<script>alert(1)</script>"], "url": ['https://x/"><b>']})).data
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page and '"><b>' not in page


@pytest.mark.parametrize("n_rows, max_rows, note", [
    (3, 10, "Full table (3 rows)"),
    (12, 10, "The first 10 of 12 rows are shown here; the CSV has them all."),
])
def test_long_tables_link_the_whole_csv(n_rows, max_rows, note):
    page = html_table(pd.DataFrame({"n": range(n_rows)}), csv="r/t.csv", max_rows=max_rows).data
    assert note in page and 'href="r/t.csv" download' in page
    assert len(_cells(page)[1]) == min(n_rows, max_rows)


@pytest.mark.parametrize("empty, shown", [("No file was left out.", "No file was left out."), ("", "")])
def test_an_empty_table_is_a_sentence_not_a_bare_header(empty, shown):
    page = html_table(pd.DataFrame({"path": []}), empty=empty, csv="r/t.csv").data
    assert "<table" not in page and shown in page and "t.csv" not in page


def test_a_long_table_gets_search_sort_and_pages_but_shows_every_row_without_the_script():
    page = html_table(pd.DataFrame({"n": range(45)}), page_size=20).data
    assert 'class="rt-search"' in page and "Show all" in page and "window.reportTable" in page
    assert "src=" not in page  # nothing loaded from anywhere
    assert len(_cells(page)[1]) == 45


def test_the_concordance_keeps_every_line_whole():
    left = "word " * 30 + "right before the"
    lines = pd.DataFrame({"doc_id": ["d1", "d2"], "source": ["RT", "BBC"], "left": [left, "the offensive has prompted"],
                          "match": ["Kiev", "special military operation"], "right": ["to respond …", "calls"],
                          "start": [0, 5], "end": [4, 9], "published": pd.to_datetime(["2022-03-01", None]),
                          "published_inferred": [True, False], "title": ["T1", "T2"], "url": ["https://a/1", None]})
    page = concordance_table(lines).data
    header, rows = _cells(page)
    assert header == ["Source", "Date", "Before", "Keyword", "After", "Link"]
    assert rows[0] == ["RT", "~2022-03-01", left.strip(), "Kiev", "to respond …", "article"]
    assert rows[1][2:5] == ["the offensive has prompted", "special military operation", "calls"]
    assert rows[1][1] == "–" and rows[1][5] == "–"  # no date, no address
    assert 'class="rt kwic"' in page and INFERRED_NOTE in page
    width = int(re.search(r'<col style="width:(\d+)ch">', page).group(1))
    assert width >= len("special military operation") + 2  # the keyword column fits the longest keyword whole


def test_a_speech_long_quotation_shows_its_first_words_and_says_how_many_follow():
    speech = " ".join(f"word{i}" for i in range(250))
    page = html_table(pd.DataFrame({"speaker_text": ["BORIS JOHNSON", "Peskov"], "quote": [speech, "It is a trap."]}),
                      name="longest").data
    shown = re.search(r"<td[^>]*>(word0 .*?)</td>", page).group(1)
    assert "word99<span" in shown and "(+150 words, in the CSV)" in shown
    visible = re.sub(r"<span hidden>.*?</span>", "", shown)
    assert "word100" not in visible and "word249" in shown  # the rest is in the page for the search, hidden
    assert "It is a trap." in page and "in the CSV" not in page.split("It is a trap.")[1][:40]
