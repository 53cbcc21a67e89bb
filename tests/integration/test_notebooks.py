"""Every report notebook executes with its default parameters and writes its charts and captions.

The notebooks are executed once per session, by the seed render of ``conftest.seed_run`` (the render gives
each notebook its defaults, plus the run's own output folder and cache).
"""

from __future__ import annotations

import nbformat
import pytest

from analysis.config import RAW_DATA_DIR
from analysis.reports.render import report_notebooks

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
def test_notebook_runs_with_default_parameters(seed_run, name):
    outcome = next(o for o in seed_run.outcomes if o.name == name)
    assert outcome.ok, outcome.error
    executed = nbformat.read(seed_run.run_dir / outcome.executed, as_version=4)
    parameters = executed.metadata.papermill.parameters
    assert parameters["corpus_path"] == str(RAW_DATA_DIR)  # the default corpus
    charts = seed_run.run_dir / name
    written = sorted(p.name for p in charts.iterdir())
    n_files, n_captions = EXPECTED[name]
    assert len(written) == n_files and all(n.split(".")[-1] in ("png", "svg", "csv") for n in written)
    assert all((charts / n).stat().st_size > 0 for n in written)
    assert sorted(outcome.data_files) == [f"{name}/{n}" for n in written]  # what the index links
    captions = [o for c in executed.cells for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert len(captions) == n_captions
