"""The indicator driver (compute.py): windows, period and year rows, the population rule, and
percent / rate / count values and intervals. Expected values are worked out by hand."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from safeguarding.indicators.compute import COLUMNS, load_definitions
from safeguarding.indicators.registry import REGISTRY

from .helpers import compute, make_tables, population, value

PERIOD = "2018-07..2018-12"


def rows(frame, indicator_id, period_type):
    return frame[(frame["indicator_id"] == indicator_id) & (frame["period_type"] == period_type)]


def row(frame, indicator_id, month):
    match = frame[(frame["indicator_id"] == indicator_id) & (frame["month"] == month)]
    assert len(match) == 1
    return match.iloc[0]


def _contacts_tables():
    # one contact on the 10th of every month Jan 2016 - Dec 2018, plus 2 extra in Aug 2018 and
    # 3 extra in Feb 2018 (child X each time)
    contacts = [{"child_id": "X", "contact_date": f"{m}-10"}
                for m in pd.period_range("2016-01", "2018-12", freq="M").astype(str)]
    contacts += [{"child_id": "Y", "contact_date": "2018-08-20"},
                 {"child_id": "Z", "contact_date": "2018-08-21"}]
    contacts += [{"child_id": "W", "contact_date": "2018-02-01"}] * 3
    return make_tables(contacts=contacts)


def test_columns_and_month_rows():
    frame = compute(_contacts_tables(), PERIOD, ids=["contacts"])
    assert list(frame.columns) == COLUMNS
    months = rows(frame, "contacts", "month")
    # history_months = 36 ending Dec 2018: Jan 2016 .. Dec 2018
    assert len(months) == 36
    assert months["month"].iloc[0] == "2016-01" and months["month"].iloc[-1] == "2018-12"
    jul = row(frame, "contacts", "2018-07")
    assert jul["start"] == pd.Timestamp("2018-07-01") and jul["end"] == pd.Timestamp("2018-07-31")
    assert jul["title"] == REGISTRY["contacts"].title
    assert (jul["section"], jul["unit"], jul["polarity"], jul["status"]) == \
        ("front_door", "count", "none", "local")


def test_period_rows_for_a_flow_sum_the_months():
    frame = compute(_contacts_tables(), PERIOD, ids=["contacts"])
    periods = rows(frame, "contacts", "period")
    assert list(periods["month"]) == ["2018-07..2018-12", "2018-01..2018-06", "2017-07..2017-12"]
    # Jul-Dec 2018: 6 monthly contacts + 2 extra in August = 8
    assert value(frame, "contacts", "2018-07..2018-12") == 8
    current = row(frame, "contacts", "2018-07..2018-12")
    assert current["start"] == pd.Timestamp("2018-07-01")
    assert current["end"] == pd.Timestamp("2018-12-31")
    # the same as adding the monthly rows
    monthly = rows(frame, "contacts", "month")
    in_period = monthly[monthly["month"].between("2018-07", "2018-12")]
    assert in_period["value"].sum() == 8
    # previous period Jan-Jun 2018: 6 + 3 extra in February = 9; same period last year: 6
    assert value(frame, "contacts", "2018-01..2018-06") == 9
    assert value(frame, "contacts", "2017-07..2017-12") == 6


def test_period_row_for_a_distinct_count_is_distinct_over_the_period():
    frame = compute(_contacts_tables(), PERIOD, ids=["children_with_contact"])
    # Jul-Dec 2018: X every month, Y and Z in August -> 3 distinct children (sum of months = 8)
    assert value(frame, "children_with_contact", "2018-07..2018-12") == 3
    # the year ending March 2018: X and W -> 2
    assert value(frame, "children_with_contact", "2018") == 2


def test_pooled_percentage_period_row():
    referrals = [{"child_id": "A", "referral_date": "2018-05-01"},
                 {"child_id": "A", "referral_date": "2018-07-01"},   # re-referral
                 {"child_id": "B", "referral_date": "2018-07-02"},
                 {"child_id": "C", "referral_date": "2018-09-01"},
                 {"child_id": "C", "referral_date": "2018-10-01"},   # re-referral
                 {"child_id": "D", "referral_date": "2018-10-02"},
                 {"child_id": "E", "referral_date": "2018-10-03"}]
    frame = compute(make_tables(referrals=referrals), PERIOD, ids=["rereferral_pct"])
    # Jul 1/2 = 50%, Sep 0/1, Oct 1/3: pooled over Jul-Dec = (1+0+1)/(2+1+3) = 2/6 = 33.3%
    # (the mean of the monthly percentages would be 27.8%)
    assert value(frame, "rereferral_pct", "2018-07..2018-12", "numerator") == 2
    assert value(frame, "rereferral_pct", "2018-07..2018-12", "denominator") == 6
    assert value(frame, "rereferral_pct", "2018-07..2018-12") == pytest.approx(100 / 3)
    # Nov: no referrals -> n/a, and its interval is n/a too
    nov = row(frame, "rereferral_pct", "2018-11")
    assert math.isnan(nov["value"]) and math.isnan(nov["lower"]) and math.isnan(nov["upper"])


def _cp_tables():
    return make_tables(
        cp_plans=[{"child_id": "A", "cpp_start_date": "2017-06-01"},
                  {"child_id": "B", "cpp_start_date": "2017-10-01", "cpp_end_date": "2018-03-31"},
                  {"child_id": "C", "cpp_start_date": "2018-01-15", "cpp_end_date": "2018-11-20"},
                  {"child_id": "D", "cpp_start_date": "2018-12-31"}],
        population=[{"mid_year": 2016, "population_0_17": 10_000},
                    {"mid_year": 2017, "population_0_17": 20_000},
                    {"mid_year": 2018, "population_0_17": 40_000},
                    {"mid_year": 2019, "population_0_17": 80_000}])


def test_stock_period_value_is_the_value_at_the_period_end():
    frame = compute(_cp_tables(), PERIOD, ids=["cp_children"])
    # 31 Dec 2018: A, D (C ended 20 Nov) = 2
    assert value(frame, "cp_children", "2018-07..2018-12") == 2
    current = row(frame, "cp_children", "2018-07..2018-12")
    assert current["end"] == pd.Timestamp("2018-12-31")
    # previous period (Jan-Jun 2018) at 30 Jun 2018: A, C = 2; last year (Jul-Dec 2017) at
    # 31 Dec 2017: A, B = 2
    assert value(frame, "cp_children", "2018-01..2018-06") == 2
    assert value(frame, "cp_children", "2017-07..2017-12") == 2
    assert value(frame, "cp_children", "2018-11") == 1  # 30 Nov: A only


def test_year_rows():
    frame = compute(_cp_tables(), PERIOD, ids=["cp_children", "cp_plans_started", "cp_start_rate_r12"])
    years = rows(frame, "cp_children", "year")
    # March 2016, 2017 and 2018 fall inside the history Jan 2016 - Dec 2018
    assert list(years["month"]) == ["2016", "2017", "2018"]
    y2018 = row(frame, "cp_children", "2018")
    assert y2018["start"] == pd.Timestamp("2017-04-01") and y2018["end"] == pd.Timestamp("2018-03-31")
    # stock at 31 Mar 2018: A, C (B ended on 31 Mar: not open at it) = 2
    assert y2018["value"] == 2
    # flow over Apr 2017 - Mar 2018: A (Jun 2017), B (Oct 2017), C (Jan 2018) = 3
    assert value(frame, "cp_plans_started", "2018") == 3
    # the DfE annual rate for the year ending March 2018 uses mid-2017: 3 / 20,000 * 10,000 = 1.5
    assert value(frame, "cp_start_rate_r12", "2018", "denominator") == 20_000
    assert value(frame, "cp_start_rate_r12", "2018") == pytest.approx(1.5)
    # and equals the rolling 12 months at March 2018
    assert value(frame, "cp_start_rate_r12", "2018-03") == pytest.approx(1.5)


def test_rolling_12_windows():
    frame = compute(_cp_tables(), PERIOD, ids=["cp_start_rate_r12"])
    jan = row(frame, "cp_start_rate_r12", "2018-01")
    # the row describes January 2018; its value counts the 12 months 1 Feb 2017 - 31 Jan 2018
    assert jan["start"] == pd.Timestamp("2018-01-01") and jan["end"] == pd.Timestamp("2018-01-31")
    assert jan["numerator"] == 3  # A, B, C
    period = row(frame, "cp_start_rate_r12", "2018-07..2018-12")
    # the period row describes Jul-Dec 2018; a rolling measure's value is the rolling 12 months
    # at the period's last month (1 Jan - 31 Dec 2018)
    assert period["start"] == pd.Timestamp("2018-07-01") and period["end"] == pd.Timestamp("2018-12-31")
    assert period["numerator"] == 2  # C (15 Jan 2018), D (31 Dec 2018)


def test_population_rule():
    frame = compute(_cp_tables(), "2018-10..2019-06", ids=["cp_start_rate_r12"])
    # a month in the financial year ending March 2019 uses mid-2018; from April 2019, mid-2019
    assert value(frame, "cp_start_rate_r12", "2018-04", "denominator") == 40_000
    assert value(frame, "cp_start_rate_r12", "2019-03", "denominator") == 40_000
    assert value(frame, "cp_start_rate_r12", "2019-04", "denominator") == 80_000
    assert value(frame, "cp_start_rate_r12", "2018-03", "denominator") == 20_000
    # Mar 2019: rolling 12 Apr 2018 - Mar 2019 -> D = 1 / 40,000 * 10,000 = 0.25
    assert value(frame, "cp_start_rate_r12", "2019-03") == pytest.approx(0.25)
    # a missing estimate falls back to the latest earlier one (mid-2017 for a 2018-19 month)
    tables = _cp_tables()
    tables["population"] = tables["population"][tables["population"]["mid_year"] <= 2017]
    frame = compute(tables, PERIOD, ids=["cp_start_rate_r12"])
    assert value(frame, "cp_start_rate_r12", "2018-07", "denominator") == 20_000


def test_percent_value_and_wilson_interval():
    contacts = [{"child_id": c, "contact_date": "2018-07-02"} for c in "ABCDE"]
    referrals = [{"child_id": c, "referral_date": "2018-07-03"} for c in "AB"]
    frame = compute(make_tables(contacts=contacts, referrals=referrals), PERIOD,
                    ids=["contacts_to_referral_pct"])
    jul = row(frame, "contacts_to_referral_pct", "2018-07")
    assert jul["value"] == pytest.approx(40.0)  # 2 / 5, as 0-100
    # Wilson 95% for 2/5 by hand: z^2 = 3.8415; centre (0.4 + 0.38415)/1.76829 = 0.44344;
    # half-width 1.96 * sqrt(0.048 + 0.038415)/1.76829 = 0.32583 -> 11.76% to 76.93%
    assert jul["lower"] == pytest.approx(11.76, abs=0.01)
    assert jul["upper"] == pytest.approx(76.93, abs=0.01)


def test_count_and_rate_intervals():
    tables = make_tables(s47=[{"child_id": c, "s47_start_date": "2018-07-02"} for c in "ABC"],
                         population=population(10_000))
    frame = compute(tables, PERIOD, ids=["s47_started", "s47_rate_r12"])
    jul = row(frame, "s47_started", "2018-07")
    # exact Poisson 95% for 3: 0.619 to 8.767
    assert jul["value"] == 3
    assert jul["lower"] == pytest.approx(0.619, abs=0.001)
    assert jul["upper"] == pytest.approx(8.767, abs=0.001)
    aug = row(frame, "s47_started", "2018-08")
    assert aug["value"] == 0 and aug["lower"] == 0
    assert aug["upper"] == pytest.approx(3.689, abs=0.001)  # exact upper limit for 0
    rate = row(frame, "s47_rate_r12", "2018-07")
    # 3 / 10,000 * 10,000 = 3.0 with the count's limits scaled the same way
    assert rate["value"] == pytest.approx(3.0)
    assert rate["lower"] == pytest.approx(0.619, abs=0.001)
    assert rate["upper"] == pytest.approx(8.767, abs=0.001)


# ---- registry entries of the front door, assessments, CIN and CP sections -------------------

FIXED = {
    "front_door": ["contacts", "children_with_contact", "contacts_to_referral",
                   "contacts_to_referral_pct", "referrals", "referral_rate_r12", "rereferral_pct",
                   "referrals_nfa_pct", "mash_decision_timely_pct"],
    "assessments": ["assessments_started", "assessments_completed", "assessments_child_seen_pct",
                    "assessments_within_45wd_pct", "assessments_ongoing_involvement_pct",
                    "strategy_discussions", "s47_started", "s47_started_r12", "s47_rate_r12",
                    "s47_to_icpc_pct", "icpc_within_15wd_pct"],
    "cin": ["cin_open_excl_cp", "cin_open", "cin_rate", "cin_plan_up_to_date_pct",
            "cin_reviews_in_timescale_pct", "cin_visits_in_timescale_pct", "cin_disabled_pct"],
    "cp": ["cp_children", "cp_rate", "icpcs", "icpc_rate_r12", "icpc_to_plan_pct",
           "cp_plans_started", "cp_start_rate_r12", "cp_second_plan_pct_r12", "cp_plans_ceased",
           "cp_ceased_2yr_pct_r12", "cp_open_2yr", "cp_open_2yr_pct",
           "cp_visited_in_timescale_pct", "rcpc_in_timescale_pct", "core_group_in_timescale_pct"],
}
LAIT = {"referral_rate_r12": ("CPP_Total_Rateper10,000", "none"),
        "rereferral_pct": ("ReReferral", "low"), "referrals_nfa_pct": ("CIN_Refferals_NFA", "none"),
        "assessments_within_45wd_pct": ("Continue_Assess_Comp", "high"),
        "s47_rate_r12": ("Section_47", "none"), "icpc_rate_r12": ("ISCP_Conf", "none"),
        "icpc_within_15wd_pct": ("CP_conf_15days", "high"), "cin_rate": ("CIN", "none"),
        "cp_start_rate_r12": ("CPP_Abuse_Rate", "low"), "cp_rate": ("CPP_rate", "none"),
        "cp_second_plan_pct_r12": ("PrevRegCPR", "low"),
        "cp_ceased_2yr_pct_r12": ("CPPlans2yrs", "low"),
        "cp_open_2yr_pct": ("CPPlans2yrsActive", "low"), "rcpc_in_timescale_pct": ("RevCP", "high")}


def test_registry_has_every_fixed_id_with_its_metadata():
    load_definitions()
    for section, ids in FIXED.items():
        registered = sorted(i for i, d in REGISTRY.items() if d.section == section)
        assert registered == sorted(ids), section
        for indicator_id in ids:
            d = REGISTRY[indicator_id]
            assert d.title and d.definition and d.numerator and d.source and d.table
            assert bool(d.denominator) == (d.unit == "percent" or d.unit == "rate_per_10k")
            if d.unit == "count":
                assert not d.rag, indicator_id  # activity / volume measures are not RAG rated
            if d.window == "rolling_12" or d.window == "month_end":
                assert d.aggregation == "end", indicator_id
            if d.unit == "percent" and d.window == "month":
                assert d.aggregation == "pooled", indicator_id
    for indicator_id, (code, polarity) in LAIT.items():
        assert REGISTRY[indicator_id].lait_code == code
        assert REGISTRY[indicator_id].polarity == polarity
        assert REGISTRY[indicator_id].status == "national"


def test_tables_left_out_of_the_dict_are_treated_as_empty():
    tables = {"cin": make_tables(cin=[{"child_id": "A", "cin_start_date": "2018-01-01"}])["cin"]}
    ids = [i for s in ("front_door", "assessments", "cin", "cp") for i in FIXED[s]]
    frame = compute(tables, PERIOD, ids=ids)
    assert value(frame, "cin_open", "2018-07") == 1
    assert math.isnan(value(frame, "cin_rate", "2018-07"))  # no population supplied
    assert math.isnan(value(frame, "contacts", "2018-07"))  # no contacts supplied


def test_months_before_the_annex_a_extract_show_na_not_zero():
    """An extract whose contacts start on 2 July 2018 cannot count June's referrals, nor look back
    12 months for re-referrals until July 2019."""
    from safeguarding.params import Params

    tables = make_tables(
        contacts=[{"child_id": "A", "contact_date": "2018-07-02"}],
        referrals=[{"child_id": "A", "referral_date": "2018-07-03", "referral_nfa": "N"},
                   {"child_id": "A", "referral_date": "2018-09-03", "referral_nfa": "N"}],
    )
    out = compute(tables, ids=["referrals", "rereferral_pct"], params=Params())
    assert math.isnan(value(out, "referrals", "2018-06"))
    assert value(out, "referrals", "2018-07") == 1  # July is covered from the 2nd
    assert value(out, "referrals", "2018-09") == 1
    # re-referrals in September look back to September 2017, before the extract; but a previous
    # referral found in the data (3 July 2018) settles it: 1 of 1
    assert value(out, "rereferral_pct", "2018-09") == 100.0
    # a rolling-12 rate in December 2018 would need January 2018 onwards: n/a
    out = compute(tables, ids=["referral_rate_r12"], params=Params())
    assert math.isnan(value(out, "referral_rate_r12", "2018-12"))
