"""Real councils' coded values (issue 11): what is recognised, and what must never be guessed."""
import pandas as pd
import pytest

from safeguarding.inputs import codes as C
from safeguarding.inputs.values import parse_yn


def read(name, raw):
    return C.load_code_list(name).read(raw)


@pytest.mark.parametrize("name,raw,code", [
    ("sex", "1 - Male", "M"), ("sex", "2 - Female", "F"), ("sex", "0 - Not known", "U"),
    ("sex", "Unborn/Unknown", "U"), ("sex", "Withheld", "U"),
    ("sex", "c) Not stated/recorded (or unborn)", "U"),
    ("ethnicity", "A1 - White British", "WBRI"), ("ethnicity", "D1 - Black Caribbean", "BCRB"),
    ("ethnicity", "(A.A1) White - British", "WBRI"),
    ("ethnicity", "A.A30)Any Other Mixed Background", "MOTH"),
    ("ethnicity", "White English", "WBRI"), ("ethnicity", "Black - British", "BOTH"),
    ("ethnicity", "Dual + White & Black Asian", "MOTH"), ("ethnicity", "CHINESE - Chinese", "CHNE"),
    ("ethnicity", "NOBT - Information not yet obtained", "NOBT"),
    ("source", "INDIVIDUAL – acquaintance (including neighbours and child minders)", "1B"),
    ("source", "HOUSING - local authority housing or housing association", "4"),
    ("source", "HEALTH: A&E", "3E"), ("source", "Friend / Neighbour", "1B"),
    ("source", "Grandparent", "1A"), ("source", "College", "2B"),
    ("source", "Community Health Service", "3D"), ("source", "Police officer", "6"),
    ("source", "a) 1A: Individual", "1A"), ("source", "p1) 5D: LA services", "5D"),
    ("primary_need", "1ABUSNEG - Abuse or Neglect", "N1"), ("primary_need", "N1g - Sexual Abuse", "N1"),
    ("primary_need", "Abuse or Neglect - Neglect", "N1"),
    ("closure_reason", "RC6:Transferred to adult social services", "RC6"),
    ("closure_reason", "Adopted - Application unopposed", "RC1"),
    ("case_status", "CP/CLA", "LAC"), ("case_status", "CLA&CP", "LAC"),
    ("case_status", "CLA&CPP", "LAC"), ("case_status", "CIN/CP", "CPP"),
    ("abuse_category", "Physical abuse only", "PHY"), ("abuse_category", "Muliple", "MUL"),
])
def test_real_values_recognised(name, raw, code):
    assert read(name, raw).code == code


@pytest.mark.parametrize("raw,parts", [
    ("Neglect, Emotional abuse", ("NEG", "EMO")), ("Neglect; Physical abuse", ("NEG", "PHY")),
    ("NEGLECT/PHYSICAL ABUSE", ("NEG", "PHY")), ("Sexual and Emotional", ("SAB", "EMO")),
    ("Emotional Abuse & Neglect", ("EMO", "NEG")),
])
def test_two_or_more_abuse_categories_are_multiple_with_the_parts_kept(raw, parts):
    r = read("abuse_category", raw)
    assert (r.code, r.parts) == ("MUL", parts)


def test_parts_reach_the_restricted_table_column():
    out, bad, _, parts = C.read_codes(pd.Series(["Neglect, Emotional abuse", "Neglect", None],
                                                dtype=object), C.load_code_list("abuse_category"))
    assert out.tolist()[:2] == ["MUL", "NEG"] and parts.tolist()[0] == "NEG;EMO"
    assert parts[1:].isna().all() and not bad.any()


@pytest.mark.parametrize("name,raw,why", [
    # a number or word inside descriptive text is never a code
    ("source", "10) Housing (e.g. Housing Dept...)", "the leading code '10' means 10 (Unknown) but its "
                                                    "description 'housing (e.g. housing dept...)' means 4"),
    ("source", "Health - 4 week check", ""),
    ("sex", "I made this up", ""),
    # a leading code its own description contradicts is reported, never guessed
    ("sex", "1 - Female", "the leading code '1' means M (Male) but its description 'female' means F"),
    ("ethnicity", "A1 - Black Caribbean", "means WBRI (White British) but its description"),
    ("primary_need", "N4 - Family dysfunction", "means N4 (Family in acute stress)"),
    ("closure_reason", "RC8 - Adopted", "means RC8"),
    # one value naming two codes
    ("source", "Police, Schools", "the value names more than one code"),
    ("source", "Other - Police", "means 8 (Other) but its description 'police' means 6"),
    ("abuse_category", "Neglect, Domestic abuse", "not every part of the combination"),
    ("case_status", "CLA/Care leaver", "not every part of the combination"),
])
def test_never_guessed(name, raw, why):
    r = read(name, raw)
    assert r.code is None and why in r.problem


def test_conflict_hint_is_the_description():
    assert read("source", "10) Housing (e.g. Housing Dept...)").hint == "4"


@pytest.mark.parametrize("column,raw,yn", [
    (None, "1 - Yes", "Y"), (None, "0 - No", "N"), (None, "a. Yes", "Y"), (None, "1 - No", None),
    ("referral_nfa", "NFA", "Y"), ("referral_nfa", "No further action", "Y"),
    ("referral_nfa", "Further action", "N"), ("icpc_to_plan", "NFA", None),
    ("child_seen", "Seen", "Y"), ("child_seen", "Not seen", "N"), ("child_seen", "Child seen alone", "Y"),
    ("seen_alone", "Child seen alone", "Y"), ("seen_alone", "Not seen", "N"),
    ("seen_alone", "Seen", None),       # seen, but alone? not said
    ("child_seen", "Refused", None), ("seen_alone", "Refused", None),
    ("disability", "NONE", "N"), ("disability", "NO DISABILITY", "N"), ("disability", "Refused", "U"),
    ("disability", "AUT", "Y"), ("epo_last_6m", "NONE", None),
])
def test_yes_no_wordings_only_where_the_column_makes_them_unambiguous(column, raw, yn):
    out, bad = parse_yn(pd.Series([raw], dtype=object), column=column)
    assert (None if pd.isna(out[0]) else out[0]) == yn
    assert bool(bad[0]) == (yn is None)


# --------------------------------------------------------------------------------------------
# Issue #19: wordings once given a wrong code are right, or flagged with a suggestion
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,raw,code", [
    ("sex", "Indeterminate", "I"),                       # CIN GenderCurrent 9, Annex A d) Neither
    ("sex", "9", "I"), ("sex", "9 - Indeterminate", "I"),
    ("ethnicity", "BLACK AFRICAN & WHITE", "MWBA"),      # mixed heritage, whichever way round
    ("ethnicity", "BLACK CARIBBEAN & WHITE", "MWBC"),
    ("ethnicity", "Mixed - Chinese and White", "MOTH"),  # DfE extended MWCH is under MOTH
    ("ethnicity", "White and Pakistani", "MWAS"),        # MWAP is under MWAS
    ("ethnicity", "Mixed - Black and Asian", "MOTH"),    # MABL
    ("ethnicity", "Asian & any other ethnic group", "MOTH"),  # MAOE
    ("ethnicity", "C5 Asian/Asian British - Any other", "AOTH"),  # the explicit code decides
    ("ethnicity", "D3 Black/Black British - Other", "BOTH"),
    ("ethnicity", "D1 - African", "BAFR"),               # 2011 census lettering, described
    ("ethnicity", "C4 - Chinese", "CHNE"),
    ("ethnicity", "MWOE", "MOTH"), ("ethnicity", "AOPK", "APKN"), ("ethnicity", "OAFG", "OOTH"),
    ("source", "3F Health services - Other", "3F"),
    ("source", "Education - Primary School", "2A"),     # schools are 2A
    ("source", "Education – Secondary", "2A"),
    ("source", "Education (Schools)", "2A"),
    ("source", "Education - College", "2B"),
    ("source", "Health Services - Other Primary", "3D"),
    ("source", "Police - Other", "6"),                  # other police is police
])
def test_issue_19_wordings_are_right(name, raw, code):
    assert read(name, raw).code == code


@pytest.mark.parametrize("name,raw,suggested,why", [
    ("ethnicity", "Black or Black British - African and Caribbean", "BOTH", "two Black backgrounds"),
    ("ethnicity", "African and Caribbean", "BOTH", "two Black backgrounds"),
    ("ethnicity", "Mixed - Black and White", "MOTH", "without saying Caribbean or African"),
    ("ethnicity", "Mixed", "MOTH", "Mixed group"),
    ("ethnicity", "D1", "BCRB", "Black African in the 2011 census"),  # a bare code that varies
    ("ethnicity", "A1", "WBRI", "Indian in the ONS 16+1"),
    ("source", "Social Services - Other", "5A", "another local authority"),
    ("source", "Health", "3F", "without saying which"),
    ("source", "Education", "2B", "school (2A)"),
    ("source", "Health - 4 week check", "3F", "without saying which"),
    ("sex", "Not specified", "U", "indeterminate"),
])
def test_issue_19_ambiguous_wordings_are_flagged_with_a_suggestion(name, raw, suggested, why):
    r = read(name, raw)
    assert r.code is None and r.hint == suggested and why in r.problem


def test_a_flagged_wording_reaches_the_unrecognised_values_file_with_its_suggestion():
    from safeguarding.inputs.code_map import suggest

    for raw, code in [("Health", "3F"), ("Social Services - Other", "5A"), ("Mixed - Black and White", "MOTH")]:
        column = "ethnicity" if "Mixed" in raw else "referral_source"
        got, why = suggest("referrals", column, raw)
        assert got == code and "check which your system means" in why


@pytest.mark.parametrize("name,raw", [
    ("source", "Fire Service - Other"),     # an unknown heading: 'other' alone says nothing
    ("source", "2B Education (Schools)"),   # the explicit code and its description disagree
    ("ethnicity", "A1 - Indian and White"),
    ("sex", "I made this up"),              # a letter in front that is a code is not enough
])
def test_never_guessed_after_issue_19(name, raw):
    assert read(name, raw).code is None
