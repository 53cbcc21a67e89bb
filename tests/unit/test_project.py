"""The project's own files agree with each other."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

import analysis
from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    pip_names |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    environment = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    conda_names = {_name(d) for d in conda} - {"python", "pip"}
    assert conda_names == pip_names
    assert {"pip": ["-e ."]} in environment["dependencies"]


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        for cell in json.loads(notebook.read_text())["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, notebook.name


def test_ci_runs_the_readme_test_command():
    readme = (PROJ_ROOT / "README.md").read_text()
    ci = (PROJ_ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make reports" in readme
    assert ci.strip().splitlines()[-1] == "make test"


def test_computation_never_imports_matplotlib():
    code = ("import sys, analysis; analysis.score_sentences; analysis.analyze; analysis.term_frequencies; "
            "import analysis.schema, analysis.overview; assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_layers_import_only_from_layers_above():
    presentation = ("analysis.viz", "analysis.reports")
    for module in (PROJ_ROOT / "analysis").glob("*.py"):
        if module.name == "__main__.py":  # the command line sits on top of every layer
            continue
        imports = re.findall(r"^\s*(?:from|import) (analysis\.\w+)", module.read_text(), flags=re.M)
        assert not [i for i in imports if i.startswith(presentation)], f"{module.name} imports presentation code"
    for module in (PROJ_ROOT / "analysis" / "viz").glob("*.py"):
        assert "analysis.reports" not in module.read_text(), f"viz/{module.name} imports the reports layer"


def test_old_names_warn_and_point_to_the_new_place():
    with pytest.warns(DeprecationWarning, match=r"analysis.viz.mean_by_source_caption"):
        from analysis import caption_mean_by_source
    from analysis.viz import mean_by_source_caption

    assert caption_mean_by_source is mean_by_source_caption


def test_every_declared_column_has_a_meaning_and_every_table_documents_it():
    from analysis import schema

    for name, table in schema.TABLES.items():
        assert all(column in schema.FIELDS for column in table.columns), name
        assert schema.empty(name).columns.tolist() == [c for c in table.columns if c != schema.GROUP], name
    documented = analysis.find_mentions.__doc__
    assert "``matched_text`` (string): the alias as written" in documented
