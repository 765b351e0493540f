"""Breakdown count tables on hand-built fixtures: fixed category order, zero categories kept,
band edges (half-open) as documented in ``indicators/breakdowns.py``."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.indicators import breakdowns as b

from .helpers import make_tables

JUL, DEC = pd.Timestamp("2018-07-01"), pd.Timestamp("2018-12-31")


def as_dict(frame: pd.DataFrame) -> dict:
    return dict(zip(frame["category"], frame["count"]))


def test_contact_sources_groups_and_order():
    codes = ["1A", "1D", "2A", "2B", "3A", "3F", "4", "5D", "6", "6", "7", "8", "9", "10", None, "ZZ"]
    tables = make_tables(contacts=[{"child_id": f"C{i}", "contact_date": "2018-07-02",
                                    "contact_source": c} for i, c in enumerate(codes)]
                         + [{"child_id": "X", "contact_date": "2018-06-30", "contact_source": "6"}])
    frame = b.contact_sources(tables, JUL, DEC)
    assert list(frame.columns) == ["category", "count"]
    assert list(frame["category"]) == ["Individual", "Schools", "Education services", "Health",
                                       "Housing", "LA services", "Police", "Other legal agency",
                                       "Other", "Anonymous", "Unknown"]
    # 1A, 1D -> Individual 2; 3A, 3F -> Health 2; 6 twice (the June one is outside) -> Police 2;
    # 10, missing and the unrecognised "ZZ" -> Unknown 3
    assert as_dict(frame) == {"Individual": 2, "Schools": 1, "Education services": 1, "Health": 2,
                              "Housing": 1, "LA services": 1, "Police": 2, "Other legal agency": 1,
                              "Other": 1, "Anonymous": 1, "Unknown": 3}


def test_referral_sources_keeps_zero_categories():
    tables = make_tables(referrals=[{"child_id": "A", "referral_date": "2018-07-02",
                                     "referral_source": "2A"}])
    frame = b.referral_sources(tables, JUL, DEC)
    assert len(frame) == 11
    assert as_dict(frame)["Schools"] == 1
    assert frame["count"].sum() == 1
    empty = b.referral_sources(make_tables(), JUL, DEC)
    assert len(empty) == 11 and empty["count"].sum() == 0


def test_assessment_duration_bands():
    def a(start, auth, child="A"):
        return {"child_id": child, "assessment_start_date": start, "assessment_auth_date": auth}
    tables = make_tables(assessments=[
        a("2018-07-02", "2018-07-02"),  # same day -> 0 -> "Same day"
        a("2018-07-02", "2018-07-03"),  # Mon -> Tue = 1 -> 1-10
        a("2018-07-02", "2018-07-16"),  # 10 working days -> 1-10
        a("2018-07-02", "2018-07-17"),  # 11 -> 11-20
        a("2018-04-30", "2018-07-02"),  # 43 -> 41-45 (see below)
        a("2018-05-04", "2018-07-09"),  # 44 -> 41-45 (see below)
        a("2018-07-10", "2018-07-02"),  # authorised before the start: left out
        a("2018-06-01", None),          # open: left out
    ])
    # a("2018-04-30", "2018-07-02"): May 1-4 (4), [7 May bank holiday], 8-11 (8), 14-18 (13),
    #   21-25 (18), [28 May bank holiday], 29 May-1 Jun (22), Jun 4-8 (27), 11-15 (32),
    #   18-22 (37), 25-29 (42), Jul 2 (43) -> 43 -> 41-45
    # a("2018-05-04", "2018-07-09"): from Fri 4 May: May 8-11 (4), 14-18 (9), 21-25 (14),
    #   29 May-1 Jun (18), Jun 4-8 (23), 11-15 (28), 18-22 (33), 25-29 (38), Jul 2-6 (43),
    #   Jul 9 (44) -> 44 -> 41-45
    frame = b.assessment_duration_bands(tables, JUL, DEC)
    assert list(frame["category"]) == ["Same day", "1-10", "11-20", "21-30", "31-40", "41-45",
                                       "46-50", "51-60", "61+"]
    assert as_dict(frame) == {"Same day": 1, "1-10": 2, "11-20": 1, "21-30": 0, "31-40": 0,
                              "41-45": 2, "46-50": 0, "51-60": 0, "61+": 0}


def test_assessment_duration_bands_edges_45_46_and_referral_start():
    tables = make_tables(
        referrals=[{"child_id": "R", "referral_date": "2018-02-20"}],
        assessments=[
            # Easter 2018: 20 Feb -> 26 Apr = 45, -> 27 Apr = 46 (see test_assessments)
            {"child_id": "A", "assessment_start_date": "2018-02-20", "assessment_auth_date": "2018-04-26"},
            {"child_id": "B", "assessment_start_date": "2018-02-20", "assessment_auth_date": "2018-04-27"},
            # R: from assessment start 1 Mar -> 27 Apr = 39; from referral 20 Feb = 46
            {"child_id": "R", "assessment_start_date": "2018-03-01", "assessment_auth_date": "2018-04-27"},
        ])
    apr = (pd.Timestamp("2018-04-01"), pd.Timestamp("2018-04-30"))
    frame = as_dict(b.assessment_duration_bands(tables, *apr))
    assert frame["41-45"] == 1 and frame["46-50"] == 1 and frame["31-40"] == 1
    frame = as_dict(b.assessment_duration_bands(tables, *apr, timeliness_start="referral"))
    assert frame["41-45"] == 1 and frame["46-50"] == 2 and frame["31-40"] == 0


def test_icpc_timeliness_bands():
    def s(start, icpc):
        return {"child_id": "A", "s47_start_date": start, "icpc_date": icpc}
    tables = make_tables(s47=[
        s("2022-05-18", "2022-06-01"),  # 10 working days -> 0-10
        s("2022-05-18", "2022-06-06"),  # Jun 1 = 10, [2-3 Jun Jubilee], Jun 6 = 11 -> 11-15
        s("2022-05-18", "2022-06-10"),  # 15 -> 11-15
        s("2022-05-18", "2022-06-13"),  # 16 -> 16-20
        s("2022-05-18", "2022-06-20"),  # 16 + Jun 14-17 (20) + Jun 20 = 21 -> 21+
        s("2022-06-20", "2022-06-01"),  # ICPC before the S47: left out
        s("2022-05-18", None),          # no ICPC
    ])
    frame = b.icpc_timeliness_bands(tables, pd.Timestamp("2022-06-01"), pd.Timestamp("2022-06-30"))
    assert list(frame["category"]) == ["0-10", "11-15", "16-20", "21+"]
    assert list(frame["count"]) == [1, 2, 1, 1]


def test_primary_need_mix():
    def c(child, start, need, end=None):
        return {"child_id": child, "cin_start_date": start, "cin_closure_date": end, "primary_need": need}
    tables = make_tables(cin=[
        c("A", "2018-01-01", "N1"), c("B", "2018-01-01", "N4"), c("C", "2018-01-01", "N4"),
        c("D", "2018-01-01", None),                     # missing -> N0 Not stated
        c("E", "2018-01-01", "N2", "2018-12-31"),       # closes on the date: not open
        c("F", "2017-01-01", "N1"), c("F", "2018-06-01", "N5"),  # one child: latest episode N5
    ])
    frame = b.primary_need_mix(tables, "2018-12-31")
    assert frame["category"].iloc[0] == "N1 Abuse or neglect"
    assert frame["category"].iloc[-1] == "N0 Not stated"
    assert len(frame) == 10
    counts = dict(zip(frame["category"].str[:2], frame["count"]))
    assert counts == {"N1": 1, "N2": 0, "N3": 0, "N4": 2, "N5": 1, "N6": 0, "N7": 0, "N8": 0,
                      "N9": 0, "N0": 1}


def test_cin_episode_length_bands():
    def c(start, end):
        return {"child_id": "A", "cin_start_date": start, "cin_closure_date": end}
    tables = make_tables(cin=[
        c("2018-04-11", "2018-07-10"),  # closes the day before 3 months -> Less than 3 months
        c("2018-04-10", "2018-07-10"),  # exactly 3 months -> 3 to less than 6 months
        c("2018-01-10", "2018-07-10"),  # exactly 6 months -> 6 months to less than 1 year
        c("2017-07-10", "2018-07-10"),  # exactly 1 year -> 1 to less than 2 years
        c("2016-07-11", "2018-07-10"),  # a day short of 2 years -> 1 to less than 2 years
        c("2016-07-10", "2018-07-10"),  # exactly 2 years -> 2 years or more
        c("2018-01-01", "2018-06-30"),  # closed before the window
        c("2018-01-01", None),          # open
    ])
    frame = b.cin_episode_length_bands(tables, JUL, DEC)
    assert list(frame["count"]) == [1, 1, 1, 2, 1]
    assert list(frame["category"]) == ["Less than 3 months", "3 months to less than 6 months",
                                       "6 months to less than 1 year", "1 year to less than 2 years",
                                       "2 years or more"]


def test_cp_latest_category():
    def p(child, latest, initial="NEG", end=None):
        return {"child_id": child, "cpp_start_date": "2018-01-01", "cpp_end_date": end,
                "latest_category": latest, "initial_category": initial}
    tables = make_tables(cp_plans=[
        p("A", "NEG"), p("B", "EMO"), p("C", "EMO"), p("D", "MUL"),
        p("E", None, initial="PHY"),     # no latest category: initial used
        p("F", None, initial=None),      # neither -> Not recorded
        p("G", "SAB", end="2018-12-31"),  # ended on the date: not open
    ])
    frame = b.cp_latest_category(tables, "2018-12-31")
    assert as_dict(frame) == {"Neglect": 1, "Emotional abuse": 2, "Physical abuse": 1,
                              "Sexual abuse": 0, "Multiple": 1, "Not recorded": 1}
    assert list(frame["category"])[:5] == ["Neglect", "Emotional abuse", "Physical abuse",
                                           "Sexual abuse", "Multiple"]


def test_cp_open_duration_bands():
    at = "2018-11-30"

    def p(start):
        return {"child_id": start, "cpp_start_date": start}
    tables = make_tables(cp_plans=[
        p("2018-08-30"),  # exactly 3 months -> 3 months or less
        p("2018-08-29"),  # 3 months and a day -> more than 3 to 6 months
        p("2018-05-30"),  # exactly 6 months -> more than 3 to 6 months
        p("2018-05-29"),  # -> more than 6 months to less than 1 year
        p("2017-12-01"),  # 11 months 29 days -> more than 6 months to less than 1 year
        p("2017-11-30"),  # exactly 1 year -> 1 year to less than 2 years
        p("2016-12-01"),  # 729 days -> 1 year to less than 2 years
        p("2016-11-30"),  # 730 days -> 2 years or more
        p("2018-12-01"),  # not started yet
    ])
    frame = b.cp_open_duration_bands(tables, at)
    assert list(frame["category"]) == ["3 months or less", "More than 3 months to 6 months",
                                       "More than 6 months to less than 1 year",
                                       "1 year to less than 2 years", "2 years or more"]
    assert list(frame["count"]) == [1, 2, 2, 2, 1]


def test_cp_age_sex_profile():
    def p(child, dob, sex, start="2018-01-01"):
        return {"child_id": child, "cpp_start_date": start, "date_of_birth": dob, "sex": sex}
    tables = make_tables(cp_plans=[
        p("A", "2019-02-01", "U"),   # unborn at 31 Dec 2018
        p("B", "2018-01-01", "M"),   # 0 -> Under 1
        p("C", "2017-12-31", "F"),   # 1st birthday on the date -> 1-4
        p("D", "2013-12-31", "F"),   # 5 on the date -> 5-9
        p("E", "2003-01-01", "M"),   # 15 -> 10-15
        p("F", "2002-12-31", "I"),   # 16 on the date -> 16 and over
        p("G", None, "M"),           # no date of birth -> Not known
        p("B", "2018-01-01", "M", start="2017-06-01"),  # B's second open plan: B counted once
    ])
    frame = b.cp_age_sex_profile(tables, "2018-12-31")
    assert list(frame.columns) == ["age_band", "Male", "Female", "Other / not recorded", "Total"]
    assert list(frame["age_band"]) == ["Unborn", "Under 1", "1-4", "5-9", "10-15", "16 and over",
                                       "Not known"]
    assert list(frame["Male"]) == [0, 1, 0, 0, 1, 0, 1]
    assert list(frame["Female"]) == [0, 0, 1, 1, 0, 0, 0]
    assert list(frame["Other / not recorded"]) == [1, 0, 0, 0, 0, 1, 0]
    assert list(frame["Total"]) == [1, 1, 1, 1, 1, 1, 1]


def test_ethnicity_groups():
    cohort = pd.DataFrame({
        "child_id": ["A", "B", "C", "D", "E", "F", "G", "H", "I", "I"],
        "ethnicity": ["WBRI", "WROM", "MWBC", "ABAN", "BAFR", "CHNE", "OOTH", "REFU", None, None],
    })
    frame = b.ethnicity_groups(cohort)
    assert list(frame["category"]) == ["White", "Mixed", "Asian", "Black", "Other ethnic group",
                                       "Not known"]
    # I appears twice: counted once
    assert list(frame["count"]) == [2, 1, 1, 1, 2, 2]
    # CHNE with Asian (Census 2021 grouping) when asked
    assert as_dict(b.ethnicity_groups(cohort, chinese_group="Asian"))["Asian"] == 2


@pytest.mark.parametrize("fn", [b.contact_sources, b.referral_sources, b.assessment_duration_bands,
                                b.icpc_timeliness_bands, b.cin_episode_length_bands])
def test_window_breakdowns_on_empty_tables(fn):
    frame = fn(make_tables(), JUL, DEC)
    assert list(frame.columns) == ["category", "count"]
    assert frame["count"].sum() == 0 and len(frame) > 0


@pytest.mark.parametrize("fn", [b.primary_need_mix, b.cp_latest_category, b.cp_open_duration_bands])
def test_date_breakdowns_on_empty_tables(fn):
    frame = fn(make_tables(), DEC)
    assert frame["count"].sum() == 0 and len(frame) > 0


def test_local_breakdowns_reachable_from_one_module():
    # the other sections' breakdowns (indicators/breakdowns_local.py) are re-exported here
    assert hasattr(b, "lado_outcomes_by_sector")
