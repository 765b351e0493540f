"""Front door / MASH: contacts, referrals, re-referrals, NFA, MASH decision timeliness.

Counting rules (each is also in the indicator's ``definition``):

* **Contacts** (Annex A List 1) are counted by ``contact_date``; every contact row counts.
  ``children_with_contact`` counts *distinct* children in the window the driver passes, so the
  period and year rows are distinct over the whole period - never a sum of monthly counts.
* **Contact -> referral** (local linking rule): a contact "progresses to a referral" when the same
  child has a referral (List 3) dated on the contact date or up to
  ``conventions.contact_to_referral_days`` (7) calendar days after it. Each contact is linked on
  its own, so two contacts a day apart before one referral both count as progressing.
* **Referrals** are counted by ``referral_date``; every referral counts (a child can count twice),
  as DfE table C1 does.
* **Re-referral** (DfE, referral-based, matches LAIT ``ReReferral``): a referral is a re-referral
  when the same child has another referral with a *strictly earlier* date no more than
  ``conventions.rereferral_lookback_months`` (12) calendar months before it. The look-back runs
  over the child's whole referral history in the data, so a previous referral before the window
  (or report period) start counts. Boundary: a previous referral exactly 12 months earlier
  (15 Jul 2017 -> 15 Jul 2018) **is** within 12 months (inclusive); 12 months and one day is not.
  A second referral on the same day as another is a duplicate, not a re-referral.
  Where the look-back reaches before List 3's own window (a six-month Annex A extract), List 3
  cannot show every earlier referral. List 3's "Number of Referrals in Last 12 Months" is, in
  the words of the guidance sheet of Ofsted's official Annex A template (as quoted in issue
  #19), "a per-child count before the child's latest referral, the same on every row of that
  child". So it is read for the child's latest referral only (> 0: a re-referral; the count
  excludes the referral itself, as the D2I SQL computes it), and never for the child's earlier
  rows, where it would make the first referral of a January + March child (1 on both rows) a
  re-referral because of the second. An earlier referral
  with no previous one in the extract within 12 months is counted as not a re-referral - the
  months before the extract cannot tell - and each such referral is listed in the data-quality
  section (rule AA3-012), so the figure can be too low but never too high
  (``history.rereferral_status``).
* **NFA**: referrals in the window with ``referral_nfa`` = Y / referrals in the window with the
  flag recorded (Y or N); referrals with the flag missing or U are left out of both.
* **MASH decision timeliness** (local; needs the optional ``contact_decision_date`` column):
  contacts in the window with a decision no more than ``conventions.mash_decision_working_days``
  (1) working days after the contact (``workdays.working_days_between``) / contacts in the window
  with a decision date. Contacts with no decision date, or a decision dated before the contact
  (a data error), are left out of both. No decision dates at all -> no denominator -> n/a.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..history import list_windows, rereferral_status
from ..workdays import working_days_between
from .base import (code_array as _code, Context, count, has_no_rows as _no_rows, in_window,
                   Indicator, indicator, Measure, ratio, table_or_empty as _table)

SECTION = "front_door"








# ---- derived frames (built once per run) -------------------------------------------------------

def contact_frame(ctx: Context) -> pd.DataFrame:
    """Contacts with ``to_referral`` (local linking rule) and ``decision_wd`` (working days)."""
    def build():
        contacts = _table(ctx, "contacts")
        out = pd.DataFrame({
            "child_id": contacts["child_id"].astype("string").to_numpy(),
            "date": contacts["contact_date"].to_numpy(dtype="datetime64[ns]"),
            "decision": contacts["contact_decision_date"].to_numpy(dtype="datetime64[ns]"),
        })
        out["to_referral"] = False
        refs = _table(ctx, "referrals")
        refs = pd.DataFrame({"child_id": refs["child_id"].astype("string").to_numpy(),
                             "ref_date": refs["referral_date"].to_numpy(dtype="datetime64[ns]")})
        refs = refs.dropna().sort_values("ref_date")
        left = out.reset_index().dropna(subset=["date", "child_id"]).sort_values("date")
        if len(left) and len(refs):
            # first referral of the same child on or after the contact date
            linked = pd.merge_asof(left, refs, left_on="date", right_on="ref_date", by="child_id",
                                   direction="forward", allow_exact_matches=True)
            limit = linked["date"] + pd.Timedelta(days=ctx.conventions.contact_to_referral_days)
            hit = (linked["ref_date"].notna() & (linked["ref_date"] <= limit)).to_numpy()
            out.loc[linked["index"].to_numpy()[hit], "to_referral"] = True
        out["decision_wd"] = working_days_between(out["date"], out["decision"])
        return out
    return ctx.cached("front_door.contacts", build)


def referral_frame(ctx: Context) -> pd.DataFrame:
    """Referrals with ``rereferral`` and ``previous`` (``history.rereferral_status``) and ``nfa``
    codes."""
    def build():
        refs = _table(ctx, "referrals")
        out = pd.DataFrame({
            "child_id": refs["child_id"].astype("string").to_numpy(),
            "date": refs["referral_date"].to_numpy(dtype="datetime64[ns]"),
            "nfa": _code(refs["referral_nfa"]),
        })
        status = rereferral_status(refs["child_id"], refs["referral_date"], refs["referrals_last_12m"],
                                   list_windows(ctx.tables, ctx.conventions)["referrals"],
                                   ctx.conventions.rereferral_lookback_months)
        out["rereferral"] = status["rereferral"].to_numpy()
        out["previous"] = status["previous"].to_numpy()
        return out
    return ctx.cached("front_door.referrals", build)


# ---- indicators --------------------------------------------------------------------------------

@indicator(Indicator(
    id="contacts", section=SECTION,
    title="No. of contacts received",
    definition="Contacts (requests for information, advice or services, or notifications of "
               "concern) logged by the front door / MASH with a contact date in the month. Every "
               "contact counts, so a child with three contacts counts three times.",
    numerator="Contacts with a contact date in the window (Annex A List 1)", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (Annex A List 1; contacts are not in the CIN census)", aggregation="sum",
    table="contacts", rag=False))
def contacts(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "contacts"):
        return Measure()
    frame = contact_frame(ctx)
    return count(in_window(frame["date"], start, end).sum())


@indicator(Indicator(
    id="children_with_contact", section=SECTION,
    title="No. of children with a contact",
    definition="Distinct children with at least one contact in the window. Some events lead to "
               "more than one contact for the same child; the child is counted once. Period and "
               "year figures count distinct children over the whole period (never the sum of the "
               "monthly figures).",
    numerator="Distinct child IDs with a contact dated in the window", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source="Local (Annex A List 1)",
    # "pooled": the driver recounts distinct children over the whole period / year window;
    # "sum" would tell readers (docs_page: "sum of months") to add monthly distinct counts.
    aggregation="pooled", table="contacts", rag=False))
def children_with_contact(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "contacts"):
        return Measure()
    frame = contact_frame(ctx)
    # each child ID numbered once per run (missing: -1); a window counts the distinct numbers
    child = ctx.cached("front_door.contact_children", lambda: pd.factorize(frame["child_id"])[0])
    seen = child[in_window(frame["date"], start, end).to_numpy()]
    return count(np.count_nonzero(np.bincount(seen[seen >= 0], minlength=1)))


@indicator(Indicator(
    id="contacts_to_referral", section=SECTION,
    title="No. of contacts progressing to a CSC referral",
    definition="Contacts in the window where the same child has a referral to children's social "
               "care dated on the contact date or within the local linking period (default 7 "
               "calendar days) after it. Each contact is linked on its own.",
    numerator="Contacts in the window linked to a referral (same child, referral 0..n days after)",
    denominator="", unit="count", window="month", polarity="none", status="local",
    source="Local linking rule (conventions.contact_to_referral_days)", aggregation="sum",
    table="contacts, referrals", rag=False))
def contacts_to_referral(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "contacts"):
        return Measure()
    frame = contact_frame(ctx)
    return count((in_window(frame["date"], start, end) & frame["to_referral"]).sum())


@indicator(Indicator(
    id="contacts_to_referral_pct", section=SECTION,
    title="% contacts progressing to a CSC referral",
    definition="Contacts in the window that progressed to a referral (same child, referral on "
               "the contact date or within the local linking period, default 7 calendar days, "
               "after it) as a percentage of all contacts in the window.",
    numerator="Contacts in the window linked to a referral",
    denominator="Contacts in the window", unit="percent", window="month", polarity="none",
    status="local", source="Local linking rule (conventions.contact_to_referral_days)",
    aggregation="pooled", table="contacts, referrals", rag=False))
def contacts_to_referral_pct(ctx: Context, start, end) -> Measure:
    frame = contact_frame(ctx)
    mask = in_window(frame["date"], start, end)
    return ratio((mask & frame["to_referral"]).sum(), mask.sum())


@indicator(Indicator(
    id="referrals", section=SECTION,
    title="No. of referrals to CSC",
    definition="Referrals to children's social care with a referral date in the window. Each "
               "referral counts, so a child referred twice counts twice (DfE definition).",
    numerator="Referrals dated in the window (Annex A List 3)", denominator="",
    unit="count", window="month", polarity="none", status="national",
    source="DfE CIN census, table C1 (referrals)", aggregation="sum", table="referrals",
    rag=False))
def referrals(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "referrals"):
        return Measure()
    frame = referral_frame(ctx)
    return count(in_window(frame["date"], start, end).sum())


@indicator(Indicator(
    id="referral_rate_r12", section=SECTION,
    title="Rate of CSC referrals per 10,000 children (rolling 12 months)",
    definition="Referrals with a referral date in the 12 months ending with the month, per 10,000 "
               "children aged 0-17 (ONS mid-year estimate: a month in the financial year ending "
               "March Y uses mid-(Y-1)). Each referral counts.",
    numerator="Referrals dated in the 12 months ending with the month",
    denominator="ONS mid-year population aged 0-17 / 10,000", unit="rate_per_10k",
    window="rolling_12", polarity="none", status="national",
    source="DfE CIN census, table C1; LAIT CPP_Total_Rateper10,000", aggregation="end",
    lait_code="CPP_Total_Rateper10,000", table="referrals, population", rag=False))
def referral_rate_r12(ctx: Context, start, end) -> Measure:
    if _no_rows(ctx, "referrals"):
        return Measure()
    frame = referral_frame(ctx)
    return count(in_window(frame["date"], start, end).sum())


@indicator(Indicator(
    id="rereferral_pct", section=SECTION,
    title="% re-referrals (within 12 months of a previous referral)",
    definition="Referrals in the window where the same child had a previous referral dated "
               "within the 12 months before it (previous referral strictly earlier; exactly 12 "
               "months earlier counts; the look-back reaches before the window start; a same-day "
               "duplicate is not a re-referral), as a percentage of all referrals in the window. "
               "Referral-based, as LAIT ReReferral. Where the Annex A extract does not reach back "
               "12 months before a referral, List 3's 'Number of Referrals in Last 12 Months' "
               "(> 0) settles the child's latest referral only (the count belongs to it); an "
               "earlier referral with none before it in the extract counts as not a re-referral "
               "and is listed in the data-quality section.",
    numerator="Referrals in the window with a previous referral of the same child within the "
              "preceding 12 months",
    denominator="Referrals in the window", unit="percent", window="month", polarity="low",
    status="national", source="DfE CIN census, table C1 (re-referrals within 12 months)",
    aggregation="pooled", lait_code="ReReferral", table="referrals"))
def rereferral_pct(ctx: Context, start, end) -> Measure:
    frame = referral_frame(ctx)
    mask = in_window(frame["date"], start, end)
    return ratio((mask & frame["rereferral"]).sum(), mask.sum())


@indicator(Indicator(
    id="referrals_nfa_pct", section=SECTION,
    title="% referrals resulting in no further action",
    definition="Referrals in the window recorded as no further action, as a percentage of the "
               "referrals in the window whose NFA flag is recorded (Y or N).",
    numerator="Referrals in the window with Referral NFA = Y",
    denominator="Referrals in the window with Referral NFA = Y or N", unit="percent",
    window="month", polarity="none", status="national",
    source="DfE CIN census, table C1; LAIT CIN_Refferals_NFA", aggregation="pooled",
    lait_code="CIN_Refferals_NFA", table="referrals", rag=False))
def referrals_nfa_pct(ctx: Context, start, end) -> Measure:
    frame = referral_frame(ctx)
    mask = in_window(frame["date"], start, end).to_numpy()
    nfa = frame["nfa"].to_numpy()
    return ratio((mask & (nfa == "Y")).sum(), (mask & np.isin(nfa, ["Y", "N"])).sum())


@indicator(Indicator(
    id="mash_decision_timely_pct", section=SECTION,
    title="% MASH decisions made within timescale (1 working day)",
    definition="Contacts in the window whose front-door / MASH decision was recorded within the "
               "local timescale (default 1 working day after the contact; working days exclude "
               "weekends and England and Wales bank holidays) as a percentage of contacts in the "
               "window with a decision date. Needs the optional contact decision date; without "
               "it the measure is n/a.",
    numerator="Contacts in the window decided within conventions.mash_decision_working_days",
    denominator="Contacts in the window with a decision date on or after the contact date",
    unit="percent", window="month", polarity="high", status="local",
    source="WT 2018/2023 (decide next steps within one working day); local data",
    aggregation="pooled", table="contacts"))
def mash_decision_timely_pct(ctx: Context, start, end) -> Measure:
    frame = contact_frame(ctx)
    wd = frame["decision_wd"].to_numpy()
    usable = in_window(frame["date"], start, end).to_numpy() & (wd >= 0)
    timely = usable & (wd <= ctx.conventions.mash_decision_working_days)
    return ratio(timely.sum(), usable.sum())
