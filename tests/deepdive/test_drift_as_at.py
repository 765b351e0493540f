"""Drift as at a date (status, allocation, visits and reviews never from after the date), repeat
demand lists and UK dates, on hand-built children (answers worked out by hand)."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

from safeguarding.deepdive import DeepDive, UnknownChildWarning, drift
from safeguarding.deepdive.cohort import cohort_frame
from safeguarding.deepdive.dates import DateError, as_date, as_month
from safeguarding.indicators.base import Context
from safeguarding.params import Params
from safeguarding.periods import parse_period
from safeguarding.prepare import PreparedData

from ..indicators.helpers import complete_history_params, make_tables

AS_AT = "2018-12-31"


def kid(child, **extra):
    return {"child_id": child, "sex": "M", "ethnicity": "BCRB", "date_of_birth": "2008-03-01", **extra}


def visits(child, kind, *dates):
    return [{"child_id": child, "activity_type": kind, "activity_date": d} for d in dates]


def drifting(with_activity: bool = True):
    """D1 on a CP plan since 1 Mar 2018 (List 7 extracted 10 Jan 2019: last visit 8 Jan, review
    5 Jan). D2 open CIN since 4 Jan 2016, on a CIN plan. D3 open CIN since 2015, looked after
    since 2017. D4 open CIN since 2016, on a plan since October 2018."""
    activity = (visits("D1", "CP_VISIT", "2018-11-30", "2018-12-14", "2019-01-08")
                + visits("D1", "RCPC", "2018-05-20", "2018-11-15", "2019-01-05")
                + visits("D2", "CIN_REVIEW", "2017-12-01", "2018-05-01")
                + visits("D2", "CIN_VISIT", "2018-12-03", "2019-01-07")) if with_activity else []
    return make_tables(
        cin=[kid("D1", cin_start_date="2018-01-15", case_status="CPP", team="CIN Team", worker="Cal"),
             kid("D2", cin_start_date="2016-01-04", case_status="CINP", last_seen_date="2019-01-07",
                 team="CIN Team", worker="Cal"),
             kid("D3", cin_start_date="2015-06-01", case_status="LAC", team="CIN Team", worker="Cal"),
             kid("D4", cin_start_date="2016-03-01", case_status="CPP", team="CIN Team", worker="Cal")],
        cp_plans=[kid("D1", cpp_start_date="2018-03-01", last_visit_date="2019-01-08", latest_review_date="2019-01-05",
                      team="CP Team", worker="Wen"),
                  kid("D4", cpp_start_date="2018-10-01", team="CP Team", worker="Wen")],
        looked_after=[kid("D3", cla_start_date="2017-01-01", team="CiC Team", worker="Ola")],
        case_activity=activity)


def ctx_for(tables, params: Params | None = None) -> Context:
    return Context(tables=tables, params=params or complete_history_params(), period=parse_period("2018-07..2018-12"))


def test_drift_fields_are_as_at_the_date_not_the_extract():
    ctx = ctx_for(drifting())
    cp = drift.open_longer_than(ctx, "cp", "6 months", AS_AT).set_index("child_id")
    d1 = cp.loc["D1"]
    assert d1["last_visit"] == pd.Timestamp("2018-12-14")  # not the 8 January visit
    # working days after 14 Dec up to 31 Dec 2018: 17-21, 24, 27, 28, 31 (25, 26 bank holidays)
    assert d1["working_days_since_visit"] == 9 and not d1["visit_overdue"]
    assert d1["last_review"] == pd.Timestamp("2018-11-15") and d1["next_review_due"] == pd.Timestamp("2019-05-15")
    assert not d1["review_overdue"]
    assert (d1["status"], d1["team"], d1["worker"]) == ("CP plan", "CP Team", "Wen")
    assert d1["days_open"] == 305  # 1 Mar -> 31 Dec 2018
    # as at 20 Dec the latest review was 15 Nov, and 30 Nov the latest visit: 14 working days
    at_20 = drift.open_longer_than(ctx, "cp", "6 months", "2018-12-20").set_index("child_id").loc["D1"]
    assert at_20["last_visit"] == pd.Timestamp("2018-12-14")
    earlier = drift.open_longer_than(ctx, "cp", "6 months", "2018-12-13").set_index("child_id").loc["D1"]
    assert earlier["last_visit"] == pd.Timestamp("2018-11-30")
    assert earlier["working_days_since_visit"] == 9 and not earlier["visit_overdue"]  # 3-7, 10-13 Dec


def test_cin_drift_excludes_looked_after_and_plans_and_finds_reviews_overdue():
    ctx = ctx_for(drifting())
    every = drift.open_longer_than(ctx, "cin", "2 years", AS_AT).set_index("child_id")
    assert sorted(every.index) == ["D2", "D3", "D4"]  # D1's CIN episode began in 2018
    assert every.loc["D3", "status"] == "Looked after" and every.loc["D3", "team"] == "CiC Team"
    assert every.loc["D4", "status"] == "CP plan" and every.loc["D4", "worker"] == "Wen"
    assert pd.isna(every.loc["D3", "visit_overdue"]) and pd.isna(every.loc["D4", "review_overdue"])
    plans_only = drift.open_longer_than(ctx, "cin", "2 years", AS_AT, exclude=("looked_after", "cp_plan"))
    assert plans_only["child_id"].tolist() == ["D2"]
    d2 = plans_only.iloc[0]
    assert d2["days_open"] == 1092 and d2["status"] == "Child in need"
    assert d2["last_review"] == pd.Timestamp("2018-05-01") and d2["next_review_due"] == pd.Timestamp("2018-08-01")
    assert d2["review_overdue"] and d2["days_since_review"] == 244
    assert d2["last_visit"] == pd.Timestamp("2018-12-03") and d2["working_days_since_visit"] == 18
    assert not d2["visit_overdue"]  # CIN standard 20 working days
    # "open over 2 years with no review in 6 months", and the same with a 6-month review setting
    stale = drift.open_longer_than(ctx, "cin", "2 years", AS_AT, exclude=("looked_after", "cp_plan"),
                                   not_reviewed_within="6 months")
    assert stale["child_id"].tolist() == ["D2"]
    assert drift.open_longer_than(ctx, "cin", "2 years", AS_AT, exclude=("looked_after", "cp_plan"),
                                  not_reviewed_within="9 months").empty
    longer = drift.open_longer_than(ctx, "cin", "2 years", AS_AT, exclude="looked_after", cin_review_months=9,
                                    cin_visit_working_days=15).set_index("child_id")
    assert not longer.loc["D2", "review_overdue"] and longer.loc["D2", "visit_overdue"]
    with pytest.raises(ValueError, match="unknown setting 'visits'; valid: cp_visit_working_days"):
        drift.open_longer_than(ctx, "cin", "2 years", AS_AT, visits=5)
    with pytest.raises(ValueError, match="valid: looked_after"):
        drift.open_longer_than(ctx, "cp", "1 year", AS_AT, exclude="cp_plan")
    with pytest.raises(ValueError, match="not_reviewed_within='a while': give an amount like"):
        drift.open_longer_than(ctx, "cin", "2 years", AS_AT, not_reviewed_within="a while")
    with pytest.raises(ValueError, match="not_visited_within=6: give the unit too"):
        drift.open_longer_than(ctx, "cin", "2 years", AS_AT, not_visited_within=6)


def test_without_case_activity_a_snapshot_after_the_date_is_unknown_not_used():
    ctx = ctx_for(drifting(with_activity=False))
    d1 = drift.open_longer_than(ctx, "cp", "6 months", AS_AT).set_index("child_id").loc["D1"]
    assert pd.isna(d1["last_visit"]) and not d1["last_visit_known"] and pd.isna(d1["visit_overdue"])
    assert pd.isna(d1["last_review"]) and not d1["last_review_known"]
    # as at the extract date the snapshot is the answer
    at_extract = drift.open_longer_than(ctx, "cp", "6 months", "2019-01-10").set_index("child_id").loc["D1"]
    assert at_extract["last_visit"] == pd.Timestamp("2019-01-08") and at_extract["last_visit_known"]


def test_cohort_snapshot_columns_are_restated_as_at_the_window_end():
    tables = drifting()
    params, period = complete_history_params(), parse_period("2018-07..2018-12")
    plans = cohort_frame(tables, params, period, "cp_children", as_at=AS_AT).set_index("child_id")
    assert plans.loc["D1", "last_visit_date"] == pd.Timestamp("2018-12-14")
    assert plans.loc["D1", "latest_review_date"] == pd.Timestamp("2018-11-15")
    cin = cohort_frame(tables, params, period, "cin_open", as_at="2017-06-30").set_index("child_id")
    # 30 June 2017: D3 looked after, D4 not yet on a plan (CIN), D2 CIN; D1 not yet open
    assert cin["case_status"].to_dict() == {"D2": "CINP", "D3": "LAC", "D4": "CINP"}
    assert pd.isna(cin.loc["D2", "last_seen_date"])  # the 7 Jan 2019 visit is after the date
    assert plans.attrs["restated_as_at"] == ["last_visit_date", "seen_alone", "latest_review_date"]


def plans_and_referrals():
    """P1: plans 2015, 2016 and 1 Mar 2018 (the last 577 days after the 2016 one ended). P2: a plan
    of 1 Jun 2018 whose earlier plan is not in the extract; P3 the same in Sep 2017. P4: plans in
    2015 and 1 Feb 2018 (947 days apart). Referrals: P1 four in 2018; P5 three from Dec 2017."""
    def plan(child, start, end=None, previous=0):
        return kid(child, cpp_start_date=start, cpp_end_date=end, previous_plans=previous)

    def ref(child, date, nfa="N"):
        return kid(child, referral_date=date, referral_nfa=nfa, referral_source="5A", team="T", worker="W")

    return make_tables(
        cp_plans=[plan("P1", "2015-03-01", "2015-09-30"), plan("P1", "2016-02-01", "2016-08-01", 1),
                  plan("P1", "2018-03-01", None, 2), plan("P2", "2018-06-01", None, 1),
                  plan("P3", "2017-09-01", None, 1), plan("P4", "2015-01-10", "2015-06-30"),
                  plan("P4", "2018-02-01", None, 1)],
        referrals=[ref("P1", d) for d in ("2018-01-10", "2018-04-02", "2018-09-15", "2018-12-20")]
        + [ref("P5", "2017-12-01"), ref("P5", "2018-01-15", "Y"), ref("P5", "2018-02-20")])


def test_intervals_of_a_step_with_itself_are_the_gaps_between_consecutive_events():
    rows = drift.intervals(plans_and_referrals(), "cp_plan", "cp_plan")
    got = {(r.child_id, f"{r.to_date:%Y-%m-%d}"): r.days for r in rows.itertuples()}
    assert got[("P1", "2016-02-01")] == 337 and got[("P1", "2018-03-01")] == 759
    assert got[("P4", "2018-02-01")] == 1118
    assert pd.isna(got[("P1", "2015-03-01")]) and pd.isna(got[("P2", "2018-06-01")])
    assert rows["days"].notna().sum() == 3  # never a plan against itself


def test_repeat_plans_within_two_years_and_before_the_data():
    params = complete_history_params()
    params.conventions.annex_a_data_from = "2016-01-01"  # List 7 holds every plan open since
    ctx = ctx_for(plans_and_referrals(), params)
    lo, hi = pd.Timestamp("2017-01-01"), pd.Timestamp("2018-12-31")
    out = drift.repeat_plans(ctx, lo, hi).set_index("child_id")
    # P1 within (577 days); P3's earlier plan is before the data and could have ended after
    # 1 Sep 2015: unknown, kept; P2's ended before 2016 - over 2 years before June 2018; P4: 947 days
    assert list(out.index) == ["P3", "P1"]
    assert bool(out.loc["P1", "previous_plan_within_window"]) and out.loc["P1", "days_since_previous_plan_ended"] == 577
    assert out.loc["P1", "previous_plan_end"] == pd.Timestamp("2016-08-01")
    assert pd.isna(out.loc["P3", "previous_plan_within_window"]) and out.loc["P3", "earlier_plan_before_data"]
    every = drift.repeat_plans(ctx, lo, hi, within=None)
    assert every["child_id"].tolist() == ["P3", "P4", "P1", "P2"]
    assert every["earlier_plan_before_data"].tolist() == [True, False, False, True]
    assert every["previous_plan_within_window"].isna().all()


def test_children_with_three_or_more_referrals_in_twelve_months():
    ctx = ctx_for(plans_and_referrals())
    year = drift.repeat_referrals(ctx, 3, pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-31"))
    assert year["child_id"].tolist() == ["P1"] and year["referrals"].tolist() == [4]
    assert year.loc[0, "referral_dates"] == "10/01/2018; 02/04/2018; 15/09/2018; 20/12/2018"
    assert year.loc[0, "latest_referral"] == pd.Timestamp("2018-12-20")
    to_june = drift.repeat_referrals(ctx, 3, pd.Timestamp("2017-07-01"), pd.Timestamp("2018-06-30"))
    assert to_june["child_id"].tolist() == ["P5"] and to_june.loc[0, "nfa_referrals"] == 1
    assert to_june.loc[0, "first_referral"] == pd.Timestamp("2017-12-01")
    with pytest.raises(ValueError, match="times=0"):
        drift.repeat_referrals(ctx, 0, pd.Timestamp("2018-01-01"), pd.Timestamp("2018-12-31"))


@pytest.mark.parametrize("text", ["2018-11-01", "01/11/2018", "1/11/2018", "01-11-2018", "01.11.2018",
                                  "1 November 2018", "1 Nov 2018", "1st Nov 2018", "2018/11/01", " 01/11/2018 "])
def test_uk_and_iso_dates_are_1_november(text):
    assert as_date(text, "start") == pd.Timestamp("2018-11-01")


@pytest.mark.parametrize("text, message", [
    ("11/30/2018", "start='11/30/2018': 30 is not a month"),
    ("01/11/18", "give the year in four digits"),
    ("31/06/2018", "there is no day 31 in June 2018"),
    ("next Tuesday", "not a date this call can read without guessing"),
    ("2018-11-01 09:30", "not a date this call can read"),
    ("1 Noveber 2018", "'Noveber' is not a month name")])
def test_ambiguous_or_unreadable_dates_are_refused_naming_the_argument(text, message):
    with pytest.raises(DateError, match=message):
        as_date(text, "start")


def test_months_and_date_values():
    assert as_month("2018-11") == as_month("11/2018") == as_month("Nov 2018") == pd.Period("2018-11", "M")
    with pytest.raises(DateError, match="month='2018-13'"):
        as_month("2018-13")
    assert as_date(pd.Timestamp("2018-11-01 13:45")) == pd.Timestamp("2018-11-01")
    assert as_date(None) is None


@pytest.fixture(scope="module")
def small_dd():
    tables = drifting()
    data = PreparedData(folder=None, params=complete_history_params(), period=parse_period("2018-07..2018-12"),
                        tables=tables, findings=pd.DataFrame(), accounts=pd.DataFrame(), indicators=pd.DataFrame())
    return DeepDive(data)


def test_deep_dive_calls_read_uk_dates_and_warn_about_unknown_children(small_dd):
    assert small_dd.open_longer_than("cp", "6 months", "31/12/2018")["child_id"].tolist() == ["D1"]
    with pytest.raises(DateError, match="as_at='12/31/2018'"):
        small_dd.open_longer_than("cp", "6 months", "12/31/2018")
    with pytest.warns(UnknownChildWarning, match="child ID\\(s\\) D9 not found"):
        assert small_dd.events(["D9"]).empty
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(small_dd.events(["D1"])) > 0  # a known child: no warning
    with pytest.raises(ValueError, match="end=2018-01-01 is before start=2018-06-01"):
        small_dd.repeat_counts(start="01/06/2018", end="01/01/2018")
