"""Derived fields, counts, dashboards, lists and changes on the hand-built snapshot (conftest).

Statuses in CURRENT: BLUE 1.1, 1.2 ('Completed'), 2.2 ('blue'), 3.3 = 4; GREEN 1.10 ('On
track'), 2.3 ('green'), 3.1 = 3; AMBER 2.1 ('Amber') = 1; RED 1.3, 3.2 = 2; total 10.
"""
import numpy as np
import pandas as pd
import pytest

from safeguarding import improvement as ip
from safeguarding.params import ImprovementPlan, Params
from safeguarding.periods import parse_period

from .conftest import NaT, PERIOD, REPORT_DATE, D, frame


def by_ref(actions, series):
    return dict(zip(actions["action_ref"], series))


# ---- statuses ------------------------------------------------------------------------------
def test_status_synonyms_map_to_codes(actions):
    codes = by_ref(actions, ip.status_codes(actions))
    assert codes == {"3.1": "GREEN", "3.2": "RED", "3.3": "BLUE", "1.1": "BLUE", "1.2": "BLUE",
                     "1.10": "GREEN", "1.3": "RED", "2.1": "AMBER", "2.2": "BLUE", "2.3": "GREEN"}


def test_scheme_synonyms_and_unknown():
    s = ip.status_scheme(None)
    assert [s.code_for(v) for v in ["Blue", " completed ", "On track", "in progress, on track",
                                    "More work needed", "stuck", "Off-track", "R", "NOT_STARTED", "", None]] \
        == ["BLUE", "BLUE", "GREEN", "GREEN", "AMBER", "RED", "RED", "RED", None, None, None]
    df = pd.DataFrame({"status": ["GREEN", "purple", None]})
    assert list(ip.status_codes(df)) == ["GREEN", "UNKNOWN", "UNKNOWN"]


def test_completion_scale_uses_its_own_defaults():
    params = Params(improvement_plan=ImprovementPlan(scale="COMPLETION"))
    s = ip.status_scheme(params)
    assert s.codes == ["COMPLETED", "ONGOING", "NOT_COMPLETED"]
    assert s.red_code == "NOT_COMPLETED"
    df = pd.DataFrame({"status": ["Completed", "Ongoing", "not completed by deadline", "G", "R"]})
    counts = ip.status_counts(df, params).set_index("status")["count"].to_dict()
    assert counts == {"COMPLETED": 2, "ONGOING": 1, "NOT_COMPLETED": 2}
    assert ip.percent_red(df, params) == pytest.approx(40.0)  # 2 / 5
    assert ip.status_summary_text(df, params).endswith("40% of actions are not completed by their deadline.")


def test_custom_labels_and_colours_from_params():
    params = Params(improvement_plan=ImprovementPlan(statuses={
        "BLUE": ["Done", "#0000ff"], "GREEN": ["On track", "#00ff00"],
        "AMBER": ["Slipping", "#ffaa00"], "RED": ["Stuck", "#ff0000"]}))
    s = ip.status_scheme(params)
    assert s.label("AMBER") == "Slipping" and s.colour("RED") == "#ff0000"
    assert s.code_for("slipping") == "AMBER"  # a configured label is accepted as a status


# ---- derived dates ---------------------------------------------------------------------------
def test_effective_due_overdue_and_days(actions):
    due = by_ref(actions, ip.effective_due_date(actions))
    assert due["1.3"] == D("2019-02-28") and due["2.1"] == D("2018-12-15")
    over = by_ref(actions, ip.overdue(actions, REPORT_DATE))
    assert sorted(k for k, v in over.items() if v) == ["2.1", "2.3", "3.2"]
    days = by_ref(actions, ip.days_overdue(actions, REPORT_DATE))
    # 2.3: 31 Aug -> 31 Dec = 30+31+30+31 = 122; 3.2: 30 Nov -> 31 Dec = 31; 2.1: 15 -> 31 Dec = 16
    assert (days["2.3"], days["3.2"], days["2.1"]) == (122, 31, 16)
    assert pd.isna(days["1.3"]) and pd.isna(days["1.1"])
    # due on the report date itself is not yet overdue
    one = frame([("9", "X", "a", "o", D("2018-12-31"), NaT, None, "GREEN", NaT, "", NaT)])
    assert not ip.overdue(one, REPORT_DATE).iloc[0]


def test_period_flags(actions):
    comp = by_ref(actions, ip.completed_in_period(actions, PERIOD))
    assert sorted(k for k, v in comp.items() if v) == ["1.2", "2.2"]  # 3.3 completed 5 Jan 2019
    orig = by_ref(actions, ip.due_in_period(actions, PERIOD))
    assert sorted(k for k, v in orig.items() if v) == ["1.2", "1.3", "2.1", "2.2", "3.3"]
    eff = by_ref(actions, ip.due_in_period(actions, parse_period(PERIOD), basis="effective"))
    assert sorted(k for k, v in eff.items() if v) == ["1.2", "2.1", "2.2", "3.2", "3.3"]
    on_eff = by_ref(actions, ip.completed_by_deadline(actions, "effective"))
    assert sorted(k for k, v in on_eff.items() if v) == ["1.1", "1.2", "2.2"]
    on_orig = by_ref(actions, ip.completed_by_deadline(actions, "original"))
    assert sorted(k for k, v in on_orig.items() if v) == ["1.1", "1.2"]  # 2.2 met only its revised date


# ---- counts ----------------------------------------------------------------------------------
def test_status_counts_and_percent_red(actions):
    counts = ip.status_counts(actions)
    assert list(counts["status"]) == ["BLUE", "GREEN", "AMBER", "RED"]
    assert list(counts["count"]) == [4, 3, 1, 2]
    assert list(counts["percent"]) == pytest.approx([40.0, 30.0, 10.0, 20.0])
    assert ip.percent_red(actions) == pytest.approx(20.0)
    assert ip.status_summary_text(actions) == (
        "There are 10 actions: 4 blue (completed), 3 green (in progress, on track), "
        "1 amber (more work needed) and 2 red (stuck / off track). 20% of actions are red.")


def test_status_counts_unknown_row_and_empty():
    df = pd.DataFrame({"status": ["RED", "nonsense"]})
    counts = ip.status_counts(df).set_index("status")
    assert counts.loc["UNKNOWN", "count"] == 1 and counts.loc["RED", "percent"] == 50.0
    empty = ip.status_counts(pd.DataFrame({"status": pd.Series([], dtype=object)}))
    assert empty["count"].sum() == 0 and empty["percent"].isna().all()
    assert np.isnan(ip.percent_red(pd.DataFrame({"status": []})))


def test_fmt_pct_rounds_like_the_seed():
    # seed 004: 1 red of 68 actions -> "1%"
    assert ip.fmt_pct(100 / 68) == "1%"
    assert ip.fmt_pct(0.3) == "<1%" and ip.fmt_pct(0) == "0%" and ip.fmt_pct(12.5) == "13%"
    assert ip.fmt_pct(np.nan) == "n/a"


def test_status_by_area(actions):
    t = ip.status_by_area(actions)
    assert list(t.index) == ["Front door", "Assessment", "Leadership"]  # plan order, not row order
    assert list(t.columns) == ["BLUE", "GREEN", "AMBER", "RED"]
    assert t.loc["Front door"].tolist() == [2, 1, 0, 1]
    assert t.loc["Assessment"].tolist() == [1, 1, 1, 0]
    assert t.loc["Leadership"].tolist() == [1, 1, 0, 1]


# ---- dashboards ------------------------------------------------------------------------------
def test_due_vs_completed_original_basis(actions):
    d = ip.due_vs_completed(actions, PERIOD).set_index("key")["count"].to_dict()
    # due by original target in Oct-Dec 2018: 1.2, 1.3, 2.1, 2.2, 3.3
    assert d == {"due": 5, "completed_by_deadline": 1, "completed_late": 2, "completed_no_date": 0,
                 "not_completed": 2, "revised": 2}
    pct = ip.due_vs_completed(actions, PERIOD).set_index("key")["percent"]
    assert pct["completed_by_deadline"] == pytest.approx(20.0)


def test_due_vs_completed_effective_basis(actions):
    d = ip.due_vs_completed(actions, PERIOD, basis="effective").set_index("key")["count"].to_dict()
    # due by effective date: 1.2, 2.1, 2.2, 3.2, 3.3; on time 1.2, 2.2; late 3.3; open 2.1, 3.2
    assert d == {"due": 5, "completed_by_deadline": 2, "completed_late": 1, "completed_no_date": 0,
                 "not_completed": 2, "revised": 2}


def test_plan_dashboard(actions):
    d = ip.plan_dashboard(actions, REPORT_DATE).set_index("key")["count"].to_dict()
    assert d == {"total": 10, "completed_by_deadline": 3, "completed_late": 1, "completed_no_date": 0,
                 "ongoing": 2, "at_risk": 1, "overdue": 3, "no_deadline": 0}
    assert sum(v for k, v in d.items() if k != "total") == 10


# ---- lists -----------------------------------------------------------------------------------
def test_overdue_actions(actions):
    o = ip.overdue_actions(actions, REPORT_DATE)
    assert list(o["action_ref"]) == ["2.3", "3.2", "2.1"]  # most overdue first
    assert list(o["days_overdue"]) == [122, 31, 16]
    assert list(o["status_code"]) == ["GREEN", "RED", "AMBER"]
    assert o.loc[0, "owner"] == "Principal Social Worker"
    none = ip.overdue_actions(actions, D("2018-01-01"))
    assert none.empty and "days_overdue" in none.columns


def test_deadline_revisions(actions):
    r = ip.deadline_revisions(actions)
    assert list(r["action_ref"]) == ["1.3", "2.2", "3.2"]
    assert list(r["old_date"]) == [D("2018-10-31"), D("2018-10-31"), D("2018-06-30")]
    assert list(r["new_date"]) == [D("2019-02-28"), D("2018-12-31"), D("2018-11-30")]
    assert list(r["days_moved"]) == [120, 61, 153]
    assert list(r["reason"]) == ["Linked to MASH go-live", "Sign-off delayed", "Recruitment"]


def test_action_list_order_and_completed_in_period(actions):
    lst = ip.action_list(actions, report_date=REPORT_DATE)
    assert list(lst["action_ref"]) == ["1.1", "1.2", "1.3", "1.10", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"]
    done = ip.actions_completed_in_period(actions, PERIOD)
    assert list(done["action_ref"]) == ["1.2", "2.2"] and list(done["by_deadline"]) == [True, True]


def test_natural_key():
    assert sorted(["1.10", "1.2", "10.1", "2.1", "A1", "1.2a"], key=ip.natural_key) == \
        ["1.2", "1.2a", "1.10", "2.1", "10.1", "A1"]


def test_input_not_modified(actions):
    before = actions.copy()
    ip.action_list(actions, report_date=REPORT_DATE)
    ip.plan_dashboard(actions, REPORT_DATE)
    pd.testing.assert_frame_equal(actions, before)


# ---- changes since the previous snapshot ------------------------------------------------------
def test_changes_since(previous_actions, actions):
    c = ip.changes_since(previous_actions, actions)
    got = list(zip(c["change"], c["action_ref"]))
    assert got == [("new", "1.10"),
                   ("status", "1.2"), ("status", "1.3"), ("status", "2.2"), ("status", "3.3"),
                   ("deadline", "1.3"), ("deadline", "3.2"),
                   ("removed", "4.1")]
    s = c.loc[c["change"] == "status"].set_index("action_ref")
    assert s.loc["1.3", ["old_status", "new_status", "status_direction"]].tolist() == ["GREEN", "RED", "worsened"]
    assert s.loc["1.2", "status_direction"] == "improved" and s.loc["3.3", "old_status"] == "AMBER"
    d = c.loc[c["change"] == "deadline"].set_index("action_ref")
    assert d.loc["1.3", "old_due_date"] == D("2018-10-31") and d.loc["1.3", "new_due_date"] == D("2019-02-28")
    assert d.loc["3.2", "old_due_date"] == D("2018-09-30") and d.loc["3.2", "reason"] == "Recruitment"
    assert ip.changes_since(actions, actions).empty

