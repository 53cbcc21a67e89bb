"""Every report notebook executes with its default parameters and writes its charts and captions."""

from __future__ import annotations

import nbformat
import papermill
import pytest

from analysis.config import NOTEBOOKS_DIR
from analysis.reports.render import notebook_parameters, report_notebooks

# Files each notebook writes (PNG, SVG and CSV per chart, plus the CSV of every table) and captions and notes it shows.
EXPECTED = {
    "actor_mentions": (18, 6),
    "corpus_overview": (23, 9),
    "sentiment_by_source": (17, 7),
    "terms_by_source": (16, 7),
    "who_is_quoted": (9, 5),
}


def test_every_report_notebook_has_expectations():
    assert sorted(nb.stem for nb in report_notebooks()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_with_default_parameters(tmp_path, name):
    notebook = NOTEBOOKS_DIR / f"{name}.ipynb"
    parameters = {"output_dir": str(tmp_path / "charts"), "cache_dir": str(tmp_path / "cache")}
    if "n_boot" in notebook_parameters(notebook):
        parameters["n_boot"] = 200
    papermill.execute_notebook(notebook, tmp_path / "out.ipynb", parameters=parameters, cwd=str(NOTEBOOKS_DIR),
                               progress_bar=False, execution_timeout=600)
    n_files, n_captions = EXPECTED[name]
    written = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert len(written) == n_files and all(n.split(".")[-1] in ("png", "svg", "csv") for n in written)
    assert all((tmp_path / "charts" / n).stat().st_size > 0 for n in written)
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    captions = [o for c in executed.cells for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert len(captions) == n_captions
