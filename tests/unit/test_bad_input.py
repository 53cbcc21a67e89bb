"""A battery of bad input for loading: files, encodings, manifests, tables, HTML, symlinks and special files.

Each case builds a corpus folder holding one good article and the bad input, then
loads it twice. The bad input must end as a project error that names the file and
says how to fix it (``on_error="raise"``), or as a row of ``skipped`` with its
reason, or load as it should; and in every case nothing is lost:

* entries read = articles loaded + rows of ``skipped`` (an entry is each file,
  link or special file the case made, except hidden ones and the manifest, and
  each row of a readable table);
* characters read = characters kept + characters removed: every text the case
  wrote (as decoded) has cleaning rows whose lines hold exactly its characters
  less line breaks, every cleaning row belongs to a loaded or a skipped
  article, and each loaded article's kept lines are its text plus the fragments
  furniture removal took out (:class:`analysis.io.load.LoadedCorpus` defines the counts).

Inputs are made on the fly; big ones are generated, none is committed.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from analysis import CorpusError, read_corpus
from analysis.io.load import LoadedCorpus
from analysis.io.records import shown
from tests.conftest import assert_fragments_balance

GOOD = ("Talks in Washington went on for two days, and both sides said progress was made.\n\n"
        "A second paragraph adds that sanctions were not discussed at any length today.")
BODY = ("The delegations met again on Tuesday and said the ceasefire talks would go on next week.\n\n"
        "Officials on both sides described the mood as cautious but constructive, without giving details.")
RUSSIAN = ("Переговоры в Вашингтоне продолжались два дня, и обе стороны заявили о прогрессе в диалоге.\n\n"
           "Санкции при этом не обсуждались, сообщил специальный представитель президента России.")
FIX = re.compile(r"\b(remove|fix|re-save|write|pass|check|copy|install|decompress|store|map|name|convert|fill|give)\b", re.I)
_INFORMATIVE = re.compile(r"^duplicate|^documentation|already searched")  # nothing to fix
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass
class Corpus:
    """A corpus folder being built: counts the entries made and remembers each text written."""

    root: Path
    outside: Path
    entries: int = 0
    texts: dict[str, str] = field(default_factory=dict)  # shown path (file or file#row) -> text as decoded

    def text(self, name: str, text: str, encoding: str = "utf-8", *, prefix: bytes = b"") -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(prefix + text.encode(encoding))
        self.entries += 1
        self.texts[shown(path)] = text
        return path

    def page(self, name: str, html: str, encoding: str = "utf-8") -> Path:
        """An HTML page: its text is what trafilatura extracts, so it is not remembered."""
        return self.raw(name, html.encode(encoding))

    def raw(self, name: str | bytes, data: bytes, *, counted: bool = True) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.root), os.fsencode(name))))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.entries += counted
        return path

    def table(self, name: str, frame: pd.DataFrame, *, encoding: str = "utf-8", text_column: str = "text") -> Path:
        path = self.root / name
        if name.endswith(".parquet"):
            frame.to_parquet(path)
        elif name.endswith(".jsonl"):
            path.write_text(frame.to_json(orient="records", lines=True, force_ascii=False), encoding=encoding)
        else:
            path.write_bytes(frame.to_csv(index=False).encode(encoding))
        self.entries += len(frame)
        for row, text in enumerate(frame[text_column], 1):
            if isinstance(text, str) and text.strip():
                self.texts[f"{shown(path)}#{row}"] = text
        return path

    def link(self, name: str, target: str | Path) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
        self.entries += 1
        return path

    def manifest(self, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (self.root / "sources.csv").write_bytes(data)


@dataclass(frozen=True)
class Case:
    """``outcome``: ``error`` (raised, or recorded when skipping), ``recorded`` (recorded either way),
    ``refused`` (the whole load stops either way: a bad manifest), ``loaded`` (loads; ``fragment`` is in
    the text or the check passes). ``name``: what the message or the skipped row must name."""

    build: Callable[[Corpus], None]
    outcome: str
    fragment: str
    name: str = ""
    check: Callable[[LoadedCorpus], None] | None = None


def _two_rows_one_broken(c: Corpus) -> None:
    """A JSONL table whose first line is an article and whose second is not JSON: two rows read."""
    c.raw("mixed.jsonl", b'{"id": "a", "text": "' + BODY.replace("\n", "\\n").encode() + b'"}\nnot json at all\n', counted=False)
    c.entries += 2
    c.texts[f"{shown(c.root / 'mixed.jsonl')}#1"] = BODY


def _fifo(c: Corpus, name: str) -> None:
    os.mkfifo(c.root / name)
    c.entries += 1


def _socket(c: Corpus, name: str) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(c.root / name))
    c.entries += 1


def _loop(c: Corpus, first: str, second: str) -> None:
    c.link(first, second)
    c.link(second, first)


def _outside_file(c: Corpus) -> Path:
    secret = c.outside / "secret.txt"
    secret.write_text("The secret notes of someone else, long enough to read as a paragraph of text.", encoding="utf-8")
    return secret


def _table_rows(*texts: str, **columns: list) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"r{i}" for i in range(len(texts))], "text": list(texts), **columns})


def _html(body: str, head: str = "") -> str:
    return f"<html lang='en'><head><title>Page</title>{head}</head><body>{body}</body></html>"


def _article_paragraphs(text: str = BODY) -> str:
    return "".join(f"<p>{p}</p>" for p in text.split("\n\n"))


def _encoding_is(expected: str) -> Callable[[LoadedCorpus], None]:
    def check(corpus: LoadedCorpus) -> None:
        assert expected in corpus.articles["encoding"].dropna().tolist()
    return check


def _repair_recorded(corpus: LoadedCorpus) -> None:
    repaired = corpus.cleaning.dropna(subset=["repair"])
    assert repaired["line"].str.contains("â€™").all() and len(repaired) == 1
    assert repaired["repair"].iloc[0] == "encode sloppy-windows-1252, decode utf-8"


def _published(expected: str) -> Callable[[LoadedCorpus], None]:
    def check(corpus: LoadedCorpus) -> None:
        assert pd.Timestamp(expected) in corpus.articles["published"].tolist()
    return check


def _doc_ids_include(doc_id: str) -> Callable[[LoadedCorpus], None]:
    def check(corpus: LoadedCorpus) -> None:
        assert doc_id in corpus.articles["doc_id"].tolist()
    return check


CASES: dict[str, Case] = {
    # ------------------------------------------------------------------ files
    "empty file": Case(lambda c: c.raw("empty.txt", b""), "error", "the file is empty", "empty.txt"),
    "blank file": Case(lambda c: c.raw("blank.txt", b" \n\n\t\n"), "error", "the file is empty", "blank.txt"),
    "binary file": Case(lambda c: c.raw("binary.txt", bytes(range(256)) * 8), "error", "binary file", "binary.txt"),
    "gzip-compressed capture": Case(lambda c: c.raw("page.txt.gz", gzip.compress(BODY.encode())), "loaded", "cautious"),
    "gzip-compressed capture named .txt": Case(lambda c: c.raw("page.txt", gzip.compress(BODY.encode())), "error",
                                               "gzip-compressed, but its name does not say so: name it page.txt.gz",
                                               "page.txt"),
    "gzip-compressed table named .csv": Case(lambda c: c.raw("news.csv", gzip.compress(b"id,text\n1,x\n")), "error",
                                             "name it news.csv.gz and it is read decompressed", "news.csv"),
    "zip-compressed capture": Case(lambda c: c.raw("page.txt.zip", b"PK\x03\x04 zipped"), "error",
                                   "Decompress it, or compress it with gzip", "page.txt.zip"),
    "UTF-16 LE without BOM": Case(lambda c: c.raw("utf16le.txt", BODY.encode("utf-16-le")), "loaded", "cautious"),
    "UTF-16 BE without BOM, Cyrillic": Case(lambda c: c.raw("utf16be.txt", RUSSIAN.encode("utf-16-be")), "loaded", "Санкции"),
    "CSV header without rows": Case(lambda c: c.raw("header.csv", b"id,source,text\n"), "error",
                                    "has a header (id, source, text) but no rows", "header.csv"),
    "empty CSV": Case(lambda c: c.raw("empty.csv", b""), "error", "the file is empty (no header, no rows)", "empty.csv"),
    "page of a JavaScript notice only": Case(
        lambda c: c.page("app.html", "<html><body><noscript>You need to enable JavaScript to run this app.</noscript>"
                                     "<div id='root'></div></body></html>"),
        "error", "only a notice for browsers without JavaScript ('You need to enable JavaScript", "app.html"),
    "page furniture only": Case(lambda c: c.text("nav.txt", "Skip to main content\nAdvertisement\nShare\n"),
                                "error", "no article text is left after cleaning", "nav.txt"),
    "duplicate text": Case(lambda c: c.text("repeat.txt", GOOD + "\n\n"), "recorded", "duplicate: same text as good", "repeat.txt"),
    "unsupported type": Case(lambda c: c.raw("notes.docx", b"PK\x03\x04 not read"), "recorded", "unsupported file type", "notes.docx"),
    "readme": Case(lambda c: c.raw("README.md", b"# About\n\nThis corpus holds articles."), "recorded",
                   "documentation file, not an article", "README.md"),
    "hidden file is passed over silently": Case(lambda c: c.raw(".DS_Store", b"\x00\x01", counted=False), "loaded", "sanctions"),
    "non-UTF-8 file name": Case(lambda c: c.text("caf\udce9.txt", BODY), "loaded", "ceasefire", check=_doc_ids_include("caf\\xe9")),
    "2 MB on one line": Case(lambda c: c.text("long.txt", " ".join([BODY.replace("\n\n", " ")] * 11_000)), "loaded", "cautious"),
    "old Mac line endings": Case(lambda c: c.text("mac.txt", BODY.replace("\n\n", "\r\r")), "loaded", "constructive"),
    "NUL characters deep inside": Case(lambda c: c.text("nul.txt", BODY + "\n\n" + "x" * 9000 + "\x00 tail."), "loaded", "delegations"),
    "folder named like a file": Case(lambda c: c.text("folder.txt/inner.txt", BODY), "loaded", "ceasefire",
                                     check=_doc_ids_include("folder.txt/inner")),
    "forty folders deep": Case(lambda c: c.text("/".join(["d"] * 40) + "/deep.txt", BODY), "loaded", "ceasefire"),
    "upper-case extension": Case(lambda c: c.text("LOUD.TXT", BODY), "loaded", "ceasefire"),
    # -------------------------------------------------------------- encodings
    "Latin-1 Spanish": Case(lambda c: c.text("es.txt", "Señor Muñoz dijo que la reunión fue muy productiva y larga.\n\n" + BODY,
                                             "latin-1"), "loaded", "Señor Muñoz", check=_encoding_is("cp1252")),
    "short cp1251 line": Case(lambda c: c.text("ru_short.txt", "Привет, мир", "cp1251"), "loaded", "Привет, мир"),
    "UTF-8 BOM before cp1251": Case(lambda c: c.text("bom_ru.txt", RUSSIAN, "cp1251", prefix=b"\xef\xbb\xbf"),
                                    "loaded", "Санкции", check=_encoding_is("cp1251")),
    "double-encoded mojibake": Case(lambda c: c.text("moji.txt", "President Zelenskyâ€™s office said the talks went on for two days.\n\n"
                                                     + BODY), "loaded", "Zelensky's office", check=_repair_recorded),
    "cp1250 Polish": Case(lambda c: c.text("pl.txt", "Zażółć gęślą jaźń, powiedział minister w długim wywiadzie dla radia.", "cp1250"),
                          "loaded", "Zażółć gęślą jaźń"),
    "KOI8-R Russian": Case(lambda c: c.text("koi.txt", RUSSIAN, "koi8-r"), "loaded", "Переговоры в Вашингтоне"),
    "UTF-16 with BOM": Case(lambda c: c.text("u16.txt", RUSSIAN, "utf-16"), "loaded", "Переговоры"),
    "Shift-JIS Japanese": Case(lambda c: c.text("ja.txt", "会談は二日間続いたと報道された。双方は進展があったと述べた。", "shift_jis"),
                               "loaded", "会談は二日間"),
    # ---------------------------------------------------------------- manifests
    "manifest without a file column": Case(lambda c: c.manifest("name,outlet\ngood.txt,X\n"), "refused", "needs a 'file' column", "sources.csv"),
    "outlet manifest naming no source": Case(lambda c: c.manifest("name,source\ngood.txt,X\n"), "refused",
                                             "none of its sources", "sources.csv"),
    "manifest names a missing file": Case(lambda c: c.manifest("file,source\nmissing.txt,X\n"), "refused", "does not exist", "missing.txt"),
    "manifest row through a link loop": Case(lambda c: (_loop(c, "l1", "l2"), c.manifest("file,source\nl1/good.txt,X\n")),
                                             "refused", "symbolic link loop", "l1/good.txt"),
    "manifest row outside the folder": Case(lambda c: c.manifest("file,source\n../elsewhere.txt,X\n"), "refused", "lies outside", "elsewhere.txt"),
    "manifest row through a link out": Case(lambda c: (c.link("leak.txt", _outside_file(c)), c.manifest("file,source\nleak.txt,X\n")),
                                            "refused", "follow_links=True", "leak.txt"),
    "manifest date 'today'": Case(lambda c: c.manifest("file,published\ngood.txt,today\n"), "refused", "a different day", "line 2"),
    "manifest date without a year": Case(lambda c: c.manifest("file,published\ngood.txt,12:30\n"), "refused", "names no year", "line 2"),
    "manifest flag not true/false": Case(lambda c: c.manifest("file,published_inferred\ngood.txt,maybe\n"), "refused", "not true/false", "line 2"),
    "manifest lists a file twice": Case(lambda c: c.manifest("file,source\ngood.txt,X\ngood.txt,Y\n"), "refused", "listed more than once", "sources.csv"),
    "manifest is empty": Case(lambda c: c.manifest(b""), "refused", "not a readable CSV", "sources.csv"),
    "manifest with a BOM": Case(lambda c: c.manifest(b"\xef\xbb\xbffile,source\ngood.txt,Outlet\n"), "loaded", "sanctions",
                                check=lambda corpus: corpus.articles["source"].tolist() == ["Outlet"]),
    "manifest in cp1251": Case(lambda c: c.manifest("file,source\ngood.txt,Известия\n".encode("cp1251")), "loaded", "sanctions",
                               check=lambda corpus: corpus.articles["source"].tolist() == ["Известия"]),
    # ------------------------------------------------------------------- tables
    "CSV row without text": Case(lambda c: c.table("rows.csv", _table_rows(BODY, "")), "error", "has no text", "rows.csv"),
    "CSV date 'today'": Case(lambda c: c.table("today.csv", _table_rows(BODY, date=["today"])), "error", "a different day", "today.csv"),
    "CSV date 'now'": Case(lambda c: c.table("now.csv", _table_rows(BODY, date=["now"])), "error", "a different day", "now.csv"),
    "CSV date that is no date": Case(lambda c: c.table("spring.csv", _table_rows(BODY, date=["last spring"])), "error", "is not a date", "spring.csv"),
    "Parquet integer date": Case(lambda c: c.table("int.parquet", _table_rows(BODY, date=[20220301])), "error", "a number", "int.parquet"),
    "JSONL integer date": Case(lambda c: c.table("int.jsonl", _table_rows(BODY, date=[1646092800])), "error", "a number", "int.jsonl"),
    "JSONL number as text": Case(lambda c: c.table("num.jsonl", pd.DataFrame({"id": ["n"], "text": [12345]})), "error",
                                 "holds a value of type int in column 'text'", "num.jsonl"),
    "CSV with an unclosed quote": Case(lambda c: c.raw("broken.csv", b'id,text\n1,"' + BODY.encode() + b"\n2,x\n"),
                                       "error", "cannot be read as CSV", "broken.csv"),
    "CSV without a text column": Case(lambda c: c.raw("words.csv", b"id,words\n1,hello there\n"), "error", "no text column", "words.csv"),
    "JSONL with half a surrogate pair": Case(lambda c: c.raw("half.jsonl", b'{"id": 1, "text": "Broken \\udc80 escape in a sentence."}\n'),
                                             "error", "surrogate pair", "half.jsonl"),
    "JSONL line that is no JSON": Case(_two_rows_one_broken, "error", "line 2 is not valid JSON", "mixed.jsonl"),
    "JSONL integer beyond 64 bits": Case(lambda c: c.raw("huge.jsonl", b'{"id": "h", "text": "Fine.", "date": -9223372036854775809}\n'),
                                         "error", "a number", "huge.jsonl"),
    "Parquet that is not Parquet": Case(lambda c: c.raw("fake.parquet", b"PAR1 this is no parquet file"), "error",
                                        "cannot be read as PARQUET", "fake.parquet"),
    "duplicate ids, different texts": Case(lambda c: c.table("ids.csv", pd.DataFrame({"id": ["x", "x"], "text": [BODY, RUSSIAN]})),
                                           "error", "is used by another article", "ids.csv"),
    "CSV in cp1251": Case(lambda c: c.table("ru.csv", _table_rows(RUSSIAN), encoding="cp1251"), "loaded", "Переговоры",
                          check=_encoding_is("cp1251")),
    "CSV with a BOM": Case(lambda c: c.table("bom.csv", _table_rows(BODY), encoding="utf-8-sig"), "loaded", "ceasefire",
                           check=_doc_ids_include("r0")),
    "CSV row without an id": Case(lambda c: c.table("noid.csv", pd.DataFrame({"id": ["a", ""], "text": [BODY, RUSSIAN]})),
                                  "loaded", "Переговоры", check=_doc_ids_include("noid:2")),
    "CSV date with a time zone": Case(lambda c: c.table("tz.csv", _table_rows(BODY, date=["2022-03-01T01:00:00+02:00"])), "loaded",
                                      "ceasefire", check=_published("2022-02-28 23:00")),
    "CSV cell of 3 MB": Case(lambda c: c.table("big.csv", _table_rows(" ".join([BODY.replace("\n\n", " ")] * 16_000))),
                             "loaded", "constructive"),
    # --------------------------------------------------------------------- HTML
    "HTML with no article": Case(lambda c: c.page("nav.html", _html("<nav><a href='/'>Home</a></nav>")), "error",
                                 "no article text", "nav.html"),
    "HTML that is binary": Case(lambda c: c.raw("img.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), "error", "binary file", "img.html"),
    "HTML in cp1251": Case(lambda c: c.page("ru.html", _html(_article_paragraphs(RUSSIAN), "<meta charset='windows-1251'>"), "cp1251"),
                           "loaded", "Санкции при этом не обсуждались"),
    "HTML nested 3000 deep": Case(lambda c: c.page("deep.html", _html("<div>" * 3000 + _article_paragraphs() + "</div>" * 3000)),
                                  "error", "found no article text", "deep.html"),
    "HTML with an impossible date": Case(lambda c: c.page("date.html", _html(_article_paragraphs(),
                                                                                "<meta property='article:published_time' content='today'>")),
                                         "loaded", "ceasefire"),
    # -------------------------------------------------------- symlinks, special files
    "dangling link": Case(lambda c: c.link("gone.txt", "nowhere.txt"), "error", "broken symbolic link", "gone.txt"),
    "link loop": Case(lambda c: _loop(c, "a1.txt", "a2.txt"), "error", "symbolic link loop", "a1.txt"),
    "link loop without a corpus name": Case(lambda c: _loop(c, "x1", "x2"), "recorded", "symbolic link loop", "x1"),
    "link to a file outside": Case(lambda c: c.link("leak.txt", _outside_file(c)), "error", "follow_links=True", "leak.txt"),
    "link to a folder outside": Case(lambda c: (_outside_file(c), c.link("elsewhere", c.outside)), "error", "outside the corpus folder", "elsewhere"),
    "link to a folder inside": Case(lambda c: (c.text("sub/inner.txt", BODY), c.link("alias", "sub")), "recorded",
                                    "already searched", "sub"),
    "link to an ancestor folder": Case(lambda c: (c.text("sub/inner.txt", BODY), c.link("sub/up", "..")), "recorded",
                                       "already searched", "up"),
    "link to a file inside": Case(lambda c: (c.text("real.txt", BODY), c.link("zlink.txt", "real.txt")), "recorded",
                                  "duplicate: same text as real", "zlink.txt"),
    "named pipe": Case(lambda c: _fifo(c, "pipe.txt"), "recorded", "named pipe (FIFO)", "pipe.txt"),
    "socket": Case(lambda c: _socket(c, "sock.txt"), "recorded", "a socket", "sock.txt"),
    "link to a character device": Case(lambda c: c.link("null.txt", "/dev/null"), "recorded", "a character device", "null.txt"),
}


def _build(tmp_path: Path, case: Case) -> Corpus:
    corpus = Corpus(tmp_path / "corpus", tmp_path / "outside")
    corpus.root.mkdir()
    corpus.outside.mkdir()
    corpus.text("good.txt", GOOD)
    case.build(corpus)
    return corpus


def _load(corpus: Corpus, on_error: str) -> LoadedCorpus:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(corpus.root, on_error=on_error, progress=False)


def _assert_names_and_fix(message: str, case: Case) -> None:
    assert case.name in message and case.fragment in message, message
    assert FIX.search(message), f"no fix in: {message}"


def assert_nothing_lost(corpus: LoadedCorpus, made: Corpus) -> None:
    """Entries read = loaded + skipped; characters read = kept + removed, every text accounted for."""
    assert len(corpus.articles) + len(corpus.skipped) == made.entries
    cleaning = corpus.cleaning
    lengths = cleaning["line"].str.len()
    loaded, skipped = set(corpus.articles["path"]), set(corpus.skipped["path"])
    assert set(cleaning["path"]) <= loaded | skipped
    for path, text in made.texts.items():
        rows = cleaning["path"] == path
        if path in loaded or rows.any():
            assert lengths[rows].sum() == len(LINE_BREAKS.sub("", text)), path
    in_articles = cleaning["path"].isin(loaded)
    kept = lengths[cleaning["kept"] & in_articles].sum()
    removed = lengths[~(cleaning["kept"] & in_articles)].sum()
    assert kept + removed == lengths.sum()
    assert kept == sum(len(line) for path in loaded for line in cleaning.loc[(cleaning["path"] == path) & cleaning["kept"], "line"])
    assert_fragments_balance(corpus)


@pytest.mark.parametrize("case", [pytest.param(case, marks=pytest.mark.heavy) if "MB" in name else case for name, case in CASES.items()],
                         ids=CASES.keys())
def test_bad_input(tmp_path, case):
    made = _build(tmp_path, case)
    if case.outcome == "refused":
        for on_error in ("raise", "skip"):
            with pytest.raises(CorpusError) as error:
                _load(made, on_error)
            _assert_names_and_fix(str(error.value), case)
        return
    if case.outcome == "error":
        with pytest.raises(CorpusError) as error:
            _load(made, "raise")
        _assert_names_and_fix(str(error.value), case)
    modes = ("skip",) if case.outcome == "error" else ("raise", "skip")
    for on_error in modes:
        corpus = _load(made, on_error)
        assert "sanctions were not discussed" in " ".join(corpus.articles["text"])
        if case.outcome == "loaded":
            assert case.fragment in " ".join(corpus.articles["text"])
            if case.check:
                case.check(corpus)
        else:
            rows = corpus.skipped[corpus.skipped["path"].str.contains(case.name, regex=False)]
            assert rows["reason"].str.contains(case.fragment, regex=False).any(), corpus.skipped.to_dict("records")
            assert rows["reason"].map(lambda reason: bool(FIX.search(reason)) or _INFORMATIVE.search(reason) is not None).all()
        assert_nothing_lost(corpus, made)


def test_the_battery_is_large_enough():
    assert len(CASES) >= 40


def test_follow_links_reads_a_file_and_a_folder_outside(tmp_path):
    made = _build(tmp_path, CASES["link to a file outside"])
    (made.outside / "sub").mkdir()
    (made.outside / "sub" / "far.txt").write_text(BODY, encoding="utf-8")
    made.link("elsewhere", made.outside / "sub")
    corpus = read_corpus(made.root, follow_links=True, progress=False)
    assert sorted(corpus.articles["doc_id"]) == ["elsewhere/far", "good", "leak"]
    assert corpus.skipped.empty


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_named(tmp_path):
    made = _build(tmp_path, Case(lambda c: c.text("locked.txt", BODY), "error", "", "locked.txt"))
    (made.root / "locked.txt").chmod(0)
    with pytest.raises(CorpusError, match="locked.txt: cannot be read .*permissions"):
        _load(made, "raise")


@pytest.mark.heavy
def test_html_without_lxml_html_clean_is_a_project_error(tmp_path):
    """An environment without lxml_html_clean (which trafilatura's justext imports) gets the fix, not an ImportError."""
    page = tmp_path / "page.html"
    page.write_text(_html(_article_paragraphs()), encoding="utf-8")
    script = ("import sys; sys.modules['lxml_html_clean'] = None; sys.modules['lxml.html.clean'] = None\n"
              "from analysis import CorpusError, load_corpus\n"
              f"try:\n    load_corpus({str(page)!r}, progress=False)\n"
              "except CorpusError as error:\n    print(error)\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "page.html: reading HTML needs trafilatura" in result.stdout, result.stderr
    assert "lxml_html_clean" in result.stdout


def test_lxml_html_clean_is_declared():
    """trafilatura's justext imports lxml.html.clean, shipped apart from lxml since 5.2: the project declares it."""
    from importlib.metadata import requires

    assert any(re.match(r"lxml[_-]html[_-]clean\b", requirement) for requirement in requires("analysis"))


def test_skipped_rows_of_a_table_name_the_row(tmp_path):
    made = _build(tmp_path, CASES["CSV row without text"])
    corpus = _load(made, "skip")
    [row] = corpus.skipped.to_dict("records")
    assert row["path"] == f"{made.root / 'rows.csv'}#2" and row["doc_id"] == "r1"


def test_jsonl_dates_are_not_guessed(tmp_path):
    """pandas would read an integer in a 'date' column as nanoseconds since 1970: refused instead."""
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": 1, "text": BODY, "date": "2022-03-01"}) + "\n", encoding="utf-8")
    assert read_corpus(path, progress=False).articles["published"].tolist() == [pd.Timestamp("2022-03-01")]
