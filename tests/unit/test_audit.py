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


# ------------------------------------------------------------ faults the 13k render showed (issue 22)


def _save(fig, folder: Path, name: str) -> None:
    from analysis.viz.style import save_chart

    save_chart(fig, pd.DataFrame({"x": [1]}), folder, name)


def test_overlapping_panel_titles_are_found_from_the_extents_matplotlib_reports(tmp_path):
    import matplotlib.pyplot as plt

    from analysis.viz.style import panel_grid, panel_title

    long = "Johnson (B.) (1,085 mentions of him in all)"
    fig, axes = panel_grid(4, ncols=4, panel_width=2.4, panel_height=1.5)
    for ax, name in zip(axes, [long, "Xi Jinping (950 mentions)", "Biden (900)", "Macron (800)"]):
        ax.set_title(name, fontsize=9, loc="left")  # the old way: one line, whatever the panel's width
    _save(fig, tmp_path / "actors", "mentions_bars")
    fig, axes = panel_grid(4, ncols=4, panel_width=2.4, panel_height=1.5)
    for ax, name in zip(axes, [long, "Xi Jinping (950 mentions)", "Biden (900)", "Macron (800)"]):
        panel_title(ax, name)  # wrapped to the panel
    _save(fig, tmp_path / "actors", "mentions_bars_wrapped")
    plt.close("all")
    findings = audit.chart_layout_faults(tmp_path)
    assert len(findings) == 1 and findings[0].startswith("actors/mentions_bars.png: 1 pair(s) of texts overlap")
    assert "Johnson (B.)" in findings[0] and "Xi Jinping" in findings[0]


def test_rotated_labels_that_do_not_touch_are_not_an_overlap():
    boxes = [{"x": 10.0 * i, "y": 0.0, "w": 80.0, "h": 10.0, "angle": 60.0, "text": f"label {i}"} for i in range(5)]
    assert audit.overlapping_texts(boxes) == []
    assert len(audit.overlapping_texts([{**b, "angle": 0.0} for b in boxes])) == 10  # flat, they would


def test_grey_legends_placeholders_and_unsaid_cuts_are_found(tmp_path):
    import matplotlib.pyplot as plt

    from analysis.viz.style import empty_chart, mark_shown

    fig, ax = plt.subplots()
    for i, grey in enumerate(("#1A1A1A", "#444444", "#666666", "#888888", "#A5A5A5", "#BFBFBF", "#D6D6D6")):
        ax.barh([0], [1], left=i, color=grey, label=f"rule {i}")
    ax.legend()
    _save(fig, tmp_path / "overview", "furniture_by_source")
    _save(empty_chart("Lines removed", "Cleaning removed no line."), tmp_path / "overview", "removed_by_rule")
    fig, ax = plt.subplots()
    ax.barh(range(20), range(20))
    mark_shown(fig, 20, 57, "relations")
    _save(fig, tmp_path / "overview", "wire_copy")
    (tmp_path / "overview.html").write_text("<p>Wire copy: the 20 relations with most articles.</p>")
    plt.close("all")
    findings = audit.chart_layout_faults(tmp_path)
    assert any("furniture_by_source.png: a legend tells 7 entries apart by shades of grey alone" in f for f in findings)
    assert any("removed_by_rule.png: a placeholder image" in f for f in findings)
    assert any("wire_copy.png: the chart shows 20 of 57 relations but overview.html does not say so" in f for f in findings)
    (tmp_path / "overview.html").write_text("<p>The chart shows the 20 of 57 relations with most articles.</p>")
    assert not any("wire_copy" in f for f in audit.chart_layout_faults(tmp_path))


def test_a_chart_without_a_layout_record_is_found(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "old.png").write_bytes(_png(100, 100))
    assert audit.chart_layout_faults(tmp_path) == ["r/old.png: the chart carries no layout record, so its texts cannot "
                                                   "be checked for overlaps (save charts with analysis.viz.save_chart)"]


def test_a_cut_concordance_must_not_promise_every_line(tmp_path):
    lines = pd.concat([_lines()] * 3, ignore_index=True)
    table = concordance_table(lines, csv="terms/kwic_kiev.csv", max_rows=2).data
    (tmp_path / "terms.html").write_text("<p><em>Kiev: 3 occurrences. Every occurrence is in the table (search it) and "
                                         "in the CSV.</em></p>" + table)
    assert audit.cut_table_promises(tmp_path) == ["terms.html: a table shows 2 of 3 rows, but the text before it says "
                                                  "'Every occurrence is in the table'"]
    (tmp_path / "terms.html").write_text("<p><em>The table holds 2 of 3 lines.</em></p>" + table)
    assert audit.cut_table_promises(tmp_path) == []


def test_a_caption_ranking_overlapping_intervals_is_a_tie(tmp_path):
    (tmp_path / "sentiment").mkdir()
    pd.DataFrame({"source": ["ABC News", "New York Times", "RT"], "mean_compound": [-0.0161, -0.0170, -0.09],
                  "ci_low": [-0.025, -0.029, -0.1], "ci_high": [-0.007, -0.006, -0.08], "small_n": False}).to_csv(
        tmp_path / "sentiment" / "mean_compound_by_source.csv", index=False)
    (tmp_path / "sentiment.html").write_text("<p>the most positive mean is ABC News's (−0.02), the most negative mean "
                                             "is RT's (−0.09)</p>")
    findings = audit.ranked_ties(tmp_path)
    assert len(findings) == 1 and "ranks ABC News's mean most positive" in findings[0] and "New York Times" in findings[0]


def test_a_time_axis_stretched_by_one_date_is_found(tmp_path):
    (tmp_path / "overview").mkdir()
    quarters = pd.period_range("2013Q3", "2022Q4", freq="Q").start_time
    counts = [1] + [0] * 33 + [3782, 3978, 2703, 1754]
    pd.DataFrame({"source": "A", "period": quarters, "n_articles": counts}).to_csv(
        tmp_path / "overview" / "articles_by_period.csv", index=False)
    assert audit.stretched_time_axes(tmp_path)[0].startswith("overview/articles_by_period.csv: 34 of 38 periods")
    months = pd.date_range("2021-09-01", periods=16, freq="MS")
    pd.DataFrame({"source": "A", "period": months, "n_articles": [30, 40, 80] + [900] * 13}).to_csv(
        tmp_path / "overview" / "articles_by_period.csv", index=False)
    assert audit.stretched_time_axes(tmp_path) == []


def test_a_long_index_parameter_table_and_missing_warnings_are_found(tmp_path):
    rows = "".join(f"<tr><td>p{i}</td></tr>" for i in range(26))
    (tmp_path / "index.html").write_text(f"<h2>Run parameters</h2><table><tr><th>parameter</th></tr>{rows}</table>"
                                         "<h2>Corpus</h2>")
    assert audit.crowded_index(tmp_path) == ["index.html: the parameter table shows 26 rows unfolded (at most 15: a screen)"]
    articles = pd.DataFrame({"source": ["NYT"] * 3, "n_words": [45, 40, 50]})
    assert audit.missing_outlet_warnings(tmp_path, articles)[0].startswith("index.html: no warning that NYT: its texts "
                                                                            "are short (median 45 words)")


def test_self_referential_terms_and_framing_without_raw_counts_are_found(tmp_path):
    (tmp_path / "terms").mkdir()
    pd.DataFrame({"source": ["Fox News", "Fox News", "CNN"], "term": ["fox news", "kyiv", "told CNN"]}).to_csv(
        tmp_path / "terms" / "distinctive_terms_by_source.csv", index=False)
    pd.DataFrame({"source": ["RT"], "concept": ["c"], "variant": ["Kiev"], "count": [3]}).to_csv(
        tmp_path / "terms" / "framing_markers_by_source.csv", index=False)
    articles = pd.DataFrame({"source": ["Fox News", "CNN"], "url": ["https://www.foxnews.com/a", "https://cnn.com/b"]})
    findings = audit.self_referential_terms(tmp_path, articles)
    assert len(findings) == 1 and "2 shown term(s)" in findings[0] and "'fox news'" in findings[0]
    assert audit.framing_without_removal_counts(tmp_path) == [
        "terms/framing_markers_by_source.csv: framing counts without the counts before furniture removal"]


def test_browser_measurements_of_wide_tables_and_cut_contexts_are_findings():
    layout = {"terms_by_source.html": [{"kind": "wide table", "table": "rt-framing-markers-table-5", "width": 1558,
                                        "box": 1214},
                                       {"kind": "cut context", "count": 12, "text": "making progress on reforms"}],
              "index.html": []}
    assert audit.layout_faults(layout) == [
        "terms_by_source.html: table 'rt-framing-markers-table-5' is 1558 px wide in a 1214 px box",
        "terms_by_source.html: concordance contexts are cut mid-word on screen (12 cells, e.g. 'making progress on "
        "reforms')"]
