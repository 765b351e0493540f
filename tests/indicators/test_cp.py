"""Child protection indicators on hand-built fixtures (expected answers worked out by hand)."""
from __future__ import annotations

import math

import pytest

from .helpers import complete_history_params, compute, make_tables, population, value


def run(tables, ids, period="2018-07..2018-12", **conventions):
    params = complete_history_params()
    for key, val in conventions.items():
        setattr(params.conventions, key, val)
    return compute(tables, period=period, ids=ids, params=params)


def plan(child, start, end=None, previous=0, **extra):
    row = {"child_id": child, "cpp_start_date": start, "cpp_end_date": end,
           "previous_plans": previous, "latest_category": "NEG"}
    row.update(extra)
    return row


def act(child, kind, date):
    return {"child_id": child, "activity_type": kind, "activity_date": date}


def s47(child, start, icpc=None, to_plan=None):
    return {"child_id": child, "s47_start_date": start, "icpc_date": icpc, "icpc_to_plan": to_plan}


def _children_tables():
    return make_tables(cp_plans=[
        plan("P1", "2018-01-01"),
        plan("P2", "2018-03-01", "2018-07-31"),     # ends on the month end: not open at 31 Jul
        plan("P3", "2017-01-01", "2017-06-01"), plan("P3", "2018-02-01"),  # counted once
        plan("P4", "2018-07-31"),                   # starts on the month end: open at it
        plan("P5", "2018-08-01"),
    ], population=population(10_000))


def test_cp_children():
    frame = run(_children_tables(), ["cp_children"])
    assert value(frame, "cp_children", "2018-07") == 3  # P1, P3, P4
    assert value(frame, "cp_children", "2018-06") == 3  # P1, P2, P3
    assert value(frame, "cp_children", "2018-08") == 4  # P1, P3, P4, P5
    assert value(frame, "cp_children", "2018-07..2018-12") == 4  # stock at 31 Dec
    assert math.isnan(value(run(make_tables(), ["cp_children"]), "cp_children", "2018-07"))


def test_cp_rate():
    frame = run(_children_tables(), ["cp_rate"])
    assert value(frame, "cp_rate", "2018-07") == pytest.approx(3.0)  # 3 / 10,000 * 10,000


def _icpc_tables():
    return make_tables(s47=[
        s47("A", "2017-07-01", "2017-07-31", "Y"),   # outside the rolling 12 to Jul 2018
        s47("B", "2017-07-10", "2017-08-01", "Y"),
        s47("C", "2018-06-20", "2018-07-01", "Y"),
        s47("D", "2018-07-02", "2018-07-20", "N"),
        s47("E", "2018-07-03", "2018-07-31", None),
        s47("F", "2018-07-05"),                      # no ICPC
    ], population=population(10_000))


def test_icpcs():
    frame = run(_icpc_tables(), ["icpcs"])
    assert value(frame, "icpcs", "2018-07") == 3  # C, D, E
    assert value(frame, "icpcs", "2017-08") == 1


def test_icpc_rate_r12():
    frame = run(_icpc_tables(), ["icpc_rate_r12"])
    # 1 Aug 2017 - 31 Jul 2018: B, C, D, E = 4 / 10,000 * 10,000 = 4.0
    assert value(frame, "icpc_rate_r12", "2018-07") == pytest.approx(4.0)


def test_icpc_to_plan_pct():
    frame = run(_icpc_tables(), ["icpc_to_plan_pct"])
    # July ICPCs: C (Y), D (N), E (not recorded) -> 1 / 2 = 50%
    assert value(frame, "icpc_to_plan_pct", "2018-07") == pytest.approx(50.0)
    assert math.isnan(value(frame, "icpc_to_plan_pct", "2018-09"))


def _starts_tables():
    return make_tables(cp_plans=[
        plan("Q1", "2018-03-01", previous=0),
        plan("Q2", "2018-04-01", previous=1),           # recorded previous plan
        plan("Q3", "2010-01-01", "2011-01-01"),         # Q3's plan 8 years earlier ...
        plan("Q3", "2018-05-01", previous=0),           # ... so this is a repeat although 0 recorded
        plan("Q5", "2017-07-31", previous=1),           # just outside the window
        plan("Q6", "2017-08-01", previous=None),
    ], population=population(10_000))


def test_cp_plans_started():
    frame = run(_starts_tables(), ["cp_plans_started"])
    assert value(frame, "cp_plans_started", "2018-05") == 1
    assert value(frame, "cp_plans_started", "2017-08") == 1
    assert value(frame, "cp_plans_started", "2018-06") == 0


def test_cp_start_rate_r12():
    frame = run(_starts_tables(), ["cp_start_rate_r12"])
    # Aug 2017 - Jul 2018: Q6, Q1, Q2, Q3 (2018) = 4 / 10,000 * 10,000 = 4.0
    assert value(frame, "cp_start_rate_r12", "2018-07") == pytest.approx(4.0)


def test_cp_second_plan_pct_r12():
    frame = run(_starts_tables(), ["cp_second_plan_pct_r12"])
    # plans starting Aug 2017 - Jul 2018: Q6, Q1, Q2, Q3 = 4; repeats Q2, Q3 = 2 -> 50%
    assert value(frame, "cp_second_plan_pct_r12", "2018-07", "numerator") == 2
    assert value(frame, "cp_second_plan_pct_r12", "2018-07", "denominator") == 4
    # Jul 2017 window (Aug 2016 - Jul 2017): Q5 only, a repeat -> 100%
    assert value(frame, "cp_second_plan_pct_r12", "2017-07") == pytest.approx(100.0)
    # Jul 2015 - Jun 2016: no plans started -> no denominator -> n/a
    assert math.isnan(value(frame, "cp_second_plan_pct_r12", "2016-06"))


def _ceased_tables():
    # 1 Nov 2016 + 730 days = 1 Nov 2018 (365 + 365, no 29 Feb in between)
    return make_tables(cp_plans=[
        plan("L1", "2016-11-01", "2018-10-31"),  # 729 days: not 2 years
        plan("L2", "2016-11-01", "2018-11-01"),  # 730 days: 2 years
        plan("L3", "2016-11-01", "2018-11-02"),  # 731 days: 2 years
        plan("L4", "2018-01-01", "2018-06-30"),
        plan("L5", "2015-01-01", "2017-11-30"),  # ended before the Nov 2018 rolling window
    ])


def test_cp_plans_ceased():
    frame = run(_ceased_tables(), ["cp_plans_ceased"])
    assert value(frame, "cp_plans_ceased", "2018-10") == 1  # L1 (31 Oct)
    assert value(frame, "cp_plans_ceased", "2018-11") == 2  # L2, L3
    assert value(frame, "cp_plans_ceased", "2018-12") == 0


def test_cp_ceased_2yr_pct_r12():
    frame = run(_ceased_tables(), ["cp_ceased_2yr_pct_r12"])
    # Dec 2017 - Nov 2018: L1, L2, L3, L4 ended = 4; 730+ days: L2, L3 -> 50%
    assert value(frame, "cp_ceased_2yr_pct_r12", "2018-11", "numerator") == 2
    assert value(frame, "cp_ceased_2yr_pct_r12", "2018-11", "denominator") == 4
    # Nov 2017 - Oct 2018: L5 (1,064 days), L4, L1 (729) -> 1 / 3
    assert value(frame, "cp_ceased_2yr_pct_r12", "2018-10", "numerator") == 1
    assert value(frame, "cp_ceased_2yr_pct_r12", "2018-10", "denominator") == 3


def _open_long_tables():
    return make_tables(cp_plans=[
        plan("O1", "2016-12-01"),                # at 30 Nov 2018: 729 days
        plan("O2", "2016-11-30"),                # 730 days
        plan("O3", "2016-11-29"),                # 731 days
        plan("O4", "2018-01-01"),
        plan("O5", "2016-01-01", "2018-11-30"),  # ends on 30 Nov: not open at it
    ])


def test_cp_open_2yr():
    frame = run(_open_long_tables(), ["cp_open_2yr"])
    assert value(frame, "cp_open_2yr", "2018-11") == 2  # O2, O3
    # 31 Oct: O1 699, O2 700, O3 701 days; O5 (1 Jan 2016, leap year) 366 + 365 + 303 = 1,034
    assert value(frame, "cp_open_2yr", "2018-10") == 1


def test_cp_open_2yr_pct():
    frame = run(_open_long_tables(), ["cp_open_2yr_pct"])
    assert value(frame, "cp_open_2yr_pct", "2018-11") == pytest.approx(50.0)  # 2 / O1-O4
    assert value(frame, "cp_open_2yr_pct", "2018-10") == pytest.approx(20.0)  # 1 / 5


def test_cp_visited_in_timescale_pct():
    tables = make_tables(
        cp_plans=[plan("V1", "2018-01-01"), plan("V2", "2018-01-01"),
                  plan("V3", "2018-11-20"), plan("V4", "2018-11-20"), plan("V5", "2018-11-14"),
                  plan("V6", "2018-11-20"), plan("V7", "2018-01-01", "2018-11-30")],
        case_activity=[
            act("V1", "CP_VISIT", "2018-11-16"),  # Fri 16 Nov -> Fri 30 Nov = 10 working days: in
            act("V2", "CP_VISIT", "2018-11-15"),  # 11: out
            # V3: plan Tue 20 Nov, 8 working days, not visited -> not yet due, left out
            act("V4", "CP_VISIT", "2018-11-05"),  # before the plan (19 days): not yet due, left out
            # V5: plan Wed 14 Nov = 12 working days ago, never visited -> out
            act("V6", "CP_VISIT", "2018-11-22"),  # in
            act("V7", "CP_VISIT", "2018-11-01"),  # plan ended 30 Nov: not in the cohort
        ])
    frame = run(tables, ["cp_visited_in_timescale_pct"])
    # due: V1, V2, V5, V6 = 4; visited within 10 working days: V1, V6 = 2 -> 50%
    assert value(frame, "cp_visited_in_timescale_pct", "2018-11", "numerator") == 2
    assert value(frame, "cp_visited_in_timescale_pct", "2018-11", "denominator") == 4


def test_cp_visited_easter_2018():
    tables = make_tables(
        cp_plans=[plan("E1", "2018-01-01"), plan("E2", "2018-01-01")],
        case_activity=[
            # Thu 15 Mar -> Sat 31 Mar: 16 (1), 19-23 (6), 26-29 (10), [30 Mar Good Friday] = 10: in
            act("E1", "CP_VISIT", "2018-03-15"),
            act("E2", "CP_VISIT", "2018-03-14"),  # 11: out
        ])
    frame = run(tables, ["cp_visited_in_timescale_pct"], period="2018-01..2018-06")
    assert value(frame, "cp_visited_in_timescale_pct", "2018-03") == pytest.approx(50.0)


def test_cp_visited_falls_back_to_annex_a_in_extract_month_only():
    tables = make_tables(
        cp_plans=[plan("F1", "2018-01-01", last_visit_date="2018-11-16"),   # 10: in
                  plan("F2", "2018-01-01", last_visit_date="2018-11-15")],  # 11: out
        contacts=[{"child_id": "Z", "contact_date": "2018-11-30"}])        # extract date 30 Nov
    frame = run(tables, ["cp_visited_in_timescale_pct"])
    assert value(frame, "cp_visited_in_timescale_pct", "2018-11") == pytest.approx(50.0)
    assert math.isnan(value(frame, "cp_visited_in_timescale_pct", "2018-10"))
    assert math.isnan(value(frame, "cp_visited_in_timescale_pct", "2018-12"))


def test_rcpc_in_timescale_pct():
    # Reporting date 30 Nov 2018; on a plan 3+ months = started on or before 30 Aug 2018.
    tables = make_tables(
        cp_plans=[plan("K1", "2018-05-15"), plan("K2", "2018-05-15"), plan("K3", "2018-08-30"),
                  plan("K4", "2018-08-31"), plan("K5", "2017-11-01"), plan("K6", "2017-11-01"),
                  plan("K7", "2017-05-01"), plan("K8", "2018-08-01"),
                  plan("K9", "2018-01-01", "2018-11-30"), plan("K10", "2018-02-28")],
        case_activity=[
            act("K1", "RCPC", "2018-08-15"),  # first due 15 Aug (start + 3 months): on time;
                                              # next due 15 Feb 2019: not overdue -> on time
            act("K2", "RCPC", "2018-08-16"),  # one day late -> not on time
            # K3: first review due 30 Nov (the reporting date), not held by it -> overdue
            # K4: on the plan less than 3 months -> not in the cohort
            act("K5", "RCPC", "2018-02-01"), act("K5", "RCPC", "2018-08-01"),  # both on time
            act("K6", "RCPC", "2018-02-01"), act("K6", "RCPC", "2018-08-02"),  # 2nd a day late
            act("K7", "RCPC", "2017-08-01"), act("K7", "RCPC", "2018-02-01"),  # next due 1 Aug
                                                                               # 2018: overdue
            act("K8", "RCPC", "2018-07-01"),  # before the plan: ignored; first due 1 Nov: overdue
            act("K9", "RCPC", "2018-04-01"),  # plan ended on 30 Nov: not in the cohort
            act("K10", "RCPC", "2018-05-28"), act("K10", "RCPC", "2018-11-28"),  # on the due
                                                                                 # dates: on time
        ])
    frame = run(tables, ["rcpc_in_timescale_pct"])
    # cohort K1 K2 K3 K5 K6 K7 K8 K10 = 8; on time K1, K5, K10 = 3 -> 37.5%
    assert value(frame, "rcpc_in_timescale_pct", "2018-11", "numerator") == 3
    assert value(frame, "rcpc_in_timescale_pct", "2018-11", "denominator") == 8
    assert value(frame, "rcpc_in_timescale_pct", "2018-11") == pytest.approx(37.5)


def test_rcpc_falls_back_to_latest_review_in_extract_month_only():
    tables = make_tables(
        cp_plans=[plan("M1", "2018-05-15", latest_review_date="2018-08-15"),  # next due Feb 2019
                  plan("M2", "2018-01-01"),                                   # never reviewed
                  plan("M3", "2017-01-01", latest_review_date="2018-05-01")],  # next due 1 Nov
        contacts=[{"child_id": "Z", "contact_date": "2018-11-30"}])
    frame = run(tables, ["rcpc_in_timescale_pct"])
    assert value(frame, "rcpc_in_timescale_pct", "2018-11", "numerator") == 1
    assert value(frame, "rcpc_in_timescale_pct", "2018-11", "denominator") == 3
    assert math.isnan(value(frame, "rcpc_in_timescale_pct", "2018-10"))


def test_core_group_in_timescale_pct():
    # 2022 Platinum Jubilee bank holidays (2 and 3 June)
    tables = make_tables(
        cp_plans=[plan("G1", "2022-05-20"), plan("G2", "2022-05-20"), plan("G3", "2022-05-31"),
                  plan("G4", "2022-05-10"), plan("G5", "2022-05-10", "2022-05-12"),
                  plan("G6", "2022-06-28"), plan("G7", "2022-06-01")],
        case_activity=[
            # Fri 20 May -> Tue 7 Jun: May 23-27 (5), 30-31 (7), Jun 1 (8), [2-3 Jun Jubilee],
            # Jun 6 (9), 7 (10) -> 10: in time; 8 Jun = 11: late
            act("G1", "CORE_GROUP", "2022-06-07"),
            act("G2", "CORE_GROUP", "2022-06-08"),
            # G3: no core group; deadline 16 Jun passed before the extract date (30 Jun): late
            act("G4", "CORE_GROUP", "2022-05-09"),  # before the plan: ignored
            act("G4", "CORE_GROUP", "2022-05-24"),  # Tue 10 May -> Tue 24 May = 10: in time
            # G5: plan ended 12 May, inside its deadline, no core group: left out
            # G6: plan 28 Jun, deadline 12 Jul is after the extract date: pending, left out
            act("G7", "CORE_GROUP", "2022-06-06"),  # Wed 1 Jun -> Mon 6 Jun = 1 (Jubilee): in
            act("Z", "CP_VISIT", "2022-06-30"),     # makes 30 Jun 2022 the extract date
        ])
    frame = run(tables, ["core_group_in_timescale_pct"], period="2022-01..2022-06")
    # May: G1, G2, G3, G4 due; in time G1, G4 -> 50%
    assert value(frame, "core_group_in_timescale_pct", "2022-05", "numerator") == 2
    assert value(frame, "core_group_in_timescale_pct", "2022-05", "denominator") == 4
    # June: G7 in time, G6 pending -> 1 / 1
    assert value(frame, "core_group_in_timescale_pct", "2022-06", "denominator") == 1
    assert value(frame, "core_group_in_timescale_pct", "2022-06") == pytest.approx(100.0)


def test_case_activity_measures_without_events_are_na():
    tables = make_tables(cp_plans=[plan("A", "2018-01-01")])
    frame = run(tables, ["core_group_in_timescale_pct", "cp_visited_in_timescale_pct",
                         "rcpc_in_timescale_pct"])
    # no case activity and no Annex A visit/review dates; the extract date (1 Jan 2018) is
    # outside every reported month except Jan 2018, where the plan has not run 3 months
    for indicator_id in ("core_group_in_timescale_pct", "cp_visited_in_timescale_pct",
                         "rcpc_in_timescale_pct"):
        assert math.isnan(value(frame, indicator_id, "2018-07")), indicator_id
