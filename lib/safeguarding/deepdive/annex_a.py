"""Per-list Annex A summaries for an inspection pack: counts by month and by age band, sex,
ethnicity group and disability for Lists 1-8, each with the list's Annex A meaning.

What each list counts in a window (Ofsted ILACS Annex A; ``LISTS``):

* Lists 1, 3, 5 - events **dated in** the window (contacts, referrals, S47 enquiries started);
  one row per event, so a child can count more than once.
* List 4 - assessments **open at any time** in the window (started on or before its end and not
  authorised before its start): Annex A lists open assessments as well as completed ones.
* List 2 - early help episodes open at any time in the window.
* Lists 6, 7, 8 - **children** open at any time in the window: in need (List 6 is CIN *open*,
  not CIN started), on a CP plan, looked after. Each child counts once, with the characteristics
  of their latest episode.

By month, a list of events counts the events of each month (the months add up to the window);
a list of open episodes counts those open at some time in each month (a child open for three
months counts in each, so the months do not add up). Ages are at the event date, or at the
window's end for open episodes.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .cohort import _child_disability
from ..groups import NOT_RECORDED, age_bands, disability_label, ethnicity_group, sex_label, sort_groups


@dataclass(frozen=True)
class ListSpec:
    number: int
    name: str
    table: str
    start: str
    end: str | None  # None: an event list, counted by ``start``
    unit: str  # "events", "episodes" or "children"
    meaning: str

    @property
    def column(self) -> str:
        return f"L{self.number} {self.name}"


LISTS = [
    ListSpec(1, "Contacts", "contacts", "contact_date", None, "events", "contacts dated in the window"),
    ListSpec(2, "Early help", "early_help", "eh_start_date", "eh_end_date", "episodes",
             "early help episodes open at any time in the window"),
    ListSpec(3, "Referrals", "referrals", "referral_date", None, "events", "referrals dated in the window"),
    ListSpec(4, "Assessments", "assessments", "assessment_start_date", "assessment_auth_date", "episodes",
             "assessments open at any time in the window (started by its end, not authorised before its start)"),
    ListSpec(5, "S47 enquiries", "s47", "s47_start_date", None, "events", "S47 enquiries started in the window"),
    ListSpec(6, "Children in need", "cin", "cin_start_date", "cin_closure_date", "children",
             "children with a CIN episode open at any time in the window (not only those starting)"),
    ListSpec(7, "Child protection", "cp_plans", "cpp_start_date", "cpp_end_date", "children",
             "children on a CP plan at any time in the window (on a plan at its end, or ended in it)"),
    ListSpec(8, "Children in care", "looked_after", "cla_start_date", "cla_end_date", "children",
             "children looked after at any time in the window (in care at its end, or ceased in it)"),
]
DIMENSIONS = {"age_band": "Age band", "sex": "Sex", "ethnicity_group": "Ethnicity group",
              "disability": "Disability"}


def _rows_in(t: pd.DataFrame, spec: ListSpec, start, end) -> pd.Series:
    if spec.end is None:
        return (t[spec.start] >= start) & (t[spec.start] <= end)
    return (t[spec.start] <= end) & (t[spec.end].isna() | (t[spec.end] >= start))


def list_rows(tables, spec: ListSpec, start, end) -> pd.DataFrame:
    """The rows a list counts in [start, end], with the breakdown groups."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    t = tables.get(spec.table)
    if t is None or not len(t):
        return pd.DataFrame(columns=["child_id", "date", "end", *DIMENSIONS])
    hit = t[_rows_in(t, spec, start, end)]
    if spec.unit == "children":  # one row per child: the latest episode in the window
        hit = hit.sort_values(spec.start, kind="stable").drop_duplicates("child_id", keep="last")
    at = hit[spec.start] if spec.end is None else pd.Series(end, index=hit.index)
    disability = hit["disability"] if "disability" in hit else hit["child_id"].map(_child_disability(tables))
    return pd.DataFrame({
        "child_id": hit["child_id"].to_numpy(), "date": hit[spec.start].to_numpy(),
        "end": hit[spec.end].to_numpy() if spec.end else hit[spec.start].to_numpy(),
        "age_band": age_bands(hit["date_of_birth"], at).to_numpy(),
        "sex": sex_label(hit["sex"]).to_numpy(),
        "ethnicity_group": ethnicity_group(hit["ethnicity"]).to_numpy(),
        "disability": disability_label(disability).to_numpy()})


def by_month(tables, period_months: list[pd.Period]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(event lists by month with a Total row that is their sum, open lists by month - no total,
    as a child open in several months counts in each)."""
    events, open_ = {}, {}
    for spec in LISTS:
        counts = []
        for month in period_months:
            counts.append(len(list_rows(tables, spec, month.start_time, month.end_time.normalize())))
        (events if spec.end is None else open_)[spec.column] = counts
    index = pd.Index([m.strftime("%b %Y") for m in period_months], name="Month")
    ev = pd.DataFrame(events, index=index)
    ev.loc["Total"] = ev.sum()
    return ev, pd.DataFrame(open_, index=index)


def by_dimension(tables, dimension: str, start, end) -> pd.DataFrame:
    """Groups x lists (counts over the whole window) with a Total row."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension '{dimension}'; valid: {', '.join(DIMENSIONS)}")
    columns = {}
    for spec in LISTS:
        rows = list_rows(tables, spec, start, end)
        columns[spec.column] = rows.groupby(dimension).size() if len(rows) else pd.Series(dtype=int)
    frame = pd.DataFrame(columns).fillna(0).astype(int)
    frame.index.name = dimension
    frame = sort_groups(frame.reset_index(), dimension).set_index(dimension)
    frame.index.name = DIMENSIONS[dimension]
    if NOT_RECORDED in frame.index and not frame.loc[NOT_RECORDED].any():
        frame = frame.drop(index=NOT_RECORDED)
    frame.loc["Total"] = frame.sum()
    return frame


def summaries(tables, start, end, period_months: list[pd.Period]) -> dict[str, pd.DataFrame]:
    """Every summary table of the pack, titled (the Total rows are the sums of the rows above)."""
    ev, open_ = by_month(tables, period_months)
    out = {"Events by month (Lists 1, 3, 5)": ev,
           "Open at any time in the month (Lists 2, 4, 6, 7, 8)": open_}
    for dim, title in DIMENSIONS.items():
        out[f"By {title.lower()}"] = by_dimension(tables, dim, start, end)
    return out


def meanings() -> pd.DataFrame:
    return pd.DataFrame([(s.column, s.meaning, s.unit) for s in LISTS], columns=["List", "Counts", "Unit"])
