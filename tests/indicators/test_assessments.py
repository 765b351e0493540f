"""Assessment, strategy discussion and S47 indicators on hand-built fixtures. Working-day counts
are worked out by hand in the comments (England and Wales bank holidays)."""
from __future__ import annotations

import math

import pytest

from .helpers import complete_history_params, compute, make_tables, population, value


def run(tables, ids, period="2018-07..2018-12", **conventions):
    params = complete_history_params()
    for key, val in conventions.items():
        setattr(params.conventions, key, val)
    return compute(tables, period=period, ids=ids, params=params)


def assessment(child, start, auth=None, seen="Y", support="Y"):
    return {"child_id": child, "assessment_start_date": start, "assessment_auth_date": auth,
            "child_seen": seen, "support_required": support}


def s47(child, start, icpc=None, not_required=None, to_plan=None):
    return {"child_id": child, "s47_start_date": start, "icpc_date": icpc,
            "icpc_not_required": not_required, "icpc_to_plan": to_plan}


def _started_completed_tables():
    return make_tables(assessments=[
        assessment("A", "2018-06-25", "2018-07-02"),  # started Jun, completed Jul
        assessment("B", "2018-07-01", "2018-07-31"),  # both in Jul (month end included)
        assessment("C", "2018-07-31"),                # started Jul, still open
        assessment("D", "2018-08-01", "2018-08-01")])


def test_assessments_started():
    frame = run(_started_completed_tables(), ["assessments_started"])
    assert value(frame, "assessments_started", "2018-06") == 1
    assert value(frame, "assessments_started", "2018-07") == 2  # B, C
    assert value(frame, "assessments_started", "2018-07..2018-12") == 3  # B, C, D
    empty = run(make_tables(), ["assessments_started"])
    assert math.isnan(value(empty, "assessments_started", "2018-07"))


def test_assessments_completed():
    frame = run(_started_completed_tables(), ["assessments_completed"])
    assert value(frame, "assessments_completed", "2018-07") == 2  # A, B
    assert value(frame, "assessments_completed", "2018-08") == 1  # D
    assert value(frame, "assessments_completed", "2018-09") == 0
    empty = run(make_tables(), ["assessments_completed"])
    assert math.isnan(value(empty, "assessments_completed", "2018-07"))


def test_assessments_within_45wd_pct():
    # Easter 2018
    tables = make_tables(assessments=[
        # Tue 20 Feb -> Thu 26 Apr 2018: Feb 21-23 (3), Feb 26-Mar 2 (8), Mar 5-9 (13),
        # 12-16 (18), 19-23 (23), 26-29 (27), [30 Mar Good Friday, 2 Apr Easter Monday],
        # Apr 3-6 (31), 9-13 (36), 16-20 (41), 23 (42), 24 (43), 25 (44), 26 (45) -> 45: within
        assessment("A", "2018-02-20", "2018-04-26"),
        # ... to Fri 27 Apr = 46 -> not within (without the two bank holidays it would be 48)
        assessment("B", "2018-02-20", "2018-04-27"),
    ])
    frame = run(tables, ["assessments_within_45wd_pct"], period="2018-01..2018-06")
    assert value(frame, "assessments_within_45wd_pct", "2018-04", "numerator") == 1
    assert value(frame, "assessments_within_45wd_pct", "2018-04", "denominator") == 2
    assert value(frame, "assessments_within_45wd_pct", "2018-04") == pytest.approx(50.0)
    # no assessment completed in May: n/a, never 0%
    assert math.isnan(value(frame, "assessments_within_45wd_pct", "2018-05"))


def test_assessments_within_45wd_platinum_jubilee_2022():
    tables = make_tables(assessments=[
        # Mon 9 May -> Wed 13 Jul 2022: May 10-13 (4), 16-20 (9), 23-27 (14), 30-31 (16),
        # Jun 1 (17), [2 and 3 Jun: Platinum Jubilee bank holidays; 30 May is a working day
        # because the spring holiday moved], Jun 6-10 (22), 13-17 (27), 20-24 (32),
        # 27-Jul 1 (37), Jul 4-8 (42), 11 (43), 12 (44), 13 (45) -> 45: within
        assessment("A", "2022-05-09", "2022-07-13"),
        assessment("B", "2022-05-09", "2022-07-14"),  # 46 -> not within
    ])
    frame = run(tables, ["assessments_within_45wd_pct"], period="2022-07..2022-12")
    assert value(frame, "assessments_within_45wd_pct", "2022-07") == pytest.approx(50.0)


def _referral_start_tables():
    return make_tables(
        referrals=[{"child_id": "X", "referral_date": "2017-12-01"},
                   {"child_id": "X", "referral_date": "2018-02-20"},
                   {"child_id": "Y", "referral_date": "2018-02-20"},
                   {"child_id": "W", "referral_date": "2018-04-10"}],
        assessments=[
            # X: assessment start Thu 1 Mar -> Fri 27 Apr: Mar 2 (1), 5-9 (6), 12-16 (11),
            #    19-23 (16), 26-29 (20), Apr 3-6 (24), 9-13 (29), 16-20 (34), 23-27 (39) = 39.
            #    From the latest referral on or before the start (20 Feb, not 1 Dec): 46.
            assessment("X", "2018-03-01", "2018-04-27"),
            # Y: referral and assessment both 20 Feb, completed 26 Apr = 45 either way
            assessment("Y", "2018-02-20", "2018-04-26"),
            # Z: no referral; start on Easter Monday rolls to Tue 3 Apr, completed 3 Apr = 0
            assessment("Z", "2018-04-02", "2018-04-03"),
            # W: only referral is after the assessment start -> falls back to the start: 39
            assessment("W", "2018-03-01", "2018-04-27"),
            # V: authorised before it started (data error): completed, but not in timeliness
            assessment("V", "2018-04-20", "2018-04-05"),
        ])


def test_assessments_within_45wd_referral_start_option():
    tables = _referral_start_tables()
    ids = ["assessments_within_45wd_pct", "assessments_completed"]
    default = run(tables, ids, period="2018-01..2018-06")
    assert value(default, "assessments_completed", "2018-04") == 5  # V counts as completed
    # from assessment start: X 39, Y 45, Z 0, W 39 -> 4 / 4
    assert value(default, "assessments_within_45wd_pct", "2018-04", "numerator") == 4
    assert value(default, "assessments_within_45wd_pct", "2018-04", "denominator") == 4
    # from the referral: X 46 (late), Y 45, Z 0, W 39 -> 3 / 4 = 75%
    referral = run(tables, ids, period="2018-01..2018-06", assessment_timeliness_start="referral")
    assert value(referral, "assessments_within_45wd_pct", "2018-04") == pytest.approx(75.0)


def test_assessments_child_seen_pct():
    tables = make_tables(assessments=[
        assessment("A", "2018-06-01", "2018-07-02", seen="Y"),
        assessment("B", "2018-06-01", "2018-07-03", seen="Y"),
        assessment("C", "2018-06-01", "2018-07-04", seen="N"),
        assessment("D", "2018-06-01", "2018-07-05", seen="U"),
        assessment("E", "2018-06-01", "2018-07-06", seen=None),
        assessment("F", "2018-07-01", None, seen="Y"),  # not completed -> not counted
    ])
    frame = run(tables, ["assessments_child_seen_pct"])
    # seen Y: A, B = 2 / recorded Y or N: A, B, C = 3 -> 66.7%
    assert value(frame, "assessments_child_seen_pct", "2018-07") == pytest.approx(200 / 3)
    assert math.isnan(value(frame, "assessments_child_seen_pct", "2018-08"))


def test_assessments_ongoing_involvement_pct():
    tables = make_tables(assessments=[
        assessment("A", "2018-06-01", "2018-07-02", support="Y"),
        assessment("B", "2018-06-01", "2018-07-03", support="N"),
        assessment("C", "2018-06-01", "2018-07-04", support="N"),
        assessment("D", "2018-06-01", "2018-07-05", support="U"),
    ])
    frame = run(tables, ["assessments_ongoing_involvement_pct"])
    # 1 Y / 3 with a recorded outcome (U left out) = 33.3%
    assert value(frame, "assessments_ongoing_involvement_pct", "2018-07") == pytest.approx(100 / 3)
    assert math.isnan(value(frame, "assessments_ongoing_involvement_pct", "2018-09"))


def test_strategy_discussions():
    # from case_activity when it has STRATEGY_DISCUSSION rows, else the S47 list
    s47s = [s47("A", "2018-07-02"), s47("B", "2018-07-03"), s47("C", "2018-07-04"),
            s47("D", "2018-07-05"), s47("E", "2018-07-06")]
    activity = [{"child_id": c, "activity_type": "STRATEGY_DISCUSSION", "activity_date": d}
                for c, d in [("A", "2018-07-02"), ("X", "2018-07-10"), ("Y", "2018-07-31"),
                             ("Z", "2018-08-01")]]
    # case_activity has strategy discussions -> counted from it: Jul = A, X, Y = 3
    frame = run(make_tables(s47=s47s, case_activity=activity), ["strategy_discussions"])
    assert value(frame, "strategy_discussions", "2018-07") == 3
    assert value(frame, "strategy_discussions", "2018-08") == 1
    # case_activity has no strategy discussions -> the 5 S47 strategy discussion dates in July
    visits = [{"child_id": "A", "activity_type": "CP_VISIT", "activity_date": "2018-07-02"}]
    frame = run(make_tables(s47=s47s, case_activity=visits), ["strategy_discussions"])
    assert value(frame, "strategy_discussions", "2018-07") == 5
    assert value(frame, "strategy_discussions", "2018-08") == 0
    # neither source -> n/a
    frame = run(make_tables(), ["strategy_discussions"])
    assert math.isnan(value(frame, "strategy_discussions", "2018-07"))


def _s47_started_tables():
    pop = [{"mid_year": 2017, "population_0_17": 20_000},
           {"mid_year": 2018, "population_0_17": 40_000}]
    return make_tables(
        s47=[s47("A", "2017-07-31"), s47("B", "2017-08-01"), s47("C", "2018-01-15"),
             s47("D", "2018-07-31"), s47("E", "2018-07-31")],
        population=pop)


def test_s47_started():
    frame = run(_s47_started_tables(), ["s47_started"])
    assert value(frame, "s47_started", "2018-07") == 2  # D, E (each enquiry counts)
    assert value(frame, "s47_started", "2018-08") == 0
    assert value(frame, "s47_started", "2018-07..2018-12") == 2
    assert math.isnan(value(run(make_tables(), ["s47_started"]), "s47_started", "2018-07"))


def test_s47_started_r12():
    frame = run(_s47_started_tables(), ["s47_started_r12"])
    # rolling 12 to Jul 2018 = 1 Aug 2017 - 31 Jul 2018: B, C, D, E = 4 (A is one day early)
    assert value(frame, "s47_started_r12", "2018-07") == 4
    # the period row of a rolling-12 measure is the value at the period's last month (Dec 2018:
    # Jan-Dec 2018 = C, D, E = 3)
    assert value(frame, "s47_started_r12", "2018-07..2018-12") == 3


def test_s47_rate_r12():
    frame = run(_s47_started_tables(), ["s47_rate_r12"])
    # Jul 2018: 4 / mid-2018 40,000 * 10,000 = 1.0
    assert value(frame, "s47_rate_r12", "2018-07") == pytest.approx(1.0)
    # Mar 2018 (Apr 2017 - Mar 2018): A, B, C = 3 / mid-2017 20,000 * 10,000 = 1.5
    assert value(frame, "s47_rate_r12", "2018-03") == pytest.approx(1.5)


def test_s47_to_icpc_pct():
    tables = make_tables(s47=[
        s47("A", "2018-07-02", icpc="2018-07-20"),              # ICPC held
        s47("B", "2018-07-03", not_required="Y"),               # outcome known: no ICPC
        s47("C", "2018-07-04", not_required="N"),               # awaiting ICPC -> left out
        s47("D", "2018-07-05"),                                 # no outcome -> left out
        s47("E", "2018-07-30", icpc="2018-08-15", not_required="Y"),  # ICPC held in Aug
        s47("F", "2018-06-29", icpc="2018-07-10"),              # started in June: not in Jul
    ])
    frame = run(tables, ["s47_to_icpc_pct"])
    # S47s started in July with an ICPC: A, E = 2 / outcome known: A, B, E = 3 -> 66.7%
    assert value(frame, "s47_to_icpc_pct", "2018-07", "numerator") == 2
    assert value(frame, "s47_to_icpc_pct", "2018-07", "denominator") == 3
    assert value(frame, "s47_to_icpc_pct", "2018-06") == pytest.approx(100.0)  # F: 1 / 1
    assert math.isnan(value(frame, "s47_to_icpc_pct", "2018-08"))


def test_icpc_within_15wd_pct():
    # 2022: Platinum Jubilee, summer bank holiday and the State Funeral
    tables = make_tables(s47=[
        # Wed 18 May 2022 -> Fri 10 Jun: May 19-20 (2), 23-27 (7), 30-31 (9), Jun 1 (10),
        # [2, 3 Jun Platinum Jubilee], Jun 6-10 (15) -> 15: within
        s47("A", "2022-05-18", icpc="2022-06-10"),
        s47("B", "2022-05-18", icpc="2022-06-13"),  # Mon 13 Jun = 16 -> late
        # Mon 29 Aug 2022 is the summer bank holiday: the clock starts Tue 30 Aug.
        # Aug 31 (1), Sep 1-2 (3), 5-9 (8), 12-16 (13), [19 Sep State Funeral], 20 (14),
        # 21 (15) -> Wed 21 Sep = 15: within; Thu 22 Sep = 16: late
        s47("C", "2022-08-29", icpc="2022-09-21"),
        s47("D", "2022-08-29", icpc="2022-09-22"),
        # ICPC before the S47 start (data error): left out of the September figures
        s47("E", "2022-09-30", icpc="2022-09-05"),
    ])
    frame = run(tables, ["icpc_within_15wd_pct"], period="2022-07..2022-12")
    assert value(frame, "icpc_within_15wd_pct", "2022-09", "numerator") == 1
    assert value(frame, "icpc_within_15wd_pct", "2022-09", "denominator") == 2
    frame = run(tables, ["icpc_within_15wd_pct"], period="2022-01..2022-06")
    assert value(frame, "icpc_within_15wd_pct", "2022-06") == pytest.approx(50.0)
    assert math.isnan(value(frame, "icpc_within_15wd_pct", "2022-05"))


def test_rates_use_population_table():
    tables = make_tables(s47=[s47("A", "2018-07-02")], population=population(2_500))
    frame = run(tables, ["s47_rate_r12"])
    assert value(frame, "s47_rate_r12", "2018-07") == pytest.approx(4.0)  # 1 / 2,500 * 10,000
