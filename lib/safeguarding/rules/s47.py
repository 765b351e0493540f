"""List 5 (S47 enquiries and ICPCs) rules."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..quality import Rule, register
from ..workdays import add_working_days, working_days_between
from .base import bool_series, conventions, table


@register
class IcpcBeforeS47(Rule):
    code = "AA5-010"
    table = "s47"
    severity = "error"
    action = "blank"
    fields = ("icpc_date",)
    message = "ICPC dated before the S47 enquiry started; ICPC date blanked"
    cin_equivalent = "8615"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["icpc_date"] < df["s47_start_date"], df.index)


@register
class IcpcOnWeekend(Rule):
    code = "AA5-011"
    table = "s47"
    severity = "error"
    action = "report"
    fields = ("icpc_date",)
    message = "ICPC dated on a Saturday or Sunday"
    cin_equivalent = "8875"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["icpc_date"].dt.day_of_week >= 5, df.index)


@register
class S47OpenTooLong(Rule):
    code = "AA5-012"
    table = "s47"
    severity = "warning"
    action = "report"
    fields = ("s47_start_date", "icpc_date")
    message = ("S47 started more than 15 working days before the extract date with no ICPC date "
               "and ICPC not marked unnecessary")
    cin_equivalent = "8675Q"

    def check(self, tables, context):
        df = tables[self.table]
        limit = conventions(context).icpc_timescale_working_days
        pending = df["icpc_date"].isna() & df["s47_start_date"].notna() & \
            df["icpc_not_required"].fillna("").ne("Y")
        wd = working_days_between(df["s47_start_date"], pd.Series(context.extract_date, index=df.index))
        return bool_series(pending.to_numpy() & (np.nan_to_num(wd, nan=-1) > limit), df.index)


@register
class IcpcPlanMissing(Rule):
    code = "AA5-013"
    table = "s47"
    severity = "warning"
    action = "report"
    fields = ("icpc_to_plan", "icpc_date")
    message = ("ICPC recorded as resulting in a CP plan, but List 7 has no plan for the child "
               "starting on the ICPC date or within 5 working days after it")

    def check(self, tables, context):
        df = tables[self.table]
        plans = table(tables, "cp_plans")[["child_id", "cpp_start_date"]].dropna()
        cand = df[df["icpc_to_plan"].fillna("").eq("Y") & df["icpc_date"].notna()]
        if not len(cand):
            return pd.Series(False, index=df.index)
        c = pd.DataFrame({"_i": cand.index, "child_id": cand["child_id"].to_numpy(),
                          "lo": cand["icpc_date"].to_numpy(),
                          "hi": add_working_days(cand["icpc_date"].to_numpy(), 5)})
        m = c.merge(plans, on="child_id", how="inner")
        ok = set(m.loc[(m["cpp_start_date"] >= m["lo"]) & (m["cpp_start_date"] <= m["hi"]), "_i"])
        return pd.Series(df.index.isin(cand.index) & ~df.index.isin(list(ok)), index=df.index)
