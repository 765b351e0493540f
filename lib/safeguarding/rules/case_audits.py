"""Case audit rules (docs/input-formats.md, ``case_audits.csv``). A blank or unrecognised grade
is already a reader finding (READ-REQBLANK, READ-CODE); duplicates and future dates are the
shared QA-002 and QA-090."""
from __future__ import annotations

import pandas as pd

from ..quality import Rule, register
from ..schema import ANNEX_A_TABLES
from .base import bool_series


@register
class AuditedChildNotInAnnexA(Rule):
    code = "QA-010"
    table = "case_audits"
    severity = "warning"
    action = "report"
    fields = ("child_id",)
    message = ("Audited child's ID is in none of the Annex A lists: check the ID (the audit still "
               "counts; the child ID is used only to link audits to cases in restricted outputs)")

    def check(self, tables, context):
        df = tables[self.table]
        known = pd.concat([tables[t]["child_id"] for t in ANNEX_A_TABLES if t in tables and len(tables[t])]
                          or [pd.Series(dtype="string")]).dropna().astype(str).unique()
        ids = df["child_id"].astype("string")
        return bool_series(ids.notna() & ~ids.isin(known).fillna(False).astype(bool), df.index)
