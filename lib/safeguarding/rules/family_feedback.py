"""Family feedback rules (docs/input-formats.md, ``family_feedback.csv``)."""
from __future__ import annotations

from ..quality import Rule, register
from .base import bool_series

SCORE_MAX = 10  # satisfaction is scored 0-10 (10 = highly satisfied)
ITEMS = ("satisfaction_score", "knew_why_involved", "felt_listened_to", "things_improved")


@register
class SatisfactionOutOfRange(Rule):
    code = "FF-010"
    table = "family_feedback"
    severity = "error"
    action = "blank"
    fields = ("satisfaction_score",)
    message = f"Satisfaction score above {SCORE_MAX} (the scale is 0 to {SCORE_MAX}); score left blank"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["satisfaction_score"] > SCORE_MAX, df.index)


@register
class ResponseWithNoAnswers(Rule):
    code = "FF-011"
    table = "family_feedback"
    severity = "warning"
    action = "report"
    fields = ITEMS
    message = ("Response has no score and no yes/no answer: counted as a response, in no "
               "satisfaction or yes/no figure")

    def check(self, tables, context):
        df = tables[self.table]
        answered = df["satisfaction_score"].notna()
        for item in ITEMS[1:]:
            answered |= df[item].isin(["Y", "N"]).fillna(False).astype(bool)
        return bool_series(~answered, df.index)
