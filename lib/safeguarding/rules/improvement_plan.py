"""Validation rules for the improvement-plan tracker (``improvement_actions.csv``,
``improvement_measures.csv``; reference: local-extracts section 6, docs/improvement-plan.md).

| code   | table                | severity | action | what |
|--------|----------------------|----------|--------|------|
| IP-001 | improvement_actions  | error    | report | status blank or not on the plan's scale |
| IP-002 | improvement_actions  | error    | report | completed status without ``completed_date`` |
| IP-003 | improvement_actions  | error    | blank  | ``completed_date`` after the extract date |
| IP-004 | improvement_actions  | error    | report | ``revised_date`` without ``reason_for_revision`` |
| IP-005 | improvement_actions  | warning  | report | ``revised_date`` earlier than ``target_date`` |
| IP-006 | improvement_actions  | error    | drop   | duplicate ``action_ref`` (first row kept) |
| IP-007 | improvement_actions  | warning  | report | open action not updated for over 4 months |
| IP-008 | improvement_measures | error    | report | ``action_ref`` not in the actions file |
| IP-009 | improvement_measures | warning  | report | no ``latest_value`` and no ``indicator_id`` |
| IP-010 | improvement_measures | warning  | report | ``target_value`` differs from the report's target (params) for its ``indicator_id`` |
| IP-011 | improvement_actions  | warning  | report | ``owner`` reads as a person's name, not a post |

The status scale comes from the rule context (``context.improvement_plan`` or
``context.params.improvement_plan`` when the runner supplies them); without either, the scale is
inferred from the statuses themselves (``improvement.statuses.infer_scale``).
"""
from __future__ import annotations

import pandas as pd

from ..improvement.statuses import COMPLETED_CODES, infer_scale, make_scheme, status_scheme
from ..quality import Rule, RuleContext, register

ACTIONS, MEASURES = "improvement_actions", "improvement_measures"
STALE_MONTHS = 4


def _frame(tables: dict, name: str) -> pd.DataFrame:
    df = tables.get(name)
    return df if df is not None else pd.DataFrame()


def _none(df: pd.DataFrame) -> pd.Series:
    return pd.Series(False, index=df.index, dtype=bool)


def _dates(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return pd.to_datetime(df[col], errors="coerce")


def _blank(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(True, index=df.index, dtype=bool)
    return pd.Series([v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == ""
                      for v in df[col]], index=df.index, dtype=bool)


def _extract_date(context: RuleContext):
    d = getattr(context, "extract_date", None)
    return None if d is None or pd.isna(d) else pd.Timestamp(d).normalize()


def scheme_for(context: RuleContext, actions: pd.DataFrame):
    """The plan's status scheme from the context, else inferred from the data."""
    plan = getattr(context, "improvement_plan", None)
    if plan is None:
        plan = getattr(getattr(context, "params", None), "improvement_plan", None)
    if plan is not None:
        return status_scheme(plan)
    values = actions["status"] if "status" in actions.columns else pd.Series(dtype=object)
    return make_scheme(infer_scale(values))


def _completed(actions: pd.DataFrame, context: RuleContext) -> pd.Series:
    if "status" not in actions.columns:
        return _none(actions)
    scheme = scheme_for(context, actions)
    return scheme.normalise(actions["status"]).isin(COMPLETED_CODES & set(scheme.codes)).astype(bool)


@register
class UnknownStatus(Rule):
    code = "IP-001"
    table = ACTIONS
    severity = "error"
    action = "report"
    fields = ("status",)
    message = ("Status is blank or not a status of the plan's scale (BRAG: Blue, Green, Amber, Red; "
               "COMPLETION: Completed, Ongoing, Not completed); the action is counted as "
               "'status not recorded'.")

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        if "status" not in df.columns:
            return _none(df)
        return scheme_for(context, df).normalise(df["status"]).isna().astype(bool)


@register
class CompletedWithoutDate(Rule):
    code = "IP-002"
    table = ACTIONS
    severity = "error"
    action = "report"
    fields = ("completed_date",)
    message = ("Action is marked completed but has no completed_date, so it cannot be counted as "
               "completed in the period or by its deadline.")

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        return _completed(df, context) & _dates(df, "completed_date").isna()


@register
class CompletedDateInFuture(Rule):
    code = "IP-003"
    table = ACTIONS
    severity = "error"
    action = "blank"
    fields = ("completed_date",)
    message = "completed_date is after the extract date; the date is set to missing."

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        ext = _extract_date(context)
        if ext is None:
            return _none(df)
        return (_dates(df, "completed_date") > ext).fillna(False).astype(bool)


@register
class RevisedWithoutReason(Rule):
    code = "IP-004"
    table = ACTIONS
    severity = "error"
    action = "report"
    fields = ("reason_for_revision",)
    message = "revised_date is set but reason_for_revision is blank; the committee needs the reason."

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        return _dates(df, "revised_date").notna() & _blank(df, "reason_for_revision")


@register
class RevisedBeforeTarget(Rule):
    code = "IP-005"
    table = ACTIONS
    severity = "warning"
    action = "report"
    fields = ("revised_date",)
    message = "revised_date is earlier than the original target_date (brought forward?) - please check."

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        return (_dates(df, "revised_date") < _dates(df, "target_date")).fillna(False).astype(bool)


@register
class DuplicateActionRef(Rule):
    code = "IP-006"
    table = ACTIONS
    severity = "error"
    action = "drop"
    fields = ("action_ref",)
    message = "action_ref appears more than once; only the first row with this reference is used."

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        if "action_ref" not in df.columns:
            return _none(df)
        keys = pd.Series([None if (not isinstance(v, str) and pd.isna(v)) else str(v).strip().casefold()
                          for v in df["action_ref"]], index=df.index, dtype="object")
        return (keys.notna() & (keys != "") & keys.duplicated(keep="first")).astype(bool)


@register
class StaleUpdate(Rule):
    code = "IP-007"
    table = ACTIONS
    severity = "warning"
    action = "report"
    fields = ("last_updated",)
    message = (f"Open action last updated more than {STALE_MONTHS} months before the extract date "
               "(or never): the status and progress summary may be out of date.")

    def check(self, tables, context):
        df = _frame(tables, ACTIONS)
        ext = _extract_date(context)
        if ext is None:
            return _none(df)
        updated = _dates(df, "last_updated")
        stale = updated.isna() | (updated < ext - pd.DateOffset(months=STALE_MONTHS))
        return (stale & ~_completed(df, context)).fillna(False).astype(bool)


@register
class MeasureUnknownAction(Rule):
    code = "IP-008"
    table = MEASURES
    severity = "error"
    action = "report"
    fields = ("action_ref",)
    message = "Measure's action_ref is not in improvement_actions; the measure is shown under its area only."

    def check(self, tables, context):
        df = _frame(tables, MEASURES)
        if "action_ref" not in df.columns:
            return _none(df)
        actions = _frame(tables, ACTIONS)
        known = set()
        if "action_ref" in actions.columns:
            known = {str(v).strip().casefold() for v in actions["action_ref"]
                     if isinstance(v, str) or not pd.isna(v)}
        return pd.Series([not _blank_value(v) and str(v).strip().casefold() not in known
                          for v in df["action_ref"]], index=df.index, dtype=bool)


def _blank_value(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v)) or str(v).strip() == ""


@register
class MeasureWithoutValue(Rule):
    code = "IP-009"
    table = MEASURES
    severity = "warning"
    action = "report"
    fields = ("latest_value",)
    message = ("Measure has no latest_value and no indicator_id to compute it from; it is shown "
               "as 'n/a' and rated grey.")

    def check(self, tables, context):
        df = _frame(tables, MEASURES)
        no_value = (pd.to_numeric(df["latest_value"], errors="coerce").isna()
                    if "latest_value" in df.columns else pd.Series(True, index=df.index))
        return (no_value & _blank(df, "indicator_id")).astype(bool)


@register
class MeasureTargetDiffersFromReport(Rule):
    code = "IP-010"
    table = MEASURES
    severity = "warning"
    action = "report"
    fields = ("target_value",)
    message = ("Measure's target_value is not the target the report sets for its indicator_id (params "
               "targets, the one the indicator's section rates against). Where params sets one, the "
               "improvement-plan table shows and rates by it (with its tolerance); where params sets none, "
               "the plan table shows the plan's target and the section shows no target. Set the target "
               "once, in params targets, so the plan and the section agree.")

    def check(self, tables, context):
        df = _frame(tables, MEASURES)
        targets = getattr(context, "targets", None)  # None: run without params (nothing to compare)
        if targets is None or "indicator_id" not in df.columns or "target_value" not in df.columns:
            return _none(df)
        given = pd.to_numeric(df["target_value"], errors="coerce")
        flagged = []
        for ind, value in zip(df["indicator_id"], given):
            if _blank_value(ind) or pd.isna(value):  # a blank plan target takes the report's
                flagged.append(False)
                continue
            report = getattr(targets.get(str(ind).strip()), "target", None)  # a label has no number
            flagged.append(report is None or abs(float(report) - float(value)) > 1e-9)
        return pd.Series(flagged, index=df.index, dtype=bool)


@register
class OwnerIsAPersonsName(Rule):
    code = "IP-011"
    table = ACTIONS
    severity = "warning"
    action = "report"
    fields = ("owner",)
    message = ("Owner reads as a person's name, not a post (no word such as Head, Manager, Lead, Officer, "
               "Service or Team): the open edition shows 'A named officer' and the leak check treats the "
               "name as a worker's name. Give the owner's post instead.")

    def check(self, tables, context):
        from ..inputs.privacy import looks_like_a_post

        df = _frame(tables, ACTIONS)
        if "owner" not in df.columns:
            return _none(df)
        return pd.Series([not _blank_value(v) and not looks_like_a_post(v) for v in df["owner"]],
                         index=df.index, dtype=bool)
