"""Fixtures of the integration tests: one render of every report on the seed corpus (used by test_render.py)."""

from __future__ import annotations

import pytest

from analysis.reports.render import render_reports


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """Every report rendered once on the seed corpus with its default parameters (a session's one seed render)."""
    out = tmp_path_factory.mktemp("reports") / "seed"
    return render_reports(out=out, progress=False, cache_dir=out.parent / "cache")
