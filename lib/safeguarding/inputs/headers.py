"""Header matching, header-row location and sheet/file -> Annex A list identification.

Aliases live in ``header_aliases.csv`` (``list,field,alias``). Both the alias and the header
found in a file are reduced to a *key*: lower case, curly quotes straightened, every run of
punctuation or whitespace turned into one space, trailing punctuation dropped - so
``Referral NFA?``, ``referral nfa``, ``Referral_NFA`` and ``REFERRAL  NFA ?`` are one key, a
doubled closing bracket ``(Y/N))`` matches ``(Y/N)``, and the tidy snake_case name of every
column is accepted too. Every numeric column also answers to its pivot-table name
``Sum of <header>``. Matching is exact on keys (no regular expressions), so a short alias
such as ``Age`` can never capture another column such as ``Stage``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..quality import FatalInputError
from ..schema import ALL_TABLES, ANNEX_A_TABLES, LIST_TABLES, LOCAL_TABLES

ALIAS_FILE = Path(__file__).with_name("header_aliases.csv")
IGNORED = "-"
HEADER_SCAN_ROWS = 10
# A pivot table exported to a sheet names a summed number column "Sum of <header>" (LIIA sample
# workbooks: "Sum of Number of Previous Child Protection Plans"); for a per-child row the sum is
# the value itself, so every numeric column also answers to that name.
PIVOT_PREFIXES = ("sum of",)
NUMERIC_KINDS = {"int", "float"}

# Columns that must be present for a list to be usable (the child ID and the event date that
# defines the list; for Lists 1 and 3 also the source, part of the de-duplication key). Other
# absent columns are logged as a warning and left blank.
REQUIRED_ANNEX_A = {
    1: ["child_id", "contact_date"],
    2: ["child_id", "eh_start_date"],
    3: ["child_id", "referral_date"],
    4: ["child_id", "assessment_start_date"],
    5: ["child_id", "s47_start_date"],
    6: ["child_id", "cin_start_date"],
    7: ["child_id", "cpp_start_date"],
    8: ["child_id", "cla_start_date"],
}
# Local extracts: columns marked Req. "Y" in docs/input-formats.md.
REQUIRED_LOCAL = {
    "lado_allegations": ["lado_ref", "date_received", "contact_type", "referral_source",
                         "employment_sector", "allegation_category", "threshold_met"],
    "pf_arrangements": ["arrangement_id", "child_id", "sex", "ethnicity", "date_of_birth",
                        "disability", "notification_date", "notification_type",
                        "notification_source"],
    "pf_visits": ["arrangement_id", "visit_date", "visit_type", "child_seen"],
    "young_carers": ["yc_ref", "child_id", "sex", "ethnicity", "date_of_birth",
                     "identified_date", "identification_source"],
    "pre_proceedings": ["prep_table_id", "prep_person_id", "prep_plo_family_id"],
    "case_activity": ["child_id", "activity_type", "activity_date"],
    "improvement_actions": ["action_ref", "area", "action", "owner", "target_date", "status",
                            "progress_summary", "last_updated"],
    "improvement_measures": ["measure_id", "measure_type", "measure", "unit", "polarity",
                             "baseline_value", "baseline_period"],
    "population": ["mid_year", "population_0_17"],
}

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'", "´": "'"})


def header_key(text) -> str:
    """Normalised form of a header used for matching."""
    if text is None:
        return ""
    s = str(text).translate(_QUOTES).lower().replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", s))


@lru_cache(maxsize=1)
def _alias_rows() -> list[tuple[str, str, str]]:
    rows = []
    with ALIAS_FILE.open(encoding="utf-8-sig", newline="") as fh:
        lines = [ln for ln in fh if not ln.lstrip().startswith("#")]
    for row in csv.DictReader(lines):
        rows.append((row["list"].strip(), row["field"].strip(), row["alias"]))
    return rows


def _groups_for_list(n: int) -> set[str]:
    groups = {str(n)}
    if n <= 10:
        groups.add("*")
    if 3 <= n <= 9:
        groups.add("team")
    if 4 <= n <= 7:
        groups.add("disability")
    return groups


@lru_cache(maxsize=None)
def lookup_for(target) -> dict[str, str]:
    """header key -> tidy field (or ``IGNORED``) for an Annex A list number or local table."""
    if isinstance(target, int):
        groups = _groups_for_list(target)
        table = LIST_TABLES.get(target)
        tidy = list(ANNEX_A_TABLES[table]) if table else []
    else:
        groups = {target}
        tidy = list(LOCAL_TABLES[target])
    out: dict[str, str] = {}
    # general groups first, list-specific rows override them
    for grp_pass in (lambda g: g != str(target) and g != target, lambda g: g == str(target)):
        for grp, fld, alias in _alias_rows():
            if grp in groups and grp_pass(grp):
                if isinstance(target, int) and fld not in (IGNORED, *tidy):
                    continue
                out[header_key(alias)] = fld
    for col in tidy:
        out.setdefault(header_key(col), col)
    kinds = ALL_TABLES.get(LIST_TABLES.get(target) if isinstance(target, int) else target, {})
    for key, fld in list(out.items()):
        if kinds.get(fld) in NUMERIC_KINDS:
            for prefix in PIVOT_PREFIXES:
                out.setdefault(f"{prefix} {key}", fld)
    return out


@dataclass
class HeaderMatch:
    header_row: int  # 0-based index into the raw rows
    columns: dict[int, str]  # raw column position -> tidy field
    unknown: dict[int, str] = field(default_factory=dict)  # raw column position -> header text
    ignored: dict[int, str] = field(default_factory=dict)


def _score(row: list, lookup: dict[str, str]) -> int:
    return sum(1 for v in row if v not in (None, "") and header_key(v) in lookup)


def locate_header(rows: list[list], lookup: dict[str, str]) -> int | None:
    """0-based index of the row (among the first ``HEADER_SCAN_ROWS``) matching the most known
    headers; None when no row matches at least two."""
    best, best_score = None, 1
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        sc = _score(row, lookup)
        if sc > best_score:
            best, best_score = i, sc
    return best


def match_header(row: list, lookup: dict[str, str], *, file: str, sheet: str) -> HeaderMatch:
    columns, unknown, ignored, seen = {}, {}, {}, {}
    for pos, cell in enumerate(row):
        if cell is None or str(cell).strip() == "":
            continue
        fld = lookup.get(header_key(cell))
        if fld is None:
            unknown[pos] = str(cell).strip()
        elif fld == IGNORED:
            ignored[pos] = str(cell).strip()
        else:
            if fld in seen:
                raise FatalInputError(
                    f"columns '{seen[fld]}' and '{str(cell).strip()}' both mean '{fld}'; "
                    f"remove one of them", file=file, sheet=sheet, column=str(cell).strip())
            seen[fld] = str(cell).strip()
            columns[pos] = fld
    return HeaderMatch(-1, columns, unknown, ignored)


# ------------------------------------------------------------------------------------------
# Sheet / file name -> list number
_NAME_ALIASES = {
    "contacts": 1, "contact": 1, "earlyhelp": 2, "earlyhelpassessments": 2, "eh": 2,
    "referrals": 3, "referral": 3, "assessments": 4, "assessment": 4,
    "continuousassessments": 4, "sec47andicpc": 5, "s47andicpc": 5, "section47andicpc": 5,
    "section47": 5, "s47": 5, "sec47": 5, "s47enquiries": 5, "section47enquiries": 5,
    "s47icpc": 5, "childreninneed": 6, "cin": 6, "childinneed": 6, "childprotection": 7,
    "cp": 7, "cpplans": 7, "childprotectionplans": 7, "childrenincare": 8, "lookedafter": 8,
    "lookedafterchildren": 8, "cla": 8, "childrenlookedafter": 8, "careleavers": 9,
    "adoption": 10, "adoptions": 10, "adopters": 11,
}


# Sheets of the Ofsted Annex A template (and councils' copies) that hold guidance or the code
# lists behind its drop-downs, never child rows: not read as lists, whatever their headers.
_NON_LIST_SHEETS = {"codesused", "codes", "codelists", "codelist", "lookups", "lookup", "guidance",
                    "guidancenotes", "instructions", "notes", "readme", "contents", "cover",
                    "coversheet", "introduction", "datavalidation", "validation", "dropdowns",
                    "version", "versioncontrol", "changes", "changelog", "definitions", "key"}


def is_non_list_sheet(name: str) -> bool:
    """True for a guidance or code-list sheet by its name (``Codes_used``, ``Guidance``,
    ``Instructions`` ...)."""
    return re.sub(r"[^a-z]", "", str(name).lower()) in _NON_LIST_SHEETS


def list_from_name(name: str) -> int | None:
    """Annex A list number from a sheet or file name (``List 3``, ``list3``, ``List_03``,
    ``AA_3_referrals``, ``Referrals``, ``Sec47 and ICPC`` ... any case or spacing)."""
    key = re.sub(r"[^a-z0-9]", "", str(name).lower())
    m = re.match(r"^(?:annexa)?list0*(\d{1,2})(?!\d)", key) or re.match(r"^aa0*(\d{1,2})(?!\d)", key)
    if m:
        n = int(m.group(1))
        return n if 1 <= n <= 11 else None
    key = re.sub(r"^(?:annexa|aa)", "", key)
    key = re.sub(r"^list\d*", "", key)
    return _NAME_ALIASES.get(key)


@lru_cache(maxsize=1)
def _specific_keys() -> dict[int, set[str]]:
    """Header keys that belong to one list only (used to identify a sheet by its headers)."""
    per = {}
    for n in range(1, 12):
        per[n] = {header_key(a) for g, f, a in _alias_rows() if g == str(n)}
        table = LIST_TABLES.get(n)
        if table:
            per[n] |= {header_key(c) for c in ANNEX_A_TABLES[table]}
    common = set()
    for n, keys in per.items():
        for m, other in per.items():
            if m != n:
                common |= keys & other
    return {n: keys - common for n, keys in per.items()}


@lru_cache(maxsize=1)
def _identifier_keys() -> dict[int, set[str]]:
    """Header keys of the row identifier of Lists 9-11 (the child ID; List 11 the adopter's)."""
    child = {k for k, f in lookup_for(1).items() if f == "child_id"}
    return {9: child, 10: child, 11: {header_key("Individual adopter identifier")}}


def identify_list(rows: list[list]) -> tuple[int | None, int | None]:
    """(list number, header row) from the headers alone, or (None, None). A list needs its
    identifier column: a sheet of code lists headed like List 9's code columns (the Ofsted
    template's ``Codes_used``) is not a list."""
    best = (None, None, 0)
    specific = _specific_keys()
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = {header_key(v) for v in row if v not in (None, "")}
        for n in range(1, 12):
            hits = len(keys & specific[n])
            if n <= 8:
                lk = lookup_for(n)
                found = {lk[k] for k in keys if k in lk}
                if not set(REQUIRED_ANNEX_A[n]) <= found:
                    continue
            elif not keys & _identifier_keys()[n]:
                continue
            if hits > best[2]:
                best = (n, i, hits)
    return best[0], best[1]
