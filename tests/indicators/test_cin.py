"""Children-in-need indicators on hand-built fixtures (expected answers worked out by hand)."""
from __future__ import annotations

import math

import pytest

from .helpers import complete_history_params, compute, make_tables, population, value


def run(tables, ids, period="2018-07..2018-12", **conventions):
    params = complete_history_params()
    for key, val in conventions.items():
        setattr(params.conventions, key, val)
    return compute(tables, period=period, ids=ids, params=params)


def cin(child, start, end=None, disability="N", need="N1", last_seen=None):
    return {"child_id": child, "cin_start_date": start, "cin_closure_date": end,
            "disability": disability, "primary_need": need, "last_seen_date": last_seen}


def plan(child, start, end=None):
    return {"child_id": child, "cpp_start_date": start, "cpp_end_date": end}


def act(child, kind, date):
    return {"child_id": child, "activity_type": kind, "activity_date": date}


def _open_tables():
    return make_tables(
        cin=[cin("A", "2018-01-10", disability="Y"),
             cin("B", "2018-01-10", "2018-07-31"),          # closes on 31 Jul: not open at it
             cin("C", "2018-02-01"),                        # also on a CP plan
             cin("D", "2017-05-01", disability="U"),         # also looked after
             cin("E", "2018-03-01", disability="Y"), cin("E", "2018-04-01"),  # two open episodes
             cin("F", "2018-08-01"),                        # starts after July
             cin("G", "2018-01-01", disability=None)],      # CP plan ended on 31 Jul
        cp_plans=[plan("C", "2018-05-01"), plan("G", "2018-03-01", "2018-07-31")],
        looked_after=[{"child_id": "D", "cla_start_date": "2018-03-01"}],
        population=population(10_000))


def test_cin_open():
    frame = run(_open_tables(), ["cin_open"])
    # 31 Jul: A, C, D, E (once), G = 5 (B closed on the day, F not started)
    assert value(frame, "cin_open", "2018-07") == 5
    # 30 Jun: A, B, C, D, E, G = 6
    assert value(frame, "cin_open", "2018-06") == 6
    # 31 Aug: + F = 6
    assert value(frame, "cin_open", "2018-08") == 6
    # a stock: the period value is the value at the period end (31 Dec) = 6
    assert value(frame, "cin_open", "2018-07..2018-12") == 6


def test_cin_open_excl_cp():
    frame = run(_open_tables(), ["cin_open_excl_cp"])
    # 31 Jul: cin_open 5 minus C (on a plan); D (looked after) stays; G's plan ended on 31 Jul
    assert value(frame, "cin_open_excl_cp", "2018-07") == 4
    # 30 Jun: A B C D E G minus C and G (G's plan open at 30 Jun) = 4
    assert value(frame, "cin_open_excl_cp", "2018-06") == 4


def test_cin_rate():
    frame = run(_open_tables(), ["cin_rate"])
    assert value(frame, "cin_rate", "2018-07") == pytest.approx(5.0)  # 5 / 10,000 * 10,000
    assert value(frame, "cin_rate", "2018-07", "denominator") == 10_000


def test_cin_disabled_pct():
    frame = run(_open_tables(), ["cin_disabled_pct"])
    # 31 Jul: A (Y), C (N), D (U), E (Y on one open episode), G (missing) -> 2 / 5 = 40%
    assert value(frame, "cin_disabled_pct", "2018-07") == pytest.approx(40.0)


def test_cin_empty_table_is_na():
    frame = run(make_tables(population=population()),
                ["cin_open", "cin_open_excl_cp", "cin_rate", "cin_disabled_pct"])
    for indicator_id in ("cin_open", "cin_open_excl_cp", "cin_rate", "cin_disabled_pct"):
        assert math.isnan(value(frame, indicator_id, "2018-07")), indicator_id


def _plan_tables():
    # Reporting date 30 Nov 2018. Three months earlier = 30 Aug 2018.
    return make_tables(
        cin=[cin("R1", "2018-01-01"), cin("R2", "2018-01-01"),
             cin("R3", "2018-09-15"),   # on the plan < 3 months: review not yet due
             cin("R4", "2018-08-30"),   # exactly 3 months: due
             cin("R5", "2017-01-01"),   # stepped down from CP on 10 Sep: plan start 10 Sep
             cin("R6", "2018-01-01"),   # on a CP plan: not on a CIN plan
             cin("R7", "2018-01-01"),   # looked after: not on a CIN plan
             cin("R8", "2018-11-20")],  # new: visit not yet due
        cp_plans=[plan("R5", "2017-02-01", "2018-09-10"), plan("R6", "2018-06-01")],
        looked_after=[{"child_id": "R7", "cla_start_date": "2018-06-01"}],
        case_activity=[
            act("R1", "CIN_REVIEW", "2018-08-30"),  # exactly 3 months before: in
            act("R2", "CIN_REVIEW", "2018-08-29"),  # 3 months and a day: out
            act("R6", "CIN_REVIEW", "2018-11-01"),  # not in the cohort
            # visits (20 working days; Nov 2018 has no bank holidays)
            act("R1", "CIN_VISIT", "2018-11-02"),   # Fri 2 Nov -> 30 Nov: 20 working days: in
            act("R2", "CIN_VISIT", "2018-11-01"),   # Thu 1 Nov: 21: out
            act("R2", "CIN_VISIT", "2018-12-03"),   # after the reporting date: ignored
            act("R4", "CIN_VISIT", "2018-11-30"),   # on the date: 0: in
        ])


def test_cin_plan_up_to_date_pct():
    frame = run(_plan_tables(), ["cin_plan_up_to_date_pct"])
    # cohort R1 R2 R3 R4 R5 R8 = 6; up to date: R1 (reviewed), R3, R5, R8 (plans started in the
    # last 3 months) = 4 -> 66.7%
    assert value(frame, "cin_plan_up_to_date_pct", "2018-11", "numerator") == 4
    assert value(frame, "cin_plan_up_to_date_pct", "2018-11", "denominator") == 6
    assert value(frame, "cin_plan_up_to_date_pct", "2018-11") == pytest.approx(200 / 3)


def test_cin_reviews_in_timescale_pct():
    frame = run(_plan_tables(), ["cin_reviews_in_timescale_pct"])
    # on a CIN plan 3+ months: R1, R2, R4 (R5's plan restarted at step-down) = 3; reviewed in
    # the last 3 months: R1 -> 1 / 3
    assert value(frame, "cin_reviews_in_timescale_pct", "2018-11", "numerator") == 1
    assert value(frame, "cin_reviews_in_timescale_pct", "2018-11", "denominator") == 3


def test_cin_visits_in_timescale_pct():
    frame = run(_plan_tables(), ["cin_visits_in_timescale_pct"])
    # cohort R1 R2 R3 R4 R5 R8; R8 (plan 20 Nov, 8 working days, not visited) is not yet due ->
    # denominator 5; visited within 20 working days: R1, R4 -> 2 / 5 = 40%
    assert value(frame, "cin_visits_in_timescale_pct", "2018-11", "numerator") == 2
    assert value(frame, "cin_visits_in_timescale_pct", "2018-11", "denominator") == 5
    assert value(frame, "cin_visits_in_timescale_pct", "2018-11") == pytest.approx(40.0)


def test_cin_reviews_without_case_activity_are_na():
    tables = make_tables(cin=[cin("A", "2018-01-01")])
    frame = run(tables, ["cin_plan_up_to_date_pct", "cin_reviews_in_timescale_pct"])
    for month in ("2018-07", "2018-11", "2018-12"):
        assert math.isnan(value(frame, "cin_plan_up_to_date_pct", month))
        assert math.isnan(value(frame, "cin_reviews_in_timescale_pct", month))


def test_cin_visits_fall_back_to_last_seen_in_extract_month_only():
    tables = make_tables(
        cin=[cin("S1", "2018-06-01", last_seen="2018-11-02"),   # 20 working days: in
             cin("S2", "2018-06-01", last_seen="2018-11-01")],  # 21: out
        # case activity without CIN_VISIT rows; its 30 Nov row makes 30 Nov the extract date
        case_activity=[act("X", "RCPC", "2018-11-30")])
    frame = run(tables, ["cin_visits_in_timescale_pct"])
    assert value(frame, "cin_visits_in_timescale_pct", "2018-11") == pytest.approx(50.0)
    # every other month: the snapshot says nothing about it -> n/a
    assert math.isnan(value(frame, "cin_visits_in_timescale_pct", "2018-10"))
    assert math.isnan(value(frame, "cin_visits_in_timescale_pct", "2018-12"))
