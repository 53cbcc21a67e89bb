"""Extra article columns: a table's unmapped columns and a manifest's, kept, typed from all their values, documented."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from analysis import CorpusError, load_corpus
from analysis.io.metadata import infer_dtype, typed_column
from analysis.measures.overview import metadata_columns

TEXT = ("Talks in Washington went on for two days, and both sides said progress was made on the {}. "
        "A second sentence adds that sanctions were not discussed at any length by the delegations.")


@pytest.mark.parametrize("values, dtype, typed", [
    (["0", "1", "1"], "Int64", [0, 1, 1]),
    (["0", None, "-12"], "Int64", [0, pd.NA, -12]),
    ([np.int64(3), 4], "Int64", [3, 4]),
    (["12345678901234567890"[:18]], "Int64", [123456789012345678]),
    (["1.5", "2", "", "-3e2"], "float64", [1.5, 2.0, np.nan, -300.0]),
    ([0.5, 2], "float64", [0.5, 2.0]),
    (["true", "False", "YES", "no", None], "boolean", [True, False, True, False, pd.NA]),
    ([True, np.bool_(False)], "boolean", [True, False]),
    (["2022-03-01", "2022-03-02T10:00:00+02:00", None], "datetime64[ns]",
     [pd.Timestamp("2022-03-01"), pd.Timestamp("2022-03-02 08:00"), pd.NaT]),
    ([dt.date(2022, 3, 1), pd.Timestamp("2022-03-02")], "datetime64[ns]",
     [pd.Timestamp("2022-03-01"), pd.Timestamp("2022-03-02")]),
    (["full_text", "lead_paragraph"], "string", ["full_text", "lead_paragraph"]),
    (["1", "one"], "string", ["1", "one"]),  # one value that is not a number makes the column text
    (["1", "0", "yes"], "string", ["1", "0", "yes"]),  # 0/1 are integers, yes/no flags: together, text
    (["2022-03-01", "March 2, 2022"], "string", ["2022-03-01", "March 2, 2022"]),  # only ISO dates make a date column
    (["nan", "1"], "string", ["nan", "1"]),
    ([[1, 2], {"a": "é"}], "string", ["[1, 2]", '{"a": "é"}']),
    ([None, "", "  "], "string", [pd.NA, pd.NA, pd.NA]),
    ([], "string", []),
])
def test_a_column_is_typed_from_all_its_values(values, dtype, typed):
    assert infer_dtype(values) == dtype
    column = typed_column(values)
    assert str(column.dtype) == dtype
    expected = pd.Series(typed, dtype=dtype) if dtype != "float64" else pd.Series(typed, dtype="float64")
    pd.testing.assert_series_equal(column, expected, check_names=False)


def test_every_unmapped_csv_column_is_kept_typed_and_documented(tmp_path):
    path = tmp_path / "news.csv"
    pd.DataFrame({
        "id": ["1", "2", "3"], "source": ["BBC", "RT", "CNN"], "date": ["2022-03-01", "2022-03-02", "2022-03-03"],
        "text": [TEXT.format(t) for t in ("grain", "ports", "energy")],
        "text_type": ["full_text", "lead_paragraph", "full_text"], "author_marked_offtopic": ["0", "1", "0"],
        "score": ["0.5", "", "2"], "paywall": ["yes", "no", "no"], "updated": ["2022-03-05", "", "2022-03-04T12:00"],
        "n_words": ["10", "20", "30"],
    }).to_csv(path, index=False)
    articles = load_corpus(path, progress=False)
    extra = articles.columns[articles.columns.get_loc("encoding") + 1:].tolist()
    assert extra == ["text_type", "author_marked_offtopic", "score", "paywall", "updated", "table_n_words"]
    assert articles[extra].dtypes.astype(str).tolist() == ["string", "Int64", "float64", "boolean", "datetime64[ns]",
                                                           "Int64"]
    assert articles["author_marked_offtopic"].tolist() == [0, 1, 0]
    assert articles["table_n_words"].tolist() == [10, 20, 30]  # the loader's own n_words is not overwritten
    assert articles["n_words"].gt(30).all()
    table = metadata_columns(articles)
    assert table.columns.tolist() == ["column", "dtype", "n_present", "n_distinct", "examples"]
    assert table["column"].tolist() == extra
    assert table.set_index("column").loc["text_type"].tolist() == ["string", 3, 2, "full_text | lead_paragraph"]
    assert table.set_index("column").loc["score", "n_present"] == 2


def test_jsonl_and_parquet_extras_keep_their_types(tmp_path):
    rows = [{"id": "a", "text": TEXT.format("grain"), "rank": 1, "tags": ["war", "grain"], "flag": True},
            {"id": "b", "text": TEXT.format("ports"), "rank": 2, "flag": False, "note": "late"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    pd.DataFrame({"doc_id": ["c"], "text": [TEXT.format("energy")], "rank": [3],
                  "seen": [pd.Timestamp("2022-03-01")]}).to_parquet(tmp_path / "b.parquet")
    articles = load_corpus(tmp_path, progress=False).set_index("doc_id")
    assert str(articles["rank"].dtype) == "Int64" and articles["rank"].tolist() == [1, 2, 3]
    assert articles.loc["a", "tags"] == '["war", "grain"]' and pd.isna(articles.loc["b", "tags"])
    assert str(articles["flag"].dtype) == "boolean" and pd.isna(articles.loc["c", "flag"])
    assert str(articles["seen"].dtype) == "datetime64[ns]" and articles.loc["c", "seen"] == pd.Timestamp("2022-03-01")


def test_manifest_extras_are_typed_and_win_over_the_table(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    pd.DataFrame({"id": ["1", "2"], "text": [TEXT.format("grain"), TEXT.format("ports")],
                  "region": ["east", "south"]}).to_csv(folder / "news.csv", index=False)
    pd.DataFrame({"file": ["news.csv"], "source": ["Example News"], "outlet_founded": ["1998"],
                  "region": ["national"], "path": ["elsewhere"]}).to_csv(folder / "sources.csv", index=False)
    articles = load_corpus(folder, progress=False)
    assert articles["source"].tolist() == ["Example News", "Example News"]
    assert str(articles["outlet_founded"].dtype) == "Int64" and articles["outlet_founded"].tolist() == [1998, 1998]
    assert articles["region"].tolist() == ["national", "national"]
    assert articles["manifest_path"].tolist() == ["elsewhere", "elsewhere"]
    assert articles["path"].tolist() == [f"{folder / 'news.csv'}#1", f"{folder / 'news.csv'}#2"]


def test_seed_manifest_extras_are_text(seed_articles):
    table = metadata_columns(seed_articles)
    assert table["column"].tolist() == ["date_basis", "outlet_country", "outlet_type"]
    assert set(table["dtype"]) == {"string"}
    assert table.set_index("column").loc["outlet_country", "n_present"] == 4


def test_an_outlet_manifest_gives_each_article_its_outlets_metadata(tmp_path):
    pd.DataFrame({"id": ["1", "2", "3"], "publication": ["Reuters", "Vox", "Axios"],
                  "article": [TEXT.format(t) for t in ("grain", "ports", "energy")]}).to_csv(tmp_path / "news.csv",
                                                                                             index=False)
    pd.DataFrame({"source": ["Reuters", "Vox"], "country": ["GB", "US"], "founded": ["1851", ""],
                  "language": ["en", "en"]}).to_csv(tmp_path / "sources.csv", index=False)
    articles = load_corpus(tmp_path / "news.csv", columns={"text": "article", "source": "publication"}, progress=False)
    assert articles["country"].tolist() == ["GB", "US", pd.NA]
    assert str(articles["founded"].dtype) == "Int64" and articles["founded"].tolist() == [1851, pd.NA, pd.NA]
    assert articles["manifest_language"].tolist() == ["en", "en", pd.NA]  # a loader column's name gets a prefix


@pytest.mark.parametrize("rows, message", [
    ({"source": ["Vox", "Vox"], "country": ["US", "US"]}, "source 'Vox' is listed more than once"),
    ({"source": ["Vox", ""], "country": ["US", "GB"]}, "line 3: the 'source' cell is empty"),
    ({"outlet": ["Vox"], "country": ["US"]}, "needs a 'file' column .* or a 'source' column"),
])
def test_a_bad_outlet_manifest_is_refused(tmp_path, rows, message):
    pd.DataFrame({"id": ["1"], "source": ["Vox"], "text": [TEXT.format("grain")]}).to_csv(tmp_path / "news.csv", index=False)
    pd.DataFrame(rows).to_csv(tmp_path / "sources.csv", index=False)
    with pytest.raises(CorpusError, match=message):
        load_corpus(tmp_path / "news.csv", progress=False)


def test_the_readme_worked_example_loads_without_code(tmp_path):
    """A CSV in All the News 2.0's layout, an outlet manifest beside it, two columns named, a filter."""
    rows = [("2019-06-01 10:00:00", "Reuters", "World News", "Jane Doe", "grain"),
            ("2018-06-01 10:00:00", "Reuters", "World News", "Jane Doe", "ports"),
            ("2020-01-05 08:30:00", "Vox", "", "John Roe", "energy"),
            ("2020-02-05 08:30:00", "Axios", "Politics", "", "mines")]
    table = pd.DataFrame(rows, columns=["date", "publication", "section", "author", "topic"])
    stamps = pd.to_datetime(table["date"])
    table = table.assign(year=stamps.dt.year, month=stamps.dt.month, day=stamps.dt.day,
                         title=[f"Headline on {t}" for t in table["topic"]], article=table["topic"].map(TEXT.format),
                         url=[f"https://example.com/{i}" for i in range(len(table))])
    columns = ["date", "year", "month", "day", "author", "title", "article", "url", "section", "publication"]
    table[columns].to_csv(tmp_path / "all-the-news-2-1.csv", index=False)
    (tmp_path / "sources.csv").write_text("source,country,ownership,outlet_type\nReuters,GB,Thomson Reuters,news agency\n"
                                          "Vox,US,Vox Media,digital\n", encoding="utf-8")
    articles = load_corpus(tmp_path / "all-the-news-2-1.csv", columns={"text": "article", "source": "publication"},
                           where="source in ['Reuters', 'Vox'] and year >= 2019", progress=False)
    assert articles["source"].tolist() == ["Reuters", "Vox"]
    assert articles["published"].tolist() == [pd.Timestamp("2019-06-01 10:00"), pd.Timestamp("2020-01-05 08:30")]
    assert articles["title"].tolist() == ["Headline on grain", "Headline on energy"]
    assert articles["country"].tolist() == ["GB", "US"]
    table = metadata_columns(articles).set_index("column")
    extra = ["year", "month", "day", "author", "section", "country", "ownership", "outlet_type"]
    assert table.loc[extra, "dtype"].tolist() == ["Int64"] * 3 + ["string"] * 5
    assert [s["reason"] for s in articles.attrs["skipped"]] == [
        "left out by the filter year >= 2019", "left out by the filter source in ['Reuters', 'Vox']"]
