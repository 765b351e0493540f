"""Journeys and drift on a handful of hand-written children (answers worked out by hand)."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.deepdive import drift, journeys
from safeguarding.indicators.base import Context
from safeguarding.periods import parse_period

from ..indicators.helpers import complete_history_params, make_tables


def kid(child, **extra):
    return {"child_id": child, "sex": "F", "ethnicity": "WBRI", "date_of_birth": "2010-01-01", **extra}


@pytest.fixture()
def tables():
    # K1: two contacts, referral, assessment, S47, ICPC, plan, care.
    # K2: contact, referral, assessment (no further). K3: contact only. K4: referral then plan
    # without a contact on record.
    return make_tables(
        contacts=[kid("K1", contact_date="2018-01-02"), kid("K1", contact_date="2018-01-05"),
                  kid("K2", contact_date="2018-02-01"), kid("K3", contact_date="2018-03-01")],
        referrals=[kid("K1", referral_date="2018-01-05", team="T1", worker="W1"),
                   kid("K2", referral_date="2018-02-03", team="T2", worker="W2"),
                   kid("K4", referral_date="2017-06-01", team="T1", worker="W1"),
                   kid("K4", referral_date="2018-04-01", team="T1", worker="W1")],
        assessments=[kid("K1", assessment_start_date="2018-01-05", team="T1", worker="W1"),
                     kid("K2", assessment_start_date="2018-02-10", assessment_auth_date="2018-03-30",
                         team="T2", worker="W2"),
                     kid("K4", assessment_start_date="2018-04-02", team="T1", worker="W1")],
        s47=[kid("K1", s47_start_date="2018-01-10", icpc_date="2018-01-24", team="T1", worker="W1"),
             kid("K4", s47_start_date="2018-11-01", team="T1", worker="W1")],
        cp_plans=[kid("K1", cpp_start_date="2018-01-24", cpp_end_date="2018-06-30", team="T1", worker="W1"),
                  kid("K4", cpp_start_date="2018-05-01", team="T1", worker="W1")],
        looked_after=[kid("K1", cla_start_date="2018-07-01", team="T1", worker="W1")],
        cin=[kid("K4", cin_start_date="2016-06-01", team="T1", worker="W1"),
             kid("K2", cin_start_date="2018-02-03", cin_closure_date="2018-04-30", team="T2", worker="W2")])


def test_events_in_date_order_with_same_day_order(tables):
    ev = journeys.events(tables, ["K1"])
    assert ev["event"].tolist() == ["C", "C", "R", "AS", "S47", "ICPC", "CPP", "CLA"]
    assert ev["list"].tolist() == [1, 1, 3, 4, 5, 5, 7, 8]  # contact before the same-day referral


def test_one_line_journeys_and_reduced_forms(tables):
    paths = journeys.journeys(journeys.events(tables)).set_index("child_id")
    assert paths.loc["K1", "journey"] == "C -> C -> R -> AS -> S47 -> ICPC -> CPP -> CLA"
    assert paths.loc["K1", "reduced"] == "C -> R -> AS -> S47 -> ICPC -> CPP -> CLA"
    assert paths.loc["K2", "journey"] == "C -> R -> CIN -> AS"
    assert paths.loc["K2", "stages"] == "C -> R -> AS"
    assert paths.loc["K4", "journey"] == "CIN -> R -> R -> AS -> CPP -> S47"
    assert paths.loc["K4", "reduced"] == "CIN -> R -> AS -> CPP -> S47"
    assert paths.loc["K1", "events"] == 8


def test_common_paths(tables):
    paths = journeys.journeys(journeys.events(tables))
    stages = journeys.common_paths(paths, "stages", top=10)
    assert sorted(stages["path"]) == ["C", "C -> R -> AS", "C -> R -> AS -> S47 -> ICPC -> CPP -> CLA",
                                      "R -> AS -> CPP -> S47"]
    assert stages["children"].tolist() == [1, 1, 1, 1] and stages["percent"].tolist() == [25.0] * 4
    assert len(journeys.common_paths(paths, "stages", top=2)) == 2
    # K1's two contacts collapse, so reduced and full journeys differ for K1 only
    assert journeys.common_paths(paths, "journey")["path"].str.contains(r"\bC -> C\b").sum() == 1
    assert not journeys.common_paths(paths, "reduced")["path"].str.contains(r"\bC -> C\b").any()
    with pytest.raises(ValueError, match="valid: journey, reduced, stages"):
        journeys.common_paths(paths, "short")


def test_progression_counts_and_days(tables):
    table = journeys.progression(journeys.events(tables), pd.Timestamp("2018-01-01"), pd.Timestamp("2018-03-31"))
    rows = table.set_index("from_stage")
    # contacted in Q1: K1, K2, K3 -> referred: K1 (3 days after 2 Jan), K2 (2 days)
    assert rows.loc["Contact", ["children", "progressed"]].tolist() == [3, 2]
    assert rows.loc["Contact", "median_days"] == 2.5
    # referral -> assessment: K1 same day (0), K2 7 days
    assert rows.loc["Referral", ["children", "progressed", "median_days"]].tolist() == [2, 2, 3.5]
    assert rows.loc["Assessment", ["children", "progressed"]].tolist() == [2, 1]  # K1 only to S47
    assert rows.loc["Assessment", "conversion_pct"] == 50.0
    assert rows.loc["S47 enquiry", "median_days"] == 14  # 10 Jan -> 24 Jan
    assert rows.loc["CP plan", ["children", "progressed", "median_days"]].tolist() == [1, 1, 158]


def test_referral_to_plan_intervals_and_summary(tables):
    rows = drift.intervals(tables, "referral", "cp_plan").set_index("child_id")
    assert rows.loc["K1", "days"] == 19  # 5 Jan -> 24 Jan
    assert rows.loc["K4", "days"] == 30  # latest referral before the plan: 1 Apr -> 1 May
    assert rows.loc["K4", "start_year"] == 2019  # May 2018 is in the year ending March 2019
    summary = drift.interval_summary(drift.intervals(tables, "referral", "cp_plan")).set_index("start_year")
    assert summary.loc["2017-18", "median_days"] == 19 and summary.loc["2018-19", "median_days"] == 30
    assert summary.loc["All", ["n", "median_days", "q1_days", "q3_days"]].tolist() == [2, 24.5, 21.75, 27.25]


def test_plan_to_care_and_no_earlier_event(tables):
    rows = drift.intervals(tables, "cp_plan", "care")
    assert rows["days"].tolist() == [158]  # 24 Jan -> 1 Jul
    care = drift.intervals(tables, "s47", "care")
    assert care["days"].tolist() == [172]
    none = drift.intervals(tables, "care", "referral")  # care after every referral: no earlier care
    assert none["days"].isna().sum() == 4 and drift.interval_summary(none).iloc[-1]["no_earlier_event"] == 4


def test_open_longer_than_and_open_longest(tables):
    ctx = Context(tables=tables, params=complete_history_params(), period=parse_period("2018-07..2018-12"))
    cin = drift.open_longer_than(ctx, "cin", "2 years", "2018-12-31")
    assert cin["child_id"].tolist() == ["K4"] and cin["days_open"].tolist() == [943]
    assert drift.open_longer_than(ctx, "cp", "6 months", "2018-12-31")["child_id"].tolist() == ["K4"]
    assert drift.open_longer_than(ctx, "cp", "9 months", "2018-12-31").empty
    ass = drift.open_longest(tables, "assessments", "2018-12-31")
    assert ass["child_id"].tolist() == ["K1", "K4"]  # K2 authorised
    assert ass["working_days_open"].iloc[0] > ass["working_days_open"].iloc[1]
    s47 = drift.open_longest(tables, "s47", "2018-12-31")
    assert s47["child_id"].tolist() == ["K4"]  # K1 had its ICPC
    with pytest.raises(ValueError, match="valid: cin, cp"):
        drift.open_longer_than(ctx, "cla", "1 year", "2018-12-31")


def test_repeat_counts(tables):
    out = drift.repeat_counts(tables, "referrals", "2017-01-01", "2018-12-31")
    assert out.to_dict("records") == [{"times": 1, "children": 2}, {"times": 2, "children": 1}]
