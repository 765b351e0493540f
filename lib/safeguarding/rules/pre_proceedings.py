"""Pre-proceedings and care proceedings rules (local-extracts.md section 5)."""
from __future__ import annotations

from ..quality import Rule, register
from .base import CellRule, bool_series, out_of_order

SEQUENCE = ["prep_pre_pro_decision_date", "prep_pre_pro_letter_date",
            "prep_initial_pre_pro_meeting_date", "prep_agree_stepdown_issue_date",
            "care_proc_issue_date", "care_proc_final_order_date"]


@register
class ProceedingsDatesOutOfOrder(CellRule):
    code = "PP-010"
    table = "pre_proceedings"
    severity = "warning"
    action = "report"
    fields = tuple(SEQUENCE)
    message = ("Dates out of order (decision <= letter <= initial meeting <= step-down/issue "
               "decision <= issue <= final order); the earlier-than-expected date is shown")

    def check_cells(self, tables, context):
        return out_of_order(tables[self.table], SEQUENCE)


@register
class StillInProceedingsWithFinalOrder(Rule):
    code = "PP-011"
    table = "pre_proceedings"
    severity = "error"
    action = "report"
    fields = ("prep_la_final_care_plan", "care_proc_final_order_date")
    message = "Final care plan 'H' (still in care proceedings) but a final order date is recorded"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["prep_la_final_care_plan"].eq("H")
                           & df["care_proc_final_order_date"].notna(), df.index)
