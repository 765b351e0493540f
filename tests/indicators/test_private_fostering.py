"""Private fostering indicators on hand-built fixtures (expected answers worked out by hand)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from safeguarding.indicators.private_fostering import visit_events

from .helpers import compute, make_tables, population, value

IDS = ["pf_notifications", "pf_new_arrangements", "pf_open_arrangements",
       "pf_initial_visit_in_time_pct", "pf_visits_in_time_pct"]


def arrangement(aid, notified, kind="EXISTING", start=None, end=None, end_reason=None,
                initial=None, **extra):
    row = {"arrangement_id": aid, "child_id": f"C{aid}", "sex": "F", "ethnicity": "WBRI",
           "date_of_birth": "2005-01-01", "disability": "N", "notification_date": notified,
           "notification_type": kind, "notification_source": "AGENCY",
           "arrangement_start_date": start, "initial_visit_date": initial,
           "end_date": end, "end_reason": end_reason}
    row.update(extra)
    return row


def visit(aid, date, kind="STATUTORY", seen="Y"):
    return {"arrangement_id": aid, "visit_date": date, "visit_type": kind, "child_seen": seen}


def run(arrangements, visits=(), period="2018-07..2018-12", ids=IDS):
    tables = make_tables(pf_arrangements=arrangements, pf_visits=list(visits),
                         population=population())
    return compute(tables, period=period, ids=ids)


def test_pf_notifications():
    frame = run([
        arrangement("A1", "2018-07-02"),
        arrangement("A2", "2018-07-31"),  # last day of July: still July
        arrangement("A3", "2018-07-10", end="2018-07-20", end_reason="NOT_PRIVATE_FOSTERING"),
        arrangement("A4", "2018-08-01", kind="PROPOSED"),  # a proposal is a notification too
    ])
    # July: A1 + A2 + A3 (a notification even though it proved not to be PF) = 3; August: A4.
    assert value(frame, "pf_notifications", "2018-07") == 3
    assert value(frame, "pf_notifications", "2018-08") == 1
    # A month with none is 0 (a count), not missing.
    assert value(frame, "pf_notifications", "2018-09") == 0
    # Period Jul-Dec 2018: 3 + 1 = 4.
    assert value(frame, "pf_notifications", "2018-07..2018-12") == 4


def test_pf_new_arrangements():
    frame = run([
        arrangement("E1", "2018-07-05"),  # EXISTING: starts when the LA became aware (5 Jul)
        arrangement("P1", "2018-06-10", kind="PROPOSED", start="2018-07-20"),  # began 20 Jul
        arrangement("P2", "2018-07-01", kind="PROPOSED"),  # never began: not an arrangement
        arrangement("E2", "2018-07-10", end="2018-07-30", end_reason="NOT_PRIVATE_FOSTERING"),
        # EXISTING with an earlier (unknown to the LA) start: still counted from notification.
        arrangement("E3", "2018-08-03", start="2018-05-01"),
    ])
    # July: E1 (5 Jul) + P1 (20 Jul) = 2; P2 never started, E2 is not PF.
    assert value(frame, "pf_new_arrangements", "2018-07") == 2
    # June: P1 was only proposed in June - not new until it began.
    assert value(frame, "pf_new_arrangements", "2018-06") == 0
    # August: E3 (aware 3 Aug, not its May start).
    assert value(frame, "pf_new_arrangements", "2018-08") == 1
    assert value(frame, "pf_new_arrangements", "2018-05") == 0


def test_pf_open_arrangements():
    frame = run([
        arrangement("A", "2018-06-01", end="2018-07-31", end_reason="RETURNED_TO_PARENT"),
        arrangement("B", "2018-07-15"),
        arrangement("C", "2018-06-20", kind="PROPOSED", start="2018-08-01"),
        arrangement("D", "2018-07-01", end="2018-09-01", end_reason="NOT_PRIVATE_FOSTERING"),
    ])
    # 30 June: A open (started 1 Jun); C only proposed; D excluded -> 1.
    assert value(frame, "pf_open_arrangements", "2018-06") == 1
    # 31 July: A ended ON 31 July -> not open at it; B open; C not begun -> 1.
    assert value(frame, "pf_open_arrangements", "2018-07") == 1
    # 31 August: B and C -> 2.
    assert value(frame, "pf_open_arrangements", "2018-08") == 2
    # Period value is the stock at the period end (31 Dec): B and C -> 2.
    assert value(frame, "pf_open_arrangements", "2018-07..2018-12") == 2


def test_pf_initial_visit_in_time_pct():
    # Notified Thursday 29 March 2018. Good Friday 30 Mar and Easter Monday 2 Apr are bank
    # holidays, so the working days after 29 Mar are: Tue 3 Apr = 1, Wed 4 = 2, Thu 5 = 3,
    # Fri 6 = 4, Mon 9 = 5, Tue 10 = 6, Wed 11 = 7, Thu 12 = 8.
    frame = run([
        arrangement("ON_TIME", "2018-03-29", initial="2018-04-11"),  # 7 working days: in time
        arrangement("LATE", "2018-03-29", initial="2018-04-12"),  # 8 working days: late
    ])
    # March cohort: 1 in time of 2 = 50%.
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-03", "numerator") == 1
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-03", "denominator") == 2
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-03") == pytest.approx(50.0)
    # The cohort is dated by notification (March), not by the visit (April): April is empty,
    # and an empty month is n/a - never 0 %.
    assert math.isnan(value(frame, "pf_initial_visit_in_time_pct", "2018-04"))
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-04", "denominator") == 0


def test_pf_initial_visit_in_time_pct_proposed_fallback_and_not_yet_due():
    frame = run([
        # PROPOSED: the reg 7 clock starts when the arrangement began (Mon 4 Jun), not at the
        # proposal (1 May). 4 Jun -> Wed 13 Jun = 7 working days: in time, June cohort.
        arrangement("P", "2018-05-01", kind="PROPOSED", start="2018-06-04", initial="2018-06-13"),
        # No initial_visit_date: the INITIAL row in pf_visits is used. Mon 2 Jul -> Tue 10 Jul
        # = 6 working days: in time.
        arrangement("V", "2018-07-02"),
        # Notified Mon 3 Dec, never visited: deadline (12 Dec) passed before 31 Dec -> late.
        arrangement("NOVISIT", "2018-12-03"),
        # Notified Fri 28 Dec, not yet visited: deadline = 7 working days = Wed 9 Jan 2019
        # (1 Jan is a bank holiday), after the period end -> not yet due, left out.
        arrangement("NOTDUE", "2018-12-28"),
        # Not private fostering: left out.
        arrangement("X", "2018-07-03", end="2018-07-04", end_reason="NOT_PRIVATE_FOSTERING"),
    ], visits=[visit("V", "2018-07-10", "INITIAL")])
    assert math.isnan(value(frame, "pf_initial_visit_in_time_pct", "2018-05"))
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-06") == pytest.approx(100.0)
    # July: V in time; X excluded -> 1 of 1.
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-07", "denominator") == 1
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-07") == pytest.approx(100.0)
    # December: NOVISIT late, NOTDUE excluded -> 0 of 1 = 0 % (a real 0, with a denominator).
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-12", "denominator") == 1
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-12") == 0
    # Period Jul-Dec pooled: (1 + 0) / (1 + 1) = 50 %.
    assert value(frame, "pf_initial_visit_in_time_pct", "2018-07..2018-12") == pytest.approx(50.0)


def _events(arrangements, visits, as_at="2018-12-31"):
    tables = make_tables(pf_arrangements=arrangements, pf_visits=list(visits))
    return visit_events(tables, pd.Timestamp(as_at))


def test_pf_visits_due_date_sequence_six_weeks():
    # Aware Mon 2 Jan 2017. Visits 5 Jan (initial), 16 Feb, 31 Mar.
    #   start 2 Jan  -> due 2 Jan + 42 = 13 Feb; next visit 5 Jan       -> in time
    #   5 Jan        -> due 5 Jan + 42 = 16 Feb; next visit 16 Feb (6 weeks exactly) -> in time
    #   16 Feb       -> due 16 Feb + 42 = 30 Mar; next visit 31 Mar (6 weeks + 1 day) -> late
    #   31 Mar       -> due 12 May; no further visit, arrangement ended 1 May -> nothing due
    arr = [arrangement("X", "2017-01-02", initial="2017-01-05", end="2017-05-01",
                       end_reason="RETURNED_TO_PARENT")]
    visits = [visit("X", "2017-02-16"), visit("X", "2017-03-31"),
              visit("X", "2017-03-01", seen="N")]  # child not seen: not a visit to the child
    ev = _events(arr, visits)
    assert list(ev["due_date"].dt.strftime("%Y-%m-%d")) == ["2017-02-13", "2017-02-16", "2017-03-30"]
    assert list(ev["in_time"]) == [True, True, False]
    assert list(ev["limit_days"]) == [42, 42, 42]

    frame = run(arr, visits, period="2017-01..2017-06")
    # February 2017: 2 visits due, both made in time -> 100 %.
    assert value(frame, "pf_visits_in_time_pct", "2017-02", "denominator") == 2
    assert value(frame, "pf_visits_in_time_pct", "2017-02") == pytest.approx(100.0)
    # March 2017: 1 due (30 Mar), made 31 Mar -> 0 of 1.
    assert value(frame, "pf_visits_in_time_pct", "2017-03") == 0
    # May: nothing due (ended) -> n/a.
    assert math.isnan(value(frame, "pf_visits_in_time_pct", "2017-05"))


def test_pf_visits_switch_to_twelve_weeks_after_first_year():
    # Both aware Fri 1 Jul 2016; first anniversary 1 Jul 2017.
    # Y: visit 30 Jun 2017 (still the first year) -> next due 30 Jun + 42 = 11 Aug 2017;
    #    next visit 12 Aug (43 days) -> late.
    # W: visit 1 Jul 2017 (the anniversary: second year) -> next due 1 Jul + 84 = 23 Sep 2017;
    #    next visit 23 Sep (12 weeks exactly) -> in time; then due 23 Sep + 84 = 16 Dec,
    #    next visit 17 Dec (12 weeks + 1 day) -> late.
    # The first interval of each (1 Jul 2016 -> a year later) is one late visit due 12 Aug 2016.
    arr = [arrangement("Y", "2016-07-01"), arrangement("W", "2016-07-01")]
    visits = [visit("Y", "2017-06-30"), visit("Y", "2017-08-12"),
              visit("W", "2017-07-01"), visit("W", "2017-09-23"), visit("W", "2017-12-17")]
    ev = _events(arr, visits, as_at="2017-12-31").sort_values(["arrangement_id", "due_date"])
    y = ev[ev["arrangement_id"] == "Y"]
    # ... and after Y's 12 Aug 2017 visit (second year) the next is due 12 Aug + 84 = 4 Nov 2017;
    # none was made by 31 Dec: one missed visit for the whole gap.
    assert list(y["due_date"].dt.strftime("%Y-%m-%d")) == ["2016-08-12", "2017-08-11", "2017-11-04"]
    assert list(y["limit_days"]) == [42, 42, 84]
    assert list(y["in_time"]) == [False, False, False]
    w = ev[ev["arrangement_id"] == "W"]
    assert list(w["due_date"].dt.strftime("%Y-%m-%d")) == ["2016-08-12", "2017-09-23", "2017-12-16"]
    assert list(w["limit_days"]) == [42, 84, 84]
    assert list(w["in_time"]) == [False, True, False]
    # W's next visit after 17 Dec is due 11 Mar 2018, after the as-at date: not yet due.
    assert len(ev) == 3 + 3

    frame = run(arr, visits, period="2017-07..2017-12")
    # August 2017: Y's visit due 11 Aug, late -> 0 of 1.
    assert value(frame, "pf_visits_in_time_pct", "2017-08", "denominator") == 1
    assert value(frame, "pf_visits_in_time_pct", "2017-08") == 0
    # September 2017: W's due 23 Sep, in time -> 100 %.
    assert value(frame, "pf_visits_in_time_pct", "2017-09") == pytest.approx(100.0)
    # Period Jul-Dec 2017: due 11 Aug (late), 23 Sep (in time), 4 Nov (missed), 16 Dec (late)
    # -> 1 of 4 = 25 %.
    assert value(frame, "pf_visits_in_time_pct", "2017-07..2017-12", "denominator") == 4
    assert value(frame, "pf_visits_in_time_pct", "2017-07..2017-12") == pytest.approx(25.0)


def test_pf_visits_in_time_pct():
    # Ending on the due date: nothing is due; ending the day after: the visit was due and missed.
    # Not yet due at the period end: left out.
    arr = [
        arrangement("V1", "2018-07-02", end="2018-08-13", end_reason="RETURNED_TO_PARENT"),
        arrangement("V2", "2018-07-02", end="2018-08-14", end_reason="RETURNED_TO_PARENT"),
        arrangement("V3", "2018-12-01"),  # due 12 Jan 2019: not yet due
        arrangement("NP", "2018-07-02", end="2018-09-30", end_reason="NOT_PRIVATE_FOSTERING"),
        arrangement("P", "2018-06-01", kind="PROPOSED"),  # never began: no visits due
    ]
    # V3 seen on 10 December: next due 21 January 2019, not yet due either
    frame = run(arr, [visit("V3", "2018-12-10")])
    # 2 Jul + 42 days = 13 Aug. V1 ended 13 Aug (on the due date): nothing due.
    # V2 ended 14 Aug with no visit: 1 due, missed -> August 0 of 1 = 0 %.
    assert value(frame, "pf_visits_in_time_pct", "2018-08", "denominator") == 1
    assert value(frame, "pf_visits_in_time_pct", "2018-08") == 0
    # No visits due in the other months -> n/a, never 0 %.
    for month in ("2018-07", "2018-09", "2018-12"):
        assert math.isnan(value(frame, "pf_visits_in_time_pct", month))
    # with no visits extract at all, nothing says which visits were made: n/a, not 0 of 1
    frame = run(arr)
    assert value(frame, "pf_visits_in_time_pct", "2018-08", "coverage") == "none"
    assert math.isnan(value(frame, "pf_visits_in_time_pct", "2018-08"))
