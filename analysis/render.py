"""Render the parameterized notebooks into HTML reports with papermill and nbconvert."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
import papermill
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from analysis.config import NOTEBOOKS_DIR, RAW_DATA_DIR, REPORTS_DIR, project_path


def has_parameters_cell(notebook: Path) -> bool:
    """Whether ``notebook`` has a code cell tagged ``parameters`` (papermill's convention)."""
    cells = nbformat.read(notebook, as_version=4).cells
    return any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in cells if cell.cell_type == "code")


def report_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks of ``folder`` that take parameters, in name order."""
    return [nb for nb in sorted(folder.glob("*.ipynb")) if has_parameters_cell(nb)]


def notebook_to_html(executed: Path, html: Path) -> None:
    """Write ``executed`` as standalone HTML: outputs only, images embedded, no injected parameters."""
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"injected-parameters"}), enabled=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    html.write_text(body, encoding="utf-8")


def render_reports(
    corpus: str | Path | None = None,
    out: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
) -> Path:
    """Execute every report notebook on ``corpus`` and write HTML into ``out``; returns ``out``."""
    corpus_path = project_path(corpus, RAW_DATA_DIR)
    out_dir = project_path(out, REPORTS_DIR / corpus_path.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    for notebook in report_notebooks():
        executed = out_dir / notebook.name
        papermill.execute_notebook(
            notebook,
            executed,
            parameters={"corpus_path": str(corpus_path), "output_dir": str(out_dir / notebook.stem), **(parameters or {})},
            cwd=str(NOTEBOOKS_DIR),
            progress_bar=False,
        )
        notebook_to_html(executed, executed.with_suffix(".html"))
    return out_dir
