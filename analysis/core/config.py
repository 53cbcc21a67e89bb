"""Every path the library uses, resolved from one place.

The *project* is the folder whose ``data/``, ``notebooks/`` and ``reports/`` the
library reads and writes. It is, in order (as cookiecutter-data-science finds it):

1. the folder named by the environment variable ``ANALYSIS_PROJECT_ROOT``;
2. the checkout this package is installed from in editable mode (a folder with
   ``pyproject.toml`` and ``notebooks/`` above the package);
3. the current working folder.

Shipped defaults (the actor list, word lists, framing markers) are package data
in ``analysis/resources``; a file of the same name in the project's ``data/``
folder overrides the shipped one (:func:`resource_path`). The cache of
intermediate tables is ``data/interim/cache`` inside a project found by 1 or 2,
else a per-user cache folder: never inside the installed package.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
ROOT_VARIABLE = "ANALYSIS_PROJECT_ROOT"


def _checkout_root() -> Path | None:
    """The source checkout holding this package, when it is used from one (an editable install)."""
    parent = PACKAGE_DIR.parent
    return parent if (parent / "pyproject.toml").is_file() and (parent / "notebooks").is_dir() else None


def find_project_root() -> tuple[Path, bool]:
    """The project folder, and whether it was found (variable or checkout) rather than assumed (the working folder)."""
    named = os.environ.get(ROOT_VARIABLE)
    if named:
        return Path(named).expanduser().resolve(), True
    checkout = _checkout_root()
    if checkout is not None:
        return checkout, True
    return Path.cwd().resolve(), False


def _user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "news-coverage-analysis"


PROJ_ROOT, _IS_PROJECT = find_project_root()

DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
INTERIM_DATA_DIR = DATA_DIR / "interim"
SOURCES_MANIFEST = DATA_DIR / "sources.csv"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
#: Where :func:`analysis.analyze` and the reports keep intermediate tables by default.
CACHE_DIR = INTERIM_DATA_DIR / "cache" if _IS_PROJECT else _user_cache_dir()

#: Shared corpora for tests and benchmarks only; absent on a lone clone.
SHARED_DIR = PROJ_ROOT.parent / "shared"


def resource_path(name: str) -> Path:
    """A shipped resource file by name: the project's ``data/<name>`` when it exists, else the package's copy."""
    override = DATA_DIR / name
    return override if override.is_file() else RESOURCES_DIR / name


def read_resource_lines(name: str) -> list[str]:
    """The non-empty, non-comment (``#``) lines of a shipped word list (see :func:`resource_path`)."""
    lines = resource_path(name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def user_path(path: str | os.PathLike[str] | None, default: Path) -> Path:
    """``path`` as an absolute path, a relative one read from the current folder (as every command does), with
    ``..`` steps taken (``/work/main/../shared`` is ``/work/shared``; symbolic links are kept as named);
    ``default`` (a project path) when ``path`` is empty."""
    if path is None or str(path) == "":
        return default
    return Path(os.path.normpath(Path(path).expanduser().absolute()))
