"""List 7 (CP plans) rules."""
from __future__ import annotations

import pandas as pd

from ..quality import Rule, register
from .base import bool_series, overlapping


@register
class PlanEndBeforeStart(Rule):
    code = "AA7-010"
    table = "cp_plans"
    severity = "error"
    action = "report"  # both dates kept: never open at any date (base.open_at), no duration
    fields = ("cpp_end_date",)
    message = ("CP plan end date before its start date; the plan cannot be placed in time: left "
               "out of every count of plans open at a date and every duration (still counted as "
               "a plan started and a plan ended)")
    cin_equivalent = "8925"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["cpp_end_date"] < df["cpp_start_date"], df.index)


@register
class PlanEndsOnStartDay(Rule):
    code = "AA7-011"
    table = "cp_plans"
    severity = "error"
    action = "report"
    fields = ("cpp_end_date", "cpp_start_date")
    message = "CP plan starts and ends on the same day"
    cin_equivalent = "8840"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["cpp_end_date"] == df["cpp_start_date"], df.index)


@register
class OverlappingPlans(Rule):
    code = "AA7-012"
    table = "cp_plans"
    severity = "error"
    action = "report"
    fields = ("cpp_start_date", "cpp_end_date")
    message = "CP plan overlaps another CP plan of the same child"
    cin_equivalent = "8940"

    def check(self, tables, context):
        return overlapping(tables[self.table], "cpp_start_date", "cpp_end_date")


@register
class SeveralOpenPlans(Rule):
    code = "AA7-013"
    table = "cp_plans"
    severity = "error"
    action = "report"
    fields = ("cpp_start_date", "cpp_end_date")
    message = "Child has more than one open CP plan (no end date)"
    cin_equivalent = "8935"

    def check(self, tables, context):
        df = tables[self.table]
        open_ = df["cpp_end_date"].isna() & df["cpp_start_date"].notna() & df["child_id"].notna()
        counts = df[open_].groupby("child_id")["child_id"].transform("size")
        out = pd.Series(False, index=df.index)
        out.loc[counts.index] = (counts > 1).to_numpy()
        return out


@register
class ReviewNotAfterStart(Rule):
    code = "AA7-014"
    table = "cp_plans"
    severity = "error"
    action = "blank"
    fields = ("latest_review_date",)
    message = "Latest review conference on or before the CP plan start date; review date blanked"
    cin_equivalent = "8841"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["latest_review_date"] <= df["cpp_start_date"], df.index)


@register
class PreviousPlansTooLow(Rule):
    code = "AA7-015"
    table = "cp_plans"
    severity = "warning"
    action = "report"
    fields = ("previous_plans",)
    message = ("Number of previous CP plans is lower than the number of earlier plans for the "
               "child in List 7")

    def check(self, tables, context):
        df = tables[self.table]
        d = pd.DataFrame({"_i": df.index, "child_id": df["child_id"].to_numpy(),
                          "s": df["cpp_start_date"].to_numpy()}).dropna()
        m = d.merge(d, on="child_id", suffixes=("", "_o"))
        earlier = m[m["s_o"] < m["s"]].groupby("_i").size()
        held = pd.Series(df.index.map(earlier), index=df.index).fillna(0)
        return bool_series(df["previous_plans"].astype("Float64") < held, df.index)


@register
class PlanWithoutIcpcOnStartDate(Rule):
    code = "AA7-016"
    table = "cp_plans"
    severity = "warning"
    action = "report"
    fields = ("cpp_start_date",)
    message = ("CP plan start date is not the date of an ICPC for the child in List 5 (a transfer-in "
               "or another council's conference explains some)")
    cin_equivalent = "2885"

    def check(self, tables, context):
        from .base import table

        df = tables[self.table]
        icpcs = table(tables, "s47")[["child_id", "icpc_date"]].dropna()
        if icpcs.empty:  # no conferences supplied: nothing to compare with
            return pd.Series(False, index=df.index)
        # plans starting before the earliest ICPC held cannot be checked against this extract
        checkable = df["cpp_start_date"].notna() & (df["cpp_start_date"] >= icpcs["icpc_date"].min())
        keys = set(zip(icpcs["child_id"].astype(str), icpcs["icpc_date"]))
        matched = [(str(c), d) in keys for c, d in zip(df["child_id"], df["cpp_start_date"])]
        return pd.Series(checkable.to_numpy() & ~pd.Series(matched, index=df.index).to_numpy(), index=df.index)
