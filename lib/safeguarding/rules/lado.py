"""LADO allegations rules (local-extracts.md section 2)."""
from __future__ import annotations

from ..quality import Rule, register
from .base import bool_series


@register
class ConcludedBeforeReceived(Rule):
    code = "LADO-010"
    table = "lado_allegations"
    severity = "error"
    action = "report"  # both dates kept: concluded, but no duration (indicators.lado)
    fields = ("date_concluded",)
    message = ("Date concluded before the date received; left out of every time-to-conclusion "
               "measure (still counted as received and as concluded)")

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["date_concluded"] < df["date_received"], df.index)


@register
class OutcomeWithoutConclusion(Rule):
    code = "LADO-011"
    table = "lado_allegations"
    severity = "warning"
    action = "report"
    fields = ("outcome", "date_concluded")
    message = "Outcome recorded but no date concluded (NFA consultations excepted)"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["outcome"].notna() & df["outcome"].ne("NFA")
                           & df["date_concluded"].isna(), df.index)


@register
class ConclusionWithoutOutcome(Rule):
    code = "LADO-012"
    table = "lado_allegations"
    severity = "warning"
    action = "report"
    fields = ("date_concluded", "outcome")
    message = "Date concluded recorded but no outcome"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["date_concluded"].notna() & df["outcome"].isna(), df.index)
