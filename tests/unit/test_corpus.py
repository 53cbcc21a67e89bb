"""Loading: the seed corpus labelled by hand, every input format, and every kind of bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import CorpusError, cleaning_report, load_corpus
from analysis.core.config import RAW_DATA_DIR
from analysis.io.tables import ARTICLE_COLUMNS
from analysis.text.normalize import normalize_text
from tests.conftest import assert_fragments_balance

# Non-blank raw lines that are page furniture, read off each seed by hand.
SEED_FURNITURE = {
    "000_e0f6f5a4463e5025": {1},
    "001_59afda3a659f64a4": {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 58, 60, 61, 62},
    "002_1e036f337de7088c": {1},
    "003_b5ad1988c5bfe923": {1},
    "004_1a873a9b7cb4f533": {1, 2, 84, 86},
}
# The line of each seed that repeats its headline (read by hand): the title, removed from the text by rule "headline".
SEED_HEADLINES = {
    "000_e0f6f5a4463e5025": 4,
    "002_1e036f337de7088c": 4,
    "003_b5ad1988c5bfe923": 4,
    "004_1a873a9b7cb4f533": 4,
}
SEED_TITLES = {
    "000_e0f6f5a4463e5025": "US-Russia Negotiations, Sanctions, and Dmitriev's Role: Political Dynamics Surrounding the War in Ukraine",
    "002_1e036f337de7088c": "US, Russia and Ukraine Talks: Raising the Stakes and the Future at Stake",
    "003_b5ad1988c5bfe923": "US and Russian Statements and Peace Talks Prospects: Expert Analysis",
    "004_1a873a9b7cb4f533": 'Top Russian official Dmitriev sees "positive dynamic" in US-Russia relations',
}


def test_seed_corpus_has_five_articles_with_the_documented_columns(seed_articles):
    assert len(seed_articles) == 5
    assert seed_articles.columns.tolist()[: len(ARTICLE_COLUMNS)] == ARTICLE_COLUMNS
    assert seed_articles.attrs["skipped"] == []
    assert str(seed_articles["published"].dtype).startswith("datetime64")


def test_seed_metadata(seed_articles):
    by_id = seed_articles.set_index("doc_id")
    assert by_id["source"].tolist() == ["Expert News", "Izvestia", "Expert News", "Expert News",
                                        "European news site (unidentified)"]
    for doc_id, title in SEED_TITLES.items():
        assert by_id.loc[doc_id, "title"] == title
    assert by_id["published_inferred"].tolist() == [True, True, True, True, False]
    assert by_id.loc["004_1a873a9b7cb4f533", "published"] == pd.Timestamp("2025-04-05")
    assert by_id.loc["001_59afda3a659f64a4", "translated_from"] == "ru"
    assert by_id["translated_from"].isna().sum() == 4


def test_seed_metadata_from_the_captures_alone():
    articles = load_corpus(RAW_DATA_DIR, manifest=False, progress=False).set_index("doc_id")
    for doc_id, title in SEED_TITLES.items():
        assert articles.loc[doc_id, "title"] == title
    assert pd.isna(articles.loc["001_59afda3a659f64a4", "title"])  # not in the capture: left missing
    assert articles["published"].notna().tolist() == [False, False, False, False, True]
    assert not articles["published_inferred"].any()
    assert articles.loc["001_59afda3a659f64a4", "translated_from"] == "ru"
    assert articles["source"].isna().all()


@pytest.mark.parametrize("doc_id", sorted(SEED_FURNITURE))
def test_seed_cleaning_keeps_every_text_line_and_no_furniture(seed_corpus, doc_id):
    raw_lines = (RAW_DATA_DIR / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()
    report = seed_corpus.cleaning[seed_corpus.cleaning["doc_id"] == doc_id]
    assert report["line_no"].tolist() == list(range(1, len(raw_lines) + 1))
    removed = set(report.loc[~report["kept"] & (report["rule"] != "blank"), "line_no"])
    headline = {SEED_HEADLINES[doc_id]} if doc_id in SEED_HEADLINES else set()
    assert removed == SEED_FURNITURE[doc_id] | headline
    assert set(report.loc[report["rule"] == "headline", "line_no"]) == headline
    text = seed_corpus.articles.set_index("doc_id").loc[doc_id, "text"]
    for line_no, line in enumerate(raw_lines, 1):
        if line.strip() and line_no not in SEED_FURNITURE[doc_id] | headline:
            assert normalize_text(line) in text


def test_the_headline_is_the_title_and_never_part_of_the_text(seed_articles):
    for row in seed_articles.itertuples():
        assert pd.notna(row.title)
        assert normalize_text(row.title) not in row.text
        assert not row.text.startswith(row.title[:30])


def test_izvestia_section_headings_stay_in_the_body(seed_articles):
    text = seed_articles.set_index("doc_id").loc["001_59afda3a659f64a4", "text"]
    assert text.count("Results of Kirill Dmitriev's visit to Washington") == 1
    assert "Who is obstructing the dialogue between Russia and the United States" in text
    assert "cookie" not in text and "Яндекс" not in text and "Skip to main content" not in text


def test_cleaning_report_accounts_for_every_raw_line(seed_corpus):
    report = cleaning_report(RAW_DATA_DIR, progress=False)
    total = sum(len((RAW_DATA_DIR / f"{d}.txt").read_text(encoding="utf-8").splitlines()) for d in SEED_FURNITURE)
    assert len(report) == total
    assert report.columns.tolist() == ["doc_id", "path", "line_no", "line", "kept", "rule", "zone", "repair"]
    assert report["repair"].isna().all()  # the seeds hold no mojibake
    assert set(report.loc[report["kept"], "rule"]) == {"kept"}
    assert report.equals(seed_corpus.cleaning)


# ------------------------------------------------------------------ other formats

ARTICLE = "Talks in Washington went on for two days, and both sides said progress was made.\n\nA second paragraph adds that sanctions were not discussed at any length today."


def test_csv_with_column_mapping(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame({"id": [7, 8], "outlet": ["A", "B"], "body": [ARTICLE, ARTICLE + " More."],
                  "date": ["2022-03-01", ""]}).to_csv(path, index=False)
    articles = load_corpus(path, columns={"text": "body", "source": "outlet"}, progress=False)
    assert articles["doc_id"].tolist() == ["7", "8"]
    assert articles["source"].tolist() == ["A", "B"]
    assert articles.loc[0, "published"] == pd.Timestamp("2022-03-01")
    assert pd.isna(articles.loc[1, "published"])
    assert articles["path"].tolist() == [f"{path}#1", f"{path}#2"]


def test_jsonl_and_parquet(tmp_path):
    rows = [{"id": "a", "text": ARTICLE, "title": "T"}, {"id": "b", "text": ARTICLE + " Also."}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    pd.DataFrame({"doc_id": ["c"], "text": [ARTICLE + " Third."]}).to_parquet(tmp_path / "b.parquet")
    articles = load_corpus(tmp_path, progress=False)
    assert articles["doc_id"].tolist() == ["a", "b", "c"]
    assert articles.loc[0, "title"] == "T"


def test_html_main_text_extracted(tmp_path):
    html = ("<html lang='en'><head><title>Site</title><meta property='og:site_name' content='Example News'>"
            "<meta property='article:published_time' content='2025-04-05'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Envoy visits Washington</h1>"
            f"<p>{ARTICLE.split(chr(10))[0]}</p><p>Here &lt;script&gt;alert(1)&lt;/script&gt; is quoted as text in a long paragraph.</p></article>"
            "<footer>Copyright Example News</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    article = load_corpus(tmp_path, progress=False).iloc[0]
    assert article["title"] == "Envoy visits Washington"
    assert article["source"] == "Example News"
    assert article["language"] == "en"
    assert article["published"] == pd.Timestamp("2025-04-05")
    assert "Talks in Washington went on for two days" in article["text"]
    assert "<script>alert(1)</script>" in article["text"]
    assert "Copyright" not in article["text"]


def test_non_utf8_file_is_decoded_and_its_encoding_recorded(tmp_path):
    text = ("Переговоры в Вашингтоне продолжались два дня, и обе стороны заявили о прогрессе в диалоге.\n\n"
            "Санкции при этом не обсуждались, сообщил специальный представитель президента России.")
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    article = load_corpus(tmp_path, progress=False).iloc[0]
    assert article["text"] == text
    assert article["encoding"] in ("cp1251", "windows_1251", "windows-1251")


# --------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("furniture.txt", b"Skip to main content\nAdvertisement\n", "no article text is left after cleaning"),
    ],
)
def test_bad_file_raises_naming_it_or_is_recorded_as_skipped(tmp_path, name, content, message):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / name).write_bytes(content)
    with pytest.raises(CorpusError, match=message) as error:
        load_corpus(tmp_path, progress=False)
    assert name in str(error.value)
    with pytest.warns(UserWarning, match="left out"):
        articles = load_corpus(tmp_path, on_error="skip", progress=False)
    assert articles["doc_id"].tolist() == ["good"]
    [skipped] = articles.attrs["skipped"]
    assert skipped["path"].endswith(name) and message in skipped["reason"]


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="holds no corpus files"):
        load_corpus(tmp_path)


def test_csv_without_the_text_column(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame({"id": [1], "body": [ARTICLE]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"has no column 'content'.*\['id', 'body'\]"):
        load_corpus(path, columns={"text": "content"})
    pd.DataFrame({"id": [1], "words": [ARTICLE]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"no text column.*columns=\{'text': 'COLUMN'\}"):
        load_corpus(path)


def test_csv_row_without_text_is_reported(tmp_path):
    path = tmp_path / "a.csv"
    pd.DataFrame({"id": [1, 2], "text": [ARTICLE, ""]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match="row 2 .*has no text"):
        load_corpus(path, progress=False)
    with pytest.warns(UserWarning):
        articles = load_corpus(path, on_error="skip", progress=False)
    assert len(articles) == 1 and "row 2" in articles.attrs["skipped"][0]["reason"]


def test_duplicates_kept_once_and_reported(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE + "\n\n", encoding="utf-8")
    with pytest.warns(UserWarning):
        articles = load_corpus(tmp_path, progress=False)
    assert articles["doc_id"].tolist() == ["a"]
    assert articles.attrs["skipped"] == [{"path": str(tmp_path / "b.txt"), "doc_id": "b", "reason": "duplicate: same text as a"}]


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("name,outlet\na.txt,X\n", "needs a 'file' column"),
        ("name,source\na.txt,X\n", "read as an outlet manifest .* none of its sources"),
        ("file,source\nmissing.txt,X\n", "line 2: 'missing.txt' does not exist"),
        ("file,source\n../outside.txt,X\n", "lies outside the corpus folder"),
        ("file,published\na.txt,last spring\n", "is not a date"),
        ("file,published_inferred\na.txt,maybe\n", "'maybe' is not true/false"),
        ("file,source\na.txt,X\na.txt,Y\n", "listed more than once"),
    ],
)
def test_malformed_manifest(tmp_path, manifest, message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "sources.csv").write_text(manifest, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus, progress=False)


def test_manifest_values_win_and_extra_columns_are_kept(tmp_path):
    (tmp_path / "a.txt").write_text("Saturday, April 5, 2025\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "meta.csv").write_text("file,source,published,published_inferred,desk\na.txt,Outlet,2025-04-06,false,World\n")
    article = load_corpus(tmp_path, manifest=tmp_path / "meta.csv", progress=False).iloc[0]
    assert (article["source"], article["published"], article["desk"]) == ("Outlet", pd.Timestamp("2025-04-06"), "World")


def test_readme_in_the_corpus_folder_is_reported_not_loaded(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this corpus\n\nIt holds one article.", encoding="utf-8")
    with pytest.warns(UserWarning):
        articles = load_corpus(tmp_path, progress=False)
    assert articles["doc_id"].tolist() == ["a"]
    assert articles.attrs["skipped"][0]["reason"] == "documentation file, not an article"


def test_bad_on_error_value():
    with pytest.raises(CorpusError, match="on_error='ignore'"):
        load_corpus(RAW_DATA_DIR, on_error="ignore")


# ----------------------------------------------------------------- shared corpus


def test_filter_articles_by_source_and_date(seed_articles):
    from analysis import filter_articles

    izvestia = filter_articles(seed_articles, sources=["Izvestia"])
    assert izvestia["doc_id"].tolist() == ["001_59afda3a659f64a4"]
    assert izvestia.attrs["filtered_out"] == {"other sources": 4}
    spring = filter_articles(seed_articles, start="2025-04-01", end="2025-04-30")
    assert spring["doc_id"].tolist() == ["001_59afda3a659f64a4", "004_1a873a9b7cb4f533"]
    assert filter_articles(seed_articles, sources=[]).equals(seed_articles)
    with pytest.raises(CorpusError, match=r"sources=\['Pravda'\]: 'Pravda' is not a source of this corpus; its sources are "
                                          r"'European news site \(unidentified\)', 'Expert News', 'Izvestia'\."):
        filter_articles(seed_articles, sources=["Pravda"])
    with pytest.raises(CorpusError, match=r"'Izvestiya' \(did you mean 'Izvestia'\?\) is not a source"):
        filter_articles(seed_articles, sources=["Izvestiya"])


def test_seed_characters_read_equal_the_characters_of_the_cleaning_rows(seed_corpus):
    """Characters read (the file less its line breaks) = characters kept + removed, line by line, then fragment
    by fragment inside the kept lines."""
    assert_fragments_balance(seed_corpus)
    cleaning = seed_corpus.cleaning
    for doc_id in SEED_FURNITURE:
        raw = (RAW_DATA_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")
        rows = cleaning[cleaning["doc_id"] == doc_id]
        assert rows["line"].tolist() == raw.splitlines()
        kept, removed = rows.loc[rows["kept"], "line"].str.len().sum(), rows.loc[~rows["kept"], "line"].str.len().sum()
        assert kept + removed == len(raw) - raw.count("\n") and kept > removed


def test_n_words_of_a_long_cell_is_the_word_count_of_its_text(tmp_path):
    """Words are counted line by line and in pieces of a long line: the same count as over the whole text."""
    from analysis.text.tokens import count_words

    cell = " ".join(["The U.S.-backed talks, on 2,000 km of front, don't end \u2014 Kyiv's envoy said."] * 20_000)
    path = tmp_path / "long.csv"
    pd.DataFrame({"id": ["a", "b"], "text": [cell, ARTICLE]}).to_csv(path, index=False)
    articles = load_corpus(path, progress=False)
    assert articles["n_words"].tolist() == [count_words(text) for text in articles["text"]]
