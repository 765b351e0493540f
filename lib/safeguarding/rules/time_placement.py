"""Records that cannot be placed in time: an episode with no start date, or one ending before it
starts, in the tables that hold stocks (children in need, on a CP plan, looked after, young
carers). Their dates are kept as supplied and the finding lists each one: ``base.open_at`` never
counts such a record as open at any date (no start; or start after end), and the indicators
measure no duration for it, so it is left out of every stock and duration while still counted
in the flows its dates support. CIN episodes and CP plans ending before they start are AA6-010
and AA7-010; private fostering PF-011; LADO LADO-010.

AA6-017  CIN episode with no CIN start date
AA7-017  CP plan with no start date
AA8-010  care episode ending before it starts
AA8-011  care episode with no start date
YC-012   young carer's involvement ending before the carer was identified
"""
from __future__ import annotations

from ..quality import Rule, register
from .base import bool_series

NOT_PLACED = ("cannot be placed in time: left out of every count open at a date and every "
              "duration")


def _no_start(column):
    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df[column].isna(), df.index)
    return check


def _ends_before_start(start, end):
    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df[end] < df[start], df.index)
    return check


_RULES = [
    ("CinWithoutStart", "AA6-017", "cin", ("cin_start_date",), _no_start("cin_start_date"),
     f"CIN episode with no CIN start date; it {NOT_PLACED}"),
    ("CpPlanWithoutStart", "AA7-017", "cp_plans", ("cpp_start_date",), _no_start("cpp_start_date"),
     f"CP plan with no start date; it {NOT_PLACED} (still counted as a plan ended)"),
    ("CareEndBeforeStart", "AA8-010", "looked_after", ("cla_end_date", "cla_start_date"),
     _ends_before_start("cla_start_date", "cla_end_date"),
     f"Date ceased to be looked after is before the date started; the episode {NOT_PLACED}"),
    ("CareWithoutStart", "AA8-011", "looked_after", ("cla_start_date",), _no_start("cla_start_date"),
     f"Care episode with no date started to be looked after; it {NOT_PLACED}"),
    ("YoungCarerEndBeforeIdentified", "YC-012", "young_carers", ("end_date", "identified_date"),
     _ends_before_start("identified_date", "end_date"),
     f"End date before the date the young carer was identified; the record {NOT_PLACED} "
     f"(still counted as identified)"),
]

for _name, _code, _table, _fields, _check, _message in _RULES:
    _cls = type(_name, (Rule,), dict(code=_code, table=_table, severity="error", action="report",
                                     fields=_fields, check=_check, message=_message))
    _cls.__module__ = __name__
    globals()[_name] = register(_cls)
