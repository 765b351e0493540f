"""Real councils' headers and files: pivot-table "Sum of" headers, the D2I SSD List 8 names
(typo included), a list sheet given twice, and CSVs with mixed encodings."""

import pandas as pd

from safeguarding.indicators.compute import compute_indicators
from safeguarding.inputs import load_inputs
from safeguarding.params import Params
from safeguarding.periods import parse_period
from safeguarding.inputs.headers import lookup_for
from safeguarding.quality import DataQualityLog

from .inputs_testkit import L5, L7, d, workbook


def load(folder):
    log = DataQualityLog()
    return load_inputs(folder, log), log


def rule(log, code):
    f = log.table()
    return f[f["rule"] == code].reset_index(drop=True)


# ---- pivot-table headers ---------------------------------------------------------------------
def test_every_numeric_column_answers_to_its_sum_of_name_and_no_other_does():
    assert lookup_for(7)["sum of number of previous child protection plans"] == "previous_plans"
    assert lookup_for(5)["sum of number of section 47 enquiries in the last 12 months"] == "s47s_last_12m"
    assert lookup_for(5)["sum of number of icpcs in the last 12 months"] == "icpcs_last_12m"
    assert lookup_for(3)["sum of number of referrals in last 12 months"] == "referrals_last_12m"
    assert lookup_for(3)["sum of age of child years"] == "age"
    assert lookup_for("lado_allegations")["sum of children involved"] == "children_involved"
    # a date or a code is never summed: "Sum of Date of referral" is not a header of anything
    assert "sum of date of referral" not in lookup_for(3)
    assert "sum of referral source" not in lookup_for(3)


def test_sum_of_headers_read_like_the_standard_ones(tmp_path):
    pivot = {"Number of Section 47 Enquiries in the last 12 months",
             "Number of ICPCs in the last 12 months", "Number of Previous Child Protection Plans"}
    s47_rows = [["LIIA101", "b) Female", "a) WBRI", d(2011, 2, 3), 7, "b) No", d(2018, 5, 2),
                 "b) No", d(2018, 5, 16), "a) Yes", 1, 1, "Court Team", "A Khan"]]
    # five plans started in 2018, two of them for children with earlier plans (2 and 1): the
    # repeat-plan rate is 2/5 = 40% with either header
    plan_rows = [[cid, "b) Female", "a) WBRI", d(2011, 2, 3), 7, "b) No", start, "a) Neglect",
                  "a) Neglect", d(2018, 6, 1), "a) Yes", None, None, "b) No", previous,
                  "Court Team", "A Khan"]
                 for cid, start, previous in [("LIIA101", d(2018, 5, 16), 2), ("LIIA102", d(2018, 6, 4), 0),
                                              ("LIIA103", d(2018, 7, 9), 1), ("LIIA104", d(2018, 8, 13), 0),
                                              ("LIIA105", d(2018, 9, 3), 0)]]
    tables = []
    for name, (h5, h7) in {"standard": (L5, L7),
                           "liia": ([f"Sum of {h}" if h in pivot else h for h in L5],
                                    [f"Sum of {h}" if h in pivot else h for h in L7])}.items():
        folder = tmp_path / name
        folder.mkdir()
        workbook(folder / "Annex_A.xlsx", {"List 5": [h5, *s47_rows], "List 7": [h7, *plan_rows]})
        t, log = load(folder)
        assert rule(log, "READ-COL-UNKNOWN").empty and rule(log, "READ-COL-ABSENT").empty
        tables.append(t)
    for table in ("s47", "cp_plans"):
        pd.testing.assert_frame_equal(tables[0][table], tables[1][table])
    assert tables[1]["cp_plans"]["previous_plans"].tolist() == [2, 0, 1, 0, 0]
    complete = Params()
    complete.conventions.annex_a_data_from = "none"  # these five plans are the whole history
    rates = [compute_indicators(t, complete, parse_period("2018-07..2018-12"),
                                ids=["cp_second_plan_pct_r12"]) for t in tables]
    for frame in rates:
        december = frame[frame["month"] == "2018-12"].iloc[0]
        assert (december["numerator"], december["denominator"], december["value"]) == (2, 5, 40.0)
    assert tables[1]["s47"][["s47s_last_12m", "icpcs_last_12m"]].iloc[0].tolist() == [1, 1]


# ---- SSD List 8 ------------------------------------------------------------------------------
SSD_L8 = ["ChildUniqueID", "Gender", "Ethnicity", "DateOfBirth", "Age", "UASC", "HasDisability",
          "LoookedAfterStartDate", "ChildCategoryOfNeed", "SubsequentLACEpisodeLast12Months",
          "MostRecentLegalStatusStart", "LegalStatus", "LatestStatutoryReviewDate",
          "LastSocialWorkVisitDate", "PermanencePlan", "LastIROVisitDate", "LastHealthAssessmentDate",
          "LastDentalCheckDate", "PlacementsLast12Months", "CeasedLookedAfterDate",
          "ReasonCeasedLookedAfter", "MostRecentPlacementStartDate", "PlacementType",
          "PlacementProvider", "PlacementPostcode", "PlacementURN",
          "EpisodesChildMissingFromPlacement", "EpisodesChildAbsentFromPlacement",
          "ChildOfferedReturnInterviewAfterLastMFH", "ChildAcceptedReturnInterviewAfterLastMFH",
          "AllocatedTeam", "AllocatedWorker"]


def test_ssd_list_8_with_the_three_o_typo_reads(tmp_path):
    row = ["SSD4402", "a) Male", "n) BCRB", "14/09/2008", 10, "b) No", "b) No", "03/04/2018",
           "N1", "b) No", "03/04/2018", "C2", None, None, None, "10/07/2018", None, None, 1,
           "21/11/2018", "E13", "03/04/2018", "U4", "PR1", "XX1 1XX", "SC123456", 0, 0, None, None,
           "Children in Care 1", "J Okafor"]
    workbook(tmp_path / "AA_8_children_in_care.xlsx", {"AA_8_children_in_care": [SSD_L8, row]})
    t, log = load(tmp_path)
    assert rule(log, "READ-COL-UNKNOWN").empty
    cla = t["looked_after"].iloc[0]
    assert cla["child_id"] == "SSD4402" and cla["legal_status"] == "C2"
    assert (cla["cla_start_date"], cla["cla_end_date"]) == (pd.Timestamp("2018-04-03"), pd.Timestamp("2018-11-21"))
    assert (cla["team"], cla["worker"]) == ("Children in Care 1", "J Okafor")


# ---- one list from two sheets ----------------------------------------------------------------
def test_two_sheets_of_one_list_warn(tmp_path):
    hdr = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
           "Date of Contact", "Contact Source"]
    rows = [["C501", "a) Male", "a) WBRI", d(2012, 1, 5), 6, d(2018, 7, 2), "1A"]]
    workbook(tmp_path / "annex_a.xlsx", {"List 1": [hdr, *rows], "Contacts (copy)": [hdr, *rows]})
    t, log = load(tmp_path)
    twice = rule(log, "READ-LIST-TWICE")
    assert len(twice) == 1 and twice.loc[0, "severity"] == "warning"
    assert "'List 1' and 'Contacts (copy)' both read as contacts (List 1)" in twice.loc[0, "message"]
    assert len(t["contacts"]) == 2  # combined, not silently dropped
    # successive extracts of the same list are expected and do not warn
    folder = tmp_path / "two_extracts"
    folder.mkdir()
    workbook(folder / "annex_a_2018-06-30.xlsx", {"List 1": [hdr, *rows]})
    workbook(folder / "annex_a_2018-12-31.xlsx", {"List 1": [hdr, *rows]})
    _, log = load(folder)
    assert rule(log, "READ-LIST-TWICE").empty


# ---- encodings -------------------------------------------------------------------------------
L3 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
      "Date of referral", "Referral Source", "Referral NFA?",
      "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]


def test_utf8_file_with_one_stray_windows_1252_byte(tmp_path):
    """UTF-8 throughout ("Zoë Brontë", "Renée Côté") except one cell typed in another program
    ("Chloé" in Windows-1252, byte E9): the UTF-8 text stays right and the one cell is reported."""
    lines = [",".join(L3).encode("utf-8"),
             "C701,b) Female,a) WBRI,02/01/2010,8,03/07/2018,6,b) No,0,Équipe Nord,Zoë Brontë".encode("utf-8"),
             b"C702,b) Female,a) WBRI,05/03/2011,7,04/07/2018,6,b) No,0,Team 2,Chlo\xe9 Martin",
             "C703,a) Male,a) WBRI,09/09/2009,8,05/07/2018,6,b) No,1,Team 2,Renée Côté".encode("utf-8")]
    (tmp_path / "List_3.csv").write_bytes(b"\r\n".join(lines) + b"\r\n")
    t, log = load(tmp_path)
    assert t["referrals"]["worker"].tolist() == ["Zoë Brontë", "Chloé Martin", "Renée Côté"]
    assert t["referrals"]["team"].tolist()[0] == "Équipe Nord"
    bad = rule(log, "READ-ENCODING")
    assert bad[["file", "row", "column", "value"]].values.tolist() == [
        ["List_3.csv", 3, "Allocated Worker", "Chloé Martin"]]
    assert rule(log, "READ-ENCODING-1252").empty


def test_windows_1252_file_still_reads_whole(tmp_path):
    text = (",".join(L3) + "\r\nC801,b) Female,a) WBRI,02/01/2010,8,03/07/2018,6,b) No,0,"
            "Équipe Nord,Zoë Brontë – duty\r\n")
    (tmp_path / "List_3.csv").write_bytes(text.encode("cp1252"))
    t, log = load(tmp_path)
    assert t["referrals"]["worker"].tolist() == ["Zoë Brontë – duty"]
    assert t["referrals"]["team"].tolist() == ["Équipe Nord"]
    assert rule(log, "READ-ENCODING").empty
    note = rule(log, "READ-ENCODING-1252")
    assert len(note) == 1 and note.loc[0, "severity"] == "info" and note.loc[0, "file"] == "List_3.csv"
