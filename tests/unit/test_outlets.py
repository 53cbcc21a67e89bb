"""A page per outlet: what it holds, its ties and differences, its warnings, and the index's links to it."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from analysis.measures.overview import articles_by_source, outlet_warnings
from analysis.reports.index import ReportOutcome, index_html, page_titles
from analysis.reports.outlets import OutletTables, outlet_pages, slug


def _tables() -> OutletTables:
    articles = pd.DataFrame({"doc_id": ["1", "2", "3", "4"], "source": ["New York Times", "New York Times", "RT", "RT"],
                             "published": pd.to_datetime(["2022-03-01", "2022-03-02", "2022-04-01", "2022-04-02"]),
                             "published_inferred": False, "n_words": [45, 40, 900, 800],
                             "text_type": ["lead_paragraph", "lead_paragraph", "full_text", "full_text"]})
    by_source = pd.DataFrame({"source": ["New York Times", "RT"], "n_articles": 2, "n_sentences": [4, 40],
                              "mean_compound": [-0.02, -0.09], "ci_low": [-0.03, -0.1], "ci_high": [-0.01, -0.08],
                              "share_positive": 0.3, "share_neutral": 0.3, "share_negative": 0.4, "small_n": True})
    pairwise = pd.DataFrame({"group_a": ["New York Times"], "group_b": ["RT"], "n_a": 2, "n_b": 2, "mean_a": -0.02,
                             "mean_b": -0.09, "difference": 0.07, "ci_low": 0.05, "ci_high": 0.09, "p_value": 0.001,
                             "p_holm": 0.001, "differs": True})
    terms = pd.DataFrame({"source": ["RT"], "term": ["kiev"], "count": [5], "per_10k": [30.0], "group_docs": [2],
                          "count_others": [0], "z": [3.0]})
    counts = pd.DataFrame({"source": ["RT"], "actor": ["Vladimir Putin"], "n_mentions": [4], "n_articles": [2],
                           "n_group_articles": [2], "n_group_words": [1700], "mentions_per_1000_words": [2.35],
                           "share_of_mentions": [1.0], "share_of_articles": [1.0]})
    tone = pd.DataFrame({"source": ["RT"], "actor": ["Vladimir Putin"], "n_articles": [2], "n_sentences": [4],
                         "mean_compound": [-0.2], "ci_low": [-0.3], "ci_high": [-0.1], "small_n": [True]})
    return OutletTables(articles=articles, by_source=by_source, pairwise=pairwise, top_terms=terms, distinctive=terms,
                        counts=counts, actor_tone=tone, quotes=pd.DataFrame(columns=["source", "actor"]),
                        warnings=outlet_warnings(articles), labels={"Vladimir Putin": "Putin"})


def test_each_outlet_gets_a_page_with_its_warnings_differences_terms_and_actors(tmp_path):
    summary = outlet_pages(_tables(), {"New York Times": "#0072B2", "RT": "#D55E00"}, tmp_path / "outlet_pages")
    assert summary["page"].tolist() == ["new-york-times.html", "rt.html"] and summary["n_differs"].tolist() == [1, 1]
    nyt = (tmp_path / "outlet_pages" / "new-york-times.html").read_text(encoding="utf-8")
    assert "its texts are short (median 42 words)" in nyt and "text_type: lead_paragraph (2)" in nyt
    assert "It differs from 1 of 1 outlets" in nyt and "differs" in nyt and 'href="../index.html"' in nyt
    rt = (tmp_path / "outlet_pages" / "rt.html").read_text(encoding="utf-8")
    assert "only 2 articles" in rt and "Putin" in rt and "data:image/png;base64," in rt
    assert "No quotation was found" in rt and (tmp_path / "outlet_pages" / "rt-actors.csv").is_file()
    assert slug("The Guardian") == "the-guardian"


def test_the_index_links_each_outlet_page_by_its_name_and_lists_the_warnings(tmp_path):
    (tmp_path / "outlet_pages").mkdir()
    for name in ("New York Times", "RT"):
        (tmp_path / "outlet_pages" / f"{slug(name)}.html").write_text(f"<html><head><title>{name}</title></head></html>")
    outcome = ReportOutcome("outlet_pages", True, 1.0, html="outlet_pages.html",
                            data_files=("outlet_pages/new-york-times.html", "outlet_pages/rt.html",
                                        "outlet_pages/rt-actors.csv"))
    articles = _tables().articles
    page = index_html("x", [outcome], corpus="/c", parameters={}, by_source=articles_by_source(articles), n_skipped=0,
                      versions={}, created=datetime(2025, 1, 2, tzinfo=UTC), warnings=outlet_warnings(articles),
                      pages=page_titles(tmp_path, [outcome]))
    assert '<a href="outlet_pages/new-york-times.html">New York Times</a> · <a href="outlet_pages/rt.html">RT</a>' in page
    assert "Warnings about outlets" in page and "2 of its 2 texts are not whole articles" in page
