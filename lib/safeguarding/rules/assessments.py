"""List 4 (assessments) rules."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..quality import Rule, register
from ..workdays import working_days_between
from .base import bool_series, conventions, table


@register
class AuthorisedBeforeStart(Rule):
    code = "AA4-010"
    table = "assessments"
    severity = "error"
    action = "blank"
    fields = ("assessment_auth_date",)
    message = ("Assessment authorised before it started; authorisation date blanked (still "
               "counts as started, not as completed)")
    cin_equivalent = "8608"

    def check(self, tables, context):
        df = tables[self.table]
        return bool_series(df["assessment_auth_date"] < df["assessment_start_date"], df.index)


@register
class AssessmentBeforeReferral(Rule):
    code = "AA4-011"
    table = "assessments"
    severity = "warning"
    action = "report"
    fields = ("assessment_start_date",)
    message = ("Assessment starts before any referral of the child in List 3 (the child has "
               "referrals, all later; assessment within the period List 3 covers)")
    cin_equivalent = "1103"

    def check(self, tables, context):
        df = tables[self.table]
        ref = table(tables, "referrals")
        ref = ref[ref["referral_date"].notna() & ref["child_id"].notna()]
        if not len(ref):
            return pd.Series(False, index=df.index)
        first = ref.groupby("child_id")["referral_date"].min()
        child_first = df["child_id"].map(first)
        covered = df["assessment_start_date"] >= ref["referral_date"].min()
        return bool_series(covered & (df["assessment_start_date"] < child_first), df.index)


@register
class AssessmentOpenTooLong(Rule):
    code = "AA4-012"
    table = "assessments"
    severity = "warning"
    action = "report"
    fields = ("assessment_start_date", "assessment_auth_date")
    message = ("Open assessment (no authorisation date) started more than 45 working days "
               "before the extract date")
    cin_equivalent = "8670Q"

    def check(self, tables, context):
        df = tables[self.table]
        limit = conventions(context).assessment_timescale_working_days
        open_ = df["assessment_auth_date"].isna() & df["assessment_start_date"].notna()
        wd = working_days_between(df["assessment_start_date"],
                                  pd.Series(context.extract_date, index=df.index))
        return bool_series(open_.to_numpy() & (np.nan_to_num(wd, nan=-1) > limit), df.index)
