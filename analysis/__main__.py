"""Command line: ``python -m analysis render [--corpus PATH] [--out DIR] [--where FILTER] [-p NAME VALUE]... [--only NAME]``."""

from __future__ import annotations

import argparse
import re
import signal
import sys
import warnings
from collections.abc import Sequence

from analysis.core.config import NOTEBOOKS_DIR, user_path
from analysis.core.errors import AnalysisError, RenderError
from analysis.reports.index import ReportOutcome
from analysis.reports.render import describe_parameters, notebook_parameters, render_reports, report_notebooks


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description="News coverage analysis.")
    commands = parser.add_subparsers(dest="command", required=True)
    render = commands.add_parser(
        "render", help="render every report notebook to HTML",
        description="Run every notebook of notebooks/ that has a parameters cell on one corpus and write "
                    "reports/<run>/ (HTML, executed notebooks, charts with their CSV, index.html).")
    render.add_argument("--corpus", help="corpus file or folder, a relative path starting at the current folder "
                                         "(default: the project's data/raw)")
    render.add_argument("--out", help="run folder (default: reports/<corpus name> for the plain run of a corpus, "
                                      "reports/<corpus name>-<hash> with -p, --where, --column or --only, or for another "
                                      "corpus of the same name; a run only ever replaces a run, and says which)")
    render.add_argument("--where", default="", metavar="FILTER",
                        help="keep the articles this filter passes, e.g. "
                             "\"text_type == 'full_text' and author_marked_offtopic == 0\" (every report)")
    render.add_argument("--column", action="append", default=[], metavar="FIELD=COLUMN",
                        help="the table column holding a field, e.g. --column text=article --column source=publication "
                             "(repeatable; fields: doc_id, text, source, url, title, published, language, translated_from)")
    render.add_argument("--language", default="detect", metavar="CODE",
                        help="language of the articles that state none: 'detect' finds it in each text (default), an "
                             "ISO 639-1 code such as en sets it; the English-only measures read English articles only")
    render.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="a notebook parameter, read as a Python or YAML literal, e.g. -p sources '[Izvestia]'")
    render.add_argument("--only", action="append", metavar="NAME", help="render only this notebook (repeatable)")
    render.add_argument("--notebooks", metavar="DIR", help="folder of the notebooks (default: notebooks/)")
    render.add_argument("--cache", metavar="DIR", help="cache of analysis tables (default: data/interim/cache)")
    render.add_argument("--timeout", type=int, default=3600, metavar="SECONDS",
                        help="seconds one cell may run before its notebook is failed (default: 3600)")
    render.add_argument("--jobs", type=int, help="notebooks run at once (default: the number of cores)")
    render.add_argument("--no-progress", action="store_true",
                        help="show no progress (by default: one bar on a terminal; in a log, plain lines when each "
                             "report starts, every ~10%% of its cells, and when it ends)")
    render.add_argument("--list", action="store_true", help="list the report notebooks and their parameters, then exit")
    return parser


#: The library's messages name its keywords; on the command line they name the flags instead.
_FLAGS = [
    (re.compile(r"\bcolumns=\{'(\w+)': '([^']*)'\}"), r"--column \1=\2"),
    (re.compile(r"\bcolumns=(\{[^}]*\})"), r"--column FIELD=COLUMN (given: \1)"),
    (re.compile(r"\bwhere=(?=['\"])"), "--where "),
    (re.compile(r"\blanguage='([^']*)'"), r"--language \1"),
]


def command_line_terms(message: str) -> str:
    """``message`` with the library's keywords (``where=``, ``columns=``) written as this command's flags."""
    for pattern, flag in _FLAGS:
        message = pattern.sub(flag, message)
    return message


def _columns(pairs: list[str]) -> dict[str, str]:
    """``--column FIELD=COLUMN`` options as ``{field: column}``; RenderError for one without ``=``."""
    bad = [pair for pair in pairs if "=" not in pair]
    if bad:
        raise RenderError(f"--column {bad[0]!r}: write FIELD=COLUMN, e.g. --column text=article.")
    return dict(pair.split("=", 1) for pair in pairs)


def _print_outcomes(outcomes: Sequence[ReportOutcome]) -> None:
    for outcome in outcomes:
        status = "ok    " if outcome.ok else "FAILED"
        print(f"{status} {outcome.name} ({outcome.seconds:.1f} s)")
        if outcome.error:
            print("       " + outcome.error.replace("\n", "\n       "), file=sys.stderr)


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """A warning as the command line shows it: ``warning: <message>``, in its flags' terms, without a source line."""
    print(f"warning: {command_line_terms(str(message))}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (1: a report failed or the run could not be written,
    2: refused before running, 128 + the signal number: interrupted)."""
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        specs = {nb.stem: notebook_parameters(nb) for nb in report_notebooks(user_path(args.notebooks, NOTEBOOKS_DIR))}
        print("Report notebooks: " + ", ".join(specs) + "\n" + describe_parameters(specs))
        return 0
    try:
        columns = _columns(args.column)
        result = render_reports(corpus=args.corpus, out=args.out, parameters=dict(args.parameter),
                                only=args.only, jobs=args.jobs, progress=not args.no_progress,
                                notebooks_dir=args.notebooks, cache_dir=args.cache,
                                timeout=args.timeout, where=args.where, columns=columns,
                                language=args.language)
    except KeyboardInterrupt as stop:
        signum = getattr(stop, "signum", signal.SIGINT)
        print(f"interrupted ({signal.Signals(signum).name}): the kernels were stopped and nothing was written; "
              "the last good run, if any, is as it was.", file=sys.stderr)
        return 128 + signum
    except AnalysisError as error:
        written = isinstance(error, RenderError) and error.outcomes
        if written:
            _print_outcomes(error.outcomes)
        print(f"error: {command_line_terms(str(error))}", file=sys.stderr)
        return 1 if written else 2
    _print_outcomes(result.outcomes)
    if result.ok:
        replaced = f"; this {result.replaced}" if result.replaced else ""
        print(f"Reports written to {result.run_dir} (open index.html){replaced}")
        return 0
    print(f"{len(result.failed)} of {len(result.outcomes)} reports failed; this run is in {result.run_dir} "
          "with the failures marked, and the last good run, if any, was left in place.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
