"""What a section notebook calls: one object per section, one method per block of the page.

Notebooks stay thin (a parameters cell and one call per block); every table, chart and number
comes from the library here, from the indicators computed once in ``prepare``. In the open
edition every table and chart passes through ``disclosure.suppress``; row-level listings appear
only in the restricted edition.
"""
from __future__ import annotations

import inspect
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..fixture import notebook_fixture
from ..indicators.compute import load_definitions
from ..indicators.registry import REGISTRY
from ..prepare import PreparedData, load_prepared, read_parquet_once, table_rows
from .commentary import Commentary
from .content_blocks import ContentBlocks
from .sections import BY_KEY, SectionSpec

REPO_ROOT = Path(__file__).resolve().parents[3]


# While a block renders for one edition of a "both" run, its outputs carry that edition in their
# metadata; the renderer keeps only the outputs of the edition it is building. One kernel thus
# serves both editions (kernel start-up and imports dominate a section's run time).
_EDITION_TAG: list[str | None] = [None]


def _show(markup: str, commentary: dict | None = None) -> None:
    """Display ``markup``; ``commentary`` ({"kind", "file"}) marks a block the renderer reads
    again from its file (report.commentary.Commentary), so commentary edits need no re-execution."""
    from IPython.display import HTML, display

    from .commentary import COMMENTARY_KEY, CONTROLLED_KEY

    tag = _EDITION_TAG[0]
    metadata = {CONTROLLED_KEY: True, **({"safeguarding_edition": tag} if tag else {}),
                **({COMMENTARY_KEY: commentary} if commentary else {})}
    display(HTML(markup), metadata=metadata)


def _show_figure(fig, alt: str, data_html: str = "", caption: str = "") -> None:
    """The chart with its alt text and caption (HTML: its reading or note, kept on the chart's
    printed page), then its numbers as a table (``present.chart_data``)."""
    from ..present.charts import figure_html

    _show(figure_html(fig, alt, caption=caption) + data_html)
    import matplotlib.pyplot as plt

    plt.close(fig)


def clear_user_namespace(shell) -> None:
    """Remove what notebooks defined from an IPython ``shell``'s namespace (IPython's own names,
    in ``user_ns_hidden``, stay), empty the output cache and close pyplot figures, so the next
    notebook starts as in a fresh kernel except for the modules already imported."""
    import sys

    namespace, hidden = shell.user_ns, shell.user_ns_hidden
    for name in [n for n in namespace if n not in hidden]:
        del namespace[name]
    namespace.get("_oh", {}).clear()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


# Blocks whose output is the same in both editions (rendered once, untagged).
# (The plan blocks that show owners are drawn per edition: the open one hides a person's name.)
SAME_IN_BOTH = {"commentary", "definitions", "key_messages", "rule_catalogue", "plan_overview",
                "plan_by_area", "plan_due_vs_completed", "plan_changes"}


def _for_editions(method):
    """Run a block once per edition when the view serves both, tagging each output."""
    import functools

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        if self.edition != "both":
            return method(self, *args, **kwargs)
        if method.__name__ in SAME_IN_BOTH:
            self.edition = "open"
            try:
                return method(self, *args, **kwargs)
            finally:
                self.edition = "both"
        from ..present.charts import pictures_shared

        try:
            with pictures_shared():  # a chart the same in both editions is drawn once
                for edition in ("open", "restricted"):
                    self.edition, _EDITION_TAG[0] = edition, edition
                    method(self, *args, **kwargs)
        finally:
            self.edition, _EDITION_TAG[0] = "both", None
    return run


def _financial_year(year_end) -> str | None:
    """The canonical name of the financial year ending in March ``year_end`` ('2017-18')."""
    from ..periods import canonical_label

    if year_end is None or pd.isna(year_end):
        return None
    y = int(year_end)
    return canonical_label(pd.Period(f"{y - 1}-04", "M"), pd.Period(f"{y}-03", "M"))


# Breakdowns drawn from the indicators rather than from child-level rows: each band is the
# difference of two of the period's cumulative figures ("within 1 month", "within 3 months", ...,
# then all of the denominator), so the chart counts exactly the cohort of the indicator table
# beside it, in each edition from the rows that edition shows. {name: ((band label, indicator
# whose numerator counts up to the end of the band), ...)}; the last band runs to the denominator.
CUMULATIVE_BREAKDOWNS = {
    "lado_conclusion_times": (("Within 1 month", "lado_concluded_1m_pct"), ("1 to 3 months", "lado_concluded_3m_pct"),
                              ("3 to 12 months", "lado_concluded_12m_pct"), ("Over 12 months", None)),
}


# Chart and table titles for the breakdowns (finding-neutral names; the period is added).
BREAKDOWN_TITLES = {
    "contact_sources": "Contacts by source", "referral_sources": "Referrals by source",
    "assessment_duration_bands": "Completed assessments by duration (working days)",
    "icpc_timeliness_bands": "ICPCs by working days from S47 start",
    "primary_need_mix": "Children in need by primary need",
    "cin_episode_length_bands": "Closed CIN episodes by length",
    "cp_latest_category": "Children on CP plans by latest category of abuse",
    "cp_open_duration_bands": "Open CP plans by duration",
    "pf_notification_sources": "Private fostering notifications by source",
    "pf_ethnicity": "Children in private fostering arrangements by ethnic group",
    "yc_age_profile": "Young carers identified by age", "yc_sex": "Young carers identified by sex",
    "yc_identification_sources": "Young carers identified by source",
    "lado_outcomes_by_sector": "LADO allegations: outcome by employment sector",
    "lado_conclusion_times": "LADO allegations concluded in the period: time from receipt to conclusion",
    "ooh_outcomes_by_timing": "Out-of-hours contacts by outcome and when they came in",
}


# Drill-down names kept from before the deep dive: (indicator, which of its cohort's rows) -
# "numerator" the rows it counts, "outside" those in its denominator but not its numerator.
NAMED_COHORTS = {
    "cp_open_two_years_or_more": ("cp_open_2yr", "numerator"),
    "assessments_over_timescale": ("assessments_within_45wd_pct", "outside"),
    "icpcs_over_timescale": ("icpc_within_15wd_pct", "outside"),
    "rereferrals": ("rereferral_pct", "numerator"),
    "cp_not_visited_in_timescale": ("cp_visited_in_timescale_pct", "outside"),
}


class SectionView(ContentBlocks):
    """One section of the report for one edition ("open", "restricted", or "both" for a run that
    renders both editions from one execution)."""

    def __init__(self, spec: SectionSpec, data: PreparedData, edition: str):
        if edition not in ("open", "restricted", "both"):
            raise ValueError("edition must be 'open', 'restricted' or 'both'")
        self.spec, self.data, self.edition = spec, data, edition
        self.params, self.period = data.params, data.period
        self.threshold = self.params.disclosure.threshold
        self.symbol = self.params.disclosure.symbol
        self._computed: dict = {}  # see _once
        from ..present.charts import use_report_style

        use_report_style()

    # ---- shared pieces -------------------------------------------------------------------
    @cached_property
    def figures(self):
        """The run's open figures (``report.figures``): every number the open edition shows."""
        from .figures import open_figures

        return open_figures(self.data)

    @property
    def indicators(self) -> pd.DataFrame:
        return self.data.indicators

    @property
    def shown_indicators(self) -> pd.DataFrame:
        """The indicators as this edition shows them: in the open edition the run's open figures
        (``report.figures``, protected with the publication ledger; the open indicators.csv
        publishes them), so every table and chart hides what the whole report hides."""
        return self.figures.indicators if self.edition == "open" else self.indicators

    def _rows(self, ids) -> pd.DataFrame:
        """The rows of ``ids`` as this edition shows them."""
        frame = self.shown_indicators
        return frame[frame["indicator_id"].isin(list(ids))]

    @property
    def period_months(self) -> list[str]:
        return [str(m) for m in self.period.months]

    def _has_data(self) -> bool:
        return not self.spec.tables or any(table_rows(self.data.tables, t) for t in self.spec.tables)

    def _section_note(self, text: str) -> None:
        _show(f'<p class="section-note">{text}</p>')

    def header(self) -> None:
        from ..present.tables import esc

        spec = self.spec
        description = self._description()
        badge = ('<p class="edition-badge restricted">Restricted edition: exact numbers, not for '
                 "publication.</p>" if self.edition == "restricted" else "")
        no_data = ""
        if not self._has_data():
            names = ", ".join(spec.tables)
            no_data = (f'<p class="no-data">No data were supplied for this section ({esc(names)}): '
                       "its tables are empty for this period.</p>")
        # a monthly table of more than six months prints landscape; the heading and description go
        # on its page, so they stay together (six months fit portrait)
        wide = " print-wide" if self._table_is_wide() else ""
        _show(f'<div class="section-head{wide}"><h2 class="section-title" id="{spec.slug}">{spec.number}. '
              f'{esc(spec.title)}</h2><p class="section-period">{esc(self.period.title)}</p>{badge}'
              f'{self._period_banner()}</div>')
        _show(description, commentary={"kind": "description", "file": f"{spec.key}_description.md",
                                       "default": spec.description, "wide": bool(wide)})
        if no_data:
            _show(f'<div class="{wide.strip()}">{no_data}</div>' if wide else no_data)

    def _period_banner(self) -> str:
        """The incomplete-period notice when the period ends after the extract date."""
        from ..present.coverage import period_banner
        from ..present.tables import esc

        text = period_banner(self.period, self.data.meta.get("extract_date"))
        return f'<p class="period-banner" role="note">{esc(text)}</p>' if text else ""

    def _description(self) -> str:
        """The statutory description: the council's own ``<section>_description.md`` if written."""
        return self._commentary_html("description", f"{self.spec.key}_description.md", self.spec.description)

    def _commentary_html(self, kind: str, name: str, default: str = "") -> str:
        return Commentary(self.params, self.period).html({"kind": kind, "file": name, "default": default,
                                                          "wide": self._table_is_wide()})

    def _table_is_wide(self) -> bool:
        # a section opening with a landscape table (no monthly table) prints its heading with it
        return self.spec.starts_wide or (bool(self.spec.table_ids) and self.period.n_months > 6)

    # ---- indicator blocks ----------------------------------------------------------------
    def indicator_table(self, ids=None) -> None:
        from ..present.tables import indicator_table

        ids = [i for i in (ids or self.spec.table_ids) if i in REGISTRY]
        # more than six months: a landscape page in print, one column per month plus seven (report.css)
        wide = " print-wide many-months" if self._table_is_wide() else ""
        _show(f'<div class="indicator-block{wide}">'
              + indicator_table(self._rows(ids), ids, self.period_months, self.params, edition=self.edition,
                                period_label=self.period.short_title,
                                caption=f"Monthly indicators, {self.period.title}") + "</div>")

    def trend_chart(self, ids=None, months: int | None = None) -> None:
        from ..present.chart_data import trend_data_html
        from ..present.charts import trend_chart
        from .figures import OPEN_HISTORY_MONTHS, RESTRICTED_HISTORY_MONTHS

        if months is None:  # the open edition publishes less history (docs/conventions.md section 5)
            months = OPEN_HISTORY_MONTHS if self.edition == "open" else RESTRICTED_HISTORY_MONTHS
        history = [str(m) for m in pd.period_range(self.period.last_month - (months - 1), self.period.last_month,
                                                   freq="M")]
        for indicator_id in ids or self.spec.trend_ids:
            if indicator_id not in REGISTRY:
                continue
            ind = REGISTRY[indicator_id]
            target = self.params.targets.get(indicator_id)
            fig = trend_chart(self._rows([indicator_id]), indicator_id, history, ind.title,
                              target.target if target else None, period=self._history_title(months),
                              edition=self.edition, threshold=self.threshold, unit=ind.unit,
                              period_months=self.period_months)
            _show_figure(fig, f"Monthly trend: {ind.title}", trend_data_html(
                self._rows([indicator_id]), indicator_id, history, f"{ind.title}, {self._history_title(months)}",
                unit=ind.unit, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
                period_months=self.period_months))

    def _history_title(self, months: int) -> str:
        first = self.period.last_month - (months - 1)
        return f"{first.strftime('%b %Y')} to {self.period.last_month.strftime('%b %Y')}"

    def spc_charts(self, ids=None) -> None:
        """XmR charts of the monthly values (Making Data Count) over the history window."""
        from ..present.chart_data import spc_data_html
        from ..present.charts import UNIT_AXIS, render_key
        from ..stats.spc import spc_chart

        for indicator_id in ids or self.spec.spc_ids:
            result = self._spc(indicator_id)
            if result is None:
                continue
            ind = REGISTRY[indicator_id]
            title = f"{ind.title}: monthly values and their usual range, {self._history_title(len(result.points))}"
            ylabel = UNIT_AXIS.get(ind.unit, ind.unit.replace("_", " "))
            # drawn from ``result`` alone (the open edition's values already through disclosure)
            fig = render_key(spc_chart(result, title, ylabel=ylabel), "spc", result, title, ylabel)
            _show_figure(fig, f"Statistical process control chart: {ind.title}",
                         spc_data_html(result, f"{ind.title}: monthly values and their usual range", unit=ind.unit,
                                       indicator_id=indicator_id),
                         caption=self._spc_reading(result))

    def _once(self, key: tuple, compute):
        """``compute()`` the first time this section asks for ``key``, the same result after
        (both editions of a block, and the blocks that share a result, ask for it again)."""
        if key not in self._computed:
            self._computed[key] = compute()
        return self._computed[key]

    def _spc(self, indicator_id: str):
        # the scorecard's SPC column and the SPC charts read the same result
        return self._once(("spc", indicator_id, self.edition), lambda: self._compute_spc(indicator_id))

    def _compute_spc(self, indicator_id: str):
        from ..present.coverage import complete_values
        from ..stats.spc import xmr

        if indicator_id not in REGISTRY or REGISTRY[indicator_id].window == "rolling_12":
            return None  # neighbouring rolling-12 values share 11 months: not for XmR rules

        def all_values():
            monthly = self.indicators[(self.indicators["indicator_id"] == indicator_id)
                                      & (self.indicators["period_type"] == "month")].sort_values("month")
            # a part month (extract date) or a month after it is a gap, never a low point or a zero
            return complete_values(monthly).set_axis(monthly["month"].astype(str))

        values = self._once(("spc_values", indicator_id), all_values)  # the same in both editions
        if values.notna().sum() < 6:
            return None
        if self.edition == "open":  # the view the tables use: a chart never shows a month a table hides
            shown = self._rows([indicator_id])
            shown = shown[shown["period_type"] == "month"].sort_values("month")
            values = complete_values(shown).set_axis(shown["month"].astype(str))
        target = self.params.targets.get(indicator_id)
        # an edition whose disclosure control hid nothing has the other's values: one calculation
        key = ("xmr", indicator_id, tuple(values.index), values.to_numpy().tobytes())
        return self._once(key, lambda: xmr(values, REGISTRY[indicator_id].polarity,
                                           target.target if target else None))

    @staticmethod
    def _spc_reading(result) -> str:
        """What the chart says, in words (statistical process control: NHS England's Making Data
        Count rules)."""
        variation = {
            "improvement": "a change bigger than chance would explain, for the better (special cause "
                           "variation: improvement)",
            "concern": "a change bigger than chance would explain, for the worse (special cause "
                       "variation: concern)",
            "neutral": "a change bigger than chance would explain (special cause variation)",
            "common": "within the usual range: no change bigger than chance would explain (common cause "
                      "variation)"}.get(result.variation, "not enough months to judge")
        assurance = {
            "consistent_pass": "The target lies outside the usual range on the good side: as things stand it "
                               "will be met every month.",
            "consistent_fail": "The target lies outside the usual range on the wrong side: it will not be met "
                               "without a change in how the work is done.",
            "inconsistent": "The target lies inside the usual range: it will be met in some months and missed "
                            "in others."}.get(result.assurance, "")
        method = ("The usual range (the process limits) is the mean plus or minus 2.66 times the average "
                  "change from one month to the next.")
        return " ".join(filter(None, [f"<strong>Reading:</strong> the latest month is {variation}.", assurance,
                                      method]))

    def spc_labels(self, ids) -> dict[str, str]:
        labels = {}
        for indicator_id in ids:
            result = self._spc(indicator_id)
            if result is not None and result.variation:
                labels[indicator_id] = {"improvement": "Improvement", "concern": "Concern",
                                        "neutral": "Special cause", "common": "Common cause"}[result.variation]
        return labels

    def benchmarks(self, ids=None) -> None:
        from ..present.tables import benchmark_html

        table = self._benchmark_frame(ids or self.spec.benchmark_ids)
        if table is None or table.empty:
            _show('<p class="section-note">No published comparators exist for this section\'s indicators.</p>')
            return
        _show(benchmark_html(table, caption="Benchmarking: the council against statistical neighbours, region and England",
                             notes=self._benchmark_notes(), table_id="benchmarks", own_column="This council (own data)"))

    def _benchmark_frame(self, ids) -> pd.DataFrame | None:
        path = self.data.folder / "benchmarks.parquet"
        if not path.exists() or not ids:
            return None
        frame = read_parquet_once(path)
        frame = frame[frame["indicator_id"].isin(ids)]
        if frame.empty:
            return None

        def year(y):
            return "" if pd.isna(y) else f" ({int(y) - 1}-{str(int(y))[-2:]})"

        own = self._own_values(frame)
        rows = []
        for r in frame.to_dict("records"):
            years = {year(r["year"]), year(r["sn_year"]), year(r["england_year"])} - {""}
            # the council's own financial-year value as the open figures publish it: a value
            # disclosure control hides there (2 of 13 second plans) is hidden here too, with its
            # comparison with England
            value = own.get(r["indicator_id"], r["value"])
            own_hidden = value == self.symbol
            rows.append({
                "indicator": REGISTRY[r["indicator_id"]].title if r["indicator_id"] in REGISTRY else r["title"],
                "indicator_id": r["indicator_id"], "own_period": _financial_year(r["year"]),
                "unit": r["unit"],
                "This council (own data)": value,
                "This council as published by DfE": r["published_value"],
                f"Statistical neighbours ({r['sn_statistic']})": r["sn_value"],
                "Region": r["region_value"], "England": r["england_value"],
                "Compared with England": "" if own_hidden or pd.isna(r["judgement"]) else r["judgement"],
                "Year": years.pop().strip(" ()") if len(years) == 1 else
                f"own{year(r['year'])}; SN{year(r['sn_year'])}; England{year(r['england_year'])}",
            })
        return pd.DataFrame(rows)

    def _own_values(self, frame: pd.DataFrame) -> dict:
        """Open edition: the council's own annual values as the open figures publish them (the
        symbol where hidden); the restricted edition shows the benchmark table's."""
        if self.edition != "open":
            return {}
        view = self.shown_indicators
        rows = view[view["period_type"] == "year"]
        out = {}
        for ind, year in zip(frame["indicator_id"], frame["year"]):
            if pd.isna(year):
                continue
            hit = rows[(rows["indicator_id"] == ind) & (rows["month"].astype(str) == str(int(year)))]
            if len(hit):
                out[ind] = self.symbol if bool(hit["suppressed"].iloc[0]) else hit["value"].iloc[0]
        return out

    def _benchmark_notes(self) -> list[str]:
        """Notes under a benchmark table. The open edition says in plain words which comparators
        were not supplied and how to add them; the loader's diagnostics (file paths, errors) go
        to the restricted edition only."""
        from ..benchmarks.compare import missing_comparator_note

        meta_path = self.data.folder / "benchmarks_meta.json"
        if not meta_path.exists():
            return []
        import json

        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        path = self.data.folder / "benchmarks.parquet"
        missing = missing_comparator_note(read_parquet_once(path) if path.exists() else None)
        notes = [missing] if missing else []
        if self.edition != "open" and meta.get("notes"):
            notes.append("Diagnostics (restricted edition only): " + "; ".join(meta["notes"]) + ".")
        if meta.get("neighbours"):
            notes.insert(0, f"Statistical neighbours ({meta.get('sn_vintage')} DfE list, "
                            f"{meta.get('sn_statistic')}): " + ", ".join(meta["neighbours"]) + ".")
        notes.append("Own data: the latest full financial year in this council's data, computed to the DfE "
                     "annual definition. 'Similar' means England's value lies within the council's 95% "
                     "confidence interval.")
        return notes

    # ---- breakdowns ----------------------------------------------------------------------
    def _breakdown(self, name: str, **options) -> pd.DataFrame | None:
        """The breakdown from the child-level data: computed once, shown in both editions (each
        edition's disclosure control works on its own copy). A breakdown of the indicators'
        figures (``CUMULATIVE_BREAKDOWNS``) is built from the rows the edition shows."""
        if name in CUMULATIVE_BREAKDOWNS:
            return self._cumulative_breakdown(name)
        frame = self._once(("breakdown", name, repr(sorted(options.items()))),
                           lambda: self._compute_breakdown(name, **options))
        return None if frame is None else frame.copy()

    def _cumulative_breakdown(self, name: str) -> pd.DataFrame | None:
        """``category``/``count`` of the bands of ``CUMULATIVE_BREAKDOWNS[name]`` for the report
        period, with ``attrs["figures"]`` = {label: (indicator, period, field)} for the rows that
        are indicator figures ("Within ..." cumulative counts, the total). None when a figure it
        needs is hidden or missing: a bar must never show what the table beside it hides."""
        from ..indicators.bands import ORDERED_BREAKDOWNS

        bands = CUMULATIVE_BREAKDOWNS[name]
        ids = [ind for _, ind in bands if ind]
        rows = self._rows(ids)
        rows = rows[(rows["period_type"] == "period") & (rows["month"].astype(str) == self.period.label)]
        rows = rows.drop_duplicates("indicator_id").set_index("indicator_id").reindex(ids)
        # a hidden row's numbers are missing in the open view
        cumulative = [float(rows.at[ind, "numerator"]) for ind in ids] + [float(rows.at[ids[-1], "denominator"])]
        if any(pd.isna(v) for v in cumulative):
            return None
        counts = [int(round(b - a)) for a, b in zip([0.0] + cumulative[:-1], cumulative)]
        labels = [label for label, _ in bands]
        frame = pd.DataFrame({"category": labels, "count": counts})
        # the first bands merged for the open edition are a cumulative figure: "Within 3 months"
        first, period = labels[0], self.period.label
        frame.attrs["figures"] = {
            **{ORDERED_BREAKDOWNS[name].merged_label(first, label): (ind, period, "numerator")
               for label, ind in bands if ind},
            "Total (n)": (ids[0], period, "denominator")}
        return frame

    def _compute_breakdown(self, name: str, **options) -> pd.DataFrame | None:
        from ..periods import uk_date
        from .figures import breakdown_frame, stored_breakdown, table_key

        stored = stored_breakdown(self.data.folder, table_key(name, options))
        if stored is not None:  # computed once, while the run built its open figures
            return stored
        frame = breakdown_frame(self.data, name, options)  # the open figures' own call
        if frame is not None and frame.attrs.get("window") == "at" and not frame.attrs.get("when"):
            frame.attrs["when"] = f"at {uk_date(self.period.end)}"  # titled with the day it shows
        return frame

    def _published_breakdown(self, name: str, options: dict) -> pd.DataFrame | None:
        """The breakdown's cells in the run's open figures (None: not one the sections list)."""
        from .figures import table_key

        if self.edition != "open":
            return None
        cells = self.figures.table(table_key(name, options))
        return cells if len(cells) else None

    def breakdown_chart(self, name: str, title: str | None = None, **options) -> None:
        from ..present.chart_data import counts_data_html
        from ..present.charts import bar_chart, stacked_bar_chart
        from .figures import chart_counts_for

        title = title or BREAKDOWN_TITLES.get(name) or name.replace("_", " ").capitalize()
        cells = self._published_breakdown(name, options)
        if cells is not None:  # the open edition: the cells as disclosure control left them
            when = cells["when"].iloc[0] or self.period.title
            counts = chart_counts_for(cells, self.threshold)
            if self._nothing_to_draw(cells, title):
                return
            draw = bar_chart if len(set(cells["column"]) - {"Total"}) == 1 else stacked_bar_chart
            fig = draw(counts, title, period=when, edition="open", threshold=self.threshold)
            _show_figure(fig, title, counts_data_html(counts, f"{title}, {when}", edition="open",
                                                      threshold=self.threshold, symbol=self.symbol,
                                                      table_id=self._table_id(name, options),
                                                      period=self._cells_period(cells)))
            self._merge_note(cells, "chart-note")
            return
        frame = self._breakdown(name, **options)
        if frame is None and name in CUMULATIVE_BREAKDOWNS:
            self._section_note(f"The chart \u201c{title}\u201d is not shown: the figures it is drawn from are "
                               "not shown in the table above for this period.")
            return
        if frame is None or len(frame) == 0:
            return
        merge_note = None
        if {"category", "count"} <= set(frame.columns):
            counts, merge_note = self._merged_bands(name, frame.set_index("category")["count"])
            fig = bar_chart(counts, title, n=int(counts.sum()), period=self._breakdown_when(frame),
                            edition=self.edition, threshold=self.threshold)
        else:
            counts = frame
            fig = stacked_bar_chart(frame, title, period=self._breakdown_when(frame), edition=self.edition,
                                    threshold=self.threshold)
        _show_figure(fig, title, counts_data_html(counts, f"{title}, {self._breakdown_when(frame)}",
                                                  edition=self.edition, threshold=self.threshold,
                                                  symbol=self.symbol, table_id=self._table_id(name, options),
                                                  period=self._breakdown_period(name),
                                                  figures=frame.attrs.get("figures")), caption=merge_note or "")

    def _nothing_to_draw(self, cells: pd.DataFrame, title: str) -> bool:
        """Open edition: every bar hidden or 0. A chart of empty axes (and a table of its numbers
        that is all symbols) tells the reader nothing and costs paper; one line says why, with
        the total where it is published."""
        from ..present.tables import esc
        from .figures import TOTAL

        body = cells[(cells["row"] != TOTAL) & (cells["column"] != TOTAL)]
        if (~body["suppressed"].astype(bool) & (pd.to_numeric(body["value"], errors="coerce").fillna(0) > 0)).any():
            return False
        grand = cells[(cells["row"] == TOTAL) & ((cells["column"] == TOTAL) | (body["column"].nunique() == 1))]
        total = ("" if grand.empty or bool(grand["suppressed"].iloc[-1])
                 else f" (all categories together: {int(grand['value'].iloc[-1]):,})")
        self._section_note(f"{esc(title)}, {esc(cells['when'].iloc[0] or self.period.title)}: not drawn - every category holds 1 to "
                           f"{self.threshold}, or is hidden so that one cannot be worked out{esc(total)}.")
        return True

    def _merge_note(self, cells: pd.DataFrame, css: str) -> None:
        from ..present.tables import esc

        merged = [(r, p.split("|")) for r, p in dict(zip(cells["row"], cells["parts"])).items()
                  if p and "|" in p]
        if merged:
            parts = "; ".join(f"{' and '.join(old)} are shown together as {new}" for new, old in merged)
            _show(f'<p class="{css}">{esc("Neighbouring bands are merged where one holds too few to publish: " + parts + ".")}</p>')

    def _merged_bands(self, name: str, counts: pd.Series) -> tuple[pd.Series, str | None]:
        """Open edition, ordered bands: small bands merged with a neighbour rather than hidden."""
        from ..disclosure.suppress import merge_small_bands
        from ..indicators.bands import ORDERED_BREAKDOWNS
        from ..present.tables import esc

        if self.edition != "open" or name not in ORDERED_BREAKDOWNS:
            return counts, None
        merged = merge_small_bands(counts, self.threshold, ORDERED_BREAKDOWNS[name])
        return merged.counts, esc(merged.note) if merged.note else None

    def _breakdown_when(self, frame) -> str:
        return getattr(frame, "attrs", {}).get("when") or self.period.title

    @staticmethod
    def _table_id(name: str, options: dict) -> str:
        """A breakdown's stable id (``data-table``): its name, with any options it was asked for."""
        return name + "".join(f";{k}={v}" for k, v in sorted(options.items()))

    def _cells_period(self, cells: pd.DataFrame) -> str:
        """The window a published breakdown counts, as the open figures hold it (``data-period``)."""
        return str(cells["last"].iloc[0]) if cells["window"].iloc[0] == "at" else self.period.label

    def _breakdown_period(self, name: str) -> str:
        """The window a breakdown counts (``data-period``): the report period for flows, the last
        month (its end) for a stock, as the indicators name them."""
        from ..indicators import breakdowns

        fn = getattr(breakdowns, name, None)
        params = inspect.signature(fn).parameters if fn is not None else {}
        stock = fn is not None and "period" not in params and "end" not in params
        return str(self.period.last_month) if stock else self.period.label

    def breakdown_table(self, name: str, title: str | None = None, **options) -> None:
        from ..present.tables import count_table
        from .figures import count_frame

        title = title or BREAKDOWN_TITLES.get(name) or name.replace("_", " ").capitalize()
        cells = self._published_breakdown(name, options)
        if cells is not None:  # the open edition: the cells as disclosure control left them
            frame = count_frame(cells, self.symbol)
            _show(count_table(frame, edition="open", threshold=self.threshold, symbol=self.symbol,
                              total_row=True, total_col="Total" in frame.columns,
                              caption=f"{title}, {cells['when'].iloc[0] or self.period.title}", controlled=True,
                              table_id=self._table_id(name, options), period=self._cells_period(cells)))
            self._merge_note(cells, "table-notes")
            return
        frame = self._breakdown(name, **options)
        if frame is None or len(frame) == 0:
            return
        merge_note, when = None, self._breakdown_when(frame)
        if {"category", "count"} <= set(frame.columns):
            counts, merge_note = self._merged_bands(name, frame.set_index("category")["count"])
            frame = counts.to_frame("Number")
            frame.index.name = ""
            total_col = False
        else:
            first = frame.columns[0]
            if not pd.api.types.is_numeric_dtype(frame[first]):
                frame = frame.set_index(first)
            from .figures import reads_transposed

            if reads_transposed(name):  # a wide cross-table reads better (and prints) on its side
                frame = frame.T
            frame.index.name = str(frame.index.name or "").replace("_", " ").capitalize()
            frame.columns.name = None
            total_col = True
        _show(count_table(frame, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
                          total_row=True, total_col=total_col,
                          caption=f"{title}, {when}", table_id=self._table_id(name, options),
                          period=self._breakdown_period(name)))
        if merge_note:
            _show(f'<p class="table-notes">{merge_note}</p>')

    def proceedings_summary(self) -> None:
        """The seed's "last full year vs year to date" table. Open edition: each figure as the
        open figures publish it (``report.figures``, category summary); an average is hidden
        with the count it is built on."""
        from ..present.tables import benchmark_html

        frame = self._breakdown("proceedings_summary")
        if frame is None or len(frame) == 0:
            return
        windows, ids = frame.attrs.get("windows", {}), frame.attrs.get("indicators", [])
        frame = frame.rename(columns={"measure": "indicator"}).copy()
        periods = [c for c in frame.columns if c not in ("indicator", "unit")]
        if self.edition == "open":
            frame[periods] = frame[periods].astype(object)
            rows = self.shown_indicators
            for col in periods:
                start, end = windows[col]
                first, last = str(pd.Timestamp(start).to_period("M")), str(pd.Timestamp(end).to_period("M"))
                span = rows[(pd.to_datetime(rows["start"]).dt.to_period("M").astype(str) == first)
                            & (pd.to_datetime(rows["end"]).dt.to_period("M").astype(str) == last)
                            & (rows["period_type"] != "month")]
                for k, ind in enumerate(ids):
                    hit = span[span["indicator_id"] == ind]
                    hidden = hit.empty or bool(hit["suppressed"].iloc[0])
                    own = k < len(ids) - 2  # the last two rows average a count's weeks
                    if hidden:
                        frame.at[k, col] = self.symbol
                    elif own:
                        frame.at[k, col] = hit["value"].iloc[0]
        _show(benchmark_html(frame, caption="Pre-proceedings and care proceedings: last full year and year to date",
                             table_id="proceedings_summary", period=self.period.label))

    # ---- an analyst's own figures ----------------------------------------------------------
    def show_table(self, counts: pd.DataFrame | pd.Series, caption: str, *, total_row: bool = True,
                   total_col: bool = False) -> None:
        """Show a table of counts of your own in both editions, through the report's disclosure
        control: in the open edition counts from 1 to the threshold, and any cell that would let
        one be worked out from the table's totals, show the symbol. Anything a notebook displays
        another way (a pandas table, ``print``, a chart of its own) is left out of the open
        edition (docs/conventions.md section 5). The run's recovery audit reads the table with
        everything else the council has published; a table it could work a hidden count back
        from stops the report, so prefer breakdowns of counts the report does not already show."""
        from ..present.tables import count_table

        _show(count_table(counts, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
                          total_row=total_row, total_col=total_col, caption=caption, table_id=f"own;{caption}",
                          period=self.period.label))

    def show_chart(self, counts: pd.Series, title: str) -> None:
        """A bar chart of counts of your own, with its numbers, through the same control as
        :meth:`show_table` (hidden categories are not drawn; n is shown as the total)."""
        from ..present.chart_data import counts_data_html
        from ..present.charts import bar_chart

        fig = bar_chart(counts, title, period=self.period.title, edition=self.edition, threshold=self.threshold)
        _show_figure(fig, title, counts_data_html(counts, f"{title}, {self.period.title}", edition=self.edition,
                                                  threshold=self.threshold, symbol=self.symbol,
                                                  table_id=f"own;{title}", period=self.period.label))

    # ---- drill-down (restricted) ----------------------------------------------------------
    def cohort(self, name: str, **window_and_thresholds) -> pd.DataFrame | None:
        """Child-level rows behind an indicator, for inspection preparation in JupyterLab: one
        path with the deep dive (``DeepDive.cohort``), so the rows are the indicator's own.

        ``name``: any indicator ``DeepDive.cohort`` accepts (all its rows), or one of
        ``NAMED_COHORTS`` (the indicator's numerator, or the rows outside it). Window and
        thresholds as ``DeepDive.cohort``; default the report period. Restricted edition only:
        in the open edition nothing child-level is shown.
        """
        from ..deepdive import DeepDive

        if self.edition != "restricted":
            _show('<p class="section-note">Child-level lists are available in the restricted edition only '
                  '(open_section(..., edition="restricted")).</p>')
            return None
        indicator_id, rows = NAMED_COHORTS.get(name, (name, "all"))
        frame = DeepDive(self.data).cohort(indicator_id, **window_and_thresholds)
        if rows == "numerator":
            frame = frame[frame["in_numerator"]]
        elif rows == "outside":
            frame = frame[frame["in_denominator"] & ~frame["in_numerator"]]
        frame = frame.reset_index(drop=True)
        _show(f"<p><strong>{len(frame):,}</strong> rows: {name.replace('_', ' ')}, {self.period.title} "
              "(RESTRICTED)</p>" + frame.head(500).to_html(index=False, classes="findings"))
        return frame

    # ---- commentary and definitions -------------------------------------------------------
    def commentary(self) -> None:
        name = f"{self.spec.key}.md"
        block = {"kind": "commentary", "file": name, "wide": self.spec.starts_wide and not self.spec.table_ids}
        _show(Commentary(self.params, self.period).html(block), commentary=block)

    def definitions(self, ids=None) -> None:
        from ..present.tables import definitions_box
        from .appendix import appendix_block

        ids = ids or self.spec.table_ids or [i for i, ind in REGISTRY.items() if ind.section == self.spec.key]
        ids = [i for i in ids if i in REGISTRY]
        _show(appendix_block("definitions", definitions_box(ids, conventions=self.params.conventions)))

    # ---- summary section -----------------------------------------------------------------
    def scorecard(self) -> None:
        from ..present.tables import scorecard_table
        from .sections import SECTIONS

        ids = [i for s in SECTIONS for i in s.scorecard_ids if i in REGISTRY]
        spc_ids = [i for s in SECTIONS for i in s.spc_ids if i in REGISTRY] + ids
        _show(scorecard_table(self._rows(ids), ids, self.params, self.period.short_title,
                              period_months=self.period_months, edition=self.edition,
                              spc=self.spc_labels(dict.fromkeys(spc_ids)),
                              caption=f"Headline scorecard, {self.period.title}"))

    def key_messages(self) -> None:
        _show(self._commentary_html("key_messages", "summary.md"),
              commentary={"kind": "key_messages", "file": "summary.md"})

    def notes_on_method(self) -> None:
        from ..present.tables import esc

        conv = self.params.conventions
        start = ("the start of the assessment (DfE)" if conv.assessment_timeliness_start == "assessment_start"
                 else "the referral date (Working Together)")
        from ..periods import uk_date

        extract = uk_date(self.data.meta.get("extract_date"))
        points = conv.no_change_band_points
        _show(
            '<div class="method-notes"><h3 class="block-title">How to read this report</h3><ul>'
            "<li>Working days exclude weekends and England and Wales bank holidays; a duration counts the working "
            "days after the start date up to and including the end date.</li>"
            f"<li>Assessment timeliness is measured from {start}.</li>"
            "<li>Rates are per 10,000 children aged 0-17 (ONS mid-year estimates; DfE's rule: the year ending "
            "31 March Y uses mid-year Y-1). Rolling rates cover the 12 months ending with the month.</li>"
            "<li>Red, amber and green ratings compare the period's value with the target and the tolerance the "
            "council has set; "
            "months with fewer than "
            f"{conv.small_denominator} cases are marked † and never rated red. Activity measures have no RAG.</li>"
            "<li>Arrows compare with the previous period and the same period last year; a change smaller than "
            f"{points:g} percentage point{'' if points == 1 else 's'} (or {conv.no_change_band_relative:.0%} for counts "
            "and rates) is shown as no meaningful change.</li>"
            + (f"<li>Counts from 1 to {self.threshold} are shown as \"{self.symbol}\", with further cells hidden "
               "where they could be worked out by subtraction.</li>" if self.edition == "open" else "")
            + f"<li>Data extracted on {extract}.</li>"
            # on paper, what the data cover is said once, in the data-quality section
            + "".join(f'<li class="screen-only">{esc(n)}</li>' for n in self.data.meta.get("coverage_notes", []))
            + (f'<li class="print-only">What the data cover, and from when: section {BY_KEY["data_quality"].number}, '
               "Data quality.</li>" if self.data.meta.get("coverage_notes") else "")
            + "</ul></div>")

    # ---- improvement plan ---------------------------------------------------------------
    def _plan(self):
        return self.data.tables.get("improvement_actions", pd.DataFrame())

    def _plan_shown(self) -> pd.DataFrame:
        """The actions as this edition shows them: an owner that is a person's name, not a post,
        is "A named officer" in the open edition (docs/improvement-plan.md section 6)."""
        from ..inputs.privacy import hide_person_names

        actions = self._plan()
        if self.edition != "open" or "owner" not in actions.columns:
            return actions
        return actions.assign(owner=hide_person_names(actions["owner"]))

    def _previous_plan(self) -> pd.DataFrame | None:
        path = self.data.folder / "tables_previous" / "improvement_actions.parquet"
        return read_parquet_once(path) if path.exists() else None

    def _report_date(self) -> pd.Timestamp:
        from .heading import report_date

        return pd.Timestamp(report_date(self.params, self.period, self.data.meta.get("extract_date")))

    def plan_overview(self) -> None:
        from ..improvement import html as plan_html
        from ..improvement import plan

        actions = self._plan()
        if actions.empty:
            return
        _show(plan_html.status_counts_html(plan.status_counts(actions, self.params), self.params,
                                           summary=plan.status_summary_text(actions, self.params),
                                           caption="Improvement-plan actions by status"))

    def plan_by_area(self) -> None:
        from ..improvement import charts, plan
        from ..improvement.statuses import status_scheme
        from ..present.chart_data import table_data_html

        actions = self._plan()
        if actions.empty:
            return
        by_area = plan.status_by_area(actions, self.params)
        fig = charts.plan_status_chart(by_area, self.params)
        scheme = status_scheme(self.params)
        _show_figure(fig, "Improvement plan actions by area and status", table_data_html(
            by_area.rename(columns=scheme.label), "Improvement-plan actions by area and status", row_label="Area",
            table_id="plan_status_by_area", period=self.period.label))

    def plan_attention(self) -> None:
        """Red, then amber, actions with their progress notes: what the committee reads first."""
        from ..improvement import html as plan_html
        from ..improvement import plan

        actions = self._plan_shown()
        if actions.empty:
            return
        _show(plan_html.attention_html(plan.actions_needing_attention(actions, self.params), self.params,
                                       caption="Actions rated red or amber, with their progress"))

    def plan_due_vs_completed(self) -> None:
        from ..improvement import html as plan_html
        from ..improvement import plan

        actions = self._plan()
        if actions.empty:
            return
        table = plan.due_vs_completed(actions, self.period, self.params, report_date=self._report_date())
        _show(plan_html.due_vs_completed_html(
            table, caption=f"Actions due for completion in {self.period.title} (by their original deadline)"))

    def plan_overdue(self) -> None:
        from ..improvement import html as plan_html
        from ..improvement import plan
        from ..periods import uk_date

        actions = self._plan_shown()
        if actions.empty:
            return
        when = uk_date(self._report_date())
        _show(plan_html.overdue_html(
            plan.overdue_actions(actions, self._report_date(), self.params), self.params,
            caption=f"Overdue actions at {when}: past the deadline now in force", empty=(
                f"No action is overdue at {when}: none is past the deadline now in force (the revised "
                "deadline where one was moved; see the deadline revisions).")))

    def plan_revisions(self) -> None:
        """The one table of revised deadlines, saying which moved since the last report."""
        from ..improvement import html as plan_html
        from ..improvement import plan

        actions = self._plan_shown()
        if actions.empty:
            return
        previous = self._previous_plan()
        moved = None
        if previous is not None:
            changes = plan.changes_since(previous, self._plan(), self.params)
            moved = set(changes.loc[changes["change"] == "deadline", "action_ref"])
        _show(plan_html.revisions_html(plan.deadline_revisions(actions), moved_since=moved,
                                       caption="Deadline revisions: every action whose deadline has been moved"))

    def plan_measures(self) -> None:
        from ..improvement import html as plan_html
        from ..improvement import plan

        measures = self.data.tables.get("improvement_measures", pd.DataFrame())
        if measures.empty:
            return
        # a measure never shows a figure its section hides
        _show(plan_html.measures_html(plan.measures_table(measures, self.shown_indicators, self.params,
                                                          period=self.period, actions=self._plan()),
                                      symbol=self.symbol, period=self.period.label,
                                      caption="Improvement-plan measures: baseline, target, latest value, rating and "
                                              "direction of travel"))

    def plan_changes(self) -> None:
        """New and removed actions and status changes since the previous report; moved deadlines
        are in the deadline revisions table, so they are not listed twice."""
        from ..improvement import html as plan_html
        from ..improvement import plan

        previous = self._previous_plan()
        actions = self._plan()
        if previous is None or actions.empty:
            _show('<p class="section-note">No previous plan snapshot was supplied, so changes since the last '
                  "report cannot be shown.</p>")
            return
        changes = plan.changes_since(previous, actions, self.params)
        changes = changes.loc[changes["change"] != "deadline"].reset_index(drop=True)
        _show(plan_html.changes_html(changes, self.params,
                                     caption="Changes since the last report: new and removed actions and status "
                                             "changes (moved deadlines are in the deadline revisions table)"))

    def plan_actions(self) -> None:
        """Every action, grouped by area: beside the section on screen, Appendix B in print."""
        from ..improvement import html as plan_html
        from ..improvement import plan
        from .appendix import appendix_block

        actions = self._plan_shown()
        if actions.empty:
            return
        _show(appendix_block("plan", plan_html.actions_html(
            plan.action_list(actions, self.params), self.params,
            caption="The improvement plan: every action by area, with its owner, deadlines, status and progress")))

    # ---- data quality ---------------------------------------------------------------------
    def coverage(self) -> None:
        """What the supplied data can and cannot show."""
        from ..present.tables import esc

        notes = self.data.meta.get("coverage_notes", [])
        if notes:
            _show('<div class="coverage-notes"><h3 class="block-title">What the data cover</h3><ul>'
                  + "".join(f"<li>{esc(n)}</li>" for n in notes) + "</ul></div>")

    def row_accounts(self) -> None:
        from ..present.tables import count_table

        accounts = self.data.accounts.copy()
        if accounts.empty:
            return
        accounts = accounts.set_index("table").rename(columns={
            "rows_read": "Rows read", "rows_unreadable": "Unreadable (dropped by the reader)",
            "rows_excluded": "Excluded by a rule", "rows_used": "Rows used",
            "rows_with_blanked_fields": "Used, with a field set aside"})
        from .appendix import APPENDICES, appendix_block

        # on paper the accounts and the findings by rule go to an appendix (what the analyst
        # fixes the data with); one line says where they are
        _show(f'<p class="print-only">Every row accounted for, and the findings by rule and list: '
              f"{APPENDICES['data_quality'].title.split(':')[0]}.</p>")
        _show(appendix_block("data_quality", count_table(
            accounts, edition=self.edition, threshold=self.threshold, symbol=self.symbol,
            total_row=True, total_col=False,
            caption="Every row accounted for: rows read = rows used + unreadable + excluded",
            table_id="row_accounts", period=self.period.label)))

    def findings_by_rule(self) -> None:
        from ..disclosure.suppress import suppress
        from ..present.tables import esc

        findings = self.data.findings
        if findings.empty:
            _show('<p class="section-note">No data-quality problems were found.</p>')
            return
        table = (findings.astype({"rule": str, "severity": str, "table": str, "action": str})
                 .groupby(["rule", "table", "severity", "action"]).size().rename("rows").reset_index())
        messages = findings.drop_duplicates("rule").set_index("rule")["message"].astype(str)
        table["problem"] = table["rule"].map(messages)
        if self.edition == "open":
            table["rows"] = suppress(table[["rows"]], self.threshold, symbol=self.symbol,
                                     count_columns=["rows"])["rows"]
        from ..present.provenance import figure_attrs

        effect = {"report": "listed only", "blank": "field set aside", "drop": "row excluded"}
        table["rows"] = [v if isinstance(v, str) else f"{int(v):,}" for v in table["rows"]]
        body = "".join(
            f"<tr{figure_attrs(row=r['rule'] + ' ' + r['table'])}><td>{esc(r['rule'])}</td>"
            f"<td>{esc(r['problem'])}</td><td>{esc(r['table'])}</td>"
            f"<td>{esc(r['severity'])}</td><td>{esc(effect.get(r['action'], r['action']))}</td>"
            f'<td class="count num"{figure_attrs(col="rows")}>{esc(r["rows"])}</td></tr>'
            for r in table.to_dict("records"))
        where = figure_attrs(period=self.period.label, table="data_quality_findings")
        from .appendix import appendix_block

        _show(appendix_block("data_quality", f'<table class="report-table findings-by-rule"{where}><caption>'
                             "Data-quality findings by rule and list</caption><thead><tr><th>Rule</th><th>Problem"
                             "</th><th>List</th><th>Severity</th><th>Effect</th><th>Rows</th></tr></thead>"
                             f"<tbody>{body}</tbody></table>"))

    def findings_rows(self, limit: int = 200) -> None:
        from ..present.tables import esc

        if self.edition == "open":
            _show('<p class="section-note">Row-by-row listings (file, sheet, row, column, value) are in the '
                  "restricted edition and in restricted/data_quality_rows.csv.</p>")
            return
        findings = self.data.findings.head(limit)
        if findings.empty:
            return
        cols = ["table", "file", "sheet", "row", "column", "value", "rule", "severity", "message"]
        head = "".join(f"<th>{esc(c)}</th>" for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{esc(r.get(c, ''))}</td>" for c in cols) + "</tr>"
                       for r in findings.to_dict("records"))
        _show(f'<table class="findings"><caption>First {len(findings)} findings (restricted)</caption>'
              f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def rule_catalogue(self) -> None:
        from ..present.tables import esc
        from ..rules import list_rules

        rules = list_rules()
        body = "".join(f"<tr><td>{esc(r['code'])}</td><td>{esc(r['table'])}</td><td>{esc(r['severity'])}</td>"
                       f"<td>{esc(r['action'])}</td><td>{esc(r['message'])}</td></tr>"
                       for r in rules.to_dict("records"))
        # a reference list, collapsed on screen; on paper one line says where it is (five pages
        # of rules are not for the committee)
        _show(f'<p class="print-only">The {len(rules)} validation rules are listed in the HTML edition of this '
              f"report (section {self.spec.number}, \u201cThe validation rules\u201d).</p>"
              '<details class="rule-catalogue"><summary>The validation rules</summary><table class="rules">'
              "<thead><tr><th>Rule</th><th>List</th><th>Severity</th><th>Effect</th><th>Check</th></tr></thead>"
              f"<tbody>{body}</tbody></table></details>")


# every public block (a method whose name does not start with "_") serves both editions
for _name, _member in [*vars(ContentBlocks).items(), *vars(SectionView).items()]:
    if callable(_member) and not _name.startswith("_") and _name not in ("spc_labels", "cohort"):
        setattr(SectionView, _name, _for_editions(_member))


def open_section(key: str, prepared_dir: str = "", edition: str = "open") -> SectionView:
    """The section ``key`` of the run prepared in ``prepared_dir`` ("" = the notebook fixture)."""
    load_definitions()  # fill the registry (titles, units, polarity) in this kernel
    folder = Path(prepared_dir) if prepared_dir else notebook_fixture()
    return SectionView(BY_KEY[key], load_prepared(folder), edition)
