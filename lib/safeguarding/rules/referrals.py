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


@register
class ActivityAfterNfaReferral(Rule):
    code = "AA3-011"
    table = "referrals"
    severity = "warning"
    action = "report"
    fields = ("referral_nfa", "referral_date")
    message = ("Referral recorded as no further action, but an assessment or S47 enquiry for the "
               "child starts on or after it and before the child's next referral")
    cin_equivalent = "8831"

    def check(self, tables, context):
        import pandas as pd

        from .base import table

        df = tables[self.table]
        nfa = df[df["referral_nfa"].fillna("").eq("Y") & df["referral_date"].notna()]
        if not len(nfa):
            return pd.Series(False, index=df.index)
        starts = pd.concat([
            table(tables, "assessments")[["child_id", "assessment_start_date"]]
            .rename(columns={"assessment_start_date": "activity"}),
            table(tables, "s47")[["child_id", "s47_start_date"]].rename(columns={"s47_start_date": "activity"}),
        ]).dropna()
        # the child's next referral date after each NFA referral (Annex A has no episode ids)
        refs = df[["child_id", "referral_date"]].dropna().drop_duplicates().sort_values(["child_id", "referral_date"])
        refs["next_referral"] = refs.groupby("child_id")["referral_date"].shift(-1)
        cand = nfa[["child_id", "referral_date"]].reset_index().merge(refs, on=["child_id", "referral_date"], how="left")
        m = cand.merge(starts, on="child_id", how="inner")
        hit = (m["activity"] >= m["referral_date"]) & (m["next_referral"].isna() | (m["activity"] < m["next_referral"]))
        return pd.Series(df.index.isin(set(m.loc[hit, "index"])), index=df.index)


@register
class RereferralNotSettledByTheExtract(Rule):
    code = "AA3-012"
    table = "referrals"
    severity = "info"
    action = "report"
    fields = ("referral_date", "referrals_last_12m")
    message = ("Re-referral status cannot be settled: the 12 months before this referral reach back "
               "before List 3's window, the extract holds no earlier referral of the child in them, "
               "and 'Number of Referrals in Last 12 Months' describes only the child's latest "
               "referral (Ofsted guidance). Counted as not a re-referral, so the month's % "
               "re-referrals may be too low (docs/indicators.md, front door)")

    def check(self, tables, context):
        from ..history import list_windows, rereferral_status
        from .base import conventions

        df = tables[self.table]
        rules = conventions(context)
        status = rereferral_status(df["child_id"], df["referral_date"], df["referrals_last_12m"],
                                   list_windows(tables, rules)["referrals"], rules.rereferral_lookback_months)
        return status["unsettled"]
