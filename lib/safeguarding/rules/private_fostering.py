"""Private fostering rules (local-extracts.md section 3)."""
from __future__ import annotations

import pandas as pd

from ..inputs.annex_a import whole_years
from ..quality import Rule, register
from .base import bool_series, table


@register
class InitialVisitBeforeNotification(Rule):
    code = "PF-010"
    table = "pf_arrangements"
    severity = "warning"
    action = "report"
    fields = ("initial_visit_date", "notification_date")
    message = "Initial visit dated before the notification date"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["initial_visit_date"] < df["notification_date"], df.index)


@register
class ArrangementEndBeforeStart(Rule):
    code = "PF-011"
    table = "pf_arrangements"
    severity = "error"
    action = "report"  # both dates kept: never open at any date (base.open_at)
    fields = ("end_date",)
    message = ("Arrangement end date before its start (arrangement start date, else notification "
               "date); the arrangement cannot be placed in time: left out of every count of "
               "arrangements open at a date and of visit timeliness (still counted as notified)")

    def check(self, tables, context):
        df = tables[self.table]
        start = df["arrangement_start_date"].where(df["arrangement_start_date"].notna(),
                                                   df["notification_date"])
        return bool_series(df["end_date"] < start, df.index)


@register
class OverAgeWhileOpen(Rule):
    code = "PF-012"
    table = "pf_arrangements"
    severity = "warning"
    action = "report"
    fields = ("date_of_birth", "end_date")
    message = ("Open arrangement for a child aged 16 or over (18 or over if disabled) at the "
               "extract date - no longer private fostering")

    def check(self, tables, context):
        df = tables[self.table]
        age = whole_years(df["date_of_birth"], pd.Series(context.extract_date, index=df.index))
        limit = df["disability"].fillna("").eq("Y").map({True: 18, False: 16}).astype(float)
        return bool_series(df["end_date"].isna() & (age >= limit), df.index)


@register
class OrphanVisit(Rule):
    code = "PFV-010"
    table = "pf_visits"
    severity = "error"
    action = "drop"
    fields = ("arrangement_id",)
    message = "Visit for an arrangement_id not in pf_arrangements; visit excluded"

    def check(self, tables, context):
        df = tables[self.table]
        known = set(table(tables, "pf_arrangements")["arrangement_id"].dropna())
        return bool_series(~df["arrangement_id"].isin(known), df.index)
