import pandas as pd
import pytest

from safeguarding.inputs import codes as C


def norm(name, values, multi=False):
    out, bad, unknown = C.normalise_codes(pd.Series(values, dtype=object), C.load_code_list(name),
                                          multi=multi)
    return [None if pd.isna(v) else v for v in out], bad.tolist(), unknown.tolist()


def test_every_code_list_loads_without_conflicts():
    for name in C.all_code_lists():
        assert C.load_code_list(name).codes


def test_sex_lettered_unlettered_mixed():
    out, bad, _ = norm("sex", ["a) Male", "b) Female", "Female", "F", "c) Not stated/recorded",
                               "d) Neither", "male", "x"])
    assert out == ["M", "F", "F", "F", "U", "I", "M", None]
    assert bad == [False] * 7 + [True]


def test_ethnicity_letters_never_decoded_and_unknown():
    out, bad, unknown = norm("ethnicity", ["s) NOBT", "t) NOBT", "s) REFU", "a) WBRI", "wbri",
                                           "Gypsy/Roma", "e) WROM", "u) UNKNOWN", "ZZZZ"])
    assert out == ["NOBT", "NOBT", "REFU", "WBRI", "WBRI", "WROM", "WROM", None, None]
    assert unknown == [False] * 7 + [True, False]
    assert bad == [False] * 8 + [True]


@pytest.mark.parametrize("raw,code", [
    ("a) 1A: Individual", "1A"), ("b) 1B: Individual", "1B"), ("c) 1C: Individual", "1C"),
    ("d) 1D: Individual", "1D"), ("e) 2A: Schools", "2A"), ("f) 2B: Education services", "2B"),
    ("g) 3A: Health services", "3A"), ("h) 3B: Health services", "3B"),
    ("i) 3C: Health services", "3C"), ("j) 3D: Health services", "3D"),
    ("k) 3E: Health services", "3E"), ("l) 3F: Health services", "3F"), ("m) 4: Housing", "4"),
    ("n) 5A: LA services", "5A"), ("o) 5B: LA services", "5B"), ("p) 5C: LA services", "5C"),
    ("p1) 5D: LA services", "5D"), ("q) 6: Police", "6"), ("r) 7: Other legal agency", "7"),
    ("s) 8: Other", "8"), ("t) 9: Anonymous", "9"), ("u) 10: Unknown", "10"),
    ("Police", "6"), ("5D", "5D"), ("Schools", "2A")])
def test_source_codes(raw, code):
    assert norm("source", [raw])[0] == [code]


def test_other_annex_a_lists():
    assert norm("primary_need", ["N2 - Child’s disability", "N0 - Not stated", "N1"])[0] == ["N2", "N0", "N1"]
    out, bad, _ = norm("primary_need", ["PSRMEM - Support with memory and cognition"])
    assert out == [None] and bad == [True]
    assert norm("closure_reason", ["RC8 - Case closed after assessment, no further action", "rc1"])[0] == ["RC8", "RC1"]
    assert norm("case_status", ["a) Looked after child", "b) Child Protection plan", "c) Child in need plan",
                                "d) Open assessment", "e) Closed episode", "Child Protection plan"])[0] == \
        ["LAC", "CPP", "CINP", "ASMT", "CLOSED", "CPP"]
    assert norm("abuse_category", ["a) Neglect", "Neglect", "b) Physical abuse", "c) Sexual abuse",
                                   "d) Emotional abuse", "e) Multiple/not recommended"])[0] == \
        ["NEG", "NEG", "PHY", "SAB", "EMO", "MUL"]


def test_letter_codes_in_local_lists_and_multi_values():
    assert norm("pp_final_care_plan", ["H", "a", "Care Order", "G"])[0] == ["H", "A", "A", "G"]
    assert norm("pp_pre_pro_outcome", ["Decision to Issue Care Proceedings", "Decision to step down"])[0] == \
        ["ISSUE", "STEP_DOWN"]
    out, bad, _ = norm("lado_allegation_category", ["PHYSICAL;sexual", "physical; nope", "Emotional"], multi=True)
    assert out == ["PHYSICAL;SEXUAL", None, "EMOTIONAL"] and bad == [False, True, False]


def test_free_code_case():
    s = C.normalise_free_code(pd.Series([" blue ", "Not_Completed", None], dtype=object), "upper")
    assert s[:2].tolist() == ["BLUE", "NOT_COMPLETED"] and pd.isna(s[2])
