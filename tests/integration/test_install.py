"""The package as a user installs it: a built wheel, used from an empty folder outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core.config import NOTEBOOKS_DIR, PROJ_ROOT, RAW_DATA_DIR

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a process that sees the wheel's copy of ``analysis`` first, from an empty folder."""
    root = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(root / "dist"), str(PROJ_ROOT)], check=True, capture_output=True)
    wheel = next((root / "dist").glob("analysis-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(root / "site"), str(wheel)],
                   check=True, capture_output=True)
    (root / "work").mkdir()
    (root / "home").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ANALYSIS_PROJECT_ROOT", "XDG_CACHE_HOME")}
    env.update(PYTHONPATH=str(root / "site"), HOME=str(root / "home"))
    return {"root": str(root), "cwd": str(root / "work"), **env}


def _run(installed: dict[str, str], code: str) -> dict:
    env = {k: v for k, v in installed.items() if k not in ("root", "cwd")}
    done = subprocess.run([sys.executable, "-c", code], cwd=installed["cwd"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_wheel_works_from_an_empty_folder(installed):
    facts = _run(installed, f"""
import json, sys, analysis
from analysis.core import config
articles = analysis.load_corpus({str(RAW_DATA_DIR)!r}, progress=False)
mentions = analysis.find_mentions(articles, progress=False)
result = analysis.analyze(articles, progress=False)
print(json.dumps({{"package": analysis.__file__, "version": analysis.__version__, "articles": len(articles),
                   "mentions": len(mentions), "sentences": len(result.sentences), "cache": str(config.CACHE_DIR),
                   "actors": str(analysis.measures.actors.resource_path(analysis.measures.actors.ACTORS_FILE))}}))
""")
    site = Path(installed["root"]) / "site"
    assert Path(facts["package"]).is_relative_to(site)
    assert facts["version"] != "0+unknown"
    assert facts["articles"] == 5 and facts["mentions"] > 50 and facts["sentences"] > 100
    assert Path(facts["actors"]).is_relative_to(site / "analysis" / "resources")
    assert Path(facts["cache"]).is_relative_to(Path(installed["root"]) / "home" / ".cache")
    assert list((Path(installed["root"]) / "home" / ".cache").rglob("*.parquet")), "the default cache was not used"
    assert not list(site.rglob("*.parquet")), "nothing may be written into the installed package"


def test_render_works_with_notebooks_kept_elsewhere(installed, tmp_path):
    notebooks = tmp_path / "my_notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "corpus_overview.ipynb", notebooks)
    env = {k: v for k, v in installed.items() if k not in ("root", "cwd")}
    done = subprocess.run([sys.executable, "-m", "analysis", "render", "--corpus", str(RAW_DATA_DIR),
                           "--out", str(tmp_path / "out"), "--notebooks", str(notebooks), "--no-progress"],
                          cwd=installed["cwd"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "corpus_overview.html").is_file()
    assert (tmp_path / "out" / "corpus_overview" / "articles_by_source.png").is_file()
