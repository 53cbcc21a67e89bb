"""The run's index: reports in reading order with a sentence each, parameters with defaults, inferred dates marked."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import nbformat
import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.measures.overview import articles_by_source, published_range
from analysis.reports.index import ReportInfo, ReportOutcome, index_html, read_report_info

KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}


def _notebook(path, title: str, paragraph: str, metadata: dict) -> None:
    cells = [new_markdown_cell(f"# {title}\n\n{paragraph}"),
             new_code_cell('corpus_path = ""  # corpus\nmin_articles = 3  # fewer is small n', metadata={"tags": ["parameters"]})]
    nbformat.write(new_notebook(cells=cells, metadata={**KERNEL, **metadata}), path)


def test_report_info_reads_title_sentence_order_and_parameters(tmp_path):
    _notebook(tmp_path / "a.ipynb", "Corpus overview", "What the corpus holds: `analysis/x_y.csv`. Read it first.",
              {"analysis": {"order": 1}})
    info = read_report_info(tmp_path / "a.ipynb")
    assert (info.title, info.summary, info.order) == ("Corpus overview", "What the corpus holds: analysis/x_y.csv.", 1)
    assert info.parameters["min_articles"] == ("3", "fewer is small n")
    _notebook(tmp_path / "b.ipynb", "Terms", "Long text.", {"analysis": {"summary": "One sentence."}})
    other = read_report_info(tmp_path / "b.ipynb")
    assert (other.summary, other.order) == ("One sentence.", 100)


def _page(**options) -> str:
    articles = pd.DataFrame({"doc_id": ["1", "2", "3"], "source": ["A", "A", "B"], "n_words": [10, 20, 30],
                             "published": pd.to_datetime(["2025-04-04", "2025-10-26", "2025-04-05"]),
                             "published_inferred": [True, True, False]})
    outcomes = [ReportOutcome("terms", True, 1.0, html="terms.html"), ReportOutcome("overview", True, 2.0, html="overview.html")]
    reports = {"terms": ReportInfo("Terms by source", "Words.", 3, {"min_count": ("2", "fewest"), "top_n": ("15", "shown")}),
               "overview": ReportInfo("Corpus overview", "Read it first.", 1, {"min_count": ("2", "fewest")})}
    return index_html("News coverage reports: x", outcomes, corpus="/c", parameters=options.get("given", {}),
                      by_source=articles_by_source(articles), n_skipped=0, versions={"analysis": "0.2.0"},
                      created=datetime(2025, 1, 2, tzinfo=UTC), reports=reports, dates=published_range(articles))


def test_the_overview_comes_first_with_its_title_and_sentence():
    page = _page()
    assert page.index("Corpus overview") < page.index("Terms by source")
    assert "Read it first." in page and "by analysis 0.2.0" in page


def test_parameters_show_the_value_used_and_whether_it_is_the_default():
    page = _page(given={"top_n": {"terms": 20}})
    given = page[page.index("<h2>Run parameters</h2>"):page.index("<details")]
    assert "<td>top_n</td><td><code>20</code></td><td>shown</td><td>Terms by source</td>" in given
    assert "min_count" not in given  # a default is folded away, not in the table of what was given
    folded = re.findall(r"<details><summary>(.*?)</summary>(.*?)</details>", page)
    assert [summary for summary, _ in folded] == ["Corpus overview: 1 parameters", "Terms by source: 2 parameters"]
    assert '<td>min_count</td><td><code>2</code> <span class="default">(default)</span></td><td>fewest</td>' in folded[1][1]
    assert "<td>top_n</td><td><code>20</code></td><td>shown</td>" in folded[1][1]


def test_a_parameter_is_described_as_each_report_means_it():
    # the issue: the terms report's top_n was described as a number of actors, the first report's meaning
    outcomes = [ReportOutcome("actors", True, 1.0), ReportOutcome("terms", True, 1.0)]
    reports = {"actors": ReportInfo("Actor mentions", "", 4, {"top_n": ("12", "how many of the most-named actors")}),
               "terms": ReportInfo("Terms by source", "", 3, {"top_n": ("15", "terms per source in the charts")})}
    by_source = articles_by_source(pd.DataFrame({"doc_id": ["1"], "source": ["A"], "n_words": [5],
                                                 "published": pd.to_datetime(["2025-01-01"]), "published_inferred": [False]}))
    page = index_html("x", outcomes, corpus="/c", parameters={"top_n": {"actors": 5, "terms": 5}}, by_source=by_source,
                      n_skipped=0, versions={}, created=datetime(2025, 1, 2, tzinfo=UTC), reports=reports)
    assert ("Actor mentions: how many of the most-named actors; Terms by source: terms per source in the charts"
            in page)
    terms = re.search(r"Terms by source: 1 parameters</summary>(.*?)</details>", page).group(1)
    assert "terms per source in the charts" in terms and "actors" not in terms


def test_inferred_first_and_last_dates_are_marked():
    page = _page()
    assert "published ~2025-04-04 to ~2025-10-26" in page  # the corpus's first and last dates are both inferred
    assert "<td>~2025-04-04</td><td>~2025-10-26</td>" in page and "<td>2025-04-05</td><td>2025-04-05</td>" in page
    assert "2 of 3 dates inferred" in page and "~ marks a date inferred" in page
