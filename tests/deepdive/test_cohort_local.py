"""Cohorts of the local-extract indicators (LADO, private fostering, young carers, proceedings)
count exactly what the indicators count, every month of 2018 and the period, on a hand-built
council; and the rows are the units each indicator counts."""
from __future__ import annotations

import pandas as pd
import pytest

from safeguarding.deepdive.cohort import breakdown_frame, cohort_frame, supported

from ..indicators.helpers import make_tables, population
from .test_cohort import check_every_window, prepared

LOCAL_SECTIONS = ("lado_", "pf_", "yc_", "pre_proceedings_", "care_")


def lado(ref, received, threshold, concluded=None, **extra):
    return {"lado_ref": ref, "date_received": received, "contact_type": "REFERRAL",
            "referral_source": "SCHOOL", "employment_sector": "EDUCATION_SCHOOL",
            "allegation_category": "PHYSICAL", "threshold_met": threshold,
            "date_concluded": concluded, **extra}


def arrangement(aid, notified, kind="EXISTING", **extra):
    return {"arrangement_id": aid, "child_id": f"PF{aid}", "sex": "F", "ethnicity": "BAFR",
            "date_of_birth": "2003-02-11", "disability": "N", "notification_date": notified,
            "notification_type": kind, "notification_source": "SCHOOL", **extra}


def carer(ref, identified, **extra):
    return {"yc_ref": ref, "child_id": f"YC{ref}", "sex": "M", "ethnicity": "WBRI",
            "date_of_birth": "2007-09-30", "identified_date": identified,
            "identification_source": "SCHOOL", **extra}


def episode(row_id, person, family, **extra):
    return {"prep_table_id": row_id, "prep_person_id": person, "prep_plo_family_id": family, **extra}


ISSUE, STEP = "Decision to Issue Care Proceedings", "Decision to step down"


def council():
    return make_tables(
        lado_allegations=[
            lado("L1", "2018-07-02", "Y", "2018-07-30", strategy_meeting_date="2018-07-10"),  # 28 days
            lado("L2", "2018-07-16", "N", contact_type="CONSULTATION"),
            lado("L3", "2018-07-20", None),  # no threshold decision yet
            lado("L4", "2018-05-01", "Y", "2018-08-20"),  # 111 days
            lado("L5", "2018-09-03", "Y", "2018-11-30"),  # 88 days
            lado("L6", "2018-10-01", "N", "2018-10-05")],  # below threshold: not an allegation
        pf_arrangements=[
            arrangement("1", "2018-07-02", initial_visit_date="2018-07-05"),
            arrangement("2", "2018-06-01", "PROPOSED", arrangement_start_date="2018-09-10",
                        initial_visit_date="2018-09-24", end_date="2018-11-30", end_reason="ENDED"),
            arrangement("3", "2018-08-15", end_date="2018-08-30", end_reason="NOT_PRIVATE_FOSTERING")],
        pf_visits=[{"arrangement_id": "1", "visit_date": "2018-08-10", "visit_type": "STATUTORY",
                    "child_seen": "Y"}],
        young_carers=[
            carer("1", "2018-07-02", assessment_request_date="2018-07-02",
                  assessment_completed_date="2018-07-16", assessment_type="YC_NEEDS",
                  support_plan_start_date="2018-07-23"),
            carer("2", "2018-06-04", assessment_completed_date="2018-09-28", assessment_type="WHOLE_FAMILY"),
            carer("3", "2018-10-15", end_date="2018-11-20")],
        pre_proceedings=[
            episode("1", "K1", "F1", prep_pre_pro_decision_date="2018-05-14", prep_pre_pro_outcome=ISSUE,
                    prep_agree_stepdown_issue_date="2018-08-01", prep_court_reference="ZW18C00101",
                    care_proc_issue_date="2018-08-06", care_proc_final_order_date="2018-11-26"),
            episode("2", "K2", "F1", prep_pre_pro_decision_date="2018-05-14", prep_pre_pro_outcome=ISSUE,
                    prep_agree_stepdown_issue_date="2018-08-01", prep_court_reference="ZW18C00101",
                    care_proc_issue_date="2018-08-06", care_proc_final_order_date="2018-12-17"),
            episode("3", "K3", "F3", prep_pre_pro_decision_date="2018-07-16", prep_pre_pro_outcome=STEP,
                    prep_agree_stepdown_issue_date="2018-10-22"),
            episode("4", "K4", "F4", prep_pre_pro_decision_date="2018-09-03"),
            # issued on short notice, without pre-proceedings
            episode("5", "K5", "F5", prep_court_reference="ZW18C00042", care_proc_issue_date="2018-03-05",
                    care_proc_final_order_date="2018-10-29")],
        # K3 is in need (List 6), recorded as disabled there
        cin=[{"child_id": "K3", "sex": "M", "ethnicity": "WBRI", "date_of_birth": "2012-04-02",
              "cin_start_date": "2017-11-06", "disability": "Y"}],
        population=population(10_000))


@pytest.fixture(scope="module")
def hand():
    return prepared(council())


def test_every_local_indicator_counts_the_same_in_every_month_and_the_period(hand):
    local = [i for i in supported() if i.startswith(LOCAL_SECTIONS)]
    assert len(local) == 26 and "care_proceedings_avg_weeks" not in local
    checked, nonzero = check_every_window(hand, local)
    assert checked >= 26 * 13 and nonzero > 60  # the fixture exercises most months, not only zeros


def test_lado_threshold_cohort_lists_undecided_contacts_outside_the_denominator(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "lado_threshold_met_pct", month="2018-07")
    assert frame[["lado_ref", "in_numerator", "in_denominator"]].values.tolist() == [
        ["L1", True, True], ["L2", False, True], ["L3", False, False]]
    assert frame["contact_type_label"].tolist() == [
        "Allegation referred for consideration", "Advice or consultation only",
        "Allegation referred for consideration"]
    # LADO rows are about the adult: no child characteristics to break down by
    assert breakdown_frame(frame, "sex").set_index("sex")["denominator"].to_dict() == {"Not recorded": 2}


def test_lado_conclusion_cohort_carries_days(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "lado_concluded_3m_pct")  # Jul-Dec
    # L6 (below threshold) concluded in October is not an allegation: not listed
    assert frame.set_index("lado_ref")[["days_to_conclusion", "in_numerator"]].to_dict("index") == {
        "L1": {"days_to_conclusion": 28, "in_numerator": True},
        "L4": {"days_to_conclusion": 111, "in_numerator": False},
        "L5": {"days_to_conclusion": 88, "in_numerator": True}}


def test_pf_visit_cohort_lists_an_arrangement_once_per_visit_due(hand):
    tables, params, period, _ = hand
    august = cohort_frame(tables, params, period, "pf_visits_in_time_pct", month="2018-08")
    # arrangement 1 (aware 2 Jul): clock from 2 Jul due 13 Aug (visited 5 Jul), from 5 Jul due
    # 16 Aug (visited 10 Aug): two visits due in August, both in time
    assert august["arrangement_id"].tolist() == ["1", "1"]
    assert august["due_date"].tolist() == [pd.Timestamp("2018-08-13"), pd.Timestamp("2018-08-16")]
    assert august["in_numerator"].tolist() == [True, True]
    september = cohort_frame(tables, params, period, "pf_visits_in_time_pct", month="2018-09")
    # from 10 Aug due 21 Sep, never made: one late visit
    assert september[["arrangement_id", "due_date", "in_numerator"]].values.tolist() == [
        ["1", pd.Timestamp("2018-09-21"), False]]
    # the child's characteristics from the arrangement (age at notification, 2 Jul 2018: 15)
    assert september[["ethnicity_label", "ethnicity_group", "age_band", "disability_group"]].values.tolist() == [
        ["African", "Black or Black British", "10 to 15", "Not disabled"]]


def test_pf_new_arrangements_leave_out_not_private_fostering(hand):
    tables, params, period, _ = hand
    notified = cohort_frame(tables, params, period, "pf_notifications")
    new = cohort_frame(tables, params, period, "pf_new_arrangements")
    assert sorted(notified["arrangement_id"]) == ["1", "3"]  # 2 was notified in June
    # 1 (aware 2 Jul) and 2 (proposed; began 10 Sep); 3 ended as not private fostering
    assert sorted(new["arrangement_id"]) == ["1", "2"]
    initial = cohort_frame(tables, params, period, "pf_initial_visit_in_time_pct").set_index("arrangement_id")
    # 1: start Mon 2 Jul, visit Thu 5 Jul = 3 working days; 2: start Mon 10 Sep, visit Mon 24 Sep = 10
    assert initial[["working_days_to_visit", "in_numerator"]].to_dict("index") == {
        "1": {"working_days_to_visit": 3, "in_numerator": True},
        "2": {"working_days_to_visit": 10, "in_numerator": False}}


def test_young_carer_assessment_cohort(hand):
    tables, params, period, _ = hand
    frame = cohort_frame(tables, params, period, "yc_assessed_in_time_pct").set_index("yc_ref")
    # 1: requested Mon 2 Jul, completed Mon 16 Jul: 10 working days, in time (35);
    # 2: no request, clock from identification 4 Jun to 28 Sep: well over 35
    assert frame.loc["1", "working_days"] == 10 and bool(frame.loc["1", "in_numerator"])
    assert frame.loc["2", "clock_start"] == pd.Timestamp("2018-06-04") and not frame.loc["2", "in_numerator"]
    assert frame.loc["1", "assessment_type_label"] == "Young carer's needs assessment (s17ZA)"
    assert frame.loc["1", "age_band"] == "10 to 15"  # born 30 Sep 2007, assessed Jul 2018: 10


def test_care_applications_are_one_row_per_application(hand):
    tables, params, period, _ = hand
    august = cohort_frame(tables, params, period, "care_applications", month="2018-08")
    # K1 and K2, siblings issued together under one court reference: one application
    assert august[["application", "children", "child_ids"]].values.tolist() == [
        ["ZW18C00101|2018-08-06", 2, "K1, K2"]]
    within = cohort_frame(tables, params, period, "care_proceedings_within_26wk_pct").set_index("application")
    # K5: 5 Mar -> 29 Oct = 238 days (34 weeks), late; K1+K2: 6 Aug -> 17 Dec (the later order) = 133 days
    assert within.loc["ZW18C00042|2018-03-05", "weeks"] == 34 and not within.loc["ZW18C00042|2018-03-05", "in_numerator"]
    assert within.loc["ZW18C00101|2018-08-06", "weeks"] == 19 and within.loc["ZW18C00101|2018-08-06", "in_numerator"]
    pre = cohort_frame(tables, params, period, "pre_proceedings_open", as_at="2018-09-30")
    assert sorted(pre["prep_person_id"]) == ["K3", "K4"]  # K1, K2 left on the issue decision of 1 Aug
    # the extract has no characteristics; disability comes from the Annex A lists by person id
    assert pre.set_index("prep_person_id")["disability_group"].to_dict() == {
        "K3": "Disabled", "K4": "Not recorded"}


def test_average_weeks_is_not_a_cohort(hand):
    tables, params, period, _ = hand
    with pytest.raises(ValueError, match="unknown indicator for cohort\\(\\) 'care_proceedings_avg_weeks'; "
                                         "valid: .*care_proceedings_within_26wk_pct"):
        cohort_frame(tables, params, period, "care_proceedings_avg_weeks")
