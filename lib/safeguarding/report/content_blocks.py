"""Blocks of the sections that make the report a committee paper's content (issue 21): year on year
for LADO and private fostering, the care-proceedings duration benchmark, out of hours, equalities,
the whole-service caseload, case audits and family feedback.

A mixin of ``notebook.SectionView`` (each public method is one notebook block, run once per
edition like the others). Every table goes through ``present.tables.count_table`` or the
indicator views (``present.disclosure``); nothing here shows a child-level row in the open edition.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def _show(markup: str) -> None:
    from .notebook import _show as show

    show(markup)


def _note(text: str) -> None:
    from ..present.tables import esc

    _show(f'<p class="section-note">{esc(text)}</p>')


AUDIT_QUARTERS = [("Audits completed", "qa_audits_completed", "numerator"),
                  ("Audits graded", "qa_audits_good_or_better_pct", "denominator"),
                  ("% good or outstanding", "qa_audits_good_or_better_pct", "value"),
                  ("% inadequate", "qa_audits_inadequate_pct", "value")]
FEEDBACK_QUARTERS = [("Responses", "feedback_responses", "numerator"),
                     ("Average satisfaction (0-10)", "feedback_satisfaction_mean", "value"),
                     ("% knew why we were involved", "feedback_knew_why_pct", "value"),
                     ("% felt listened to", "feedback_listened_to_pct", "value"),
                     ("% said things had improved", "feedback_things_improved_pct", "value")]


class ContentBlocks:
    """Blocks for ``SectionView`` (see the module docstring)."""

    # ---- LADO and private fostering -----------------------------------------------------
    def year_on_year(self, ids=None) -> None:
        """This period against the same period last year, with the figures."""
        from ..indicators.registry import REGISTRY
        from ..present.year_on_year import year_on_year_html

        ids = [i for i in (ids or self.spec.table_ids) if i in REGISTRY]
        last = self.period.same_period_last_year()
        _show(year_on_year_html(self._rows(ids), self.indicators, ids, self.period, self.params,
                                edition=self.edition, charted=self._charted(),
                                caption=f"{self.period.title} compared with {last.title}"))

    def _charted(self) -> set[str]:
        """Indicators whose monthly history some chart of the report publishes."""
        from .sections import SECTIONS

        return {i for s in SECTIONS for i in (*s.trend_ids, *s.spc_ids)}

    # ---- care proceedings -----------------------------------------------------------------
    def proceedings_duration(self) -> None:
        """The council's average duration of care proceedings and % within 26 weeks against the
        latest published national figures (MoJ FCSQ, Cafcass) up to the period's end."""
        from ..benchmarks.shipped import proceedings_duration_benchmarks
        from ..disclosure.suppress import indicator_view
        from ..present.tables import benchmark_html, period_rows

        ids = ["care_proceedings_avg_weeks", "care_proceedings_within_26wk_pct"]
        own = period_rows(indicator_view(self._rows(ids), self.period_months, self.threshold, edition=self.edition),
                          self.period_months)["current"]
        national = proceedings_duration_benchmarks(self.period.end)
        own_column = f"This council, {self.period.short_title}"
        columns = {own_column: [
            self.symbol if own.get(i) is not None and bool(own[i].get("suppressed", False))
            else (own[i]["value"] if own.get(i) is not None else np.nan) for i in ids]}
        for r in national.itertuples():
            columns[f"{r.geography}, {r.period}"] = [r.average_weeks, r.within_26_weeks_pct]
        columns["Statistical neighbours"] = ["not published", "not published"]
        weeks = self.params.conventions.proceedings_target_weeks
        frame = pd.DataFrame({"indicator": ["Average duration (weeks)", f"% concluded within {weeks} weeks"],
                              "indicator_id": ids, "own_period": [self.period.label] * 2,
                              "unit": ["weeks", "percent"], **columns})
        notes = [f"{r.geography}, {r.period}: {r.measure} ({r.source}; {r.release})." for r in national.itertuples()]
        notes.append("The council's own figure is the time from issue to the final order of the applications "
                     "concluded in the period; MoJ measures the time to first disposal, Cafcass its own "
                     "involvement. No duration of care proceedings is published for each local authority "
                     "(MoJ publishes England and Wales and Designated Family Judge areas), so there is no "
                     "statistical-neighbour comparison.")
        if national.empty:
            notes.insert(0, "No national figure was published for a period ending before this report's.")
        _show(benchmark_html(frame, caption="Duration of care proceedings: the council and national figures",
                             notes=notes, table_id="proceedings_duration", period=self.period.label,
                             own_column=own_column))

    # ---- equalities -----------------------------------------------------------------------
    def equalities(self, dimension: str = "ethnicity_group") -> None:
        """Referrals, S47 enquiries, children in need and on CP plans by ``dimension`` (ethnicity
        group, age band or sex), as rates per 10,000 with the relative rate and its interval."""
        from ..indicators.equalities import DIMENSION_TITLES, equalities_table, report_stage_children
        from ..present.equalities import equalities_html, population_note

        at = self._as_at()
        children = self._once(("equalities", at), lambda: report_stage_children(self.data.tables, at))
        frame = self._once(("equalities", dimension), lambda: equalities_table(
            self.data.tables, self.data.tables.get("population_by_group"), dimension, at, children=children))
        day = f"{at.day} {at:%B %Y}"
        caption = (f"Children by {DIMENSION_TITLES[dimension].lower()}: referred or with a section 47 enquiry in "
                   f"the 12 months to {day}; in need or on a child protection plan on {day}")
        _show('<div class="print-wide equalities">' + equalities_html(
            frame, edition=self.edition, threshold=self.threshold, symbol=self.symbol, caption=caption,
            notes=[population_note(frame)], table_id=f"equalities_{dimension}", period=self.period.label)
              + "</div>")

    def _as_at(self) -> pd.Timestamp:
        """The date a stock is shown at: the period's end, or the extract date when earlier."""
        return min(self.period.end, pd.Timestamp(self.data.meta.get("extract_date", self.period.end)))

    # ---- quality of practice --------------------------------------------------------------
    def period_table(self) -> None:
        """The period's figure of every indicator of the section, with target, RAG and direction
        of travel: for a section whose monthly numbers are too small to read month by month (the
        quarters follow)."""
        from ..indicators.registry import REGISTRY
        from ..present.tables import scorecard_table

        ids = [i for i, ind in REGISTRY.items() if ind.section == self.spec.key]
        _show(scorecard_table(self._rows(ids), ids, self.params, self.period.short_title,
                              period_months=self.period_months, edition=self.edition,
                              caption=f"Case audits and family feedback, {self.period.title}"))

    def caseload(self) -> None:
        """Children in need at the period end by team, the social workers holding them and the
        children per worker (teams with too few workers to keep one worker's caseload private
        are not given an average)."""
        from ..indicators.breakdowns import caseload_by_team
        from ..present.tables import count_table

        cin = self.data.tables.get("cin")
        at = self._as_at()
        frame = self._once(("caseload",), lambda: caseload_by_team(self.data.tables, at))
        if cin is None or cin.empty or frame.empty:
            _note("No List 6 (children in need) rows were supplied, so the caseload cannot be shown.")
            return
        if frame.index.tolist() == ["Not recorded"]:
            _note("List 6 holds no allocated teams, so the caseload by team cannot be shown.")
            return
        table = pd.DataFrame({"Children": frame["children"], "Social workers": frame["workers"].astype(float)},
                             index=frame.index)
        table["Children per social worker"] = np.where(frame["workers"] > 0, frame["children"] / frame["workers"].clip(lower=1), np.nan)
        few = frame["workers"].between(1, self.threshold)
        if self.edition == "open":  # one or a few workers: the average would be their own caseload
            table["Social workers"] = table["Social workers"].astype(object).where(~few, self.symbol)
            table["Children per social worker"] = table["Children per social worker"].astype(object).where(~few, self.symbol)
        workers = frame.attrs["workers_total"]
        table.loc["All teams"] = [frame["children"].sum(), workers,
                                  frame["children"].sum() / workers if workers else np.nan]
        table.index.name = "Team"
        unallocated = int(frame["unallocated"].sum())
        shown = (str(unallocated) if unallocated == 0 or unallocated > self.threshold or self.edition != "open"
                 else f"{self.symbol} (1 to {self.threshold})")
        day = f"{at.day} {at:%B %Y}"
        _show(count_table(table, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
                          total_row="All teams", total_col=False,
                          caption=f"Children in need by allocated team, {day}",
                          table_id="caseload_by_team", period=str(at.to_period("M")),
                          value_columns={"Social workers": "count", "Children per social worker": "ratio"},
                          hide_with={"Children per social worker": "Children"},
                          notes=[f"Each child counts once, in the team of their latest open episode as a child in need "
                                 f"(children being assessed, on plans and looked after included). Children with no "
                                 f"allocated social worker recorded: {shown}. Social workers: those recorded on the "
                                 f"children's episodes; an average is not shown for a team of {self.threshold} or "
                                 "fewer, as it would be close to one person's caseload."]))

    def _supplied(self, table: str, what: str) -> bool:
        """Whether the local extract ``table`` holds rows; if not, the block says so."""
        if len(self.data.tables.get(table, [])):
            return True
        _note(f"No {table}.csv was supplied, so {what} cannot be shown for this period "
              "(docs/input-formats.md).")
        return False

    def audits(self) -> None:
        """Audit grades by quarter and by service area."""
        from ..indicators.breakdowns import audit_grades_by_area
        from ..present.tables import count_table

        if not self._supplied("case_audits", "the results of case audits"):
            return
        self._quarterly("Case audits by quarter", AUDIT_QUARTERS,
                        "Graded: audits with an overall grade on the Ofsted scale (outstanding, good, requires "
                        "improvement to be good, inadequate); good or outstanding and inadequate are shares of them.")
        grades = self._once(("audit_grades",), lambda: audit_grades_by_area(
            self.data.tables, self.period.start, self.period.end))
        if len(grades):
            _show(count_table(grades, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
                              total_row=True, total_col=True,
                              caption=f"Graded case audits by service area, {self.period.title}",
                              table_id="audit_grades_by_area", period=self.period.label))
        self._audit_themes()

    def _audit_themes(self, top: int = 4) -> None:
        """The themes audits recorded most often, in a sentence (numbers of 1 to the threshold are
        never named; there is no total to set them against)."""
        from ..indicators.breakdowns import audit_themes
        from ..present.tables import esc

        themes = self._once(("audit_themes",), lambda: audit_themes(self.data.tables, self.period.start, self.period.end))
        themes = themes[themes["Audits"] > self.threshold].sort_values("Audits", ascending=False, kind="stable")
        if themes.empty:
            return
        listed = "; ".join(f'{esc(name.lower())} (<span class="count">{n:,}</span>)'
                           for name, n in themes["Audits"].head(top).items())
        _show(f'<p class="section-note">Themes audits recorded most often ({esc(self.period.title)}, number of '
              f"audits; an audit may record several): {listed}.</p>")

    def feedback(self) -> None:
        """Family feedback by quarter and by service area (free text only in the restricted edition)."""
        if not self._supplied("family_feedback", "what families told us"):
            return
        self._quarterly("Family feedback by quarter", FEEDBACK_QUARTERS,
                        "Satisfaction is the average of the scores from 0 to 10 (10 = highly satisfied); each "
                        "percentage is of the responses that answered that question.")
        self._feedback_by_area()
        if self.edition == "restricted":
            self._feedback_comments()

    def _quarterly(self, title: str, spec, note: str) -> None:
        from ..present.quarters import Column, quarterly_frame
        from ..present.tables import count_table
        from .sections import monthly_ids

        columns = [Column(*c) for c in spec]
        frame = quarterly_frame(self.indicators, columns, self.period, edition=self.edition,
                                threshold=self.threshold, symbol=self.symbol, view=self.shown_indicators,
                                months_published=bool({c.indicator_id for c in columns} & monthly_ids()))
        counts = [c.label for c in columns if c.field != "value"]
        units = {c.label: ("score" if c.indicator_id.endswith("_mean") else "percent")
                 for c in columns if c.field == "value"}
        notes = [note]
        if frame.attrs.get("partial"):
            notes.append(f"{', '.join(frame.attrs['partial'])}: part of the quarter only (to the extract date).")
        _show(count_table(frame[counts + list(units)], edition=self.edition, threshold=self.threshold,
                          symbol=self.symbol, total_row=False, total_col=False,
                          caption=f"{title}, to {self.period.last_month:%B %Y}", value_columns=units,
                          hide_with={u: counts[0] for u in units}, notes=notes,
                          table_id=title.lower().replace(" ", "_"), period=self.period.label))

    def _feedback_by_area(self) -> None:
        from ..indicators.breakdowns import feedback_by_area
        from ..present.tables import count_table

        parts = self._once(("feedback_by_area",), lambda: feedback_by_area(
            self.data.tables, self.period.start, self.period.end))
        if parts.empty:
            return
        total = parts.sum(axis=0).rename("All services")
        parts = pd.concat([parts, total.to_frame().T])
        table = pd.DataFrame({"Responses": parts["responses"]}, index=parts.index)
        with np.errstate(invalid="ignore", divide="ignore"):
            table["Average satisfaction (0-10)"] = parts["score_sum"] / parts["scored"]
            table["% knew why we were involved"] = 100 * parts["knew_why_involved_yes"] / parts["knew_why_involved_answered"]
        if self.edition == "open":  # an average or % over 1 to threshold answers is hidden itself
            small = lambda s: s.between(1, self.threshold)  # noqa: E731
            hide_mean = small(parts["scored"])
            hide_pct = small(parts["knew_why_involved_answered"]) | small(parts["knew_why_involved_yes"])
            table["Average satisfaction (0-10)"] = table["Average satisfaction (0-10)"].astype(object).where(~hide_mean, self.symbol)
            table["% knew why we were involved"] = table["% knew why we were involved"].astype(object).where(~hide_pct, self.symbol)
        table.index.name = "Service area"
        _show(count_table(table, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
                          total_row="All services", total_col=False,
                          caption=f"Family feedback by service area, {self.period.title}",
                          table_id="feedback_by_area", period=self.period.label,
                          value_columns={"Average satisfaction (0-10)": "score", "% knew why we were involved": "percent"},
                          hide_with={"Average satisfaction (0-10)": "Responses", "% knew why we were involved": "Responses"}))

    def _feedback_comments(self, limit: int = 60) -> None:
        """Restricted edition only: the families' own words, for the writer of the commentary."""
        from ..indicators.base import in_window
        from ..present.tables import esc

        feedback = self.data.tables["family_feedback"]
        rows = feedback[in_window(feedback["feedback_date"], self.period.start, self.period.end).to_numpy()
                        & feedback["comments"].notna().to_numpy()].sort_values("satisfaction_score")
        if rows.empty:
            return
        items = "".join(f"<li>{esc(r.comments)}" + ("" if pd.isna(r.satisfaction_score) else
                                                    f' <span class="n">(score {esc(r.satisfaction_score)})</span>')
                        + "</li>" for r in rows.head(limit).itertuples())
        _show(f'<details class="restricted-only"><summary>What families wrote ({len(rows)} comments, '
              f"lowest scores first; RESTRICTED: never published)</summary><ul>{items}</ul></details>")


__all__ = ["ContentBlocks"]
