"""Local-extract rules, one test per rule, hand-computed expectations."""
import pandas as pd
import pytest

from .rules_testkit import failing_rows, make, run


@pytest.mark.parametrize("table,code,key", [
    ("lado_allegations", "LADO-002", {"lado_ref": "L1"}),
    ("pf_arrangements", "PF-002", {"arrangement_id": "A1"}),
    ("young_carers", "YC-002", {"yc_ref": "Y1"}),
    ("pre_proceedings", "PP-002", {"prep_table_id": "P1"}),
    ("case_activity", "CA-002", {"child_id": "C1", "activity_type": "CP_VISIT", "activity_date": "2018-07-02"}),
    ("pf_visits", "PFV-002", {"arrangement_id": "A1", "visit_date": "2018-07-02", "visit_type": "STATUTORY"}),
])
def test_duplicate_identifiers_dropped(table, code, key):
    other = {k: (v + "x" if k.endswith(("_ref", "_id")) else v) for k, v in key.items()}
    df = make(table, [key, key, other])
    out, f, log = run(code, {table: df})
    assert failing_rows(f) == [3]
    assert out[table]["source_row"].tolist() == [2, 4]
    assert log.account(table).rows_excluded == 1


@pytest.mark.parametrize("table,code,col", [
    ("lado_allegations", "LADO-090", "date_received"), ("pf_arrangements", "PF-090", "notification_date"),
    ("pf_visits", "PFV-090", "visit_date"), ("young_carers", "YC-090", "identified_date"),
    ("pre_proceedings", "PP-090", "care_proc_issue_date"), ("case_activity", "CA-090", "activity_date")])
def test_local_dates_after_extract_blanked(table, code, col):
    df = make(table, [{col: "2018-12-31"}, {col: "2019-01-01"}])
    out, f, _ = run(code, {table: df})
    assert f[["row", "column"]].values.tolist() == [[3, col]]
    assert out[table][col][0] == pd.Timestamp("2018-12-31") and pd.isna(out[table][col][1])


def test_lado_010_concluded_before_received_kept_and_listed():
    df = make("lado_allegations", [
        {"lado_ref": "L1", "date_received": "2018-07-10", "date_concluded": "2018-07-09"},
        {"lado_ref": "L2", "date_received": "2018-07-10", "date_concluded": "2018-07-10"}])
    out, f, _ = run("LADO-010", {"lado_allegations": df})
    assert failing_rows(f) == [2] and out["lado_allegations"]["date_concluded"][0] == pd.Timestamp("2018-07-09")


def test_lado_011_outcome_without_conclusion():
    df = make("lado_allegations", [
        {"lado_ref": "L1", "outcome": "SUBSTANTIATED"},
        {"lado_ref": "L2", "outcome": "NFA"},
        {"lado_ref": "L3", "outcome": "UNFOUNDED", "date_concluded": "2018-08-01"}])
    _, f, _ = run("LADO-011", {"lado_allegations": df})
    assert failing_rows(f) == [2]


def test_lado_012_conclusion_without_outcome():
    df = make("lado_allegations", [{"lado_ref": "L1", "date_concluded": "2018-08-01"},
                                   {"lado_ref": "L2", "date_concluded": "2018-08-01", "outcome": "FALSE"}])
    _, f, _ = run("LADO-012", {"lado_allegations": df})
    assert failing_rows(f) == [2]


def test_pf_010_initial_visit_before_notification():
    df = make("pf_arrangements", [
        {"arrangement_id": "A1", "notification_date": "2018-07-10", "initial_visit_date": "2018-07-09"},
        {"arrangement_id": "A2", "notification_date": "2018-07-10", "initial_visit_date": "2018-07-10"}])
    _, f, _ = run("PF-010", {"pf_arrangements": df})
    assert failing_rows(f) == [2]


def test_pf_011_end_before_start_kept_and_listed():
    df = make("pf_arrangements", [
        {"arrangement_id": "A1", "arrangement_start_date": "2018-07-10", "end_date": "2018-07-01"},
        {"arrangement_id": "A2", "notification_date": "2018-07-10", "end_date": "2018-07-09"},  # no start: notification
        {"arrangement_id": "A3", "arrangement_start_date": "2018-07-10", "end_date": "2018-08-01"}])
    out, f, _ = run("PF-011", {"pf_arrangements": df})
    assert failing_rows(f) == [2, 3]
    assert out["pf_arrangements"]["end_date"].isna().tolist() == [False, False, False]


def test_pf_012_over_age_while_open():
    df = make("pf_arrangements", [
        {"arrangement_id": "A1", "date_of_birth": "2002-12-31", "disability": "N"},  # 16 on extract day
        {"arrangement_id": "A2", "date_of_birth": "2003-01-01", "disability": "N"},  # 15
        {"arrangement_id": "A3", "date_of_birth": "2002-01-01", "disability": "Y"},  # 16, disabled
        {"arrangement_id": "A4", "date_of_birth": "2000-12-31", "disability": "Y"},  # 18, disabled
        {"arrangement_id": "A5", "date_of_birth": "2000-01-01", "end_date": "2018-06-01"}])  # closed
    _, f, _ = run("PF-012", {"pf_arrangements": df})
    assert failing_rows(f) == [2, 5]


def test_pfv_010_orphan_visits_dropped():
    arr = make("pf_arrangements", [{"arrangement_id": "A1"}])
    vis = make("pf_visits", [{"arrangement_id": "A1", "visit_date": "2018-07-02"},
                             {"arrangement_id": "A9", "visit_date": "2018-07-02"}])
    out, f, log = run("PFV-010", {"pf_arrangements": arr, "pf_visits": vis})
    assert failing_rows(f) == [3] and out["pf_visits"]["arrangement_id"].tolist() == ["A1"]
    assert log.account("pf_visits").rows_excluded == 1


def test_yc_010_dates_out_of_order():
    df = make("young_carers", [
        {"yc_ref": "Y1", "identified_date": "2018-07-01", "assessment_request_date": "2018-07-02",
         "assessment_start_date": "2018-07-03", "assessment_completed_date": "2018-07-04"},
        {"yc_ref": "Y2", "identified_date": "2018-07-05", "assessment_request_date": None,
         "assessment_start_date": "2018-07-03", "assessment_completed_date": "2018-07-10"},
        {"yc_ref": "Y3", "identified_date": "2018-07-01", "assessment_start_date": "2018-07-10",
         "assessment_completed_date": "2018-07-09"}])
    out, f, _ = run("YC-010", {"young_carers": df})
    assert f[["row", "column"]].values.tolist() == [[3, "assessment_start_date"], [4, "assessment_completed_date"]]
    assert out["young_carers"]["assessment_completed_date"].notna().sum() == 3  # report only


def test_yc_011_outcome_without_completion():
    df = make("young_carers", [{"yc_ref": "Y1", "assessment_outcome": "SIGNPOSTED"},
                               {"yc_ref": "Y2", "assessment_outcome": "SIGNPOSTED",
                                "assessment_completed_date": "2018-07-01"}])
    _, f, _ = run("YC-011", {"young_carers": df})
    assert failing_rows(f) == [2]


def test_pp_010_dates_out_of_order():
    df = make("pre_proceedings", [
        {"prep_table_id": "P1", "prep_pre_pro_decision_date": "2018-01-10", "prep_pre_pro_letter_date": "2018-01-15",
         "prep_initial_pre_pro_meeting_date": "2018-01-20", "care_proc_issue_date": "2018-03-01",
         "care_proc_final_order_date": "2018-08-01"},
        {"prep_table_id": "P2", "prep_pre_pro_decision_date": "2018-01-10", "care_proc_issue_date": "2018-01-05"},
        {"prep_table_id": "P3", "care_proc_issue_date": "2018-03-01", "care_proc_final_order_date": "2018-02-01"}])
    _, f, _ = run("PP-010", {"pre_proceedings": df})
    assert f[["row", "column"]].values.tolist() == [[3, "care_proc_issue_date"], [4, "care_proc_final_order_date"]]


def test_pp_011_plan_h_with_final_order_date():
    df = make("pre_proceedings", [
        {"prep_table_id": "P1", "prep_la_final_care_plan": "H", "care_proc_final_order_date": "2018-08-01"},
        {"prep_table_id": "P2", "prep_la_final_care_plan": "H"},
        {"prep_table_id": "P3", "prep_la_final_care_plan": "A", "care_proc_final_order_date": "2018-08-01"}])
    _, f, _ = run("PP-011", {"pre_proceedings": df})
    assert failing_rows(f) == [2]


def test_pop_010_population_not_a_number_dropped():
    df = make("population", [{"mid_year": 2017, "population_0_17": 41000},
                             {"mid_year": 2018, "population_0_17": None},
                             {"mid_year": 2019, "population_0_17": 0}])
    out, f, _ = run("POP-010", {"population": df})
    assert failing_rows(f) == [3, 4] and out["population"]["mid_year"].tolist() == [2017]


def test_pop_002_duplicate_year_dropped():
    df = make("population", [{"mid_year": 2018, "population_0_17": 1},
                             {"mid_year": 2018, "population_0_17": 2}])
    out, f, _ = run("POP-002", {"population": df})
    assert failing_rows(f) == [3] and out["population"]["population_0_17"].tolist() == [1]


@pytest.mark.parametrize("table,code,key", [
    ("case_audits", "QA-002", {"audit_ref": "A1"}), ("family_feedback", "FF-002", {"feedback_ref": "F1"}),
    ("out_of_hours", "OOH-002", {"ooh_ref": "E1"})])
def test_quality_and_out_of_hours_duplicates_dropped(table, code, key):
    other = {k: v + "x" for k, v in key.items()}
    out, f, log = run(code, {table: make(table, [key, key, other])})
    assert failing_rows(f) == [3] and log.account(table).rows_excluded == 1


@pytest.mark.parametrize("table,code,col", [
    ("case_audits", "QA-090", "audit_date"), ("family_feedback", "FF-090", "feedback_date"),
    ("out_of_hours", "OOH-090", "contact_date")])
def test_quality_and_out_of_hours_future_dates_blanked(table, code, col):
    out, f, _ = run(code, {table: make(table, [{col: "2018-12-31"}, {col: "2019-01-01"}])})
    assert f[["row", "column"]].values.tolist() == [[3, col]] and pd.isna(out[table][col][1])


def test_qa_010_audited_child_not_in_annex_a():
    audits = make("case_audits", [{"audit_ref": "A1", "child_id": "C1"}, {"audit_ref": "A2", "child_id": "C9"},
                                  {"audit_ref": "A3", "child_id": None}])
    cin = make("cin", [{"child_id": "C1", "cin_start_date": "2018-01-01"}])
    out, f, _ = run("QA-010", {"case_audits": audits, "cin": cin})
    assert failing_rows(f) == [3]  # C9 only; an audit without a child ID is not queried


def test_ff_010_score_above_ten_blanked():
    df = make("family_feedback", [{"feedback_ref": "F1", "satisfaction_score": 10},
                                  {"feedback_ref": "F2", "satisfaction_score": 11}])
    out, f, _ = run("FF-010", {"family_feedback": df})
    assert failing_rows(f) == [3]
    assert out["family_feedback"]["satisfaction_score"][0] == 10 and pd.isna(out["family_feedback"]["satisfaction_score"][1])


def test_ff_011_response_with_no_answers_listed():
    df = make("family_feedback", [{"feedback_ref": "F1", "felt_listened_to": "N"},
                                  {"feedback_ref": "F2", "knew_why_involved": "U"},
                                  {"feedback_ref": "F3", "satisfaction_score": 0}])
    _, f, _ = run("FF-011", {"family_feedback": df})
    assert failing_rows(f) == [3]  # F2: only "U"; F3's score of 0 is an answer


def test_ooh_010_unreadable_time_blanked():
    df = make("out_of_hours", [{"ooh_ref": "E1", "contact_time": "23:59"}, {"ooh_ref": "E2", "contact_time": "1730"},
                               {"ooh_ref": "E3", "contact_time": "25:00"}, {"ooh_ref": "E4", "contact_time": "evening"}])
    out, f, _ = run("OOH-010", {"out_of_hours": df})
    assert failing_rows(f) == [4, 5]
    assert out["out_of_hours"]["contact_time"].tolist()[:2] == ["23:59", "1730"]


def test_ooh_011_police_protection_without_police():
    df = make("out_of_hours", [{"ooh_ref": "E1", "outcome": "POLICE_PROTECTION", "police_involved": "N"},
                               {"ooh_ref": "E2", "outcome": "POLICE_PROTECTION", "police_involved": "Y"},
                               {"ooh_ref": "E3", "outcome": "ADVICE", "police_involved": "N"}])
    _, f, _ = run("OOH-011", {"out_of_hours": df})
    assert failing_rows(f) == [2]
