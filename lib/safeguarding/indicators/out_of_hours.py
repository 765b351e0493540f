"""Out of hours: contacts handled by the emergency duty service, and what happened next.

The emergency duty service (EDS / EDT) covers the hours the day teams are closed - in the seed,
5pm to 9am on weekdays and all of weekends and bank holidays. There is no national collection;
the extract is local and project-defined (docs/input-formats.md, ``out_of_hours.csv``).

Counting rules:

* one row of ``out_of_hours`` is one contact handled by the service (about one child or family),
  dated by ``contact_date`` (the date it was received, even when handled after midnight);
* **passed to the day team** = ``passed_to_day_team == "Y"``: handed over to the front door / MASH
  or an allocated team for follow-up on the next working day; the % is over the contacts with a
  Y or N recorded (``U`` and blank left out);
* **police involved** = ``police_involved == "Y"``, over the contacts with Y or N;
* **when received** (``contact_timing``): a Saturday, Sunday or England and Wales bank holiday is
  "weekend or bank holiday"; on a working day, before 09:00 "weekday night", from 17:00
  "weekday evening", between them "weekday office hours" (handled by the service all the same),
  and no time recorded "weekday, time not recorded" (``OFFICE_OPENS`` and ``OFFICE_CLOSES``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..workdays import is_working_day
from .base import Context, Indicator, count, in_window, indicator, yes_share

SECTION = "out_of_hours"
TABLE = "out_of_hours"
OFFICE_OPENS, OFFICE_CLOSES = 9 * 60, 17 * 60  # minutes after midnight (the seed's 9am and 5pm)
TIMINGS = ["Weekday evening (5pm to midnight)", "Weekday night (midnight to 9am)",
           "Weekend or bank holiday", "Weekday office hours", "Weekday, time not recorded"]
LOCAL = "Local (no national collection of out-of-hours contacts)"


def minutes_after_midnight(times: pd.Series) -> pd.Series:
    """'17:30', '1730', '9.05', '23:59:00' -> minutes after midnight; anything else -> NaN."""
    text = times.astype("string").str.strip()
    parts = text.str.extract(r"^([01]?\d|2[0-3])[:.]?([0-5]\d)(?::[0-5]\d)?$")
    return (pd.to_numeric(parts[0], errors="coerce") * 60 + pd.to_numeric(parts[1], errors="coerce")).astype(float)


def contact_timing(dates: pd.Series, times: pd.Series) -> pd.Series:
    """When each contact came in (``TIMINGS``), from its date and 24-hour time."""
    minutes = minutes_after_midnight(times).to_numpy()
    day = dates.to_numpy(dtype="datetime64[D]")
    working = is_working_day(day) if len(day) else np.zeros(0, dtype=bool)
    out = np.where(~working, TIMINGS[2],
                   np.where(np.isnan(minutes), TIMINGS[4],
                            np.where(minutes >= OFFICE_CLOSES, TIMINGS[0],
                                     np.where(minutes < OFFICE_OPENS, TIMINGS[1], TIMINGS[3]))))
    return pd.Series(out, index=dates.index, dtype=object)


def _contacts(ctx: Context, start, end) -> pd.DataFrame:
    ooh = ctx.tables[TABLE]
    return ooh[in_window(ooh["contact_date"], start, end).to_numpy()]


@indicator(Indicator(
    id="ooh_contacts", section=SECTION,
    title="Out-of-hours contacts",
    definition="Contacts about children received and handled by the emergency duty service out of "
               "office hours in the period.",
    numerator="Contacts with contact_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source=LOCAL, aggregation="sum", table=TABLE, rag=False))
def ooh_contacts(ctx: Context, start, end):
    return count(len(_contacts(ctx, start, end)))


@indicator(Indicator(
    id="ooh_passed_to_day_team_pct", section=SECTION,
    title="% out-of-hours contacts passed to the day team",
    definition="Of the out-of-hours contacts in the period with the handover recorded, the % passed "
               "to the front door (MASH) or an allocated team for follow-up on the next working day.",
    numerator="Contacts in the period with passed_to_day_team = Y",
    denominator="Contacts in the period with passed_to_day_team Y or N",
    unit="percent", window="month", polarity="none", status="local",
    source=LOCAL, aggregation="pooled", table=TABLE, rag=False))
def ooh_passed_to_day_team_pct(ctx: Context, start, end):
    return yes_share(_contacts(ctx, start, end)["passed_to_day_team"])


@indicator(Indicator(
    id="ooh_police_involved_pct", section=SECTION,
    title="% out-of-hours contacts with police involvement",
    definition="Of the out-of-hours contacts in the period with police involvement recorded, the % "
               "in which the police were involved (as referrer, in a joint visit, or using their "
               "powers of protection).",
    numerator="Contacts in the period with police_involved = Y",
    denominator="Contacts in the period with police_involved Y or N",
    unit="percent", window="month", polarity="none", status="local",
    source=LOCAL, aggregation="pooled", table=TABLE, rag=False))
def ooh_police_involved_pct(ctx: Context, start, end):
    return yes_share(_contacts(ctx, start, end)["police_involved"])


__all__ = ["contact_timing", "minutes_after_midnight", "TIMINGS", "OFFICE_OPENS", "OFFICE_CLOSES"]
