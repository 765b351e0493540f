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
    # K1: two contacts, referral, assessment, S47, ICPC (to a plan), plan ending the day before
    # care. K2: contact, referral, CIN episode, assessment completed (no services), CIN closed
    # (RC8). K3: contact only. K4: referral then plan without a contact on record. K5: a
    # referral with no further action.
    return make_tables(
        contacts=[kid("K1", contact_date="2018-01-02"), kid("K1", contact_date="2018-01-05"),
                  kid("K2", contact_date="2018-02-01"), kid("K3", contact_date="2018-03-01")],
        referrals=[kid("K1", referral_date="2018-01-05", team="T1", worker="W1"),
                   kid("K2", referral_date="2018-02-03", team="T2", worker="W2"),
                   kid("K4", referral_date="2017-06-01", team="T1", worker="W1"),
                   kid("K4", referral_date="2018-04-01", team="T1", worker="W1"),
                   kid("K5", referral_date="2018-03-05", referral_nfa="Y", team="T2", worker="W2")],
        assessments=[kid("K1", assessment_start_date="2018-01-05", team="T1", worker="W1"),
                     kid("K2", assessment_start_date="2018-02-10", assessment_auth_date="2018-03-30",
                         support_required="N", team="T2", worker="W2"),
                     kid("K4", assessment_start_date="2018-04-02", team="T1", worker="W1")],
        s47=[kid("K1", s47_start_date="2018-01-10", icpc_date="2018-01-24", icpc_to_plan="Y", team="T1", worker="W1"),
             kid("K4", s47_start_date="2018-11-01", team="T1", worker="W1")],
        cp_plans=[kid("K1", cpp_start_date="2018-01-24", cpp_end_date="2018-06-30", team="T1", worker="W1"),
                  kid("K4", cpp_start_date="2018-05-01", team="T1", worker="W1")],
        looked_after=[kid("K1", cla_start_date="2018-07-01", team="T1", worker="W1")],
        cin=[kid("K4", cin_start_date="2016-06-01", team="T1", worker="W1"),
             kid("K2", cin_start_date="2018-02-03", cin_closure_date="2018-04-30", closure_reason="RC8",
                 team="T2", worker="W2")])


def test_events_in_date_order_with_same_day_order_and_outcomes(tables):
    ev = journeys.events(tables, ["K1"])
    assert ev["event"].tolist() == ["C", "C", "R", "AS", "S47", "ICPC", "CPP", "CPP-END", "CLA"]
    assert ev["list"].tolist() == [1, 1, 3, 4, 5, 5, 7, 7, 8]  # contact before the same-day referral
    outcome = ev.set_index("event")["outcome"]
    assert outcome["ICPC"] == "Plan"
    assert outcome["CPP-END"] == "Looked after"  # plan ended 30 June, care from 1 July
    k2 = journeys.events(tables, ["K2"])
    assert k2["event"].tolist() == ["C", "R", "CIN", "AS", "AS-END", "CIN-END"]
    assert k2.set_index("event").loc["AS-END", "outcome"] == "No services required"
    assert k2.set_index("event").loc["CIN-END", "outcome"] == "Case closed after assessment no further action"
    k5 = journeys.events(tables, ["K5"])
    assert k5["event"].tolist() == ["R", "NFA"] and k5["date"].nunique() == 1


def test_plan_end_outcome_is_what_the_lists_show_next():
    t = make_tables(cp_plans=[kid("A", cpp_start_date="2018-01-01", cpp_end_date="2018-03-01"),
                              kid("B", cpp_start_date="2018-01-01", cpp_end_date="2018-03-01"),
                              kid("C", cpp_start_date="2018-01-01", cpp_end_date="2018-03-01")],
                    cin=[kid("B", cin_start_date="2017-12-01"),
                         kid("C", cin_start_date="2017-12-01", cin_closure_date="2018-03-01")],
                    looked_after=[kid("A", cla_start_date="2018-03-02")])
    ends = journeys.events(t).query("event == 'CPP-END'").set_index("child_id")["outcome"]
    # A: care from the next day; B: CIN continues; C: CIN closed the same day - nothing open
    assert ends.to_dict() == {"A": "Looked after", "B": "Child in need", "C": "No open episode"}


def test_one_line_journeys_reduced_forms_and_outcome(tables):
    paths = journeys.journeys(journeys.events(tables)).set_index("child_id")
    assert paths.loc["K1", "journey"] == "C -> C -> R -> AS -> S47 -> ICPC -> CPP -> CPP-END -> CLA"
    assert paths.loc["K1", "reduced"] == "C -> R -> AS -> S47 -> ICPC -> CPP -> CPP-END -> CLA"
    assert paths.loc["K1", "stages"] == "C -> R -> AS -> S47 -> ICPC -> CPP -> CLA"
    assert paths.loc["K1", "outcome"] == "Started to be looked after"
    assert paths.loc["K2", "journey"] == "C -> R -> CIN -> AS -> AS-END -> CIN-END"
    assert paths.loc["K2", "stages"] == "C -> R -> AS"
    assert paths.loc["K2", "outcome"] == "CIN episode closed: Case closed after assessment no further action"
    assert paths.loc["K4", "journey"] == "CIN -> R -> R -> AS -> CPP -> S47"
    assert paths.loc["K4", "reduced"] == "CIN -> R -> AS -> CPP -> S47"
    assert paths.loc["K5", "journey"] == "R -> NFA" and paths.loc["K5", "stages"] == "R"
    assert paths.loc["K1", "events"] == 9
    assert paths.loc["K1", "first_event"] == pd.Timestamp("2018-01-02")
    assert paths.loc["K1", "last_event"] == pd.Timestamp("2018-07-01")
    assert list(paths.index) == ["K1", "K2", "K3", "K4", "K5"]


def test_common_paths(tables):
    paths = journeys.journeys(journeys.events(tables))
    stages = journeys.common_paths(paths, "stages", top=10)
    assert sorted(stages["path"]) == ["C", "C -> R -> AS", "C -> R -> AS -> S47 -> ICPC -> CPP -> CLA", "R",
                                      "R -> AS -> CPP -> S47"]
    assert stages["children"].tolist() == [1] * 5 and stages["percent"].tolist() == [20.0] * 5
    assert len(journeys.common_paths(paths, "stages", top=2)) == 2
    # K1's two contacts collapse, so reduced and full journeys differ for K1 only
    assert journeys.common_paths(paths, "journey")["path"].str.contains(r"\bC -> C\b").sum() == 1
    assert not journeys.common_paths(paths, "reduced")["path"].str.contains(r"\bC -> C\b").any()
    with pytest.raises(ValueError, match="valid: journey, reduced, stages"):
        journeys.common_paths(paths, "short")


def test_sankey_flows_from_the_first_referral(tables):
    flows = journeys.path_flows(journeys.events(tables), pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-31"),
                                steps=3)
    got = {(r.step, r.from_node, r.to_node): r.children for r in flows.itertuples()}
    # K1, K2, K4 (its 2018 referral) and K5 have a first referral in 2018; CIN starts are skipped
    assert got == {(1, "Referral", "Assessment"): 3, (1, "Referral", "Referral: NFA"): 1,
                   (2, "Assessment", "S47 enquiry"): 1, (2, "Assessment", "Assessment: no services"): 1,
                   (2, "Assessment", "CP plan"): 1, (2, "Referral: NFA", journeys.NO_LATER_EVENT): 1,
                   (3, "S47 enquiry", "ICPC"): 1, (3, "Assessment: no services", "CIN closed"): 1,
                   (3, "CP plan", "S47 enquiry"): 1}
    assert flows.attrs["children"] == 4
    # every child leaving a node reached it: the step-1 flows add up to the children followed
    assert flows.loc[flows["step"] == 1, "children"].sum() == 4
    only = journeys.path_flows(journeys.events(tables), pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-31"),
                               steps=2, child_ids=["K5"])
    assert only["children"].tolist() == [1, 1] and only.attrs["children"] == 1
    text = journeys.flows_description(flows)
    assert "4 children" in text and "Referral to Assessment 3" in text


def test_journeys_of_a_demo_size_council_are_vectorised():
    """Many children: same answers as a per-child loop (the loop is the definition)."""
    import numpy as np

    rng = np.random.default_rng(3)
    codes = np.array(["C", "R", "AS", "S47", "CPP"])
    n = 3000
    ev = pd.DataFrame({"child_id": np.sort(rng.integers(0, 800, n)).astype(str),
                       "date": pd.Timestamp("2018-01-01") + pd.to_timedelta(np.arange(n) % 300, "D"),
                       "event": codes[rng.integers(0, 5, n)], "label": "x", "outcome": None})
    ev = ev.sort_values(["child_id", "date"], kind="stable").reset_index(drop=True)
    fast = journeys.journeys(ev).set_index("child_id")
    for child, group in ev.groupby("child_id"):
        seq = group["event"].tolist()
        assert fast.loc[child, "journey"] == " -> ".join(seq)
        assert fast.loc[child, "reduced"] == " -> ".join(c for i, c in enumerate(seq) if i == 0 or c != seq[i - 1])
        assert fast.loc[child, "stages"] == " -> ".join(dict.fromkeys(c for c in seq if c in journeys.STAGES))
        assert fast.loc[child, "events"] == len(seq)


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
    assert none["days"].isna().sum() == 5 and drift.interval_summary(none).iloc[-1]["no_earlier_event"] == 5


def test_open_longer_than_and_open_longest(tables):
    ctx = Context(tables=tables, params=complete_history_params(), period=parse_period("2018-07..2018-12"))
    cin = drift.open_longer_than(ctx, "cin", "2 years", "2018-12-31")
    assert cin["child_id"].tolist() == ["K4"] and cin["days_open"].tolist() == [943]
    assert cin.loc[0, "status"] == "CP plan" and bool(cin.loc[0, "on_cp_plan"])
    assert drift.open_longer_than(ctx, "cin", "2 years", "2018-12-31", exclude="cp_plan").empty
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
    assert out.to_dict("records") == [{"times": 1, "children": 3}, {"times": 2, "children": 1}]
