"""The explore notebook's library: counts picked by source, actor and term, and widgets that redraw."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import papermill  # noqa: E402
import pytest  # noqa: E402

from analysis.core.config import NOTEBOOKS_DIR  # noqa: E402
from analysis.reports.explore import Explorer, explore_tables, pick  # noqa: E402
from analysis.reports.render import has_parameters_cell  # noqa: E402


@pytest.fixture(scope="module")
def tables():
    articles = pd.DataFrame({
        "doc_id": ["a1", "b1"],
        "source": ["A", "B"],
        "text": ["Trump met Putin. Trump spoke about sanctions and sanctions.", "Putin rejected the sanctions."],
        "n_words": [9, 4],
    })
    return explore_tables(articles)


def test_tables_offer_what_the_corpus_has(tables):
    assert tables.sources == ["A", "B"]
    assert tables.actors == ["Donald Trump", "Vladimir Putin"]  # 2 mentions each; ties by name
    assert tables.labels["Donald Trump"] == "Trump"
    assert tables.top_terms == ["sanctions", "putin", "trump"]  # seen twice or more ("met" once)


def test_pick_selects_rows_and_fills_unused_terms_with_zero(tables):
    mentions, terms = pick(tables, sources=["A", "B"], actors=["Donald Trump"], terms=["sanctions", "trump"])
    rates = mentions.set_index("source")["mentions_per_1000_words"]
    assert set(mentions["actor"]) == {"Donald Trump"}
    assert rates["A"] == pytest.approx(2 / 9 * 1000) and rates["B"] == 0
    per_10k = terms.set_index(["source", "term"])["per_10k"]
    # words after stopwords: A has trump met putin trump spoke sanctions sanctions (7), B putin rejected sanctions (3)
    assert per_10k[("A", "sanctions")] == pytest.approx(2 / 7 * 10_000)
    assert per_10k[("B", "sanctions")] == pytest.approx(1 / 3 * 10_000)
    assert per_10k[("B", "trump")] == 0
    assert terms.set_index(["source", "term"])["group_docs"].tolist() == [1, 1, 1, 1]


def test_pick_of_one_source(tables):
    mentions, terms = pick(tables, sources=["B"], actors=tables.actors, terms=["putin"])
    assert set(mentions["source"]) == {"B"} and set(terms["source"]) == {"B"}
    assert mentions.set_index("actor")["n_mentions"].to_dict() == {"Donald Trump": 0, "Vladimir Putin": 1}


def test_the_charts_follow_the_picks(tables):
    explorer = Explorer(tables, n_actors=2, n_terms=3)
    mentions_chart, terms_chart = explorer.figures  # one panel per actor, one per source
    assert [ax.get_title(loc="left").split(" (")[0] for ax in mentions_chart.axes] == ["Trump", "Putin"]
    assert [ax.get_title(loc="left") for ax in terms_chart.axes if ax.get_visible()] == ["A (n=1)", "B (n=1)"]

    explorer.sources.value = ("B",)
    assert [ax.get_title(loc="left") for ax in explorer.figures[1].axes if ax.get_visible()] == ["B (n=1)"]
    assert [t.get_text() for t in explorer.figures[0].axes[0].get_yticklabels()] == ["B (articles=1)"]

    explorer.actors.value = ("Donald Trump",)
    assert [ax.get_title(loc="left").split(" (")[0] for ax in explorer.figures[0].axes] == ["Trump"]
    explorer.terms.value = ("sanctions",)
    assert [t.get_text() for t in explorer.figures[1].axes[0].get_yticklabels()] == ["sanctions"]


def test_explore_notebook_runs_headless_and_is_not_a_batch_report(tmp_path):
    notebook = NOTEBOOKS_DIR / "explore.ipynb"
    assert not has_parameters_cell(notebook)  # interactive only: render leaves it out
    executed = papermill.execute_notebook(notebook, tmp_path / "explore.ipynb", cwd=str(NOTEBOOKS_DIR),
                                          progress_bar=False, execution_timeout=600)
    models = executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"].values()
    images = [m for m in models if m["model_name"] == "ImageModel"]
    assert len(images) == 2  # both charts drawn into their image widgets, as PNG
    assert all(b["data"].startswith("iVBORw0KGgo") for m in images for b in m["buffers"] if b["path"] == ["value"])


def test_the_explorer_offers_terms_by_the_reports_rules():
    """No news reporting words ("said", "would", "also"), acronyms as written ("US" apart from the pronoun "us"),
    and only English articles, as in the terms report."""
    articles = pd.DataFrame({
        "doc_id": ["a1", "a2", "d1"],
        "source": ["A", "A", "D"],
        "language": ["en", "en", "de"],
        "text": ["The U.S. said sanctions would also hit us. Officials said the US would also act on sanctions.",
                 "The US said it would also send aid. They told us the sanctions said little.",
                 "Die Regierung sagte, die Sanktionen würden die Wirtschaft treffen. Die Sanktionen die die die."],
        "n_words": [18, 16, 14],
    })
    tables = explore_tables(articles, min_count=2)
    counts = tables.terms.set_index("term")["count"]
    assert (counts["US"], counts["us"]) == (3, 2)  # U.S. and US together; the pronoun apart
    assert tables.top_terms[:2] == ["US", "sanctions"]
    assert not {"said", "would", "also", "told", "die", "sanktionen"} & set(tables.top_terms)
    assert tables.sources == ["A"]


def test_explorer_images_keep_the_charts_natural_width(tables):
    explorer = Explorer(tables, n_actors=2, n_terms=3)
    for image, figure in zip(explorer.images, explorer.figures, strict=True):
        assert image.layout.width == f"{round(figure.get_figwidth() * figure.dpi)}px"
        assert image.layout.max_width == "100%" and image.layout.height == "auto"
