"""The project's own files agree with each other."""

from __future__ import annotations

import json
import re
import tomllib

import yaml

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
