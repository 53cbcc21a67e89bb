"""Messages a new user meets: each names the file or the value, the cause and the fix in the user's terms (the flag
on the command line, the keyword in Python), with "did you mean" for names; warnings come once, at the user's line."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import analysis
from analysis.__main__ import command_line_terms
from analysis.core.errors import CorpusError, SentimentError, did_you_mean
from analysis.reports.render import NotebookParameter, route_parameters, value_problems

TEXT = "Talks in Geneva went on for two days, and both sides said that real progress was made on a ceasefire."


def test_a_corpus_of_nothing_but_an_empty_table_says_why(tmp_path):
    (tmp_path / "news.csv").write_text("id,source,text\n")
    with pytest.raises(CorpusError) as error:
        analysis.load_corpus(tmp_path, progress=False)
    assert "has a header (id, source, text) but no rows" in str(error.value)
    with pytest.raises(CorpusError, match=r"no article could be loaded\. What was left out, and why: .*news\.csv: the table "
                                          r"has a header \(id, source, text\) but no rows"):
        analysis.load_corpus(tmp_path, progress=False, on_error="skip")


def test_an_analysis_given_for_a_table_names_the_table_to_pass(seed_articles):
    result = analysis.Analysis(*(pd.DataFrame() for _ in range(9)))
    with pytest.raises(SentimentError, match=r"the sentences table must be a pandas DataFrame; got Analysis \(it holds the "
                                             r"tables articles, .*: pass one of them, e\.g\. result\.sentences\)"):
        analysis.sentiment_by_source(result, seed_articles)


@pytest.mark.parametrize(("unknown", "known", "expected"), [
    (["Reuter"], ["Reuters", "BBC"], "'Reuter' (did you mean 'Reuters'?) is not a source of this corpus; its sources are 'BBC', 'Reuters'."),
    (["bbc", "Pravda"], ["Reuters", "BBC"], "'bbc' (did you mean 'BBC'?), 'Pravda' are not sources of this corpus"),
    (["X"], [], "'X' is not a source of this corpus; its sources are none."),
])
def test_did_you_mean(unknown, known, expected):
    assert did_you_mean(unknown, known, "source").startswith(expected)


def test_a_misspelled_parameter_or_outlet_of_a_render_gets_a_did_you_mean():
    specs = {"sentiment_by_source": {"min_articles": NotebookParameter("min_articles", int, "3", "[at least 1]"),
                                     "sources": NotebookParameter("sources", list, "[]", "outlets [corpus sources]")}}
    _, problems = route_parameters({"min_article": "2"}, specs)
    assert problems == ["unknown parameter 'min_article' (did you mean 'min_articles'?): no notebook of this run has it"]
    found = value_problems(specs["sentiment_by_source"]["sources"], ["Izvestiya"], sources={"Izvestia", "Expert News"})
    assert found == ["'Izvestiya' (did you mean 'Izvestia'?) is not a source of this corpus; its sources are 'Expert News', "
                     "'Izvestia'"]


@pytest.mark.parametrize(("message", "flagged"), [
    ("where=\"source == 'X'\": no article has source 'X'", "--where \"source == 'X'\": no article has source 'X'"),
    ("name the one holding the article text with columns={'text': 'COLUMN'}.",
     "name the one holding the article text with --column text=COLUMN."),
    ("columns={'txt': 'body'}: unknown field(s) ['txt']", "--column txt=body: unknown field(s) ['txt']"),
])
def test_the_command_line_shows_the_flags_not_the_keywords(message, flagged):
    assert command_line_terms(message) == flagged


def test_a_warning_points_at_the_users_call_and_is_shown_once_per_call_site(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for _ in range(3):
            analysis.load_corpus(tmp_path, progress=False)
    shown = [w for w in caught if "name no outlet" in str(w.message)]
    assert len(shown) == 1 and shown[0].filename == __file__


def test_the_outlet_warning_says_how_to_name_the_outlets(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    with pytest.warns(UserWarning, match=r"1 of 1 article\(s\) name no outlet \(no manifest \(sources\.csv\) was found beside "
                                         r"or above it\).*write a sources\.csv.*or put each outlet's files in a sub-folder"):
        analysis.load_corpus(tmp_path, progress=False)


def test_a_folder_per_outlet_names_the_outlets_without_a_warning(tmp_path):
    for outlet in ("BBC", "Reuters"):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "a.txt").write_text(f"{TEXT} {outlet}.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        articles = analysis.load_corpus(tmp_path, progress=False)
    assert articles["source"].tolist() == ["BBC", "Reuters"]
    assert articles.attrs["metadata_origin"] == {"manifest": None, "outlet_folders": ["BBC", "Reuters"]}


def test_a_manifest_wins_over_the_folder_names(tmp_path):
    (tmp_path / "BBC").mkdir()
    (tmp_path / "BBC" / "a.txt").write_text(TEXT)
    (tmp_path / "sources.csv").write_text("file,source\nBBC/a.txt,BBC World Service\n")
    articles = analysis.load_corpus(tmp_path, progress=False)
    assert articles["source"].tolist() == ["BBC World Service"]
    assert articles.attrs["metadata_origin"]["outlet_folders"] == []


def test_filter_articles_suggests_the_outlet_meant(seed_articles):
    with pytest.raises(CorpusError, match=r"'Expert news' \(did you mean 'Expert News'\?\)"):
        analysis.filter_articles(seed_articles, sources=["Expert news"])
