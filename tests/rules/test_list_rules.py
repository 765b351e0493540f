"""Rules of Lists 3-7, one test per rule, hand-computed expectations."""
import pandas as pd

from .rules_testkit import failing_rows, make, run


# ---- List 3 -----------------------------------------------------------------------------------
def test_aa3_010_referral_more_than_280_days_before_birth():
    df = make("referrals", [
        {"child_id": "C1", "date_of_birth": "2018-10-08", "referral_date": "2018-01-01"},  # 280 days
        {"child_id": "C2", "date_of_birth": "2018-10-09", "referral_date": "2018-01-01"},  # 281
        {"child_id": "C3", "date_of_birth": None, "referral_date": "2018-01-01"}])
    _, f, _ = run("AA3-010", {"referrals": df})
    assert failing_rows(f) == [3]


# ---- List 4 -----------------------------------------------------------------------------------
def test_aa4_010_auth_before_start_blanks_auth():
    df = make("assessments", [
        {"child_id": "C1", "assessment_start_date": "2018-07-10", "assessment_auth_date": "2018-07-09"},
        {"child_id": "C2", "assessment_start_date": "2018-07-10", "assessment_auth_date": "2018-07-10"},
        {"child_id": "C3", "assessment_start_date": "2018-07-10", "assessment_auth_date": None}])
    out, f, log = run("AA4-010", {"assessments": df})
    assert f[["row", "column", "value", "action"]].values.tolist() == [[2, "assessment_auth_date", "2018-07-09", "blank"]]
    a = out["assessments"]
    assert pd.isna(a["assessment_auth_date"][0]) and a["assessment_start_date"][0] == pd.Timestamp("2018-07-10")
    assert a["assessment_auth_date"][1] == pd.Timestamp("2018-07-10")
    assert log.account("assessments").rows_with_blanked_fields == 1


def test_aa4_011_assessment_before_any_referral_of_child():
    ref = make("referrals", [{"child_id": "C1", "referral_date": "2018-07-10"},
                             {"child_id": "C2", "referral_date": "2018-07-01"},
                             {"child_id": "C3", "referral_date": "2018-08-01"}])
    asm = make("assessments", [
        {"child_id": "C1", "assessment_start_date": "2018-07-05"},  # before C1's only referral -> fails
        {"child_id": "C1", "assessment_start_date": "2018-07-10"},  # same day -> fine
        {"child_id": "C2", "assessment_start_date": "2018-07-02"},  # after -> fine
        {"child_id": "C4", "assessment_start_date": "2018-07-05"},  # no referral in List 3 -> not judged
        {"child_id": "C3", "assessment_start_date": "2018-06-15"}])  # before List 3 coverage -> not judged
    _, f, _ = run("AA4-011", {"referrals": ref, "assessments": asm})
    assert failing_rows(f) == [2]


def test_aa4_012_open_assessment_older_than_45_working_days():
    # extract 31/12/2018: start 25/10/2018 = 45 working days, 24/10/2018 = 46
    df = make("assessments", [
        {"child_id": "C1", "assessment_start_date": "2018-10-25"},
        {"child_id": "C2", "assessment_start_date": "2018-10-24"},
        {"child_id": "C3", "assessment_start_date": "2018-07-02", "assessment_auth_date": "2018-08-01"}])
    _, f, _ = run("AA4-012", {"assessments": df})
    assert failing_rows(f) == [3] and f["severity"].tolist() == ["warning"]


# ---- List 5 -----------------------------------------------------------------------------------
def test_aa5_010_icpc_before_s47_blanks_icpc():
    df = make("s47", [{"child_id": "C1", "s47_start_date": "2018-07-10", "icpc_date": "2018-07-09"},
                      {"child_id": "C2", "s47_start_date": "2018-07-10", "icpc_date": "2018-07-20"}])
    out, f, _ = run("AA5-010", {"s47": df})
    assert failing_rows(f) == [2]
    assert pd.isna(out["s47"]["icpc_date"][0]) and out["s47"]["icpc_date"][1] == pd.Timestamp("2018-07-20")


def test_aa5_011_icpc_on_weekend():
    df = make("s47", [{"child_id": "C1", "icpc_date": "2018-07-07"},  # Saturday
                      {"child_id": "C2", "icpc_date": "2018-07-08"},  # Sunday
                      {"child_id": "C3", "icpc_date": "2018-07-09"}])  # Monday
    out, f, _ = run("AA5-011", {"s47": df})
    assert failing_rows(f) == [2, 3]
    assert out["s47"]["icpc_date"].notna().all()


def test_aa5_012_open_s47_older_than_15_working_days():
    # extract 31/12/2018: start 06/12 = 15 working days (25, 26 Dec bank holidays), 05/12 = 16
    df = make("s47", [{"child_id": "C1", "s47_start_date": "2018-12-06"},
                      {"child_id": "C2", "s47_start_date": "2018-12-05"},
                      {"child_id": "C3", "s47_start_date": "2018-12-05", "icpc_not_required": "Y"},
                      {"child_id": "C4", "s47_start_date": "2018-12-05", "icpc_date": "2018-12-20"}])
    _, f, _ = run("AA5-012", {"s47": df})
    assert failing_rows(f) == [3]


def test_aa5_013_icpc_to_plan_without_plan_within_5_working_days():
    s47 = make("s47", [
        {"child_id": "C1", "icpc_date": "2018-07-02", "icpc_to_plan": "Y"},  # plan 09/07 = 5 wd -> ok
        {"child_id": "C2", "icpc_date": "2018-07-02", "icpc_to_plan": "Y"},  # plan 10/07 = 6 wd -> fails
        {"child_id": "C3", "icpc_date": "2018-07-02", "icpc_to_plan": "Y"},  # no plan -> fails
        {"child_id": "C4", "icpc_date": "2018-07-02", "icpc_to_plan": "N"}])
    cp = make("cp_plans", [{"child_id": "C1", "cpp_start_date": "2018-07-09"},
                           {"child_id": "C2", "cpp_start_date": "2018-07-10"}])
    _, f, _ = run("AA5-013", {"s47": s47, "cp_plans": cp})
    assert failing_rows(f) == [3, 4]


# ---- List 6 -----------------------------------------------------------------------------------
def test_aa6_010_closure_before_start_kept_and_listed():
    df = make("cin", [{"child_id": "C1", "cin_start_date": "2018-07-10", "cin_closure_date": "2018-07-01"},
                      {"child_id": "C2", "cin_start_date": "2018-07-10", "cin_closure_date": "2018-07-10"}])
    out, f, _ = run("AA6-010", {"cin": df})
    # the closure date is kept (a blank one would make the episode open for ever)
    assert failing_rows(f) == [2] and out["cin"]["cin_closure_date"][0] == pd.Timestamp("2018-07-01")


def test_aa6_011_overlapping_cin_episodes():
    df = make("cin", [
        {"child_id": "C1", "cin_start_date": "2018-01-01", "cin_closure_date": "2018-03-01"},
        {"child_id": "C1", "cin_start_date": "2018-02-01", "cin_closure_date": None},  # overlaps row 2
        {"child_id": "C2", "cin_start_date": "2018-01-01", "cin_closure_date": "2018-03-01"},
        {"child_id": "C2", "cin_start_date": "2018-03-01", "cin_closure_date": None}])  # starts on closure day
    _, f, _ = run("AA6-011", {"cin": df})
    assert failing_rows(f) == [2, 3]


def test_aa6_012_activity_after_cin_closure():
    cin = make("cin", [
        {"child_id": "C1", "cin_start_date": "2018-01-01", "cin_closure_date": "2018-03-01"},
        {"child_id": "C2", "cin_start_date": "2018-01-01", "cin_closure_date": "2018-03-01"},
        {"child_id": "C2", "cin_start_date": "2018-05-01", "cin_closure_date": None}])
    asm = make("assessments", [{"child_id": "C1", "assessment_start_date": "2018-04-01"},  # after closure, no episode
                               {"child_id": "C2", "assessment_start_date": "2018-05-02"}])  # inside C2's 2nd episode
    _, f, _ = run("AA6-012", {"cin": cin, "assessments": asm})
    assert failing_rows(f) == [2]


def test_aa6_013_closure_date_without_reason():
    df = make("cin", [{"child_id": "C1", "cin_closure_date": "2018-07-01"},
                      {"child_id": "C2", "cin_closure_date": "2018-07-01", "closure_reason": "RC8"}])
    _, f, _ = run("AA6-013", {"cin": df})
    assert failing_rows(f) == [2]


def test_aa6_014_reason_without_closure_date():
    df = make("cin", [{"child_id": "C1", "closure_reason": "RC8"},
                      {"child_id": "C2", "cin_closure_date": "2018-07-01", "closure_reason": "RC8"}])
    _, f, _ = run("AA6-014", {"cin": df})
    assert failing_rows(f) == [2]


def test_aa6_015_closed_status_without_closure_date():
    df = make("cin", [{"child_id": "C1", "case_status": "CLOSED"},
                      {"child_id": "C2", "case_status": "CLOSED", "cin_closure_date": "2018-07-01"},
                      {"child_id": "C3", "case_status": "CINP"}])
    _, f, _ = run("AA6-015", {"cin": df})
    assert failing_rows(f) == [2]


def test_aa6_016_closure_date_with_open_status():
    df = make("cin", [{"child_id": "C1", "case_status": "CINP", "cin_closure_date": "2018-07-01"},
                      {"child_id": "C2", "case_status": "CLOSED", "cin_closure_date": "2018-07-01"},
                      {"child_id": "C3", "case_status": None, "cin_closure_date": "2018-07-01"}])
    _, f, _ = run("AA6-016", {"cin": df})
    assert failing_rows(f) == [2]


# ---- List 7 -----------------------------------------------------------------------------------
def test_aa7_010_plan_end_before_start_kept_and_listed():
    df = make("cp_plans", [{"child_id": "C1", "cpp_start_date": "2018-07-10", "cpp_end_date": "2018-07-09"},
                           {"child_id": "C2", "cpp_start_date": "2018-07-10", "cpp_end_date": "2018-09-09"}])
    out, f, _ = run("AA7-010", {"cp_plans": df})
    assert failing_rows(f) == [2] and out["cp_plans"]["cpp_end_date"][0] == pd.Timestamp("2018-07-09")


def test_aa7_011_plan_ends_on_start_day():
    df = make("cp_plans", [{"child_id": "C1", "cpp_start_date": "2018-07-10", "cpp_end_date": "2018-07-10"},
                           {"child_id": "C2", "cpp_start_date": "2018-07-10", "cpp_end_date": "2018-07-11"}])
    out, f, _ = run("AA7-011", {"cp_plans": df})
    assert failing_rows(f) == [2] and out["cp_plans"]["cpp_end_date"].notna().all()


def test_aa7_012_overlapping_plans():
    df = make("cp_plans", [
        {"child_id": "C1", "cpp_start_date": "2018-01-01", "cpp_end_date": "2018-06-01"},
        {"child_id": "C1", "cpp_start_date": "2018-05-01", "cpp_end_date": "2018-08-01"},
        {"child_id": "C2", "cpp_start_date": "2018-01-01", "cpp_end_date": "2018-06-01"},
        {"child_id": "C2", "cpp_start_date": "2018-06-01", "cpp_end_date": None}])
    _, f, _ = run("AA7-012", {"cp_plans": df})
    assert failing_rows(f) == [2, 3]


def test_aa7_013_more_than_one_open_plan():
    df = make("cp_plans", [{"child_id": "C1", "cpp_start_date": "2018-01-01"},
                           {"child_id": "C1", "cpp_start_date": "2018-05-01"},
                           {"child_id": "C2", "cpp_start_date": "2018-01-01", "cpp_end_date": "2018-03-01"},
                           {"child_id": "C2", "cpp_start_date": "2018-05-01"}])
    _, f, _ = run("AA7-013", {"cp_plans": df})
    assert failing_rows(f) == [2, 3]


def test_aa7_014_review_on_or_before_start_blanked():
    df = make("cp_plans", [{"child_id": "C1", "cpp_start_date": "2018-07-10", "latest_review_date": "2018-07-10"},
                           {"child_id": "C2", "cpp_start_date": "2018-07-10", "latest_review_date": "2018-07-01"},
                           {"child_id": "C3", "cpp_start_date": "2018-07-10", "latest_review_date": "2018-10-01"}])
    out, f, _ = run("AA7-014", {"cp_plans": df})
    assert failing_rows(f) == [2, 3]
    r = out["cp_plans"]["latest_review_date"]
    assert pd.isna(r[0]) and pd.isna(r[1]) and r[2] == pd.Timestamp("2018-10-01")


def test_aa7_015_previous_plans_lower_than_history():
    df = make("cp_plans", [
        {"child_id": "C1", "cpp_start_date": "2017-01-01", "cpp_end_date": "2017-06-01", "previous_plans": 0},
        {"child_id": "C1", "cpp_start_date": "2018-01-01", "previous_plans": 0},  # 1 earlier plan held -> fails
        {"child_id": "C2", "cpp_start_date": "2017-01-01", "cpp_end_date": "2017-06-01", "previous_plans": 2},
        {"child_id": "C2", "cpp_start_date": "2018-01-01", "previous_plans": 3}])
    _, f, _ = run("AA7-015", {"cp_plans": df})
    assert failing_rows(f) == [3]


def test_aa3_011_activity_after_an_nfa_referral():
    refs = make("referrals", [
        {"child_id": "C1", "referral_date": "2018-07-02", "referral_nfa": "Y"},  # assessment 05/07 -> fails
        {"child_id": "C2", "referral_date": "2018-07-02", "referral_nfa": "Y"},  # S47 after next referral -> ok
        {"child_id": "C2", "referral_date": "2018-08-01", "referral_nfa": "N"},  # not NFA
        {"child_id": "C3", "referral_date": "2018-07-02", "referral_nfa": "Y"},  # assessment before it -> ok
    ])
    assessments = make("assessments", [{"child_id": "C1", "assessment_start_date": "2018-07-05"},
                                       {"child_id": "C3", "assessment_start_date": "2018-06-01"}])
    s47 = make("s47", [{"child_id": "C2", "s47_start_date": "2018-08-03"}])
    _, f, _ = run("AA3-011", {"referrals": refs, "assessments": assessments, "s47": s47})
    assert failing_rows(f) == [2]


def test_aa7_016_plan_start_without_an_icpc_that_day():
    s47 = make("s47", [{"child_id": "C1", "s47_start_date": "2018-06-20", "icpc_date": "2018-07-02"},
                       {"child_id": "C2", "s47_start_date": "2018-06-20", "icpc_date": "2018-07-03"}])
    cp = make("cp_plans", [
        {"child_id": "C1", "cpp_start_date": "2018-07-02"},  # ICPC that day -> ok
        {"child_id": "C2", "cpp_start_date": "2018-07-04"},  # ICPC the day before -> fails
        {"child_id": "C3", "cpp_start_date": "2018-08-01"},  # no ICPC at all (transfer-in?) -> fails
        {"child_id": "C4", "cpp_start_date": "2017-01-01"},  # before the earliest ICPC held -> not checked
    ])
    _, f, _ = run("AA7-016", {"s47": s47, "cp_plans": cp})
    assert failing_rows(f) == [3, 4]
