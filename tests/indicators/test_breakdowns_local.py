"""Breakdowns for the local-extract sections: fixed category order, zeros kept, totals add up."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from safeguarding.indicators import breakdowns_local as bl
from safeguarding.periods import parse_period

from .helpers import make_tables

JUL, DEC = pd.Timestamp("2018-07-01"), pd.Timestamp("2018-12-31")


def pf(aid, notified, source="AGENCY", category="8D", ethnicity="OOTH", dob="2003-03-15",
       sex="F", **extra):
    row = {"arrangement_id": aid, "child_id": f"C{aid}", "sex": sex, "ethnicity": ethnicity,
           "date_of_birth": dob, "disability": "N", "notification_date": notified,
           "notification_type": "EXISTING", "notification_source": source, "pf_category": category}
    row.update(extra)
    return row


PF_ROWS = [
    pf("1", "2018-07-02", source="AGENCY", category="8D", ethnicity="OOTH"),
    pf("2", "2018-07-03", source="agency ", category="8D", ethnicity="BAFR"),  # case/space tolerated
    pf("3", "2018-08-01", source="SCHOOL", category="8E", ethnicity="CHNE", dob="2009-08-02", sex="M"),
    pf("4", "2018-09-01", source=None, category=None, ethnicity=None, dob=None, sex=None),
    pf("5", "2018-09-02", source="NEWSPAPER", category="8Z", ethnicity="XXXX"),  # unrecognised
    pf("6", "2018-06-30", source="PARENT"),  # before the window
]


def test_pf_notification_sources():
    table = bl.pf_notification_sources(make_tables(pf_arrangements=PF_ROWS), JUL, DEC)
    # Fixed order: the 11 codes of the extract's list, then NOT_RECORDED - zeros kept;
    # ``category`` holds the readable label, ``code`` the extract's code.
    assert list(table.columns) == ["category", "count", "percent", "code"]
    assert list(table["code"]) == [c for c, _ in bl.PF_SOURCES] + ["NOT_RECORDED"]
    assert list(table["category"]) == [lab for _, lab in bl.PF_SOURCES] + ["Not recorded"]
    counts = dict(zip(table["code"], table["count"]))
    # Jul-Dec: rows 1-5. AGENCY 2, SCHOOL 1, blank + NEWSPAPER -> NOT_RECORDED 2, PARENT 0
    # (row 6 is in June).
    assert counts["AGENCY"] == 2 and counts["SCHOOL"] == 1 and counts["NOT_RECORDED"] == 2
    assert counts["PARENT"] == 0
    assert table["count"].sum() == 5
    assert table["percent"].sum() == pytest.approx(100.0)
    assert table.loc[table["code"] == "AGENCY", "percent"].item() == pytest.approx(40.0)


def test_pf_categories():
    table = bl.pf_categories(make_tables(pf_arrangements=PF_ROWS), JUL, DEC)
    assert list(table["code"]) == ["8B", "8C", "8D", "8E", "8F", "NOT_RECORDED"]
    assert list(table["count"]) == [0, 0, 2, 1, 0, 2]


def test_pf_ethnicity():
    tables = make_tables(pf_arrangements=PF_ROWS)
    table = bl.pf_ethnicity(tables, JUL, DEC)
    # Same groups and labels as the Annex A sections' breakdowns.ethnicity_group.
    assert list(table["category"]) == ["White", "Mixed", "Asian", "Black", "Other ethnic group",
                                       "Not known"]
    # OOTH -> Other, BAFR -> Black, CHNE -> Other (documented grouping), blank and XXXX ->
    # Not known.
    assert list(table["count"]) == [0, 0, 0, 1, 2, 2]
    detailed = bl.pf_ethnicity(tables, JUL, DEC, detailed=True)
    assert len(detailed) == 21 and detailed["count"].sum() == 5
    assert detailed.loc[detailed["code"] == "OOTH", "count"].item() == 1


def test_pf_age_sex():
    table = bl.pf_age_sex(make_tables(pf_arrangements=PF_ROWS), JUL, DEC)
    # Wide like breakdowns.cp_age_sex_profile: every band (zeros kept) x sex columns + Total.
    assert list(table.columns) == ["age_band", "Male", "Female", "Other / not recorded", "Total"]
    assert list(table["age_band"]) == ["Under 1", "1-4", "5-9", "10-15", "16 and over", "Not known"]
    got = table.set_index("age_band")
    # Row 1 (born 15 Mar 2003, notified 2 Jul 2018): 15 -> 10-15, F. Row 2: same. Row 5: same
    # (born 15 Mar 2003, 2 Sep 2018: 15). Row 3 (born 2 Aug 2009, notified 1 Aug 2018: the day
    # before the 9th birthday): 8 -> 5-9, M. Row 4: no DOB, no sex -> Not known, other/not recorded.
    assert got.loc["10-15", "Female"] == 3
    assert got.loc["5-9", "Male"] == 1
    assert got.loc["Not known", "Other / not recorded"] == 1
    assert list(got["Total"]) == [0, 0, 1, 3, 0, 1]
    assert table["Total"].sum() == 5
    assert (table[["Male", "Female", "Other / not recorded"]].sum(axis=1) == table["Total"]).all()


def test_pf_open_cohort():
    rows = [pf("1", "2018-01-10", end_date="2018-12-31", end_reason="RETURNED_TO_PARENT"),
            pf("2", "2018-02-01"),
            pf("3", "2018-03-01", end_date="2018-03-20", end_reason="NOT_PRIVATE_FOSTERING")]
    table = bl.pf_notification_sources(make_tables(pf_arrangements=rows), JUL, DEC, cohort="open")
    # Open at 31 Dec: row 2 only (row 1 ends on 31 Dec; row 3 not PF).
    assert table["count"].sum() == 1
    with pytest.raises(ValueError):
        bl.pf_categories(make_tables(pf_arrangements=rows), JUL, DEC, cohort="everything")


def yc(ref, identified, dob, sex="F", source="SCHOOL", need=None, **extra):
    row = {"yc_ref": ref, "child_id": f"C{ref}", "sex": sex, "ethnicity": "WBRI",
           "date_of_birth": dob, "identified_date": identified, "identification_source": source,
           "cared_for_need": need}
    row.update(extra)
    return row


YC_ROWS = [
    yc("1", "2018-07-01", "2010-07-02"),  # 7 (birthday tomorrow) -> Under 8
    yc("2", "2018-07-02", "2010-07-02", need="MENTAL_HEALTH;SUBSTANCE_MISUSE"),  # 8 today -> 8-10
    yc("3", "2018-08-01", "2005-01-01", sex="M", source="SELF", need="mental_health"),  # 13 -> 11-13
    yc("4", "2018-08-02", "2002-08-02", sex="M", source="HEALTH"),  # 16 today -> 16-17
    yc("5", "2018-09-01", "2000-01-01", sex=None, source=None),  # 18: invalid -> not recorded
    yc("6", "2018-06-01", "2004-01-01"),  # before the window
]


def test_yc_age_profile():
    table = bl.yc_age_profile(make_tables(young_carers=YC_ROWS), JUL, DEC)
    assert list(table["category"]) == ["Under 8", "8-10", "11-13", "14-15", "16-17", "Not known"]
    assert list(table["count"]) == [1, 1, 1, 0, 1, 1]
    assert table["count"].sum() == 5


def test_yc_sex():
    table = bl.yc_sex(make_tables(young_carers=YC_ROWS), JUL, DEC)
    assert list(table["code"]) == ["M", "F", "U", "I", "NOT_RECORDED"]
    assert list(table["count"]) == [2, 2, 0, 0, 1]
    assert table.loc[table["code"] == "M", "percent"].item() == pytest.approx(40.0)


def test_yc_identification_sources():
    table = bl.yc_identification_sources(make_tables(young_carers=YC_ROWS), JUL, DEC)
    assert list(table["code"]) == [c for c, _ in bl.YC_SOURCES] + ["NOT_RECORDED"]
    counts = dict(zip(table["code"], table["count"]))
    assert (counts["SCHOOL"], counts["SELF"], counts["HEALTH"], counts["NOT_RECORDED"]) == (2, 1, 1, 1)
    assert table["count"].sum() == 5


def test_yc_cared_for_need():
    table = bl.yc_cared_for_need(make_tables(young_carers=YC_ROWS), JUL, DEC)
    assert list(table["code"]) == [c for c, _ in bl.YC_NEEDS] + ["NOT_RECORDED"]
    counts = dict(zip(table["code"], table["count"]))
    # Multi-valued: carer 2 counts under two needs; 3 under one; 1, 4, 5 none -> not recorded.
    assert counts["MENTAL_HEALTH"] == 2 and counts["SUBSTANCE_MISUSE"] == 1
    assert counts["NOT_RECORDED"] == 3
    # percent = % of the 5 young carers with that need.
    assert table.loc[table["code"] == "MENTAL_HEALTH", "percent"].item() == pytest.approx(40.0)


def lado(ref, received, sector, outcome=None, concluded=None, threshold="Y"):
    return {"lado_ref": ref, "date_received": received, "contact_type": "REFERRAL",
            "referral_source": "SCHOOL", "employment_sector": sector,
            "allegation_category": "PHYSICAL", "threshold_met": threshold,
            "date_concluded": concluded, "outcome": outcome}


LADO_ROWS = [
    lado("1", "2018-07-02", "EDUCATION_SCHOOL", "SUBSTANTIATED", "2018-07-20"),  # 18 days
    lado("2", "2018-07-03", "EDUCATION_SCHOOL", "NFA", "2018-08-03"),  # 31 days
    lado("3", "2018-07-04", "FOSTER_CARER", "UNFOUNDED", "2018-08-05"),  # 32 days
    lado("4", "2018-07-05", "FOSTER_CARER", "FALSE", "2018-10-04"),  # 91 days
    lado("5", "2018-07-06", "SPORTS_LEISURE", "MALICIOUS", "2018-10-06"),  # 92 days
    lado("6", "2018-07-07", "SPORTS_LEISURE"),  # open -> pending
    lado("7", "2018-07-08", "SPORTS_LEISURE", "UNSUBSTANTIATED", "2019-01-15"),  # after the window
    lado("8", "2018-07-09", "BANKING", "??", "2018-07-10"),  # unrecognised sector and outcome
    lado("9", "2018-07-10", "HEALTH", "NFA", "2018-07-10", threshold="N"),  # not taken forward
    lado("10", "2018-06-30", "HEALTH", "NFA", "2018-07-05"),  # received before the window
]


def test_lado_outcomes_by_sector():
    table = bl.lado_outcomes_by_sector(make_tables(lado_allegations=LADO_ROWS), JUL, DEC)
    assert list(table.index) == ["NFA", "Outcome pending", "Substantiated", "Unsubstantiated",
                                 "Unfounded", "False", "Malicious", "Outcome not recorded", "Total"]
    assert list(table.columns) == [lab for _, lab in bl.LADO_SECTORS] + ["Total"]
    # Allegations (threshold met) received Jul-Dec: rows 1-8 (9 not taken forward, 10 in June).
    assert table.loc["Total", "Total"] == 8
    assert table.loc["Substantiated", "Schools"] == 1
    assert table.loc["NFA", "Schools"] == 1
    assert table.loc["Unfounded", "Foster carers"] == 1 and table.loc["False", "Foster carers"] == 1
    # Row 6 (open) and row 7 (concluded after 31 Dec) are pending at the window end.
    assert table.loc["Outcome pending", "Sports and leisure"] == 2
    assert table.loc["Malicious", "Sports and leisure"] == 1
    assert table.loc["Outcome not recorded", "Not recorded"] == 1
    assert table.loc["Total", "Health"] == 0  # zero columns kept
    # Totals add up both ways.
    body = table.drop(index="Total", columns="Total")
    assert (table["Total"].drop("Total") == body.sum(axis=1)).all()
    assert (table.loc["Total"].drop("Total") == body.sum(axis=0)).all()

    # basis="concluded": allegations concluded Jul-Dec whatever the receipt date:
    # rows 1, 2, 3, 4, 5, 8, 10 = 7, none pending.
    concluded = bl.lado_outcomes_by_sector(make_tables(lado_allegations=LADO_ROWS), JUL, DEC,
                                           basis="concluded")
    assert concluded.loc["Total", "Total"] == 7
    assert concluded.loc["Outcome pending", "Total"] == 0
    # All contacts (taken_forward_only=False) received Jul-Dec: rows 1-9 = 9.
    everything = bl.lado_outcomes_by_sector(make_tables(lado_allegations=LADO_ROWS), JUL, DEC,
                                            taken_forward_only=False)
    assert everything.loc["Total", "Total"] == 9


def test_lado_outcomes_by_sector_empty():
    table = bl.lado_outcomes_by_sector(make_tables(), JUL, DEC)
    assert table.shape == (9, 15)
    assert table.to_numpy().sum() == 0


def test_lado_conclusion_times():
    table = bl.lado_conclusion_times(make_tables(lado_allegations=LADO_ROWS), JUL, DEC)
    assert list(table["code"]) == ["WITHIN_1M", "1_3M", "3_12M", "OVER_12M", "OPEN"]
    assert list(table["category"]) == ["Within 1 month", "1 to 3 months", "3 to 12 months",
                                       "Over 12 months", "Not yet concluded"]
    # Rows 1-8: 18, 31, 1 day (row 8) -> within 1 month (3); 32, 91 -> 1-3 months (2);
    # 92 -> 3-12 months (1); row 6 open and row 7 concluded after the window end -> open (2).
    assert list(table["count"]) == [3, 2, 1, 0, 2]
    assert table["count"].sum() == 8


def test_proceedings_summary():
    rows = [
        # 2017/18: two applications; A 182 days, B 196 days (28 weeks).
        {"prep_table_id": "A", "prep_plo_family_id": "FA", "care_proc_issue_date": "2017-05-01",
         "care_proc_final_order_date": "2017-10-30"},
        {"prep_table_id": "B", "prep_plo_family_id": "FB", "care_proc_issue_date": "2017-06-01",
         "care_proc_final_order_date": "2017-12-14"},
        # 2018/19 YTD: one application issued, still open.
        {"prep_table_id": "C", "prep_plo_family_id": "FC", "care_proc_issue_date": "2018-06-01"},
        # Pre-proceedings: escalated after 16 weeks (112 days) in 2017/18; stepped down after
        # 40 weeks (280 days) in 2018/19; one started in 2018/19 and open.
        {"prep_table_id": "D", "prep_plo_family_id": "FD", "prep_pre_pro_decision_date": "2017-06-01",
         "prep_pre_pro_outcome": "Decision to Issue Care Proceedings",
         "prep_agree_stepdown_issue_date": "2017-09-21"},
        {"prep_table_id": "E", "prep_plo_family_id": "FE", "prep_pre_pro_decision_date": "2017-09-01",
         "prep_pre_pro_outcome": "Decision to step down", "prep_agree_stepdown_issue_date": "2018-06-08"},
        {"prep_table_id": "F", "prep_plo_family_id": "FF", "prep_pre_pro_decision_date": "2018-05-01"},
    ]
    table = bl.proceedings_summary(make_tables(pre_proceedings=rows), parse_period("2018-19-H1"))
    assert list(table.columns) == ["measure", "unit", "2017/18", "2018/19 YTD"]
    assert table.attrs["windows"]["2018/19 YTD"] == (pd.Timestamp("2018-04-01"), pd.Timestamp("2018-09-30"))
    got = {m: (a, b) for m, a, b in zip(table["measure"], table["2017/18"], table["2018/19 YTD"])}
    assert got["Care applications issued"] == (2, 1)
    assert got["Care proceedings concluded"] == (2, 0)
    # (182 + 196) / 2 = 189 days = 27 weeks.
    assert got["Average duration of proceedings concluded (weeks)"][0] == pytest.approx(27.0)
    assert math.isnan(got["Average duration of proceedings concluded (weeks)"][1])
    assert got["% proceedings concluded within 26 weeks"][0] == pytest.approx(50.0)
    assert got["Children entering pre-proceedings"] == (2, 1)  # D, E in 2017/18; F in 2018/19
    assert got["Children leaving pre-proceedings: decision to issue"] == (1, 0)
    assert got["Children leaving pre-proceedings: stepped down"] == (0, 1)
    assert got["Average weeks in pre-proceedings: escalated to issue"][0] == pytest.approx(16.0)
    assert got["Average weeks in pre-proceedings: stepped down"][1] == pytest.approx(40.0)


def test_ethnicity_grouping_matches_annex_a_sections():
    """The local sections group ethnicity exactly as breakdowns.ethnicity_group does."""
    from safeguarding.indicators.breakdowns import ethnicity_group

    codes = [c for c, _ in bl.ETHNICITY_CODES] + ["XXXX", None]
    theirs = list(ethnicity_group(pd.Series(codes, dtype="string")))
    for code, expected in zip(codes, theirs):
        table = bl.ethnicity_table(pd.Series([code], dtype="string"))
        assert table.loc[table["count"] == 1, "category"].item() == expected, code
