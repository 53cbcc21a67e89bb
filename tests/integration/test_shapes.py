"""The shape matrix: every report notebook runs on every corpus shape a researcher brings (tests/shapes.py), and a
real render of the shapes that failed before reads, in the HTML, why a section is absent.

Three shapes are rendered for real by ``python -m analysis render`` and read; the others run every notebook in this
process (as papermill would run their cells, without a kernel each), so that the whole matrix stays within the suite's
time. The 100,000-article shape is rendered by ``benchmarks/render_shapes.py``, not here.
"""

from __future__ import annotations

import html
import re
import warnings

import pytest

from analysis.__main__ import main
from analysis.reports.render import report_notebooks
from tests.shapes import SHAPES, run_notebook

NOTEBOOKS = report_notebooks()


def _text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


#: shape -> report -> sentences its HTML must show
SAYS = {
    "no_manifest": {"corpus_overview": ["No manifest (sources.csv) was found", "5 of 5 articles name no outlet"],
                    "terms_by_source": ["there is nothing to compare"]},
    "one_outlet": {"terms_by_source": ["these articles come from one source, The Daily Record: there is nothing to compare"]},
    "mixed_languages": {"corpus_overview": ["7 of 16 articles are in English"],
                        "sentiment_by_source": ["9 of 16 articles are not in English (4 de, 4 ru, 1 fr",
                                                "left out of the tone scores (VADER)"],
                        "who_is_quoted": ["left out of the quotations and their tone"]},
}


#: The other shapes (but the 100,000 articles), run in this process: every report notebook on each.
IN_PROCESS = [name for name in SHAPES if name not in SAYS and name != "short_articles"]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes")
    return root, {name: SHAPES[name](root / name) for name in [*IN_PROCESS, *SAYS]}


@pytest.mark.parametrize("shape", IN_PROCESS)
def test_every_report_runs_on_the_shape(corpora, shape):
    root, paths = corpora
    for notebook in NOTEBOOKS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run_notebook(notebook, {"corpus_path": str(paths[shape]), "cache_dir": str(root / "cache"),
                                    "output_dir": str(root / "out" / shape / notebook.stem)})


@pytest.mark.parametrize("shape", SAYS)
def test_a_rendered_shape_says_why_a_section_is_absent(corpora, shape, tmp_path, capsys):
    root, paths = corpora
    out = tmp_path / shape
    status = main(["render", "--corpus", str(paths[shape]), "--out", str(out), "--cache", str(root / "cache"),
                   "--no-progress"])
    assert status == 0, capsys.readouterr()
    for report, sentences in SAYS[shape].items():
        page = _text((out / f"{report}.html").read_text(encoding="utf-8"))
        for sentence in sentences:
            assert sentence in page, (report, sentence)
    if shape == "one_outlet":  # what one outlet allows: its frequent terms and collocations
        assert (out / "terms_by_source" / "top_terms_by_source.png").is_file()
        assert (out / "terms_by_source" / "collocations.csv").is_file()


@pytest.mark.slow
def test_every_article_of_the_english_sample_is_detected_as_english(war_news_sample):
    """Real text, not tuned on: the 2,000-article sample of the shared corpus is English throughout (all 13,028
    articles are detected as English too; language detection costs about 0.6 ms of CPU per article)."""
    languages = war_news_sample.articles["language"]
    assert len(languages) > 1900 and languages.eq("en").all(), languages.value_counts().to_dict()
