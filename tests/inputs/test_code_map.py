"""The council code map (code_map.csv) and validate's unrecognised-values file."""
import csv
from pathlib import Path

import pandas as pd
import pytest

from safeguarding.inputs import load_inputs
from safeguarding.inputs.code_map import (UNRECOGNISED_COLUMNS, read_code_map, suggest,
                                          translation_note, unrecognised_values,
                                          write_unrecognised)
from safeguarding.quality import DataQualityLog, FatalInputError

from .inputs_testkit import L1, L3, d, workbook


def _csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _folder(tmp_path: Path, map_rows: list[list] | None = None) -> Path:
    workbook(tmp_path / "annex_a.xlsx", {
        "List 1": [L1,
                   ["C1", "Boy", "WHBR", d(2010, 1, 1), 8, d(2018, 7, 2), "Health - 4 week check"],
                   ["C2", "b) Female", "a) WBRI", d(2011, 1, 1), 7, d(2018, 7, 3), "Polcie"],
                   ["C3", "Boy", "@@@", d(2012, 1, 1), 6, d(2018, 7, 4), "q) 6: Police"]],
        "List 3": [L3,
                   ["C1", "a) Male", "a) WBRI", d(2010, 1, 1), 8, d(2018, 7, 5), "q) 6: Police",
                    "Progressed", 0, "Team A", "W1"]],
    })
    if map_rows is not None:
        _csv(tmp_path / "code_map.csv", [["list", "column", "raw_value", "code"], *map_rows])
    return tmp_path


def _read(folder: Path):
    log = DataQualityLog()
    tables = load_inputs(folder, log)
    return tables, log


def test_map_is_applied_before_the_built_in_lists_and_counted(tmp_path):
    folder = _folder(tmp_path, [
        ["List 1", "Gender", "boy", "F"],            # header alias; overrides the built-in M
        ["*", "ethnicity", "WHBR", "WBRI"],          # every list with an ethnicity column
        ["List 1", "contact_source", "HEALTH -  4 week check", "3B"],  # case and spacing ignored
        ["List 1", "contact_source", "Polcie", "6"],
        ["List 3", "referral_nfa", "Progressed", "N"],
        ["List 1", "ethnicity", "'@@@", "missing"],  # written neutralised by validate
    ])
    tables, log = _read(folder)
    c = tables["contacts"]
    assert c["sex"].tolist() == ["F", "F", "F"]
    assert c["ethnicity"].tolist()[:2] == ["WBRI", "WBRI"] and pd.isna(c["ethnicity"][2])
    assert c["contact_source"].tolist() == ["3B", "6", "6"]
    assert tables["referrals"]["referral_nfa"].tolist() == ["N"]
    findings = log.table()
    assert not findings["rule"].isin(["READ-CODE", "READ-YN", "READ-MAP"]).any()
    # "missing" reads as not known, reported like u) UNKNOWN
    assert findings.loc[findings["rule"] == "READ-CODE-UNKNOWN", "value"].tolist() == ["@@@"]
    assert log.translated == {("contacts", "sex"): 2, ("contacts", "ethnicity"): 2,
                              ("contacts", "contact_source"): 2, ("referrals", "referral_nfa"): 1}
    assert translation_note(log.translated) == (
        "Fewer than 10 values in 4 columns were translated by the council code map (code_map.csv) "
        "before the built-in code lists were applied.")
    assert translation_note({("contacts", "sex"): 1200}).startswith("1,200 values in 1 column were")


def test_unusable_map_rows_are_findings_naming_file_row_and_column(tmp_path):
    path = _csv(tmp_path / "code_map.csv", [
        ["list", "column", "raw_value", "code", "suggested_code"],
        ["List 12", "sex", "Boy", "M", ""],
        ["List 1", "favourite colour", "Boy", "M", ""],
        ["List 1", "sex", "Boy", "X", ""],
        ["List 1", "sex", "Lad", "", "M"],
        ["List 1", "sex", "Boy", "M", ""],
        ["List 1", "sex", "boy", "F", ""],
        ["List 3", "referral_nfa", "Progressed", "maybe", ""],
        ["List 7", "initial_category", "Neglet", "neg", ""],
        ["*", "referral_source", "Polcie", "6", ""],        # List 3 only: not a LADO source code
        ["*", "referral_source", "Polcie", "NOPE", ""],
    ])
    log = DataQualityLog()
    cmap = read_code_map(path, log)
    f = log.table()
    assert (f["rule"] == "READ-MAP").all() and (f["file"] == "code_map.csv").all()
    assert list(zip(f["row"], f["column"])) == [(2, "list"), (3, "column"), (4, "code"), (5, "code"),
                                                (7, "code"), (8, "code"), (11, "code")]
    assert "not a code of List 1 sex (M, F, U, I or missing)" in f["message"][2]
    assert "already mapped to M" in f["message"][4]
    assert cmap.entries == {("contacts", "sex"): {"boy": "M"},
                            ("cp_plans", "initial_category"): {"neglet": "NEG"},
                            ("referrals", "referral_source"): {"polcie": "6"}}


def test_map_without_its_columns_stops_with_a_clear_message(tmp_path):
    path = _csv(tmp_path / "code_map.csv", [["list", "raw value", "code"], ["List 1", "Boy", "M"]])
    with pytest.raises(FatalInputError, match="code_map.csv.*missing: column, raw_value"):
        read_code_map(path, DataQualityLog())


@pytest.mark.parametrize("table,column,raw,code,why", [
    ("referrals", "referral_source", "10) Housing (e.g. Housing Dept...)", "4",
     "the leading code '10' means 10 (Unknown) but its description"),
    ("cp_plans", "initial_category", "Neglet", "NEG", "close to the known wording 'neglect'"),
    ("contacts", "sex", "I made this up", "U", "code for 'not known'"),
    ("cin", "case_status", "Care leaver", "missing", "'missing' reads it as not known"),
    ("contacts", "contact_source", "Family Support Worker", "10", "no known wording matches"),
    ("cp_plans", "seen_alone", "Seen", "U", "no yes/no wording matches"),
    ("assessments", "child_seen", "Not sen", "N", "close to 'not seen'"),
])
def test_suggestions_with_reasons(table, column, raw, code, why):
    got, reason = suggest(table, column, raw)
    assert got == code and why in reason


def test_unrecognised_file_is_the_map_format_and_reads_back(tmp_path):
    folder = _folder(tmp_path)
    _, log = _read(folder)
    table = unrecognised_values(log.table())
    assert list(table.columns) == UNRECOGNISED_COLUMNS
    assert table[["list", "column", "raw_value", "suggested_code", "count", "example_row"]
                 ].values.tolist() == [
        ["List 1", "contact_source", "Health - 4 week check", "3F", 1, 2],  # a health code (#19)
        ["List 1", "contact_source", "Polcie", "6", 1, 3],
        ["List 1", "ethnicity", "@@@", "NOBT", 1, 4],
        ["List 1", "ethnicity", "WHBR", "NOBT", 1, 2],
        ["List 3", "referral_nfa", "Progressed", "U", 1, 2],
    ]  # "Boy" is built in (M); lists in order, columns A-Z, most frequent value first
    assert (table["code"] == "").all() and (table["example_sheet"] == "List 1").sum() == 4
    out = tmp_path / "validation" / "unrecognised_values.csv"
    assert write_unrecognised(log.table(), out) == 5
    text = out.read_text(encoding="utf-8-sig")
    assert "'@@@" in text and ",@@@" not in text  # never a live formula
    # accept every suggestion: fill in code from suggested_code, save as the map, rerun
    filled = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    filled["code"] = filled["suggested_code"]
    filled.to_csv(folder / "code_map.csv", index=False)
    tables, log2 = _read(folder)
    assert not log2.table()["rule"].isin(["READ-CODE", "READ-YN", "READ-MAP"]).any()
    assert tables["contacts"]["contact_source"].tolist()[1] == "6"   # Polcie -> Police


# ------------------------------------------------------------------------------------------
# Round trip on the demo's messy variant: local wordings the built-in lists do not know ->
# validate's unrecognised-values file -> accept the suggestions -> rerun: nothing unrecognised.
LOCAL_WORDINGS = [  # sheet, column header, tidy table, tidy column, true code, local wording
    ("Contacts", "Contact Source", "contacts", "contact_source", "6", "Polcie"),
    ("Contacts", "Contact Source", "contacts", "contact_source", "2A", "Shcool"),
    ("Child Protection", "InitialCategoryOfAbuse", "cp_plans", "initial_category", "NEG", "Neglet"),
    ("Child Protection", "InitialCategoryOfAbuse", "cp_plans", "initial_category", "EMO", "Emotinal abuse"),
    ("Assessments", "Child Seen During Continuous Assessment", "assessments", "child_seen", "U",
     "Not recorded on system"),
]


def test_demo_messy_round_trip_leaves_nothing_unrecognised(tmp_path):
    import openpyxl

    from safeguarding.cli import main
    from safeguarding.demo.generator import generate_demo

    data = tmp_path / "data"
    generate_demo(data, scale=0.05, seed=5, messy=True)
    baseline, _ = _read(data)
    wb = openpyxl.load_workbook(data / "annex_a.xlsx")
    planted = []
    for sheet, header, table, column, code, wording in LOCAL_WORDINGS:
        ws = wb[sheet]
        head_row = next(r for r in range(1, 6) if ws.cell(r, 1).value in ("Child Unique ID", "ChildUniqueID"))
        col = next(c for c in range(1, ws.max_column + 1) if ws.cell(head_row, c).value == header)
        rows = baseline[table].loc[baseline[table][column] == code, "source_row"].head(4).tolist()
        assert rows, (table, column, code)
        for r in rows:
            ws.cell(int(r), col).value = wording
            planted.append((table, column, int(r), code))
    wb.save(data / "annex_a.xlsx")

    unrecognised = tmp_path / "unrecognised.csv"
    main(["validate", "--input", str(data), "--out", str(tmp_path / "problems.csv"),
          "--unrecognised", str(unrecognised)])
    suggested = pd.read_csv(unrecognised, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    by_value = dict(zip(suggested["raw_value"], suggested["suggested_code"]))
    for _, _, _, _, code, wording in LOCAL_WORDINGS:
        assert by_value[wording] == code, (wording, by_value[wording])
    suggested["code"] = suggested["suggested_code"]  # the analyst accepts every suggestion
    suggested.to_csv(data / "code_map.csv", index=False, encoding="utf-8-sig")

    tables, log = _read(data)
    findings = log.table()
    assert not findings["rule"].isin(["READ-CODE", "READ-YN", "READ-MAP"]).any()
    for table, column, row, code in planted:
        t = tables[table]
        assert t.loc[t["source_row"] == row, column].tolist() == [code], (table, column, row)
    # every unrecognised cell, the planted ones and any the demo plants itself, was translated
    assert sum(log.translated.values()) == suggested["count"].astype(int).sum() >= len(planted)


def test_data_quality_section_says_how_many_values_the_map_translated(tmp_path):
    from safeguarding.params import params_from_dict
    from safeguarding.periods import parse_period
    from safeguarding.prepare import prepare

    (tmp_path / "inputs").mkdir()
    folder = _folder(tmp_path / "inputs", [["*", "sex", "Boy", "M"],  # 2 cells, though built in too
                                           ["List 1", "Contact Source", "Polcie", "6"]])  # 1 cell
    data = prepare(params_from_dict({"inputs": {"folder": str(folder)}}), parse_period("2018-07"),
                   tmp_path / "prepared")
    assert data.meta["code_map_translated"] == 3
    assert "Fewer than 10 values in 2 columns were translated by the council code map (code_map.csv) " \
           "before the built-in code lists were applied." in data.meta["coverage_notes"]


def test_combined_abuse_categories_keep_their_parts_unless_the_map_says_otherwise(tmp_path):
    header = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
              "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse"]
    workbook(tmp_path / "annex_a.xlsx", {
        "List 1": [L1, ["C1", "Boy", "a) WBRI", d(2010, 1, 1), 8, d(2018, 7, 2), "q) 6: Police"]],
        "List 7": [header,
                   ["C1", "Boy", "a) WBRI", d(2010, 1, 1), 8, d(2018, 7, 9), "Neglect, Emotional abuse",
                    "NEGLECT/PHYSICAL ABUSE"]]})
    tables, _ = _read(tmp_path)
    cp = tables["cp_plans"]
    assert cp[["initial_category", "initial_category_parts", "latest_category", "latest_category_parts"]
              ].values.tolist() == [["MUL", "NEG;EMO", "MUL", "NEG;PHY"]]
    _csv(tmp_path / "code_map.csv", [["list", "column", "raw_value", "code"],
                                     ["List 7", "latest_category", "NEGLECT/PHYSICAL ABUSE", "NEG"]])
    cp = _read(tmp_path)[0]["cp_plans"]
    assert cp[["latest_category", "initial_category_parts"]].values.tolist() == [["NEG", "NEG;EMO"]]
    assert cp["latest_category_parts"].isna().all()


def test_map_reaches_local_extracts(tmp_path):
    folder = _folder(tmp_path, [["lado_allegations", "outcome", "Unfounded - malicious", "MALICIOUS"],
                                ["lado_allegations", "police_involved", "Police informed", "Y"]])
    header = ["lado_ref", "date_received", "contact_type", "referral_source", "employment_sector",
              "allegation_category", "threshold_met", "outcome", "police_involved"]
    _csv(folder / "lado_allegations.csv", [
        header,
        ["L1", "2018-07-02", "REFERRAL", "SCHOOL", "EDUCATION_SCHOOL", "PHYSICAL", "Y",
         "Unfounded - malicious", "Police informed"],
        ["L2", "2018-07-03", "REFERRAL", "SCHOOL", "EDUCATION_SCHOOL", "PHYSICAL", "Y", "Substantiated",
         "No"]])
    tables, log = _read(folder)
    lado = tables["lado_allegations"]
    assert lado[["outcome", "police_involved"]].values.tolist() == [["MALICIOUS", "Y"], ["SUBSTANTIATED", "N"]]
    assert log.translated[("lado_allegations", "outcome")] == 1
    assert log.translated[("lado_allegations", "police_involved")] == 1
