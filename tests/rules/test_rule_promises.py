"""Every data-quality rule whose message promises what happens to a row is held to it.

Each test plants the row the rule describes beside a small clean fixture, runs the whole
validation, and checks every measure the message names: a measure the row is "left out of" is
exactly what it is without the row; a measure it is "still counted" in moves by one. Answers are
worked out by hand in the comments.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from safeguarding.quality import DataQualityLog, RuleContext
from safeguarding.rules import RULES, validate

from ..indicators.helpers import compute, make_tables, population, value

EXTRACT = pd.Timestamp("2018-12-31")
FIELDS = ["indicator_id", "period_type", "month", "numerator", "denominator", "value"]


def _validated(frames: dict) -> tuple[dict, pd.DataFrame]:
    log = DataQualityLog()
    tables = validate(make_tables(population=population(), **frames), log, RuleContext(extract_date=EXTRACT))
    return tables, log.table()


def planted(rule: str, clean: dict, extra: dict, ids: list[str]):
    """(indicators without the planted rows, indicators with them); the rule fires on exactly the
    planted rows and on nothing of the clean fixture."""
    clean_tables, clean_findings = _validated(clean)
    assert rule not in set(clean_findings["rule"])
    frames = {name: rows + extra.get(name, []) for name, rows in clean.items()}
    frames.update({name: rows for name, rows in extra.items() if name not in clean})
    tables, findings = _validated(frames)
    fired = findings[findings["rule"] == rule]
    assert len(fired) == sum(len(rows) for rows in extra.values()), fired
    return compute(clean_tables, ids=ids), compute(tables, ids=ids)


def left_out_of(before: pd.DataFrame, after: pd.DataFrame, ids: list[str]) -> None:
    """Every row of every measure in ``ids`` is what it was without the planted rows."""
    def pick(frame):
        return frame[frame["indicator_id"].isin(ids)][FIELDS].reset_index(drop=True)
    pd.testing.assert_frame_equal(pick(after), pick(before))


def moved(before, after, indicator_id, month, by=1, column="numerator"):
    return value(after, indicator_id, month, column) - value(before, indicator_id, month, column) == by


# ---- LADO-010: concluded before received -------------------------------------------------------

def lado(ref, received, concluded):
    return {"lado_ref": ref, "date_received": received, "date_concluded": concluded, "threshold_met": "Y",
            "outcome": "UNSUBSTANTIATED", "contact_type": "REFERRAL"}


LADO_TIMELINESS = ["lado_concluded_1m_pct", "lado_concluded_3m_pct", "lado_concluded_12m_pct"]


def test_lado_010_leaves_every_time_to_conclusion_measure():
    clean = {"lado_allegations": [
        lado("L1", "2018-07-02", "2018-07-20"),  # 18 days
        lado("L2", "2018-06-01", "2018-07-25"),  # 54 days
        lado("L3", "2018-07-10", "2018-08-06"),  # 27 days
        lado("L4", "2018-05-01", "2018-08-30"),  # 121 days
    ]}
    # September: two allegations concluded before they were received - no duration
    extra = {"lado_allegations": [lado("P1", "2018-09-20", "2018-09-10"), lado("P2", "2018-09-25", "2018-09-03")]}
    before, after = planted("LADO-010", clean, extra, LADO_TIMELINESS + ["lado_concluded", "lado_contacts"])
    left_out_of(before, after, LADO_TIMELINESS)
    # September has nothing to measure: n/a, not 0 of 2
    assert value(after, "lado_concluded_1m_pct", "2018-09", "denominator") == 0
    assert math.isnan(value(after, "lado_concluded_1m_pct", "2018-09"))
    # the period: within a month L1 (Jul) and L3 (Aug) of L1-L4 = 2/4 = 50% (not 2/6);
    # 3 months: L1, L2, L3 = 75%; 12 months: all four = 100%
    period = "2018-07..2018-12"
    assert [value(after, i, period) for i in LADO_TIMELINESS] == [50.0, 75.0, 100.0]
    assert value(after, "lado_concluded_1m_pct", period, "denominator") == 4
    # still counted as received and as concluded (September: 0 -> 2)
    assert moved(before, after, "lado_contacts", "2018-09", by=2)
    assert moved(before, after, "lado_concluded", "2018-09", by=2)


# ---- PF-011: arrangement ends before it starts ------------------------------------------------

def arrangement(ref, notified, visit, **extra):
    return {"arrangement_id": ref, "child_id": f"C{ref}", "notification_date": notified,
            "notification_type": "EXISTING", "initial_visit_date": visit, **extra}


PF_VISITS = ["pf_initial_visit_in_time_pct", "pf_visits_in_time_pct"]


def test_pf_011_leaves_open_arrangements_and_visit_timeliness():
    clean = {"pf_arrangements": [
        arrangement("A1", "2018-07-02", "2018-07-05"),  # 3 working days: in time
        arrangement("A2", "2018-07-09", "2018-07-17"),  # 6 working days: in time
    ], "pf_visits": [{"arrangement_id": "A1", "visit_date": "2018-08-10", "visit_type": "STATUTORY",
                      "child_seen": "Y"}]}
    # notified 16 July, the arrangement began 16 July and "ended" 1 July; visited in time
    extra = {"pf_arrangements": [arrangement("P", "2018-07-16", "2018-07-18", arrangement_start_date="2018-07-16",
                                             end_date="2018-07-01")]}
    before, after = planted("PF-011", clean, extra, PF_VISITS + ["pf_open_arrangements", "pf_notifications"])
    left_out_of(before, after, PF_VISITS + ["pf_open_arrangements"])
    # July initial visits: A1 and A2 = 2/2 (not 3/3)
    assert (value(after, "pf_initial_visit_in_time_pct", "2018-07", "numerator"),
            value(after, "pf_initial_visit_in_time_pct", "2018-07", "denominator")) == (2, 2)
    assert value(after, "pf_open_arrangements", "2018-07") == 2
    # still counted as notified (July: 2 -> 3)
    assert moved(before, after, "pf_notifications", "2018-07")


# ---- AA6-010 / AA6-017: CIN episodes that cannot be placed in time --------------------------------

CIN_STOCKS = ["cin_open", "cin_open_excl_cp", "cin_rate", "cin_disabled_pct"]
CIN_CLEAN = {"cin": [
    {"child_id": "N1", "cin_start_date": "2018-01-08", "disability": "Y"},
    {"child_id": "N2", "cin_start_date": "2018-03-05", "cin_closure_date": "2018-09-14", "disability": "N"},
]}


@pytest.mark.parametrize("rule, episode", [
    ("AA6-010", {"child_id": "N9", "cin_start_date": "2018-08-13", "cin_closure_date": "2018-08-01"}),
    ("AA6-017", {"child_id": "N8", "cin_start_date": None, "cin_closure_date": "2018-10-01"}),
])
def test_cin_episode_that_cannot_be_placed_is_in_no_count_of_children_in_need(rule, episode):
    before, after = planted(rule, CIN_CLEAN, {"cin": [{**episode, "disability": "Y"}]}, CIN_STOCKS)
    left_out_of(before, after, CIN_STOCKS)
    assert value(after, "cin_open", "2018-08") == 2  # N1 and N2 only


# ---- AA7-010 / AA7-017: CP plans that cannot be placed in time ------------------------------------

CP_OPEN = ["cp_children", "cp_rate", "cp_open_2yr", "cp_open_2yr_pct", "cin_open_excl_cp"]
CP_DURATIONS = ["cp_ceased_2yr_pct_r12"]
CP_CLEAN = {"cp_plans": [
    {"child_id": "C1", "cpp_start_date": "2018-02-05"},
    {"child_id": "C2", "cpp_start_date": "2016-05-02", "cpp_end_date": "2018-08-20"},  # 2 years 3 months
], "cin": [{"child_id": "C1", "cin_start_date": "2018-01-08"}, {"child_id": "C9", "cin_start_date": "2018-01-08"}]}


def test_aa7_010_plan_ending_before_it_starts_is_started_and_ended_but_never_open():
    extra = {"cp_plans": [{"child_id": "C9", "cpp_start_date": "2018-08-13", "cpp_end_date": "2018-08-01"}]}
    ids = CP_OPEN + CP_DURATIONS + ["cp_plans_started", "cp_plans_ceased", "cp_start_rate_r12"]
    before, after = planted("AA7-010", CP_CLEAN, extra, ids)
    left_out_of(before, after, CP_OPEN + CP_DURATIONS)
    # still counted as a plan started (August 0 -> 1) and a plan ended (August: C2, then C2 and C9)
    assert moved(before, after, "cp_plans_started", "2018-08")
    assert moved(before, after, "cp_start_rate_r12", "2018-08")
    assert moved(before, after, "cp_plans_ceased", "2018-08")
    # the 2-year share of plans ended in the 12 months to August: C2 alone, 1/1
    assert (value(after, "cp_ceased_2yr_pct_r12", "2018-08", "numerator"),
            value(after, "cp_ceased_2yr_pct_r12", "2018-08", "denominator")) == (1, 1)


def test_aa7_017_plan_with_no_start_is_ended_but_never_open():
    extra = {"cp_plans": [{"child_id": "C9", "cpp_start_date": None, "cpp_end_date": "2018-09-10"}]}
    before, after = planted("AA7-017", CP_CLEAN, extra, CP_OPEN + CP_DURATIONS + ["cp_plans_ceased"])
    left_out_of(before, after, CP_OPEN + CP_DURATIONS)
    assert moved(before, after, "cp_plans_ceased", "2018-09")  # still counted as a plan ended


# ---- AA8-010 / AA8-011: care episodes that cannot be placed in time --------------------------------

CIN_PLANS = ["cin_plan_up_to_date_pct", "cin_reviews_in_timescale_pct", "cin_visits_in_timescale_pct"]


@pytest.mark.parametrize("rule, episode", [
    ("AA8-010", {"child_id": "N1", "cla_start_date": "2018-08-13", "cla_end_date": "2018-08-01"}),
    ("AA8-011", {"child_id": "N1", "cla_start_date": None, "cla_end_date": "2018-10-01"}),
])
def test_care_episode_that_cannot_be_placed_takes_no_child_off_a_cin_plan(rule, episode):
    """N1 is on a CIN plan (no CP plan, not looked after): an unplaceable care episode must not
    take N1 out of the CIN-plan cohort (an open care episode would)."""
    clean = {"cin": [{"child_id": "N1", "cin_start_date": "2018-01-08"}],
             "case_activity": [{"child_id": "N1", "activity_type": "CIN_VISIT", "activity_date": "2018-08-20"},
                               {"child_id": "N1", "activity_type": "CIN_REVIEW", "activity_date": "2018-07-16"}]}
    before, after = planted(rule, clean, {"looked_after": [episode]}, CIN_PLANS)
    left_out_of(before, after, CIN_PLANS)
    # 31 August: N1 visited 20 August (8 working days) and reviewed 16 July: 1 of 1 each
    assert value(after, "cin_visits_in_timescale_pct", "2018-08", "denominator") == 1
    assert value(after, "cin_plan_up_to_date_pct", "2018-08") == 100.0


# ---- YC-012: young carer ending before identified ----------------------------------------------

def test_yc_012_is_identified_but_never_open_and_in_no_duration():
    clean = {"young_carers": [{"yc_ref": "Y1", "child_id": "Y1", "identified_date": "2018-07-02",
                               "assessment_request_date": "2018-07-02", "assessment_completed_date": "2018-07-20"}]}
    # identified 6 August, "ended" 1 July, assessment completed 10 August (4 working days)
    extra = {"young_carers": [{"yc_ref": "Y9", "child_id": "Y9", "identified_date": "2018-08-06",
                               "end_date": "2018-07-01", "assessment_completed_date": "2018-08-10"}]}
    ids = ["yc_open", "yc_assessed_in_time_pct", "yc_identified", "yc_assessed"]
    before, after = planted("YC-012", clean, extra, ids)
    left_out_of(before, after, ["yc_open", "yc_assessed_in_time_pct"])
    assert math.isnan(value(after, "yc_assessed_in_time_pct", "2018-08"))  # nothing left to time
    assert moved(before, after, "yc_identified", "2018-08")  # still counted as identified
    assert moved(before, after, "yc_assessed", "2018-08")  # a completed assessment is a count, not a duration


# ---- AA4-010 / AA5-010: dates blanked -----------------------------------------------------------

def test_aa4_010_assessment_authorised_before_it_started_counts_as_started_only():
    clean = {"assessments": [{"child_id": "S1", "assessment_start_date": "2018-07-02",
                              "assessment_auth_date": "2018-07-20"}]}
    extra = {"assessments": [{"child_id": "S9", "assessment_start_date": "2018-08-13",
                              "assessment_auth_date": "2018-08-01"}]}
    ids = ["assessments_started", "assessments_completed", "assessments_within_45wd_pct"]
    before, after = planted("AA4-010", clean, extra, ids)
    left_out_of(before, after, ["assessments_completed", "assessments_within_45wd_pct"])
    assert moved(before, after, "assessments_started", "2018-08")


def test_aa5_010_icpc_before_the_s47_is_no_icpc():
    clean = {"s47": [{"child_id": "E1", "s47_start_date": "2018-07-02", "icpc_date": "2018-07-16"}]}
    extra = {"s47": [{"child_id": "E9", "s47_start_date": "2018-08-13", "icpc_date": "2018-08-01"}]}
    before, after = planted("AA5-010", clean, extra, ["icpcs", "icpc_within_15wd_pct", "s47_started"])
    left_out_of(before, after, ["icpcs", "icpc_within_15wd_pct"])
    assert moved(before, after, "s47_started", "2018-08")  # the enquiry itself still counts


def test_every_rule_that_promises_an_exclusion_has_a_test_here():
    """A new rule saying "left out of ..." or "still counted ..." needs its own test above."""
    promised = {code for code, rule in RULES.items()
                if any(w in rule.message.lower() for w in ("left out", "still count", "not as completed"))}
    source = open(__file__, encoding="utf-8").read()
    assert {code for code in promised if f'"{code}"' not in source} == set()
