"""Chart CSVs are safe to open in a spreadsheet: text that would run as a formula is neutralised,
numbers stay numbers."""

from __future__ import annotations

import csv

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.viz.style import formula_safe, save_chart  # noqa: E402


@pytest.mark.parametrize("text, written", [
    ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
    ("+7 495 123", "'+7 495 123"),
    ("-facto PM, again", "'-facto PM, again"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("Izvestia", "Izvestia"),
    ("a = b", "a = b"),
    ("one\rcell", "one\rcell"),  # quoted: a carriage return inside does not split the row
    ("two\nlines", "two\nlines"),
    ("", ""),
])
def test_text_cells_are_neutralised_the_owasp_way(tmp_path, text, written):
    fig = plt.figure()
    table = pd.DataFrame({"source": [text], "mean": [-0.25], "n": [3]})
    paths = save_chart(fig, table, tmp_path, "chart")
    plt.close(fig)
    with paths["csv"].open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["source", "mean", "n"], [written, "-0.25", "3"]]


def test_numbers_dates_and_missing_values_read_back_unchanged(tmp_path):
    table = pd.DataFrame({
        "source": pd.Categorical(["=cmd", "Izvestia", None]),
        "title": pd.array(["-1 reason", None, "@home"], dtype="string"),
        "mean": [-0.25, 0.0, float("nan")],
        "n": [-3, 0, 7],
        "month": pd.to_datetime(["2022-02-01", "2022-03-01", None]),
        "mixed": ["+x", 5, None],
    })
    fig = plt.figure()
    paths = save_chart(fig, table, tmp_path, "chart")
    plt.close(fig)
    back = pd.read_csv(paths["csv"], parse_dates=["month"])
    assert back["source"].tolist()[:2] == ["'=cmd", "Izvestia"] and pd.isna(back["source"][2])
    assert back["title"].tolist()[0] == "'-1 reason" and back["title"].tolist()[2] == "'@home"
    pd.testing.assert_series_equal(back["mean"], table["mean"])
    pd.testing.assert_series_equal(back["n"], table["n"])
    pd.testing.assert_series_equal(back["month"], table["month"], check_dtype=False)
    assert back["mixed"].tolist()[:2] == ["'+x", "5"]


def test_column_names_are_neutralised_and_the_input_is_left_alone():
    table = pd.DataFrame({"=HYPERLINK(1)": ["-x"], "ok": [1]})
    safe = formula_safe(table)
    assert list(safe.columns) == ["'=HYPERLINK(1)", "ok"] and safe.iloc[0, 0] == "'-x"
    assert list(table.columns) == ["=HYPERLINK(1)", "ok"] and table.iloc[0, 0] == "-x"
