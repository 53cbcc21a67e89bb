"""Every path the library uses, resolved from one place.

The project root is the folder that holds ``pyproject.toml`` above this package.
Set the environment variable ``ANALYSIS_PROJECT_ROOT`` to point the library at
another checkout (for example when the package is installed outside the repo).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"

PROJ_ROOT = Path(os.environ.get("ANALYSIS_PROJECT_ROOT", PACKAGE_DIR.parent)).resolve()

DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
INTERIM_DATA_DIR = DATA_DIR / "interim"
SOURCES_MANIFEST = DATA_DIR / "sources.csv"
ACTORS_FILE = DATA_DIR / "actors.yml"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"

#: Shared corpora for tests and benchmarks only; absent on a lone clone.
SHARED_DIR = PROJ_ROOT.parent / "shared"


def project_path(path: str | os.PathLike[str] | None, default: Path) -> Path:
    """``path`` as an absolute path, relative ones read from the project root; ``default`` when empty."""
    if path is None or str(path) == "":
        return default
    path = Path(path).expanduser()
    return path if path.is_absolute() else PROJ_ROOT / path
