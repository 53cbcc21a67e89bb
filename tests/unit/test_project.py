"""The project's own files agree with each other."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

import analysis
from analysis.core.config import NOTEBOOKS_DIR, PROJ_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    pip_names |= {_name(r) for extra in project["optional-dependencies"].values() for r in extra}
    environment = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    conda_names = {_name(d) for d in conda} - {"python", "pip"}
    assert conda_names == pip_names - {"pip"}  # pip is in environment.yml already, where its `pip:` list needs it
    assert "pip" in conda
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


@pytest.mark.heavy
def test_computation_never_imports_matplotlib():
    code = ("import sys, analysis; analysis.score_sentences; analysis.analyze; analysis.term_frequencies; "
            "import analysis.core.schema, analysis.measures.overview; assert 'matplotlib' not in sys.modules, 'matplotlib imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


#: The subpackages in the order data flows through them; each may import only from those before it.
LAYERS = ("core", "text", "io", "measures", "engine", "viz", "reports")


def _imported_modules(path) -> set[str]:
    """Every ``analysis`` module a file imports, read from its syntax tree (``from analysis import x`` as ``analysis.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "analysis" or name.startswith("analysis.")}


def _layer(module: str) -> str | None:
    """The layer of ``analysis.<layer>.…``, None for the top level (``analysis`` itself, ``__main__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def import_graph() -> dict[str, set[str]]:
    """Each module file of the package (as a dotted name) and the ``analysis`` modules it imports."""
    package = PROJ_ROOT / "analysis"
    graph = {}
    for path in package.rglob("*.py"):
        dotted = ".".join(("analysis", *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")
        graph[dotted] = _imported_modules(path)
    return graph


def test_layers_import_only_from_layers_before_them():
    graph = import_graph()
    assert set(LAYERS) <= {_layer(module) for module in graph}, "a layer of LAYERS has no module"
    unlayered = sorted(m for m in graph if _layer(m) is None and m not in ("analysis", "analysis.__main__"))
    assert not unlayered, f"modules outside every layer: {unlayered}"
    wrong = []
    for module, imports in graph.items():
        here = _layer(module)
        if here is None:  # the top level and the command line sit on every layer
            continue
        for imported in imports:
            there = _layer(imported)
            if there is None or LAYERS.index(there) > LAYERS.index(here):
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "imports against the flow:\n" + "\n".join(sorted(wrong))


def test_the_layering_check_sees_every_form_of_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import analysis.viz.style\nfrom analysis import reports\nfrom analysis.engine.cache import ArticleCache\n"
                      "def f():\n    from analysis.reports.render import render_reports\n")
    assert _imported_modules(module) == {"analysis.viz.style", "analysis", "analysis.reports", "analysis.engine.cache",
                                         "analysis.engine.cache.ArticleCache", "analysis.reports.render",
                                         "analysis.reports.render.render_reports"}
    assert {_layer(m) for m in _imported_modules(module)} == {"viz", "reports", "engine", None}


def test_old_names_warn_and_point_to_the_new_place():
    with pytest.warns(DeprecationWarning, match=r"analysis.viz.mean_by_source_caption"):
        from analysis import caption_mean_by_source
    from analysis.viz import mean_by_source_caption

    assert caption_mean_by_source is mean_by_source_caption


@pytest.mark.heavy
def test_modules_moved_in_0_3_import_by_their_old_names_with_a_warning():
    code = ("import warnings; warnings.simplefilter('error')\n"
            "try:\n    from analysis.sentiment import sentiment_by_source\nexcept DeprecationWarning as w:\n    print(w)\n"
            "warnings.simplefilter('ignore')\n"
            "import analysis.corpus, analysis.io.load\nassert analysis.corpus.load_corpus is analysis.io.load.load_corpus\n"
            "from analysis.quotes import find_quotes\nfrom analysis.measures.quotes import find_quotes as new\nassert find_quotes is new\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "analysis.sentiment moved to analysis.measures.sentiment" in done.stdout


def test_every_declared_column_has_a_meaning_and_every_table_documents_it():
    from analysis.core import schema

    for name, table in schema.TABLES.items():
        assert all(column in schema.FIELDS for column in table.columns), name
        assert schema.empty(name).columns.tolist() == [c for c in table.columns if c != schema.GROUP], name
    documented = analysis.find_mentions.__doc__
    assert "``matched_text`` (string): the alias as written" in documented


def test_user_paths_start_at_the_current_folder_and_take_their_dot_dot_steps(tmp_path, monkeypatch):
    from analysis.core.config import user_path

    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert user_path("../shared/news.csv", PROJ_ROOT) == tmp_path / "shared" / "news.csv"  # as the index shows it
    assert user_path("news.csv", PROJ_ROOT) == tmp_path / "work" / "news.csv"
    assert user_path("", PROJ_ROOT) == PROJ_ROOT
