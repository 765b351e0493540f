"""List 3 (referrals) rules."""
from __future__ import annotations


from ..quality import Rule, register
from .base import bool_series


@register
class ReferralLongBeforeBirth(Rule):
    code = "AA3-010"
    table = "referrals"
    severity = "error"
    action = "report"
    fields = ("referral_date", "date_of_birth")
    message = "Referral more than 280 days (40 weeks) before the child's date of birth"
    cin_equivalent = "8606"

    def check(self, tables, context):
        df = tables[self.table]
        gap = (df["date_of_birth"] - df["referral_date"]).dt.days
        return bool_series(gap > 280, df.index)
