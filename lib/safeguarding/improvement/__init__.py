"""Improvement-plan tracker section: BRAG / completion status, deadlines, measures, changes.

``from safeguarding import improvement as ip`` gives the whole public API:

* ``statuses`` - the two status scales and their synonyms (``status_scheme``);
* ``plan`` - pure-pandas derived fields, counts, dashboards, lists, measures, changes;
* ``rating`` - the local RAG / direction-of-travel rules used for measures;
* ``charts`` - matplotlib figures; ``html`` - HTML table fragments for the notebook.

See docs/improvement-plan.md.
"""
from .html import (actions_html, attention_html, changes_html, dashboard_html, due_vs_completed_html,
                   measures_html, overdue_html, plan_dashboard_html, revisions_html,
                   status_counts_html)
from .plan import *  # noqa: F401,F403
from .plan import __all__ as _plan_all
from .statuses import StatusScheme, infer_scale, make_scheme, status_scheme

__all__ = list(_plan_all) + [
    "plan_status_chart", "overall_status_chart", "status_counts_html", "dashboard_html",
    "due_vs_completed_html", "plan_dashboard_html",
    "overdue_html", "revisions_html", "attention_html", "actions_html", "measures_html", "changes_html",
    "StatusScheme", "status_scheme", "make_scheme", "infer_scale",
]

_CHARTS = ("overall_status_chart", "plan_status_chart")


def __getattr__(name: str):
    # The charts (matplotlib, ~0.7 s to import) load on first use: the data-quality rules import
    # ``statuses`` from this package in the runner's process, which draws no chart.
    if name in _CHARTS:
        from . import charts
        return getattr(charts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
