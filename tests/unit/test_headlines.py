"""Headlines: always the ``title`` field, never part of the text, the same way for every format."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import read_corpus
from analysis.io.clean import HEADLINE

TITLE = "Envoy visits Washington for talks"
BODY = [
    "Talks in Washington went on for two days, and both sides said progress was made on the grain deal.",
    "A second paragraph adds that sanctions were not discussed at any length by the two delegations.",
]
ARTICLE = "\n\n".join(BODY)


def _html(head: str, body: str) -> str:
    return f"<html lang='en'><head>{head}</head><body>{body}</body></html>"


_PARAGRAPHS = "".join(f"<p>{p}</p>" for p in BODY)

# (file name, content, whether the text read holds the headline as a line before the cleaning rule removes it)
PAGES = {
    "capture, breadcrumb then headline": ("a.txt", f"Home > World > {TITLE}\n\n{TITLE}\n\n{ARTICLE}\n", True),
    "capture, Markdown headline": ("a.md", f"# {TITLE}\n\n{ARTICLE}\n", True),
    "capture, headline repeated": ("a.txt", f"{TITLE}\nMenu\n{TITLE}\n\n{ARTICLE}\n", True),
    "HTML, h1 inside the article": ("a.html", _html(f"<title>{TITLE} | Site</title>",
                                                    f"<article><h1>{TITLE}</h1>{_PARAGRAPHS}</article>"), True),
    "HTML, h1 outside the article": ("a.html", _html(f"<title>{TITLE}</title>",
                                                     f"<header><h1>{TITLE}</h1></header><article>{_PARAGRAPHS}</article>"),
                                     False),
    "HTML, og:title only": ("a.html", _html(f"<meta property='og:title' content='{TITLE}'>",
                                            f"<div class='content'>{_PARAGRAPHS}</div>"), False),
    "HTML, h2 headline in main": ("a.html", _html(f"<title>{TITLE}</title>", f"<main><h2>{TITLE}</h2>{_PARAGRAPHS}</main>"),
                                  True),
    "CSV, text repeats the title": ("a.csv", pd.DataFrame({"title": [TITLE], "text": [f"{TITLE}\n\n{ARTICLE}"]}), True),
    "CSV, title with a final period": ("a.csv", pd.DataFrame({"title": [TITLE], "text": [f"{TITLE}.\n{ARTICLE}"]}), True),
    "CSV, text without the title": ("a.csv", pd.DataFrame({"title": [TITLE], "text": [ARTICLE]}), False),
    "JSONL, text repeats the title": ("a.jsonl", json.dumps({"headline": TITLE, "body": f"{TITLE}\n{ARTICLE}"}), True),
    "Parquet, text repeats the title": ("a.parquet", pd.DataFrame({"title": [TITLE], "text": [f"{TITLE}\n{ARTICLE}"]}),
                                        True),
}


def _write(folder, name, content):
    path = folder / name
    if isinstance(content, pd.DataFrame):
        content.to_csv(path, index=False) if name.endswith(".csv") else content.to_parquet(path)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("name, content, in_text", PAGES.values(), ids=PAGES.keys())
def test_the_headline_is_the_title_and_never_the_text(tmp_path, name, content, in_text):
    _write(tmp_path, name, content)
    corpus = read_corpus(tmp_path, progress=False)
    article = corpus.articles.iloc[0]
    assert article["title"].startswith(TITLE)
    assert TITLE not in article["text"]
    assert article["text"].startswith(BODY[0]) and BODY[1] in article["text"]
    headline_rows = corpus.cleaning[corpus.cleaning["rule"] == HEADLINE]
    assert len(headline_rows) == in_text
    assert headline_rows["line"].str.contains(TITLE).all()


def test_a_body_sentence_that_reads_like_the_title_stays(tmp_path):
    text = f"{ARTICLE}\n\n{TITLE}\n\nA last paragraph, long enough to be read as running text by the cleaning rules."
    pd.DataFrame({"title": [TITLE], "text": [text]}).to_csv(tmp_path / "a.csv", index=False)
    article = read_corpus(tmp_path, progress=False).articles.iloc[0]
    assert article["text"].count(TITLE) == 1


def test_the_manifest_title_removes_the_capture_headline_too(tmp_path):
    (tmp_path / "a.txt").write_text(f"{TITLE}\n\n{ARTICLE}\n", encoding="utf-8")
    pd.DataFrame({"file": ["a.txt"], "title": [TITLE.upper()]}).to_csv(tmp_path / "sources.csv", index=False)
    article = read_corpus(tmp_path, progress=False).articles.iloc[0]
    assert article["title"] == TITLE.upper()
    assert article["text"] == ARTICLE


def test_a_row_that_is_only_its_headline_has_no_text_left(tmp_path):
    pd.DataFrame({"id": ["1", "2"], "title": [TITLE, "Other"], "text": [TITLE, ARTICLE]}).to_csv(tmp_path / "a.csv",
                                                                                                index=False)
    with pytest.warns(UserWarning, match="1 file"):
        corpus = read_corpus(tmp_path, on_error="skip", progress=False)
    assert corpus.articles["doc_id"].tolist() == ["2"]
    assert "no article text is left after cleaning" in corpus.skipped.loc[0, "reason"]
