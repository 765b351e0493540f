"""Out-of-hours (emergency duty service) indicators and the timing of contacts, by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.indicators.out_of_hours import TIMINGS, contact_timing

from .helpers import compute, make_tables, value

IDS = ["ooh_contacts", "ooh_passed_to_day_team_pct", "ooh_police_involved_pct"]


def contact(ref, day, passed="Y", police="N", time=None, outcome="ADVICE"):
    return {"ooh_ref": ref, "contact_date": day, "contact_time": time, "outcome": outcome,
            "passed_to_day_team": passed, "police_involved": police}


ROWS = [contact("E1", "2018-07-01", "Y", "Y"), contact("E2", "2018-07-02", "N", "N"),
        contact("E3", "2018-07-14", "Y", "U"), contact("E4", "2018-07-31", None, "Y"),
        contact("E5", "2018-08-01", "N", "N")]


def frame():
    return compute(make_tables(out_of_hours=ROWS), ids=IDS)


def test_ooh_contacts():
    f = frame()
    assert value(f, "ooh_contacts", "2018-07") == 4
    assert value(f, "ooh_contacts", "2018-08") == 1


def test_ooh_passed_to_day_team_pct():
    f = frame()
    # July recorded Y or N: E1 Y, E2 N, E3 Y (E4 blank left out) -> 2 / 3.
    assert value(f, "ooh_passed_to_day_team_pct", "2018-07", "numerator") == 2
    assert value(f, "ooh_passed_to_day_team_pct", "2018-07", "denominator") == 3
    assert value(f, "ooh_passed_to_day_team_pct", "2018-07") == pytest.approx(200 / 3)


def test_ooh_police_involved_pct():
    f = frame()
    # July: E1 Y, E2 N, E4 Y (E3 U left out) -> 2 / 3; with August's N: 2 / 4 = 50 %.
    assert value(f, "ooh_police_involved_pct", "2018-07") == pytest.approx(200 / 3)
    assert value(f, "ooh_police_involved_pct", "2018-07..2018-12") == pytest.approx(50.0)


def test_contact_timing_by_day_and_time():
    dates = pd.Series(pd.to_datetime(["2018-07-02", "2018-07-02", "2018-07-02", "2018-07-02", "2018-07-07",
                                      "2018-08-27", "2018-07-03", "2018-07-03"]))
    # Mon 2 Jul 17:00 (evening), 08:59 (night), 12:00 (office hours), no time; Sat 7 Jul;
    # Mon 27 Aug 2018 (summer bank holiday); "1730" and "9.05" written without a colon.
    times = pd.Series(["17:00", "08:59", "12:00", None, "03:00", "22:00", "1730", "9.05"])
    assert contact_timing(dates, times).tolist() == [
        TIMINGS[0], TIMINGS[1], TIMINGS[3], TIMINGS[4], TIMINGS[2], TIMINGS[2], TIMINGS[0], TIMINGS[3]]
