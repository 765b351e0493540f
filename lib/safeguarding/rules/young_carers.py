"""Young carers rules (local-extracts.md section 4)."""
from __future__ import annotations

from ..quality import register
from ..quality import Rule
from .base import CellRule, bool_series, out_of_order

SEQUENCE = ["identified_date", "assessment_request_date", "assessment_start_date",
            "assessment_completed_date"]


@register
class YoungCarerDatesOutOfOrder(CellRule):
    code = "YC-010"
    table = "young_carers"
    severity = "warning"
    action = "report"
    fields = tuple(SEQUENCE)
    message = ("Dates out of order (identified <= assessment requested <= started <= "
               "completed); the earlier-than-expected date is shown")

    def check_cells(self, tables, context):
        return out_of_order(tables[self.table], SEQUENCE)


@register
class OutcomeWithoutCompletion(Rule):
    code = "YC-011"
    table = "young_carers"
    severity = "warning"
    action = "report"
    fields = ("assessment_outcome", "assessment_completed_date")
    message = "Assessment outcome recorded but no assessment completed date"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["assessment_outcome"].notna() & df["assessment_completed_date"].isna(),
                           df.index)
