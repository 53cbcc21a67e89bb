"""Load a corpus from files into one tidy table of articles.

Supported inputs, as one file or a folder searched recursively:

* page captures ``.txt`` / ``.md``: plain-text copies of web pages, cleaned line
  by line (:mod:`analysis.io.clean`), metadata read from the capture;
* ``.html`` / ``.htm``: main text and metadata extracted with trafilatura;
* tables ``.csv`` / ``.jsonl`` / ``.parquet`` (also ``.csv.gz`` and other
  compressed forms pandas reads): one article per row.

Metadata comes from a manifest where one is given (or found), else from the
capture itself, else it stays missing: nothing is invented.

Nothing found vanishes: every entry under the path is loaded or recorded in
``skipped`` with its reason, except hidden entries (a name starting with ``.``)
and the manifest. Symbolic links are followed inside the corpus folder only;
one leading out of it is refused unless ``follow_links=True``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from analysis.core.checks import process_count
from analysis.core.errors import CorpusError, did_you_mean, warn
from analysis.core.progress import progress_bar
from analysis.core.schema import MISSING_SOURCE, TABLES, conform, dtypes, empty
from analysis.io.arrow import string_array
from analysis.io.clean import KEPT
from analysis.io.duplicates import near_duplicates
from analysis.io.files import CAPTURE_SUFFIXES, HTML_SUFFIXES, TABLE_SUFFIXES, corpus_files, format_suffix
from analysis.io.filters import apply_where, parse_where
from analysis.io.furniture import clean_texts
from analysis.io.language import DETECT, check_language_option, fill_languages
from analysis.io.manifest import add_metadata, find_manifest, outlets_from_folders, read_manifest
from analysis.io.metadata import typed_column
from analysis.io.pages import read_capture, read_html
from analysis.io.records import OnError, ReadArticle, SkippedRow, printable_error, shown, skip_record
from analysis.io.tables import ARTICLE_COLUMNS, read_table
from analysis.text.tokens import count_words, has_words

CLEANING_COLUMNS = list(TABLES["cleaning"].columns)
SKIPPED_COLUMNS = list(TABLES["skipped"].columns)


@dataclass
class LoadedCorpus:
    """Everything :func:`read_corpus` produces.

    ``articles``: see :func:`load_corpus`. ``cleaning``: see :func:`cleaning_report`.
    ``skipped``: one row per file, row or article left out, columns ``path``
    (``file#row`` for a table row), ``doc_id`` (missing for unreadable files) and
    ``reason`` (what is wrong and how to fix it; ``left out by the filter <clause>``
    for an article ``where=`` left out, naming the first top-level clause it failed).
    ``fragments``: one row per fragment removed from inside an article's text by
    the in-text furniture rules and the repetition rule (:mod:`analysis.io.furniture`;
    table ``fragments`` of :mod:`analysis.core.schema`), in article and text order.
    ``duplicates``: :func:`analysis.io.duplicates.near_duplicates` of the articles, one
    row per article. The cleaning report is ``cleaning`` (lines) plus ``fragments``.

    Two counts always balance:

    * entries read = ``len(articles) + len(skipped)``, where an entry is each
      file, link or special file under the path (hidden ones and the manifest
      aside), except that a readable table counts once per row;
    * characters read = characters kept + characters removed, in two steps.
      Lines: the characters read of an article are those of its decoded text
      (for HTML, the text trafilatura extracted; for a table, the cell) less its
      line breaks: the sum of ``len(line)`` over its ``cleaning`` rows, one per
      line. They are kept when the row is ``kept`` and the article is in
      ``articles``, removed otherwise (by the row's ``rule``, or with the whole
      article when its ``path`` is in ``skipped``). Files skipped before decoding
      have no rows. Fragments: the kept lines of an article in ``articles``,
      normalised and joined by blank lines (its text after line cleaning), are
      its ``text`` with its ``fragments`` taken out at their offsets: putting
      each back (:func:`analysis.io.furniture.restore_text`) gives that text again,
      so its length is ``len(text)`` plus the fragments' lengths.
    """

    articles: pd.DataFrame
    cleaning: pd.DataFrame
    skipped: pd.DataFrame
    fragments: pd.DataFrame
    duplicates: pd.DataFrame


def read_file(path: Path, root: Path, columns: Mapping[str, str], progress: bool,
              n_jobs: int = 1) -> Iterator[ReadArticle | SkippedRow]:
    suffix = format_suffix(path)
    try:
        if suffix in CAPTURE_SUFFIXES:
            yield from read_capture(path, root)
        elif suffix in HTML_SUFFIXES:
            yield from read_html(path, root)
        else:
            yield from read_table(path, root, columns, progress, n_jobs)
    except CorpusError:
        raise
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror or exc}). Check its permissions.") from exc


def _build_articles(articles: list[ReadArticle]) -> pd.DataFrame:
    rows = []
    for article in articles:
        cleaned = article.cleaned
        row = {"doc_id": article.doc_id, "path": article.path, "encoding": article.encoding}
        row.update(article.metadata)
        row["n_words"] = cleaned.n_words
        rows.append(row)
    table = pd.DataFrame(rows).reindex(columns=ARTICLE_COLUMNS)
    table["text"] = string_array([article.cleaned.text for article in articles])
    table["published"] = pd.to_datetime(table["published"], errors="coerce")
    table["published_inferred"] = table["published_inferred"].fillna(False).astype(bool)
    table["n_words"] = table["n_words"].fillna(0).astype("int64")
    extra = list(dict.fromkeys(name for article in articles for name in article.extra))
    typed = pd.DataFrame({name: typed_column([a.extra.get(name) for a in articles]) for name in extra},
                         index=table.index)
    return conform(pd.concat([table, typed], axis=1), "articles", extra=extra)


def _line_column(articles: list[ReadArticle]) -> pa.ChunkedArray:
    """The raw lines of every article, in Arrow: taken from the articles in blocks as they are read, so that a
    capture of millions of lines is never held both as Python strings and in the column."""
    blocks: list[pa.Array] = []
    waiting: list[str] = []
    for article in articles:
        waiting += article.cleaned.raw_lines
        article.cleaned.raw_lines = []
        while len(waiting) >= _LINE_BLOCK:
            blocks.append(pa.array(waiting[:_LINE_BLOCK], type=pa.large_string()))
            del waiting[:_LINE_BLOCK]
    blocks.append(pa.array(waiting, type=pa.large_string()))
    return pa.chunked_array(blocks)


def _cleaning_table(articles: list[ReadArticle], lines: pa.ChunkedArray) -> pd.DataFrame:
    """The cleaning report of ``articles``, whose raw lines :func:`_line_column` took."""
    sizes = [len(article.cleaned.rules) for article in articles]
    columns: dict[str, Any] = {name: [] for name in ("doc_id", "path", "rule", "zone", "repair")}
    for article, size in zip(articles, sizes):
        cleaned = article.cleaned
        columns["doc_id"] += [article.doc_id] * size
        columns["path"] += [article.path] * size
        columns["rule"] += cleaned.rules
        columns["zone"] += cleaned.zones
        columns["repair"] += cleaned.repairs
    columns["line"] = lines
    columns["line_no"] = np.concatenate([np.arange(1, size + 1, dtype="int64") for size in sizes] or [np.array([], "int64")])
    columns["kept"] = np.array(columns["rule"], dtype=object) == KEPT
    return pd.DataFrame({name: _column(columns[name], dtype) for name, dtype in dtypes("cleaning").items()})


_LINE_BLOCK = 1 << 16


def _column(values: Any, dtype: str) -> Any:
    """``values`` as a pandas array of ``dtype``; strings go through Arrow, which holds them in a third of
    the memory pandas needs to convert a list of them."""
    if isinstance(values, pa.ChunkedArray):
        return pd.array(values, dtype=dtype)
    return pd.array(pa.array(values, type=pa.large_string()) if dtype == "string" else values, dtype=dtype)


def _warn_repairs(articles: list[ReadArticle]) -> None:
    """Say how many lines ftfy repaired, if any: a repair changes text, so it is never silent."""
    repaired = {a.doc_id: sum(r is not None for r in a.cleaned.repairs) for a in articles}
    repaired = {doc_id: n for doc_id, n in repaired.items() if n}
    if repaired:
        examples = ", ".join(list(repaired)[:3])
        warn(f"mojibake (UTF-8 read in another encoding) repaired with ftfy in {sum(repaired.values())} "
                      f"line(s) of {len(repaired)} article(s) ({examples}…); the cleaning report's 'repair' column "
                      "says what was changed in each line.")


#: ``articles.attrs`` key saying where the metadata came from: ``{"manifest": path or None, "outlet_folders": [names]}``.
METADATA_ORIGIN = "metadata_origin"


def _warn_unknown_outlets(articles: pd.DataFrame, root: Path, manifest: Path | None) -> None:
    """Say, once, that articles name no outlet: every comparison between outlets then lumps them together."""
    unknown = int(articles["source"].isna().sum())
    if unknown:
        found = "no manifest (sources.csv) was found beside or above it" if manifest is None else f"the manifest {manifest} gives none"
        warn(f"{shown(root)}: {unknown:,} of {len(articles):,} article(s) name no outlet ({found}); they are "
                      f"counted together as {MISSING_SOURCE!r}. To name them, write a sources.csv beside the corpus with "
                      "the columns file,source (see data/README.md), or put each outlet's files in a sub-folder named "
                      "after it.")


def _drop_unusable(articles: list[ReadArticle], skip: bool) -> tuple[list[ReadArticle], list[dict[str, Any]]]:
    """Remove articles with no sentences, duplicate texts and clashing ids, recording each."""
    kept: list[ReadArticle] = []
    skipped: list[dict[str, Any]] = []
    by_hash: dict[str, str] = {}
    ids: set[str] = set()
    for article in articles:
        problem = None
        if not has_words(article.cleaned.text):
            problem = (f"{article.path}: no article text is left after cleaning; check that it holds an article "
                       f"(analysis.cleaning_report says what removed each line)")
        elif article.doc_id in ids:
            problem = (f"{article.path}: doc_id {article.doc_id!r} is used by another article with different text; "
                       "give each article its own id")
        if problem:
            if not skip:
                raise CorpusError(problem + ". Pass on_error='skip' to leave it out and record it.")
            skipped.append(skip_record(article.path, article.doc_id, problem))
            continue
        digest = _sha1(article.cleaned.text)
        if digest in by_hash:
            skipped.append(skip_record(article.path, article.doc_id, f"duplicate: same text as {by_hash[digest]}"))
            continue
        by_hash[digest] = article.doc_id
        ids.add(article.doc_id)
        kept.append(article)
    return kept, skipped


def _sha1(text: str) -> str:
    """The SHA-1 of ``text`` in UTF-8, encoded a megabyte at a time (a long text is not copied whole)."""
    digest = hashlib.sha1()
    for start in range(0, len(text), 1 << 20):
        digest.update(text[start:start + (1 << 20)].encode("utf-8"))
    return digest.hexdigest()


def read_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None | Literal[False] = None,
    columns: Mapping[str, str] | None = None,
    where: str | None = None,
    remove_furniture: bool = True,
    remove_repeated: bool = True,
    on_error: OnError = "raise",
    follow_links: bool = False,
    progress: bool = True,
    n_jobs: int | None = None,
    language: str = DETECT,
) -> LoadedCorpus:
    """Load a corpus with its cleaning report, its near-duplicates and the list of what was left out.

    Arguments are those of :func:`load_corpus`. In order: every file is read and
    cleaned line by line; the manifest completes the metadata and the headline
    line goes (it is the title); articles with no text left, the same text twice
    or a clashing id are left out; each article's language is stated or detected;
    ``where`` keeps the articles it passes; the
    in-text furniture rules and the repetition rule (over the articles kept)
    remove fragments; near-duplicates are grouped on the texts left.
    """
    jobs = process_count(n_jobs, error=CorpusError)
    if on_error not in ("raise", "skip"):
        raise CorpusError(f"on_error={on_error!r}: use 'raise' (stop at the first bad file) or 'skip' (record it and go on).")
    parse_where(where or "")  # a filter that cannot be read is refused before anything is loaded
    check_language_option(language)
    root_path = Path(path).expanduser()
    files, skipped, root = corpus_files(root_path, on_error=on_error, follow_links=follow_links)
    manifest_path = find_manifest(root) if manifest is None else (Path(manifest) if manifest else None)
    if manifest_path is not None and not manifest_path.is_file():
        raise CorpusError(f"{manifest_path}: manifest not found. Give the path of a CSV with a 'file' column, or manifest=False.")
    manifest_table = read_manifest(manifest_path, root, follow_links=follow_links) if manifest_path is not None else None
    files = [f for f in files if manifest_path is None or f.resolve() != manifest_path.resolve()]
    if not files and not skipped:
        raise CorpusError(f"{root_path}: the folder holds no corpus files "
                          f"({', '.join(CAPTURE_SUFFIXES + HTML_SUFFIXES + TABLE_SUFFIXES)}).")

    loaded: list[ReadArticle] = []
    for file in progress_bar(files, desc="Loading corpus", unit="file", disable=not progress or len(files) < 2):
        try:
            for item in read_file(file, root, columns or {}, progress, jobs):
                if isinstance(item, SkippedRow):
                    if on_error == "raise":
                        raise item.error
                    skipped.append(skip_record(item.path, item.doc_id, str(item.error)))
                else:
                    loaded.append(item)
        except CorpusError as error:
            if on_error == "raise":
                raise printable_error(error) from None
            skipped.append(skip_record(file, None, str(error)))

    add_metadata(loaded, manifest_table, manifest_path)
    outlet_folders = outlets_from_folders(loaded, root) if manifest_path is None else []
    kept, dropped = _drop_unusable(loaded, skip=on_error == "skip")
    skipped += dropped
    if not kept:
        reasons = "; ".join(s["reason"] for s in skipped[:5]) + ("; …" if len(skipped) > 5 else "")
        raise CorpusError(f"{shown(root_path)}: no article could be loaded. "
                          + (f"What was left out, and why: {reasons}" if skipped else
                             "Its files hold no article text; check that they are the articles."))
    _warn_repairs(loaded)
    for article in loaded:  # the lines' texts are in the article texts now
        article.cleaned.texts = []
    lines = _line_column(loaded)  # the raw lines go to Arrow before the texts are copied too
    articles = _build_articles(kept)
    articles["language"] = fill_languages(articles["language"], articles["text"], language).set_axis(articles.index)
    for article in loaded:  # the table holds the texts now
        article.cleaned.text = ""
    del kept
    articles, filtered = _filter(articles, where, root_path)
    articles, fragments, emptied = _remove_furniture(articles, furniture=remove_furniture, repeated=remove_repeated,
                                                     skip=on_error == "skip", n_jobs=jobs)
    if skipped or emptied:
        warn(f"{len(skipped) + len(emptied)} file(s) or article(s) left out of the corpus"
                      f"{' besides those the filter left out' if filtered else ''}; "
                      "see articles.attrs['skipped'] for each with its reason.")
    articles.attrs[METADATA_ORIGIN] = {"manifest": None if manifest_path is None else shown(manifest_path),
                                       "outlet_folders": outlet_folders}
    _warn_unknown_outlets(articles, root_path, manifest_path)
    duplicates = near_duplicates(articles, n_jobs=jobs)
    return LoadedCorpus(
        articles=articles,
        cleaning=_cleaning_table(loaded, lines),  # last: the texts worked on are gone by now
        skipped=conform(pd.DataFrame(skipped + filtered + emptied, columns=SKIPPED_COLUMNS), "skipped"),
        fragments=fragments,
        duplicates=duplicates,
    )


#: How the ``skipped`` table says an article was left out by ``where=``; the clause follows.
FILTER_REASON = "left out by the filter "


def _filter(articles: pd.DataFrame, where: str | None, root: Path) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The articles ``where`` keeps, and a ``skipped`` row for each one it leaves out."""
    if where is None or not str(where).strip():
        return articles, []
    kept, failed = apply_where(articles, where)
    out = failed.notna().to_numpy()
    records = [skip_record(path, doc_id, FILTER_REASON + clause) for path, doc_id, clause
               in zip(articles.loc[out, "path"], articles.loc[out, "doc_id"], failed[out], strict=True)]
    if kept.empty:
        counts = failed.value_counts()
        raise CorpusError(f"{shown(root)}: where={where!r} leaves no article out of {len(articles):,} ("
                          + "; ".join(f"{clause}: {n:,} left out" for clause, n in counts.items())
                          + "). Check the values with analysis.load_corpus(...) and loosen the filter.")
    return kept, records


def _remove_furniture(articles: pd.DataFrame, *, furniture: bool, repeated: bool, skip: bool,
                      n_jobs: int) -> tuple[pd.DataFrame, pd.DataFrame, list[dict[str, Any]]]:
    """The articles with in-text furniture removed, the fragments removed, and a ``skipped`` row for each
    article that furniture was all of (raised instead unless ``skip``)."""
    if not (furniture or repeated):
        return articles, empty("fragments"), []
    # The texts leave the table as Python strings while furniture is removed, and come back as the kept texts:
    # a capture of millions of lines is never held twice as text besides.
    position = articles.columns.get_loc("text")
    read = pd.Series(articles.pop("text").tolist(), index=articles.index, dtype=object)
    pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed memory until told
    texts, fragments = clean_texts(articles[["doc_id", "source"]].assign(text=read), in_text=furniture,
                                   boilerplate=None if repeated else empty("repeated_fragments"), n_jobs=n_jobs)
    articles.insert(position, "text", texts)
    changed = articles["doc_id"].isin(fragments["doc_id"]).to_numpy()
    if not changed.any():
        return articles, fragments, []
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, start, end in zip(fragments["doc_id"], fragments["start"], fragments["end"], strict=True):
        spans[doc_id].append((start, end))
    articles.loc[changed, "n_words"] = np.array(
        [_words_left(text, n_words, spans[doc_id]) for doc_id, text, n_words
         in zip(articles.loc[changed, "doc_id"], read[changed], articles.loc[changed, "n_words"], strict=True)],
        dtype="int64")
    del read
    emptied = changed & (articles["n_words"] == 0).to_numpy()
    if not emptied.any():
        return articles, fragments, []
    reason = ("no article text is left after removing furniture inside the text (the fragments table says what "
              "each rule removed); load with remove_furniture=False or remove_repeated=False to keep it")
    paths = articles.loc[emptied, "path"].tolist()
    if not skip:
        raise CorpusError(f"{paths[0]}: {reason}, or pass on_error='skip' to leave it out and record it.")
    records = [skip_record(path, doc_id, f"{path}: {reason}.") for path, doc_id in
               zip(paths, articles.loc[emptied, "doc_id"], strict=True)]
    gone = set(articles.loc[emptied, "doc_id"])
    return (articles.loc[~emptied].reset_index(drop=True),
            fragments[~fragments["doc_id"].isin(gone)].reset_index(drop=True), records)


def _words_left(text: str, n_words: int, spans: list[tuple[int, int]]) -> int:
    """:func:`count_words` of ``text`` without ``spans`` (sorted, not overlapping), given ``n_words``, its count with them.

    Only the words around the spans are counted again. No word holds a space or a
    line break, so the text cut at the spaces and line breaks that no span removes
    counts piece by piece: each span is widened to the nearest such cut on both
    sides (spans whose widenings meet are taken together), and the count of each
    widened piece with its spans replaces its count without.
    """
    pieces: list[tuple[int, int, list[tuple[int, int]]]] = []
    for start, end in spans:
        left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        right = min(_find(text, " ", end), _find(text, "\n", end))
        if pieces and left <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], right), [*pieces[-1][2], (start, end)])
        else:
            pieces.append((left, right, [(start, end)]))
    for left, right, inside in pieces:
        kept = "".join(text[a:b] for a, b in zip([left] + [end for _, end in inside], [start for start, _ in inside] + [right]))
        n_words += count_words(kept) - count_words(text[left:right])
    return n_words


def _find(text: str, sub: str, start: int) -> int:
    """The first index of ``sub`` in ``text`` from ``start``, or ``len(text)``."""
    found = text.find(sub, start)
    return len(text) if found < 0 else found


def input_files(path: str | Path, *, manifest: str | Path | None | Literal[False] = None,
                follow_links: bool = False) -> list[Path]:
    """The files :func:`read_corpus` reads for ``path``: its corpus files and the manifest, in a fixed order.

    What a cache key of the loaded corpus must cover; files loading would refuse or
    pass over are not listed, and a path that cannot be loaded gives an empty list.
    """
    try:
        files, _, root = corpus_files(Path(path).expanduser(), on_error="skip", follow_links=follow_links)
    except CorpusError:
        return []
    manifest_path = find_manifest(root) if manifest is None else (Path(manifest) if manifest else None)
    return files + ([manifest_path] if manifest_path is not None and manifest_path.is_file() else [])


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None | Literal[False] = None,
    columns: Mapping[str, str] | None = None,
    where: str | None = None,
    remove_furniture: bool = True,
    remove_repeated: bool = True,
    on_error: OnError = "raise",
    follow_links: bool = False,
    progress: bool = True,
    language: str = DETECT,
) -> pd.DataFrame:
    """Load the articles of a corpus: one row per article, cleaned text and metadata.

    Parameters
    ----------
    path
        A corpus file or a folder (searched recursively; hidden files and the
        manifest are passed over silently; README/LICENSE/PROVENANCE files,
        other file types and special files such as named pipes are passed over
        and recorded in ``attrs["skipped"]``).
    manifest
        A CSV of curated metadata (see :func:`read_manifest`). ``None`` (default)
        uses ``sources.csv`` in the folder or its parent if there is one;
        ``False`` uses none. Manifest values win over what a capture says.
    columns
        For tables: which column holds each field, e.g.
        ``{"text": "body", "published": "date", "doc_id": "id"}``. Fields left out
        are looked for under their usual names (``text``, ``id``, ``date``…).
        Every other column is kept as article metadata, typed from all its
        values (see :mod:`analysis.io.metadata`).
    where
        Keep only the articles this filter passes, e.g.
        ``'text_type == "full_text" and author_marked_offtopic == 0'``: comparisons
        of any articles column with literals, combined with and/or/not (see
        :mod:`analysis.io.filters`). Applied after the line cleaning and before the
        furniture rules, so ``n_words`` in a filter counts words before in-text
        furniture is removed. Each article left out is recorded in
        ``attrs["skipped"]`` with the clause that dropped it.
    remove_furniture
        Remove furniture inside the texts: photo credits and captions, appeals to
        sign up or follow, copyright lines, contributor notes (see
        :mod:`analysis.io.furniture`); each fragment is recorded with its rule.
    remove_repeated
        Remove sentences an outlet repeats verbatim across many of its articles
        (at least 10, and 80% of the articles holding the sentence are its own).
        This catches boilerplate no rule names, but also an outlet's stock
        background paragraph (RT's "Russia sent troops into Ukraine on February
        24…"): editorial framing, not furniture. The overview lists what it
        removed per outlet; pass False to keep it.
    on_error
        ``"raise"`` stops at the first bad file with an error naming it and the
        fix; ``"skip"`` leaves it out and records it in ``attrs["skipped"]``.
        Duplicate texts are always kept once and recorded there. A table row
        without text or with a date that is not one (a number, ``today``) is a
        bad row; a broken link or a link loop named like a corpus file is a bad file.
    follow_links
        Symbolic links are followed inside the corpus folder; one that leads
        out of it (to a file or a folder) is refused as a bad file unless this
        is True, since a corpus folder from someone else could otherwise read
        any file you can.
    progress
        Show progress bars (tqdm) for folders of many files and for tables.
    language
        ``"detect"`` (default): an article whose language the data does not state
        (a table's or the manifest's ``language`` column, an HTML page's ``lang``)
        gets the language py3langid detects in its text, ``und`` when it cannot tell
        (:mod:`analysis.io.language`). An ISO 639-1 code instead (``"en"``) takes
        every such article to be in that language. The English-only measures
        (tone, terms, actors, quotations) read English articles only.

    Returns
    -------
    DataFrame, one row per article, with columns
        ``doc_id`` (string: file path below ``path`` without extension, or the
        table's id column, else ``<file>:<row>``), ``source`` (string, outlet),
        ``url`` (string), ``title`` (string), ``published`` (datetime64, NaT when
        unknown), ``published_inferred`` (bool: the date was inferred from the
        content, not stated), ``language`` (string, ISO 639-1), ``translated_from``
        (string, ISO 639-1 of the original when a translation notice says so,
        ``und`` when it does not name it), ``text`` (string: standfirst, body
        paragraphs and headings, separated by blank lines, without furniture; the
        headline is never part of it, it is ``title``; NFC, straight quotes, one
        dash, case and punctuation kept), ``n_words`` (int),
        ``path`` (string; ``file#row`` for tables; bytes of a non-UTF-8 file name
        as ``\\xe9`` escapes), ``encoding`` (string, Python's name of the
        encoding the file was read in, detected when it is not UTF-8; missing
        for Parquet), then the extra columns: a table's unmapped columns, then the
        manifest's, each typed from all its values (``Int64``, ``float64``,
        ``boolean``, ``datetime64[ns]`` or ``string``; one named like a column
        above gets a ``table_`` or ``manifest_`` prefix). ``published`` comes from
        :func:`parse_date`. Missing values are ``<NA>``. ``attrs["skipped"]`` is
        a list of ``{"path", "doc_id", "reason"}`` for everything left out (see
        :class:`LoadedCorpus` for the counts that balance).
    """
    corpus = read_corpus(path, manifest=manifest, columns=columns, where=where, remove_furniture=remove_furniture,
                         remove_repeated=remove_repeated, on_error=on_error, follow_links=follow_links,
                         progress=progress, language=language)
    articles = corpus.articles
    articles.attrs["skipped"] = corpus.skipped.to_dict("records")
    return articles


def cleaning_report(corpus: LoadedCorpus | str | Path, **load_options: Any) -> pd.DataFrame:
    """One row per raw line of every article, saying whether cleaning kept it and why not.

    ``corpus`` is a :class:`LoadedCorpus` or a path loaded with ``load_options``
    (those of :func:`load_corpus`).

    Returns
    -------
    DataFrame with columns
        ``doc_id`` (string), ``path`` (string), ``line_no`` (int, 1-based in the
        raw file, or in the extracted text for HTML and tables), ``line`` (string,
        raw text), ``kept`` (bool), ``rule`` (string: ``kept`` or the rule that
        removed the line, e.g. ``navigation``, ``breadcrumb``, ``table_of_contents``,
        ``headline``), ``zone`` (string: ``header``, ``body`` or ``footer`` of the page),
        ``repair`` (string: the steps ftfy took to repair mojibake in the line
        before cleaning, e.g. ``encode sloppy-windows-1252, decode utf-8``;
        missing when the line was read as written). The rows of an article
        account for every character of its text but line breaks (see
        :class:`LoadedCorpus`). What was removed from inside the kept lines is
        the ``fragments`` table of :func:`read_corpus`.
    """
    if not isinstance(corpus, LoadedCorpus):
        corpus = read_corpus(corpus, **load_options)
    return corpus.cleaning


def filter_articles(
    articles: pd.DataFrame,
    *,
    sources: Iterable[str] | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The articles of the given ``sources`` published between ``start`` and ``end`` (inclusive).

    ``None`` (or an empty list) keeps every source; a date bound drops undated
    articles only when one is given. Returns a new frame with the same columns;
    ``attrs["filtered_out"]`` counts what each filter removed. Raises
    :class:`CorpusError` naming the sources that do not exist in the corpus.
    """
    keep = pd.Series(True, index=articles.index)
    counts: dict[str, int] = {}
    if sources:
        wanted = list(sources)
        unknown = sorted(set(wanted) - set(articles["source"].dropna()))
        if unknown:
            raise CorpusError(f"sources={unknown}: {did_you_mean(unknown, articles['source'].dropna().unique(), 'source')}")
        by_source = articles["source"].isin(wanted).fillna(False).astype(bool)
        counts["other sources"] = int((keep & ~by_source).sum())
        keep &= by_source
    for label, bound, compare in (("before start", start, lambda d, b: d >= b), ("after end", end, lambda d, b: d <= b)):
        if bound is not None and str(bound) != "":
            in_range = compare(articles["published"], pd.Timestamp(bound)).fillna(False).astype(bool)
            counts[f"{label} or undated"] = int((keep & ~in_range).sum())
            keep &= in_range
    selected = articles.loc[keep].reset_index(drop=True)
    selected.attrs = {**articles.attrs, "filtered_out": counts}
    return selected
