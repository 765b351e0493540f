"""What the inspection pack holds, defined once: the deep-dive notebooks show these tables and
lists, and ``safeguarding pack`` writes the same ones - child lists whole - to its workbook.

Each function returns ``{sheet name: frame}``; every frame says what it is in its attributes
(``heading``, ``about``, ``call``, ``note``), which the notebooks print as captions and the
workbook prints above each sheet. RESTRICTED: the child lists are child-level.
"""
from __future__ import annotations

import pandas as pd

# The Annex A lists the pack covers, and those it does not (Ofsted ILACS Annex A, 2023).
COVERED = [(1, "Contacts"), (2, "Early help"), (3, "Referrals"), (4, "Assessments"), (5, "Section 47 enquiries"),
           (6, "Children in need"), (7, "Child protection"), (8, "Children in care")]
OUT_OF_SCOPE = [(9, "Care leavers"), (10, "Adoption"), (11, "Adopters")]
SCOPE_NOTE = ("Lists 9 (care leavers), 10 (adoption) and 11 (adopters) are outside this product: it "
              "reports safeguarding services (front door to child protection and entry to care), not "
              "leaving care or permanence. Inspectors will ask for them from the council's own "
              "Annex A return.")


def _about(frame: pd.DataFrame, sheet: str, heading: str, about: str, call: str) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    frame.attrs.update(sheet=sheet, heading=heading, about=about, call=call)
    return frame


def _counted(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame[frame["in_numerator"]].reset_index(drop=True)
    rows.attrs = dict(frame.attrs)
    return rows


def _when(dd, as_at) -> pd.Timestamp:
    from .dates import as_date

    return as_date(as_at, "as_at") or dd.as_at


def _events_in_period(dd, **_):
    p = dd.period
    events = dd.events()
    return _about(events[events["date"].between(p.start, p.end)], "Events in period",
                  f"Events across Lists 1-8 in {p.title}, by child and date, with their outcomes",
                  "C contact, EH early help, R referral, NFA no further action, AS / AS-END assessment, S47, "
                  "ICPC-NR ICPC not required, ICPC, CPP / CPP-END plan, CLA / CLA-END care, CIN-END CIN closed",
                  "dd.events(), dated in the period")


def _journeys(dd, **_):
    p = dd.period
    return _about(dd.journeys(p.start, p.end), "Journeys", f"One-line journeys of the children with an event in {p.title}",
                  "Each child's whole history; reduced collapses repeats in a row, stages keeps the first time each "
                  "stage was reached, outcome is the latest event with its outcome",
                  "dd.journeys(dd.period.start, dd.period.end)")


def _cin_long(dd, as_at=None, cin_longer_than="2 years", **_):
    at = _when(dd, as_at)
    return _about(dd.open_longer_than("cin", cin_longer_than, at), "CIN open long",
                  f"Children open to CIN at {at:%d/%m/%Y} for {cin_longer_than} or more",
                  "Status, team, worker, last visit and last review as at the date, and whether each is overdue",
                  f"dd.open_longer_than('cin', '{cin_longer_than}', '{at:%Y-%m-%d}')")


def _cin_not_reviewed(dd, as_at=None, cin_longer_than="2 years", not_reviewed_within="6 months", **_):
    at = _when(dd, as_at)
    return _about(dd.open_longer_than("cin", cin_longer_than, at, exclude=("looked_after", "cp_plan"),
                                      not_reviewed_within=not_reviewed_within), "CIN not reviewed",
                  f"Children on a CIN plan (not looked after, not on a CP plan) open {cin_longer_than} or more at "
                  f"{at:%d/%m/%Y} with no CIN review in {not_reviewed_within}",
                  "As at the date; the review interval is the params' cin_review_months",
                  f"dd.open_longer_than('cin', '{cin_longer_than}', '{at:%Y-%m-%d}', exclude=('looked_after', 'cp_plan'), "
                  f"not_reviewed_within='{not_reviewed_within}')")


def _cp_long(dd, as_at=None, cp_longer_than="18 months", **_):
    at = _when(dd, as_at)
    return _about(dd.open_longer_than("cp", cp_longer_than, at), "CP plans long",
                  f"Children on a CP plan at {at:%d/%m/%Y} for {cp_longer_than} or more",
                  "Status, team, worker, last visit and last review conference as at the date, and whether each is "
                  "overdue", f"dd.open_longer_than('cp', '{cp_longer_than}', '{at:%Y-%m-%d}')")


def _repeat_referrals(dd, as_at=None, referrals_at_least=3, **_):
    at = _when(dd, as_at)
    return _about(dd.repeat_referrals(referrals_at_least, "12 months", at), "Repeat referrals",
                  f"Children with {referrals_at_least} or more referrals in the 12 months to {at:%d/%m/%Y}",
                  "Most first, with every referral date and the latest referral's source, team and worker",
                  f"dd.repeat_referrals({referrals_at_least}, '12 months', '{at:%Y-%m-%d}')")


def _rereferrals(dd, **_):
    return _about(_counted(dd.cohort("rereferral_pct")), "Re-referrals", f"Re-referrals within 12 months, {dd.period.title}",
                  "Referrals in the period with an earlier referral of the same child in the 12 months before",
                  "dd.cohort('rereferral_pct'), in_numerator rows")


def _repeat_plans(dd, as_at=None, **_):
    at = _when(dd, as_at)
    return _about(dd.repeat_plans("2 years", "12 months", at), "Repeat CP plans",
                  f"CP plans starting in the 12 months to {at:%d/%m/%Y} within 2 years of the previous plan ending",
                  "With earlier_plan_before_data where List 7 counts an earlier plan the extract does not hold",
                  f"dd.repeat_plans('2 years', '12 months', '{at:%Y-%m-%d}')")


def _assessments_open(dd, as_at=None, **_):
    at = _when(dd, as_at)
    return _about(dd.open_longest("assessments", at, top=None), "Assessments not authorised",
                  f"Assessments not authorised at {at:%d/%m/%Y}, longest open first",
                  "Working days since the assessment started", f"dd.open_longest('assessments', '{at:%Y-%m-%d}', top=None)")


def _s47_open(dd, as_at=None, **_):
    at = _when(dd, as_at)
    return _about(dd.open_longest("s47", at, top=None), "S47 without outcome",
                  f"S47 enquiries without an outcome at {at:%d/%m/%Y}, longest open first",
                  "Neither an ICPC nor 'ICPC not required' recorded; working days since the enquiry started",
                  f"dd.open_longest('s47', '{at:%Y-%m-%d}', top=None)")


# Sheet name -> the list (the order of the pack's workbook)
CHILD_LISTS = {"Events in period": _events_in_period, "Journeys": _journeys, "CIN open long": _cin_long,
               "CIN not reviewed": _cin_not_reviewed, "CP plans long": _cp_long, "Repeat referrals": _repeat_referrals,
               "Re-referrals": _rereferrals, "Repeat CP plans": _repeat_plans,
               "Assessments not authorised": _assessments_open, "S47 without outcome": _s47_open}
LIST_OPTIONS = {"as_at": None, "cin_longer_than": "2 years", "cp_longer_than": "18 months",
                "not_reviewed_within": "6 months", "referrals_at_least": 3}


def child_lists(dd, names=None, **options) -> dict[str, pd.DataFrame]:
    """The pack's child lists, whole: all of them, or ``names`` (keys of ``CHILD_LISTS``).
    ``options`` (``LIST_OPTIONS``): the date they are as at (default the period end), the lengths
    for CIN and CP, the CIN review interval, the number of referrals that makes repeat demand."""
    names = list(CHILD_LISTS) if names is None else [names] if isinstance(names, str) else list(names)
    unknown = [n for n in names if n not in CHILD_LISTS] + [f"option {o}" for o in options if o not in LIST_OPTIONS]
    if unknown:
        raise ValueError(f"unknown list {unknown[0]!r}; valid: {', '.join(CHILD_LISTS)} "
                         f"(options: {', '.join(LIST_OPTIONS)})")
    chosen = {**LIST_OPTIONS, **{k: v for k, v in options.items() if v not in (None, "")}}
    return {n: CHILD_LISTS[n](dd, **chosen) for n in names}


TEAM_TABLES = [  # (sheet, indicator, by, window, caption)
    ("Assessments 45wd by team", "assessments_within_45wd_pct", "team", "period",
     "Assessments completed within 45 working days, by team"),
    ("Assessments 45wd by worker", "assessments_within_45wd_pct", "worker", "period",
     "Assessments completed within 45 working days, by worker"),
    ("ICPC 15wd by team", "icpc_within_15wd_pct", "team", "period",
     "ICPCs within 15 working days of the S47 start, by team"),
    ("CIN by team", "cin_open", "team", "end", "Children in need at the period end, by team"),
    ("CP children by worker", "cp_children", "worker", "end", "Children on a CP plan at the period end, by worker"),
    ("CP visits by worker", "cp_visited_in_timescale_pct", "worker", "end",
     "Children on a CP plan visited within timescale, by worker"),
    ("CIN visits by team", "cin_visits_in_timescale_pct", "team", "end",
     "Children on a CIN plan visited within timescale, by team"),
]

# Rows of a worker table in print (the briefing): the workers of most concern, and the Total.
PRINT_WORKERS = 10


def _print_workers(table: pd.DataFrame, by: str) -> dict | None:
    """The rows of a worker table the printed pack shows: the ten lowest percentages (workers
    with at least 5 in the denominator) or the ten largest counts, and the Total."""
    if by != "worker" or len(table) <= PRINT_WORKERS + 1:
        return None
    body = table[table[by] != "Total"]
    if "percent" in table:
        chosen = body[body["denominator"] >= 5].sort_values(["percent", "denominator"], ascending=[True, False])
        what = f"the {PRINT_WORKERS} workers with the lowest percentage (5 or more in the denominator)"
    else:
        chosen = body.sort_values("count", ascending=False, kind="stable")
        what = f"the {PRINT_WORKERS} workers with the most"
    rows = sorted(list(chosen.index[:PRINT_WORKERS]) + list(table.index[table[by] == "Total"]))
    return {"rows": [table.index.get_loc(r) for r in rows], "note": f"Printed: {what}, and the Total."}


def team_tables(dd, month: str = "") -> dict[str, pd.DataFrame]:
    """Timeliness, open cases and visits by team and worker, each with a Total row (the
    indicator) and, for percentages, 95 % intervals. ``month``: the timeliness tables for one
    month (YYYY-MM) instead of the period."""
    out = {}
    for sheet, indicator, by, window, caption in TEAM_TABLES:
        args = {"as_at": dd.as_at} if window == "end" else ({"month": month} if month else {})
        table = dd.breakdown(indicator, by=by, **args)
        when = f"at {dd.as_at:%d/%m/%Y}" if window == "end" else (month or dd.period.title)
        pct = table.attrs.get("unit") == "percent"
        out[sheet] = _about(table, sheet, f"{caption}, {when}",
                            "Numerator, denominator, percentage and its 95% interval (Wilson); the Total row is "
                            "the indicator" if pct else "The Total row is the indicator",
                            f"dd.breakdown('{indicator}', by='{by}'"
                            + "".join(f", {k}='{v if isinstance(v, str) else f'{v:%Y-%m-%d}'}'" for k, v in args.items())
                            + ")")
        printing = _print_workers(out[sheet], by)
        if printing:
            out[sheet].attrs["print"] = printing
    return out


DRIFT = [("Referral to CP plan", "referral", "cp_plan"), ("Referral to care", "referral", "care"),
         ("CP plan to care", "cp_plan", "care"), ("Between CP plans", "cp_plan", "cp_plan")]


def drift_tables(dd) -> dict[str, pd.DataFrame]:
    """Days between referral, CP plan and care by financial year (from the first year the
    earlier list covers whole) and overall."""
    out = {}
    for sheet, a, b in DRIFT:
        table = dd.interval_summary(a, b)
        note = table.attrs.get("left_out")
        what = ("Days between a child's consecutive CP plans (starts)" if a == b else
                f"Days from {sheet.split(' to ')[0].lower()} to {sheet.split(' to ')[1]}")
        out[sheet] = _about(table, sheet, what,
                            "Each later step paired with the child's latest earlier step on or before it; years "
                            "are financial years (ending 31 March) of the later step; no_earlier_event counts "
                            "later steps with none", f"dd.interval_summary('{a}', '{b}')")
        if note:
            out[sheet].attrs["note"] = note
    return out


def disproportionality_tables(dd, reference: str | None = None, min_population: float | None = None
                              ) -> dict[str, pd.DataFrame]:
    """Rates per 10,000 by group with the RRI, ethnicity in detail with England's and the
    neighbours' mix, and progression ratios (rates where a population by group is available)."""
    from .disproportionality import MIN_POPULATION

    min_population = MIN_POPULATION if min_population is None else min_population
    out = {}
    for by, sheet in (("ethnicity_group", "Rates by ethnicity"), ("age_band", "Rates by age band"), ("sex", "Rates by sex")):
        if dd.has_population(by):
            out[sheet] = _about(dd.stage_rates(by, reference=reference), sheet,
                                f"Children per 10,000 by {by.replace('_', ' ')} at each stage, {dd.period.title}",
                                "Rate, relative rate index against the reference group, 95% interval (Katz) and test",
                                f"dd.stage_rates('{by}')")
    if dd.has_population("ethnicity_group"):
        stocks = ("in_need", "on_cp_plan", "looked_after")
        out["Open rates by ethnicity"] = _about(
            dd.stage_rates("ethnicity_group", stages=stocks, reference=reference), "Open rates by ethnicity",
            f"Children in need, on a CP plan and looked after at {dd.as_at:%d/%m/%Y} per 10,000 by ethnicity group",
            "Rate, relative rate index against the reference group, 95% interval (Katz) and test",
            "dd.stage_rates('ethnicity_group', stages=('in_need', 'on_cp_plan', 'looked_after'))")
    for stage, sheet, heading in (
            ("in_need", "Ethnicity detail in need", f"Children in need at {dd.as_at:%d/%m/%Y} by ethnicity in detail"),
            ("cp_plan", "Ethnicity detail CP plans", f"Children starting a CP plan in {dd.period.title} by ethnicity in detail")):
        out[sheet] = _about(dd.ethnicity(stage, reference=reference, min_population=min_population), sheet, heading,
                            "One row per CIN ethnicity code where the population allows (smaller ones pooled within "
                            "their group), with England's and the statistical neighbours' population mix",
                            f"dd.ethnicity('{stage}', min_population={min_population:g})")
    for by, sheet in (("ethnicity_group", "Progression by ethnicity"), ("age_band", "Progression by age band")):
        out[sheet] = _about(dd.progression_ratios(by, reference=reference), sheet,
                            f"Progression ratios by {by.replace('_', ' ')}, children referred in {dd.period.title}",
                            "Share of each group reaching each next stage, and its ratio to the reference group's",
                            f"dd.progression_ratios('{by}')")
    for frame in out.values():  # print: the groups that differ from the reference group
        if "significant_5pct" in frame and len(frame) > 12:
            rows = [i for i, flag in enumerate(frame["significant_5pct"].fillna(False).astype(bool)) if flag]
            frame.attrs["print"] = {"rows": rows, "note": (
                f"Printed: the {len(rows)} rows whose group differs significantly from the reference group "
                f"(p < 0.05), of {len(frame):,}.")}
    return out


def coverage() -> pd.DataFrame:
    """The Annex A lists the pack covers and those out of its scope."""
    rows = [(f"List {n}", name, "covered: summaries, and the child lists and tables of the deep dive") for n, name in COVERED]
    rows += [(f"List {n}", name, "out of scope: leaving care and permanence are not part of this product")
             for n, name in OUT_OF_SCOPE]
    frame = pd.DataFrame(rows, columns=["Annex A list", "Name", "In this pack"])
    frame.attrs.update(sheet="Annex A coverage", heading="Annex A lists covered by this pack", about=SCOPE_NOTE,
                       call="safeguarding.deepdive.briefing.coverage()")
    return frame


__all__ = ["CHILD_LISTS", "COVERED", "LIST_OPTIONS", "OUT_OF_SCOPE", "SCOPE_NOTE", "child_lists", "coverage",
           "disproportionality_tables",
           "drift_tables", "team_tables"]
