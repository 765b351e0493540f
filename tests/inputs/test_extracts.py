import pandas as pd
import pytest

from safeguarding.inputs import load_inputs
from safeguarding.quality import DataQualityLog, FatalInputError

from .inputs_testkit import L1, d, workbook


def folder_with_annex(tmp_path):
    workbook(tmp_path / "annex.xlsx", {"List 1": [L1, ["C1", "M", "WBRI", None, None, d(2018, 7, 2), "6"]]})
    return tmp_path


def load(folder):
    log = DataQualityLog()
    return load_inputs(folder, log), log


LADO_HDR = ("lado_ref,date_received,contact_type,referral_source,employment_sector,"
            "allegation_category,threshold_met,date_concluded,outcome,children_involved")


def test_lado_csv_parsed_by_kind(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "lado_allegations.csv").write_text(
        LADO_HDR + ",extra_col\n"
        "L1,2018-07-02,REFERRAL,school,Education - school,PHYSICAL;Sexual,Yes,15/08/2018,Substantiated,2,x\n"
        "L2,03/07/2018,consultation,EMPLOYER,HEALTH,OTHER,N,,,1.5,y\n"
        ",04/07/2018,CONSULTATION,EMPLOYER,HEALTH,OTHER,N,,,,z\n", encoding="utf-8")
    t, log = load(tmp_path)
    la = t["lado_allegations"]
    assert la["lado_ref"].tolist() == ["L1", "L2"]
    assert la["date_received"].tolist() == [pd.Timestamp("2018-07-02"), pd.Timestamp("2018-07-03")]
    assert la["contact_type"].tolist() == ["REFERRAL", "CONSULTATION"]
    assert la["employment_sector"].tolist() == ["EDUCATION_SCHOOL", "HEALTH"]
    assert la["allegation_category"].tolist() == ["PHYSICAL;SEXUAL", "OTHER"]
    assert la["threshold_met"].tolist() == ["Y", "N"]
    assert la["outcome"].tolist()[0] == "SUBSTANTIATED" and pd.isna(la["outcome"][1])
    assert la["children_involved"].tolist()[0] == 2 and pd.isna(la["children_involved"][1])
    f = log.table()
    assert f.loc[f.rule == "READ-INT", ["row", "column", "value"]].values.tolist() == [[3, "children_involved", "1.5"]]
    assert f.loc[f.rule == "READ-COL-UNKNOWN", "column"].tolist() == ["extra_col"]
    assert f.loc[f.rule == "READ-NOID", "row"].tolist() == [4]
    acc = log.account("lado_allegations")
    assert (acc.rows_read, acc.rows_unreadable) == (3, 1)


def test_missing_required_local_column_is_fatal(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "pf_visits.csv").write_text("arrangement_id,visit_date,child_seen\nA1,2018-07-02,Y\n")
    with pytest.raises(FatalInputError) as e:
        load(tmp_path)
    assert str(e.value).startswith("file pf_visits.csv, column 'visit_type': required column 'visit_type' not found")


def test_required_value_blank_reported(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "pf_visits.csv").write_text(
        "arrangement_id,visit_date,visit_type,child_seen\nA1,2018-07-02,,Y\n")
    t, log = load(tmp_path)
    f = log.table()
    assert f.loc[f.rule == "READ-REQBLANK", ["row", "column"]].values.tolist() == [[2, "visit_type"]]


def test_single_sheet_xlsx_extract_and_improvement_status_upper(tmp_path):
    folder_with_annex(tmp_path)
    workbook(tmp_path / "improvement_actions.xlsx", {"Tracker": [
        ["action_ref", "area", "action", "owner", "target_date", "status", "progress_summary", "last_updated"],
        ["1.1", "Front door", "Do x", "Head of service", d(2018, 9, 30), " green ", "ok", d(2018, 12, 1)],
        ["1.2", "Front door", "Do y", "Head of service", 43465, "Not_Completed", "ok", "01/12/2018"]]})
    t, log = load(tmp_path)
    a = t["improvement_actions"]
    assert a["status"].tolist() == ["GREEN", "NOT_COMPLETED"]
    assert a["target_date"].tolist() == [pd.Timestamp("2018-09-30"), pd.Timestamp("2018-12-31")]
    assert a["source_sheet"].tolist() == ["Tracker", "Tracker"] and a["source_row"].tolist() == [2, 3]


def test_population_simple_and_bad_number(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "population.csv").write_text("mid_year,population_0_17\n2017,41000\n2018,n/k\n")
    t, log = load(tmp_path)
    p = t["population"]
    assert p["mid_year"].tolist() == [2017, 2018]
    assert p["population_0_17"].tolist()[0] == 41000 and pd.isna(p["population_0_17"][1])
    f = log.table()
    assert f.loc[f.rule == "READ-INT", ["row", "column", "value"]].values.tolist() == [[3, "population_0_17", "n/k"]]


def test_population_ees_layout_filtered_by_manifest_la_code(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "manifest.yaml").write_text("la_code: '209'\n")
    (tmp_path / "population.csv").write_text(
        "time_period,geographic_level,old_la_code,new_la_code,age_group,population_estimate\n"
        "2018,Local authority,209,E09000001,Children aged 0 to 17 years,50000\n"
        "2018,Local authority,210,E09000002,Children aged 0 to 17 years,60000\n"
        "2019,Local authority,209,E09000001,Children aged 0 to 17 years,51000\n")
    t, _ = load(tmp_path)
    p = t["population"]
    assert p["mid_year"].tolist() == [2018, 2019] and p["population_0_17"].tolist() == [50000, 51000]
    assert p["source_row"].tolist() == [2, 4]


def test_two_files_for_one_extract_is_fatal(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "population.csv").write_text("mid_year,population_0_17\n2018,1\n")
    workbook(tmp_path / "population.xlsx", {"p": [["mid_year", "population_0_17"], [2018, 1]]})
    with pytest.raises(FatalInputError, match="two files for the 'population' extract"):
        load(tmp_path)


def test_case_activity_codes(tmp_path):
    folder_with_annex(tmp_path)
    (tmp_path / "case_activity.csv").write_text(
        "child_id,activity_type,activity_date,seen_alone\nC1,CP visit,2018-07-02,Y\nC1,RCPC,2018-07-03,\nC1,TEA,2018-07-04,\n")
    t, log = load(tmp_path)
    ca = t["case_activity"]
    assert [None if pd.isna(x) else x for x in ca["activity_type"]] == ["CP_VISIT", "RCPC", None]
    f = log.table()
    assert f.loc[f.rule == "READ-CODE", ["row", "value"]].values.tolist() == [[4, "TEA"]]
