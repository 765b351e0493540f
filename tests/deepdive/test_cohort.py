"""cohort() and breakdown() count exactly what the indicators count (hand-built council, every
month and the report period, every supported indicator), with labels, thresholds and messages."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.indicators.base import Context
from safeguarding.deepdive.cohort import breakdown_frame, cohort_frame, supported
from safeguarding.periods import parse_period

from ..indicators.helpers import complete_history_params, compute, make_tables, population

PERIOD = "2018-07..2018-12"


def person(child, sex="F", eth="WBRI", dob="2010-05-01", **extra):
    return {"child_id": child, "sex": sex, "ethnicity": eth, "date_of_birth": dob, **extra}


def council():
    """Eight children with contacts, referrals, assessments, S47s, CIN, CP plans and visits,
    around the period July-December 2018."""
    return make_tables(
        contacts=[person("A", contact_date="2018-07-02", contact_decision_date="2018-07-03"),
                  person("A", contact_date="2018-07-20", contact_decision_date="2018-07-27"),
                  person("B", "M", "BAFR", contact_date="2018-08-06"),
                  person("C", "M", "MWBC", contact_date="2018-11-12", contact_decision_date="2018-11-12"),
                  person("D", contact_date="2018-12-03", contact_decision_date="2018-12-04")],
        referrals=[person("A", referral_date="2018-07-23", referral_source="2B", referral_nfa="N", team="East", worker="Ann"),
                   person("A", referral_date="2018-10-01", referral_source="5A", referral_nfa="Y", team="East", worker="Ann"),
                   person("B", "M", "BAFR", referral_date="2017-09-01", referral_source="1A", referral_nfa="N", team="West", worker="Bob"),
                   person("B", "M", "BAFR", referral_date="2018-08-06", referral_source="3A", referral_nfa="N", team="West", worker="Bob"),
                   person("C", "M", "MWBC", referral_date="2018-11-13", referral_source="2B", team="West", worker="Cat"),
                   person("E", referral_date="2018-12-10", referral_source="2B", referral_nfa="N", team="East", worker="Ann")],
        assessments=[person("A", assessment_start_date="2018-07-23", assessment_auth_date="2018-08-31",
                            child_seen="Y", support_required="Y", disability="N", team="East", worker="Ann"),
                     person("B", "M", "BAFR", assessment_start_date="2018-08-06", assessment_auth_date="2018-11-30",
                            child_seen="N", support_required="N", disability="Y", team="West", worker="Bob"),
                     person("C", "M", "MWBC", assessment_start_date="2018-11-13", team="West", worker="Cat"),
                     person("E", assessment_start_date="2018-12-10", assessment_auth_date="2018-12-20",
                            child_seen="U", support_required="Y", team="East", worker="Ann")],
        s47=[person("A", s47_start_date="2018-08-01", icpc_date="2018-08-20", icpc_to_plan="Y", team="East", worker="Ann"),
             person("B", "M", "BAFR", s47_start_date="2018-09-03", icpc_not_required="Y", team="West", worker="Bob"),
             person("E", s47_start_date="2018-12-11", icpc_date="2019-01-02", icpc_to_plan="N", team="East", worker="Ann")],
        cin=[person("A", cin_start_date="2018-07-23", disability="N", team="East", worker="Ann"),
             person("B", "M", "BAFR", cin_start_date="2016-01-04", disability="Y", team="West", worker="Bob"),
             person("F", "M", "AIND", cin_start_date="2015-03-02", cin_closure_date="2018-09-30", team="West", worker="Bob"),
             person("G", cin_start_date="2016-06-01", team="East", worker="Dee")],
        cp_plans=[person("A", cpp_start_date="2018-08-20", previous_plans=0, latest_category="NEG", team="East", worker="Ann"),
                  person("G", cpp_start_date="2016-06-01", cpp_end_date="2018-10-15", previous_plans=1,
                         latest_category="EMO", team="East", worker="Dee"),
                  person("G", cpp_start_date="2018-11-01", previous_plans=2, latest_category="PHY", team="East", worker="Dee"),
                  person("B", "M", "BAFR", cpp_start_date="2017-03-01", latest_category="SAB", team="West", worker="Bob")],
        case_activity=[{"child_id": "A", "activity_type": "CP_VISIT", "activity_date": "2018-12-20"},
                       {"child_id": "B", "activity_type": "CP_VISIT", "activity_date": "2018-11-01"},
                       {"child_id": "G", "activity_type": "CP_VISIT", "activity_date": "2018-12-28"},
                       {"child_id": "A", "activity_type": "CIN_VISIT", "activity_date": "2018-12-01"},
                       {"child_id": "F", "activity_type": "CIN_REVIEW", "activity_date": "2018-08-15"},
                       {"child_id": "G", "activity_type": "CIN_REVIEW", "activity_date": "2018-10-20"},
                       {"child_id": "A", "activity_type": "CORE_GROUP", "activity_date": "2018-08-28"},
                       {"child_id": "G", "activity_type": "CORE_GROUP", "activity_date": "2018-11-20"},
                       {"child_id": "A", "activity_type": "RCPC", "activity_date": "2018-11-10"},
                       *[{"child_id": "B", "activity_type": "RCPC", "activity_date": d}
                         for d in ("2017-05-25", "2017-11-20", "2018-05-10", "2018-12-20")]],
        population=population(10_000))


def prepared(tables):
    """(tables, params, period, indicators) of a hand-built council over the report period."""
    params = complete_history_params()
    return tables, params, parse_period(PERIOD), compute(tables, PERIOD, params=params)


@pytest.fixture(scope="module")
def hand():
    return prepared(council())


def _counts(frame):
    num = int(frame["in_numerator"].sum()) if len(frame) else 0
    den = int(frame["in_denominator"].sum()) if "in_denominator" in frame else None
    return num, den


def _same(row, num, den) -> bool:
    expected_num = 0 if pd.isna(row.numerator) else row.numerator
    if num != expected_num:
        return False
    if den is None or row.unit == "rate_per_10k":
        return True
    return den == (0 if pd.isna(row.denominator) else row.denominator)


def check_every_window(hand, ids) -> tuple[int, int]:
    """Each cohort's counts against the indicator for every month of 2018 and the period:
    (windows checked, windows with a non-zero numerator)."""
    tables, params, period, indicators = hand
    checked = nonzero = 0
    context = Context(tables=tables, params=params, period=period)  # derived frames built once
    for indicator_id in ids:
        rows = indicators[(indicators["indicator_id"] == indicator_id)
                          & (indicators["period_type"].isin(["month", "period"]))
                          & (indicators["end"] >= "2018-01-01")]
        for row in rows.itertuples():
            if row.period_type == "period" and row.month != period.label:
                continue
            window = {"month": row.month} if row.period_type == "month" else {}
            num, den = _counts(cohort_frame(tables, params, period, indicator_id, context=context, **window))
            assert _same(row, num, den), (indicator_id, row.month, num, den, row.numerator, row.denominator)
            checked += 1
            nonzero += num > 0
    return checked, nonzero


def test_every_supported_indicator_counts_the_same_in_every_month_and_the_period(hand):
    assert len(supported()) == 68  # 42 of Lists 1-8, 26 of the local extracts (test_cohort_local)
    checked, _ = check_every_window(hand, supported())
    assert checked > 300


def test_rereferral_rows_carry_previous_referral_and_labels(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "rereferral_pct", month="2018-10")
    assert len(frame) == 1 and frame["in_numerator"].tolist() == [True]
    row = frame.iloc[0]
    assert row["child_id"] == "A" and row["previous_referral"] == pd.Timestamp("2018-07-23")
    assert row["referral_source"] == "5A" and row["referral_source_label"] == "LA services - social care"
    assert row["referral_nfa_label"] == "No further action"
    assert row["team"] == "East" and row["worker"] == "Ann"
    assert row["ethnicity_label"] == "White British" and row["ethnicity_group"] == "White British"
    assert row["age_band"] == "5 to 9"  # born 1 May 2010, referred 1 Oct 2018: 8


def test_b_is_a_rereferral_only_within_12_months(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "rereferral_pct", month="2018-08")
    assert frame["in_numerator"].tolist() == [True]  # 1 Sep 2017 -> 6 Aug 2018: 11 months
    frame = cohort_frame(tables, params, period, "rereferral_pct", month="2018-08", rereferral_within="6 months")
    assert frame["in_numerator"].tolist() == [False]


def test_cp_open_longer_than_threshold(hand):
    tables, params, period, _ = hand
    # at 31 Dec 2018: A since 20 Aug 2018, G since 1 Nov 2018 (new plan), B since 1 Mar 2017 (670 days)
    default = cohort_frame(tables, params, period, "cp_open_2yr_pct", as_at="2018-12-31")
    assert sorted(default["child_id"]) == ["A", "B", "G"]
    assert default["in_numerator"].sum() == 0  # nobody at 730 days
    longer = cohort_frame(tables, params, period, "cp_open_2yr_pct", as_at="2018-12-31",
                          cp_open_longer_than="18 months")
    assert longer.loc[longer["in_numerator"], "child_id"].tolist() == ["B"]
    assert longer.attrs["conventions"] == {"cp_open_longer_than": 549}  # 30 Jun 2017 -> 31 Dec 2018
    assert longer.loc[longer["child_id"] == "B", "days_on_plan"].iloc[0] == 670


def test_stock_rows_are_one_per_child_with_the_open_episode(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "cp_children", as_at="2018-12-31")
    g = frame[frame["child_id"] == "G"].iloc[0]
    assert g["cpp_start_date"] == pd.Timestamp("2018-11-01") and g["latest_category_label"] == "Physical abuse"
    cin = cohort_frame(tables, params, period, "cin_open_excl_cp", as_at="2018-12-31")
    assert cin["child_id"].tolist() == []  # A, B, G open CIN and all on plans; F closed 30 Sep


def test_breakdown_by_team_adds_up_to_the_indicator(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "assessments_child_seen_pct")
    table = breakdown_frame(frame, "team")
    # completed Jul-Dec: A (seen Y, East), B (seen N, West), E (U: left out, East)
    assert table.set_index("team")[["numerator", "denominator"]].to_dict("index") == {
        "East": {"numerator": 1, "denominator": 1}, "West": {"numerator": 0, "denominator": 1}}
    by_sex = breakdown_frame(cohort_frame(tables, params, period, "referrals"), "sex")
    assert by_sex.set_index("sex")["numerator"].to_dict() == {"Male": 2, "Female": 3}


def test_disability_comes_from_other_lists_for_referrals(hand):
    tables, params, period, _ = hand
    table = breakdown_frame(cohort_frame(tables, params, period, "referrals"), "disability")
    # B disabled (List 4/6), A not disabled, C and E not recorded in any list with the field
    assert table.set_index("disability")["numerator"].to_dict() == {
        "Disabled": 1, "Not disabled": 2, "Not recorded": 2}


def test_unknown_names_list_the_valid_ones(hand):
    tables, params, period, _ = hand
    with pytest.raises(ValueError, match="unknown indicator for cohort\\(\\) 'rerefs'; valid: .*rereferral_pct"):
        cohort_frame(tables, params, period, "rerefs")
    with pytest.raises(ValueError, match="unknown threshold 'cp_longer'; valid: cp_open_longer_than"):
        cohort_frame(tables, params, period, "cp_open_2yr", cp_longer="18 months")
    frame = cohort_frame(tables, params, period, "referrals")
    with pytest.raises(ValueError, match="unknown breakdown dimension 'region'; valid: team, worker, age_band"):
        breakdown_frame(frame, "region")
    with pytest.raises(ValueError, match="give month='YYYY-MM'"):
        cohort_frame(tables, params, period, "referrals", as_at="2018-12-31")


def test_every_supported_indicator_on_the_demo_council():
    """The synthetic notebook council (5 % scale demo): the report period and its last two months."""
    from safeguarding.deepdive import DeepDive

    dd = DeepDive.load("synthetic")
    ind = dd.data.indicators
    months = [str(dd.period.last_month - 1), str(dd.period.last_month), dd.period.label]
    for indicator_id in supported():
        for row in ind[(ind["indicator_id"] == indicator_id) & ind["month"].isin(months)].itertuples():
            window = {} if row.month == dd.period.label else {"month": row.month}
            num, den = _counts(dd.cohort(indicator_id, **window))
            assert _same(row, num, den), (indicator_id, row.month, num, den, row.numerator, row.denominator)


def test_core_group_rows_show_the_first_core_group(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "core_group_in_timescale_pct").set_index("child_id")
    # A: plan Mon 20 Aug, core group Tue 28 Aug: 5 working days (27 Aug 2018 was a bank holiday),
    # in time; G: plan 1 Nov, core group 20 Nov: 13 working days, late
    assert frame.loc["A", "working_days"] == 5 and bool(frame.loc["A", "in_numerator"])
    assert frame.loc["G", "working_days"] == 13 and not frame.loc["G", "in_numerator"]
    assert frame["in_denominator"].all()


def test_rcpc_cohort_is_one_row_per_child_due_a_review(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "rcpc_in_timescale_pct", as_at="2018-11-30")
    # due at 30 Nov (on a plan 3+ months): A (reviewed 10 Nov, in time) and B (last review 10 May:
    # the next was due by 10 Nov, overdue); G's plan of 1 Nov is not yet due
    assert frame.set_index("child_id")["in_numerator"].to_dict() == {"A": True, "B": False}
