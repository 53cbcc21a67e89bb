"""The ``where=`` filter language: what each expression keeps, what it refuses and why, and loading with it."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis import CorpusError, load_corpus, read_corpus
from analysis.io.filters import apply_where, clause_counts, parse_where
from analysis.io.metadata import typed_column

ARTICLES = pd.DataFrame({
    "doc_id": pd.array(["a", "b", "c", "d", "e"], dtype="string"),
    "source": pd.array(["BBC", "RT", "CNN", "BBC", None], dtype="string"),
    "published": pd.to_datetime(["2022-02-20", "2022-02-24", "2022-03-10", None, "2022-04-01"]),
    "n_words": pd.array([120, 800, 45, 300, 1500], dtype="int64"),
    "text_type": typed_column(["full_text", "lead_paragraph", "full_text", None, "full_text"]),
    "offtopic": typed_column(["0", "0", "1", "0", "0"]),
    "score": typed_column(["0.5", "-1.25", "2", "", "0"]),
    "paywalled": typed_column(["yes", "no", "no", "yes", ""]),
})


@pytest.mark.parametrize("expression, kept", [
    ("", "abcde"),
    ("   ", "abcde"),
    ('source == "BBC"', "ad"),
    ("source == 'BBC'", "ad"),
    ('source != "BBC"', "bc"),  # a missing source passes no comparison, not even !=
    ('not (source == "BBC")', "bce"),  # ... but `not` turns a failed comparison into a pass
    ("n_words < 300", "ac"),
    ("n_words <= 300", "acd"),
    ("n_words > 300", "be"),
    ("n_words >= 800", "be"),
    ("score < 0", "b"),
    ("score >= -1.25", "abce"),
    ("offtopic == 0", "abde"),
    ("offtopic == 0.0", "abde"),
    ('text_type == "full_text" and offtopic == 0', "ae"),
    ("text_type == 'full_text' and offtopic == 0 and n_words >= 200", "e"),
    ('source in ["RT", "CNN"]', "bc"),
    ('source in ("RT",)', "b"),
    ('source not in ["RT", "CNN"]', "ad"),
    ("source in []", ""),
    ('source == "RT" or n_words > 1000', "be"),
    ('(source == "RT" or source == "CNN") and offtopic == 0', "b"),
    ('source == "RT" or source == "CNN" and offtopic == 0', "b"),  # `and` binds tighter, as in Python
    ('published >= "2022-02-24"', "bce"),
    ('published < "2022-02-24T00:00:01"', "ab"),
    ("published == None", "d"),
    ("published != None", "abce"),
    ("text_type == None", "d"),
    ("paywalled == True", "ad"),
    ("paywalled != True", "bc"),
    ("not paywalled == True", "bce"),
])
def test_where_keeps_what_the_expression_says(expression, kept):
    passed, _ = apply_where(ARTICLES, expression)
    assert "".join(passed["doc_id"]) == kept
    assert passed.columns.tolist() == ARTICLES.columns.tolist()


@pytest.mark.parametrize("expression, message", [
    ("text_typ == 'full_text'", r"at position 1: unknown column 'text_typ'.*columns are \['doc_id', 'source'"),
    ("source == 'BBC' and tone > 0", r"at position 21: unknown column 'tone'"),
    ("offtopic == '0'", r"at position 13: column 'offtopic' holds number values, so compare it with a number"),
    ("source == 1", r"column 'source' holds text values, so compare it with text in quotes"),
    ("paywalled == 'yes'", r"column 'paywalled' holds boolean values, so compare it with True or False"),
    ("published > 2022", r"column 'published' holds date values, so compare it with a date in quotes"),
    ("published > 'soon'", r"'soon' is not a date"),
    ("source in 'BBC'", r"'in' and 'not in' take a list of literals"),
    ("source in ['BBC', n_words]", r"'n_words' is not a literal"),
    ("source == n_words", r"'n_words' is not a literal"),
    ("'BBC' == source", r"the left side of a comparison must be a column name"),
    ("100 < n_words < 500", r"one comparison at a time"),
    ("n_words + 1 > 2", r"the left side of a comparison must be a column name"),
    ("source", r"'source' is not a comparison"),
    ("__import__('os').system('true')", r"is not a comparison"),
    ("source.lower() == 'bbc'", r"the left side of a comparison must be a column name"),
    ("n_words > 1 if True else 0", r"is not a comparison"),
    ("n_words < None", r"None \(no value\) can only be compared with == or !="),
    ("source == ['BBC']", r"is not a single literal"),
    ("source == 'BBC' and", r"at position \d+: not a valid expression"),
    ("source = 'BBC'", r"at position 8: '=' sets a value; to compare, write '=='"),
    ("source == 'BBC' &&  n_words > 1", r"not a valid expression"),
])
def test_where_refuses_what_it_cannot_read_and_says_where(expression, message):
    with pytest.raises(CorpusError, match=message) as error:
        apply_where(ARTICLES, expression)
    assert f"where={expression.strip()!r}" in str(error.value)
    assert "Fix: write comparisons of a column with literal values" in str(error.value) or "write '=='" in str(error.value)


def test_where_must_be_text():
    with pytest.raises(CorpusError, match="give the filter as text"):
        parse_where(["source == 'BBC'"])  # type: ignore[arg-type]


def test_each_article_left_out_is_charged_to_the_first_clause_it_fails():
    expression = "text_type == 'full_text' and (offtopic == 0) and n_words >= 200"
    assert [c.text for c in parse_where(expression)] == ["text_type == 'full_text'", "offtopic == 0", "n_words >= 200"]
    _, failed = apply_where(ARTICLES, expression)
    # a: too short; b: a lead paragraph; c: off topic; d: no text type; e passes
    assert failed.tolist() == ["n_words >= 200", "text_type == 'full_text'", "offtopic == 0",
                               "text_type == 'full_text'", pd.NA]
    counts = clause_counts(expression, len(ARTICLES), failed.dropna())
    assert counts.values.tolist() == [["text_type == 'full_text'", 5, 3, 2], ["offtopic == 0", 3, 2, 1],
                                      ["n_words >= 200", 2, 1, 1]]


# ------------------------------------------------------------------------ loading

BODY = ("Talks in Washington went on for two days, and both sides said progress was made on the {}. "
        "A second sentence adds that sanctions were not discussed at any length by the delegations.")


def _table(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({
        "id": ["1", "2", "3", "4", "5"],
        "source": ["BBC", "RT", "BBC", "CNN", "RT"],
        "date": ["2022-03-01", "2022-03-02", "2022-03-03", "2022-03-04", "2022-03-05"],
        "text": [BODY.format(topic) for topic in ("grain", "ports", "prisoners", "sanctions", "energy")],
        "text_type": ["full_text", "full_text", "lead_paragraph", "full_text", "full_text"],
        "author_marked_offtopic": ["0", "1", "0", "0", "0"],
    }).to_csv(path, index=False)
    return path


def test_loading_with_where_records_every_article_left_out_and_the_entries_balance(tmp_path):
    path = _table(tmp_path)
    where = "text_type == 'full_text' and author_marked_offtopic == 0"
    corpus = read_corpus(path, where=where, progress=False)
    assert corpus.articles["doc_id"].tolist() == ["1", "4", "5"]
    assert corpus.skipped[["path", "doc_id", "reason"]].values.tolist() == [
        [f"{path}#2", "2", "left out by the filter author_marked_offtopic == 0"],
        [f"{path}#3", "3", "left out by the filter text_type == 'full_text'"],
    ]
    assert len(corpus.articles) + len(corpus.skipped) == 5
    assert set(corpus.duplicates["doc_id"]) == {"1", "4", "5"}
    articles = load_corpus(path, where=where, progress=False)
    assert [s["doc_id"] for s in articles.attrs["skipped"]] == ["2", "3"]


def test_a_filter_on_core_fields_and_dates(tmp_path):
    articles = load_corpus(_table(tmp_path), where="source in ['RT', 'CNN'] and published >= '2022-03-04'", progress=False)
    assert articles["doc_id"].tolist() == ["4", "5"]


def test_a_filter_that_leaves_nothing_or_names_an_unknown_column_is_refused(tmp_path):
    path = _table(tmp_path)
    with pytest.raises(CorpusError, match=r"leaves no article out of 5 \(n_words > 1000: 5 left out\)"):
        read_corpus(path, where="n_words > 1000", progress=False)
    with pytest.raises(CorpusError, match=r"unknown column 'text_typ' \(did you mean 'text_type'\?\).*'text_type', 'author_marked_offtopic'\]"):
        read_corpus(path, where="text_typ == 'full_text'", progress=False)


@pytest.mark.parametrize(("expression", "message"), [
    ("source == 'Pravda'", r"no article has source 'Pravda'; the values of source are 'BBC'"),
    ("source == 'bbc'", r"no article has source 'bbc' \(did you mean 'BBC'\?\)"),
    ("source in ['BBC', 'CNNN']", r"no article has source 'CNNN' \(did you mean 'CNN'\?\)"),
    ("source not in ['R.T.']", r"no article has source 'R.T.' \(did you mean 'RT'\?\)"),
    ("date >= '2022-03-01'", r"unknown column 'date': a table's column 'date' is loaded as the field 'published', so write "
                             r"published \(e.g. published >= '2022-03-01'\)"),
    ("body == 'x'", r"unknown column 'body': a table's column 'body' is loaded as the field 'text', so write text"),
])
def test_a_misspelled_value_or_a_renamed_column_is_refused_with_the_fix(tmp_path, expression, message):
    """A misspelled outlet would keep or drop nothing, silently; a CSV's date column is the field 'published'."""
    with pytest.raises(CorpusError, match=message) as error:
        read_corpus(_table(tmp_path), where=expression, progress=False)
    assert "Fix: write comparisons" not in str(error.value)


def test_a_filter_does_not_warn_about_the_articles_it_leaves_out(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_corpus(_table(tmp_path), where="source == 'BBC'", progress=False)
