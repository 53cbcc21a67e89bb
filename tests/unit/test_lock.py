"""Versions are locked: both README commands and CI install uv.lock's exact versions, environment.yml is pinned to
it, and every run records the lock it was computed with."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from analysis.core.config import PROJ_ROOT
from analysis.reports.render import lock_record


def _locked() -> dict[str, set[str]]:
    versions: dict[str, set[str]] = {}
    for package in tomllib.loads((PROJ_ROOT / "uv.lock").read_text())["package"]:
        versions.setdefault(re.sub(r"[-_.]+", "-", package["name"]).lower(), set()).add(package.get("version"))
    return versions


def test_make_installs_the_lock_for_both_commands_and_ci():
    makefile = (PROJ_ROOT / "Makefile").read_text()
    assert re.search(r"^\$\(INSTALLED\): uv\.lock pyproject\.toml", makefile, re.M)
    assert "$(UV) sync --locked --extra test" in makefile
    assert re.search(r"^reports: setup\b", makefile, re.M) and re.search(r"^test: setup\b", makefile, re.M)
    assert re.search(r"^lock:.*\n\t\$\(UV\) lock", makefile, re.M)
    assert (PROJ_ROOT / ".ci" / "run").read_text().strip().endswith("make test")


def test_the_lock_holds_every_dependency_of_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + [r for extra in project["optional-dependencies"].values() for r in extra]
    names = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0]).lower() for r in requirements}
    assert names - set(_locked()) == set()


def test_environment_yml_is_pinned_to_the_lock():
    locked = _locked()
    environment = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    pinned = [d for d in environment["dependencies"] if isinstance(d, str) and not d.startswith(("python", "pip"))]
    assert pinned
    for dependency in pinned:
        name, _, version = dependency.partition("==")
        assert version in locked[re.sub(r"[-_.]+", "-", name).lower()], dependency


def test_lock_environment_refuses_a_package_the_lock_lacks(tmp_path):
    (tmp_path / "scripts").mkdir()
    script = (PROJ_ROOT / "scripts" / "lock_environment.py").read_text()
    (tmp_path / "scripts" / "lock_environment.py").write_text(script)
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "pandas"\nversion = "3.1.1"\n')
    (tmp_path / "environment.yml").write_text("channels:\n  - conda-forge\ndependencies:\n  - python>=3.11\n"
                                              "  - pandas>=2.2\n  - notinthelock>=1.0\n")
    done = subprocess.run([sys.executable, "scripts/lock_environment.py"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "['notinthelock']" in done.stderr and "make lock" in done.stderr
    (tmp_path / "environment.yml").write_text("channels:\n  - conda-forge\ndependencies:\n  - python>=3.11\n  - pandas>=2.2\n")
    subprocess.run([sys.executable, "scripts/lock_environment.py"], cwd=tmp_path, check=True, capture_output=True)
    assert (tmp_path / "environment.yml").read_text().endswith("  - python>=3.11\n  - pandas==3.1.1\n")


def test_lock_record_names_the_lock_and_what_differs(tmp_path):
    record = lock_record()
    assert record["file"].endswith("uv.lock") and len(record["sha256"]) == 64
    fake = tmp_path / "uv.lock"
    fake.write_text('[[package]]\nname = "PyYAML"\nversion = "0.0.1"\n')
    assert lock_record(fake)["differs"]["pyyaml"]["locked"] == "0.0.1"
    assert lock_record(tmp_path / "absent.lock") == {"file": None, "sha256": None, "differs": {}}
