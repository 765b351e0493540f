"""LADO: contacts, threshold decisions, strategy meetings, conclusions and their timeliness.

There is no national LADO data collection; every count here is local. The 1 / 3 / 12-month
conclusion targets (80 % / 90 % / all but the most exceptional) are **historic statutory-
guidance targets** (an earlier KCSIE edition; WT 2010 Appendix 5), not confirmed in the current
editions - the report labels them so.

Counting rules:

* one row of ``lado_allegations`` = one contact about one person (``contacts``);
* **threshold met** = ``threshold_met == "Y"`` (harm threshold met and taken forward to an
  allegations-management meeting or evaluation). The % is taken over the contacts received in
  the window that have a threshold decision (``Y`` or ``N``); contacts with no decision yet
  (blank or ``U``) are left out of the denominator until decided;
* **allegations** = contacts taken forward (threshold met). Conclusions and their timeliness are
  counted for allegations only - advice-only consultations and contacts below the threshold
  are closed without an allegations process and would flatter the timeliness;
* **days to conclusion** = calendar days ``date_concluded - date_received``; within 1 month =
  no more than 31 days, 3 months = 91, 12 months = 365 (``conventions.lado_conclusion_days``).
  An allegation concluded before it was received (rule LADO-010) has no duration: it counts as
  received and as concluded, and is left out of every time-to-conclusion measure (numerator
  and denominator).
"""
from __future__ import annotations

import pandas as pd

from .base import Context, Indicator, count, in_window, indicator, ratio

SECTION = "lado"
TABLE = "lado_allegations"
HISTORIC = ("Historic statutory-guidance target (earlier KCSIE edition paras 174-175; WT 2010 "
            "Appendix 5): 80% within 1 month, 90% within 3 months, all but the most exceptional "
            "within 12 months - not confirmed in current KCSIE/WT")


def _yn(values: pd.Series) -> pd.Series:
    return values.astype("string").str.strip().str.upper()


def allegation_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """LADO rows with ``taken_forward`` (threshold met) and ``days_to_conclusion``."""
    lado = tables["lado_allegations"].copy()
    lado["taken_forward"] = (_yn(lado["threshold_met"]) == "Y").fillna(False).astype(bool)
    lado["threshold_decided"] = _yn(lado["threshold_met"]).isin(["Y", "N"]).fillna(False).astype(bool)
    days = (lado["date_concluded"] - lado["date_received"]).dt.days
    # concluded before received (rule LADO-010): no duration can be measured
    lado["days_to_conclusion"] = days.where(days >= 0)
    return lado


def derived_frame(ctx: Context) -> pd.DataFrame:
    return ctx.cached("lado_derived", lambda: allegation_frame(ctx.tables))


def _concluded_days(ctx: Context, start, end) -> pd.Series:
    """``days_to_conclusion`` of the allegations concluded in the window, one per allegation."""
    def build():
        lado = derived_frame(ctx)
        concluded = (lado["taken_forward"] & in_window(lado["date_concluded"], start, end)).to_numpy()
        return lado["days_to_conclusion"][concluded]  # the one column they read, not every column
    # four indicators read the same window's concluded allegations (read only)
    return ctx.cached(("lado_concluded", start, end), build)


@indicator(Indicator(
    id="lado_contacts", section=SECTION,
    title="Contacts to the LADO",
    definition="Contacts and referrals received by the LADO in the period (consultations and "
               "referrals; one per person the contact is about).",
    numerator="Rows with date_received in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (no national LADO collection)", aggregation="sum", table=TABLE, rag=False))
def lado_contacts(ctx: Context, start, end):
    lado = derived_frame(ctx)
    return count(in_window(lado["date_received"], start, end).sum())


@indicator(Indicator(
    id="lado_threshold_met_pct", section=SECTION,
    title="% LADO contacts meeting the harm threshold (taken forward)",
    definition="Of the contacts received in the period with a threshold decision recorded, the % "
               "that met the harm threshold (WT / KCSIE) and were taken forward to an "
               "allegations-management meeting or evaluation. Contacts awaiting a decision are "
               "left out until decided.",
    numerator="Contacts received in the period with threshold_met = Y",
    denominator="Contacts received in the period with threshold_met Y or N",
    unit="percent", window="month", polarity="none", status="local",
    source="Local measure; threshold wording from Working Together / KCSIE",
    aggregation="pooled", table=TABLE, rag=False))
def lado_threshold_met_pct(ctx: Context, start, end):
    lado = derived_frame(ctx)
    received = (in_window(lado["date_received"], start, end) & lado["threshold_decided"]).to_numpy()
    return ratio(lado["taken_forward"][received].sum(), received.sum())


@indicator(Indicator(
    id="lado_strategy_meetings", section=SECTION,
    title="LADO allegations-management / strategy meetings",
    definition="First allegations-management or strategy meetings held in the period.",
    numerator="Rows with strategy_meeting_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local", aggregation="sum", table=TABLE, rag=False))
def lado_strategy_meetings(ctx: Context, start, end):
    lado = derived_frame(ctx)
    return count(in_window(lado["strategy_meeting_date"], start, end).sum())


@indicator(Indicator(
    id="lado_concluded", section=SECTION,
    title="LADO allegations concluded",
    definition="Allegations (contacts that met the harm threshold) concluded in the period, "
               "whatever the outcome.",
    numerator="Allegations with date_concluded in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local", aggregation="sum", table=TABLE, rag=False))
def lado_concluded(ctx: Context, start, end):
    return count(len(_concluded_days(ctx, start, end)))


def _share_within(ctx: Context, start, end, position: int):
    """Allegations concluded in the window within the ``position``-th conclusion limit, of those
    with a measurable duration (rule LADO-010: concluded before received has none)."""
    limit = ctx.conventions.lado_conclusion_days[position]
    days = _concluded_days(ctx, start, end).dropna()
    return ratio((days <= limit).sum(), len(days))


def _timeliness(label: str, days: int, words: str, target: str) -> Indicator:
    return Indicator(
        id=f"lado_concluded_{label}_pct", section=SECTION,
        title=f"% LADO allegations concluded within {words}",
        definition=f"Of the allegations (threshold met) concluded in the period, the % concluded "
                   f"within {words} - no more than {days} calendar days from the date the LADO "
                   f"received the contact to the date concluded. An allegation dated as concluded "
                   f"before it was received has no duration and is left out. Historic "
                   f"statutory-guidance target: {target}.",
        numerator=f"Allegations concluded in the period within {days} days",
        denominator="Allegations concluded in the period with a measurable duration "
                    "(concluded on or after received)",
        unit="percent", window="month", polarity="high", status="national",
        source=HISTORIC, aggregation="pooled", table=TABLE, rag=True)


@indicator(_timeliness("1m", 31, "1 month", "80%"))
def lado_concluded_1m_pct(ctx: Context, start, end):
    return _share_within(ctx, start, end, 0)


@indicator(_timeliness("3m", 91, "3 months", "90%"))
def lado_concluded_3m_pct(ctx: Context, start, end):
    return _share_within(ctx, start, end, 1)


@indicator(_timeliness("12m", 365, "12 months", "all but the most exceptional"))
def lado_concluded_12m_pct(ctx: Context, start, end):
    return _share_within(ctx, start, end, 2)


__all__ = ["allegation_frame", "derived_frame"]
