"""Code lists and the value normaliser (annex-a.md sections 6 and 7.2).

Each code list is a CSV file in ``inputs/codes/`` with columns ``code,label,synonyms``
(synonyms separated by ``|``): the kept list of wordings councils' systems really send, extended
with a test for each (``tests/inputs/test_codes*.py``, ``tests/inputs/codes_corpus.csv``). A row
with an empty ``code`` lists values that are *recognised* but mean "not known" (the D2I catch-all
``u) UNKNOWN`` for ethnicity): they are read as missing and reported. A synonym that looks like a
code (``a1``, ``0``, ``09``, ``e4``: at most one letter, one or two digits, one letter) is a
*code token*: it counts only where a code may stand, never inside descriptive text. A council's
own wordings go in its code map (``inputs/code_map.py``), which is applied before these lists.

Reading one value (``CodeList.read``), strictly - a code is taken only where it is the value's own
code, never from a number or a word inside descriptive text:

1. fold case, straighten quotes and dashes; the whole value is a code or code token (``WBRI``,
   ``1A``, ``A1``, ``0``), or a label or synonym (punctuation, a bracketed aside and a trailing
   "only" aside);
2. the same after dropping an enumerating letter (``b)``, ``p1)``, ``a.``) - letters are never
   decoded, producers reuse them (``s) NOBT`` and ``s) REFU``);
3. lists with a combination rule split ``Neglect, Emotional abuse`` / ``CP/CLA`` on ``, ; / & +``
   and "and": category of abuse - two or more categories are ``MUL`` (the parts are kept, see
   ``Reading.parts``); case status - the D2I priority closed > looked after > CP plan > CIN plan
   > open assessment;
4. a leading token and a description (``1 - Male``, ``A1 - White British``, ``(A.A1) White -
   British``, ``RC6:Transferred to ...``, ``N1g - Sexual Abuse``, ``3F Health services - Other``):
   a known code in front is taken when the description agrees, names no other code, or only
   restates it in words of the code's own wordings (an explicit code is trusted over words:
   ``C5 Asian/Asian British - Any other`` is AOTH); an unknown local code in front (``1ABUSNEG``,
   ``A.A30``) is passed over and the description decides, unless it only says "other"; a code in
   front that its own description contradicts (``10) Housing``) is unrecognised, never guessed;
   a heading and "other" (``Police - Other``) is the heading's code;
5. the value begins with a label or synonym (``Police officer``, ``Housing (e.g. Housing
   Dept)``) and names no other code after it, nor a word only other codes' wordings use;
6. otherwise unrecognised: read as missing and reported with row and column.

Ambiguous wordings and code tokens (``ambiguous.csv``: ``Education``, ``Health``, ``Mixed``, the
ethnicity letter codes whose meaning differs between the DfE legacy, census and ONS 16+1
letterings such as ``D1``) are never coded: a description that picks one of their codes decides
(``Education - Primary School`` is 2A, ``D1 - African`` is BAFR), otherwise they are reported with
the suggested code. Ethnicity wordings joining two groups are the mixed codes
(``_mixed_heritage``: ``Black African & White`` is MWBA, ``Mixed - Chinese and White`` MOTH).

The normaliser works on the unique values of a column, so it is cheap on large files.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .values import _mask, _string_series, distinct

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
# Lists whose cells may name several codes at once, and how they are combined (step 3).
MULTIPLE_CATEGORY = "MUL"  # category of abuse: two or more categories
CASE_STATUS_PRIORITY = ("CLOSED", "LAC", "CPP", "CINP", "ASMT")  # annex-a.md 6.7 (D2I)
COMBINED_LISTS = {"abuse_category", "case_status"}
# Code columns whose parts (for a combined value) are kept in the restricted data.
PARTS_SUFFIX = "_parts"

_ENUM = re.compile(r"^(?:[a-z]{1,2}\d?\)\s*|[a-z]\.\s+)")
_TOKEN = re.compile(r"^[a-z]?\d{1,2}[a-z]?$")
_PAREN_HEAD = re.compile(r"^\(([^()]{1,15})\)\s*(.+)$")
_HEAD_TAIL = re.compile(r"^(.+?)\s*(?:\s-+\s|[:)=]|\s-+|-+\s|-+)\s*(.+)$")
_TOKEN_SPACE = re.compile(r"^([a-z0-9]{1,4})\s+([a-z0-9(].*)$")  # "3f health services - other", "c5 asian ..."
_ASIDE_TAIL = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*$")  # "education (schools)"
_SPLIT = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*")
_ASIDE = re.compile(r"\([^)]*\)?")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "`": "'", "´": "'",
                         "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})
# Words too general to decide a code when a value merely begins with them (step 5).
_TOO_GENERAL = {"other", "unknown", "not known", "not stated", "not recorded", "self", "any other",
                "public", "social care", "education", "mixed", "multiple", "multi", "assessment",
                "disability", "abuse", "relative", "carer", "parent", "parents", "english", "welsh",
                "scottish", "irish", "african", "caribbean", "closed", "nursery", "court"}
# A description after a heading that only says "other": "Police - Other" is other police, but
# after an unknown heading it says nothing ("Fire service - Other" is not simply 8).
_QUALIFIERS = {"other", "others", "any other", "misc", "miscellaneous", "general", "other services"}
# Joining words that say nothing about which code a description means (prefix trust, step 4).
_FILLERS = {"or", "and", "the", "of", "a", "an", "for", "e", "g", "eg", "including", "example", "to"}
_NOT_KNOWN = "\x00notknown"  # sentinel for recognised "not known" values
_CONFLICT = "\x00conflict"  # sentinel: the text names two different codes
AMBIGUOUS_FILE = "ambiguous.csv"


def _clean(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).translate(_QUOTES).split()).lower()


def _key(text: str) -> str:
    """Lower case, ``&`` read as "and", punctuation and whitespace reduced to single spaces."""
    t = text.lower().translate(_QUOTES).replace("'", "").replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", t))


@dataclass(frozen=True)
class Ambiguous:
    """A wording or code token that names one of several codes without saying which
    (``inputs/codes/ambiguous.csv``, or a mixed-heritage wording naming White and Black only):
    never coded, reported with ``suggested`` for the analyst to confirm in the code map. A
    description after it that picks one of ``candidates`` decides ("Education - Primary
    School" is 2A)."""
    candidates: tuple[str, ...]
    suggested: str
    why: str


@dataclass(frozen=True)
class Reading:
    """What one raw value says: ``code`` (``None`` when unrecognised, ``_NOT_KNOWN`` for a
    recognised "not known"), the component codes of a combined value, and for an unrecognised
    value what was wrong (used by ``validate``'s suggestions)."""
    code: str | None
    parts: tuple[str, ...] = ()
    problem: str = ""
    hint: str = ""  # for a conflict or an ambiguous wording, the code suggested to the analyst


def _reading(got) -> Reading:
    if isinstance(got, Ambiguous):
        return Reading(None, problem=got.why, hint=got.suggested)
    if got == _CONFLICT:
        return Reading(None, problem="the value names more than one code")
    return Reading(got)


@dataclass(frozen=True)
class CodeList:
    name: str
    codes: tuple[str, ...]
    labels: dict[str, str]
    lookup: dict[str, str]  # normalised label/synonym key -> code (or _NOT_KNOWN)
    code_tokens: dict[str, str]  # lower-case code or code token -> code
    _prefixes: tuple[str, ...] = field(default=(), repr=False)  # keys usable in step 5, longest first
    ambiguous: dict[str, Ambiguous] = field(default_factory=dict, repr=False)  # key or token -> Ambiguous
    words: dict[str, frozenset] = field(default_factory=dict, repr=False)  # code -> words of its wordings

    # ---- pieces ------------------------------------------------------------------------
    def label_of(self, code: str) -> str:
        return self.labels.get(code, "not known" if code == _NOT_KNOWN else code)

    def _exact(self, text: str):
        for k in (_key(text), _key(_ASIDE.sub(" ", text))):
            if k in self.lookup:
                return self.lookup[k]
            if k.endswith(" only") and k[:-5] in self.lookup:
                return self.lookup[k[:-5]]
            if k in self.ambiguous:
                return self.ambiguous[k]
        return None

    def _token(self, text: str):
        t = text.strip()
        return self.code_tokens.get(t) or self.ambiguous.get("\x00" + t)

    def _foreign_words(self, text: str, code: str) -> set[str]:
        """Words of ``text`` that other codes' wordings use and ``code``'s do not."""
        mine = self.words.get(code, frozenset())
        return {w for w in _key(text).split() if w not in mine and w not in _FILLERS
                and any(w in ws for c, ws in self.words.items() if c != code)}

    def _names_other(self, text: str, code: str) -> bool:
        padded = f" {_key(text)} "
        if any(f" {k} " in padded for k in self._prefixes if self.lookup[k] != code):
            return True
        # "health services other primary" begins with a 3F wording, but "primary" is a word
        # of 3D's wordings and none of 3F's: the rest says more than the prefix
        return bool(self._foreign_words(text, code))

    def _paraphrases(self, text: str, code: str) -> bool:
        """Every word of ``text`` is a word of ``code``'s own wordings ("Asian/Asian British - Any
        other" for AOTH): a description that restates the code in front of it."""
        ws = [w for w in _key(text).split() if w not in _FILLERS]
        mine = self.words.get(code, frozenset())
        return bool(ws) and all(w in mine for w in ws)

    def describe(self, text: str):
        """The code a description names (exactly, or by its first words), an ``Ambiguous`` when
        it names one of several, ``_CONFLICT`` when it begins with one code and names another,
        else None. Code tokens are not descriptions."""
        got = self._exact(text)
        if got is not None:
            return got
        if self.name == "ethnicity":
            got = _mixed_heritage(text)
            if got is not None:
                return got
        k = _key(_ASIDE.sub(" ", text))
        for p in self._prefixes:
            if k.startswith(p + " "):
                code = self.lookup[p]
                return _CONFLICT if self._names_other(k[len(p) + 1:], code) else code
        return None

    def _whole(self, s: str):
        return self._token(s) or self._exact(s)

    # ---- one value ---------------------------------------------------------------------
    def read(self, value) -> Reading:
        """One raw value (missing values removed by the caller) -> ``Reading``."""
        s = _clean(value)
        got = self._whole(s)
        if got is not None:
            return _reading(got)
        body = _ENUM.sub("", s).strip()
        if body != s and body:
            got = self._whole(body)
            if got is not None:
                return _reading(got)
        if self.name in COMBINED_LISTS and _SPLIT.search(body):
            # a combination is read whole or not at all ("Neglect, Domestic abuse" is not NEG)
            return self._combined(body) or Reading(
                None, problem="not every part of the combination is a known code")
        m = _TOKEN_SPACE.match(body)
        if m and self._token(m.group(1)) is not None:
            reading = self._head_and_description(m.group(1), m.group(2), bare=True)
            if reading is not None:
                return reading
        for pattern, aside in ((_PAREN_HEAD, False), (_HEAD_TAIL, False), (_ASIDE_TAIL, True)):
            m = pattern.match(body)
            if m:
                reading = self._head_and_description(m.group(1).strip(), m.group(2).strip(), aside=aside)
                if reading is not None:
                    return reading
        return _reading(self.describe(body))

    def _head_and_description(self, head: str, tail: str, *, bare: bool = False,
                              aside: bool = False) -> Reading | None:
        """A value read as a leading code or heading (``head``) and a description (``tail``).
        ``bare``: the two are separated by a space only, so a description that names no code
        and does not restate the head's ("I made this up") leaves the value to the other steps;
        ``aside``: the description is a bracketed aside ("Education (Schools)")."""
        tail_code = self.describe(tail)
        head_code = self._token(head)
        head_kind = "code" if head_code is not None else "description"
        if head_code is None:
            head_code = self.describe(head)
        if head_code == _CONFLICT or tail_code == _CONFLICT:
            return Reading(None, problem="the value names more than one code")
        general = _key(tail) in _QUALIFIERS
        if isinstance(head_code, Ambiguous):
            # a heading ("Education", "Mixed") or a code whose meaning varies between
            # producers ("D1"): a description naming one of its codes decides
            if isinstance(tail_code, str) and tail_code in head_code.candidates:
                return Reading(tail_code)
            if isinstance(tail_code, Ambiguous):
                return _reading(tail_code)  # the more specific of the two
            if tail_code is None or general:
                return None if bare else _reading(head_code)
            return self._conflict(head, head_kind, head_code.suggested, tail, tail_code)
        if head_code is None:  # a local code or qualifier in front: the description decides
            if tail_code is None or bare:
                return None
            if general and not aside:
                return Reading(None, problem=f"'{tail}' after '{head}' does not say which code is meant")
            return _reading(tail_code)
        if isinstance(tail_code, Ambiguous):
            if head_code in tail_code.candidates:
                return Reading(head_code)
            return self._conflict(head, head_kind, head_code, tail, tail_code.suggested)
        if tail_code is None:
            if bare and not self._paraphrases(tail, head_code):
                return None
            return Reading(head_code)
        if tail_code == head_code or (general and head_kind == "description"):
            return Reading(head_code)
        if head_kind == "code" and head_code != _NOT_KNOWN and self._paraphrases(tail, head_code):
            # an explicit code is trusted over a description that merely restates it in words
            # another code also uses ("C5 Asian/Asian British - Any other" is AOTH, not OOTH)
            return Reading(head_code)
        return self._conflict(head, head_kind, head_code, tail, tail_code)

    def _conflict(self, head, head_kind, head_code, tail, tail_code) -> Reading:
        return Reading(None, problem=(
            f"the leading {head_kind} '{head}' means {self._show(head_code)} but its description "
            f"'{tail}' means {self._show(tail_code)}"), hint="" if tail_code == _NOT_KNOWN else tail_code)

    def _combined(self, body: str) -> Reading | None:
        parts = [p for p in _SPLIT.split(body) if p]
        if not parts:
            return None
        codes = []
        for p in parts:
            got = self._whole(p) or self.describe(_ENUM.sub("", p))
            if got is None or got in (_CONFLICT, _NOT_KNOWN) or isinstance(got, Ambiguous):
                return None
            codes.append(got)
        codes = list(dict.fromkeys(codes))
        if len(codes) == 1:
            return Reading(codes[0])
        if self.name == "case_status":
            return Reading(min(codes, key=CASE_STATUS_PRIORITY.index), tuple(codes))
        return Reading(MULTIPLE_CATEGORY, tuple(c for c in codes if c != MULTIPLE_CATEGORY))

    def _show(self, code: str) -> str:
        if isinstance(code, Ambiguous):
            code = code.suggested
        return "'not known'" if code == _NOT_KNOWN else f"{code} ({self.labels.get(code, '')})"

    def normalise_value(self, value) -> str | None:
        """One raw value -> core code, ``_NOT_KNOWN`` for recognised "unknown", None if not
        recognised. Missing values must be removed by the caller."""
        return self.read(value).code


# ------------------------------------------------------------------------------------------
# Mixed heritage (ethnicity): a wording joining two ethnic groups ("Black African & White",
# "Mixed - Chinese and White") is a mixed code, whichever way round it is written. The DfE
# codes: White and Black Caribbean MWBC, White and Black African MWBA, White and any Asian
# background MWAS (the extended codes MWAP, MWAI, MWAO); every other pairing, White and Chinese
# included, is "Any other Mixed background" MOTH (extended codes MWCH, MABL, MACH, MBCH, MAOE,
# MBOE, MCOE, MWOE). White and Black without saying which Black group is ambiguous.
_MIX_JOIN = re.compile(r"\s*(?:&|\+|/|\band\b|\bwith\b)\s*")
_MIX_FILLER = {"mixed", "dual", "heritage", "parentage", "multiple", "ethnic", "groups", "group",
               "background", "race", "origin", "british", "or", "multi", "mix"}
_MIX_GROUPS = (  # (group, words), tried in order: "African Asian" is Asian
    ("A", {"asian", "indian", "pakistani", "bangladeshi", "kashmiri", "punjabi", "nepali", "sri",
           "tamil", "sinhalese"}),
    ("BC", {"caribbean"}),
    ("BA", {"african"}),
    ("B", {"black"}),
    ("C", {"chinese"}),
    ("W", {"white", "english", "welsh", "scottish", "irish", "european"}),
    ("O", {"other", "arab", "any"}),
)
_MIX_VOCAB = {w for _, vocab in _MIX_GROUPS for w in vocab}
_WHITE_AND = {"BC": "MWBC", "BA": "MWBA", "A": "MWAS", "C": "MOTH", "O": "MOTH"}


def _mix_group(part: str) -> str | None:
    words = [w for w in _key(part).split() if w not in _MIX_FILLER]
    if not words:
        return ""
    found = [g for g, vocab in _MIX_GROUPS if vocab & set(words)]
    if not found or any(w not in _MIX_VOCAB for w in words):
        return None  # a word this rule does not know: leave the value to the other steps
    if "A" in found:
        return "A"
    found = [g for g in found if g != "O" or len(found) == 1]
    if {"B", "BC"} <= set(found) or {"B", "BA"} <= set(found):
        found = [g for g in found if g != "B"]
    return found[0] if len(found) == 1 else "X"  # X: several groups in one part


def _mixed_heritage(text: str):
    parts = [p for p in _MIX_JOIN.split(text.lower().translate(_QUOTES)) if p.strip()]
    if len(parts) < 2:
        return None
    groups = [_mix_group(p) for p in parts]
    if any(g is None for g in groups):
        return None
    groups = [g for g in groups if g]
    distinct_groups = set(groups)
    if len(groups) < 2 or len(distinct_groups) < 2:
        return None  # "Asian/Asian British", "Gypsy/Roma": one group, read by the other steps
    if "X" in distinct_groups or len(distinct_groups) > 2:
        return "MOTH"
    if "W" in distinct_groups:
        other = (distinct_groups - {"W"}).pop()
        if other == "B":
            return Ambiguous(("MWBC", "MWBA", "MOTH"), "MOTH",
                             "names White and Black without saying Caribbean or African (MWBC or "
                             "MWBA)")
        return _WHITE_AND[other]
    if distinct_groups <= {"B", "BA", "BC"}:
        return Ambiguous(("BAFR", "BCRB", "BOTH"), "BOTH",
                         "names two Black backgrounds; the DfE codes have no combined code")
    return "MOTH"  # two groups, neither White (Black and Asian, Asian and Chinese ...)


@lru_cache(maxsize=None)
def load_code_list(name: str) -> CodeList:
    path = CODES_DIR / f"{name}.csv"
    codes, labels, lookup, tokens = [], {}, {}, {}

    def add(table: dict, k: str, target: str, n: str) -> None:
        if k in table and table[k] != target:
            raise ValueError(f"code list {path.name}: '{n}' maps to both {table[k]!r} and {target!r}")
        table[k] = target

    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("code") or "").strip()
            target = code or _NOT_KNOWN
            names = [row.get("label") or ""] + (row.get("synonyms") or "").split("|")
            if code:
                codes.append(code)
                labels[code] = (row.get("label") or "").strip()
                add(tokens, code.lower(), code, code)
                add(lookup, _key(code), code, code)
            for n in names:
                n = n.strip().lower()
                if _TOKEN.match(n):
                    add(tokens, n, target, n)
                elif _key(n):
                    add(lookup, _key(n), target, n)
    prefixes = tuple(sorted((k for k, c in lookup.items()
                             if c != _NOT_KNOWN and k not in _TOO_GENERAL and len(k) >= 4
                             and k not in {_key(c) for c in codes}),
                            key=len, reverse=True))
    words: dict[str, set] = {}
    for k, c in lookup.items():
        words.setdefault(c, set()).update(k.split())
    ambiguous = _load_ambiguous(name, set(codes), lookup, tokens)
    return CodeList(name, tuple(codes), labels, lookup, tokens, prefixes, ambiguous,
                    {c: frozenset(w) for c, w in words.items()})


def _load_ambiguous(name: str, codes: set[str], lookup: dict, tokens: dict) -> dict[str, Ambiguous]:
    """``ambiguous.csv`` rows of list ``name``: wordings and code tokens that name one of
    several codes (``candidates``, ``|``-separated), with the code ``suggested`` to the analyst
    and why. A wording may not also be a synonym of a code: it would be read first."""
    out: dict[str, Ambiguous] = {}
    with (CODES_DIR / AMBIGUOUS_FILE).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["list"].strip() != name:
                continue
            wording = row["wording"].strip().lower()
            candidates = tuple(c.strip() for c in row["candidates"].split("|") if c.strip())
            suggested = row["suggested"].strip()
            bad = [c for c in (*candidates, suggested) if c not in codes]
            token = bool(_TOKEN.match(wording))
            key = "\x00" + wording if token else _key(wording)
            if bad or suggested not in candidates or (wording in tokens if token else key in lookup):
                raise ValueError(f"{AMBIGUOUS_FILE}: row '{name},{wording}' names unknown codes {bad}, "
                                 f"suggests a code that is not a candidate, or is also a synonym")
            out[key] = Ambiguous(candidates, suggested, row["why"].strip())
    return out


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
    recognised codes with ``;`` and the cell counts as unrecognised if any part is. The parts of
    combined values (step 3) are in ``code_parts``.
    """
    out, bad, unknown, _ = read_codes(values, code_list, multi=multi)
    return out, bad, unknown


def read_codes(values: pd.Series, code_list: CodeList, *, multi: bool = False
               ) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """As ``normalise_codes``, plus the component codes of combined values joined by ``;``
    (``NEG;EMO`` for ``Neglect, Emotional abuse`` read as ``MUL``; missing otherwise)."""
    def one(v):
        if v is None:
            return None, False, False, None
        parts = [p for p in str(v).split(";") if p.strip()] if multi and isinstance(v, str) else [v]
        readings = [code_list.read(p) for p in parts]
        got = [r.code for r in readings]
        bad = any(g is None for g in got)
        unknown = (not bad) and all(g == _NOT_KNOWN for g in got)
        kept = list(dict.fromkeys(g for g in got if g is not None and g != _NOT_KNOWN))
        components = ";".join(p for r in readings for p in r.parts) or None
        return (";".join(kept) if kept and not bad else None), bad, unknown, \
            (components if not bad else None)

    d = distinct(values)
    results = [one(v) for v in d.cleaned]
    return (_string_series(d, [r[0] for r in results]), _mask(d, [r[1] for r in results]),
            _mask(d, [r[2] for r in results]), _string_series(d, [r[3] for r in results]))


def normalise_free_code(values: pd.Series, case: str = "upper") -> pd.Series:
    """Trim and case-fold a code column that has no code list here."""
    d = distinct(values)
    s = _string_series(d, [None if v is None else " ".join(str(v).split()) for v in d.cleaned])
    return s.str.upper() if case == "upper" else s.str.lower()


def all_code_lists() -> list[str]:
    return sorted(p.stem for p in CODES_DIR.glob("*.csv") if p.name != AMBIGUOUS_FILE)
