"""Reports: batch rendering of the report notebooks, their index page, and helpers for notebooks.

:func:`render_reports` is what ``python -m analysis render`` runs; :func:`open_report`,
:func:`caption` and :func:`note` are what a report notebook calls, and
:mod:`analysis.reports.tables` formats its tables. :mod:`analysis.reports.audit`
checks a rendered run. The interactive explorer is in :mod:`analysis.reports.explore`
(it needs ipywidgets).
"""

from analysis.reports.notebook import Report, caption, escape_markdown, note, open_report
from analysis.reports.render import RenderResult, render_reports

__all__ = ["Report", "RenderResult", "caption", "escape_markdown", "note", "open_report", "render_reports"]
