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

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..indicators.base import Context
from ..indicators.cin import child_index
from ..indicators.compute import load_definitions
from ..indicators.registry import REGISTRY
from ..prepare import PreparedData, load_prepared, resolve_prepared
from . import annex_a, briefing, charts, disproportionality, drift, lists
from . import journeys as journey_paths
from .cohort import DIMENSIONS, THRESHOLDS, breakdown_frame, cohort_frame, supported
from ..groups import NOT_KNOWN, NOT_RECORDED, sort_groups
from .comparators import ethnic_mix
from .dates import DateError, as_date
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
        self._events: pd.DataFrame | None = None

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
            from ..fixture import notebook_fixture

            return cls(load_prepared(notebook_fixture()))
        return cls(load_prepared(resolve_prepared(chosen)))

    @property
    def as_at(self) -> pd.Timestamp:
        """The report period's last day: the default date for stocks."""
        return self.period.end

    def _day(self, value, name: str, default=None) -> pd.Timestamp:
        """A date argument (ISO or UK day-first; see ``dates.as_date``), or ``default``."""
        found = as_date(value, name)
        return default if found is None else found

    def _window(self, start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
        lo = self._day(start, "start", self.period.start)
        hi = self._day(end, "end", self.period.end)
        if hi < lo:
            raise ValueError(f"end={hi:%Y-%m-%d} is before start={lo:%Y-%m-%d}")
        return lo, hi

    def _known(self, child_ids) -> list[str]:
        """``child_ids`` as strings; warns (``UnknownChildWarning``) about any found in no list."""
        ids = [str(c).strip() for c in np.atleast_1d(child_ids)]
        index = set(child_index(self._context))
        missing = [c for c in ids if c not in index]
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            warnings.warn(UnknownChildWarning(
                f"child ID(s) {shown} not found in any Annex A list or the case-activity extract of "
                "this run: check the ID (IDs are compared as text, so 'K01' is not 'K1')"), stacklevel=3)
        return ids

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
        ``cp_open_longer_than="18 months"`` (see ``DeepDive.thresholds()``). The Annex A visit,
        review and status fields of CIN and CP rows are as at the window's end. ``attrs["call"]``
        records the call (a list exported from it says what produced it)."""
        frame = cohort_frame(self.tables, self.params, self.period, indicator_id, month=month, as_at=as_at,
                             start=start, end=end, context=self._context, **thresholds)
        frame.attrs["thresholds"] = {k: str(v) for k, v in thresholds.items()}
        given = {"month": month, "as_at": as_at, "start": start, "end": end, **thresholds}
        frame.attrs["call"] = f"dd.cohort({indicator_id!r}" + "".join(
            f", {k}={(f'{v:%Y-%m-%d}' if isinstance(v, pd.Timestamp) else str(v))!r}"
            for k, v in given.items() if v is not None) + ")"
        return frame

    def breakdown(self, indicator_id: str, by: str = "team", **window_and_thresholds) -> pd.DataFrame:
        """An indicator by team, worker, age_band, sex, ethnicity_group, ethnicity (the detailed
        codes) or disability (same window arguments as ``cohort``), with a Total row: numerator,
        denominator, percent and its 95 % interval for a percentage; one ``count`` column for a
        count."""
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
    def child_lists(self, names=None, **options) -> dict:
        """The inspection pack's child lists, whole: ``{sheet name: frame}`` - all, or ``names``
        (``briefing.CHILD_LISTS``: "Events in period", "Journeys", "CIN open long", "CIN not
        reviewed", "CP plans long", "Repeat referrals", "Re-referrals", "Repeat CP plans",
        "Assessments not authorised", "S47 without outcome"). ``options``: ``as_at``,
        ``cin_longer_than``, ``cp_longer_than``, ``not_reviewed_within``, ``referrals_at_least``."""
        return briefing.child_lists(self, names, **options)

    def team_tables(self, month: str = "") -> dict:
        """Timeliness, open cases and visits by team and worker, with totals and intervals."""
        return briefing.team_tables(self, month)

    def drift_tables(self) -> dict:
        """Days from referral to CP plan, referral to care and CP plan to care, by year."""
        return briefing.drift_tables(self)

    def disproportionality_tables(self, reference: str | None = None, min_population: float | None = None) -> dict:
        """Stage rates with the RRI by ethnicity group, age band and sex; ethnicity in detail;
        progression ratios."""
        return briefing.disproportionality_tables(self, reference, min_population)

    # ---- journeys -------------------------------------------------------------------------
    def events(self, child_ids=None) -> pd.DataFrame:
        """Every child's dated events across Lists 1-8 in date order, with outcomes (or only
        ``child_ids``; an ID found in no list draws a warning)."""
        if child_ids is not None:
            child_ids = self._known(child_ids)
        if child_ids is None and self._events is not None:
            return self._events.copy()
        found = journey_paths.events(self.tables, child_ids)
        if child_ids is None:
            self._events = found
            return found.copy()
        return found

    def journeys(self, start=None, end=None) -> pd.DataFrame:
        """One line per child: full journey, reduced (repeats collapsed), stages reached and the
        latest event with its outcome - every child, or (``start``/``end``) the children with
        an event in that window, with their whole history."""
        events = self.events()
        if start is not None or end is not None:
            lo = self._day(start, "start", events["date"].min())
            hi = self._day(end, "end", events["date"].max())
            active = events.loc[events["date"].between(lo, hi), "child_id"].unique()
            events = events[events["child_id"].isin(active)]
        return journey_paths.journeys(events)

    def common_paths(self, form: str = "reduced", top: int = 10, start=None, end=None) -> pd.DataFrame:
        """The most common journeys (``form``: journey, reduced or stages)."""
        return journey_paths.common_paths(self.journeys(start, end), form, top)

    def busiest_child(self, start=None, end=None) -> str:
        """The child with the most events in the window (default: the report period)."""
        events = self.events()
        lo, hi = self._window(start, end)
        hit = events[events["date"].between(lo, hi)]
        counts = (hit if len(hit) else events).groupby("child_id").size()
        return str(counts.sort_values(ascending=False, kind="stable").index[0])

    def progression(self, start=None, end=None, stages=journey_paths.STAGES) -> pd.DataFrame:
        """Stage-to-stage conversion (contact -> referral -> ... -> care) for children entering
        the first stage in the window (default: the report period), with median days."""
        lo, hi = self._window(start, end)
        return journey_paths.progression(self.events(), lo, hi, list(stages))

    def flow_chart(self, start=None, end=None):
        table = self.progression(start, end)
        return charts.flow_chart(table, f"Children's progression from first contact, {self._when(start, end)}")

    def path_flows(self, start=None, end=None, *, steps: int = 6, entry: str = "R", child_ids=None) -> pd.DataFrame:
        """Where children went next: from their first referral (``entry``) in the window, each
        flow from one event to the next for ``steps`` steps, with children (the numbers behind
        ``sankey``). ``child_ids``: only these children (e.g. a cohort's ``child_id``)."""
        lo, hi = self._window(start, end)
        if child_ids is not None:
            child_ids = self._known(pd.Series(child_ids).dropna().unique())
        return journey_paths.path_flows(self.events(), lo, hi, entry=entry, steps=steps, child_ids=child_ids)

    def sankey(self, start=None, end=None, *, steps: int = 6, entry: str = "R", child_ids=None):
        """Sankey diagram of ``path_flows``; the figure's ``alt_text`` describes it (show
        ``path_flows`` beside it as the table of its numbers)."""
        flows = self.path_flows(start, end, steps=steps, entry=entry, child_ids=child_ids)
        title = (f"Where children went next, from their first {flows.attrs['entry'].lower()} in "
                 f"{self._when(start, end)}")
        fig = charts.sankey_chart(flows, title)
        fig.alt_text = journey_paths.flows_description(flows)
        return fig

    def timeline(self, child_id: str, as_at=None):
        """Chart of one child's events and episodes across Lists 1-8 (warns for an unknown ID)."""
        child = self._known(child_id)[0]
        return charts.timeline_chart(self.tables, child, self._day(as_at, "as_at", self.as_at))

    # ---- drift and delay ------------------------------------------------------------------
    def intervals(self, from_step: str = "referral", to_step: str = "cp_plan") -> pd.DataFrame:
        """Days from the latest ``from_step`` to each ``to_step`` (referral, assessment, s47,
        cp_plan, care), by the later event's financial year; the same step twice gives the gaps
        between consecutive events of that kind."""
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
        what = (f"Days between consecutive {names[to_step]}s" if from_step == to_step else
                f"Days from {names[from_step]} to {names[to_step]}")
        return charts.distribution_chart(rows, f"{what}, by year the later step started")

    def open_longer_than(self, service: str, longer_than, as_at=None, *, exclude=(), not_visited_within=None,
                         not_reviewed_within=None, **settings) -> pd.DataFrame:
        """Children open to ``"cin"`` or ``"cp"`` at ``as_at`` (default period end) for at least
        ``longer_than`` ("18 months", "2 years", 365), with status, team, worker, last visit and
        last review *as at* that date and whether each is overdue. ``exclude``: "looked_after",
        "cp_plan". ``not_visited_within`` / ``not_reviewed_within``: e.g. "6 months". Visit and
        review intervals: the report's settings, or ``settings`` for this call
        (``visit_and_review_settings()``)."""
        return drift.open_longer_than(self._context, service, longer_than, self._day(as_at, "as_at", self.as_at),
                                      exclude=exclude, not_visited_within=not_visited_within,
                                      not_reviewed_within=not_reviewed_within, **settings)

    def visit_and_review_settings(self) -> pd.DataFrame:
        """The visit and review intervals drift is measured against: setting, value, unit and
        where the default comes from (change them in params ``conventions``)."""
        conv = self.params.conventions
        rows = [(name, getattr(conv, name), unit, basis) for name, unit, basis in SETTING_NOTES]
        return pd.DataFrame(rows, columns=["setting", "value", "unit", "default_from"])

    def open_longest(self, what: str = "assessments", as_at=None, top: int | None = 20) -> pd.DataFrame:
        return drift.open_longest(self.tables, what, self._day(as_at, "as_at", self.as_at), top)

    def repeat_counts(self, what: str = "referrals", start=None, end=None) -> pd.DataFrame:
        return drift.repeat_counts(self.tables, what, *self._window(start, end))

    def _back_from(self, within, as_at, start, end) -> tuple[pd.Timestamp, pd.Timestamp]:
        """[start, end] if given, else the ``within`` ('12 months') ending at ``as_at``."""
        if start is not None or end is not None:
            return self._window(start, end)
        hi = self._day(as_at, "as_at", self.as_at)
        days = drift._amount_days(within, hi)
        return hi - pd.Timedelta(days=days - 1), hi

    def repeat_referrals(self, times: int = 3, within="12 months", as_at=None, *, start=None, end=None
                         ) -> pd.DataFrame:
        """Children with ``times`` or more referrals in the ``within`` ending at ``as_at``
        (default: the 12 months to the period end), or in ``start``..``end``."""
        lo, hi = self._back_from(within, as_at, start, end)
        return drift.repeat_referrals(self._context, times, lo, hi)

    def repeat_plans(self, within="2 years", starting_within="12 months", as_at=None, *, start=None, end=None
                     ) -> pd.DataFrame:
        """CP plans starting in the ``starting_within`` to ``as_at`` (default the 12 months to the
        period end, the window of ``cp_second_plan_pct_r12``) or ``start``..``end`` that are a
        second or later plan whose previous plan ended ``within`` (default 2 years) before it -
        and those whose earlier plan lies before the data (``earlier_plan_before_data``).
        ``within=None``: every repeat plan."""
        lo, hi = self._back_from(starting_within, as_at, start, end)
        return drift.repeat_plans(self._context, lo, hi, within)

    # ---- disproportionality ---------------------------------------------------------------
    def population(self) -> pd.DataFrame:
        """Population by ethnicity, age band and sex, as prepared for the run (docs/input-formats.md):
        the council's ``population_by_group.csv``, else the Census file in the inputs folder, else
        the package's copy of the Census 2021 figures for the council's LA number - the last two as
        a labelled proxy. The same denominators as the report's equalities section."""
        if self._population is None:
            from ..inputs.population_groups import COLUMNS

            prepared = self.tables.get("population_by_group")
            self._population = prepared if prepared is not None else pd.DataFrame(columns=COLUMNS)
        return self._population

    def rates(self, stage: str = "referral", by: str = "ethnicity_group", start=None, end=None,
              reference: str | None = None, min_population: float = disproportionality.MIN_POPULATION
              ) -> pd.DataFrame:
        """Children at ``stage`` per 10,000 by group, RRI against ``reference`` with its Katz
        interval and a chi-squared / exact test. ``by="ethnicity"``: the detailed codes, those
        with a population under ``min_population`` pooled within their group."""
        lo, hi = self._window(start, end)
        return disproportionality.rates(self.tables, self.population(), stage, by, lo, hi, reference,
                                        min_population)

    def has_population(self, by: str = "ethnicity_group") -> bool:
        """Whether a population by ``by`` is available for rates."""
        return bool((self.population()["dimension"] == by).any())

    def stage_rates(self, by: str = "ethnicity_group", stages=tuple(disproportionality.STAGES),
                    start=None, end=None, reference: str | None = None,
                    min_population: float = disproportionality.MIN_POPULATION) -> pd.DataFrame:
        """``rates`` for every stage, one table."""
        return pd.concat([self.rates(s, by, start, end, reference, min_population) for s in stages],
                         ignore_index=True)

    def ethnicity(self, stage: str = "in_need", start=None, end=None, reference: str | None = None,
                  min_population: float = disproportionality.MIN_POPULATION) -> pd.DataFrame:
        """Children at ``stage`` by detailed ethnicity (Black Caribbean, Black African, White and
        Black Caribbean ...; small units pooled within their group), with their share of the
        children whose ethnicity is known, the rate per 10,000 and RRI (where a population is
        available), and the share of the population in each unit: the council's (Census 2021,
        all ages), England's and the statistical neighbours' mean (``comparators.ethnic_mix``).
        ``attrs``: sources and the units pooled."""
        lo, hi = self._window(start, end)
        mix = ethnic_mix(self.params.council.la_code, self.params.comparators.sn_vintage)
        if self.has_population("ethnicity"):
            table = self.rates(stage, "ethnicity", lo, hi, reference, min_population)
            pooled = table.attrs["pooled"]
        else:  # counts and shares only
            counts = disproportionality.stage_children(self.tables, stage, lo, hi).groupby("ethnicity").size()
            table = pd.DataFrame({"stage": disproportionality.stage_label(stage), "ethnicity": counts.index,
                                  "children": counts.to_numpy()})
            pooled = {}
        unit = {u: name for name, units in pooled.items() for u in units}
        shares = mix.assign(ethnicity=mix["ethnicity"].map(lambda u: unit.get(u, u))) \
            .groupby("ethnicity", sort=False)[["council_census_pct", "england_pct", "neighbours_pct"]].sum(min_count=1)
        known = ~table["ethnicity"].isin([NOT_KNOWN, NOT_RECORDED])
        table.insert(table.columns.get_loc("children") + 1, "children_pct",
                     (100 * table["children"] / table.loc[known, "children"].sum()).where(known))
        out = table.merge(shares, left_on="ethnicity", right_index=True, how="left")
        out = sort_groups(out, "ethnicity")
        out.attrs.update(table.attrs)
        out.attrs.update(comparator_source=mix.attrs["source"], neighbours=mix.attrs["neighbours"],
                         window=(lo, hi), pooled=pooled,
                         note="England and neighbour columns are shares of the whole population (Census "
                              "2021, all ages), not rates of children in need: DfE's children-in-need "
                              "tables by ethnicity are not shipped.")
        return out

    def rri_chart(self, stage: str = "referral", by: str = "ethnicity_group", start=None, end=None):
        table = self.rates(stage, by, start, end)
        return charts.rri_chart(table, by, f"{table['stage'].iloc[0]}s: relative rate index by "
                                           f"{by.replace('_', ' ')}, {self._when(start, end)}")

    def progression_ratios(self, by: str = "ethnicity_group", start=None, end=None,
                           reference: str | None = None) -> pd.DataFrame:
        lo, hi = self._window(start, end)
        return disproportionality.progression_ratios(self.tables, by, lo, hi, reference=reference)

    # ---- Annex A summaries ----------------------------------------------------------------
    def annex_a_summaries(self, start=None, end=None) -> dict[str, pd.DataFrame]:
        """Per-list counts (Lists 1-8) by month and by age band, sex, ethnicity and disability."""
        start, end = self._window(start, end)
        months = list(pd.period_range(start, end, freq="M"))
        return annex_a.summaries(self.tables, start, end, months)

    def _when(self, start, end) -> str:
        if start is None and end is None:
            return self.period.title
        lo, hi = self._window(start, end)
        return f"{lo:%d %b %Y} to {hi:%d %b %Y}"


class UnknownChildWarning(UserWarning):
    """A child ID asked for is in no list of the prepared run."""


# (setting, unit, where its default comes from) - the intervals drift is measured against
SETTING_NOTES = [
    ("cp_visit_working_days", "working days", "local standard (Working Together sets no frequency; "
                                               "10 working days is the common local one)"),
    ("cin_visit_working_days", "working days", "local standard (no national frequency)"),
    ("cin_review_months", "months", "local standard (Working Together: CIN plans reviewed regularly)"),
    ("rcpc_first_months", "months", "Working Together 2018/2023: first review conference within 3 months "
                                    "of the initial conference"),
    ("rcpc_subsequent_months", "months", "Working Together 2018/2023: then no more than 6 months apart"),
    ("core_group_first_working_days", "working days", "Working Together 2018/2023: first core group within "
                                                       "10 working days of the initial conference"),
]


__all__ = ["DeepDive", "supported", "UnknownChildWarning", "DateError"]
