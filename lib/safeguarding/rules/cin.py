"""List 6 (CIN episodes) rules."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..quality import Rule, register
from .base import bool_series, overlapping, table


@register
class ClosureBeforeStart(Rule):
    code = "AA6-010"
    table = "cin"
    severity = "error"
    action = "report"  # both dates kept: never open at any date (base.open_at), no duration
    fields = ("cin_closure_date",)
    message = ("CIN closure date before the CIN start date; the episode cannot be placed in time: "
               "left out of every count of children in need at a date (still counted as an "
               "episode started and closed)")
    cin_equivalent = "8630"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["cin_closure_date"] < df["cin_start_date"], df.index)


@register
class OverlappingCinEpisodes(Rule):
    code = "AA6-011"
    table = "cin"
    severity = "error"
    action = "report"
    fields = ("cin_start_date", "cin_closure_date")
    message = "CIN episode overlaps another CIN episode of the same child"
    cin_equivalent = "8820"

    def check(self, tables, context):
        df = tables[self.table]
        return overlapping(df, "cin_start_date", "cin_closure_date")


@register
class ActivityAfterClosure(Rule):
    code = "AA6-012"
    table = "cin"
    severity = "error"
    action = "report"
    fields = ("cin_closure_date",)
    message = ("Assessment, S47 or CP plan for the child starts after this episode closed and "
               "falls in no other CIN episode of the child (the episode is the child's latest "
               "closed one before the activity)")
    cin_equivalent = "8565"

    def check(self, tables, context):
        df = tables[self.table]
        acts = []
        for t, c in (("assessments", "assessment_start_date"), ("s47", "s47_start_date"),
                     ("cp_plans", "cpp_start_date")):
            a = table(tables, t)[["child_id", c]].dropna()
            acts.append(a.rename(columns={c: "d"}))
        acts = pd.concat(acts, ignore_index=True).drop_duplicates()
        acts["_a"] = np.arange(len(acts))
        ep = pd.DataFrame({"_e": df.index, "child_id": df["child_id"].to_numpy(),
                           "s": df["cin_start_date"].to_numpy(), "c": df["cin_closure_date"].to_numpy()})
        m = acts.merge(ep, on="child_id")
        if not len(m):
            return pd.Series(False, index=df.index)
        inside = (m["s"] <= m["d"]) & (m["c"].isna() | (m["d"] <= m["c"]))
        covered = set(m.loc[inside.to_numpy(dtype=bool), "_a"])
        after = m[(m["c"].notna() & (m["d"] > m["c"])).to_numpy(dtype=bool) & ~m["_a"].isin(covered).to_numpy()]
        if not len(after):
            return pd.Series(False, index=df.index)
        latest = after.sort_values("c").groupby("_a").tail(1)
        return pd.Series(df.index.isin(latest["_e"].unique()), index=df.index)


@register
class ClosureWithoutReason(Rule):
    code = "AA6-013"
    table = "cin"
    severity = "error"
    action = "report"
    fields = ("cin_closure_date", "closure_reason")
    message = "CIN closure date with no reason for closure"
    cin_equivalent = "8805"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["cin_closure_date"].notna() & df["closure_reason"].isna(), df.index)


@register
class ReasonWithoutClosure(Rule):
    code = "AA6-014"
    table = "cin"
    severity = "error"
    action = "report"
    fields = ("closure_reason", "cin_closure_date")
    message = "Reason for closure given but no CIN closure date"
    cin_equivalent = "8810"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["closure_reason"].notna() & df["cin_closure_date"].isna(), df.index)


@register
class ClosedStatusWithoutDate(Rule):
    code = "AA6-015"
    table = "cin"
    severity = "warning"
    action = "report"
    fields = ("case_status", "cin_closure_date")
    message = "Case status 'Closed episode' but no CIN closure date"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["case_status"].eq("CLOSED") & df["cin_closure_date"].isna(), df.index)


@register
class ClosureDateWithOpenStatus(Rule):
    code = "AA6-016"
    table = "cin"
    severity = "warning"
    action = "report"
    fields = ("case_status", "cin_closure_date")
    message = "CIN closure date given but the case status is not 'Closed episode'"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["cin_closure_date"].notna() & df["case_status"].notna()
                           & df["case_status"].ne("CLOSED"), df.index)
