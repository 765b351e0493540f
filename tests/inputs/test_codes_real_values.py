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
