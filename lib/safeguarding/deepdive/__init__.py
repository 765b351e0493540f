"""Drill-down and deep-dive analysis for inspection preparation, on a prepared run.

RESTRICTED: most results are child-level. Start from a prepared folder (written by
``safeguarding run`` or ``safeguarding pack`` under ``<run>/restricted/prepared``)::

    from safeguarding.deepdive import DeepDive
    dd = DeepDive.load()    # the latest prepared run under outputs/ (or a run's restricted/prepared)
    dd.cohort("rereferral_pct", month="2018-11")
    dd.cohort("cp_open_2yr_pct", as_at="2018-12-31", cp_open_longer_than="18 months")
    dd.breakdown("assessments_within_45wd_pct", by="team")

Every method is documented in docs/deep-dive.md. Cohorts count exactly what the indicator counts
for the same window (tests/deepdive/test_cohort.py checks each against ``compute_indicators``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..indicators.base import Context
from ..indicators.compute import load_definitions
from ..indicators.registry import REGISTRY
from ..prepare import PreparedData, load_prepared, resolve_prepared
from . import annex_a, briefing, charts, disproportionality, drift, lists
from . import journeys as journey_paths
from .cohort import DIMENSIONS, THRESHOLDS, breakdown_frame, cohort_frame, supported
from .population import read_group_population
from .tables import breakdown_table, complete_years, first_complete_year


class DeepDive:
    """One prepared run, with the drill-down and deep-dive calls analysts need."""

    def __init__(self, data: PreparedData):
        load_definitions()
        self.data = data
        self.tables = data.tables
        self.params = data.params
        self.period = data.period
        self._context = Context(tables=data.tables, params=data.params, period=data.period)
        self._population: pd.DataFrame | None = None

    @classmethod
    def load(cls, prepared_dir: str | Path = "") -> "DeepDive":
        """``prepared_dir``: a run's ``restricted/prepared`` folder, or the run's own folder (a
        relative path is also tried from the folder holding ``outputs/``, so the documented path
        works from a notebook in ``workspace/deep-dive/``); empty: ``$SAFEGUARDING_PREPARED`` if
        set, else the latest prepared run under ``outputs/``; ``"synthetic"``: the small
        synthetic council the tests use. No run found: ``NoPreparedRun`` says what to run."""
        import os

        chosen = str(prepared_dir) or os.environ.get("SAFEGUARDING_PREPARED", "")
        if chosen == "synthetic":
            from ..report.notebook import notebook_fixture

            return cls(load_prepared(notebook_fixture()))
        return cls(load_prepared(resolve_prepared(chosen)))

    @property
    def as_at(self) -> pd.Timestamp:
        """The report period's last day: the default date for stocks."""
        return self.period.end

    # ---- cohorts and breakdowns -----------------------------------------------------------
    def indicators(self) -> pd.DataFrame:
        """The indicators ``cohort`` and ``breakdown`` accept, with their titles and windows."""
        return pd.DataFrame([(i, REGISTRY[i].title, REGISTRY[i].window, REGISTRY[i].unit) for i in supported()],
                            columns=["indicator_id", "title", "window", "unit"])

    @staticmethod
    def thresholds() -> dict[str, str]:
        """Threshold keywords ``cohort`` accepts and the setting each replaces."""
        return {k: f"{v[0]} (in {v[1]})" for k, v in THRESHOLDS.items()}

    def cohort(self, indicator_id: str, *, month=None, as_at=None, start=None, end=None, **thresholds
               ) -> pd.DataFrame:
        """The records or children behind an indicator, labelled, with ``in_numerator`` (and
        ``in_denominator`` for percentages). Window: ``month="2018-11"``, ``as_at=`` (stocks,
        rolling 12 months), ``start=``/``end=``, or the report period. ``thresholds``: e.g.
        ``cp_open_longer_than="18 months"`` (see ``DeepDive.thresholds()``)."""
        frame = cohort_frame(self.tables, self.params, self.period, indicator_id, month=month, as_at=as_at,
                             start=start, end=end, context=self._context, **thresholds)
        frame.attrs["thresholds"] = {k: str(v) for k, v in thresholds.items()}
        given = {"month": month, "as_at": as_at, "start": start, "end": end, **thresholds}
        frame.attrs["call"] = f"dd.cohort({indicator_id!r}" + "".join(
            f", {k}={(f'{v:%Y-%m-%d}' if isinstance(v, pd.Timestamp) else str(v))!r}"
            for k, v in given.items() if v is not None) + ")"
        return frame

    def breakdown(self, indicator_id: str, by: str = "team", **window_and_thresholds) -> pd.DataFrame:
        """An indicator by team, worker, age_band, sex, ethnicity_group or disability (same window
        arguments as ``cohort``), with a Total row: numerator, denominator, percent and its 95 %
        interval for a percentage; one ``count`` column for a count."""
        if by not in DIMENSIONS:
            raise ValueError(f"unknown breakdown dimension '{by}'; valid: {', '.join(DIMENSIONS)}")
        return breakdown_table(breakdown_frame(self.cohort(indicator_id, **window_and_thresholds), by), by)

    # ---- lists to take away ---------------------------------------------------------------
    @staticmethod
    def sample(frame: pd.DataFrame, n: int, by: str | None = None, seed: int | None = None) -> pd.DataFrame:
        """A random ``n`` of a list (e.g. a cohort's ``in_numerator`` rows) for case audit;
        ``by="team"``: stratified by team; ``seed``: recorded on the sample and its sheet (drawn
        when not given), so the same seed gives the same children."""
        return lists.audit_sample(frame, n, by=by, seed=seed)

    def export(self, tables, path, *, by: str | None = None, title: str | None = None, sheet: str | None = None,
               call: str | None = None, marking: str = "RESTRICTED", index: bool = False):
        """Write a cohort, sample or table (or ``{sheet name: frame}``) to a labelled workbook:
        RESTRICTED on every sheet with the council, period and the call that produced it, UK
        dates, code labels beside codes; ``by="team"``: one sheet per team."""
        return lists.export(tables, path, council=self.params.council.name, period=self.period.title,
                            call=call, by=by, title=title, sheet=sheet, marking=marking, index=index)

    # ---- the pack's tables and lists (deepdive.briefing: the notebooks and the workbook) ----
    def child_lists(self, names=None, *, cin_longer_than: str = "2 years", cp_longer_than: str = "18 months") -> dict:
        """The inspection pack's child lists, whole: ``{sheet name: frame}`` - all, or ``names``
        ("Events in period", "Journeys", "CIN open long", "CP plans long", "Re-referrals",
        "Repeat CP plans", "Assessments not authorised", "S47 without outcome")."""
        return briefing.child_lists(self, names, cin_longer_than=cin_longer_than, cp_longer_than=cp_longer_than)

    def team_tables(self, month: str = "") -> dict:
        """Timeliness, open cases and visits by team and worker, with totals and intervals."""
        return briefing.team_tables(self, month)

    def drift_tables(self) -> dict:
        """Days from referral to CP plan, referral to care and CP plan to care, by year."""
        return briefing.drift_tables(self)

    def disproportionality_tables(self, reference: str | None = None) -> dict:
        """Stage rates with the RRI by ethnicity group, age band and sex; progression ratios."""
        return briefing.disproportionality_tables(self, reference)

    # ---- journeys -------------------------------------------------------------------------
    def events(self, child_ids=None) -> pd.DataFrame:
        """Every child's dated events across Lists 1-8 in date order (or only ``child_ids``)."""
        return journey_paths.events(self.tables, child_ids)

    def journeys(self, start=None, end=None) -> pd.DataFrame:
        """One line per child: full journey, reduced (repeats collapsed) and stages reached -
        every child, or (``start``/``end``) the children with an event in that window, with
        their whole history."""
        events = self.events()
        if start is not None or end is not None:
            lo, hi = pd.Timestamp(start or events["date"].min()), pd.Timestamp(end or events["date"].max())
            active = events.loc[events["date"].between(lo, hi), "child_id"].unique()
            events = events[events["child_id"].isin(active)]
        return journey_paths.journeys(events)

    def common_paths(self, form: str = "reduced", top: int = 10, start=None, end=None) -> pd.DataFrame:
        """The most common journeys (``form``: journey, reduced or stages)."""
        return journey_paths.common_paths(self.journeys(start, end), form, top)

    def busiest_child(self, start=None, end=None) -> str:
        """The child with the most events in the window (default: the report period)."""
        events = self.events()
        hit = events[events["date"].between(pd.Timestamp(start or self.period.start),
                                            pd.Timestamp(end or self.period.end))]
        counts = (hit if len(hit) else events).groupby("child_id").size()
        return str(counts.sort_values(ascending=False, kind="stable").index[0])

    def progression(self, start=None, end=None, stages=journey_paths.STAGES) -> pd.DataFrame:
        """Stage-to-stage conversion (contact -> referral -> ... -> care) for children entering
        the first stage in the window (default: the report period), with median days."""
        return journey_paths.progression(self.events(), pd.Timestamp(start or self.period.start),
                                    pd.Timestamp(end or self.period.end), list(stages))

    def flow_chart(self, start=None, end=None):
        table = self.progression(start, end)
        return charts.flow_chart(table, f"Children's progression from first contact, {self._when(start, end)}")

    def timeline(self, child_id: str, as_at=None):
        """Chart of one child's events and episodes across Lists 1-8."""
        return charts.timeline_chart(self.tables, str(child_id), pd.Timestamp(as_at or self.as_at))

    # ---- drift and delay ------------------------------------------------------------------
    def intervals(self, from_step: str = "referral", to_step: str = "cp_plan") -> pd.DataFrame:
        """Days from the latest ``from_step`` to each ``to_step`` (referral, assessment, s47,
        cp_plan, care), by the later event's financial year."""
        return drift.intervals(self.tables, from_step, to_step)

    def _complete_intervals(self, from_step: str, to_step: str) -> pd.DataFrame:
        """The intervals from the first financial year the earlier list covers whole
        (``tables.complete_years``: no pre-data years, no distorted first year)."""
        return complete_years(self.intervals(from_step, to_step), first_complete_year(self.tables, from_step),
                              from_step)

    def interval_summary(self, from_step: str = "referral", to_step: str = "cp_plan") -> pd.DataFrame:
        """Days between the steps by financial year and overall, from the first year the earlier
        list covers whole (``attrs["left_out"]`` says how many earlier events are left out)."""
        rows = self._complete_intervals(from_step, to_step)
        out = drift.interval_summary(rows)
        out.attrs.update(rows.attrs)
        return out

    def interval_chart(self, from_step: str = "referral", to_step: str = "cp_plan"):
        rows = self._complete_intervals(from_step, to_step)
        names = {"referral": "referral", "cp_plan": "CP plan", "care": "care", "s47": "S47",
                 "assessment": "assessment"}
        return charts.distribution_chart(rows, f"Days from {names[from_step]} to {names[to_step]}, "
                                               "by year the later step started")

    def open_longer_than(self, service: str, longer_than, as_at=None) -> pd.DataFrame:
        """Children open to ``"cin"`` or ``"cp"`` at ``as_at`` (default period end) for at least
        ``longer_than`` ("18 months", "2 years", 365)."""
        return drift.open_longer_than(self._context, service, longer_than, as_at or self.as_at)

    def open_longest(self, what: str = "assessments", as_at=None, top: int | None = 20) -> pd.DataFrame:
        return drift.open_longest(self.tables, what, as_at or self.as_at, top)

    def repeat_counts(self, what: str = "referrals", start=None, end=None) -> pd.DataFrame:
        return drift.repeat_counts(self.tables, what, start or self.period.start, end or self.period.end)

    # ---- disproportionality ---------------------------------------------------------------
    def population(self) -> pd.DataFrame:
        """Population by ethnicity group, age band and sex (docs/input-formats.md)."""
        if self._population is None:
            self._population = read_group_population(
                self.params.input_folder, la_code=self.params.council.la_code,
                council_name=self.params.council.name, totals_0_17=self.tables.get("population"))
        return self._population

    def rates(self, stage: str = "referral", by: str = "ethnicity_group", start=None, end=None,
              reference: str | None = None) -> pd.DataFrame:
        """Children at ``stage`` per 10,000 by group, RRI against ``reference`` with its Katz
        interval and a chi-squared / exact test."""
        return disproportionality.rates(self.tables, self.population(), stage, by,
                                        start or self.period.start, end or self.period.end, reference)

    def has_population(self, by: str = "ethnicity_group") -> bool:
        """Whether a population by ``by`` is available for rates."""
        return bool((self.population()["dimension"] == by).any())

    def stage_rates(self, by: str = "ethnicity_group", stages=tuple(disproportionality.STAGES),
                    start=None, end=None, reference: str | None = None) -> pd.DataFrame:
        """``rates`` for every stage, one table."""
        return pd.concat([self.rates(s, by, start, end, reference) for s in stages], ignore_index=True)

    def rri_chart(self, stage: str = "referral", by: str = "ethnicity_group", start=None, end=None):
        table = self.rates(stage, by, start, end)
        return charts.rri_chart(table, by, f"{table['stage'].iloc[0]}s: relative rate index by "
                                           f"{by.replace('_', ' ')}, {self._when(start, end)}")

    def progression_ratios(self, by: str = "ethnicity_group", start=None, end=None,
                           reference: str | None = None) -> pd.DataFrame:
        return disproportionality.progression_ratios(self.tables, by, start or self.period.start,
                                                     end or self.period.end, reference=reference)

    # ---- Annex A summaries ----------------------------------------------------------------
    def annex_a_summaries(self, start=None, end=None) -> dict[str, pd.DataFrame]:
        """Per-list counts (Lists 1-8) by month and by age band, sex, ethnicity and disability."""
        start, end = pd.Timestamp(start or self.period.start), pd.Timestamp(end or self.period.end)
        months = list(pd.period_range(start, end, freq="M"))
        return annex_a.summaries(self.tables, start, end, months)

    def _when(self, start, end) -> str:
        if start is None and end is None:
            return self.period.title
        return f"{pd.Timestamp(start or self.period.start):%d %b %Y} to {pd.Timestamp(end or self.period.end):%d %b %Y}"


__all__ = ["DeepDive", "supported"]
