"""Prepare a run's data once: read, normalise, validate, compute indicators, write to disk.

Every section notebook then loads the prepared folder with ``load_prepared`` and never parses the
inputs again. The prepared folder holds child-level rows, so it always lives in the restricted
part of a run (``<run>/restricted/prepared/``).
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .params import Params, check_targets, params_from_dict
from .periods import Period, PeriodError, parse_period
from .quality import DataQualityLog, FatalInputError, RuleContext


@dataclass
class PreparedData:
    folder: Path
    params: Params
    period: Period
    tables: dict[str, pd.DataFrame]
    findings: pd.DataFrame
    accounts: pd.DataFrame
    indicators: pd.DataFrame
    meta: dict = field(default_factory=dict)

    @property
    def extract_date(self) -> pd.Timestamp:
        return pd.Timestamp(self.meta["extract_date"])


def prepare(params: Params, period: Period, out_dir: Path) -> PreparedData:
    """Read and validate the inputs named in ``params``, compute indicators, write ``out_dir``.

    Raises ``FatalInputError`` when an input cannot be used at all.
    """
    from .indicators.compute import compute_indicators, load_definitions
    from .indicators.registry import REGISTRY
    from .inputs import extract_date, load_inputs
    from .inputs.code_map import translation_note
    from .rules import validate

    load_definitions()  # the registry fills as the section modules import
    check_targets(params, {i: ind.unit for i, ind in REGISTRY.items()})
    timings = {}
    t0 = time.perf_counter()
    folder = params.input_folder
    if not folder.exists():
        raise FatalInputError(f"input folder not found: {folder} (params inputs.folder)")
    log = DataQualityLog()
    raw = load_inputs(folder, log)
    timings["read_inputs_s"] = round(time.perf_counter() - t0, 3)

    t1 = time.perf_counter()
    extract = extract_date(raw, folder)
    refuse_period_after_extract(period, extract)
    tables = validate(raw, log, RuleContext(extract_date=extract, conventions=params.conventions,
                                                improvement_plan=params.improvement_plan, targets=params.targets))
    timings["validate_s"] = round(time.perf_counter() - t1, 3)
    if (tables.get("population") is None or tables["population"].empty) and params.council.la_code:
        from .benchmarks.shipped import population_for

        tables["population"] = population_for(params.council.la_code)  # ONS, shipped: rates still shown
    tables["population_by_group"] = group_population(params, folder, tables["population"], log)

    t2 = time.perf_counter()
    indicators = compute_indicators(tables, params, period, extract_date=extract)
    timings["indicators_s"] = round(time.perf_counter() - t2, 3)

    previous_plan = _previous_plan(params, log)
    t3 = time.perf_counter()
    benchmarks, benchmarks_meta = _benchmarks(params, indicators)
    timings["benchmarks_s"] = round(time.perf_counter() - t3, 3)

    findings, accounts = log.table(), log.accounts_table()
    translated = translation_note(log.translated)  # shown in the data-quality section
    meta = {
        "coverage_notes": coverage_notes(tables, params) + ([translated] if translated else []),
        "code_map_translated": sum(log.translated.values()),
        "period": period.label,
        "extract_date": str(pd.Timestamp(extract).date()),
        "params": params.to_dict(),
        "input_folder": str(folder),
        "timings": timings,
    }
    data = PreparedData(Path(out_dir), params, period, tables, findings, accounts, indicators, meta)
    write_prepared(data)
    if previous_plan is not None:
        (data.folder / "tables_previous").mkdir(exist_ok=True)
        previous_plan.to_parquet(data.folder / "tables_previous" / "improvement_actions.parquet", index=False)
    if benchmarks is not None:
        benchmarks.to_parquet(data.folder / "benchmarks.parquet", index=False)
    (data.folder / "benchmarks_meta.json").write_text(json.dumps(benchmarks_meta, indent=2, default=str),
                                                      encoding="utf-8")
    return data


def group_population(params: Params, folder: Path, totals_0_17: pd.DataFrame, log: DataQualityLog) -> pd.DataFrame:
    """Children by ethnicity, age band and sex (``inputs.population_groups``): the council's
    ``population_by_group.csv`` (or Census file); without one, the Census 2021 ethnic mix of the
    council's LA shipped with the package applied to the 0-17 total (a labelled proxy). A file
    that cannot be used is a finding, not a stop: the equalities tables fall back to the proxy."""
    from .benchmarks.shipped import load_shipped_ethnicity, ons_code_for
    from .inputs.parse import READ_CODES, findings_frame
    from .inputs.population_groups import CENSUS_PROXY, COLUMNS, census_proxy, read_group_population

    la = params.council.la_code
    try:
        groups = read_group_population(folder, la_code=ons_code_for(la) or la, council_name=params.council.name,
                                       totals_0_17=totals_0_17)
    except FatalInputError as exc:
        log.extend(findings_frame("population_by_group", exc.file, exc.sheet, [None], exc.column or None,
                                  [None], "READ-POPGROUP", f"{exc}. {READ_CODES['READ-POPGROUP'][2]}"))
        groups = pd.DataFrame(columns=COLUMNS)
    if groups.empty and la:
        census = load_shipped_ethnicity()
        rows = census[(census["geography_type"] == "la") & (census["geography_code"] == str(la).strip().zfill(3))]
        if len(rows):
            source = f"{CENSUS_PROXY}; {rows['geography_name'].iloc[0]}, Census 2021 as shipped with the package"
            groups = census_proxy(rows["category"].reset_index(drop=True), rows["population"].reset_index(drop=True),
                                  totals_0_17, source)
    return groups.astype({"mid_year": int, "population": float}) if len(groups) else pd.DataFrame(columns=COLUMNS)


def refuse_period_after_extract(period: Period, extract) -> None:
    """A period that starts after the extract date has no data at all: every figure would be an
    unknown shown as 0 (and rated red), so the run is refused before anything is computed."""
    extract = pd.Timestamp(extract).normalize()
    if period.start > extract:
        raise PeriodError(
            f"period {period.label} ({period.title}) starts after the data's extract date "
            f"{extract.date()}: there are no data for it. Choose a period that starts on or before "
            f"{extract.strftime('%B %Y')}, or supply a later extract.")


LOCAL_FILES = {
    "lado_allegations": ("lado_allegations.csv", "LADO"),
    "pf_arrangements": ("pf_arrangements.csv", "private fostering"),
    "young_carers": ("young_carers.csv", "young carers"),
    "pre_proceedings": ("pre_proceedings.csv", "pre-proceedings and care proceedings"),
    "out_of_hours": ("out_of_hours.csv", "out-of-hours"),
    "case_audits": ("case_audits.csv", "quality-of-practice (case audits)"),
    "family_feedback": ("family_feedback.csv", "quality-of-practice (family feedback)"),
    "improvement_actions": ("improvement_actions.csv", "improvement plan"),
}


LIST_LABELS = {"contacts": "contacts", "early_help": "early help", "referrals": "referrals",
               "assessments": "assessments", "s47": "section 47 enquiries", "cin": "children in need",
               "cp_plans": "child protection plans", "looked_after": "children looked after"}
COVERAGE_START = "The data hold each kind of record from"


LOCAL_LABELS = {"lado_allegations": "LADO allegations", "pf_arrangements": "private fostering arrangements",
                "pf_visits": "private fostering visits", "young_carers": "young carers",
                "pre_proceedings": "pre-proceedings and care proceedings", "case_activity": "case activity",
                "case_audits": "case audits", "family_feedback": "family feedback",
                "out_of_hours": "out-of-hours contacts"}


def coverage_notes(tables: dict[str, pd.DataFrame], params: Params) -> list[str]:
    """Plain-English notes on what the supplied data can and cannot show (report and DQ section)."""
    from .history import list_windows, local_windows

    notes = []
    windows = {t: w for t, w in list_windows(tables, params.conventions).items() if w is not None}
    if windows:
        found = "; ".join(f"{LIST_LABELS[t]} {w.day} {w:%B %Y}" for t, w in windows.items())
        notes.append(f"{COVERAGE_START}: {found} (the lists of the council's Ofsted Annex A return). Months, and "
                     "rolling or look-back periods, that reach back before the records an indicator counts "
                     "begin are shown as n/a rather than as too-low figures; a case that began earlier and was "
                     "still open at the extract does not move these dates.")
    local = {t: w for t, w in local_windows(tables, params.conventions).items()
             if w is not None and tables.get(t) is not None and len(tables[t])}
    if local:
        found = "; ".join(f"{LOCAL_LABELS[t]} {w:%B %Y}" for t, w in local.items())
        notes.append(f"The local extracts hold records from: {found} (the month of each extract's first "
                     "record, unless the council's settings give the date it is complete from). Months before "
                     "then are shown as n/a, as are figures from an extract that was not supplied.")
    if tables.get("population") is None or tables["population"].empty:
        notes.append("No usable population.csv was supplied (missing, or every year in it rejected: see the "
                     "data-quality findings), so rates per 10,000 children are shown as n/a "
                     "(add ONS mid-year estimates of children aged 0-17; docs/input-formats.md).")
    elif (tables["population"]["source_file"] == "shipped_population.csv").all():
        notes.append(f"No usable population.csv was supplied (missing, or every year in it rejected: see the "
                     f"data-quality findings): rates per 10,000 children use the ONS mid-year "
                     f"estimates of children aged 0-17 for LA {params.council.la_code} shipped with the "
                     "package (mid-2024 release).")
    activity = tables.get("case_activity")
    if activity is None or activity.empty:
        notes.append("No case_activity.csv was supplied: visit and review timeliness uses the Annex A "
                     "'latest visit' and 'latest review' dates, which describe the extract month only.")
    elif "STRATEGY_DISCUSSION" not in set(activity["activity_type"].dropna().unique()):  # not a set of every row
        notes.append("case_activity.csv has no strategy discussions: the count uses S47 start dates, which "
                     "leaves out discussions that did not lead to an enquiry.")
    contacts = tables.get("contacts")
    if contacts is not None and len(contacts) and contacts["contact_decision_date"].isna().all():
        notes.append("List 1 has no contact decision dates, so MASH decision timeliness cannot be reported.")
    for table, (file, section) in LOCAL_FILES.items():
        if tables.get(table) is None or tables[table].empty:
            notes.append(f"No {file} was supplied: the {section} section has no figures for this period.")
    return notes


def _previous_plan(params: Params, log: DataQualityLog) -> pd.DataFrame | None:
    """The previous improvement-plan snapshot, when params name one (for "what changed")."""
    from .inputs.extracts import read_extract

    folder = params.resolve(params.inputs.previous_plan_folder)
    if folder is None:
        return None
    candidates = [folder / f"improvement_actions{ext}" for ext in (".csv", ".xlsx")]
    path = next((p for p in candidates if p.exists()), None)
    if path is None:
        log.add("improvement_actions", str(folder), "", None, None, None, "READ-PREVIOUS-PLAN", "warning",
                "report", "previous_plan_folder is set but holds no improvement_actions.csv")
        return None
    # Findings from the old snapshot are not about this period's data: read into a scratch log.
    return read_extract("improvement_actions", path, DataQualityLog())


def _benchmarks(params: Params, indicators: pd.DataFrame) -> tuple[pd.DataFrame | None, dict]:
    """Council vs neighbours, region and England for every mapped indicator (computed once)."""
    from .benchmarks.compare import benchmark_table, load_comparators

    comparators = load_comparators(params)
    years = indicators[indicators["period_type"] == "year"].rename(columns={"month": "year"})
    council = years[["indicator_id", "year", "value", "numerator", "denominator", "lower", "upper"]]
    table = benchmark_table(council, params, lait=comparators.lait, neighbours=comparators.neighbours)
    neighbours = []
    if comparators.neighbours is not None and len(comparators.neighbours):
        neighbours = comparators.neighbours.sort_values("rank")["la_name"].astype(str).tolist()
    meta = {"notes": list(comparators.notes) + list(table.attrs.get("notes", [])),
            "neighbours": neighbours, "sn_vintage": params.comparators.sn_vintage,
            "sn_statistic": params.comparators.sn_statistic}
    return table, meta


def write_prepared(data: PreparedData) -> None:
    out = data.folder
    (out / "tables").mkdir(parents=True, exist_ok=True)
    for name, frame in data.tables.items():
        frame.to_parquet(out / "tables" / f"{name}.parquet", index=False)
    data.findings.astype({c: "string" for c in data.findings.columns if c != "row"}).to_parquet(
        out / "findings.parquet", index=False)
    data.accounts.to_parquet(out / "accounts.parquet", index=False)
    data.indicators.to_parquet(out / "indicators.parquet", index=False)
    (out / "meta.json").write_text(json.dumps(data.meta, indent=2, default=str), encoding="utf-8")


# A kernel runs several section notebooks on the same prepared folder; each opens it afresh, so
# without this every notebook reads the same parquet files again. Keyed on the file's identity
# and modification (a rewritten folder is read again); callers get a copy, which under pandas'
# copy-on-write shares the data until either side changes it, so no caller sees another's edits.
_PARQUET_CACHE: dict[str, tuple[tuple, pd.DataFrame]] = {}
_PARQUET_CACHE_FILES = 256  # a long-lived kernel opening many runs keeps only the latest reads


def read_parquet_once(path: str | Path) -> pd.DataFrame:
    """``pd.read_parquet(path)``, read once per kernel while the file is unchanged."""
    path = Path(path)
    stat = path.stat()
    key, stamp = str(path.resolve()), (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    hit = _PARQUET_CACHE.get(key)
    if hit is None or hit[0] != stamp:
        hit = _PARQUET_CACHE[key] = (stamp, pd.read_parquet(path))
        while len(_PARQUET_CACHE) > _PARQUET_CACHE_FILES:
            del _PARQUET_CACHE[next(iter(_PARQUET_CACHE))]
    return hit[1].copy(deep=False)


class LazyTables(dict):
    """Tidy tables read from parquet on first use: a section notebook reads only what it shows."""

    def __init__(self, paths: dict[str, Path]):
        super().__init__()
        self._paths = paths

    def __missing__(self, name: str) -> pd.DataFrame:
        if name not in self._paths:
            raise KeyError(name)
        frame = read_parquet_once(self._paths[name])
        self[name] = frame
        return frame

    def get(self, name, default=None):
        return self[name] if name in self._paths else default

    def n_rows(self, name: str) -> int:
        """How many rows table ``name`` has (0 when absent), from the file's footer when it has
        not been read: a section's heading asks only whether its lists have any rows."""
        if dict.__contains__(self, name):
            return len(dict.__getitem__(self, name))
        if name not in self._paths:
            return 0
        import pyarrow.parquet as pq

        return pq.read_metadata(self._paths[name]).num_rows

    def __contains__(self, name) -> bool:
        return name in self._paths

    def keys(self):
        return self._paths.keys()

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def items(self):
        return ((name, self[name]) for name in self._paths)

    def values(self):
        return (self[name] for name in self._paths)


def table_rows(tables, name: str) -> int:
    """The number of rows of ``tables[name]`` (0 when absent), without reading a lazy table."""
    return tables.n_rows(name) if isinstance(tables, LazyTables) else len(tables.get(name, []))


def load_prepared(folder: str | Path) -> PreparedData:
    """Load a prepared folder written by ``prepare``."""
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    params_dict = dict(meta["params"])
    source = params_dict.pop("source_path", None)
    params = params_from_dict(params_dict, source or "<params>")
    params.source_path = source
    tables = LazyTables({p.stem: p for p in sorted((folder / "tables").glob("*.parquet"))})
    return PreparedData(
        folder=folder, params=params, period=parse_period(meta["period"]), tables=tables,
        findings=read_parquet_once(folder / "findings.parquet"),
        accounts=read_parquet_once(folder / "accounts.parquet"),
        indicators=read_parquet_once(folder / "indicators.parquet"), meta=meta)


# --------------------------------------------------------------------------------------------
# Finding a prepared run (the deep-dive notebooks, `safeguarding cohort`)
# --------------------------------------------------------------------------------------------
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the checkout, for an editable install


class NoPreparedRun(FileNotFoundError):
    """No prepared run where one was looked for: the message says where, and what to run."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no prepared run"


def outputs_root() -> Path:
    """Where runs are written: ``$SAFEGUARDING_OUTPUTS``, else the nearest ``outputs/`` folder in
    the current folder or above it (a notebook in ``workspace/deep-dive/`` finds the project's),
    else the checkout's ``outputs/``."""
    import os

    if os.environ.get("SAFEGUARDING_OUTPUTS"):
        return Path(os.environ["SAFEGUARDING_OUTPUTS"]).expanduser().resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "outputs").is_dir():
            return folder / "outputs"
    return PACKAGE_ROOT / "outputs"


def prepared_runs(root: str | Path | None = None) -> list[Path]:
    """The prepared folders of the published runs and packs under ``root``
    (``<council>/<period>/restricted/prepared`` and ``<council>/<period>-pack/...``), most
    recently prepared first. Failed, partial and cached runs (``.failed``, hidden folders) are
    left out."""
    root = Path(root) if root is not None else outputs_root()
    found = [meta.parent for meta in root.glob("*/*/restricted/prepared/meta.json")
             if not any(part.startswith(".") for part in meta.relative_to(root).parts)
             and not meta.parents[2].name.endswith(".failed")]
    return sorted(found, key=lambda p: ((p / "meta.json").stat().st_mtime, str(p)), reverse=True)


def resolve_prepared(prepared_dir: str | Path = "", root: str | Path | None = None) -> Path:
    """The prepared folder to load: ``prepared_dir`` as given (a run's ``restricted/prepared``
    folder, or the run folder itself; a relative path is tried from the current folder, then
    from the folder that holds ``outputs/``), or - empty - the latest prepared run. Raises
    ``NoPreparedRun`` with what to do when there is none."""
    root = Path(root) if root is not None else outputs_root()
    if not str(prepared_dir):
        runs = prepared_runs(root)
        if not runs:
            raise NoPreparedRun(
                f"no prepared run found under {root}. Run the report first "
                "(`safeguarding run --params params/<council>.yaml --period ...`, or `make demo`), "
                "or name a run's restricted/prepared folder (prepared_dir in a notebook, --prepared on the command "
                "line); prepared_dir = \"synthetic\" "
                "uses a small synthetic council.")
        return runs[0]
    given = Path(prepared_dir).expanduser()
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, root.parent / given]
    for path in candidates:
        for folder in (path, path / "restricted" / "prepared", path / "prepared"):
            if (folder / "meta.json").is_file():
                return folder.resolve()
    raise NoPreparedRun(
        f"{prepared_dir} is not a prepared run (looked for meta.json in "
        + " and ".join(str(c) for c in dict.fromkeys(candidates))
        + "). Give a run's restricted/prepared folder, e.g. outputs/<council>/<period>/restricted/prepared, "
        "or leave it empty for the latest prepared run.")
