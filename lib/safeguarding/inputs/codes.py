"""Code lists and the value normaliser (annex-a.md section 7.2).

Each code list is a CSV file in ``inputs/codes/`` with columns ``code,label,synonyms``
(synonyms separated by ``|``). A row with an empty ``code`` lists values that are *recognised*
but mean "not known" (for example the D2I catch-all ``u) UNKNOWN`` for ethnicity): they are
read as missing and reported. Councils can extend a list by adding rows or synonyms.

Normalising one value (``normalise_value``):

1. strip, fold case, straighten curly quotes;
2. the whole value equals a code -> that code (``WBRI``, ``1A``, ``F``, ``A`` ...);
3. remove a leading letter prefix such as ``b)``, ``p1)``, ``aa)`` and try step 2 again;
4. the value (with punctuation reduced to spaces) equals a code, label or synonym;
5. a code appears as a whole token in the value (``a) 1A: Individual`` -> ``1A``,
   ``N2 - Child's disability`` -> ``N2``);
6. otherwise unrecognised: read as missing and reported with row and column.

Letters in the prefix are never decoded (``s) NOBT`` and ``s) REFU`` share a letter).
The normaliser works on the unique values of a column, so it is cheap on large files.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .values import _map_unique, clean_missing

CODES_DIR = Path(__file__).with_name("codes")

# (table, column) -> code list file stem. Columns of kind "code" not listed here and not in
# FREE_CODES are read as upper-cased text.
ANNEX_A_CODE_COLUMNS = {
    "sex": "sex", "ethnicity": "ethnicity", "contact_source": "source",
    "referral_source": "source", "primary_need": "primary_need",
    "closure_reason": "closure_reason", "case_status": "case_status",
    "initial_category": "abuse_category", "latest_category": "abuse_category",
}
LOCAL_CODE_COLUMNS: dict[tuple[str, str], str] = {
    ("lado_allegations", "contact_type"): "lado_contact_type",
    ("lado_allegations", "referral_source"): "lado_referral_source",
    ("lado_allegations", "employment_sector"): "lado_employment_sector",
    ("lado_allegations", "role_type"): "lado_role_type",
    ("lado_allegations", "allegation_category"): "lado_allegation_category",
    ("lado_allegations", "harm_test_criteria"): "lado_harm_test",
    ("lado_allegations", "outcome"): "lado_outcome",
    ("lado_allegations", "employer_action"): "lado_employer_action",
    ("pf_arrangements", "sex"): "sex",
    ("pf_arrangements", "ethnicity"): "ethnicity",
    ("pf_arrangements", "notification_type"): "pf_notification_type",
    ("pf_arrangements", "notification_source"): "pf_notification_source",
    ("pf_arrangements", "pf_category"): "pf_category",
    ("pf_arrangements", "suitability_outcome"): "pf_suitability_outcome",
    ("pf_arrangements", "end_reason"): "pf_end_reason",
    ("pf_visits", "visit_type"): "pf_visit_type",
    ("young_carers", "sex"): "sex",
    ("young_carers", "ethnicity"): "ethnicity",
    ("young_carers", "identification_source"): "yc_identification_source",
    ("young_carers", "cared_for_relationship"): "yc_cared_for_relationship",
    ("young_carers", "cared_for_need"): "yc_cared_for_need",
    ("young_carers", "assessment_type"): "yc_assessment_type",
    ("young_carers", "assessment_outcome"): "yc_assessment_outcome",
    ("young_carers", "end_reason"): "yc_end_reason",
    ("pre_proceedings", "prep_legal_gateway_outcome"): "pp_legal_gateway_outcome",
    ("pre_proceedings", "prep_pre_pro_outcome"): "pp_pre_pro_outcome",
    ("pre_proceedings", "prep_care_proc_short_notice"): "pp_short_notice",
    ("pre_proceedings", "prep_la_initial_care_plan"): "pp_initial_care_plan",
    ("pre_proceedings", "prep_la_final_care_plan"): "pp_final_care_plan",
    ("pre_proceedings", "care_proc_final_order"): "pp_final_order",
    ("case_activity", "activity_type"): "case_activity_type",
}
# Multi-valued code columns (values separated by ';'); the tidy value is the normalised codes
# joined by ';' in the order given.
MULTI_VALUED = {
    ("lado_allegations", "allegation_category"), ("lado_allegations", "harm_test_criteria"),
    ("young_carers", "cared_for_relationship"), ("young_carers", "cared_for_need"),
}
# Code columns validated elsewhere (improvement-plan rules): only trimmed and case-folded.
FREE_CODES: dict[tuple[str, str], str] = {
    ("improvement_actions", "status"): "upper",
    ("improvement_actions", "recommendation_source"): "upper",
    ("improvement_measures", "measure_type"): "upper",
    ("improvement_measures", "unit"): "lower",
    ("improvement_measures", "polarity"): "lower",
    ("improvement_measures", "tolerance_type"): "lower",
    ("improvement_measures", "rag"): "upper",
    ("improvement_measures", "direction_of_travel"): "upper",
}

_PREFIX = re.compile(r"^[a-z]{1,2}\d?\)\s*")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'", "´": "'"})
_NOT_KNOWN = "\x00notknown"  # sentinel for recognised "not known" values


def _key(text: str) -> str:
    """Lower case, punctuation and whitespace reduced to single spaces."""
    return " ".join(re.findall(r"[a-z0-9&]+", text.lower().translate(_QUOTES).replace("'", "")))


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[str, ...]
    labels: dict[str, str]
    lookup: dict[str, str]  # normalised key -> code (or _NOT_KNOWN)
    code_tokens: dict[str, str]  # lower-case code -> code

    def normalise_value(self, value) -> str | None:
        """One raw value -> core code, ``_NOT_KNOWN`` for recognised "unknown", None if not
        recognised. Missing values must be removed by the caller."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        s = " ".join(str(value).translate(_QUOTES).split()).lower()
        if s in self.code_tokens:
            return self.code_tokens[s]
        body = _PREFIX.sub("", s).strip()
        if body in self.code_tokens:
            return self.code_tokens[body]
        for candidate in (body, s):
            k = _key(candidate)
            if k in self.lookup:
                return self.lookup[k]
        for tok in re.findall(r"[a-z0-9]+", body):
            if tok in self.code_tokens:
                return self.code_tokens[tok]
        return None


@lru_cache(maxsize=None)
def load_code_list(name: str) -> CodeList:
    path = CODES_DIR / f"{name}.csv"
    codes, labels, lookup, tokens = [], {}, {}, {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("code") or "").strip()
            target = code or _NOT_KNOWN
            names = [row.get("label") or ""] + (row.get("synonyms") or "").split("|")
            if code:
                codes.append(code)
                labels[code] = (row.get("label") or "").strip()
                tokens[code.lower()] = code
                names.append(code)
            for n in names:
                k = _key(n)
                if not k:
                    continue
                if k in lookup and lookup[k] != target:
                    raise ValueError(f"code list {path.name}: '{n}' maps to both "
                                     f"{lookup[k]!r} and {target!r}")
                lookup[k] = target
    return CodeList(name, tuple(codes), labels, lookup, tokens)


def code_list_for(table: str, column: str) -> CodeList | None:
    from ..schema import ANNEX_A_TABLES
    if table in ANNEX_A_TABLES:
        name = ANNEX_A_CODE_COLUMNS.get(column)
    else:
        name = LOCAL_CODE_COLUMNS.get((table, column))
    return load_code_list(name) if name else None


def normalise_codes(values: pd.Series, code_list: CodeList, *, multi: bool = False
                    ) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Raw cells -> (codes as pandas string Series, unrecognised mask, "not known" mask).

    Unrecognised and "not known" cells are returned as missing; the caller logs a finding for
    each. With ``multi=True`` a cell holds ``;``-separated values: the result joins the
    recognised codes with ``;`` and the cell counts as unrecognised if any part is.
    """
    def one(v):
        if v is None:
            return None, False, False
        parts = [p for p in str(v).split(";") if p.strip()] if multi and isinstance(v, str) else [v]
        got = [code_list.normalise_value(p) for p in parts]
        bad = any(g is None for g in got)
        unknown = (not bad) and all(g == _NOT_KNOWN for g in got)
        kept = list(dict.fromkeys(g for g in got if g is not None and g != _NOT_KNOWN))
        return (";".join(kept) if kept and not bad else None), bad, unknown

    index, (out, bad, unknown) = _map_unique(values, one, (None, False, False))
    out = pd.Series(out, index=index, dtype=object).astype("string")
    bad = pd.Series(bad.astype(bool), index=index)
    unknown = pd.Series(unknown.astype(bool), index=index)
    return out, bad, unknown


def normalise_free_code(values: pd.Series, case: str = "upper") -> pd.Series:
    """Trim and case-fold a code column that has no code list here."""
    cleaned, _ = clean_missing(values)
    s = cleaned.map(lambda v: None if v is None else " ".join(str(v).split()),
                    na_action="ignore").astype("string")
    return s.str.upper() if case == "upper" else s.str.lower()


def all_code_lists() -> list[str]:
    return sorted(p.stem for p in CODES_DIR.glob("*.csv"))
