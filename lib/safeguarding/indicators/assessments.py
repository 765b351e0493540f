"""Assessments, strategy discussions, S47 enquiries and ICPC timeliness.

Counting rules (each is also in the indicator's ``definition``):

* **Assessment duration** = ``workdays.working_days_between(start, authorisation)``: working days
  after the start up to and including the authorisation date (same day = 0; a start on a
  weekend or bank holiday is rolled forward to the next working day). "Within 45 working days"
  means duration <= ``conventions.assessment_timescale_working_days`` (45).
  The start is the assessment start date (DfE C2 practice, default), or - when
  ``conventions.assessment_timeliness_start == "referral"`` (Working Together wording) - the
  child's latest referral dated on or before the assessment start; an assessment with no such
  referral falls back to its own start date. An authorisation dated before the start (a data
  error) leaves the assessment out of the timeliness measure (it is still counted as completed).
* **Completed** = authorised (``assessment_auth_date``) in the window.
* **Child seen** = completed in the window with ``child_seen`` = Y / completed in the window with
  ``child_seen`` recorded as Y or N (U and missing are left out). Annex A holds no date seen, so
  "seen within 5 days of referral" cannot be measured from it.
* **Ongoing involvement** = completed with ``support_required`` = Y / completed with the outcome
  recorded (Y or N).
* **Strategy discussions**: counted from ``case_activity`` rows of type STRATEGY_DISCUSSION when
  that table holds any; otherwise from the Annex A List 5 "strategy discussion initiating
  Section 47 enquiry" dates (one per S47) - which misses discussions that did not lead to an S47,
  so the fallback undercounts.
* **S47 -> ICPC** (cohort linkage on the List 5 row, i.e. same child and enquiry): S47s started in
  the window that have an ICPC date / S47s started in the window whose outcome is known (an ICPC
  date, or "ICPC deemed unnecessary" = Y). S47s still awaiting a decision are left out, so
  recent months settle as outcomes are recorded.
* **ICPC within 15 working days** (DfE, LAIT ``CP_conf_15days``): ICPCs held in the window with
  ``working_days_between(S47 start, ICPC date) <= conventions.icpc_timescale_working_days`` /
  ICPCs held in the window (ICPC dated before the S47 start is a data error and left out).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..workdays import working_days_between
from .base import (code_array as _code, Context, count, has_no_rows as _no_rows, in_window,
                   Indicator, indicator, Measure, ratio, table_or_empty as _table)

SECTION = "assessments"








# ---- derived frames ---------------------------------------------------------------------------

def assessment_frame(ctx: Context) -> pd.DataFrame:
    """Assessments with ``clock_start`` (per convention) and ``duration_wd`` (working days)."""
    def build():
        a = _table(ctx, "assessments")
        out = pd.DataFrame({
            "child_id": a["child_id"].astype("string").to_numpy(),
            "start": a["assessment_start_date"].to_numpy(dtype="datetime64[ns]"),
            "auth": a["assessment_auth_date"].to_numpy(dtype="datetime64[ns]"),
            "child_seen": _code(a["child_seen"]),
            "support": _code(a["support_required"]),
        })
        out["clock_start"] = out["start"]
        if ctx.conventions.assessment_timeliness_start == "referral":
            refs = _table(ctx, "referrals")
            refs = pd.DataFrame({"child_id": refs["child_id"].astype("string").to_numpy(),
                                 "ref_date": refs["referral_date"].to_numpy(dtype="datetime64[ns]")})
            refs = refs.dropna().sort_values("ref_date")
            left = out.reset_index()[["index", "child_id", "start"]].dropna().sort_values("start")
            if len(left) and len(refs):
                linked = pd.merge_asof(left, refs, left_on="start", right_on="ref_date",
                                       by="child_id", direction="backward", allow_exact_matches=True)
                linked = linked.dropna(subset=["ref_date"])
                out.loc[linked["index"].to_numpy(), "clock_start"] = linked["ref_date"].to_numpy()
        out["duration_wd"] = working_days_between(out["clock_start"], out["auth"])
        return out
    return ctx.cached("assessments.assessments", build)


def s47_frame(ctx: Context) -> pd.DataFrame:
    """S47 enquiries with ``icpc_wd`` (working days from S47 start to ICPC)."""
    def build():
        s = _table(ctx, "s47")
        out = pd.DataFrame({
            "child_id": s["child_id"].astype("string").to_numpy(),
            "start": s["s47_start_date"].to_numpy(dtype="datetime64[ns]"),
            "icpc": s["icpc_date"].to_numpy(dtype="datetime64[ns]"),
            "not_required": _code(s["icpc_not_required"]),
            "to_plan": _code(s["icpc_to_plan"]),
        })
        out["icpc_wd"] = working_days_between(out["start"], out["icpc"])
        return out
    return ctx.cached("assessments.s47", build)


def strategy_discussion_dates(ctx: Context) -> tuple[pd.Series, str]:
    """Dates of strategy discussions and where they came from ("case_activity" or "s47")."""
    def build():
        act = ctx.tables.get("case_activity")
        if act is not None and len(act):
            mask = _code(act["activity_type"]) == "STRATEGY_DISCUSSION"
            if mask.any():
                # indexed by row position in case_activity (the deep-dive cohort lists the rows)
                return pd.Series(act["activity_date"].to_numpy()[mask], index=np.flatnonzero(mask)), \
                    "case_activity"
        return _table(ctx, "s47")["s47_start_date"].reset_index(drop=True), "s47"
    return ctx.cached("assessments.strategy_discussions", build)


# ---- indicators --------------------------------------------------------------------------------

@indicator(Indicator(
    id="assessments_started", section=SECTION,
    title="No. of assessments started in month",
    definition="Children and family (continuous) assessments with a start date in the window.",
    numerator="Assessments with a start date in the window (Annex A List 4)", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (Annex A List 4); DfE publishes completed assessments only",
    aggregation="sum", table="assessments", rag=False))
def assessments_started(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "assessments"):
        return Measure()
    frame = assessment_frame(ctx)
    return count(in_window(frame["start"], start, end).sum())


@indicator(Indicator(
    id="assessments_completed", section=SECTION,
    title="No. of assessments completed in month",
    definition="Children and family assessments authorised (completed) in the window.",
    numerator="Assessments with an authorisation date in the window", denominator="",
    unit="count", window="month", polarity="none", status="national",
    source="DfE CIN census, table C2 (completed assessments)", aggregation="sum",
    table="assessments", rag=False))
def assessments_completed(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "assessments"):
        return Measure()
    frame = assessment_frame(ctx)
    return count(in_window(frame["auth"], start, end).sum())


@indicator(Indicator(
    id="assessments_child_seen_pct", section=SECTION,
    title="% assessments where the child was seen",
    definition="Assessments completed in the window where the child was seen during the "
               "assessment, as a percentage of completed assessments where this is recorded "
               "(yes or no). The date seen is not in Annex A, so 'seen within 5 days of referral' "
               "needs a local source.",
    numerator="Assessments authorised in the window with Child Seen = Y",
    denominator="Assessments authorised in the window with Child Seen = Y or N",
    unit="percent", window="month", polarity="high", status="local",
    source="Local (Annex A List 4, child seen during continuous assessment)",
    aggregation="pooled", table="assessments"))
def assessments_child_seen_pct(ctx: Context, start, end) -> Measure:
    frame = assessment_frame(ctx)
    mask = in_window(frame["auth"], start, end).to_numpy()
    seen = frame["child_seen"].to_numpy()
    return ratio((mask & (seen == "Y")).sum(), (mask & np.isin(seen, ["Y", "N"])).sum())


@indicator(Indicator(
    id="assessments_within_45wd_pct", section=SECTION,
    title="% assessments completed within 45 working days",
    definition="Assessments authorised in the window that took 45 working days or fewer, as a "
               "percentage of assessments authorised in the window. Working days are counted "
               "after the start up to and including the authorisation date, excluding weekends "
               "and England and Wales bank holidays. The clock starts at the assessment start "
               "(DfE) or, if the council chooses, at the child's latest referral on or before it "
               "(Working Together); the report states which.",
    numerator="Assessments authorised in the window with duration <= 45 working days",
    denominator="Assessments authorised in the window (authorisation not before the start)",
    unit="percent", window="month", polarity="high", status="national",
    source="DfE CIN census, table C2; WT 2018 (45 working days); LAIT Continue_Assess_Comp",
    aggregation="pooled", lait_code="Continue_Assess_Comp", table="assessments, referrals",
    optional="referrals"))  # read only when the clock starts at the referral
def assessments_within_45wd_pct(ctx: Context, start, end) -> Measure:
    frame = assessment_frame(ctx)
    wd = frame["duration_wd"].to_numpy()
    usable = in_window(frame["auth"], start, end).to_numpy() & (wd >= 0)
    timely = usable & (wd <= ctx.conventions.assessment_timescale_working_days)
    return ratio(timely.sum(), usable.sum())


@indicator(Indicator(
    id="assessments_ongoing_involvement_pct", section=SECTION,
    title="% assessments where the outcome is ongoing CSC involvement/services",
    definition="Assessments completed in the window where the child was assessed as needing "
               "children's social care support (CIN plan, CP or looked after), as a percentage of "
               "completed assessments with a recorded outcome (yes or no).",
    numerator="Assessments authorised in the window with support required = Y",
    denominator="Assessments authorised in the window with support required = Y or N",
    unit="percent", window="month", polarity="none", status="local",
    source="Local (Annex A List 4, 'assessed as requiring LA children's social care support')",
    aggregation="pooled", table="assessments", rag=False))
def assessments_ongoing_involvement_pct(ctx: Context, start, end) -> Measure:
    frame = assessment_frame(ctx)
    mask = in_window(frame["auth"], start, end).to_numpy()
    support = frame["support"].to_numpy()
    return ratio((mask & (support == "Y")).sum(), (mask & np.isin(support, ["Y", "N"])).sum())


@indicator(Indicator(
    id="strategy_discussions", section=SECTION,
    title="No. of child protection strategy meetings/discussions held",
    definition="Strategy meetings or discussions held in the window, from the local case "
               "activity extract when supplied; otherwise the Annex A List 5 strategy discussions "
               "that started a Section 47 enquiry (which leaves out discussions not leading to an "
               "S47, so it undercounts).",
    numerator="STRATEGY_DISCUSSION events dated in the window (else S47 strategy discussion dates)",
    denominator="", unit="count", window="month", polarity="none", status="local",
    source="Local (case_activity STRATEGY_DISCUSSION; fallback Annex A List 5)",
    aggregation="sum", table="case_activity, s47", optional="case_activity", rag=False))
def strategy_discussions(ctx: Context, start, end) -> Measure:
    dates, origin = strategy_discussion_dates(ctx)
    if origin == "s47" and _no_rows(ctx, "s47"):
        return Measure()
    return count(in_window(dates, start, end).sum())


def _s47_started(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "s47"):
        return Measure()
    frame = s47_frame(ctx)
    return count(in_window(frame["start"], start, end).sum())


@indicator(Indicator(
    id="s47_started", section=SECTION,
    title="No. of S47 enquiries started (in month)",
    definition="Section 47 enquiries with a start date (the strategy discussion that initiated "
               "the enquiry) in the month. Each enquiry counts.",
    numerator="S47 enquiries started in the window (Annex A List 5)", denominator="",
    unit="count", window="month", polarity="none", status="national",
    source="DfE CIN census, table C4 (S47 enquiries)", aggregation="sum", table="s47",
    rag=False))
def s47_started(ctx: Context, start, end) -> Measure:
    return _s47_started(ctx, start, end)


@indicator(Indicator(
    id="s47_started_r12", section=SECTION,
    title="No. of S47 enquiries started (rolling 12 months)",
    definition="Section 47 enquiries started in the 12 months ending with the month. Each "
               "enquiry counts.",
    numerator="S47 enquiries started in the 12 months ending with the month", denominator="",
    unit="count", window="rolling_12", polarity="none", status="national",
    source="DfE CIN census, table C4 (S47 enquiries)", aggregation="end", table="s47",
    rag=False))
def s47_started_r12(ctx: Context, start, end) -> Measure:
    return _s47_started(ctx, start, end)


@indicator(Indicator(
    id="s47_rate_r12", section=SECTION,
    title="Rate of S47 enquiries per 10,000 children (rolling 12 months)",
    definition="Section 47 enquiries started in the 12 months ending with the month, per 10,000 "
               "children aged 0-17 (ONS mid-year estimate, DfE mid-year rule).",
    numerator="S47 enquiries started in the 12 months ending with the month",
    denominator="ONS mid-year population aged 0-17 / 10,000", unit="rate_per_10k",
    window="rolling_12", polarity="none", status="national",
    source="DfE CIN census, table C4; LAIT Section_47", aggregation="end",
    lait_code="Section_47", table="s47, population", rag=False))
def s47_rate_r12(ctx: Context, start, end) -> Measure:
    return _s47_started(ctx, start, end)


@indicator(Indicator(
    id="s47_to_icpc_pct", section=SECTION,
    title="% of S47 enquiries resulting in an Initial Child Protection Conference (ICPC)",
    definition="S47 enquiries started in the window that went on to an ICPC, as a percentage of "
               "the S47 enquiries started in the window whose outcome is known (an ICPC was held, "
               "or an ICPC was deemed unnecessary). Enquiries still awaiting a decision are left "
               "out, so the latest months can change as outcomes are recorded.",
    numerator="S47s started in the window with an ICPC date",
    denominator="S47s started in the window with an ICPC date or 'ICPC deemed unnecessary' = Y",
    unit="percent", window="month", polarity="none", status="local",
    source="Derived (cohort linkage on Annex A List 5); DfE publishes no ratio",
    aggregation="pooled", table="s47", rag=False))
def s47_to_icpc_pct(ctx: Context, start, end) -> Measure:
    frame = s47_frame(ctx)
    mask = in_window(frame["start"], start, end).to_numpy()
    held = frame["icpc"].notna().to_numpy()
    known = held | (frame["not_required"].to_numpy() == "Y")
    return ratio((mask & held).sum(), (mask & known).sum())


@indicator(Indicator(
    id="icpc_within_15wd_pct", section=SECTION,
    title="% ICPCs held within 15 working days of the S47 start",
    definition="Initial child protection conferences held in the window within 15 working days "
               "of the start of the Section 47 enquiry (the strategy discussion that initiated "
               "it), as a percentage of ICPCs held in the window. Working days are counted after "
               "the S47 start up to and including the ICPC date (DfE method).",
    numerator="ICPCs in the window with <= 15 working days from S47 start to ICPC",
    denominator="ICPCs in the window (ICPC not before the S47 start)", unit="percent",
    window="month", polarity="high", status="national",
    source="DfE CIN census, table C4; WT 2018 (15 working days); LAIT CP_conf_15days",
    aggregation="pooled", lait_code="CP_conf_15days", table="s47"))
def icpc_within_15wd_pct(ctx: Context, start, end) -> Measure:
    frame = s47_frame(ctx)
    wd = frame["icpc_wd"].to_numpy()
    usable = in_window(frame["icpc"], start, end).to_numpy() & (wd >= 0)
    timely = usable & (wd <= ctx.conventions.icpc_timescale_working_days)
    return ratio(timely.sum(), usable.sum())
