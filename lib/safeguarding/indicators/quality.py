"""Quality of practice: case audits graded on the Ofsted scale, and what families tell us.

Both extracts are local and project-defined (docs/input-formats.md: ``case_audits.csv``,
``family_feedback.csv``); there is no national collection, so every indicator here is a local
measure. The seed reports "approximately 40 % of practice judged good, the remainder requires
improvement", and "a survey of 34 parents and children ... satisfaction 6.8 (0-10) ... 80 % said
they knew why children's social care were involved"; seed 004 tracks the % of audits judged good
or outstanding quarterly against a target.

Counting rules:

* one row of ``case_audits`` is one audit (of a child's case, or a practice observation), dated
  by ``audit_date``; **graded** = a recognised ``overall_grade`` (Ofsted scale: outstanding,
  good, requires improvement to be good, inadequate). An audit without one counts as completed
  and is left out of the grade percentages (its reader finding says so);
* **good or better** = outstanding or good, over graded audits;
* one row of ``family_feedback`` is one response (a parent, carer, child or other family member),
  dated by ``feedback_date``; **satisfaction** is the 0-10 score (10 = highly satisfied), averaged
  over the responses that give one; each yes/no item's % is over the responses answering it ``Y``
  or ``N`` (``U`` and blank are left out, as "not answered").
"""
from __future__ import annotations

import pandas as pd

from .base import Context, Indicator, count, in_window, indicator, mean_of, ratio, yes_share

SECTION = "quality"
AUDITS = "case_audits"
FEEDBACK = "family_feedback"
GOOD_OR_BETTER = ("OUTSTANDING", "GOOD")
GRADES = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")
LOCAL = "Local quality-assurance framework (no national collection)"


def _audits(ctx: Context, start, end) -> pd.DataFrame:
    audits = ctx.tables[AUDITS]
    return audits[in_window(audits["audit_date"], start, end).to_numpy()]


def _graded(ctx: Context, start, end) -> pd.DataFrame:
    audits = _audits(ctx, start, end)
    return audits[audits["overall_grade"].isin(GRADES).fillna(False).astype(bool).to_numpy()]


def _responses(ctx: Context, start, end) -> pd.DataFrame:
    feedback = ctx.tables[FEEDBACK]
    return feedback[in_window(feedback["feedback_date"], start, end).to_numpy()]


@indicator(Indicator(
    id="qa_audits_completed", section=SECTION,
    title="Case audits completed",
    definition="Audits of children's cases (and practice observations) completed in the period, "
               "graded or not.",
    numerator="Audits with audit_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source=LOCAL, aggregation="sum", table=AUDITS, rag=False))
def qa_audits_completed(ctx: Context, start, end):
    return count(len(_audits(ctx, start, end)))


@indicator(Indicator(
    id="qa_audits_good_or_better_pct", section=SECTION,
    title="% audits judged good or outstanding",
    definition="Of the audits completed in the period with an overall grade on the Ofsted scale, the "
               "% judged good or outstanding.",
    numerator="Audits in the period graded outstanding or good",
    denominator="Audits in the period with a recognised overall grade",
    unit="percent", window="month", polarity="high", status="local",
    source=LOCAL + "; Ofsted grading scale", aggregation="pooled", table=AUDITS, rag=True))
def qa_audits_good_or_better_pct(ctx: Context, start, end):
    graded = _graded(ctx, start, end)
    return ratio(graded["overall_grade"].isin(GOOD_OR_BETTER).sum(), len(graded))


@indicator(Indicator(
    id="qa_audits_inadequate_pct", section=SECTION,
    title="% audits judged inadequate",
    definition="Of the audits completed in the period with an overall grade on the Ofsted scale, the "
               "% judged inadequate.",
    numerator="Audits in the period graded inadequate",
    denominator="Audits in the period with a recognised overall grade",
    unit="percent", window="month", polarity="low", status="local",
    source=LOCAL + "; Ofsted grading scale", aggregation="pooled", table=AUDITS, rag=True))
def qa_audits_inadequate_pct(ctx: Context, start, end):
    graded = _graded(ctx, start, end)
    return ratio((graded["overall_grade"] == "INADEQUATE").sum(), len(graded))


@indicator(Indicator(
    id="feedback_responses", section=SECTION,
    title="Family feedback responses",
    definition="Feedback responses from parents, carers, children and other family members "
               "received in the period.",
    numerator="Responses with feedback_date in the period", denominator="",
    unit="count", window="month", polarity="none", status="local",
    source=LOCAL, aggregation="sum", table=FEEDBACK, rag=False))
def feedback_responses(ctx: Context, start, end):
    return count(len(_responses(ctx, start, end)))


@indicator(Indicator(
    id="feedback_satisfaction_mean", section=SECTION,
    title="Family satisfaction (average score out of 10)",
    definition="The average of the 0-10 satisfaction scores (10 = highly satisfied) given in the "
               "responses received in the period.",
    numerator="Sum of satisfaction scores of responses in the period",
    denominator="Responses in the period giving a score",
    unit="score", window="month", polarity="high", status="local",
    source=LOCAL, aggregation="mean", table=FEEDBACK, rag=True))
def feedback_satisfaction_mean(ctx: Context, start, end):
    return mean_of(_responses(ctx, start, end)["satisfaction_score"])


def _feedback_item(column: str, short: str, title: str, saying: str) -> Indicator:
    """A yes/no question of the family feedback: the % answering yes, of those answering it."""
    return Indicator(
        id=f"feedback_{short}_pct", section=SECTION, title=title,
        definition=f"Of the responses received in the period that answered the question, the % saying "
                   f"{saying}.",
        numerator=f"Responses in the period with {column} = Y",
        denominator=f"Responses in the period with {column} Y or N",
        unit="percent", window="month", polarity="high", status="local",
        source=LOCAL, aggregation="pooled", table=FEEDBACK, rag=True)


@indicator(_feedback_item("knew_why_involved", "knew_why", "% families who knew why children's services were involved",
                          "they knew why children's social care was involved"))
def feedback_knew_why_pct(ctx: Context, start, end):
    return yes_share(_responses(ctx, start, end)["knew_why_involved"])


@indicator(_feedback_item("felt_listened_to", "listened_to", "% families who felt listened to",
                          "they felt listened to"))
def feedback_listened_to_pct(ctx: Context, start, end):
    return yes_share(_responses(ctx, start, end)["felt_listened_to"])


@indicator(_feedback_item("things_improved", "things_improved", "% families who said things had improved",
                          "things had got better for their family since children's social care became involved"))
def feedback_things_improved_pct(ctx: Context, start, end):
    return yes_share(_responses(ctx, start, end)["things_improved"])


__all__ = ["GRADES", "GOOD_OR_BETTER"]
