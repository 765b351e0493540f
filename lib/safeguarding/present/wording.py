"""Plain words for print: what the registry and the code write for analysts, said for a committee.

The indicator registry documents each definition for the people who maintain it: config keys
(``conventions.cp_visit_working_days``), Annex A list numbers ("Annex A List 5"), LAIT variable
names ("LAIT CPP_rate"), activity codes (``CIN_REVIEW``) and field tests ("Child Seen = Y").
The published definitions say the same in words: the council's own value of the setting, the
list by what it holds, the source by its name. docs/indicators.md keeps the exact terms.
"""
from __future__ import annotations

import re

# Ofsted Annex A lists by number (reference: annex-a.md)
ANNEX_A_LISTS = {1: "contacts", 2: "early help", 3: "referrals", 4: "assessments",
                 5: "section 47 enquiries and ICPCs", 6: "children in need", 7: "child protection plans",
                 8: "children looked after", 9: "care leavers", 10: "adoption", 11: "adopters"}
ACRONYMS = {"CIN", "CP", "ICPC", "RCPC", "LADO", "PF", "YC", "NFA", "MASH", "S47", "LA", "DFE"}
ABBREVIATIONS = {"WT": "Working Together", "KCSIE": "Keeping Children Safe in Education"}
_UNITS = (("_working_days", "working days"), ("_days", "days"), ("_months", "months"), ("_weeks", "weeks"))

_SETTING = re.compile(r"(?:params )?conventions\.(?P<key>[a-z_]+)(?:\s+(?P<unit>working days|days|months|weeks)\b)?")
_ANNEX_LISTS = re.compile(r"\b(?:the )?Annex A Lists (?P<a>\d+) and (?P<b>\d+)\b")
_ANNEX_LIST = re.compile(r"\b(?:the )?Annex A List (?P<n>\d+)\b")
_LIST = re.compile(r"\b(?:the )?List (?P<n>\d+)\b")
_LAIT = re.compile(r"\bLAIT [A-Za-z][\w,]*\w")
_CODE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
_FIELD = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
_ABBREVIATION = re.compile(r"\b(" + "|".join(ABBREVIATIONS) + r")\b")
_YES_OR_NO = re.compile(r"\s*(?:= )?\bY or N\b")
_YES = re.compile(r"\s*= Y\b")


def _setting(match: re.Match, conventions) -> str:
    key = match["key"]
    value = getattr(conventions, key, None)
    unit = next((words for suffix, words in _UNITS if key.endswith(suffix)), "")
    if value is None or isinstance(value, (list, dict)) or not unit:
        return "the council's local standard"
    if value == 1:
        unit = unit[:-1]  # 1 working day, 1 month
    return f"{value:g} {unit}" if isinstance(value, float) else f"{value} {unit}"


def _list(number: str) -> str:
    return ANNEX_A_LISTS.get(int(number), f"list {number}")


def _code(match: re.Match) -> str:
    words = match[0].split("_")
    return " ".join(w if w in ACRONYMS else w.lower() for w in words)


def plain_words(text: str, conventions=None) -> str:
    """``text`` with config keys replaced by the council's value ("10 working days"), Annex A
    list numbers by what the list holds, LAIT variable names by "DfE LAIT", activity codes and
    field names by words, "= Y" by "recorded as yes", and WT / KCSIE spelt out."""
    if not text:
        return text
    if conventions is None:
        from ..params import Conventions

        conventions = Conventions()
    text = _SETTING.sub(lambda m: _setting(m, conventions), text)
    text = _ANNEX_LISTS.sub(lambda m: f"the Annex A {_list(m['a'])} and {_list(m['b'])} lists", text)
    text = _ANNEX_LIST.sub(lambda m: f"the Annex A {_list(m['n'])} list", text)
    text = _LIST.sub(lambda m: f"the Annex A {_list(m['n'])} list", text)
    text = _LAIT.sub("DfE LAIT", text)
    text = _CODE.sub(_code, text)
    text = _FIELD.sub(lambda m: m[0].replace("_", " "), text)
    text = _YES_OR_NO.sub(" recorded (yes or no)", text)
    text = _YES.sub(" recorded as yes", text)
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m[1]], text)
