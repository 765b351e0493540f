"""The attacker's model: every published figure as a linear function of unknown counts.

A council publishes many figures of the same few counts: referrals in July, in the quarter, in
the 12 months to September; the same month again in next month's report and in a chart of the
last year. An attacker who reads every open file (and every earlier report) can line them up.
This module writes what such a reader knows as linear relations over unknown whole numbers, and
works out how far each hidden count can be pinned down. It is used twice, by design from
different inputs: by ``protect`` (the figures a report is about to publish, with the ledger) to
choose what to hide, and by ``audit`` (the figures read back from the open files, with the
ledger) to decide whether the report may be published.

**Records.** A figure is one row of :data:`RECORD_COLUMNS`: what it is (``kind`` indicator or
table, ``figure`` the indicator id or table name, ``field``, ``row``), the months it covers
(``first``..``last``), its published value (missing when hidden) and ``status``: ``published``,
``primary`` (hidden: a count from 1 to the threshold), ``secondary`` (hidden so that a primary
count cannot be worked out), ``hidden`` (a symbol whose reason is not known) or ``na``.

**Unknowns.** One per count series and month: the referrals of each month, the children on CP
plans at each month end, the cells of a breakdown of each month. A figure is a sum of them:

* a month or a period of a flow adds its months; a rolling-12 value the 12 months ending with
  its month; a stock (children on plans, open arrangements) is its value at the window's end;
* counts published under several indicators are one series (``suppress.SHARED_COUNTS``);
* a percentage published without its counts (a chart's value) ties its numerator to its
  denominator within the rounding of the printed value;
* breakdown tables: each cell is a series; a total is the sum of the cells it totals; a
  table's grand total is the indicator it breaks down (:data:`TABLE_LINKS`);
* distinct children (``children_with_contact``) do not add up over months: each window is its
  own unknown, at least its largest month and at most their sum;
* flow balances (:data:`FLOW_BALANCES`): open at the month end = open a month earlier +
  started - ended.

**What a reader knows about a hidden figure**: a primary cell is a count from 1 to the
threshold; a secondary one may be any number, 0 included (so knowing it is secondary bounds
nothing). The open edition does not say which is which; reports published before the ledger
did (a ``suppression`` column), and their records say so (``labelled``). The ``labels`` and
``balances`` models use what was published; ``oracle`` uses the status of every hidden count as
the ledger holds it - what the open files would give away if they named primary cells (a
diagnostic: five primary cells inside a primary total of 5 are each 1, and no suppression can
prevent it).

**Exposed** (:meth:`Model.exposures`): a hidden count whose smallest and largest possible value
(a linear programme over the published figures, rounded to whole numbers) meet at a value from
1 to the threshold. Published figures that contradict each other (a revised month, a relation
that does not hold for this council) are handled by dropping the relations the definitions do
not guarantee (balances, table links, ratios), then by reading each extract on its own.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

RECORD_COLUMNS = ["kind", "figure", "field", "row", "parts", "first", "last", "window", "value", "status",
                  "labelled", "extract", "source"]
HIDDEN = ("primary", "secondary", "hidden")

# Count fields a unit's threshold protects (the others are not counts of children: a rate's
# population, the summed weeks behind an average).
PROTECTED_FIELDS = {"count": ("numerator",), "percent": ("numerator", "denominator"),
                    "rate_per_10k": ("numerator",), "days": ("denominator",), "weeks": ("denominator",),
                    "score": ("denominator",)}

# Stocks and the flows that change them: open at a month end = open at the end of the month before
# + the inflows - the outflows of the month (checked exactly on the demo's whole history; an
# outflow no indicator publishes is an unknown of its own, so the relation is an inequality).
FLOW_BALANCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cp_children": (("cp_plans_started",), ("cp_plans_ceased",)),
    "care_proceedings_open": (("care_applications",), ("care_proceedings_concluded",)),
    "pre_proceedings_open": (("pre_proceedings_started",), ("pre_proceedings_issued", "pre_proceedings_stepped_down")),
    "pf_open_arrangements": (("pf_new_arrangements",), ("pf_arrangements_ended",)),
    "yc_open": (("yc_identified",), ("yc_episodes_closed",)),
}
# Counts of distinct children over a window: not the sum of their months.
NON_ADDITIVE = {"children_with_contact"}

# Breakdown tables whose grand total is an indicator's count over the same window (a reader of
# the definitions can line them up): table name -> count series.
TABLE_LINKS: dict[str, str] = {
    "contact_sources": "contacts", "referral_sources": "referrals",
    "assessment_duration_bands": "assessments_completed", "icpc_timeliness_bands": "icpcs",
    "cp_latest_category": "cp_children", "cp_open_duration_bands": "cp_children",
    "pf_notification_sources": "pf_notifications", "pf_ethnicity": "pf_notifications",
    "yc_age_profile": "yc_identified", "yc_sex": "yc_identified", "yc_identification_sources": "yc_identified",
    "lado_outcomes_by_sector;taken_forward_only=False": "lado_contacts", "lado_conclusion_times": "lado_concluded",
}
# Tables whose rows are months and whose columns are counts of a series (the inspection pack's
# events by month): table name -> {column: series}.
MONTH_TABLES: dict[str, dict[str, str]] = {
    "annex_a_events_by_month": {"L1 Contacts": "contacts", "L3 Referrals": "referrals",
                                "L5 S47 enquiries": "s47_started"},
}
TOTAL = "Total"


@lru_cache(maxsize=None)
def table_window(table: str) -> str:
    """How a published table's cells add up over time, from what it counts: ``sum`` (a flow
    breakdown over its window: its months add up), ``at`` (a stock at its date) or ``once`` (a
    table of its own window, e.g. children open at any time in it)."""
    import inspect

    from ..indicators import breakdowns

    name = table.split(";")[0]
    if name in MONTH_TABLES:
        return "sum"
    fn = getattr(breakdowns, name, None)
    if fn is None:
        return "once"
    params = inspect.signature(fn).parameters
    return "sum" if "end" in params or "period" in params else "at"


@lru_cache(maxsize=None)
def merged_parts(table: str, row: str) -> str:
    """The bands a merged row of an ordered breakdown joins ("1 year or more": the two bands
    from 1 year), as ``a|b`` - what the band names say to any reader; else the row itself."""
    from ..indicators.bands import ORDERED_BREAKDOWNS

    bands = ORDERED_BREAKDOWNS.get(table.split(";")[0])
    if bands is not None:
        labels = list(bands.labels)
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                if bands.merged_label(labels[i], labels[j]) == row:
                    return "|".join(labels[i:j + 1])
    return row


def column_link(table: str, column: str) -> str | None:
    """The count a column's total is, for the inspection pack's tables by age, sex, ethnicity
    and disability: their event lists' totals are the same counts as the events by month."""
    if table.startswith("annex_a_by_"):
        return MONTH_TABLES["annex_a_events_by_month"].get(column)
    return None


def empty_records() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == "value" else "object") for c in RECORD_COLUMNS})


# --------------------------------------------------------------------------------------------
# Series and windows
# --------------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _definition(indicator_id: str):
    from ..indicators.compute import load_definitions
    from ..indicators.registry import REGISTRY

    if not REGISTRY:
        load_definitions()
    return REGISTRY.get(indicator_id)


@lru_cache(maxsize=None)
def _shared() -> dict[tuple[str, str], str]:
    from .suppress import SHARED_COUNTS

    return {member: base for base, members in SHARED_COUNTS.items() for member in members}


def series_of(indicator_id: str, field_name: str) -> str:
    """The count series a field publishes: the shared count it repeats, else its own."""
    base = _shared().get((indicator_id, field_name))
    if base is not None:
        return base
    definition = _definition(indicator_id)
    if field_name == "numerator" and definition is not None and definition.unit == "count":
        return indicator_id
    return f"{indicator_id}:{field_name}"


@lru_cache(maxsize=None)
def months_between(first: str, last: str) -> tuple[str, ...]:
    return tuple(str(p) for p in pd.period_range(first, last, freq="M"))


@lru_cache(maxsize=None)
def _shift(month: str, n: int) -> str:
    return str(pd.Period(month, "M") + n)


@dataclass(frozen=True)
class Term:
    """A sum over one series: ``sum`` of its months first..last, its value ``at`` last, or the
    unknown of its own window (``once``)."""
    series: str
    kind: str
    first: str
    last: str

    def unknowns(self) -> tuple:
        if self.kind == "sum":
            return tuple((self.series, m) for m in months_between(self.first, self.last))
        if self.kind == "at":
            return ((self.series, self.last),)
        return ((self.series, f"{self.first}..{self.last}"),)


@dataclass(frozen=True)
class Expr:
    terms: tuple[Term, ...]
    count: str = "count"  # how the labels bound it: count | pct_num | pct_den | none

    def unknowns(self) -> tuple:
        return tuple(u for t in self.terms for u in t.unknowns())


@dataclass(frozen=True)
class Ratio:
    """A percentage printed without its counts: 100 * numerator / denominator, rounded."""
    numerator: Expr
    denominator: Expr
    value: float
    precision: float = 0.05


def indicator_expr(indicator_id: str, field_name: str, first: str, last: str) -> Expr | Ratio | None:
    """The sum of unknowns a field of an indicator row publishes (None: not a count of children)."""
    definition = _definition(indicator_id)
    if definition is None:
        return None
    unit = definition.unit
    if field_name == "value":
        if unit == "count":
            field_name = "numerator"
        else:
            return None  # percentages: see ratio_expr (they need the value)
    if field_name not in PROTECTED_FIELDS.get(unit, ()):
        return None
    series = series_of(indicator_id, field_name)
    if definition.window == "rolling_12":
        term = Term(series, "sum", _shift(last, -11), last)
    elif definition.window == "month_end" or definition.aggregation == "end":
        term = Term(series, "at", last, last)
    elif indicator_id in NON_ADDITIVE:
        term = Term(series, "once", first, last)
    else:
        term = Term(series, "sum", first, last)
    label = "count"
    if unit == "percent":
        label = "pct_num" if field_name == "numerator" else "pct_den"
    return Expr((term,), label)


def ratio_expr(indicator_id: str, first: str, last: str, value: float) -> Ratio | None:
    definition = _definition(indicator_id)
    if definition is None or definition.unit != "percent" or value is None or not np.isfinite(value):
        return None
    num = indicator_expr(indicator_id, "numerator", first, last)
    den = indicator_expr(indicator_id, "denominator", first, last)
    if num is None or den is None:
        return None
    return Ratio(num, den, float(value))


def table_series(table: str, row: str, column: str) -> str:
    return f"table:{table}:{row}:{column}"


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Row:
    coeffs: dict  # unknown -> coefficient
    lo: float
    hi: float
    soft: str = ""  # "" (a published figure), label, or the hypothesis it rests on: balance | link | ratio | distinct
    record: int = -1  # the published record that states it (-1: a relation of the definitions)


@dataclass
class Target:
    record: int  # index into the records (-1: a count no figure prints, see ``implicit``)
    expr: dict
    extract: str
    unknown: tuple | None = None  # for an implicit target: the unknown it is


@dataclass
class Exposure:
    record: int
    value: float
    target: "Target | None" = None


@dataclass
class Component:
    rows: list[Row] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


# The attacker models, from the audit's own (sums of months, counts at least 0) to the
# strongest (whole numbers, the status of every hidden count, flow balances).
MODELS = ("sums", "labels", "balances", "oracle")


@dataclass
class _Form:
    """A linear form over terms, before months are grouped into unknowns."""
    parts: list  # [(coefficient, Term)]
    lo: float
    hi: float
    soft: str = ""
    record: int = -1


def _form(expr: Expr, coef: float = 1.0) -> list:
    return [(coef, t) for t in expr.terms]


class Model:
    """The linear model of ``records`` (:data:`RECORD_COLUMNS`) for one council.

    ``model``: ``sums`` (every figure a sum of unknowns of at least 0, read as real numbers;
    table margins, table links and ratios included), ``labels`` (+ whole numbers, and the
    hidden counts the open files label primary are 1..threshold), ``balances`` (+ flow
    balances) or ``oracle`` (+ every hidden count's status, labelled or not). ``targets``:
    which hidden records to check (default: every hidden one).

    Months that every figure of a series covers together (the six months of a half-year table
    published once) are one unknown: their sum is all any figure says about them."""

    def __init__(self, records: pd.DataFrame, threshold: int, *, model: str = "balances", targets=None,
                 implicit: bool = True):
        if model not in MODELS:
            raise ValueError(f"model must be one of {MODELS}")
        self.records = records.reset_index(drop=True)
        self.threshold = threshold
        self.model = model
        self.labels = model != "sums"  # whole numbers, and the labels a reader has
        self.oracle = model == "oracle"
        self.balances = model in ("balances", "oracle")
        self.rows: list[Row] = []
        self.targets: list[Target] = []
        self.coeffs: dict[int, tuple[dict, str]] = {}  # record -> (its unknowns, how labels bound it)
        self._term_cache: dict = {}
        self.inconsistent: list[list[int]] = []  # records of components whose figures contradict
        self._build(targets)
        if implicit:
            self._implicit_targets()

    # ---- records to forms -------------------------------------------------------------------
    def _expr(self, rec) -> Expr | Ratio | None:
        if rec["kind"] == "indicator":
            if rec["field"] == "value" and rec["status"] == "published":
                definition = _definition(rec["figure"])
                if definition is not None and definition.unit == "percent":
                    return ratio_expr(rec["figure"], rec["first"], rec["last"], rec["value"])
            return indicator_expr(rec["figure"], rec["field"], rec["first"], rec["last"])
        if rec["kind"] == "table":
            return self._table_expr(rec)
        return None

    def _table_expr(self, rec) -> Expr | None:
        table, row, column = rec["figure"], rec["row"], rec["field"]
        window = rec["window"] if rec["window"] in ("sum", "at", "once") else "sum"
        first, last = rec["first"], rec["last"]
        if table in MONTH_TABLES:
            series = MONTH_TABLES[table].get(column)
            if series is None:
                return Expr((Term(table_series(table, row, column), "once", first, last),))
            return Expr((Term(series, "sum", first, last),))
        layout = self._layouts[table]
        rows = layout["rows"] if row == TOTAL else [p for p in (rec["parts"] or row).split("|") if p]
        cols = layout["cols"] if column == TOTAL else [column]
        # a total is the sum of its cells; that it is also the count the table breaks down is a
        # relation of the definitions (``_link_rows``, ``_column_link_rows``), dropped when the
        # figures contradict it
        return Expr(tuple(Term(table_series(table, r, c), window, first, last) for r in rows for c in cols))

    def _build(self, targets) -> None:
        recs = self.records
        self._layouts = {}
        for table, g in recs[recs["kind"] == "table"].groupby("figure", sort=False):
            rows = sorted({p for r, parts in zip(g["row"], g["parts"]) if r != TOTAL
                           for p in (parts or r).split("|") if p})
            self._layouts[table] = {"rows": rows, "cols": sorted({c for c in g["field"] if c != TOTAL}),
                                    "windows": set(g["window"])}
        statuses = recs["status"].to_numpy()
        values = pd.to_numeric(recs["value"], errors="coerce").to_numpy(dtype=float)
        check = None if targets is None else set(targets)
        forms: list[_Form] = []
        target_forms: list[tuple[int, list, str]] = []
        label_of: dict[int, tuple[list, str]] = {}
        for i, rec in enumerate(recs.to_dict("records")):
            status = statuses[i]
            if status not in HIDDEN and status != "published":
                continue
            expr = self._expr(rec)
            if expr is None:
                continue
            if isinstance(expr, Ratio):
                # (v - p) * den <= 100 * num <= (v + p) * den
                for sign, bound in ((1, expr.value + expr.precision), (-1, expr.value - expr.precision)):
                    forms.append(_Form(_form(expr.numerator, 100.0 * sign) + _form(expr.denominator, -sign * bound),
                                       -np.inf, 0.0, "ratio", i))
                continue
            label_of[i] = (_form(expr), expr.count)
            if status == "published":
                if np.isfinite(values[i]):
                    forms.append(_Form(_form(expr), values[i], values[i], "", i))
                continue
            published = str(rec.get("labelled") or "") not in ("", "0", "False", "nan")
            if self.oracle or (self.labels and published):
                lo, hi = self._label_bounds(expr.count, status, published)
                if lo > 0 or np.isfinite(hi):
                    forms.append(_Form(_form(expr), lo, hi, "label", i))
            if check is None or i in check:
                target_forms.append((i, _form(expr), str(rec.get("extract") or "")))
        self._atomise(forms, [f for _, f, _ in target_forms], label_of)
        for f in forms:
            self.rows.append(Row(self._coeffs(f.parts), f.lo, f.hi, f.soft, f.record))
        for i, parts, extract in target_forms:
            self.targets.append(Target(i, self._coeffs(parts), extract))
        self.coeffs = {i: (self._coeffs(parts), kind) for i, (parts, kind) in label_of.items()}
        self._link_rows()
        self._column_link_rows()
        self._distinct_rows()
        if self.balances:
            self._balance_rows()

    # ---- months to unknowns -----------------------------------------------------------------
    def _atomise(self, forms, target_parts, label_of) -> None:
        """Group each series' months into unknowns: months every window treats alike.

        Series tied month by month (a table's cells and the count it breaks down; the flows of a
        balance) share their windows, so their unknowns line up."""
        windows: dict[str, set] = {}
        stocks: dict[str, set] = {}
        every = [p for f in forms for p in f.parts] + [p for parts in target_parts for p in parts] \
            + [p for parts, _ in label_of.values() for p in parts]
        for _, t in every:
            if t.kind == "sum":
                windows.setdefault(t.series, set()).add(months_between(t.first, t.last))
            elif t.kind == "at":
                stocks.setdefault(t.series, set()).add(t.last)
        group = {s: s for s in windows}

        def root(s):
            while group.get(s, s) != s:
                s = group[s]
            return s

        def tie(a, b):
            group.setdefault(a, a)
            group.setdefault(b, b)
            ra, rb = root(a), root(b)
            if ra != rb:
                group[ra] = rb

        for table, series in TABLE_LINKS.items():
            layout = self._layouts.get(table)
            if layout and "sum" in layout["windows"]:
                for r in layout["rows"]:
                    for c in layout["cols"]:
                        tie(table_series(table, r, c), series)
        self._balance_months = {}
        if self.balances:
            for stock, (inflows, outflows) in FLOW_BALANCES.items():
                # every month between the first and the last date the stock is known at: a
                # reader writes the balance for each, whether or not a figure shows that month
                dates = sorted(stocks.get(stock, ()))
                months = list(months_between(dates[0], dates[-1])[1:]) if len(dates) > 1 else []
                self._balance_months[stock] = months
                for s in (*inflows, *outflows):
                    for m in months:
                        windows.setdefault(s, set()).add((m,))
                    group.setdefault(s, s)
        by_group: dict[str, set] = {}
        for s, ws in windows.items():
            by_group.setdefault(root(s), set()).update(ws)
        self._atom: dict[tuple[str, str], tuple] = {}  # (series, month) -> the months of its unknown
        self._group_atoms: dict[str, list[tuple]] = {}
        for s in set(group) | set(windows):
            ws = by_group.get(root(s), set())
            if root(s) in self._group_atoms:
                atoms = self._group_atoms[root(s)]
            else:
                ws = sorted(ws)
                signature: dict[str, list[int]] = {}
                for k, w in enumerate(ws):
                    for m in w:
                        signature.setdefault(m, []).append(k)
                cells: dict[tuple, list[str]] = {}
                for m in sorted(signature):
                    cells.setdefault(tuple(signature[m]), []).append(m)
                atoms = [tuple(ms) for ms in cells.values()]
                self._group_atoms[root(s)] = atoms
            for atom in atoms:
                for m in atom:
                    self._atom[(s, m)] = atom
        self._root = {s: root(s) for s in set(group) | set(windows)}

    def _term_keys(self, t: Term) -> tuple:
        found = self._term_cache.get(t)
        if found is None:
            if t.kind == "sum":
                found = tuple(dict.fromkeys((t.series, self._atom[(t.series, m)])
                                            for m in months_between(t.first, t.last)))
            elif t.kind == "at":
                found = ((t.series, t.last),)
            else:
                found = ((t.series, f"{t.first}..{t.last}"),)
            self._term_cache[t] = found
        return found

    def _coeffs(self, parts) -> dict:
        out: dict = {}
        for coef, t in parts:
            for k in self._term_keys(t):
                out[k] = out.get(k, 0.0) + coef
        return {k: v for k, v in out.items() if v != 0}

    # ---- relations of the definitions -------------------------------------------------------
    def add_label(self, i: int, status: str) -> Row | None:
        """The bound a hidden record's status puts on it (``labels`` models)."""
        if not self.oracle:
            return None  # the open edition does not label hidden cells
        coeffs, kind = self.coeffs[i]
        lo, hi = self._label_bounds(kind, status)
        if lo <= 0 and not np.isfinite(hi):
            return None
        row = Row(coeffs, lo, hi, "label", i)
        self.rows.append(row)
        return row

    def _label_bounds(self, kind: str, status: str, published: bool = False) -> tuple[float, float]:
        """A primary count is 1 to the threshold (a percentage's numerator at most the
        threshold). A secondary one may be anything, 0 included (docs/conventions.md section 5),
        so its status bounds nothing - except in files published under the earlier rule that
        zeros are never hidden, where a cell labelled secondary is above the threshold."""
        t = self.threshold
        if status == "primary":
            return {"count": (1, t), "pct_num": (0, t), "pct_den": (1, np.inf)}.get(kind, (0, np.inf))
        if status == "secondary" and published:
            return {"count": (t + 1, np.inf), "pct_den": (t + 1, np.inf)}.get(kind, (0, np.inf))
        return 0, np.inf

    def _implicit_targets(self) -> None:
        """Counts no figure prints can still be worked out: an earlier half-year less two
        quarters gives the quarter between. So every unknown is checked like a hidden figure -
        the months (or the date) nothing published separates - every run of consecutive
        months of a series made of whole unknowns (three hidden months whose sum is known), and
        every published figure's unknowns less those printed on their own ("c + c = 2")."""
        unknowns = self._unknowns()
        # the same sets of (unknown, coefficient) as keys, with each unknown numbered: hashing
        # (int, float) pairs, not (series, months) tuples, for the thousands of sums checked
        number = {u: k for k, u in enumerate(unknowns)}

        def key_of(expr: dict) -> frozenset:
            return frozenset(zip(map(number.__getitem__, expr), expr.values()))

        known = {key_of(t.expr) for t in self.targets}
        printed = {key_of(r.coeffs) for r in self.rows
                   if r.soft == "" and r.lo == r.hi}  # shown as they are

        def add(expr: dict, unknown, key: frozenset | None = None) -> None:
            if key is None:
                key = key_of(expr)
            if key not in known and key not in printed:
                known.add(key)
                self.targets.append(Target(-1, expr, "", unknown))

        by_series: dict[str, list] = {}
        for u in sorted(unknowns, key=str):
            add({u: 1.0}, u)
            if isinstance(u[1], tuple):
                by_series.setdefault(u[0], []).append(u[1])
        singles = {u for r in self.rows if r.soft == "" and r.lo == r.hi and len(r.coeffs) == 1 for u in r.coeffs}
        for r in self.rows:
            if r.soft == "" and r.lo == r.hi and len(r.coeffs) > 1:
                rest = {u: 1.0 for u, c in r.coeffs.items() if u not in singles and c == 1.0}
                if 1 < len(rest) < len(r.coeffs):
                    add(rest, ("parts", tuple(sorted(rest, key=str))))
        for series, atoms in by_series.items():
            months = sorted(m for atom in atoms for m in atom)
            position = {m: k for k, m in enumerate(months)}
            span = {atom: (min(map(position.__getitem__, atom)), max(map(position.__getitem__, atom))) for atom in atoms}
            atom_of = {m: atom for atom in atoms for m in atom}
            number_of = {atom: number[(series, atom)] for atom in atoms}
            consecutive = [k == 0 or _shift(months[k - 1], 1) == months[k] for k in range(len(months))]
            for i in range(len(months)):
                members: dict = {}
                lo, hi = i, i
                unprinted = 0  # members not printed on their own
                for j in range(i, len(months)):
                    if j > i and not consecutive[j]:
                        break  # a run of consecutive months only
                    atom = atom_of[months[j]]
                    if atom not in members:
                        members[atom] = None
                        unprinted += (series, atom) not in singles
                        lo, hi = min(lo, span[atom][0]), max(hi, span[atom][1])
                    if len(members) > 1 and lo >= i and hi <= j and unprinted:
                        # (a run of months each printed adds up to what is printed: 0 or above 5)
                        add({(series, a): 1.0 for a in members}, (series, (months[i], months[j])),
                            frozenset((number_of[a], 1.0) for a in members))

    def _unknowns(self) -> set:
        return {u for r in self.rows for u in r.coeffs} | {u for t in self.targets for u in t.expr}

    def _balance_rows(self) -> None:
        for stock, months in self._balance_months.items():
            inflows, outflows = FLOW_BALANCES[stock]
            for m in months:
                coeffs = {(stock, m): 1.0, (stock, _shift(m, -1)): -1.0}
                for sign, flows in ((-1.0, inflows), (1.0, outflows)):
                    for s in flows:
                        key = (s, self._atom[(s, m)])
                        coeffs[key] = coeffs.get(key, 0.0) + sign
                self.rows.append(Row(coeffs, 0.0, 0.0, "balance"))

    def _link_rows(self) -> None:
        """A table's cells add up to the count it breaks down, in every unknown (months held
        together) or at every date any of them is known."""
        known = self._unknowns()
        for table, series in TABLE_LINKS.items():
            layout = self._layouts.get(table)
            if not layout:
                continue
            cells = [table_series(table, r, c) for r in layout["rows"] for c in layout["cols"]]
            cell_set = set(cells)
            times = sorted({m for s, m in known if s in cell_set and not (isinstance(m, str) and ".." in m)},
                           key=str)
            for m in times:
                coeffs = {(s, m): 1.0 for s in cells}
                coeffs[(series, m)] = coeffs.get((series, m), 0.0) - 1.0
                self.rows.append(Row(coeffs, 0.0, 0.0, "link"))

    def _column_link_rows(self) -> None:
        """A pack table's column of an event list adds up to that list's count over its window."""
        recs = self.records
        for table, layout in self._layouts.items():
            for column in layout["cols"]:
                series = column_link(table, column)
                if not series:
                    continue
                mine = recs[(recs["figure"] == table) & (recs["field"] == column)]
                for first, last in sorted(set(zip(mine["first"], mine["last"]))):
                    coeffs = {(table_series(table, r, column), f"{first}..{last}"): 1.0 for r in layout["rows"]}
                    try:
                        total = self._coeffs([(1.0, Term(series, "sum", first, last))])
                    except KeyError:  # the count's months are in no figure: nothing to tie
                        continue
                    for key, c in total.items():
                        coeffs[key] = coeffs.get(key, 0.0) - c
                    self.rows.append(Row(coeffs, 0.0, 0.0, "link"))

    def _distinct_rows(self) -> None:
        """Distinct children over a window: at least each month's, at most the months' sum."""
        known = self._unknowns()
        windows = [u for u in known if isinstance(u[1], str) and ".." in u[1] and u[0].split(":")[0] in NON_ADDITIVE]
        for series, window in windows:
            first, last = window.split("..")
            months = months_between(first, last)
            if len(months) < 2:
                continue
            parts = [(series, f"{m}..{m}") for m in months]
            for p in parts:
                self.rows.append(Row({(series, window): 1.0, p: -1.0}, 0.0, np.inf, "distinct"))
            coeffs = {(series, window): 1.0}
            for p in parts:
                coeffs[p] = -1.0
            self.rows.append(Row(coeffs, -np.inf, 0.0, "distinct"))

    # ---- solving ----------------------------------------------------------------------------
    def components(self) -> list[Component]:
        """Groups of rows and targets that share no unknown with any other group (solved apart)."""
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        index: dict = {}
        heads, tails = [], []
        items = [r.coeffs for r in self.rows] + [t.expr for t in self.targets]
        for keys in items:
            ids = [index.setdefault(k, len(index)) for k in keys]
            heads.extend(ids[:1] * (len(ids) - 1))
            tails.extend(ids[1:])
        n = len(index)
        graph = coo_matrix((np.ones(len(heads)), (heads, tails)), shape=(n, n))
        _, label = connected_components(graph, directed=False)
        comps: dict = {}
        for r in self.rows:
            if r.coeffs:
                comps.setdefault(label[index[next(iter(r.coeffs))]], Component()).rows.append(r)
        for t in self.targets:
            comps.setdefault(label[index[next(iter(t.expr))]], Component()).targets.append(t)
        return [c for c in comps.values() if c.targets]

    def exposures(self) -> list[Exposure]:
        return [e for comp in self.components() for e in self.component_exposures(comp)]

    def component_exposures(self, comp: Component) -> list[Exposure]:
        """Exposed targets of one component. Figures that contradict each other state no usable
        relation: the relations the definitions do not guarantee are dropped first (balances,
        links, ratios, distinct children), then each extract is read on its own (a revision)."""
        for allowed in (None, {"", "label"}):
            rows = comp.rows if allowed is None else [r for r in comp.rows if r.soft in allowed]
            found = System(rows, comp.targets).exposures(self.threshold, self.labels)
            if found is not None:
                return found
        extracts = sorted({t.extract for t in comp.targets if t.record >= 0})
        if len(extracts) < 2 or self.records["extract"].astype(str).nunique() < 2:
            # the published figures of one extract contradict each other: nothing can be read
            # from them together (a fault of the figures, listed for the audit to report)
            self.inconsistent.append(sorted({r.record for r in comp.rows if r.record >= 0}))
            return []
        out = []
        wanted = {t.record for t in comp.targets}
        for extract in extracts:
            keep = self.records.index[self.records["extract"].astype(str) == extract]
            sub = Model(self.records.loc[keep], self.threshold, model=self.model,
                        targets=[k for k, i in enumerate(keep) if i in wanted])
            out += [Exposure(int(keep[e.record]), e.value) for e in sub.exposures()]
            self.inconsistent += [[int(keep[i]) for i in group] for group in sub.inconsistent]
        return out


@dataclass
class _Result:
    status: int  # 0 optimal, 2 infeasible, 3 unbounded (or another failure)
    fun: float = np.nan
    x: np.ndarray | None = None
    duals: np.ndarray | None = None  # one per row of the system


class System:
    """One component as a sparse matrix: lo <= A x <= hi, x >= 0.

    Solved with HiGHS (the solver ``scipy.optimize.linprog`` uses): one model per component,
    re-solved for each objective from the last basis (a third of a millisecond where a
    ``linprog`` call costs several); ``linprog`` when that interface is not there."""

    def __init__(self, rows: list[Row], targets: list[Target]):
        from scipy.sparse import csc_matrix

        index: dict = {}
        for r in rows:
            for u in r.coeffs:
                index.setdefault(u, len(index))
        self.touched = len(index)  # unknowns 0..touched-1 appear in some row
        for t in targets:
            for u in t.expr:
                index.setdefault(u, len(index))
        self.index, self.targets, self.rows = index, targets, list(rows)
        n = self.n = len(index)
        data, ri, ci = [], [], []
        for k, r in enumerate(self.rows):
            for u, c in r.coeffs.items():
                data.append(c)
                ri.append(k)
                ci.append(index[u])
        self.A = csc_matrix((data, (ri, ci)), shape=(len(self.rows), n))
        self.lo = np.array([r.lo for r in self.rows], dtype=float)
        self.hi = np.array([r.hi for r in self.rows], dtype=float)
        finite = [abs(b) for b in (*self.lo, *self.hi) if np.isfinite(b)]
        self.box = 10.0 * max(finite or [1.0]) + 100.0  # a box for sampling only: its points are feasible
        self._highs = None
        self._last: dict = {}  # objective -> its result (pinned's two solves serve binding too)

    def _solver(self):
        if self._highs is None:
            self._highs = _Highs(self.A, self.lo, self.hi) if _Highs.available() else False
        return self._highs

    def _solve(self, c: np.ndarray, upper: float | None = None) -> _Result:
        if upper is None:
            key = c.tobytes()
            if key not in self._last:
                if len(self._last) > 8:
                    self._last.clear()
                self._last[key] = self._solve_now(c, None)
            return self._last[key]
        return self._solve_now(c, upper)

    def _solve_now(self, c: np.ndarray, upper: float | None) -> _Result:
        solver = self._solver()
        if solver:
            return solver.solve(c, upper)
        from scipy.optimize import linprog

        eq = self.lo == self.hi
        ub_rows = [(k, 1.0, self.hi[k]) for k in np.flatnonzero(~eq) if np.isfinite(self.hi[k])] \
            + [(k, -1.0, -self.lo[k]) for k in np.flatnonzero(~eq) if np.isfinite(self.lo[k])]
        A = self.A.tocsr()
        A_ub = None if not ub_rows else np.vstack([sign * A[k].toarray()[0] for k, sign, _ in ub_rows])
        res = linprog(c, A_ub=A_ub, b_ub=[b for _, _, b in ub_rows] if ub_rows else None,
                      A_eq=A[np.flatnonzero(eq)] if eq.any() else None, b_eq=self.lo[eq] if eq.any() else None,
                      bounds=(0, upper), method="highs")
        duals = np.zeros(len(self.rows))
        if res.status == 0:
            if eq.any():
                duals[np.flatnonzero(eq)] = res.eqlin.marginals
            for (k, _, _), mg in zip(ub_rows, res.ineqlin.marginals if ub_rows else []):
                duals[k] += mg
        return _Result(res.status if res.status in (0, 2) else 3, res.fun if res.status == 0 else np.nan,
                       res.x if res.status == 0 else None, duals)

    def feasible(self) -> bool:
        if not self.rows:
            return True
        return self._solve(np.zeros(self.n)).status != 2

    def vector(self, expr: dict) -> np.ndarray | None:
        """The target's objective, or None when one of its unknowns no figure touches (free)."""
        c = np.zeros(self.n)
        for u, k in expr.items():
            j = self.index[u]
            if j >= self.touched:
                return None
            c[j] += k
        return c

    def _samples(self, k: int = 4) -> np.ndarray | None:
        """Feasible points (vertices for random objectives inside a large box); None when there
        is none (the figures contradict each other)."""
        rng = np.random.default_rng(0)
        points = []
        for _ in range(k):
            res = self._solve(rng.uniform(-1, 1, self.n), upper=self.box)
            if res.status == 2:
                return None
            if res.status == 0:
                points.append(res.x)
        return np.array(points) if points else np.zeros((0, self.n))

    def exposures(self, threshold: int, integers: bool = True) -> list[Exposure] | None:
        """The targets pinned to a value from 1 to the threshold (None: no feasible point).
        Feasible points screen most targets out at once: two that disagree show a target is not
        pinned; only the rest get the two linear programmes of :meth:`pinned`."""
        from scipy.sparse import csr_matrix

        data, ri, ci, kept, columns = [], [], [], [], []
        for t in self.targets:
            idx = [self.index[u] for u in t.expr]
            if max(idx) >= self.touched:
                continue  # a month no figure touches is free
            k = len(kept)
            kept.append(t)
            columns.append(idx)
            data.extend(t.expr.values())
            ri.extend([k] * len(idx))
            ci.extend(idx)
        if not kept:
            return [] if not self.rows or self._samples(1) is not None else None
        C = csr_matrix((data, (ri, ci)), shape=(len(kept), self.n))
        samples = self._samples()
        if samples is None:
            return None
        if len(samples):
            values = C @ samples.T
            # each target's smallest and largest value over the points, all at once
            lows, highs = values.min(axis=1).tolist(), values.max(axis=1).tolist()
        out = []
        seen: dict = {}
        for k, t in enumerate(kept):
            if len(samples):
                lo, hi = lows[k], highs[k]
                spread = (math.floor(hi + 1e-6) > math.ceil(lo - 1e-6)) if integers else hi - lo > 1e-6
                if spread or lo > threshold + 1e-6 or hi < 1 - 1e-6:
                    continue  # two feasible points disagree, or the value is not 1 to the threshold
            c = np.zeros(self.n)  # the target's row of C (its unknowns are distinct columns)
            c[columns[k]] = list(t.expr.values())
            key = c.tobytes()
            if key not in seen:
                seen[key] = self.pinned(c, threshold, integers)
            if seen[key] is not None:
                out.append(Exposure(t.record, seen[key], t))
        return out

    def binding(self, c: np.ndarray) -> list[Row]:
        """The rows that hold the figure's smallest and largest value where they are (non-zero
        dual values): hiding a published figure among them loosens the bound."""
        out = []
        for sign in (-1, 1):
            res = self._solve(sign * c)
            if res.status != 0 or res.duals is None:
                continue
            out += [self.rows[k] for k in np.flatnonzero(np.abs(res.duals) > 1e-9)]
        return out

    def pinned(self, c: np.ndarray, threshold: int, integers: bool) -> float | None:
        """The value the figure must take, when it is one from 1 to the threshold (``integers``:
        the bounds rounded inwards to whole numbers, as counts are)."""
        top = self._solve(-c)
        if top.status != 0:
            return None  # unbounded (or no answer): not pinned
        hi = -top.fun
        if hi < 1 - 1e-6 or hi > threshold + 1 - 1e-6:
            return None
        bottom = self._solve(c)
        if bottom.status != 0:
            return None
        lo = bottom.fun
        if integers:
            lo, hi = math.ceil(lo - 1e-6), math.floor(hi + 1e-6)
            return float(hi) if lo == hi and 1 <= hi <= threshold else None
        if hi - lo < 1e-6 and 1 - 1e-6 <= hi <= threshold + 1e-6:
            return round(hi, 6)
        return None


class _Highs:
    """A HiGHS model kept between solves (scipy's own binding of it)."""
    _core = None

    @classmethod
    def available(cls) -> bool:
        if cls._core is None:
            try:
                from scipy.optimize._highspy import _core
                cls._core = _core
                _core._Highs().changeColsCost  # noqa: B018 (the method this class needs)
            except (ImportError, AttributeError):
                cls._core = False
        return bool(cls._core)

    def __init__(self, A, lo: np.ndarray, hi: np.ndarray):
        h = self._core
        n, m = A.shape[1], A.shape[0]
        inf = h.kHighsInf
        self.n, self.upper = n, None
        self.idx = np.arange(n, dtype=np.int32)
        self.highs = h._Highs()
        self.highs.setOptionValue("output_flag", False)
        lp = h.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.format_ = h.MatrixFormat.kColwise
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.full(n, inf)
        lp.row_lower_ = np.where(np.isfinite(lo), lo, -inf)
        lp.row_upper_ = np.where(np.isfinite(hi), hi, inf)
        lp.a_matrix_.start_ = A.indptr.astype(np.int32)
        lp.a_matrix_.index_ = A.indices.astype(np.int32)
        lp.a_matrix_.value_ = A.data.astype(float)
        self.highs.passModel(lp)

    def solve(self, c: np.ndarray, upper: float | None) -> _Result:
        h = self._core
        if upper != self.upper:
            top = np.full(self.n, h.kHighsInf if upper is None else float(upper))
            self.highs.changeColsBounds(self.n, self.idx, np.zeros(self.n), top)
            self.upper = upper
        self.highs.changeColsCost(self.n, self.idx, np.asarray(c, dtype=float))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == h.HighsModelStatus.kOptimal:
            solution = self.highs.getSolution()
            return _Result(0, self.highs.getInfo().objective_function_value, np.array(solution.col_value),
                           np.array(solution.row_dual))
        if status == h.HighsModelStatus.kInfeasible or (
                status == h.HighsModelStatus.kUnboundedOrInfeasible and upper is not None):
            return _Result(2)  # inside a box nothing is unbounded: it is infeasible
        return _Result(3)


__all__ = ["RECORD_COLUMNS", "MODELS", "Model", "System", "Exposure", "FLOW_BALANCES", "TABLE_LINKS",
           "MONTH_TABLES", "indicator_expr", "series_of", "empty_records", "PROTECTED_FIELDS"]
