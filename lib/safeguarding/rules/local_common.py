"""Rules shared by the local extracts (one class per extract, generated here).

<P>-002  duplicate identifier (drop, keep the first row)
<P>-090  date after the extract date (blank that date)
"""
from __future__ import annotations

import pandas as pd

from ..quality import Rule, register
from ..schema import LOCAL_TABLES
from .base import CellRule, bool_series

PREFIX = {"lado_allegations": "LADO", "pf_arrangements": "PF", "pf_visits": "PFV",
          "young_carers": "YC", "pre_proceedings": "PP", "case_activity": "CA",
          "case_audits": "QA", "family_feedback": "FF", "out_of_hours": "OOH"}
# identifier that must be unique (None: whole-row key)
UNIQUE = {"lado_allegations": ["lado_ref"], "pf_arrangements": ["arrangement_id"],
          "young_carers": ["yc_ref"], "pre_proceedings": ["prep_table_id"],
          "case_activity": ["child_id", "activity_type", "activity_date"],
          "pf_visits": ["arrangement_id", "visit_date", "visit_type"],
          "case_audits": ["audit_ref"], "family_feedback": ["feedback_ref"], "out_of_hours": ["ooh_ref"]}


def _dup(self, tables, context):
    df = tables[self.table]
    return pd.Series(df.duplicated(subset=list(self.fields), keep="first").to_numpy(), index=df.index)


def _future(self, tables, context):
    df = tables[self.table]
    return pd.DataFrame({c: bool_series(df[c] > context.extract_date, df.index) for c in self.fields},
                        index=df.index)


for _table, _p in PREFIX.items():
    _dates = tuple(c for c, k in LOCAL_TABLES[_table].items() if k == "date")
    _keys = tuple(UNIQUE[_table])
    _classes = [
        type(f"Duplicate{_p.title()}", (Rule,), dict(
            code=f"{_p}-002", table=_table, severity="warning", action="drop", fields=_keys,
            check=_dup, message=f"{_table}: same {' + '.join(_keys)} as an earlier row; "
                                f"duplicate row excluded")),
        type(f"FutureDate{_p.title()}", (CellRule,), dict(
            code=f"{_p}-090", table=_table, severity="error", action="blank", fields=_dates,
            check_cells=_future, message=f"{_table}: date after the extract date; date blanked")),
    ]
    for _cls in _classes:
        _cls.__module__ = __name__
        globals()[_cls.__name__] = register(_cls)
