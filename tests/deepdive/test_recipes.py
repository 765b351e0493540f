"""The ten requests an inspector makes (docs/deep-dive.md, "The ten requests"), each one call on
the synthetic demo council (the notebook fixture), checked against the report's own figures or
worked back from the tables."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from safeguarding.deepdive import DeepDive


@pytest.fixture(scope="module")
def dd():
    from safeguarding.prepare import load_prepared
    from safeguarding.fixture import notebook_fixture

    return DeepDive(load_prepared(notebook_fixture()))


def indicator(dd, indicator_id, month=None, column="numerator"):
    ind = dd.data.indicators
    row = ind[(ind["indicator_id"] == indicator_id) & (ind["month"] == (month or dd.period.label))]
    return row[column].iloc[0]


def midnight(values) -> bool:
    values = pd.Series(values).dropna()
    return bool((values == values.dt.normalize()).all())


def test_1_the_children_behind_an_indicator(dd):
    month = str(dd.period.last_month - 1)
    c = dd.cohort("rereferral_pct", month=month)
    assert c["in_numerator"].sum() == indicator(dd, "rereferral_pct", month) > 0
    assert c["in_denominator"].sum() == indicator(dd, "rereferral_pct", month, "denominator")
    assert c.loc[c["in_numerator"], "referral_source_label"].notna().all()
    # the same window written the UK way
    first, last = pd.Period(month).start_time, pd.Period(month).end_time.normalize()
    uk = dd.cohort("rereferral_pct", start=f"{first:%d/%m/%Y}", end=f"{last:%d/%m/%Y}")
    assert uk["child_id"].tolist() == c["child_id"].tolist()


def test_2_an_indicator_broken_down_adds_up(dd):
    """The groups add up to the Total row, which is the indicator (issue #22: breakdowns carry it)."""
    table = dd.breakdown("assessments_within_45wd_pct", by="team").set_index("team")
    groups, total = table.drop(index="Total"), table.loc["Total"]
    assert groups["numerator"].sum() == total["numerator"] == indicator(dd, "assessments_within_45wd_pct")
    assert groups["denominator"].sum() == total["denominator"] == indicator(
        dd, "assessments_within_45wd_pct", column="denominator")
    by_code = dd.breakdown("referrals", by="ethnicity").set_index("ethnicity")
    assert by_code.drop(index="Total")["count"].sum() == by_code.loc["Total", "count"] == indicator(dd, "referrals")


def test_3_disproportionality_against_the_population(dd):
    table = dd.rates("on_cp_plan", by="ethnicity_group")
    assert table["children"].sum() == indicator(dd, "cp_children", str(dd.period.last_month))
    ref = table.set_index("ethnicity_group").loc["White British"]
    assert ref["rri"] == 1.0
    assert table["p_value"].dropna().between(0, 1).all()


def test_4_one_childs_journey(dd):
    child = dd.busiest_child()
    events = dd.events(child)
    assert (events["child_id"] == child).all() and events["date"].is_monotonic_increasing
    assert "outcome" in events and midnight(events["date"])
    fig = dd.timeline(child)
    assert isinstance(fig, matplotlib.figure.Figure)


def test_5_the_annex_a_summaries(dd):
    summaries = dd.annex_a_summaries()
    events = summaries["Events by month (Lists 1, 3, 5)"]
    assert events.loc["Total", "L3 Referrals"] == indicator(dd, "referrals")
    assert events.loc["Total", "L5 S47 enquiries"] == indicator(dd, "s47_started")


def test_6_a_list_of_children_to_take_away(dd):
    c = dd.cohort("cp_open_2yr_pct", as_at=dd.as_at, cp_open_longer_than="18 months")
    listed = c[c["in_numerator"]]
    assert (listed["days_on_plan"] >= 549).all()  # 18 months before 31 Dec 2018
    assert {"child_id", "cpp_start_date", "latest_category_label", "team", "worker"} <= set(listed.columns)
    assert midnight(listed["cpp_start_date"]) and midnight(listed["last_visit_date"])
    assert (listed["last_visit_date"].dropna() <= dd.as_at).all()  # as at the date, not the extract


def test_7_drift_as_at_a_date(dd):
    as_at = pd.Timestamp("2018-11-30")
    every = dd.open_longer_than("cin", "2 years", "30/11/2018")
    out = dd.open_longer_than("cin", "2 years", "2018-11-30", exclude=("looked_after", "cp_plan"),
                              not_reviewed_within="6 months")
    assert len(every) > len(out) and set(out["child_id"]) <= set(every["child_id"])
    assert not out["looked_after"].any() and not out["on_cp_plan"].any()
    assert (out["days_open"] >= 730).all()
    assert (out["last_review"].isna() | (out["last_review"] < as_at - pd.DateOffset(months=6))).all()
    assert (every["last_visit"].dropna() <= as_at).all() and (every["last_review"].dropna() <= as_at).all()
    assert every.loc[every["looked_after"], "status"].eq("Looked after").all()
    assert {"team", "worker", "visit_overdue", "review_overdue", "next_review_due"} <= set(every.columns)


def test_8_repeat_demand(dd):
    referrals = dd.repeat_referrals(2, "12 months")
    lo = dd.as_at - pd.DateOffset(months=12) + pd.Timedelta(days=1)
    t = dd.tables["referrals"]
    counts = t[t["referral_date"].between(lo, dd.as_at)].groupby("child_id").size()
    assert sorted(referrals["child_id"]) == sorted(counts[counts >= 2].index)
    assert (referrals["referrals"] >= 2).all() and len(referrals)
    plans = dd.repeat_plans(within=None)
    cohort = dd.cohort("cp_second_plan_pct_r12", as_at=dd.as_at)
    assert len(plans) == cohort["in_numerator"].sum()  # every repeat plan of the indicator's window
    within = dd.repeat_plans("2 years")
    assert set(within["child_id"]) <= set(plans["child_id"])
    known = within["previous_plan_within_window"].notna()
    assert within.loc[known, "previous_plan_within_window"].all()
    assert (within.loc[known, "days_since_previous_plan_ended"] <= 731).all()
    gaps = dd.intervals("cp_plan", "cp_plan")  # each plan against the child's previous one
    assert gaps["from_date"].isna().sum() == dd.tables["cp_plans"]["child_id"].nunique()
    paired = gaps.dropna(subset=["from_date"])
    assert (paired["from_date"] <= paired["to_date"]).all()


def test_9_journeys_with_outcomes(dd):
    paths = dd.journeys()
    events = dd.events()
    assert len(paths) == events["child_id"].nunique()
    assert paths["outcome"].str.contains("CIN episode closed: ").any()
    assert events["event"].isin(["NFA", "AS-END", "ICPC-NR", "CPP-END", "CIN-END"]).any()
    flows = dd.path_flows()
    assert flows.loc[flows["step"] == 1, "children"].sum() == flows.attrs["children"] > 0
    fig = dd.sankey()
    assert str(flows.attrs["children"]) in fig.alt_text.replace(",", "")


def test_10_ethnicity_in_detail(dd):
    table = dd.ethnicity("in_need", min_population=100)
    assert table["children"].sum() == indicator(dd, "cin_open", str(dd.period.last_month))
    rows = table.set_index("ethnicity")
    assert "Black Caribbean" in rows.index and rows.loc["Black Caribbean", "england_pct"] > 0
    assert np.isclose(table["children_pct"].sum(), 100)
    # a council this small cannot keep every code apart at 1,000 children: pooled within groups
    default = dd.ethnicity("in_need")
    pooled = default.attrs["pooled"]
    assert pooled and all(len(units) >= 2 for units in pooled.values())
    assert not {u for units in pooled.values() for u in units} & set(default["ethnicity"])
    assert default["children"].sum() == table["children"].sum()
