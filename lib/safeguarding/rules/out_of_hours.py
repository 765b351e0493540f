"""Out-of-hours (emergency duty) service rules (docs/input-formats.md, ``out_of_hours.csv``)."""
from __future__ import annotations

from ..quality import Rule, register
from .base import bool_series

TIME_PATTERN = r"^([01]?\d|2[0-3])[:.]?[0-5]\d(:[0-5]\d)?$"  # 17:30, 1730, 9.05, 23:59:00


@register
class ContactTimeUnreadable(Rule):
    code = "OOH-010"
    table = "out_of_hours"
    severity = "warning"
    action = "blank"
    fields = ("contact_time",)
    message = ("Contact time is not a 24-hour time such as 17:30; time left blank (the contact "
               "still counts, by its date)")

    def check(self, tables, context):
        df = tables[self.table]
        text = df["contact_time"].astype("string").str.strip()
        return bool_series(text.notna() & ~text.str.match(TIME_PATTERN).fillna(False).astype(bool), df.index)


@register
class PoliceProtectionWithoutPolice(Rule):
    code = "OOH-011"
    table = "out_of_hours"
    severity = "warning"
    action = "report"
    fields = ("police_involved", "outcome")
    message = "Outcome is police protection but police involvement is recorded as N"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series((df["outcome"] == "POLICE_PROTECTION") & (df["police_involved"] == "N"), df.index)
