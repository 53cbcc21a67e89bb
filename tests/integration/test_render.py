"""Batch rendering: every notebook to offline HTML, parameters checked first, failures isolated,
run folders replaced atomically, article text escaped."""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis.__main__ import main
from analysis.core.config import RAW_DATA_DIR, SOURCES_MANIFEST
from analysis.measures.overview import articles_by_source
from analysis.reports import render
from analysis.reports.audit import audit_run
from analysis.reports.index import ReportOutcome, index_html
from analysis.reports.notebook import escape_markdown
from analysis.reports.render import (
    NotebookParameter,
    RenderError,
    notebook_parameters,
    parse_value,
    render_reports,
    report_notebooks,
    route_parameters,
)

EMBEDDED_IMAGE = re.compile(r'<img[^>]+src="data:image/png;base64,')
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def only_table_scripts(page: str) -> bool:
    """Whether every script of ``page`` is the reports' own inline table script (no source, nothing else)."""
    return all(not attributes.strip() and "reportTable" in body for attributes, body in SCRIPT.findall(page)) and \
        page.lower().count("<script") == len(SCRIPT.findall(page))
REMOTE_RESOURCE = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["\']?(?:https?:)?//', re.I)
KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
          "language_info": {"name": "python"}}
RUN_DEFAULTS = 'corpus_path = ""  # corpus\noutput_dir = ""  # charts and CSV\n'


def write_notebook(folder: Path, name: str, parameters: str, *cells: str) -> Path:
    """A notebook with a parameters cell and the given code cells."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = new_notebook(cells=[new_markdown_cell(f"# {name}"),
                             new_code_cell(parameters, metadata={"tags": ["parameters"]}),
                             *(new_code_cell(c) for c in cells)], metadata=KERNEL)
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


WRITES_CSV = ("from pathlib import Path\nPath(output_dir).mkdir(parents=True, exist_ok=True)\n"
              "Path(output_dir, 'data.csv').write_text('a\\n1\\n')\nprint('rendered', corpus_path)")


def code_lines(notebook: Path) -> list[str]:
    """The lines of the notebook's code cells that could not be prose: assignments and calls."""
    cells = nbformat.read(notebook, as_version=4).cells
    lines = [line.strip() for c in cells if c.cell_type == "code" for line in c.source.splitlines()]
    return [line for line in lines if len(line) > 12 and ("=" in line or "(" in line)]


def visible_text(page: str) -> str:
    """What a browser shows of ``page``: tags, styles and scripts removed, entities decoded."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


# ------------------------------------------------------------- the real notebooks, seed corpus


def test_every_notebook_renders_to_offline_html_with_images_and_no_code(seed_run):
    notebooks = report_notebooks()
    assert [o.name for o in seed_run.outcomes] == [nb.stem for nb in notebooks]
    assert seed_run.ok, [o.error for o in seed_run.failed]
    for notebook in notebooks:
        html = (seed_run.run_dir / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert EMBEDDED_IMAGE.search(html) or notebook.stem in TABLE_PAGES, notebook.name
        assert not REMOTE_RESOURCE.search(html), f"{notebook.name} loads something from the network"
        assert only_table_scripts(html), notebook.name  # the tables' search and sort, inline; nothing else
        assert "jp-InputArea-editor\"" not in html, notebook.name  # no code input area
        text = visible_text(html)
        for line in code_lines(notebook):  # no code, parameters cells included
            assert line not in text, (notebook.name, line)
        assert (seed_run.run_dir / notebook.name).is_file()  # the executed notebook beside it
        executed = nbformat.read(seed_run.run_dir / notebook.name, as_version=4)
        assert executed.metadata.papermill.parameters["corpus_path"] == str(RAW_DATA_DIR)
        stderr = [o.text for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
        assert not stderr, (notebook.name, stderr)  # warnings go to the command line once, not into a report


#: Reports of tables whose only chart (which outlets differ in tone) needs outlets with enough articles: none on the seeds.
TABLE_PAGES = {"outlet_pages"}

# Files each notebook writes (PNG, SVG and CSV per chart, plus the CSV of every table) and captions and notes it shows.
# Beside each report's charts and tables: the pairwise differences (a table; a chart where two sources have enough
# articles, not in the seeds), the before/after sentence, the warnings about outlets, the outlying dates, the framing
# variants and the counts before furniture removal; the outlet pages are HTML pages with their charts and tables.
EXPECTED = {
    "actor_mentions": (19, 10),  # the tone chart has its caption and a methods note on agreement with coders
    "corpus_overview": (26, 12),
    "outlet_pages": (34, 2),
    "sentiment_by_source": (19, 10),
    "terms_by_source": (17, 10),
    "who_is_quoted": (10, 7),  # no one off the actor list is quoted by name in the seeds: no chart of them
}


def test_every_report_notebook_has_expectations():
    assert sorted(nb.stem for nb in report_notebooks()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_with_default_parameters(seed_run, name):
    outcome = next(o for o in seed_run.outcomes if o.name == name)
    assert outcome.ok, outcome.error
    executed = nbformat.read(seed_run.run_dir / outcome.executed, as_version=4)
    parameters = executed.metadata.papermill.parameters
    assert parameters["corpus_path"] == str(RAW_DATA_DIR)  # the default corpus
    charts = seed_run.run_dir / name
    written = sorted(p.name for p in charts.iterdir())
    n_files, n_captions = EXPECTED[name]
    kinds = ("png", "svg", "csv", "html") if name in TABLE_PAGES else ("png", "svg", "csv")  # the outlet page: a page each
    assert len(written) == n_files and all(n.split(".")[-1] in kinds for n in written)
    assert all((charts / n).stat().st_size > 0 for n in written)
    assert sorted(outcome.data_files) == [f"{name}/{n}" for n in written]  # what the index links
    captions = [o for c in executed.cells for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert len(captions) == n_captions


def test_the_index_links_every_report_and_its_data(seed_run):
    index = (seed_run.run_dir / "index.html").read_text(encoding="utf-8")
    for outcome in seed_run.outcomes:
        assert f'href="{outcome.name}.html"' in index
        assert f'href="{outcome.name}.ipynb"' in index
        for file in outcome.data_files:
            assert f'href="{file}"' in index
    assert str(RAW_DATA_DIR) in index  # the run's corpus
    assert "pandas" in index and "papermill" in index  # library versions
    assert not REMOTE_RESOURCE.search(index) and "<script" not in index


def test_every_chart_has_non_empty_csv_data_beside_it(seed_run):
    for outcome in seed_run.outcomes:
        folder = seed_run.run_dir / outcome.name
        pngs = sorted(folder.glob("*.png"))
        assert pngs or outcome.name in TABLE_PAGES, f"{outcome.name} saved no chart"
        for png in pngs:
            csv = png.with_suffix(".csv")
            assert csv.is_file(), csv
            assert len(pd.read_csv(csv)) > 0, csv


def test_the_seed_run_passes_the_audit(seed_run, seed_corpus):
    assert audit_run(seed_run.run_dir, seed_corpus.articles) == []
    index = (seed_run.run_dir / "index.html").read_text(encoding="utf-8")
    assert index.index("Corpus overview") < index.index("Sentiment by source")  # the overview, read first, comes first
    assert "~2025-04-04" in index  # the seeds' first date is inferred


def test_run_record_matches_the_corpus(seed_run, seed_corpus):
    record = json.loads((seed_run.run_dir / "run.json").read_text())
    assert record["ok"] is True
    assert record["n_articles"] == len(seed_corpus.articles)
    assert [r["name"] for r in record["reports"]] == [o.name for o in seed_run.outcomes]


# ------------------------------------------------------------------- parameters, no kernel


@pytest.mark.parametrize("text, expected, value", [
    ("10", int, 10),
    ("0.5", float, 0.5),
    ("-3", float, -3),
    ("['Izvestia', 'Expert News']", list, ["Izvestia", "Expert News"]),
    ("[Izvestia, Expert News]", list, ["Izvestia", "Expert News"]),  # YAML flow list
    ("[]", list, []),
    ("(1, 2)", tuple, (1, 2)),
    ("True", bool, True),
    ("yes", bool, True),
    ("false", bool, False),
    ("{'a': 1}", dict, {"a": 1}),
    ("2022-03-01", str, "2022-03-01"),  # text stays text, not a date or arithmetic
    ("'quoted'", str, "quoted"),
    ("10", str, "10"),
    ("Expert News", str, "Expert News"),
    ("2022-03-01", None, "2022-03-01"),  # default None: YAML's date becomes the text again
    ("2022-02-30", None, "2022-02-30"),  # not a date YAML can build: the text
    ("2022-02-30", str, "2022-02-30"),
    ("None", None, None),
    ("Izvestia", list, "Izvestia"),  # not a list: left for the type check to refuse
])
def test_parse_value(text, expected, value):
    parsed = parse_value(text, expected)
    assert parsed == value and type(parsed) is type(value)


def spec(**types) -> dict[str, NotebookParameter]:
    return {name: NotebookParameter(name, t, repr(t() if t else None), "") for name, t in types.items()}


SPECS = {"a": spec(corpus_path=str, output_dir=str, sources=list, top_n=int),
         "b": spec(corpus_path=str, output_dir=str, sources=list, threshold=float)}


@pytest.mark.parametrize("given, routed", [
    ({}, {"a": {}, "b": {}}),
    ({"sources": "[Izvestia]"}, {"a": {"sources": ["Izvestia"]}, "b": {"sources": ["Izvestia"]}}),
    ({"top_n": "5"}, {"a": {"top_n": 5}, "b": {}}),  # only the notebook that has it
    ({"threshold": 1}, {"a": {}, "b": {"threshold": 1}}),  # an int is a fine float
    ({"sources": ("x",)}, {"a": {"sources": ["x"]}, "b": {"sources": ["x"]}}),
])
def test_parameters_go_to_the_notebooks_that_have_them(given, routed):
    assert route_parameters(given, SPECS) == (routed, [])


@pytest.mark.parametrize("given, problem", [
    ({"top": 5}, "unknown parameter 'top'"),
    ({"top_n": "five"}, "'top_n' must be a int for a"),
    ({"top_n": 2.5}, "'top_n' must be a int"),
    ({"top_n": True}, "'top_n' must be a int"),
    ({"sources": "Izvestia"}, "'sources' must be a list for a"),
    ({"threshold": "high"}, "'threshold' must be a float for b"),
    ({"corpus_path": "data"}, "set by the run itself"),
    ({"output_dir": "x"}, "set by the run itself"),
])
def test_bad_parameters_are_named(given, problem):
    _, problems = route_parameters(given, SPECS)
    assert len(problems) >= 1 and problem in problems[0]


def test_notebook_parameters_reads_types_from_defaults_and_annotations(tmp_path):
    notebook = write_notebook(tmp_path, "nb", RUN_DEFAULTS + 'sources = []  # which\nn: int = 3\nx = None\nf = 0.05\nflag = True')
    found = notebook_parameters(notebook)
    assert {n: p.type for n, p in found.items()} == {"corpus_path": str, "output_dir": str, "sources": list,
                                                     "n": int, "x": None, "f": float, "flag": bool}
    assert found["sources"].help == "which"


@pytest.fixture
def toy_notebooks(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder, "alpha", RUN_DEFAULTS + "top_n = 10  # bars", WRITES_CSV)
    write_notebook(folder, "beta", RUN_DEFAULTS + "threshold = 0.5  # cut", WRITES_CSV)
    nbformat.write(new_notebook(cells=[new_code_cell("print('interactive')")], metadata=KERNEL), folder / "gamma.ipynb")
    return folder


@pytest.mark.parametrize("options, message", [
    ({"parameters": {"nope": 1}}, "unknown parameter 'nope'"),
    ({"parameters": {"top_n": "ten"}}, "'top_n' must be a int for alpha"),
    ({"corpus": "no/such/corpus"}, "no such file or folder"),
    ({"only": ["delta"]}, "no such report notebook"),
    ({"jobs": 0}, "jobs=0: give 1 or more"),
    ({"where": "source == 'Izvestia'"}, "alpha has no 'where' parameter, so it cannot load the corpus as the run does"),
    ({"columns": {"text": "body"}}, "beta has no 'columns' parameter"),
    ({"where": "source = 'Izvestia'"}, "--where: where=\"source = 'Izvestia'\", at position"),
    ({"parameters": {"where": "source == 'Izvestia'"}}, "'where' is set by the run itself"),
    ({"parameters": {"columns": "{}"}}, "--column for the columns"),
    ({"language": "German"}, "--language German: give 'detect'"),
    ({"language": "de"}, "alpha has no 'language' parameter"),
    ({"parameters": {"language": "de"}}, "--language for the language of articles that state none"),
])
def test_refused_before_any_notebook_runs_with_the_valid_parameters(toy_notebooks, tmp_path, monkeypatch, options, message):
    def never(*args, **kwargs):
        raise AssertionError("a notebook ran")

    monkeypatch.setattr(render, "_render_notebook", never)
    out = tmp_path / "reports" / "run"
    with pytest.raises(RenderError) as error:
        render_reports(out=out, notebooks_dir=toy_notebooks, progress=False, **options)
    assert message in str(error.value)
    if "only" not in options:
        assert "top_n (int, default 10): bars  [alpha]" in str(error.value)
        assert "threshold (float, default 0.5): cut  [beta]" in str(error.value)
    assert not (tmp_path / "reports").exists()


def test_a_notebook_without_the_run_parameters_is_refused(tmp_path):
    folder = tmp_path / "notebooks"
    write_notebook(folder, "bare", "top_n = 3  # no corpus_path")
    with pytest.raises(RenderError, match="bare has no 'corpus_path'"):
        render_reports(out=tmp_path / "run", notebooks_dir=folder, progress=False)


def test_cli_refuses_with_exit_status_2(toy_notebooks, tmp_path, capsys):
    status = main(["render", "--notebooks", str(toy_notebooks), "--out", str(tmp_path / "run"), "-p", "top_n", "ten"])
    assert status == 2
    assert "'top_n' must be a int" in capsys.readouterr().err


def test_cli_refuses_a_column_option_without_a_field(toy_notebooks, tmp_path, capsys):
    status = main(["render", "--notebooks", str(toy_notebooks), "--out", str(tmp_path / "run"), "--column", "article"])
    assert status == 2
    assert "--column 'article': write FIELD=COLUMN" in capsys.readouterr().err


def test_the_run_loads_with_where_and_columns_and_gives_them_to_every_notebook(tmp_path):
    folder = tmp_path / "notebooks"
    shows = ("import analysis\nfrom analysis.reports import open_report\n"
             "report = open_report('x', corpus_path=corpus_path, cache_dir=cache_dir, output_dir=output_dir, "
             "where=where, columns=columns)\nprint('sources:', sorted(set(report.tables.articles['source'])))")
    write_notebook(folder, "alpha", RUN_DEFAULTS + 'cache_dir = ""  # cache\nwhere = ""  # filter\ncolumns = {}  # fields',
                   shows)
    corpus = tmp_path / "news.csv"
    body = "Talks in Washington went on for two days, and both sides said progress was made on {}."
    pd.DataFrame({"id": ["1", "2", "3"], "outlet": ["A", "B", "A"],
                  "article": [body.format(t) for t in ("grain", "ports", "energy")]}).to_csv(corpus, index=False)
    status = main(["render", "--notebooks", str(folder), "--corpus", str(corpus), "--out", str(tmp_path / "run"),
                   "--cache", str(tmp_path / "cache"), "--where", "source == 'A'", "--column", "text=article",
                   "--column", "source=outlet", "--no-progress"])
    assert status == 0
    executed = nbformat.read(tmp_path / "run" / "alpha.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert "sources: ['A']" in printed
    record = json.loads((tmp_path / "run" / "run.json").read_text())
    assert record["parameters"] == {"where": {"alpha": "source == 'A'"},
                                    "columns": {"alpha": {"text": "article", "source": "outlet"}}}
    assert record["n_articles"] == 2 and record["n_skipped"] == 1
    assert html.escape("source == 'A'") in (tmp_path / "run" / "index.html").read_text()


def test_the_run_gives_its_language_to_every_notebook(tmp_path):
    """``--language de``: the articles that state no language are German for the run and every notebook, so the
    English-only measures leave them out; articles that state theirs keep it."""
    folder = tmp_path / "notebooks"
    shows = ("from analysis.reports import open_report\n"
             "report = open_report('x', corpus_path=corpus_path, cache_dir=cache_dir, output_dir=output_dir, run=run, "
             "language=language, english_only=False)\n"
             "print('languages:', sorted(set(report.articles['language'])))")
    write_notebook(folder, "alpha", RUN_DEFAULTS + 'cache_dir = ""  # cache\nrun = ""  # manifest\nlanguage = "detect"  # lang',
                   shows)
    corpus = tmp_path / "news.csv"
    body = "Die Gespräche in Washington dauerten zwei Tage, und beide Seiten sprachen von Fortschritten bei {}."
    pd.DataFrame({"id": ["1", "2"], "source": ["A", "B"], "language": ["", "en"],
                  "text": [body.format("Getreide"), "Talks went on for two days in Washington."]}).to_csv(corpus, index=False)
    status = main(["render", "--notebooks", str(folder), "--corpus", str(corpus), "--out", str(tmp_path / "run"),
                   "--cache", str(tmp_path / "cache"), "--language", "de", "--no-progress"])
    assert status == 0
    executed = nbformat.read(tmp_path / "run" / "alpha.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert "languages: ['de', 'en']" in printed
    assert json.loads((tmp_path / "run" / "run.json").read_text())["parameters"]["language"] == {"alpha": "de"}


def test_cli_lists_notebooks_and_parameters(toy_notebooks, capsys):
    assert main(["render", "--notebooks", str(toy_notebooks), "--list"]) == 0
    printed = capsys.readouterr().out
    assert "alpha, beta" in printed and "gamma" not in printed  # gamma has no parameters cell
    assert "top_n (int, default 10)" in printed


# ------------------------------------------------------- failures, atomic replacement (kernels)


def test_one_failing_notebook_does_not_stop_the_others(toy_notebooks, tmp_path, capsys):
    write_notebook(toy_notebooks, "broken", RUN_DEFAULTS, "x = 1", "ratio = 1 / 0")
    out = tmp_path / "reports" / "run"
    status = main(["render", "--notebooks", str(toy_notebooks), "--out", str(out), "--no-progress",
                   "-p", "top_n", "3", "-p", "threshold", "0.1"])
    assert status == 1
    assert "ZeroDivisionError" in capsys.readouterr().err
    failed_run = out.with_name("run.failed")
    assert not out.exists() and failed_run.is_dir()  # a failed run never lands where a good one goes
    record = json.loads((failed_run / "run.json").read_text())
    outcomes = {r["name"]: r for r in record["reports"]}
    assert outcomes["alpha"]["ok"] and outcomes["beta"]["ok"] and not outcomes["broken"]["ok"]
    assert "ratio = 1 / 0" in outcomes["broken"]["error"] and "ZeroDivisionError: division by zero" in outcomes["broken"]["error"]
    assert (failed_run / "alpha.html").is_file() and (failed_run / "alpha" / "data.csv").is_file()
    index = (failed_run / "index.html").read_text()
    assert "1 of 3 reports failed" in index
    assert re.search(r'<tr class="failed-row"><td class="report"><a href="broken.html">broken</a></td>'
                     r'<td><span class="failed">FAILED', index)
    assert index.count('class="failed-row"') == 1
    assert record["parameters"] == {"top_n": {"alpha": 3}, "threshold": {"beta": 0.1}}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_runs_replace_each_other_atomically(toy_notebooks, tmp_path, monkeypatch):
    out = tmp_path / "reports" / "run"
    first = render_reports(out=out, notebooks_dir=toy_notebooks, progress=False)
    assert first.ok and first.run_dir == out
    good = _snapshot(out)

    # A run that fails part-way keeps the good run whole and goes to run.failed.
    write_notebook(toy_notebooks, "broken", RUN_DEFAULTS, "raise RuntimeError('boom')")
    second = render_reports(out=out, notebooks_dir=toy_notebooks, progress=False)
    assert not second.ok and second.run_dir == out.with_name("run.failed")
    assert _snapshot(out) == good

    # A run interrupted before the end leaves nothing behind and the good run as it was.
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "_render_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render_reports(out=out, notebooks_dir=toy_notebooks, progress=False)
    assert _snapshot(out) == good
    monkeypatch.undo()

    # The next good run replaces the old one and clears the failed one.
    (toy_notebooks / "broken.ipynb").unlink()
    third = render_reports(out=out, notebooks_dir=toy_notebooks, progress=False)
    assert third.ok and _snapshot(out) != good
    assert json.loads((out / "run.json").read_text())["created"] > json.loads(good["run.json"])["created"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["run"]  # no staging, old or failed folder left


def test_a_folder_that_is_not_a_run_is_never_replaced(toy_notebooks, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(RenderError, match="is not a rendered run"):
        render_reports(out=out, notebooks_dir=toy_notebooks, progress=False)
    assert (out / "notes.txt").read_text() == "keep me"


# ---------------------------------------------------------------------------- escaping

HOSTILE = "<script>alert(1)</script> and <b>bold-marker</b>"
FORMULA_SOURCE = '=HYPERLINK("http://x.example/","Expert News")'
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^-?inf$")


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory):
    """The seed corpus with markup in a title, a source name and the text of one article, and a source
    named like a spreadsheet formula."""
    folder = tmp_path_factory.mktemp("hostile") / "raw"
    shutil.copytree(RAW_DATA_DIR, folder)
    manifest = pd.read_csv(SOURCES_MANIFEST, dtype=str, keep_default_na=False)
    manifest.loc[0, "title"] = f"Talks {HOSTILE}"
    manifest.loc[manifest["source"] == "Izvestia", "source"] = "Izvestia <i>source-marker</i>"
    manifest.loc[manifest["source"] == "Expert News", "source"] = FORMULA_SOURCE
    manifest.to_csv(folder.parent / "sources.csv", index=False)
    capture = folder / manifest.loc[0, "file"]
    text = capture.read_text(encoding="utf-8").splitlines()
    text.insert(len(text) // 2, f"The envoy said the talks were very good, wrote {HOSTILE}, and praised the progress made.")
    capture.write_text("\n".join(text) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_run(hostile_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile_run")
    return render_reports(corpus=hostile_corpus, out=out / "run", progress=False, cache_dir=out / "cache")


def test_article_text_shows_as_text_in_every_report(hostile_run):
    result = hostile_run
    assert result.ok, [o.error for o in result.failed]
    pages = {o.name: (result.run_dir / o.html).read_text(encoding="utf-8") for o in result.outcomes}
    pages["index"] = (result.run_dir / "index.html").read_text(encoding="utf-8")
    for name, page in pages.items():
        assert "<script>alert(1)</script>" not in page, name
        assert "<b>bold-marker</b>" not in page, name
        assert "<i>source-marker</i>" not in page, name
        assert only_table_scripts(page), name
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold-" in pages["corpus_overview"]  # the title
    assert "Izvestia &lt;i&gt;source-marker&lt;/i&gt;" in pages["index"]


def test_index_escapes_everything_it_shows():
    outcomes = [ReportOutcome("ok_report", True, 1.0, html="ok_report.html", executed="ok_report.ipynb",
                              data_files=("ok_report/chart.csv", "ok_report/chart.png")),
                ReportOutcome("bad", False, 2.0, error="cell In [3]: x = '<b>'\nValueError: <script>alert(1)</script>")]
    articles = pd.DataFrame({"doc_id": ["1"], "source": ["<i>S</i>"], "n_words": [10],
                             "published": pd.to_datetime(["2025-01-02"]), "published_inferred": [False]})
    page = index_html("Reports: <run>", outcomes, corpus="/data/<c>", parameters={"sources": {"ok_report": ["<x>"]}},
                      by_source=articles_by_source(articles), n_skipped=0, versions={"pandas": "2"},
                      created=datetime(2025, 1, 2, 3, 4, tzinfo=UTC))
    assert "<script" not in page and "<b>" not in page and "<i>" not in page and "<x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;i&gt;S&lt;/i&gt;" in page
    assert 'href="ok_report/chart.csv"' in page and 'href="ok_report.html"' in page
    assert "1 of 2 reports failed: bad" in page
    assert "2025-01-02 03:04 UTC" in page


@pytest.mark.parametrize("text, shown", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
    ("*not emphasis* and _this_", "*not emphasis* and _this_"),
    ("[link](javascript:alert(1))", "[link](javascript:alert(1))"),
    ("AT&T, 3.5% (n=3)", "AT&amp;T, 3.5% (n=3)"),
])
def test_escaped_markdown_renders_as_the_text(text, shown):
    from nbconvert.filters.markdown import markdown2html

    assert markdown2html(escape_markdown(text)) == f"<p>{shown}</p>\n"


def test_no_chart_csv_holds_a_live_formula(hostile_run):
    result = hostile_run
    assert result.ok, [o.error for o in result.failed]
    charts = [png.with_suffix(".csv") for png in result.run_dir.rglob("*.png")]
    assert charts
    neutralised = 0
    for csv_path in charts:
        with csv_path.open(newline="", encoding="utf-8") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        assert not [c for c in cells if FORMULA_START.match(c) and not NUMBER.match(c)], csv_path
        neutralised += cells.count("'" + FORMULA_SOURCE)
    assert neutralised > 0  # the source reached the charts' data, as text
    tone = pd.read_csv(result.run_dir / "actor_mentions" / "actor_tone.csv")
    assert pd.api.types.is_float_dtype(tone["mean_compound"])  # numbers stay numbers

