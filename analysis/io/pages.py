"""Page captures (``.txt``, ``.md``) and saved HTML pages, each one article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from analysis.core.errors import CorpusError
from analysis.io.clean import clean_capture, clean_lines
from analysis.io.dates import parse_date
from analysis.io.decode import read_text_file
from analysis.io.records import ReadArticle, doc_id_for_file, shown


def read_capture(path: Path, root: Path) -> Iterator[ReadArticle]:
    text, encoding = read_text_file(path)
    lines = text.splitlines()
    del text  # the lines hold it now; a capture of millions of lines needs the memory
    cleaned = clean_lines(lines)
    yield ReadArticle(
        doc_id=doc_id_for_file(path, root),
        path=shown(path),
        file=path.resolve(),
        encoding=encoding,
        cleaned=cleaned,
        metadata={"title": cleaned.title, "published": cleaned.published, "translated_from": cleaned.translated_from},
    )


#: What a page shows browsers without JavaScript ("Please enable JavaScript"): never the article.
_NOSCRIPT = re.compile(r"<noscript\b.*?</noscript\s*>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def read_html(path: Path, root: Path) -> Iterator[ReadArticle]:
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml_html_clean, which trafilatura's justext needs, not installed
        raise CorpusError(f"{path}: reading HTML needs trafilatura, which cannot be imported ({exc}). Install the "
                          "project's dependencies again (pip install -e .), which include lxml_html_clean.") from exc

    html, encoding = read_text_file(path)
    notices = [_TAGS.sub(" ", notice).split() for notice in _NOSCRIPT.findall(html)]
    document = trafilatura.bare_extraction(
        _NOSCRIPT.sub(" ", html), with_metadata=True, favor_recall=True, include_comments=False,
        date_extraction_params={"extensive_search": False},
    )
    if document is None or not (document.text or "").strip():
        if any(notices):
            shown_notice = " ".join(next(words for words in notices if words))[:120]
            raise CorpusError(f"{path}: the page holds no article text, only a notice for browsers without JavaScript "
                              f"({shown_notice!r}): its article is drawn by a script, so it is not in the saved HTML. "
                              "Save the page from the browser after it has loaded (File > Save Page As, complete), or "
                              "remove it.")
        raise CorpusError(f"{path}: trafilatura found no article text in this HTML page. Check that the file is a saved article page.")
    cleaned = clean_capture(document.text)
    lang = _HTML_LANG.search(html)
    try:
        published = parse_date(document.date) or cleaned.published
    except ValueError:  # a page's own date meta can hold anything
        published = cleaned.published
    yield ReadArticle(
        doc_id=doc_id_for_file(path, root),
        path=shown(path),
        file=path.resolve(),
        encoding=encoding,
        cleaned=cleaned,
        metadata={
            "title": document.title or cleaned.title,
            "published": published,
            "url": document.url,
            "source": document.sitename,
            "language": lang.group(1).lower() if lang else None,
            "translated_from": cleaned.translated_from,
        },
    )
