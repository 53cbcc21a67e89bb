"""Render every report notebook on one corpus into HTML a reader can open offline.

:func:`render_reports` (the ``python -m analysis render`` command) runs each
notebook of ``notebooks/`` that has a ``parameters`` cell through papermill, in
parallel up to the number of cores, and writes a *run folder*::

    reports/<run>/index.html          links, run parameters, corpus summary, versions, date
    reports/<run>/<notebook>.html     the report: outputs only, images embedded, no CDN
    reports/<run>/<notebook>.ipynb    the executed notebook, the record of what ran
    reports/<run>/<notebook>/         its charts (PNG, SVG) and their data (CSV)
    reports/<run>/run.json            the same facts as the index, for programs

Parameters are checked against every notebook's ``parameters`` cell (papermill's
inspection) before anything runs: their names, their types, and the check a
parameter's comment may end with (see :func:`value_problems`), e.g.
``min_articles = 3  # ... [at least 1]`` or ``sources = []  # ... [corpus sources]``.
The run is written into a hidden sibling folder
and renamed into place only when done: ``reports/<run>`` always holds the last
run in which every report rendered. A run in which some report failed goes to
``reports/<run>.failed`` instead (failures marked in its index), and the previous
good run stays where it was; the next good run removes the ``.failed`` folder.

A run stopped by Ctrl-C, SIGTERM or SIGHUP kills its kernels, removes its hidden
folder and leaves the last good run as it was; a run killed outright (SIGKILL)
takes its kernels with it (see :mod:`analysis.reports.kernels`), and the next run removes
the hidden folder it left. A notebook whose kernel dies is reported with the cell
it was running, how the kernel ended (exit status or signal), its memory and the
likely cause. An output folder that cannot be written raises :class:`RenderError`
naming the folder and the fix, after the notebooks' outcomes are known.
"""

from __future__ import annotations

import ast
import difflib
import errno
import glob
import hashlib
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Collection, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
import papermill
import yaml
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from papermill.exceptions import PapermillExecutionError

from analysis.core.config import NOTEBOOKS_DIR, PROJ_ROOT, RAW_DATA_DIR, REPORTS_DIR, RESOURCES_DIR, user_path
from analysis.core.errors import CorpusError, RenderError, did_you_mean, warn
from analysis.core.parallel import available_cores
from analysis.core.progress import NotebooksProgress
from analysis.core.schema import empty
from analysis.engine.cache import DEFAULT_CACHE_DIR
from analysis.engine.pipeline import prepare
from analysis.io.filters import parse_where
from analysis.io.language import DETECT, check_language_option
from analysis.io.load import LoadedCorpus
from analysis.measures.overview import articles_by_source, outlet_warnings, published_range
from analysis.reports.index import ReportOutcome, index_html, page_titles, read_report_info
from analysis.reports.kernels import Kernels, KernelWatch, is_kernel_death, signals_interrupt

#: Parameters every report notebook declares and the run sets itself (``--corpus``, and a folder per notebook).
RUN_PARAMETERS = ("corpus_path", "output_dir")
#: Set by the run for the notebooks that declare it: the shared cache of analysis tables.
CACHE_PARAMETER = "cache_dir"
#: Set by the run for the notebooks that declare it: the run manifest of the store prepared once for every notebook.
RUN_MANIFEST_PARAMETER = "run"
#: Loading options the run sets (``--where``, ``--column``, ``--language``) for every notebook, each of which must
#: declare them.
LOAD_PARAMETERS = ("where", "columns", "language")
RUN_MARKER = "run.json"
FAILED_SUFFIX = ".failed"
REPORT_TEMPLATE = RESOURCES_DIR / "report.html.j2"
#: The exact versions ``make setup`` installs (a checkout's; recorded in every run.json, see :func:`lock_record`).
LOCK_FILE = PROJ_ROOT / "uv.lock"
VERSIONED_PACKAGES = ("analysis", "pandas", "numpy", "matplotlib", "nltk", "vaderSentiment", "pyahocorasick",
                      "networkx", "trafilatura", "papermill", "nbconvert", "ipykernel")
_TYPES = {t.__name__: t for t in (str, int, float, bool, list, tuple, dict)}
STAGING_INFIX, OLD_INFIX = ".rendering-", ".old-"
# The kernel's stderr goes to a file (see analysis.reports.kernels): keep its log to errors, and keep low-level
# output there too, where a crash's stack (faulthandler) survives the kernel; ipykernel would put a pipe
# on fd 2 that dies with it.
_KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--IPKernelApp.capture_fd_output=False"]
try:
    import fcntl  # marks a staging folder as in use by a live run (POSIX)
except ImportError:  # pragma: no cover - Windows
    fcntl = None


# ------------------------------------------------------------------------ notebooks


#: The check a parameter's comment may end with, in brackets (see :func:`value_problems`);
#: no ``=`` in it: papermill skips a parameter line with more than one.
_RULE = re.compile(r"\[([^\[\]]+)\]\s*$")
_NUMBER = r"-?\d+(?:\.\d+)?"
_RANGE = re.compile(rf"at least (?P<low>{_NUMBER})|at most (?P<high>{_NUMBER})|from (?P<start>{_NUMBER}) to (?P<stop>{_NUMBER})")
CORPUS_SOURCES_RULE, DATE_RULE, ONE_OF_RULE = "corpus sources", "date", "one of "


def _bounds(rule: str) -> tuple[float, float] | None:
    """The inclusive range of a rule ``at least 1``, ``at most 5`` or ``from -1 to 1``, else None."""
    found = _RANGE.fullmatch(rule)
    if found is None:
        return None
    low, high = found["low"] or found["start"], found["high"] or found["stop"]
    return (float(low) if low else -math.inf, float(high) if high else math.inf)


def _is_rule(text: str) -> bool:
    if text in (CORPUS_SOURCES_RULE, DATE_RULE) or _bounds(text) is not None:
        return True
    if text.startswith(ONE_OF_RULE):
        try:
            ast.literal_eval(f"[{text[len(ONE_OF_RULE):]}]")
        except (ValueError, SyntaxError):
            return False
        return True
    return False


@dataclass(frozen=True)
class NotebookParameter:
    """One name of a notebook's ``parameters`` cell: its type (``None`` when the default is ``None``
    or not a literal), the default as written, and its comment."""

    name: str
    type: type | None
    default: str
    help: str

    @property
    def rule(self) -> str:
        """The check at the end of the comment, in brackets (e.g. ``at least 1``), or ``""`` if none."""
        found = _RULE.search(self.help)
        return found.group(1).strip() if found and _is_rule(found.group(1).strip()) else ""


def _parameter_type(inferred_type_name: str, default: str) -> type | None:
    """The annotated type, else the type of the literal default, else ``None`` (any value)."""
    if inferred_type_name in _TYPES:
        return _TYPES[inferred_type_name]
    try:
        value = ast.literal_eval(default)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return None if value is None else type(value)


def notebook_parameters(notebook: Path) -> dict[str, NotebookParameter]:
    """The parameters of ``notebook``'s ``parameters`` cell, read by papermill's inspection, by name."""
    found = papermill.inspect_notebook(str(notebook))
    return {name: NotebookParameter(name, _parameter_type(p["inferred_type_name"], p["default"]), p["default"], p["help"])
            for name, p in found.items()}


def has_parameters_cell(notebook: Path) -> bool:
    """Whether ``notebook`` has a code cell tagged ``parameters`` (papermill's convention)."""
    cells = nbformat.read(notebook, as_version=4).cells
    return any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells if cell.cell_type == "code")


def report_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks of ``folder`` that take parameters, in name order; the others are interactive only."""
    return [nb for nb in sorted(folder.glob("*.ipynb")) if has_parameters_cell(nb)]


# ----------------------------------------------------------------------- parameters


def parse_value(text: str, expected: type | None) -> Any:
    """A parameter value given as text (on the command line), read for a parameter of type ``expected``.

    For a ``str`` parameter the text is the value (a quoted Python string is unquoted).
    Otherwise it is read as a Python literal (``10``, ``['Izvestia']``, ``(1, 2)``,
    ``True``), else as YAML (``[Izvestia, Expert News]``, ``yes``), else kept as text.
    """
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        try:
            value = yaml.safe_load(text)
        except (yaml.YAMLError, ValueError):  # ValueError: a date YAML cannot build, e.g. 2022-02-30
            value = text
        if not isinstance(value, (str, int, float, bool, list, dict, type(None))):
            value = text  # e.g. YAML reads 2022-03-01 as a date: a notebook parameter wants the text
    if expected is str and not isinstance(value, str):
        return text
    return value


def _accepts(expected: type | None, value: Any) -> bool:
    if expected is None:
        return True
    if expected in (int, float) and isinstance(value, bool):
        return False
    if expected is float:
        return isinstance(value, (int, float))
    if expected in (list, tuple):
        return isinstance(value, (list, tuple))
    return isinstance(value, expected)


def _coerce(expected: type | None, value: Any) -> Any:
    """``value`` (already accepted) as ``expected``'s container type, so a tuple given for a list stays a list."""
    return expected(value) if expected in (list, tuple) else value


def _type_name(expected: type | None) -> str:
    return "any" if expected is None else expected.__name__


def _item_problem(rule: str, item: Any, sources: Collection[str] | None) -> str | None:
    """Why ``item`` breaks ``rule``; None if it passes, or if the rule needs the corpus and ``sources`` is None."""
    if rule == CORPUS_SOURCES_RULE:
        if sources is None or item in sources:
            return None
        return did_you_mean([item], sources, "source").rstrip(".")
    if rule == DATE_RULE:
        if item == "":
            return None
        try:
            date.fromisoformat(item)
        except (TypeError, ValueError):
            return f"{item!r} is not a date written YYYY-MM-DD (or \"\" for none)"
        return None
    if rule.startswith(ONE_OF_RULE):
        choices = ast.literal_eval(f"[{rule[len(ONE_OF_RULE):]}]")
        return None if item in choices else f"{item!r} is not one of {', '.join(map(repr, choices))}"
    if isinstance(item, bool) or not isinstance(item, (int, float)):
        return f"{item!r} is not a number"
    low, high = _bounds(rule)
    return None if low <= item <= high else f"{item!r} is not {rule}"


def value_problems(parameter: NotebookParameter, value: Any, *, sources: Collection[str] | None = None) -> list[str]:
    """What is wrong with ``value`` for ``parameter`` by the check its comment ends with.

    A check is the last thing of the comment, in brackets: ``[at least 1]``, ``[at most 9]``
    or ``[from -1 to 1]`` (a number in that range, ends included),
    ``[one of "sentence", "article"]`` (a choice, as Python literals),
    ``[date]`` (``YYYY-MM-DD``, or ``""`` for none) or ``[corpus sources]`` (names of
    sources of the corpus; checked only when ``sources`` is given). For a list value
    every element is checked. Other bracketed text is not a check.
    """
    rule = parameter.rule
    if not rule:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [problem for item in items if (problem := _item_problem(rule, item, sources)) is not None]


def check_values(routed: Mapping[str, Mapping[str, Any]], specs: Mapping[str, Mapping[str, NotebookParameter]],
                 *, sources: Collection[str] | None = None) -> list[str]:
    """The problems of each routed value (``{notebook: {name: value}}``) by its parameter's check,
    one line per problem naming every notebook it concerns."""
    found: dict[tuple[str, str, str, str], list[str]] = {}
    for nb, values in routed.items():
        for name, value in values.items():
            if name in specs[nb]:
                spec = specs[nb][name]
                for problem in value_problems(spec, value, sources=sources):
                    found.setdefault((name, problem, spec.rule, spec.default), []).append(nb)
    return [f"{name!r} for {', '.join(nbs)}: {problem} (the check in its comment: [{rule}]; its default is {default})"
            for (name, problem, rule, default), nbs in found.items()]


def route_parameters(
    parameters: Mapping[str, Any], specs: Mapping[str, Mapping[str, NotebookParameter]]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Check ``parameters`` against each notebook's and say which notebook gets which value.

    ``specs`` maps each notebook name to :func:`notebook_parameters`. A parameter goes
    to every notebook that declares it; text values for non-text parameters are
    read with :func:`parse_value`. Returns ``{notebook: {name: value}}`` and the
    problems found (unknown names, wrong types, values that fail their parameter's
    check (:func:`value_problems`; those that need the corpus are checked later),
    run parameters given by hand).
    """
    routed: dict[str, dict[str, Any]] = {name: {} for name in specs}
    problems = []
    for name, given in parameters.items():
        if name in (*RUN_PARAMETERS, CACHE_PARAMETER, RUN_MANIFEST_PARAMETER, *LOAD_PARAMETERS):
            problems.append(f"{name!r} is set by the run itself: use --corpus for the corpus, --out for the output "
                            "folder, --cache for the cache folder, --where for the filter, --column for the columns and "
                            "--language for the language of articles that state none")
            continue
        holders = [nb for nb, spec in specs.items() if name in spec]
        if not holders:
            known = {n for spec in specs.values() for n in spec if n not in RUN_PARAMETERS}
            close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
            problems.append(f"unknown parameter {name!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                            + ": no notebook of this run has it")
            continue
        for nb in holders:
            spec = specs[nb][name]
            value = parse_value(given, spec.type) if isinstance(given, str) else given
            if _accepts(spec.type, value):
                routed[nb][name] = _coerce(spec.type, value)
            else:
                problems.append(f"{name!r} must be a {_type_name(spec.type)} for {nb} (its default is {spec.default}), "
                                f"got {type(value).__name__} {value!r}")
    return routed, problems + check_values(routed, specs)


def describe_parameters(specs: Mapping[str, Mapping[str, NotebookParameter]]) -> str:
    """A table of the parameters a run accepts: name, type, default, comment, and the notebooks that have it."""
    by_name: dict[str, list[tuple[str, NotebookParameter]]] = {}
    for nb, spec in specs.items():
        for name, parameter in spec.items():
            if name not in RUN_PARAMETERS:
                by_name.setdefault(name, []).append((nb, parameter))
    if not by_name:
        return "The notebooks take no parameters besides corpus_path and output_dir."
    lines = ["Valid parameters (-p NAME VALUE; corpus_path and output_dir are set by --corpus and --out):"]
    for name in sorted(by_name):
        first = by_name[name][0][1]
        notebooks = ", ".join(nb for nb, _ in by_name[name])
        lines.append(f"  {name} ({_type_name(first.type)}, default {first.default})"
                     f"{': ' + first.help if first.help else ''}  [{notebooks}]")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- HTML


def notebook_to_html(executed: Path, html: Path) -> None:
    """Write ``executed`` as standalone HTML: outputs and text only, images embedded, nothing from a CDN.

    Code, prompts and the parameters cells are left out; see ``resources/report.html.j2``.
    """
    exporter = HTMLExporter(template_name="lab", template_file=str(REPORT_TEMPLATE), embed_images=True,
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"injected-parameters", "parameters"}),
                                   enabled=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    html.write_text(body, encoding="utf-8")


# ------------------------------------------------------------------------------ run


@dataclass(frozen=True)
class RenderResult:
    """What a run produced: the folder it landed in and how each report went."""

    run_dir: Path
    outcomes: list[ReportOutcome]
    #: What the run replaced in ``run_dir``, in words ("" when the folder was new).
    replaced: str = ""

    @property
    def ok(self) -> bool:
        return all(o.ok for o in self.outcomes)

    @property
    def failed(self) -> list[ReportOutcome]:
        return [o for o in self.outcomes if not o.ok]


def library_versions() -> dict[str, str]:
    """Python's version and those of the packages that shape the reports, by name."""
    versions = {"python": sys.version.split()[0]}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def lock_record(lock: Path = LOCK_FILE) -> dict[str, Any]:
    """The lock file the environment was installed from (``make setup``): its path and SHA-256, and every
    installed package whose version differs from it (``{}`` when the environment is exactly the lock's);
    ``file`` is None outside a checkout (an installed wheel)."""
    if not lock.is_file():
        return {"file": None, "sha256": None, "differs": {}}
    content = lock.read_bytes()
    normal = re.compile(r"[-_.]+")
    locked: dict[str, set[str]] = {}  # a package may be locked at one version per range of Python versions
    for package in tomllib.loads(content.decode("utf-8")).get("package", []):
        if "version" in package:
            locked.setdefault(normal.sub("-", package["name"]).lower(), set()).add(package["version"])
    differs = {}
    for distribution in metadata.distributions():
        name = normal.sub("-", distribution.metadata["Name"] or "").lower()
        if name in locked and distribution.version not in locked[name]:
            differs[name] = {"installed": distribution.version, "locked": " or ".join(sorted(locked[name]))}
    return {"file": str(lock), "sha256": hashlib.sha256(content).hexdigest(), "differs": differs}


def _run_name(corpus: Path) -> str:
    """``reports/<name>`` for a corpus: its folder name, or its file name without suffixes."""
    return corpus.name if corpus.is_dir() else corpus.name.split(".")[0]


def _is_run(folder: Path) -> bool:
    return (folder / RUN_MARKER).is_file()


def _run_record(folder: Path) -> dict[str, Any]:
    """The ``run.json`` of a run folder, or ``{}`` when it has none (or an unreadable one)."""
    try:
        return json.loads((folder / RUN_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def default_run_dir(corpus: Path, settings: Mapping[str, Any]) -> Path:
    """Where a run goes without ``--out``: ``reports/<corpus name>`` for the plain run of that corpus, else
    (``settings`` given, such as ``-p sources``, ``--where`` or ``--only``, or another corpus of the same name
    already there) ``reports/<corpus name>-<hash of the corpus path and settings>``: the same corpus and
    settings always land in the same folder, and runs of different ones never replace each other."""
    plain = REPORTS_DIR / _run_name(corpus)
    held = [_run_record(folder).get("corpus") for folder in (plain, plain.with_name(plain.name + FAILED_SUFFIX))]
    if not settings and all(other in (None, str(corpus)) for other in held):
        return plain
    digest = hashlib.sha256(json.dumps([str(corpus), settings], sort_keys=True, default=str).encode()).hexdigest()
    return plain.with_name(f"{plain.name}-{digest[:8]}")


def _replaced(folder: Path, corpus: Path) -> str:
    """What publishing a run of ``corpus`` into ``folder`` replaces, in words ("" when nothing)."""
    record = _run_record(folder)
    if not record:
        return ""
    when = str(record.get("created", ""))[:16].replace("T", " ")
    other = record.get("corpus")
    if other and other != str(corpus):
        return f"replaced the run of another corpus, {other}, made {when}"
    return f"replaced the earlier run of this corpus made {when}"


def _replace_folder(new: Path, dest: Path) -> None:
    """Put ``new`` where ``dest`` is, by renames: the old ``dest`` stays whole until the new one is in place."""
    if not dest.exists():
        os.rename(new, dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}{OLD_INFIX}", dir=dest.parent))
    old.rmdir()
    os.rename(dest, old)
    try:
        os.rename(new, dest)
    except OSError:
        os.rename(old, dest)
        raise
    shutil.rmtree(old)


def _select(notebooks: list[Path], only: Iterable[str] | None, folder: Path) -> list[Path]:
    if not only:
        return notebooks
    wanted = {Path(name).stem for name in only}
    unknown = sorted(wanted - {nb.stem for nb in notebooks})
    if unknown:
        raise RenderError(f"--only {', '.join(unknown)}: no such report notebook in {folder}; "
                          f"the report notebooks are {', '.join(nb.stem for nb in notebooks) or 'none'}.")
    return [nb for nb in notebooks if nb.stem in wanted]


def _failure(exc: BaseException, watch: KernelWatch | None = None) -> str:
    if watch is not None and is_kernel_death(exc):
        return watch.death()
    if watch is not None and isinstance(exc, RuntimeError) and "Kernel didn't respond" in str(exc):
        excerpt = watch.stderr_excerpt()  # a kernel that never answered says why on its stderr
        return f"RuntimeError: {exc} (the kernel started but never answered)" + (
            "\n  its stderr:\n    " + excerpt.replace("\n", "\n    ") if excerpt else "; it wrote nothing on its stderr")
    if isinstance(exc, PapermillExecutionError):
        first_line = next((line for line in exc.source.splitlines() if line.strip()), "")
        return f"cell In [{exc.exec_count}] (cell {exc.cell_index}): {first_line}\n{exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


def code_cells(notebook: Path) -> int:
    """The cells papermill runs in ``notebook``: its non-empty code cells and the parameters it injects."""
    cells = nbformat.read(notebook, as_version=4).cells
    return sum(cell.cell_type == "code" and bool(cell.source.strip()) for cell in cells) + 1


def _render_notebook(notebook: Path, run_dir: Path, parameters: Mapping[str, Any], *, kernels: Kernels,
                     progress: NotebooksProgress, timeout: int | None) -> ReportOutcome:
    """Execute one notebook into ``run_dir`` and convert it to HTML; a failure is recorded, not raised.

    The kernel is one of ``kernels`` (see :mod:`analysis.reports.kernels`) and runs in the notebook's
    folder: papermill's ``cwd`` would change the working directory of this whole process,
    which the other threads share.
    """
    name = notebook.stem
    executed, data_dir = run_dir / notebook.name, run_dir / name
    start = time.perf_counter()
    error = None
    watch = KernelWatch(name, kernels)

    def cell_started(cell: Any, cell_index: int) -> None:
        watch.cell_started(cell, cell_index)
        progress.cell(name)

    progress.start(name)
    try:
        papermill.execute_notebook(
            notebook, executed, parameters=dict(parameters, output_dir=str(data_dir)),
            progress_bar=False, extra_arguments=_KERNEL_ARGUMENTS, execution_timeout=timeout,
            kernel_manager_class=watch.manager_class(),
            resources={"metadata": {"path": str(notebook.parent)}}, on_cell_execute=cell_started,
        )
    except Exception as exc:  # noqa: BLE001 - any failure of one notebook is reported and the others go on
        error = _failure(exc, watch)
    finally:
        kernels.forget(watch)
        watch.close()
    html = None
    if executed.exists() and not kernels.stopping:  # a failed notebook too: its HTML shows where it stopped
        try:
            notebook_to_html(executed, executed.with_suffix(".html"))
            html = executed.with_suffix(".html").name
        except Exception as exc:  # noqa: BLE001
            error = error or f"HTML conversion failed: {_failure(exc)}"
    data_files = sorted(p.relative_to(run_dir).as_posix() for p in data_dir.rglob("*") if p.is_file())
    progress.finish(name, error is None)
    return ReportOutcome(
        name=name, ok=error is None, seconds=time.perf_counter() - start, html=html,
        executed=notebook.name if executed.exists() else None, data_files=tuple(data_files), error=error,
    )


def _plan(corpus: str | Path | None, out: str | Path | None, parameters: Mapping[str, Any],
          only: Iterable[str] | None, jobs: int | None, notebooks_dir: str | Path | None,
          cache: Path, loading: Mapping[str, Any],
          ) -> tuple[list[Path], Path, dict[str, dict[str, Any]], Path, dict[str, dict[str, NotebookParameter]]]:
    """Check a run before anything runs: the notebooks, the corpus path, the parameters, the output folder.

    Returns the notebooks, the corpus path, each notebook's parameters, the run folder and
    the notebooks' parameter specs; raises :class:`RenderError` listing every problem and
    the valid parameters.
    """
    folder = user_path(notebooks_dir, NOTEBOOKS_DIR)
    notebooks = _select(report_notebooks(folder), only, folder)
    if not notebooks:
        raise RenderError(f"{folder}: no notebook with a cell tagged 'parameters'; nothing to render.")
    specs = {nb.stem: notebook_parameters(nb) for nb in notebooks}
    problems = [f"{nb} has no {name!r} in its parameters cell; every report notebook needs "
                f"{' and '.join(RUN_PARAMETERS)}" for nb, spec in specs.items() for name in RUN_PARAMETERS
                if name not in spec]
    corpus_path = user_path(corpus, RAW_DATA_DIR)
    if not corpus_path.exists():
        problems.append(f"--corpus {corpus}: no such file or folder {corpus_path} (a relative path starts at the current folder, "
                        f"{Path.cwd()})")
    if cache.exists() and not cache.is_dir():
        problems.append(f"cache {cache} is a file, not a folder: give --cache a folder (or move the file away)")
    routed, routing_problems = route_parameters(parameters, specs)
    for nb, spec in specs.items():
        if CACHE_PARAMETER in spec:
            routed[nb][CACHE_PARAMETER] = str(cache)
        for name, value in loading.items():
            if name in spec:
                routed[nb][name] = value
            else:
                problems.append(f"{nb} has no {name!r} parameter, so it cannot load the corpus as the run does: its "
                                "report would describe other articles than the rest")
    try:
        parse_where(loading.get("where", ""))
    except CorpusError as error:
        problems.append(f"--where: {error}")
    try:
        check_language_option(loading.get("language", DETECT))
    except CorpusError:
        problems.append(f"--language {loading['language']}: give 'detect' (find each article's language in its text, "
                        "the default) or the ISO 639-1 code of the articles that state none, e.g. --language en")
    problems += routing_problems
    if jobs is not None and jobs < 1:
        problems.append(f"jobs={jobs!r}: give 1 or more notebooks to run at once")
    settings = {name: value for name, value in (("parameters", dict(parameters)), ("loading", dict(loading)),
                                                ("only", sorted(only or []))) if value}
    run_dir = user_path(out, default_run_dir(corpus_path, settings))
    if not run_dir.name:
        problems.append(f"--out {run_dir}: the run needs a folder of its own, and the run beside it a "
                        f"{FAILED_SUFFIX} folder; give a named folder, e.g. --out reports/my_run")
    for target in (run_dir, run_dir.with_name(run_dir.name + FAILED_SUFFIX)) if run_dir.name else ():
        if target.exists() and not (_is_run(target) or (target.is_dir() and not any(target.iterdir()))):
            problems.append(f"{target} exists and is not a rendered run (no {RUN_MARKER}); "
                            "choose another --out or move it away")
    _refuse(problems, specs)
    return notebooks, corpus_path, routed, run_dir, specs


def _refuse(problems: list[str], specs: Mapping[str, Mapping[str, NotebookParameter]]) -> None:
    """Raise :class:`RenderError` listing ``problems`` and the valid parameters, if there are any problems."""
    if problems:
        raise RenderError("cannot render:\n  - " + "\n  - ".join(problems) + "\n" + describe_parameters(specs))


def _output_problem(folder: Path, error: OSError) -> str:
    """What went wrong writing the reports into ``folder``, and what to do."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        why, fix = "no space left on its disk", "Free some space (or give --out a folder on another disk)"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why, fix = f"it is not writable ({error.strerror})", "Make it writable or give --out a folder you can write"
    elif isinstance(error, (NotADirectoryError, FileExistsError)):
        why, fix = f"a file is in the way ({error})", "Move the file away or give --out another folder"
    else:
        why, fix = str(error), "Fix that or give --out another folder"
    return f"cannot write the reports into {folder}: {why}. {fix} and render again; the last good run, if any, is as it was."


def _held(folder: Path) -> bool:
    """Whether a live render holds the staging folder ``folder`` (its lock, see :func:`_make_staging`)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False


def _clear_interrupted(run_dir: Path) -> None:
    """Clean up after an earlier run of ``run_dir`` that was killed midway (a warning says what was done).

    Its staging folder goes, unless a live render holds it; the previous run folder that an
    unfinished replacement had set aside goes too, or is put back if the run folder is missing.
    """
    for staging in run_dir.parent.glob(f".{glob.escape(run_dir.name)}{STAGING_INFIX}*"):
        if fcntl is None:
            warn(f"{staging} is left by a render that was killed, or is being written by one running now; "
                          "remove it by hand if no render is running")
        elif not _held(staging):
            shutil.rmtree(staging, ignore_errors=True)
            warn(f"removed {staging}, left by a render that was killed before it finished")
    for dest in (run_dir, run_dir.with_name(run_dir.name + FAILED_SUFFIX)):
        for old in dest.parent.glob(f".{glob.escape(dest.name)}{OLD_INFIX}*"):
            if not dest.exists() and _is_run(old):
                os.rename(old, dest)
                warn(f"put {old} back as {dest}: a render was killed while replacing it")
            else:
                shutil.rmtree(old, ignore_errors=True)


def _make_staging(run_dir: Path) -> tuple[Path, int | None]:
    """The hidden folder a run is written into, beside ``run_dir``, and the descriptor that locks it
    while this process lives (``None`` without ``fcntl``); :class:`RenderError` if it cannot be made."""
    try:
        run_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{run_dir.name}{STAGING_INFIX}", dir=run_dir.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a report folder is for reading
    except OSError as error:
        raise RenderError(_output_problem(run_dir.parent, error)) from error
    if fcntl is None:
        return staging, None
    lock = os.open(staging, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # released by the OS when this process ends, however it ends
    return staging, lock


def _run_notebooks(notebooks: list[Path], staging: Path, parameters: Mapping[str, Mapping[str, Any]], *,
                   jobs: int | None, progress: bool, timeout: int | None) -> list[ReportOutcome]:
    """Render ``notebooks`` into ``staging``, ``jobs`` at a time, each with ``parameters[name]``.

    An exception here (Ctrl-C, :class:`analysis.reports.kernels.RenderInterrupted`) kills the
    kernels, drops the notebooks not yet started, waits for the threads and is re-raised.
    """
    kernels = Kernels()
    shown = NotebooksProgress({nb.stem: code_cells(nb) for nb in notebooks}, style=None if progress else "off")
    pool = ThreadPoolExecutor(max_workers=jobs or min(len(notebooks), available_cores()))
    try:
        futures = [pool.submit(_render_notebook, nb, staging, parameters[nb.stem], kernels=kernels, progress=shown,
                               timeout=timeout) for nb in notebooks]
        return [f.result() for f in futures]
    except BaseException:
        kernels.stop()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        shown.close()


def _write_index(folder: Path, name: str, outcomes: list[ReportOutcome], corpus: Path,
                 parameters: Mapping[str, Mapping[str, Any]], loaded: LoadedCorpus) -> None:
    """Write ``index.html`` and its machine-readable twin ``run.json`` (which also marks the folder as a run)."""
    created = datetime.now().astimezone()
    versions = library_versions()
    reports = {o.name: read_report_info(folder / o.executed) for o in outcomes if o.executed}
    shown = corpus.relative_to(PROJ_ROOT) if corpus.is_relative_to(PROJ_ROOT) else corpus.name
    (folder / "index.html").write_text(index_html(
        f"News coverage reports: {shown}", outcomes, corpus=str(corpus), parameters=parameters,
        by_source=articles_by_source(loaded.articles), n_skipped=len(loaded.skipped), versions=versions,
        created=created, reports=reports, dates=published_range(loaded.articles),
        warnings=outlet_warnings(loaded.articles), pages=page_titles(folder, outcomes)), encoding="utf-8")
    record = {"run": name, "created": created.isoformat(), "corpus": str(corpus), "parameters": parameters,
              "versions": versions, "lock": lock_record(), "ok": all(o.ok for o in outcomes), "n_articles": len(loaded.articles),
              "n_skipped": len(loaded.skipped), "reports": [asdict(o) for o in outcomes]}
    (folder / RUN_MARKER).write_text(json.dumps(record, indent=2, default=repr), encoding="utf-8")


def render_reports(
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    only: Iterable[str] | None = None,
    jobs: int | None = None,
    progress: bool = True,
    notebooks_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    timeout: int | None = 3600,
    where: str = "",
    columns: Mapping[str, str] | None = None,
    language: str = DETECT,
) -> RenderResult:
    """Execute every report notebook on ``corpus`` and write the run folder ``out`` (see the module docstring).

    Parameters
    ----------
    corpus
        Corpus file or folder (a relative path starts at the current folder); default the project's ``data/raw``.
    out
        The run folder (a relative path starts at the current folder); default
        ``reports/<corpus name>`` for the plain run of a corpus, and
        ``reports/<corpus name>-<hash>`` for a run with parameters, a filter or
        ``only``, or of another corpus of the same name (:func:`default_run_dir`).
        An existing folder is only replaced if it holds an earlier run;
        ``result.replaced`` says which.
    parameters
        Notebook parameters by name. Each goes to the notebooks whose ``parameters``
        cell has it; a name no notebook has, or a value of the wrong type, is refused.
        Text values for non-text parameters are read as on the command line
        (:func:`parse_value`).
    only
        Notebook names (without ``.ipynb``) to render instead of all; the run
        folder then holds only those.
    jobs
        Notebooks run at once; default the number of cores.
    progress
        Show a progress line per notebook.
    notebooks_dir
        Where the notebooks are; default ``notebooks/``. They run with it as cwd.
    cache_dir
        The Parquet cache of analysis tables (default ``data/interim/cache``):
        :func:`analysis.engine.pipeline.prepare` fills it once before the notebooks start, and
        each notebook with a ``cache_dir`` parameter reads it instead of
        recomputing the cleaning, scoring, tokens and mentions.
    timeout
        Seconds one cell may run before its notebook is stopped and reported as
        failed (``None``: no limit), so a hung kernel cannot stall the batch.
    where, columns
        Loading options (see :func:`analysis.load_corpus`): a filter on the
        articles, e.g. ``'text_type == "full_text"'``, and which table column holds
        each field, e.g. ``{"text": "article"}``. The run loads the corpus with
        them and gives them to every notebook (each must have ``where`` and
        ``columns`` parameters); the index shows them.
    language
        The language of the articles that state none (:func:`analysis.load_corpus`):
        ``"detect"`` (the default) finds each one's language in its text, an ISO 639-1
        code such as ``"en"`` sets it; given to every notebook like ``where``.

    Returns a :class:`RenderResult`; a notebook that fails does not raise (see
    ``result.failed``), while bad parameters, a missing corpus or no notebook at
    all raise :class:`RenderError` (or :class:`analysis.CorpusError` for a corpus
    that cannot be loaded) before any notebook runs. Parameter checks that need
    the corpus (``[corpus sources]``) run once it is loaded. A run folder that
    cannot be written raises :class:`RenderError` (with ``outcomes`` when the
    notebooks had run). Ctrl-C, SIGTERM and SIGHUP stop the run: its kernels are
    killed, nothing is written, and :class:`KeyboardInterrupt` is raised.
    """
    cache = user_path(cache_dir, DEFAULT_CACHE_DIR)
    loading = {name: value for name, value in (("where", where), ("columns", dict(columns or {})),
                                               ("language", "" if language == DETECT else language)) if value}
    notebooks, corpus_path, routed, run_dir, specs = _plan(corpus, out, parameters or {}, only, jobs, notebooks_dir,
                                                           cache, loading)
    with signals_interrupt():
        _clear_interrupted(run_dir)
        staging, lock = _make_staging(run_dir)
        try:
            loaded, manifest = _prepare_run(corpus_path, cache, progress, loading)
            _refuse(check_values(routed, specs, sources=set(loaded.articles["source"].dropna().astype(str))), specs)
            outcomes = _run_notebooks(notebooks, staging, {nb.stem: {"corpus_path": str(corpus_path), **routed[nb.stem],
                                                                     **(manifest if RUN_MANIFEST_PARAMETER in specs[nb.stem] else {})}
                                                           for nb in notebooks},
                                      jobs=jobs, progress=progress, timeout=timeout)
            given = {name: {nb: values[name] for nb, values in routed.items() if name in values}
                     for name in [*(parameters or {}), *loading]}
            result_dir, replaced = _publish(staging, run_dir, outcomes, corpus_path, given, loaded)
        finally:
            if lock is not None:
                os.close(lock)
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return RenderResult(run_dir=result_dir, outcomes=outcomes, replaced=replaced)


def _prepare_run(corpus: Path, cache: Path, progress: bool, loading: Mapping[str, Any]) -> tuple[LoadedCorpus, dict[str, str]]:
    """Prepare the store once for every notebook (filling the cache they read) and write its run manifest.

    Returns what the index needs of the corpus (the articles without their texts, and what was
    left out) and the ``run`` parameter; the rest of the store is let go before the notebooks start.
    """
    store = prepare(corpus, cache_dir=cache, progress=progress, **loading)
    manifest = {RUN_MANIFEST_PARAMETER: str(store.write_manifest())}
    loaded = store.corpus
    articles = loaded.articles.drop(columns="text")
    return LoadedCorpus(articles, empty("cleaning"), loaded.skipped, empty("fragments"), empty("duplicates")), manifest


def _publish(staging: Path, run_dir: Path, outcomes: list[ReportOutcome], corpus: Path,
             parameters: Mapping[str, Mapping[str, Any]], loaded: LoadedCorpus) -> tuple[Path, str]:
    """Write the index into ``staging`` and put it in place: ``run_dir`` if every report rendered,
    else ``run_dir.failed``; returns where it went and what it replaced there (see :func:`_replaced`).
    :class:`RenderError` if that cannot be written."""
    failed_dir = run_dir.with_name(run_dir.name + FAILED_SUFFIX)
    result_dir = run_dir if all(o.ok for o in outcomes) else failed_dir
    replaced = _replaced(result_dir, corpus)
    try:
        _write_index(staging, run_dir.name, outcomes, corpus, parameters, loaded)
        _replace_folder(staging, result_dir)
        if result_dir == run_dir and failed_dir.exists():
            shutil.rmtree(failed_dir)  # an earlier failed run, now superseded
    except OSError as error:
        raise RenderError(_output_problem(result_dir, error), outcomes=outcomes) from error
    return result_dir, replaced
