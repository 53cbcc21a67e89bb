"""A page per outlet: everything the reports say about one outlet, on one page a reader can open from the index.

:func:`outlet_pages` turns the report tables (sentiment, pairwise differences,
terms, mentions, actor tone, quotations, warnings) into one self-contained HTML
page per outlet: what its texts are (articles, dates, words, languages, text
types), the warnings a reader needs before comparing it (lead paragraphs,
off-topic flags…), its tone and which outlets it differs from (ties named as
ties), its top and distinctive terms, the actors it names and in what tone, and
whom it quotes. Charts are embedded, tables are those of
:func:`analysis.reports.tables.html_table` (searchable, with their CSV).
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.core.schema import MISSING_SOURCE
from analysis.reports.tables import html_table
from analysis.viz.style import save_chart, write_csv
from analysis.viz.terms import plot_distinctive_terms, plot_top_terms

_SLUG = re.compile(r"[^a-z0-9]+")
_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 64rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; overflow-wrap: break-word; }
h1 { overflow-wrap: anywhere; }
h1 { margin-bottom: 0.2rem; } .meta { color: #555; margin-top: 0; } img { max-width: 100%; height: auto; }
.warning { background: #fff4e5; border-left: 4px solid #e69f00; padding: 0.4rem 0.8rem; margin: 0.4rem 0; }
.caption { font-style: italic; color: #333; } nav a { margin-right: 0.8rem; }
"""


def slug(name: str) -> str:
    """A file name for an outlet: lower-case letters and digits joined by hyphens (``ABC News`` → ``abc-news``)."""
    return _SLUG.sub("-", name.lower()).strip("-") or "outlet"


@dataclass
class OutletTables:
    """The report tables an outlet page reads (each grouped by ``source``; any may be empty).

    ``articles`` (the analysed articles), ``by_source`` (:func:`analysis.sentiment_by_source`),
    ``pairwise`` (:func:`analysis.measures.differences.tone_differences`), ``top_terms``
    and ``distinctive`` (shown terms, self-references left out), ``counts``
    (:func:`analysis.mention_counts`), ``actor_tone`` (:func:`analysis.actor_sentiment`),
    ``quotes`` (:func:`analysis.quote_counts` by actor), ``warnings``
    (:func:`analysis.measures.overview.outlet_warnings`), ``labels`` (actor → label).
    """

    articles: pd.DataFrame
    by_source: pd.DataFrame
    pairwise: pd.DataFrame
    top_terms: pd.DataFrame
    distinctive: pd.DataFrame
    counts: pd.DataFrame
    actor_tone: pd.DataFrame
    quotes: pd.DataFrame
    warnings: pd.DataFrame
    labels: Mapping[str, str] = field(default_factory=dict)


def _figure(fig: plt.Figure | list[plt.Figure], data: pd.DataFrame, out: Path, name: str, alt: str) -> str:
    """``fig`` saved with its data beside the page (``name``.png, .svg, .csv: :func:`analysis.viz.save_chart`) and
    embedded in it, so the page reads offline on its own."""
    paths = save_chart(fig, data, out, name)
    for figure in fig if isinstance(fig, list) else [fig]:
        plt.close(figure)
    encoded = base64.b64encode(paths["png"].read_bytes()).decode()
    return (f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}">'
            f'<p class="caption">Data: <a href="{html.escape(paths["csv"].name)}" download>{html.escape(paths["csv"].name)}</a>.</p>')


def _signed(x: float) -> str:
    return f"{x:+.3f}".replace("-", "\u2212")


def _counts(values: pd.Series) -> str:
    counted = values.astype("string").fillna("not recorded").value_counts()
    return ", ".join(f"{html.escape(str(v))} ({n:,})" for v, n in counted.items()) or "–"


def _about(source: str, mine: pd.DataFrame) -> str:
    dates = mine["published"].dropna()
    span = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dated article"
    rows = [f"{len(mine):,} articles, published {span}; median {mine['n_words'].median():,.0f} words per article."]
    if "language" in mine.columns:
        rows.append(f"Languages: {_counts(mine['language'])}.")
    kinds = [c for c in mine.columns if re.search(r"type|kind", c, re.IGNORECASE) and c not in ("dtype",)
             and not pd.api.types.is_numeric_dtype(mine[c])]
    rows += [f"{html.escape(c)}: {_counts(mine[c])}." for c in kinds]
    return "<h2>Its texts</h2><p>" + " ".join(rows) + "</p>"


def _warnings(warnings: pd.DataFrame) -> str:
    if warnings.empty:
        return "<h2>Warnings</h2><p>No warning: its texts look like whole articles in English, and none is flagged.</p>"
    items = "".join(f'<p class="warning">{html.escape(str(d))}.</p>' for d in warnings["detail"])
    return "<h2>Warnings</h2>" + items


def _tone(source: str, tables: OutletTables, csv: str) -> str:
    row = tables.by_source.loc[tables.by_source["source"] == source]
    if row.empty:
        return "<h2>Tone</h2><p>No scored sentence.</p>"
    r = row.iloc[0]
    interval = f" [{_signed(r.ci_low)}, {_signed(r.ci_high)}]" if pd.notna(r.ci_low) else " (no interval: one article)"
    text = (f"<h2>Tone</h2><p>Mean VADER compound score of its sentences {_signed(r.mean_compound)}{interval}, over "
            f"{int(r.n_articles):,} articles and {int(r.n_sentences):,} sentences; {r.share_negative:.0%} of its sentences "
            f"negative, {r.share_positive:.0%} positive.</p>")
    pairs = tables.pairwise.loc[(tables.pairwise["group_a"] == source) | (tables.pairwise["group_b"] == source)]
    if pairs.empty:
        return text + "<p>It is compared with no other outlet (too few articles on one side).</p>"
    mine = pairs["group_a"] == source
    table = pd.DataFrame({
        "source": pairs["group_b"].where(mine, pairs["group_a"]),
        "mean_compound": pairs["mean_b"].where(mine, pairs["mean_a"]),
        "difference": pairs["difference"].where(mine, -pairs["difference"]),
        "ci_low": pairs["ci_low"].where(mine, -pairs["ci_high"]),
        "ci_high": pairs["ci_high"].where(mine, -pairs["ci_low"]),
        "p_holm": pairs["p_holm"],
        "verdict": pairs["differs"].map({True: "differs", False: "tie"}),
    }).sort_values("difference", ascending=False)
    n_differ = int(pairs["differs"].sum())
    text += (f'<p class="caption">Against each other outlet: its mean minus theirs, with a 95% interval from resampled '
             f"articles and a p-value adjusted (Holm) for all the pairs of the sentiment report. It differs from "
             f"{n_differ} of {len(pairs)} outlets; with the others it is a tie, whichever mean is higher.</p>")
    labels = {"source": "Other outlet", "mean_compound": "Their mean", "difference": "This outlet minus them",
              "p_holm": "p adjusted (Holm)", "verdict": "Verdict"}
    return text + html_table(table, name=f"tone-{slug(source)}", labels=labels, csv=csv).data


def _terms(source: str, tables: OutletTables, colors: Mapping[str, str], out: Path) -> str:
    parts = ["<h2>Terms</h2>"]
    for table, plot, what, name in ((tables.top_terms, plot_top_terms, "Most frequent terms", "top-terms"),
                                    (tables.distinctive, plot_distinctive_terms,
                                     "Distinctive terms (against all the others)", "distinctive-terms")):
        mine = table.loc[table["source"] == source] if len(table) else table
        if mine.empty:
            parts.append(f"<p>{what}: none.</p>")
            continue
        figures = plot(mine, colors, top=int(mine.groupby("source").size().max()))
        parts.append(_figure(figures, mine, out, f"{slug(source)}-{name}", f"{what} of {source}"))
    parts.append('<p class="caption">As in the terms report: per 10,000 words; self-references (the outlet naming '
                 "itself, its address, credit lines) and honorifics left out.</p>")
    return "".join(parts)


def _actors(source: str, tables: OutletTables, csv: str) -> str:
    counts = tables.counts.loc[(tables.counts["source"] == source) & (tables.counts["n_mentions"] > 0)]
    if counts.empty:
        return "<h2>Actors</h2><p>It names no listed actor.</p>"
    toward = "mean_tone" in tables.actor_tone.columns  # the tone toward the actor, when the table has it
    scores = ["mean_tone", "tone_ci_low", "tone_ci_high"] if toward else ["mean_compound", "ci_low", "ci_high"]
    tone = tables.actor_tone.loc[tables.actor_tone["source"] == source, ["actor", *scores]]
    table = counts.merge(tone, on="actor", how="left").sort_values("n_mentions", ascending=False)
    table = table.assign(actor=table["actor"].map(lambda a: tables.labels.get(a, a)))
    columns = ["actor", "n_mentions", "mentions_per_1000_words", "share_of_mentions", "share_of_articles", *scores]
    what = "the tone toward each (analysis.tone_toward)" if toward else "the tone (mean VADER compound) of the sentences naming each"
    labels = {"mentions_per_1000_words": "Per 1,000 words", "share_of_articles": "Articles naming it", scores[0]: "Tone",
              scores[1]: "Interval from", scores[2]: "Interval to"}
    return (f"<h2>Actors</h2><p class=\"caption\">Every listed actor it names, most mentions first, with {what} in the "
            "sentences naming it and its 95% interval over articles.</p>"
            + html_table(table, name=f"actors-{slug(source)}", columns=columns, labels=labels, csv=csv).data)


def _quotes(source: str, tables: OutletTables, csv: str) -> str:
    quotes = tables.quotes.loc[tables.quotes["source"] == source] if len(tables.quotes) else tables.quotes
    if quotes.empty:
        return "<h2>Quotations</h2><p>No quotation was found in its articles.</p>"
    table = quotes.sort_values("n_quoted_words", ascending=False)
    table = table.assign(actor=table["actor"].map(lambda a: tables.labels.get(a, a) if pd.notna(a) else a))
    columns = ["actor", "n_quotes", "n_quoted_words", "share_of_quoted_words", "n_articles"]
    return ("<h2>Quotations</h2><p class=\"caption\">Whom it quotes: quotations and quoted words per speaker (unlisted or "
            "unidentified speakers form one row), as in the quotation report.</p>"
            + html_table(table, name=f"quotes-{slug(source)}", columns=columns, labels={"actor": "Speaker"}, csv=csv).data)


def outlet_page(source: str, tables: OutletTables, colors: Mapping[str, str], *, out: Path, index: str) -> str:
    """The HTML page of ``source``; its tables' CSVs are written into ``out`` (``<slug>-tone.csv``…)."""
    mine = tables.articles.loc[tables.articles["source"].astype("string").fillna(MISSING_SOURCE) == source]
    key = slug(source)
    csvs = {}
    for name, frame in (("tone", tables.pairwise.loc[(tables.pairwise["group_a"] == source)
                                                     | (tables.pairwise["group_b"] == source)]),
                        ("actors", tables.counts.loc[tables.counts["source"] == source]),
                        ("quotes", tables.quotes.loc[tables.quotes["source"] == source] if len(tables.quotes)
                         else tables.quotes)):
        write_csv(frame, out / f"{key}-{name}.csv")
        csvs[name] = f"{key}-{name}.csv"
    warnings = tables.warnings.loc[tables.warnings["source"] == source]
    body = (f"<nav><a href=\"{html.escape(index)}\">← all reports</a></nav><h1>{html.escape(source)}</h1>"
            f'<p class="meta">One outlet of the corpus, as every report of this run sees it.</p>'
            + _about(source, mine) + _warnings(warnings) + _tone(source, tables, csvs["tone"])
            + _terms(source, tables, colors, out) + _actors(source, tables, csvs["actors"])
            + _quotes(source, tables, csvs["quotes"]))
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(source)}</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def outlet_pages(tables: OutletTables, colors: Mapping[str, str], out: str | Path, *,
                 index: str = "../index.html") -> pd.DataFrame:
    """Write one page per outlet of ``tables.articles`` into ``out`` (``<slug>.html``); return the summary table.

    Columns of the summary: ``source``, ``page`` (the file name), ``n_articles``,
    ``mean_compound``, ``n_differs`` (outlets it differs from in tone), ``n_warnings``.
    ``index`` is the address of the run's index from a page.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    sources = tables.articles["source"].astype("string").fillna(MISSING_SOURCE).value_counts()
    rows = []
    for source in sources.index:
        page = f"{slug(source)}.html"
        (folder / page).write_text(outlet_page(source, tables, colors, out=folder, index=index), encoding="utf-8")
        tone = tables.by_source.loc[tables.by_source["source"] == source, "mean_compound"]
        pairs = tables.pairwise.loc[(tables.pairwise["group_a"] == source) | (tables.pairwise["group_b"] == source)]
        rows.append((source, page, int(sources[source]), float(tone.iloc[0]) if len(tone) else float("nan"),
                     int(pairs["differs"].sum()), int((tables.warnings["source"] == source).sum())))
    return pd.DataFrame(rows, columns=["source", "page", "n_articles", "mean_compound", "n_differs", "n_warnings"])
