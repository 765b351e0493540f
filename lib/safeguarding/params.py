"""Report parameters: one YAML file per council (and, if wanted, per period) under ``params/``.

A typed loader reads the YAML, fills documented defaults, checks types and values, and says
exactly what is wrong (file and key) instead of failing later inside a notebook. Every option
has a type and a range (``_CHOICES`` and ``_CHECKS``); an unknown key is an error with the
nearest known key suggested, because a typo silently ignored would run with the default.
Codes must be quoted in YAML (``la_code: "209"``) - YAML reads ``0123`` as octal and ``no`` as
false. Paths in the file are relative to the file's own folder.

Every local standard and setting has a default here, next to the reason for it.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .schema import LOCAL_EVENT_DATES


class ParamsError(ValueError):
    """A params file that cannot be used; the message names the file and key."""


@dataclass
class Council:
    name: str = "Demo Borough Council"
    short_name: str = "demo"  # folder name under outputs/
    la_code: str | None = None  # DfE LA number as text, e.g. "209"; enables benchmarks
    region: str | None = None  # LAIT region name, e.g. "London (Inner)"; looked up from la_code if None


@dataclass
class Inputs:
    # Folder with the Annex A workbook (or one CSV per list), the local extracts and
    # population.csv. Relative to the params file.
    folder: str = "../demo-data"
    # Optional: a previous improvement-plan snapshot for "what changed since last time".
    previous_plan_folder: str | None = None


@dataclass
class Report:
    committee: str = "Children and Young People Select Committee"
    classification: str = "Open"  # the protective marking of the open edition, on every printed page
    # "Report author" on the cover: a post (the report is published; a named contact goes in
    # cover.contact_officer)
    author_role: str = "Head of Performance and Quality Assurance"
    commentary_folder: str = "commentary"  # relative to the params file; <period>/<section>.md
    edition: str = "open"  # open | restricted
    # ---- title and date by period type (checked by _check_report_heading; used by
    # report.heading). A quarterly run must not be headed "Six-Monthly" nor dated before its
    # period ended, so both follow the period unless fixed here.
    title_template: str = "Safeguarding Services {period_type_title}"  # placeholders: HEADING_FIELDS
    period_type_titles: dict[str, str] = field(default_factory=lambda: dict(PERIOD_TYPE_TITLES))
    date: str = "rendered"  # rendered (the day it is rendered) | extract (data extract date) | YYYY-MM-DD
    title: str | None = None  # a fixed title instead of the template (older params files)
    report_date: str | None = None  # older name of a fixed ``date: YYYY-MM-DD``


# report.period_type_titles defaults, by periods.Period.period_type
PERIOD_TYPE_TITLES = {"monthly": "Monthly Report", "quarterly": "Quarterly Report",
                      "six_monthly": "Six-Monthly Report", "annual": "Annual Report",
                      "other": "Performance Report"}
HEADING_FIELDS = ("council", "period_type_title", "period_title", "period_label")


DFE_MIN_THRESHOLD = 5  # the DfE rule: counts 1-5 are never published; a council may go higher


@dataclass
class Disclosure:
    threshold: int = 5  # counts 1..threshold are suppressed in the open edition (DfE rule: 1-5)
    symbol: str = "c"  # DfE symbol for a confidential cell
    # Worker names or references that are also ordinary words in the report ("Amber", "Court"):
    # the leak check does not look for these.
    allow: list[str] = field(default_factory=list)

    def check(self, source: str) -> None:
        """Refuse settings that would publish small numbers (the open edition uses these)."""
        if self.threshold < DFE_MIN_THRESHOLD:
            raise ParamsError(
                f"{source}: 'disclosure.threshold' is {self.threshold}, below the DfE rule: the open "
                f"edition suppresses counts from 1 to at least {DFE_MIN_THRESHOLD} (use 5, or higher "
                f"if your council's rule is stricter)")
        bad = [a for a in self.allow if not isinstance(a, str) or not a.strip()]
        if bad:
            raise ParamsError(f"{source}: 'disclosure.allow' should be a list of words (text), got {bad[0]!r}")


@dataclass
class Conventions:
    # Assessment timeliness: DfE (C2) measures from assessment start to authorisation;
    # Working Together says "45 working days from the point of referral".
    assessment_timeliness_start: str = "assessment_start"  # assessment_start | referral
    assessment_timescale_working_days: int = 45
    # A contact "progresses to a referral" when the same child has a referral dated on the
    # contact date or up to this many calendar days after it (local linking rule).
    contact_to_referral_days: int = 7
    # Front-door decision timescale (WT: one working day).
    mash_decision_working_days: int = 1
    rereferral_lookback_months: int = 12
    icpc_timescale_working_days: int = 15  # from S47 start (DfE), WT: from the strategy discussion
    cp_visit_working_days: int = 10  # local standard
    cin_visit_working_days: int = 20  # local standard
    cin_review_months: int = 3  # local standard
    rcpc_first_months: int = 3  # WT: first review within 3 months of the ICPC
    rcpc_subsequent_months: int = 6  # WT: then at most every 6 months
    core_group_first_working_days: int = 10  # WT 2018: first core group within 10 working days
    two_year_plan_days: int = 730  # LAIT: more than 729 days
    pf_initial_visit_working_days: int = 7  # reg 7
    pf_visit_weeks_first_year: int = 6  # reg 8
    pf_visit_weeks_later: int = 12  # reg 8
    young_carer_assessment_working_days: int = 35  # local standard (no national timescale)
    lado_conclusion_days: list[int] = field(default_factory=lambda: [31, 91, 365])
    proceedings_target_weeks: int = 26  # Children Act 1989 s32(1)(a)
    small_denominator: int = 10  # below this a monthly % is marked "low numbers", never rated red
    no_change_band_points: float = 1.0  # |change| below this (percentage points) = no meaningful change
    no_change_band_relative: float = 0.05  # for counts/rates: |change| below 5% = no meaningful change
    history_months: int = 36  # history read for SPC charts and comparisons
    # From when the Annex A lists hold every event: months whose window (or look-back) reaches
    # earlier show n/a rather than too-low counts. "auto" = the earliest event in any Annex A
    # flow list; an ISO date sets it; "none" trusts the data as complete.
    annex_a_data_from: str = "auto"
    # From when each local extract holds every event, e.g. {lado_allegations: "2017-04-01"}: months
    # (and look-back windows) before it show n/a, never 0. An extract left out is "auto": from the
    # first day of the month of its earliest event; "none" trusts it as complete. Extracts:
    # LOCAL_WINDOWED below.
    local_data_from: dict[str, str] = field(default_factory=dict)


@dataclass
class Target:
    target: float | None = None
    tolerance_type: str = "absolute"  # absolute (percentage points / units) | relative (fraction)
    amber_band: float = 5.0
    label: str | None = None  # e.g. "Under review" shown instead of a number


@dataclass
class Comparators:
    sn_vintage: int = 2021  # 2021 | 2025
    sn_statistic: str = "mean"  # mean (LAIT) | median (CSC dashboard)
    lait_file: str | None = None  # LAIT long file (parquet or CSV), relative to params file
    sn_file: str | None = None  # DfE statistical neighbour list (xlsx/CSV), relative to params file


@dataclass
class ImprovementPlan:
    scale: str = "BRAG"  # BRAG | COMPLETION
    # status code -> (label, colour)
    statuses: dict[str, list[str]] = field(default_factory=lambda: {
        "BLUE": ["Completed", "#1f77b4"],
        "GREEN": ["In progress, on track", "#2ca02c"],
        "AMBER": ["More work needed", "#c77700"],
        "RED": ["Stuck / off track", "#d62728"],
    })


def _draft(what: str) -> str:
    return f"[{what} to be written]"


# What a cover field left at its default says: a bracketed draft, so the committee never gets a
# cover that silently leaves a statutory heading out (docs/committee-paper.md).
COVER_DRAFT = re.compile(r"^\[[^\]]*\]$")


@dataclass
class Cover:
    """The cover report that makes the report an agenda item (seed 000's front page), in the
    order committee papers use. Text fields take ``{period_title}`` and ``{council}``; a list
    holds one paragraph (or recommendation, or background paper) per entry."""
    show: bool = True  # false when the council's democratic-services system supplies the cover
    item_number: str = "[Item number]"
    meeting_date: str | None = None  # YYYY-MM-DD; blank prints "[Meeting date]"
    wards: str = "All"
    contributors: str = "[Contributors: the posts that wrote the report]"
    # a post, or "name, post, telephone, email": published, so it is left out of the leak check
    contact_officer: str = "[Contact officer: name, post, telephone and email]"
    purpose: list[str] = field(default_factory=lambda: [
        "This report summarises safeguarding activity and performance in children's social care "
        "for {period_title}, service area by service area, and progress on the improvement plan."])
    recommendations: list[str] = field(default_factory=lambda: [_draft("Recommendation")])
    policy_context: list[str] = field(default_factory=lambda: [_draft("Policy and legislative context")])
    legal_implications: list[str] = field(default_factory=lambda: [_draft("Legal implications")])
    financial_implications: list[str] = field(default_factory=lambda: [_draft("Financial implications")])
    crime_and_disorder_implications: list[str] = field(
        default_factory=lambda: [_draft("Crime and disorder implications")])
    equalities_implications: list[str] = field(default_factory=lambda: [_draft("Equalities implications")])
    environmental_implications: list[str] = field(
        default_factory=lambda: [_draft("Environmental implications")])
    background_papers: list[str] = field(default_factory=lambda: [_draft("Background papers (or \"None\")")])

    # (heading, field) in the seed's order after the facts table
    SECTIONS = (("Purpose and summary", "purpose"), ("Recommendations", "recommendations"),
                ("Policy and legislative context", "policy_context"),
                ("Legal implications", "legal_implications"),
                ("Financial implications", "financial_implications"),
                ("Crime and disorder implications", "crime_and_disorder_implications"),
                ("Equalities implications", "equalities_implications"),
                ("Environmental implications", "environmental_implications"),
                ("Background papers", "background_papers"))

    def drafts(self) -> list[str]:
        """The fields still holding a bracketed draft (for the run's log)."""
        texts = {"item_number": [self.item_number], "contributors": [self.contributors],
                 "contact_officer": [self.contact_officer],
                 **{name: getattr(self, name) for _, name in self.SECTIONS}}
        out = [name for name, values in texts.items() if any(COVER_DRAFT.match(v.strip()) for v in values)]
        return out + (["meeting_date"] if self.meeting_date is None else [])


@dataclass
class Privacy:
    # Child IDs in restricted exports are pseudonymised with a salted SHA-256 when set.
    salt_env: str = "SAFEGUARDING_SALT"


@dataclass
class Params:
    council: Council = field(default_factory=Council)
    inputs: Inputs = field(default_factory=Inputs)
    period: str | None = None  # default period for `safeguarding run`
    report: Report = field(default_factory=Report)
    disclosure: Disclosure = field(default_factory=Disclosure)
    conventions: Conventions = field(default_factory=Conventions)
    targets: dict[str, Target] = field(default_factory=dict)
    comparators: Comparators = field(default_factory=Comparators)
    improvement_plan: ImprovementPlan = field(default_factory=ImprovementPlan)
    cover: Cover = field(default_factory=Cover)
    privacy: Privacy = field(default_factory=Privacy)
    source_path: str | None = None  # where the params were read from (set by the loader)

    # ---- derived values -------------------------------------------------------------------
    @property
    def base_dir(self) -> Path:
        return Path(self.source_path).parent if self.source_path else Path.cwd()

    def resolve(self, relative: str | None) -> Path | None:
        """A path from the params file, resolved against the file's folder."""
        if relative is None:
            return None
        p = Path(relative)
        return p if p.is_absolute() else (self.base_dir / p).resolve()

    @property
    def input_folder(self) -> Path:
        return self.resolve(self.inputs.folder)

    def target_for(self, indicator_id: str) -> Target | None:
        return self.targets.get(indicator_id)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_CHOICES = {
    ("conventions", "assessment_timeliness_start"): {"assessment_start", "referral"},
    ("report", "edition"): {"open", "restricted"},
    ("comparators", "sn_statistic"): {"mean", "median"},
    ("comparators", "sn_vintage"): {2021, 2025},
    ("improvement_plan", "scale"): {"BRAG", "COMPLETION"},
    ("cover", "show"): {True, False},
}

# short_name becomes a folder under outputs/ that a run replaces: one path segment, never
# "..", ".", empty, absolute or holding a separator, so a params file cannot reach outside.
SLUG = re.compile(r"[A-Za-z0-9_-]{1,64}")
_LA_CODE = re.compile(r"\d{3}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _iso_date(value: str) -> str | None:
    """Why an ISO date text is not usable, or None."""
    if not _ISO_DATE.fullmatch(value):
        return "an ISO date such as 2018-04-01"
    try:
        date.fromisoformat(value)
    except ValueError:
        return "a real calendar date (YYYY-MM-DD)"
    return None


def _whole(low: int, high: int, unit: str):
    def check(value):
        if not low <= value <= high:
            return f"between {low} and {high} {unit}"
        return None
    return check


def _between(low: float, high: float, unit: str = ""):
    def check(value):
        if not (math.isfinite(value) and low <= value <= high):
            return f"a number from {low:g} to {high:g}{unit}"
        return None
    return check


def _text(value: str):
    return "non-empty text" if not value.strip() else None


def _slug(value: str):
    if not SLUG.fullmatch(value):
        return ("a folder name of letters, digits, '-' or '_' (at most 64; no spaces, dots or "
                "slashes), e.g. barnet")
    return None


def _lado_days(value: list):
    if (len(value) != 3 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or not 0 < value[0] < value[1] < value[2] <= 3660):
        return "three whole numbers of days, increasing, e.g. [31, 91, 365] (1, 3 and 12 months)"
    return None


def _data_from(value: str):
    if value in ("auto", "none"):
        return None
    return None if _iso_date(value) is None else "auto, none or an ISO date such as 2017-04-01"


# The local extracts whose start ``conventions.local_data_from`` can set.
LOCAL_WINDOWED = tuple(LOCAL_EVENT_DATES)


def _local_data_from(value: dict):
    for extract, setting in value.items():
        if extract not in LOCAL_WINDOWED:
            close = difflib.get_close_matches(str(extract), LOCAL_WINDOWED, n=1)
            return (f"a mapping of local extracts ({', '.join(LOCAL_WINDOWED)}) to auto, none or a quoted "
                    f"ISO date; {extract!r} is not one" + (f" (did you mean {close[0]}?)" if close else ""))
        if not isinstance(setting, str) or _data_from(setting):
            return f"auto, none or a quoted ISO date such as \"2017-04-01\" for {extract}, got {setting!r}"
    return None


def _symbol(value: str):
    # a digit or an empty symbol would read as (or hide) a number in the published tables
    if not value.strip() or len(value) > 5 or any(ch.isdigit() for ch in value):
        return "one to five characters, no digits (DfE uses c or [c])"
    return None


COVER_FIELDS = ("council", "period_title")  # placeholders of the cover's text


def _cover_text(value: str):
    import string

    if not value.strip():
        return "non-empty text"
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
    except ValueError as exc:
        return f"text whose {{placeholders}} are well formed ({exc}; write {{{{ and }}}} for braces)"
    unknown = sorted(names - set(COVER_FIELDS))
    if unknown:
        return (f"text using only the placeholders {', '.join('{' + n + '}' for n in COVER_FIELDS)} "
                f"(found {', '.join('{' + n + '}' for n in unknown)})")
    return None


def _paragraphs(value: list):
    if not value:
        return "a list of at least one paragraph (write \"None\" where there is nothing to say)"
    for item in value:
        if not isinstance(item, str):
            return f"a list of text paragraphs, got {item!r}"
        problem = _cover_text(item)
        if problem:
            return f"a list of paragraphs, each {problem}"
    return None


def _statuses(value: dict):
    for code, spec in value.items():
        if not isinstance(code, str) or not code.strip():
            return f"status codes as text, got {code!r}"
        if (not isinstance(spec, list) or len(spec) != 2 or not all(isinstance(x, str) for x in spec)
                or not spec[0].strip()):
            return f"[label, colour] for each status, got {code}: {spec!r}"
        if not _COLOUR.fullmatch(spec[1]):
            return f"a colour such as \"#2ca02c\" for status {code}, got {spec[1]!r}"
    return None if value else "at least one status"


_WORKING_DAYS = _whole(1, 250, "working days")
# Checked after the type: (section, key) -> check returning what the value should be, or None.
_CHECKS = {
    ("council", "name"): _text,
    ("council", "short_name"): _slug,
    ("council", "la_code"): lambda v: None if _LA_CODE.fullmatch(v) else "a three-digit DfE LA number, e.g. \"209\"",
    ("inputs", "folder"): _text,
    ("report", "report_date"): _iso_date,
    ("report", "title"): _text,
    ("report", "commentary_folder"): _text,
    ("disclosure", "symbol"): _symbol,
    ("conventions", "assessment_timescale_working_days"): _WORKING_DAYS,
    ("conventions", "contact_to_referral_days"): _whole(0, 365, "days"),
    ("conventions", "mash_decision_working_days"): _WORKING_DAYS,
    ("conventions", "rereferral_lookback_months"): _whole(1, 36, "months"),
    ("conventions", "icpc_timescale_working_days"): _WORKING_DAYS,
    ("conventions", "cp_visit_working_days"): _WORKING_DAYS,
    ("conventions", "cin_visit_working_days"): _WORKING_DAYS,
    ("conventions", "cin_review_months"): _whole(1, 24, "months"),
    ("conventions", "rcpc_first_months"): _whole(1, 24, "months"),
    ("conventions", "rcpc_subsequent_months"): _whole(1, 24, "months"),
    ("conventions", "core_group_first_working_days"): _WORKING_DAYS,
    ("conventions", "two_year_plan_days"): _whole(1, 3660, "days"),
    ("conventions", "pf_initial_visit_working_days"): _WORKING_DAYS,
    ("conventions", "pf_visit_weeks_first_year"): _whole(1, 52, "weeks"),
    ("conventions", "pf_visit_weeks_later"): _whole(1, 52, "weeks"),
    ("conventions", "young_carer_assessment_working_days"): _WORKING_DAYS,
    ("conventions", "lado_conclusion_days"): _lado_days,
    ("conventions", "proceedings_target_weeks"): _whole(1, 104, "weeks"),
    ("conventions", "small_denominator"): _whole(0, 1000, "children"),
    ("conventions", "no_change_band_points"): _between(0, 100, " percentage points"),
    ("conventions", "no_change_band_relative"): _between(0, 1, " (a fraction: 0.05 = 5%)"),
    # trend charts draw 24 months and the same period last year needs 12 more than the period
    ("conventions", "history_months"): _whole(24, 120, "months"),
    ("conventions", "annex_a_data_from"): _data_from,
    ("conventions", "local_data_from"): _local_data_from,
    ("targets", "amber_band"): _between(0, 1e6),
    ("targets", "target"): _between(0, 1e9),  # counts, %, rates, days and weeks are never negative
    ("targets", "tolerance_type"): lambda v: None if v in ("absolute", "relative") else "absolute or relative",
    ("improvement_plan", "statuses"): _statuses,
    ("cover", "item_number"): _text,
    ("cover", "meeting_date"): _iso_date,
    ("cover", "wards"): _text,
    ("cover", "contributors"): _cover_text,
    ("cover", "contact_officer"): _cover_text,
    **{("cover", name): _paragraphs for _, name in Cover.SECTIONS},
    ("privacy", "salt_env"): lambda v: None if _ENV_NAME.fullmatch(v) else "an environment variable name",
}


_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "dict": dict}


def _unknown_keys(unknown: list, known, where: str, source: str) -> ParamsError:
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(str(key), list(known), n=1)
        hints.append(f"{key} (did you mean {close[0]}?)" if close else str(key))
    return ParamsError(f"{source}: unknown key(s) under '{where or 'the top level'}': {', '.join(hints)}. "
                       f"Known keys: {', '.join(sorted(known))}")


def _build(cls, data: Any, where: str, source: str, check_as: str | None = None):
    """``check_as``: the section name the value checks are filed under (targets.<id> -> targets)."""
    if data is None:
        return cls()
    if not isinstance(data, dict):
        raise ParamsError(f"{source}: '{where}' should be a mapping of keys, got {data!r}")
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(known), key=str)
    if unknown:
        raise _unknown_keys(unknown, known, where, source)
    values = {}
    defaults = cls()
    section = check_as or where
    for name, value in data.items():
        default = getattr(defaults, name)
        key = f"{where}.{name}" if where else name
        if dataclasses.is_dataclass(default):
            values[name] = _build(type(default), value, key, source)
            continue
        expected = _TYPES.get(str(known[name].type).split("|")[0].split("[")[0].strip())
        if value is None and "None" not in str(known[name].type):
            raise ParamsError(f"{source}: '{key}' needs a value (leave the key out for the default {default!r})")
        if value is not None and expected is not None:
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            elif expected is str and isinstance(value, date):  # YAML reads 2019-01-24 as a date
                value = value.isoformat()
            elif where == "cover" and isinstance(value, str) and str(known[name].type) == "list[str]":
                # one paragraph written without the list
                value = [value]
            elif expected is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise ParamsError(f"{source}: '{key}' should be a whole number, got {value!r}")
            elif expected is str and not isinstance(value, str):
                raise ParamsError(
                    f"{source}: '{key}' should be text (quote codes in YAML, e.g. \"209\"), got {value!r}"
                )
            elif not isinstance(value, expected) or (expected is float and isinstance(value, bool)):
                raise ParamsError(f"{source}: '{key}' should be {expected.__name__}, got {value!r}")
        allowed = _CHOICES.get((where, name))
        if allowed is not None and value not in allowed:
            raise ParamsError(f"{source}: '{key}' must be one of {sorted(allowed, key=str)}, got {value!r}")
        check = _CHECKS.get((section, name))
        problem = check(value) if check is not None and value is not None else None
        if problem:
            raise ParamsError(f"{source}: '{key}' should be {problem}, got {value!r}")
        values[name] = value
    return cls(**values)


def _check_report_heading(report: Report, source: str) -> None:
    """report.title_template / period_type_titles / date / report_date: say which key is wrong."""
    import string

    try:
        names = {f for _, f, _, _ in string.Formatter().parse(report.title_template) if f is not None}
    except ValueError as exc:
        raise ParamsError(f"{source}: 'report.title_template' is not a valid template ({exc})") from None
    unknown = sorted(names - set(HEADING_FIELDS))
    if unknown:
        raise ParamsError(f"{source}: 'report.title_template' uses unknown placeholder(s) "
                          f"{', '.join('{' + n + '}' for n in unknown)}; use "
                          f"{', '.join('{' + n + '}' for n in HEADING_FIELDS)}")
    bad = sorted(set(report.period_type_titles) - set(PERIOD_TYPE_TITLES))
    if bad or not all(isinstance(v, str) for v in report.period_type_titles.values()):
        raise ParamsError(f"{source}: 'report.period_type_titles' maps {', '.join(PERIOD_TYPE_TITLES)} "
                          f"to text; got {report.period_type_titles!r}")
    report.period_type_titles = {**PERIOD_TYPE_TITLES, **report.period_type_titles}
    if report.report_date is not None:
        if report.date != "rendered":
            raise ParamsError(f"{source}: set 'report.date' only ('report.report_date' is its older name)")
        report.date, report.report_date = report.report_date, None
    if report.date not in ("rendered", "extract"):
        try:
            import datetime as dt

            dt.date.fromisoformat(report.date)
        except ValueError:
            raise ParamsError(f"{source}: 'report.date' must be rendered, extract or a date like "
                              f"2019-01-24, got {report.date!r}") from None


def params_from_dict(data: dict, source: str = "<params>") -> Params:
    data = dict(data or {})
    raw_targets = data.pop("targets", None) or {}
    params = _build(Params, data, "", source)
    params.disclosure.check(source)
    if not isinstance(raw_targets, dict):
        raise ParamsError(f"{source}: 'targets' should map indicator ids to target settings")
    targets = {}
    for indicator_id, spec in raw_targets.items():
        if isinstance(spec, (int, float)) and not isinstance(spec, bool):
            spec = {"target": spec}
        targets[str(indicator_id)] = _build(Target, spec, f"targets.{indicator_id}", source, "targets")
    params.targets = targets
    _check_report_heading(params.report, source)
    params.source_path = source if source != "<params>" else None
    if params.period is not None:
        from .periods import PeriodError, parse_period

        try:
            parse_period(params.period)
        except PeriodError as exc:
            raise ParamsError(f"{source}: 'period' {exc}") from None
    return params


def check_targets(params: Params, units: dict[str, str]) -> None:
    """Targets must name indicators that exist (``units``: indicator id -> unit, from the
    registry, which sits above this module) and a percentage target must lie in 0-100: a typo
    would otherwise leave an indicator silently unrated."""
    source = params.source_path or "<params>"
    for indicator_id, target in params.targets.items():
        if indicator_id not in units:
            close = difflib.get_close_matches(indicator_id, list(units), n=1)
            hint = f" (did you mean {close[0]}?)" if close else " (ids are listed in docs/indicators.md)"
            raise ParamsError(f"{source}: 'targets.{indicator_id}' is not an indicator id{hint}")
        if units[indicator_id] == "percent" and target.target is not None and not 0 <= target.target <= 100:
            raise ParamsError(f"{source}: 'targets.{indicator_id}.target' should be a percentage from 0 to 100, "
                              f"got {target.target!r}")


def load_params(path: str | Path) -> Params:
    """Read and check a params YAML file. Raises ``ParamsError`` with a message for the analyst."""
    path = Path(path)
    if not path.exists():
        raise ParamsError(f"params file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise ParamsError(f"{path}: not valid YAML{line}: {problem}") from None
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: the file should hold keys such as council:, inputs:, targets:")
    params = params_from_dict(data, str(path.resolve()))
    return params
