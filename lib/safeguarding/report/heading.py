"""The report's title and date, from the params' templates and the period's type.

``report.title_template`` (placeholders ``params.HEADING_FIELDS``) is filled with the words for
the period's type (``report.period_type_titles``: monthly, quarterly, six-monthly, annual or
other), so a quarterly run is headed "Quarterly Report" without editing params. ``report.date``
chooses the date printed on the report: the day it is rendered, the data extract date, or a
fixed ISO date; a fixed ``report.title`` still wins over the template.
"""
from __future__ import annotations

import datetime as dt

from ..params import Params, ParamsError
from ..periods import Period


def report_title(params: Params, period: Period) -> str:
    report = params.report
    if report.title:
        return report.title
    return report.title_template.format(
        council=params.council.name, period_type_title=report.period_type_titles[period.period_type],
        period_title=period.title, period_label=period.label)


def report_date(params: Params, period: Period, extract_date: str | None, today: dt.date | None = None) -> str:
    """ISO date shown as the report date. A fixed date before the period ends is refused: the
    report would be dated before the figures it reports existed."""
    choice = params.report.date
    if choice == "rendered":
        return (today or dt.date.today()).isoformat()
    if choice == "extract":
        if not extract_date:
            raise ParamsError("'report.date' is extract, but the data have no extract date "
                              "(add extract_date to the inputs' manifest.yaml, or set a date)")
        return str(extract_date)[:10]
    if dt.date.fromisoformat(choice) <= period.end.date():
        raise ParamsError(f"'report.date' {choice} is not after the period's end ({period.end.date()}); "
                          "use rendered, extract or a later date")
    return choice


def cover(params: Params, period: Period) -> dict | None:
    """The cover report's content (``params.cover``) ready for the templates, or None when the
    council's democratic-services system supplies the cover. Placeholders are filled; a field
    still holding its bracketed draft is flagged so the page shows it as a draft."""
    from ..params import COVER_DRAFT, Cover
    from ..periods import uk_date

    c = params.cover
    if not c.show:
        return None

    def text(value: str) -> dict:
        filled = value.format(council=params.council.name, period_title=period.title)
        return {"text": filled, "draft": bool(COVER_DRAFT.match(filled.strip()))}

    return {
        "facts": [("Item", text(c.item_number)), ("Meeting date", text(uk_date(c.meeting_date) or "[Meeting date]")),
                  ("Wards", text(c.wards))],
        "officers": [("Contributors", text(c.contributors)), ("Report author", text(params.report.author_role)),
                     ("Contact officer", text(c.contact_officer))],
        "sections": [{"heading": heading, "key": name, "numbered": name == "recommendations",
                      "listed": name == "background_papers",
                      "paragraphs": [text(p) for p in getattr(c, name)]} for heading, name in Cover.SECTIONS],
    }
