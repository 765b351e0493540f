"""Reading Annex A workbooks and CSVs: malformed and real-world inputs, exact outcomes."""

import openpyxl
import numpy as np
import pandas as pd
import pytest

from safeguarding.inputs import extract_date, load_inputs
from safeguarding.quality import DataQualityLog, FatalInputError
from safeguarding.schema import ALL_TABLES

from .inputs_testkit import L1, L3, L7, d, workbook


def load(folder):
    log = DataQualityLog()
    return load_inputs(folder, log), log


def findings(log, rule=None):
    f = log.table()
    return f if rule is None else f[f["rule"] == rule].reset_index(drop=True)


# ---- unusable files ------------------------------------------------------------------------
def test_empty_workbook_is_fatal(tmp_path):
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "annex.xlsx")
    with pytest.raises(FatalInputError) as e:
        load(tmp_path)
    assert "annex.xlsx" in str(e.value) and "workbook is empty" in str(e.value)


def test_text_file_named_xlsx_is_fatal(tmp_path):
    (tmp_path / "annex.xlsx").write_text("Child Unique ID,Gender\n1,a) Male\n")
    with pytest.raises(FatalInputError) as e:
        load(tmp_path)
    assert "file annex.xlsx" in str(e.value) and "not a readable Excel workbook" in str(e.value)


def test_workbook_without_list_sheets_is_fatal(tmp_path):
    workbook(tmp_path / "annex.xlsx", {"Notes": [["Some notes"], ["more"]], "Lookup": [["a", "b"]]})
    with pytest.raises(FatalInputError) as e:
        load(tmp_path)
    msg = str(e.value)
    assert "no Annex A list sheets found" in msg and "'Notes'" in msg and "'Lookup'" in msg


def test_missing_required_column_names_file_sheet_column(tmp_path):
    hdr = [h for h in L3 if h != "Date of referral"]
    workbook(tmp_path / "annex.xlsx", {"List 3": [hdr, ["C1", "a) Male"]]})
    with pytest.raises(FatalInputError) as e:
        load(tmp_path)
    assert str(e.value).startswith(
        "file annex.xlsx, sheet 'List 3', column 'Date of referral': required column "
        "'Date of referral' (referral_date) of List 3 not found")
    assert e.value.file == "annex.xlsx" and e.value.sheet == "List 3" and e.value.column == "Date of referral"


def test_duplicate_columns_for_one_field_is_fatal(tmp_path):
    workbook(tmp_path / "annex.xlsx", {"List 1": [L1 + ["DateOfContact"], ["C1"]]})
    with pytest.raises(FatalInputError) as e:
        load(tmp_path)
    assert "sheet 'List 1'" in str(e.value) and "both mean 'contact_date'" in str(e.value)


def test_no_annex_a_at_all_is_fatal(tmp_path):
    (tmp_path / "population.csv").write_text("mid_year,population_0_17\n2018,1000\n")
    with pytest.raises(FatalInputError, match="no Annex A workbook"):
        load(tmp_path)


# ---- layout variants -----------------------------------------------------------------------
def test_title_rows_and_blank_rows_above_header_and_excel_row_numbers(tmp_path):
    rows = [["List 1 - Contacts, 01/07/2018 to 31/12/2018"], [], [], L1,
            ["C1", "a) Male", "a) WBRI", d(2010, 5, 17), 8, d(2018, 7, 2), "a) 1A: Individual"],
            [None] * 7,
            ["C2", "b) Female", "o) BAFR", None, None, d(2018, 7, 3), "q) 6: Police"]]
    workbook(tmp_path / "annex.xlsx", {"List 1": rows})
    t, log = load(tmp_path)
    c = t["contacts"]
    assert c["child_id"].tolist() == ["C1", "C2"]
    assert c["source_row"].tolist() == [5, 7]  # header on Excel row 4; blank row 6 skipped
    assert c["source_sheet"].tolist() == ["List 1", "List 1"]
    assert c["source_file"].tolist() == ["annex.xlsx", "annex.xlsx"]
    assert c["contact_source"].tolist() == ["1A", "6"]
    assert log.account("contacts").rows_read == 2


def test_header_aliases_ofsted_ssd_and_variants_read_identically(tmp_path):
    ofsted = L7
    ssd = ["ChildUniqueID", "Gender", "Ethnicity", "DateOfBirth", "Age", "HasDisability",
           "ChildProtectionPlanStartDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
           "DateOfLastStatutoryVisit", "ChildSeenAlone", "DateOfLatestReviewConf",
           "ChildProtectionPlanEndDate", "ProtectionLastSixMonths",
           "NumberOfPreviousChildProtectionPlans", "AllocatedTeam", "AllocatedWorker"]
    variant = ["child unique id ", "GENDER", "Ethnicity", "Date of Birth", "Age",
               "Does the Child have a Disability?", "Child Protection Plan Start Date",
               "Initial Category of Abuse", "Latest Category of Abuse",
               "Date of the Last Statutory Visit", "Was the Child Seen Alone",
               "Date of Latest Review Conference", "Child Protection Plan End Date",
               "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N))",
               "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"]
    lettered = ["C1", "a) Male", "a) WBRI", d(2010, 1, 1), 8, "b) No", d(2018, 7, 2), "a) Neglect",
                "d) Emotional abuse", d(2018, 7, 9), "a) Yes", d(2018, 9, 1), None, "b) No", 1,
                "Team A", "Worker 1"]
    plain = ["C1", "Male", "WBRI", "01/01/2010", "8", "No", "2018-07-02", "Neglect",
             "Emotional abuse", 43290, "Yes", "01/09/2018", "-", "N", "1.0", "Team A", "Worker 1"]
    results = []
    for i, (hdr, row) in enumerate([(ofsted, lettered), (ssd, lettered), (variant, plain)]):
        folder = tmp_path / str(i)
        folder.mkdir()
        workbook(folder / "a.xlsx", {["List 7", "AA_7_child_protection", "Child Protection"][i]: [hdr, row]})
        t, log = load(folder)
        assert findings(log, "READ-COL-UNKNOWN").empty
        results.append(t["cp_plans"].drop(columns=["source_sheet"]))
    pd.testing.assert_frame_equal(results[0], results[1])
    pd.testing.assert_frame_equal(results[0], results[2])
    r = results[0].iloc[0]
    assert (r["initial_category"], r["latest_category"], r["seen_alone"], r["epo_last_6m"]) == ("NEG", "EMO", "Y", "N")
    assert r["last_visit_date"] == pd.Timestamp("2018-07-09") and pd.isna(r["cpp_end_date"])
    assert r["previous_plans"] == 1 and r["age"] == 8


def test_sheet_identified_by_headers_when_name_unknown(tmp_path):
    workbook(tmp_path / "a.xlsx", {"Sheet1": [L3, ["C1", "F", "WBRI", None, None, d(2018, 7, 2), "6", "No", 0, "T", "W"]],
                                   "Cover": [["Annex A return"]]})
    t, log = load(tmp_path)
    assert t["referrals"]["child_id"].tolist() == ["C1"]
    sheet = findings(log, "READ-SHEET")
    assert sheet["sheet"].tolist() == ["Cover"]


def test_lists_9_to_11_ignored_with_info(tmp_path):
    workbook(tmp_path / "a.xlsx", {"List 1": [L1, ["C1", "M", "WBRI", None, None, d(2018, 7, 2), "6"]],
                                   "List 9": [["Child Unique ID", "Gender"], ["C9", "M"]]})
    t, log = load(tmp_path)
    f = findings(log, "READ-SHEET")
    assert f["sheet"].tolist() == ["List 9"] and f["severity"].tolist() == ["info"]
    assert "List 9 is outside" in f["message"][0]


def test_unknown_extra_columns_warn_and_are_ignored(tmp_path):
    workbook(tmp_path / "a.xlsx", {"List 1": [L1 + ["Contacts per child (distinct count)", "Gender group"],
                                              ["C1", "M", "WBRI", None, None, d(2018, 7, 2), "6", 3, "Male"]]})
    t, log = load(tmp_path)
    f = findings(log, "READ-COL-UNKNOWN")
    assert f["column"].tolist() == ["Gender group"] and f["row"].tolist() == [1]
    assert f["severity"].tolist() == ["warning"]
    assert list(t["contacts"].columns) == list(ALL_TABLES["contacts"]) + ["source_file", "source_sheet", "source_row"]


# ---- values ----------------------------------------------------------------------------------
def test_mixed_dates_missing_tokens_and_codes_with_findings(tmp_path):
    rows = [L1,
            ["C1", "a) Male", "a) WBRI", d(2010, 1, 2), 8, d(2018, 7, 2), "a) 1A: Individual"],
            ["C2", "Female", "WBRI", "02/01/2010", "-", 43284, "1A"],
            ["C3", "b) Female", "u) UNKNOWN", "2010-01-02", "#N/A", "04/07/2018", "Police"],
            ["C4", "F", "Martian", "-", None, "2018-07-05 10:30:00", "zz) 99: Nobody"],
            ["C5", "F", "WBRI", None, None, "not a date", "6"]]
    workbook(tmp_path / "a.xlsx", {"List 1": rows})
    t, log = load(tmp_path)
    c = t["contacts"]
    assert c["contact_date"].tolist()[:4] == [pd.Timestamp(x) for x in
                                              ["2018-07-02", "2018-07-03", "2018-07-04", "2018-07-05"]]
    assert pd.isna(c["contact_date"][4])
    assert c["date_of_birth"].tolist()[:3] == [pd.Timestamp("2010-01-02")] * 3
    assert c["sex"].tolist() == ["M", "F", "F", "F", "F"]
    assert [None if pd.isna(x) else x for x in c["ethnicity"]] == ["WBRI", "WBRI", None, None, "WBRI"]
    assert [None if pd.isna(x) else x for x in c["contact_source"]] == ["1A", "1A", "6", None, "6"]
    code = findings(log, "READ-CODE")
    assert code[["row", "column", "value"]].values.tolist() == [[5, "ethnicity", "Martian"],
                                                                [5, "contact_source", "zz) 99: Nobody"]]
    assert findings(log, "READ-CODE-UNKNOWN")[["row", "column"]].values.tolist() == [[4, "ethnicity"]]
    assert findings(log, "READ-NA")[["row", "column", "value"]].values.tolist() == [[4, "age", "#N/A"]]
    assert findings(log, "READ-DATE")[["row", "column", "value"]].values.tolist() == [[6, "contact_date", "not a date"]]
    # age recomputed at the contact date: 8 (birthday 2 Jan)
    assert c["age"].tolist()[:3] == [8.0, 8.0, 8.0]


def test_month_first_column_flagged_once(tmp_path):
    rows = [L1, ["C1", "M", "WBRI", None, None, "07/02/2018", "6"],
            ["C2", "M", "WBRI", None, None, "07/25/2018", "6"],
            ["C3", "M", "WBRI", None, None, "07/26/2018", "6"]]
    workbook(tmp_path / "a.xlsx", {"List 1": rows})
    t, log = load(tmp_path)
    mf = findings(log, "READ-MONTHFIRST")
    assert mf[["row", "column", "value", "severity"]].values.tolist() == [[3, "contact_date", "07/25/2018", "error"]]
    assert "2 value(s)" in mf["message"][0]
    assert findings(log, "READ-DATE")["row"].tolist() == [3, 4]


def test_row_without_child_id_dropped_and_counted(tmp_path):
    rows = [L1, ["C1", "M", "WBRI", None, None, d(2018, 7, 2), "6"],
            [None, "M", "WBRI", None, None, d(2018, 7, 3), "6"],
            ["-", "M", "WBRI", None, None, d(2018, 7, 4), "6"]]
    workbook(tmp_path / "a.xlsx", {"List 1": rows})
    t, log = load(tmp_path)
    assert t["contacts"]["child_id"].tolist() == ["C1"]
    f = findings(log, "READ-NOID")
    assert f["row"].tolist() == [3, 4] and f["action"].tolist() == ["drop", "drop"]
    acc = log.account("contacts")
    assert (acc.rows_read, acc.rows_unreadable, acc.rows_used) == (3, 2, 1)


def test_numeric_child_ids_keep_no_decimal(tmp_path):
    workbook(tmp_path / "a.xlsx", {"List 1": [L1, [123456, "M", "WBRI", None, None, d(2018, 7, 2), "6"]]})
    t, _ = load(tmp_path)
    assert t["contacts"]["child_id"].tolist() == ["123456"]


# ---- CSV -------------------------------------------------------------------------------------
def test_csv_with_bom_and_windows_1252(tmp_path):
    (tmp_path / "List_1.csv").write_bytes(
        ("\ufeff" + ",".join(L1) + "\nC1,Male,WBRI,02/01/2010,8,02/07/2018,Police\n").encode("utf-8"))
    hdr = ",".join(L3)
    (tmp_path / "Referrals.csv").write_bytes(
        (hdr + "\nC2,F,WBRI,,,03/07/2018,6,No,0,Équipe Nord,Worker\n").encode("cp1252"))
    t, log = load(tmp_path)
    assert t["contacts"]["child_id"].tolist() == ["C1"]
    assert t["contacts"]["source_sheet"].tolist() == [""]
    assert t["contacts"]["source_row"].tolist() == [2]
    assert t["referrals"]["team"].tolist() == ["Équipe Nord"]
    assert t["referrals"]["referral_date"].tolist() == [pd.Timestamp("2018-07-03")]


# ---- successive extracts --------------------------------------------------------------------
def test_duplicate_keys_across_two_extracts_keep_latest(tmp_path):
    hdr = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
           "Does the Child have a Disability", "CIN Start Date", "Primary Need Code",
           "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status",
           "Allocated Team", "Allocated Worker"]
    old = [hdr, ["C1", "M", "WBRI", None, None, "b) No", d(2018, 1, 5), "N1", None, None, None, "c) Child in need plan", "T", "W"],
           ["C2", "M", "WBRI", None, None, "b) No", d(2018, 2, 5), "N1", None, None, None, "c) Child in need plan", "T", "W"]]
    new = [hdr, ["C1", "M", "WBRI", None, None, "b) No", d(2018, 1, 5), "N1", None, d(2018, 9, 1),
                 "RC7 - Services ceased", "e) Closed episode", "T", "W"]]
    workbook(tmp_path / "annex_a_2018-06-30.xlsx", {"List 6": old})
    workbook(tmp_path / "annex_a_2018-12-31.xlsx", {"List 6": new})
    t, log = load(tmp_path)
    cin = t["cin"].sort_values("child_id")
    assert cin["child_id"].tolist() == ["C1", "C2"]
    assert cin["source_file"].tolist() == ["annex_a_2018-12-31.xlsx", "annex_a_2018-06-30.xlsx"]
    assert cin["cin_closure_date"].tolist()[0] == pd.Timestamp("2018-09-01")
    h = findings(log, "HIST-001")
    assert h[["file", "row"]].values.tolist() == [["annex_a_2018-06-30.xlsx", 2]]
    acc = log.account("cin")
    assert (acc.rows_read, acc.rows_excluded, acc.rows_used) == (3, 1, 2)


def test_manifest_file_dates_override_names(tmp_path):
    hdr = L1
    workbook(tmp_path / "b_old.xlsx", {"List 1": [hdr, ["C1", "M", "WBRI", None, None, d(2018, 7, 2), "6"]]})
    workbook(tmp_path / "a_new.xlsx", {"List 1": [hdr, ["C1", "F", "WBRI", None, None, d(2018, 7, 2), "6"]]})
    (tmp_path / "manifest.yaml").write_text(
        "la_code: '999'\nfiles:\n  b_old.xlsx: {extract_date: 2018-06-30}\n  a_new.xlsx: {extract_date: 2018-12-31}\n")
    t, log = load(tmp_path)
    assert t["contacts"]["sex"].tolist() == ["F"]
    assert extract_date(t, tmp_path) == pd.Timestamp("2018-12-31")


# ---- contract ---------------------------------------------------------------------------------
def test_every_table_present_with_schema_dtypes(tmp_path):
    workbook(tmp_path / "a.xlsx", {"List 1": [L1, ["C1", "M", "WBRI", None, None, d(2018, 7, 2), "6"]]})
    t, _ = load(tmp_path)
    assert set(t) == set(ALL_TABLES)
    kinds = {"date": "datetime64[ns]", "int": "Int64", "float": "float64"}
    for name, cols in ALL_TABLES.items():
        assert list(t[name].columns) == list(cols) + ["source_file", "source_sheet", "source_row"]
        for c, k in cols.items():
            assert str(t[name][c].dtype) == kinds.get(k, "str") or str(t[name][c].dtype).startswith(
                "string"), (name, c, t[name][c].dtype)


def test_extract_date_from_data_when_no_manifest(tmp_path):
    workbook(tmp_path / "a.xlsx", {"List 1": [L1, ["C1", "M", "WBRI", d(2010, 1, 1), None, d(2018, 7, 2), "6"],
                                              ["C2", "M", "WBRI", None, None, d(2018, 12, 28), "6"]]})
    t, _ = load(tmp_path)
    assert extract_date(t, tmp_path) == pd.Timestamp("2018-12-28")


def test_supplied_age_checked_against_dob(tmp_path):
    # DOB 02/01/2010; contacts 02/07/2018 (age 8) and 01/12/2018 (age 8; latest date in sheet)
    rows = [L1, ["C1", "M", "WBRI", d(2010, 1, 2), 8, d(2018, 7, 2), "6"],
            ["C2", "M", "WBRI", d(2010, 1, 2), 9, d(2018, 7, 2), "6"],  # within +1: fine
            ["C3", "M", "WBRI", d(2010, 1, 2), 10, d(2018, 7, 2), "6"],  # above 8 + 1 -> finding
            ["C4", "M", "WBRI", d(2010, 1, 2), 6, d(2018, 12, 1), "6"],  # below 8 - 1 -> finding
            ["C5", "M", "WBRI", None, 7.4, d(2018, 12, 1), "6"]]  # no DOB: supplied age kept
    workbook(tmp_path / "a.xlsx", {"List 1": rows})
    t, log = load(tmp_path)
    assert findings(log, "READ-AGE")["row"].tolist() == [4, 5]
    assert t["contacts"]["age"].tolist() == [8.0, 8.0, 8.0, 8.0, 7.4]


def test_whole_years_birthdays_leap_days_and_missing_dates():
    from safeguarding.inputs.annex_a import whole_years

    dob = pd.to_datetime(pd.Series(["2004-02-29", "2004-02-29", "2010-06-15", "2010-06-15", None, "2012-01-01"]))
    at = pd.to_datetime(pd.Series(["2005-02-28", "2005-03-01", "2018-06-14", "2018-06-15", "2018-01-01", "2011-12-31"]))
    # a leap-day child is 1 on 1 March; a birthday counts on the day; missing or before birth: NaN
    assert whole_years(dob, at).tolist()[:4] == [0.0, 1.0, 7.0, 8.0]
    assert whole_years(dob, at).iloc[4:].isna().all()


def test_whole_years_from_the_date_values_agrees_with_the_calendar_fields():
    # the fast route (datetime64 values) against the general one (.dt fields) on random dates
    from safeguarding.inputs.annex_a import _whole_years_of_fields, whole_years

    rng = np.random.default_rng(3)
    days = pd.date_range("1940-01-01", "2030-12-31").to_numpy()
    dob = pd.Series(rng.choice(days, 3000), index=pd.RangeIndex(7, 3007))
    at = pd.Series(rng.choice(days, 3000), index=dob.index)
    at[::3] = dob[::3] + pd.to_timedelta(rng.integers(-400, 8000, len(dob[::3])), unit="D")  # near birthdays
    dob[::11], at[::13] = pd.NaT, pd.NaT
    fast = whole_years(dob, at)
    general = _whole_years_of_fields(dob, at)
    pd.testing.assert_series_equal(fast, general, check_exact=True, check_names=False)
    # the extract date as the rules give it: a Timestamp in seconds against nanosecond births
    for unit in ("s", "us"):
        mixed = whole_years(dob, at.astype(f"datetime64[{unit}]"))
        pd.testing.assert_series_equal(mixed, general, check_exact=True, check_names=False)
        extract = pd.Series(pd.Timestamp("2018-12-31").as_unit(unit), index=dob.index)
        pd.testing.assert_series_equal(whole_years(dob, extract), _whole_years_of_fields(dob, extract),
                                       check_exact=True, check_names=False)
