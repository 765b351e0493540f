"""Pre-proceedings (PLO) and care proceedings.

Units (documented in each definition):

* **pre-proceedings** measures count *children* (one row of ``pre_proceedings`` = one child's
  pre-proceedings episode), as the SSD table and the forthcoming CIN census items do;
* **care proceedings** measures count *applications*, as Cafcass (LAIT ``CareApplications``:
  "number of care applications per 10,000 children aged 0-17") and MoJ do: the children of one
  family issued together are one application. Rows are grouped by court reference (else PLO
  family id, else the row id) and issue date. An application is concluded when every child in
  it has a final order (or other disposal) date; its conclusion date is the latest of them.

Outcomes of pre-proceedings (``prep_pre_pro_outcome``): text containing ``ISSUE`` (e.g. the SSD
label "Decision to Issue Care Proceedings") is an escalation to issue; text containing ``STEP``
("Decision to step down", ``STEP_DOWN``) is a step-down; both are dated by
``prep_agree_stepdown_issue_date``. A child is in pre-proceedings from
``prep_pre_pro_decision_date`` until that date (or, when it is blank, the care-proceedings
issue date); with neither, the episode is open unless an outcome is recorded (then it cannot
be placed in time and is left out - the data-quality rules report it).

Durations: weeks = calendar days / 7; within 26 weeks = no more than 182 days
(``conventions.proceedings_target_weeks`` x 7), Children Act 1989 s32(1)(a).
"""
from __future__ import annotations

import pandas as pd

from .base import Context, Indicator, count, in_window, indicator, mean_of, open_at, ratio

SECTION = "proceedings"
TABLE = "pre_proceedings"


def outcome_kind(values: pd.Series) -> pd.Series:
    """``"issue"``, ``"step_down"`` or missing from the pre-proceedings outcome text or code."""
    text = values.astype("string").str.upper().str.replace(r"[^A-Z]", "", regex=True)
    kind = pd.Series(pd.NA, index=values.index, dtype="string")
    kind = kind.mask(text.str.contains("STEP").fillna(False).astype(bool), "step_down")
    kind = kind.mask(text.str.contains("ISSUE").fillna(False).astype(bool) & kind.isna(), "issue")
    return kind


def pre_proceedings_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Children with a pre-proceedings episode, with ``outcome``, ``pp_end`` and ``pp_weeks``."""
    pp = tables["pre_proceedings"]
    pp = pp[pp["prep_pre_pro_decision_date"].notna()].copy()
    pp["outcome"] = outcome_kind(pp["prep_pre_pro_outcome"])
    end = pp["prep_agree_stepdown_issue_date"].where(pp["prep_agree_stepdown_issue_date"].notna(),
                                                     pp["care_proc_issue_date"])
    pp["pp_end"] = end.astype("datetime64[ns]")
    pp["undatable"] = pp["outcome"].notna() & pp["pp_end"].isna()
    pp["pp_weeks"] = (pp["prep_agree_stepdown_issue_date"] - pp["prep_pre_pro_decision_date"]).dt.days / 7
    return pp


def application_keys(issued: pd.DataFrame) -> pd.Series:
    """The application each issued row belongs to: court reference (else PLO family id, else the
    row) and issue date."""
    group = issued["prep_court_reference"].astype("string")
    group = group.fillna(issued["prep_plo_family_id"].astype("string"))
    group = group.fillna("row:" + issued["prep_table_id"].astype("string"))
    group = group.fillna("index:" + pd.Series(issued.index.astype(str), index=issued.index))
    return group + "|" + issued["care_proc_issue_date"].dt.strftime("%Y-%m-%d")


def application_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per care application: ``issue_date``, ``concluded_date``, ``children``, ``days``."""
    pp = tables["pre_proceedings"]
    issued = pp[pp["care_proc_issue_date"].notna()].copy()
    issued["application"] = application_keys(issued)
    apps = issued.groupby("application", sort=True).agg(
        issue_date=("care_proc_issue_date", "min"),
        latest_order=("care_proc_final_order_date", "max"),
        children=("care_proc_issue_date", "size"),
        children_concluded=("care_proc_final_order_date", "count"),
    )
    done = apps["children_concluded"] == apps["children"]
    apps["concluded_date"] = apps["latest_order"].where(done).astype("datetime64[ns]")
    apps["days"] = (apps["concluded_date"] - apps["issue_date"]).dt.days
    return apps.reset_index()[["application", "issue_date", "concluded_date", "children", "days"]]


def pre_proceedings_derived(ctx: Context) -> pd.DataFrame:
    return ctx.cached("pre_proceedings_derived", lambda: pre_proceedings_frame(ctx.tables))


def applications_derived(ctx: Context) -> pd.DataFrame:
    return ctx.cached("care_applications_derived", lambda: application_frame(ctx.tables))


def _children_ended(ctx: Context, start, end, kind: str) -> int:
    pp = pre_proceedings_derived(ctx)
    # the outcome is compared once per run, not per window; counting needs no copy of the rows
    outcome = ctx.cached(("pre_proceedings_outcome", kind),
                         lambda: (pp["outcome"] == kind).fillna(False).to_numpy(dtype=bool))
    return int((outcome & in_window(pp["prep_agree_stepdown_issue_date"], start, end).to_numpy()).sum())


# ---- pre-proceedings (children) ------------------------------------------------------------------

@indicator(Indicator(
    id="pre_proceedings_started", section=SECTION,
    title="Children entering pre-proceedings (PLO)",
    definition="Children for whom a legal gateway / planning meeting agreed to start "
               "pre-proceedings in the period (decision date).",
    numerator="Children with prep_pre_pro_decision_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (SSD ssd_pre_proceedings; CIN census pre-proceedings items are provisional)",
    aggregation="sum", table=TABLE, rag=False))
def pre_proceedings_started(ctx: Context, start, end):
    pp = pre_proceedings_derived(ctx)
    return count(in_window(pp["prep_pre_pro_decision_date"], start, end).sum())


@indicator(Indicator(
    id="pre_proceedings_issued", section=SECTION,
    title="Children leaving pre-proceedings with a decision to issue",
    definition="Children whose pre-proceedings ended in the period with a decision to issue care "
               "proceedings (outcome 'Decision to Issue Care Proceedings', dated by the "
               "step-down / issue decision date).",
    numerator="Children with outcome issue and prep_agree_stepdown_issue_date in the period",
    denominator="", unit="count", window="month", polarity="none", status="local",
    source="Local (SSD prep_pre_pro_outcome)", aggregation="sum", table=TABLE, rag=False))
def pre_proceedings_issued(ctx: Context, start, end):
    return count(_children_ended(ctx, start, end, "issue"))


@indicator(Indicator(
    id="pre_proceedings_stepped_down", section=SECTION,
    title="Children stepped down from pre-proceedings",
    definition="Children whose pre-proceedings ended in the period with a decision to step down "
               "(dated by the step-down / issue decision date).",
    numerator="Children with outcome step down and prep_agree_stepdown_issue_date in the period",
    denominator="", unit="count", window="month", polarity="none", status="local",
    source="Local (SSD prep_pre_pro_outcome)", aggregation="sum", table=TABLE, rag=False))
def pre_proceedings_stepped_down(ctx: Context, start, end):
    return count(_children_ended(ctx, start, end, "step_down"))


@indicator(Indicator(
    id="pre_proceedings_open", section=SECTION,
    title="Children in pre-proceedings at month end",
    definition="Children whose pre-proceedings started on or before the reporting date and had "
               "not ended (step-down / issue decision, or issue of proceedings) on or before it.",
    numerator="Children in pre-proceedings at the reporting date", denominator="",
    unit="count", window="month_end", polarity="none", status="local",
    source="Local", aggregation="end", table=TABLE, rag=False))
def pre_proceedings_open(ctx: Context, start, end):
    pp = pre_proceedings_derived(ctx)
    pp = pp[~pp["undatable"]]
    return count(open_at(pp["prep_pre_pro_decision_date"], pp["pp_end"], end).sum())


# ---- care proceedings (applications) -------------------------------------------------------------

@indicator(Indicator(
    id="care_applications", section=SECTION,
    title="Care applications issued",
    definition="Care or supervision applications issued in the period, counted as Cafcass does: "
               "children of one family issued together (same court reference, else PLO family, "
               "and issue date) are one application.",
    numerator="Applications with care_proc_issue_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="national",
    source="Cafcass care applications (unit: application); local legal data",
    aggregation="sum", table=TABLE, rag=False))
def care_applications(ctx: Context, start, end):
    apps = applications_derived(ctx)
    return count(in_window(apps["issue_date"], start, end).sum())


@indicator(Indicator(
    id="care_applications_rate_r12", section=SECTION,
    title="Care applications per 10,000 children (rolling 12 months)",
    definition="Care applications issued in the 12 months to the reporting date per 10,000 "
               "children aged 0-17 (ONS mid-year estimate, DfE mid-year rule).",
    numerator="Applications issued in the 12 months", denominator="Population aged 0-17",
    unit="rate_per_10k", window="rolling_12", polarity="none", status="national",
    source="LAIT CareApplications (Cafcass)", aggregation="end", lait_code="CareApplications",
    table=f"{TABLE}, population", rag=False))
def care_applications_rate_r12(ctx: Context, start, end):
    apps = applications_derived(ctx)
    return count(in_window(apps["issue_date"], start, end).sum())


@indicator(Indicator(
    id="care_proceedings_concluded", section=SECTION,
    title="Care proceedings concluded",
    definition="Care applications concluded in the period: every child in the application has a "
               "final order or other disposal, the last of them in the period.",
    numerator="Applications whose conclusion date is in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local legal data", aggregation="sum", table=TABLE, rag=False))
def care_proceedings_concluded(ctx: Context, start, end):
    apps = applications_derived(ctx)
    return count(in_window(apps["concluded_date"], start, end).sum())


@indicator(Indicator(
    id="care_proceedings_avg_weeks", section=SECTION,
    title="Average duration of care proceedings (weeks)",
    definition="Mean weeks from issue to conclusion (calendar days / 7) of the care applications "
               "concluded in the period, against the 26-week statutory limit.",
    numerator="Sum of weeks of applications concluded in the period",
    denominator="Applications concluded in the period",
    unit="weeks", window="month", polarity="low", status="national",
    source="Children Act 1989 s32(1)(a) (26 weeks); compare MoJ FCSQ / Cafcass",
    aggregation="mean", table=TABLE, rag=True))
def care_proceedings_avg_weeks(ctx: Context, start, end):
    apps = applications_derived(ctx)
    days = apps["days"][in_window(apps["concluded_date"], start, end).to_numpy()]
    return mean_of(days / 7)


@indicator(Indicator(
    id="care_proceedings_within_26wk_pct", section=SECTION,
    title="% care proceedings concluded within 26 weeks",
    definition="Of the care applications concluded in the period, the % concluded within 26 "
               "weeks of issue (no more than 182 calendar days).",
    numerator="Applications concluded in the period within 182 days",
    denominator="Applications concluded in the period",
    unit="percent", window="month", polarity="high", status="national",
    source="Children Act 1989 s32(1)(a) as amended by Children and Families Act 2014 s14",
    aggregation="pooled", table=TABLE, rag=True))
def care_proceedings_within_26wk_pct(ctx: Context, start, end):
    apps = applications_derived(ctx)
    days = apps["days"][in_window(apps["concluded_date"], start, end).to_numpy()]
    limit = 7 * ctx.conventions.proceedings_target_weeks
    return ratio((days <= limit).sum(), len(days))


@indicator(Indicator(
    id="care_proceedings_open", section=SECTION,
    title="Care proceedings open at month end",
    definition="Care applications issued on or before the reporting date and not concluded on "
               "or before it.",
    numerator="Applications open at the reporting date", denominator="",
    unit="count", window="month_end", polarity="none", status="local",
    source="Local legal data", aggregation="end", table=TABLE, rag=False))
def care_proceedings_open(ctx: Context, start, end):
    apps = applications_derived(ctx)
    return count(open_at(apps["issue_date"], apps["concluded_date"], end).sum())


__all__ = ["outcome_kind", "pre_proceedings_frame", "application_keys", "application_frame"]
