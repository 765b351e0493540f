"""The commentary check: does what the analyst wrote agree with the figures beside it?

Every claim :mod:`report.claims` recognises in a section's commentary is compared with the
section's figures as the open edition publishes them (:mod:`report.published`):

* a number must be one of the section's published figures (value, numerator or denominator of a
  month or the period, a target, a benchmark value) within the rounding it is written with;
  a number that matches none is a **warning** ("not found among the section's figures"), one
  that matches only a figure the open edition hides is a **disagreement**, as is a count from 1
  to the threshold of children or cases;
* a quantifier, a comparison with the target, England, the statistical neighbours or the region,
  a direction of travel or "cannot be reported" must agree with the indicator it is about
  (period value, RAG, benchmark judgement, arrow) - otherwise a **disagreement**; one about a
  figure the open edition hides is a disagreement too (describing it discloses it).

The scale of quantifiers, what is recognised and what is not: docs/commentary.md. Results go
to ``restricted/commentary_check.csv`` and a block under each commentary in the restricted
edition and in drafts (``runner``), and to ``safeguarding commentary --check``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ..benchmarks.compare import judge
from .claims import _TARGET_WORD, Claim, Sentence, analyse, sentences
from .published import HIDDEN, PublishedFigures, Shown
from .sections import SECTIONS, SectionSpec

DISAGREEMENT, WARNING = "disagreement", "warning"
COMPARATOR_NAMES = {"england": "England", "sn": "the statistical neighbours", "region": "the region"}
COMPARATOR_OWNER = {"england": "England's", "sn": "the statistical neighbours'", "region": "the region's"}
TRAVEL_AGAINST = {"previous": "the previous period", "last_year": "the same period last year"}
_EPS = 1e-9


@dataclass(frozen=True)
class Finding:
    section: str
    file: str
    line: int
    severity: str  # disagreement | warning
    kind: str  # number | hidden | small_count | quantifier | target | benchmark | travel | no_data
    indicator_id: str
    sentence: str
    claim: str
    message: str

    def __str__(self) -> str:
        label = "DISAGREES" if self.severity == DISAGREEMENT else "warning"
        return f"{self.file} line {self.line}: {label}: \u201c{self.claim}\u201d in \u201c{self.sentence}\u201d: {self.message}"


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)  # files read
    error: str = ""  # the check could not run (the report still renders)

    @property
    def disagreements(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == DISAGREEMENT]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    def for_section(self, key: str) -> list[Finding]:
        return [f for f in self.findings if f.section == key]

    def summary(self) -> str:
        if self.error:
            return f"commentary check could not run: {self.error}"
        n, w = len(self.disagreements), len(self.warnings)
        return (f"commentary check: {n} disagreement{'s' if n != 1 else ''} with the published figures, "
                f"{w} warning{'s' if w != 1 else ''} ({len(self.checked)} commentary file"
                f"{'s' if len(self.checked) != 1 else ''} read)")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(f) for f in self.findings], columns=list(Finding.__dataclass_fields__))


# ---- which indicators a section speaks of -------------------------------------------------------
def section_ids(spec: SectionSpec) -> tuple[str, ...]:
    if spec.key == "summary":
        return tuple(dict.fromkeys(i for s in SECTIONS for i in (*s.table_ids, *s.benchmark_ids)))
    return tuple(dict.fromkeys((*spec.table_ids, *spec.scorecard_ids, *spec.benchmark_ids)))


# ---- formatting ---------------------------------------------------------------------------------
def fmt(value, unit: str) -> str:
    """A figure as the report prints it, with its unit for a sentence ("22.7 per 10,000")."""
    from ..present.tables import format_value

    return format_value(value, unit) + ("" if value is None else {"rate_per_10k": " per 10,000", "weeks": " weeks",
                                                                  "days": " days"}.get(unit, ""))


def _year(y) -> str:
    return f"{y - 1}-{str(y)[-2:]}" if y else "the latest year"


def _rated(shown: Shown) -> str:
    if shown.rag in ("green", "amber", "red"):
        return f", rated {shown.rag.title()} against the target of {fmt(shown.target, shown.unit)}"
    return ""


def _travel_note(shown: Shown) -> str:
    notes = [f"{t[1]} against {TRAVEL_AGAINST[k]}" for k, t in shown.travel.items()
             if isinstance(t, tuple) and t[1] in ("improving", "worsening")]
    return f" ({'; '.join(notes)})" if notes else ""


# ---- claims about one indicator -------------------------------------------------------------------
AGREES = None


def _fits(claim: Claim, shown: Shown, strict: bool) -> bool:
    """Can ``claim`` be about ``shown``? ``strict``: and can it be checked against it."""
    if claim.kind == "quantifier":
        return shown.unit == "percent"
    if claim.kind == "number":
        return {"percent": shown.unit == "percent", "rate": shown.unit == "rate_per_10k",
                "count": True, "duration": shown.unit in ("days", "weeks"),
                "decimal": shown.unit != "count"}[claim.unit]
    if not strict:  # a claim that cannot be checked against it: a warning says why
        return claim.kind != "target" or shown.polarity in ("high", "low")
    if claim.kind == "target":
        return shown.target is not None
    if claim.kind == "benchmark":
        return shown.benchmark is not None and shown.benchmark.comparator(claim.comparator) is not None
    if claim.kind == "travel" and claim.relation in ("improving", "worsening"):
        return shown.polarity in ("high", "low")
    return True


def about(sentence: Sentence, claim: Claim, figures: PublishedFigures) -> list[Shown]:
    """The indicators ``claim`` is about: those named in its clause (the nearest before it, else
    the first after it) that it fits; else, when the whole sentence names one set only, those -
    except for a quantifier, whose subject follows it in its own clause ("..., although almost
    all were concluded within three months" is not about the first clause's subject)."""
    def options(mentions, strict):
        found = []
        for m in mentions:
            named = m.share if claim.kind == "quantifier" else m.ids  # "most re-referrals" is no share
            ids = [i for i in named if i in figures.indicators and _fits(claim, figures.indicators[i], strict)]
            if ids:
                found.append((m, ids))
        return found

    start, end = sentence.clause_of(claim.start)
    clause = [m for m in sentence.mentions if start <= m.start < end]
    for strict in (True, False):
        found = options(clause, strict)
        if found:
            before = [o for o in found if o[0].start < claim.start]
            return [figures.indicators[i] for i in (before[-1] if before else found[0])[1]]
    if claim.kind == "quantifier":
        return []
    for strict in (True, False):
        sets = {tuple(ids) for _, ids in options(sentence.mentions, strict)}
        if len(sets) == 1:
            return [figures.indicators[i] for i in sets.pop()]
    return []


def _period(shown: Shown):
    """(value, problem): the period value, or why there is none to check against."""
    if shown.period_hidden:
        return None, (DISAGREEMENT, f"describes {shown.title}, which the open edition hides for the period "
                                    "(suppressed): describing a hidden figure discloses it", "hidden")
    if shown.period is None:
        return None, (WARNING, f"{shown.title} has no figure for the period (n/a) to check it against")
    return shown.period, None


def _scale(claim: Claim) -> str:
    low, high = claim.low, claim.high
    if low is not None and high is not None:
        share = f"{low:.0f}% to {high:.0f}%"
    elif low is not None:
        share = "100%" if low >= 99.9 else (f"more than {low - 0.05:.0f}%" if low % 1 else f"at least {low:.0f}%")
    else:
        share = "0%" if high <= 0.1 else (f"less than {high + 0.05:.0f}%" if high % 1 else f"at most {high:.0f}%")
    rule = {"amber red": " not rated amber or red", "red": " not rated red"}.get(claim.rating_rule, "")
    return f"\u201c{claim.text}\u201d means {share}{rule} (docs/conventions.md §10)"


def _quantifier(claim: Claim, shown: Shown, sentence: Sentence):
    v, problem = _period(shown)
    if problem:
        return problem
    in_range = (claim.low is None or v >= claim.low - _EPS) and (claim.high is None or v <= claim.high + _EPS)
    rating_bad = (claim.rating_rule and shown.rag in claim.rating_rule.split()
                  and not _TARGET_WORD.search(sentence.text))  # "short of the target" says it already
    if in_range and not rating_bad:
        return AGREES
    return DISAGREEMENT, (f"{_scale(claim)}; {shown.title} is {fmt(v, shown.unit)} for the period"
                          f"{_rated(shown)}{_travel_note(shown)}")


def _target(claim: Claim, shown: Shown, sentence: Sentence):
    if shown.target is None:
        return WARNING, f"the report shows no numeric target for {shown.title}"
    v, problem = _period(shown)
    if problem:
        return problem
    t = shown.target
    band = shown.band or abs(t) * 0.05
    meets = {"green": True, "amber": False, "red": False}.get(shown.rag)
    if meets is None:  # not rated (no polarity): above/below are the only readings
        meets = None if shown.polarity == "none" else (v >= t if shown.polarity == "high" else v <= t)
    agrees = {
        "above": v > t + _EPS, "below": v < t - _EPS,
        "meets": meets, "misses": None if meets is None else not meets,
        "close": abs(v - t) <= band + _EPS,
        "close above": t - _EPS <= v <= t + band + _EPS, "close below": t - band - _EPS <= v <= t + _EPS,
    }[claim.relation]
    if agrees is None or agrees:
        return AGREES
    return DISAGREEMENT, f"{shown.title} is {fmt(v, shown.unit)} against a target of {fmt(t, shown.unit)}" + (
        f" (rated {shown.rag.title()})" if shown.rag in ("green", "amber", "red") else "") + (
        f"; \u201cclose to\u201d means within the amber band of {fmt(band, shown.unit)}" if "close" in claim.relation
        else "")


def _side(judgement: str | None, polarity: str) -> str | None:
    """higher / lower / similar, from a judgement or a claim's words."""
    if judgement in ("similar", "higher", "lower"):
        return judgement
    if judgement in ("better", "worse") and polarity in ("high", "low"):
        return "higher" if (judgement == "better") == (polarity == "high") else "lower"
    return None


def _benchmark(claim: Claim, shown: Shown, sentence: Sentence):
    name = COMPARATOR_NAMES[claim.comparator]
    b = shown.benchmark
    comp = b.comparator(claim.comparator) if b else None
    if b is None or comp is None:
        return WARNING, f"the report shows no figure for {name} beside {shown.title}"
    if b.own_hidden:
        return (DISAGREEMENT, f"the open edition hides the council's own {_year(b.year)} value of {shown.title} in "
                              "the benchmark table (and its comparison): describing it discloses it", "hidden")
    if b.value is None:
        return WARNING, f"the report's benchmark table has no value of the council's own for {shown.title}"
    own, unit = b.value, shown.unit
    said = (f"the benchmark table shows {shown.title} {fmt(own, unit)} in {_year(b.year)} against "
            f"{COMPARATOR_OWNER[claim.comparator]} {fmt(comp, unit)}")
    if claim.relation == "ratio":
        ratio = own / comp if comp else None
        if ratio is not None and (claim.low is None or ratio >= claim.low - _EPS) and (
                claim.high is None or ratio <= claim.high + _EPS):
            return AGREES
        return DISAGREEMENT, f"{said}: {ratio:.2f} times" if ratio is not None else said
    claimed = _side(claim.relation, shown.polarity)
    if claimed is None:
        return AGREES  # "better than" for an indicator with no better direction: not checked
    if claim.comparator == "england" and b.judgement:
        report = _side(b.judgement, shown.polarity)
    else:
        report = _side(judge(own, b.lower, b.upper, comp, shown.polarity), shown.polarity)
    interval = b.lower is not None and b.upper is not None
    if report is None:  # no interval: the numbers alone
        report = "higher" if own > comp + _EPS else "lower" if own < comp - _EPS else "similar"
    if claimed == report:
        return AGREES
    owner = COMPARATOR_OWNER[claim.comparator]
    words = {"similar": (f"similar ({owner} value lies within the council's 95% interval, {fmt(b.lower, unit)} to "
                         f"{fmt(b.upper, unit)})") if interval else "the same",
             "higher": "higher", "lower": "lower"}[report]
    detail = f"{said}: {words}"
    v = shown.period_value()
    if claim.comparator == "england" and v is not None:
        detail += (f"; the period's {fmt(v, unit)} is "
                   f"{'above' if v > comp else 'below' if v < comp else 'equal to'} England's {fmt(comp, unit)}")
    return DISAGREEMENT, detail


def _travel(claim: Claim, shown: Shown, sentence: Sentence):
    shown_travel = shown.travel[claim.comparator]
    against = TRAVEL_AGAINST[claim.comparator]
    if shown_travel == HIDDEN:
        return (DISAGREEMENT, f"the open edition hides the direction of {shown.title} against {against} "
                              "(a suppressed value): describing it discloses it", "hidden")
    if shown_travel == "n/a":
        return WARNING, f"the report shows no direction of travel for {shown.title} against {against} (n/a)"
    arrow, word = shown_travel
    flat = arrow == "\u25ba"
    agrees = {"up": arrow == "\u25b2" or (claim.soft and flat), "down": arrow == "\u25bc" or (claim.soft and flat),
              "flat": flat,
              "improving": None if word in ("up", "down") else word == "improving" or (claim.soft and flat),
              "worsening": None if word in ("up", "down") else word == "worsening" or (claim.soft and flat)}[claim.relation]
    if agrees is None or agrees:
        return AGREES
    return DISAGREEMENT, f"the report shows {shown.title} {arrow} {word} against {against}"


def _no_data(claim: Claim, shown: Shown, sentence: Sentence):
    months = shown.months.values()
    if claim.every_month:
        if months and all(v not in (None, HIDDEN) for v in months):
            return DISAGREEMENT, (f"the report publishes {shown.title} for every month of the period "
                                  f"({fmt(shown.period_value(), shown.unit)} for the period)")
        return AGREES
    if shown.period_value() is not None:
        return DISAGREEMENT, f"the report publishes {shown.title}: {fmt(shown.period_value(), shown.unit)} for the period"
    return AGREES


EVALUATE = {"quantifier": _quantifier, "target": _target, "benchmark": _benchmark, "travel": _travel,
            "no_data": _no_data}


# ---- numbers --------------------------------------------------------------------------------------
NUMBER_UNITS = {"percent": ("percent",), "rate": ("rate_per_10k",), "count": ("count",),
                "duration": ("days", "weeks"), "decimal": ("percent", "rate_per_10k", "days", "weeks")}


def _pool(figures: PublishedFigures, ids, section: str) -> dict[str, list[float]]:
    """The section's published numbers by unit (plain counts also hold numerators and denominators)."""
    pool: dict[str, list[float]] = {}
    for ind_id in ids:
        shown = figures.indicators.get(ind_id)
        if shown is None:
            continue
        values = [v for v in (*shown.months.values(), shown.period) if v not in (None, HIDDEN)]
        values.append(shown.target)
        if shown.benchmark is not None:
            b = shown.benchmark
            values += [None if b.own_hidden else b.value, b.published, b.england, b.sn, b.region]
        pool.setdefault(shown.unit, []).extend(round(v, 1) for v in values if v is not None)
        pool.setdefault("count", []).extend(shown.counts)
    if section in ("improvement_plan", "summary"):
        pool.setdefault("count", []).extend(figures.plan_counts)
    return pool


def _hidden_pool(figures: PublishedFigures, ids) -> list[tuple[str, str, str, float]]:
    """(indicator, the number's unit, month or "period", exact number) for every number the open
    edition hides (a numerator or denominator is a count)."""
    found = [(ind_id, unit, slot, v) for ind_id in ids if ind_id in figures.indicators
             for slot, values in figures.indicators[ind_id].hidden.items() for v, unit in values]
    for ind_id in ids:
        shown = figures.indicators.get(ind_id)
        b = shown.benchmark if shown is not None else None
        if b is not None and b.own_hidden and b.value is not None:
            found.append((ind_id, shown.unit, str(b.year), round(b.value, 1)))
    return found


def number_matches(claim: Claim, v: float) -> bool:
    """Is ``v`` (a published figure) what ``claim`` says, within the rounding it is written with?"""
    q, tol = claim.value, 0.5 * 10 ** -claim.decimals + _EPS
    near = 2.5 if claim.unit == "percent" else 0.1 * abs(q)  # "about": points for %, else 10 %
    return {"exact": abs(v - q) <= tol, "about": abs(v - q) <= near + tol,
            "nearly": q - near - tol <= v <= q + tol, "just_under": q - near - tol <= v <= q + tol,
            "just_over": q - tol <= v <= q + near + tol, "over": v > q, "under": v < q,
            "at_least": v >= q - tol}[claim.modifier]


def _number(claim: Claim, sentence: Sentence, figures: PublishedFigures, ids, section: str, pool,
            known: bool = True):
    """(severity, kind, indicator, message) or None. ``known``: the section has figures to look
    the number up in (else only a small count of children is flagged)."""
    named = about(sentence, claim, figures)
    if claim.unit == "count" and claim.value.is_integer() and 1 <= claim.value <= figures.threshold \
            and claim.small_case_count and section != "improvement_plan":
        return (DISAGREEMENT, "small_count", named[0].id if len(named) == 1 else "",
                f"a count from 1 to {figures.threshold} of children or cases: the open edition never publishes one")
    if not known:
        return None
    units = NUMBER_UNITS[claim.unit]
    if any(number_matches(claim, v) for unit in units for v in pool.get(unit, [])):
        return None
    if claim.modifier == "exact":
        for ind_id, unit, slot, v in _hidden_pool(figures, ids):
            if unit in units and number_matches(claim, v):
                shown = figures.indicators[ind_id]
                when = ("the period" if slot == "period" else f"{_year(int(slot))} (benchmark table)"
                        if slot.isdigit() else pd.Period(slot, "M").strftime("%B %Y"))
                return (DISAGREEMENT, "hidden", ind_id,
                        f"quotes a figure the open edition hides: {shown.title}, {when}, shown as "
                        f"\u201c{figures.symbol}\u201d")
    if claim.unit == "duration":
        return None  # 45 working days, 26 weeks: timescales, not figures
    return (WARNING, "number", named[0].id if len(named) == 1 else "",
            "not found among the section's figures" + (f" (nearest for {named[0].title}: "
                                                       f"{fmt(named[0].period_value(), named[0].unit)} for the period)"
                                                       if len(named) == 1 and named[0].period_value() is not None
                                                       else ""))


# ---- a file, a section, a run --------------------------------------------------------------------
def check_text(markdown: str, spec: SectionSpec, figures: PublishedFigures, file: str = "") -> list[Finding]:
    """The findings for one commentary file of section ``spec``."""
    ids = tuple(i for i in section_ids(spec) if i in figures.indicators) if spec.key != "improvement_plan" else ()
    pool = _pool(figures, ids, spec.key)
    # a section whose figures are all tables the check does not read (breakdowns, relative rates):
    # its numbers cannot be looked up, so they are not listed as "not found"
    numbers_known = bool(ids) or spec.key == "improvement_plan"
    findings = []
    for sentence in sentences(markdown, file):
        analyse(sentence, ids)
        for claim in sentence.claims:
            if claim.kind == "number":
                found = _number(claim, sentence, figures, ids, spec.key, pool, numbers_known)
                if found:
                    severity, kind, ind_id, message = found
                    findings.append(Finding(spec.key, file, sentence.line, severity, kind, ind_id, sentence.text,
                                            claim.text, message))
                continue
            results = [(shown, EVALUATE[claim.kind](claim, shown, sentence))
                       for shown in about(sentence, claim, figures)]
            if not results or any(r is AGREES for _, r in results):
                continue  # about nothing recognised, or true of one of the indicators it may mean
            # a disagreement only when the claim is false of every indicator it may mean
            severity = DISAGREEMENT if all(r[0] == DISAGREEMENT for _, r in results) else WARNING
            shown, result = results[0]
            findings.append(Finding(spec.key, file, sentence.line, severity, result[2] if len(result) > 2 else claim.kind,
                                    shown.id, sentence.text, claim.text, result[1]))
    return findings


WRITTEN = [s for s in SECTIONS if s.key != "data_quality"]


def check_files(folder: Path, figures: PublishedFigures, specs=None, shown_folder: str = "") -> CheckResult:
    """Check every commentary file of ``folder`` for the sections ``specs`` (default: all)."""
    result = CheckResult()
    for spec in specs or WRITTEN:
        if spec.key == "data_quality":
            continue
        path = Path(folder) / f"{spec.key}.md"
        if not path.exists():
            continue
        name = f"{shown_folder}/{path.name}" if shown_folder else path.name
        result.checked.append(name)
        result.findings += check_text(path.read_text(encoding="utf-8-sig"), spec, figures, name)
    return result


def check_run(params, prepared, run_dir: Path, specs=None) -> CheckResult:
    """The check of a run: the commentary of the run's ``params`` (where the commentary is: the
    prepared data may come from the cache of a run with another copy of the same params) against
    the figures in ``run_dir`` (written by the runner), into ``run_dir/restricted/commentary_check.csv``.
    A problem in the check itself never stops a report: it is returned in ``error``."""
    from ..exports import write_csv
    from .commentary import commentary_folder
    from .published import published_figures

    try:
        folder = commentary_folder(params, prepared.period)
        result = check_files(folder, published_figures(run_dir, prepared), specs, folder.name)
    except Exception as exc:  # noqa: BLE001 - advice for the writer must never stop the report
        result = CheckResult(error=f"{type(exc).__name__}: {exc}")
    write_csv(result.frame(), Path(run_dir) / "restricted" / "commentary_check.csv")
    return result


def findings_html(result: CheckResult, section: str) -> str:
    """The block under a section's commentary in the restricted edition and in drafts."""
    from ..present.tables import esc

    findings = result.for_section(section)
    head = '<h3 class="block-title">Commentary check (restricted: not in the open edition)</h3>'
    if result.error:
        body = f"<p>The check could not run: {esc(result.error)}.</p>"
    elif not findings:
        body = "<p>No disagreement with this section\u2019s published figures was found.</p>"
    else:
        items = "".join(
            f'<li class="{f.severity}"><strong>{"Disagrees" if f.severity == DISAGREEMENT else "Warning"}</strong> '
            f"(line {f.line}): \u201c{esc(f.claim)}\u201d in \u201c{esc(f.sentence)}\u201d: {esc(f.message)}.</li>"
            for f in findings)
        body = f"<ul>{items}</ul>"
    return f'<div class="commentary-check" role="note">{head}{body}</div>'


def check_period(params_path, period_text: str | None, output_root: str | Path = "outputs") -> CheckResult:
    """``safeguarding commentary --check``: the figures of the latest identical run (its cache in
    ``<output_root>/<council>/.cache``) when there is one, else the data prepared afresh into a
    temporary folder, removed afterwards."""
    import tempfile

    from ..params import load_params
    from ..periods import PeriodError, parse_period
    from ..prepare import load_prepared, prepare
    from .cache import cache_key
    from .commentary import commentary_folder
    from .published import published_figures
    from .runner import _write_indicator_files

    params = load_params(params_path)
    if not (period_text or params.period):
        raise PeriodError("no period given: use --period (e.g. 2018-19-Q3) or set period: in the params file")
    period = parse_period(period_text or params.period)
    folder = commentary_folder(params, period)
    cache = Path(output_root) / params.council.short_name / ".cache" / period.slug
    key = cache / "key"
    if (key.exists() and key.read_text(encoding="utf-8").strip() == cache_key(params, period)
            and (cache / "files" / "indicators.xlsx").exists()):
        prepared = load_prepared(cache / "prepared")
        return check_files(folder, published_figures(cache / "files", prepared), shown_folder=folder.name)
    with tempfile.TemporaryDirectory(prefix="safeguarding-commentary-check-") as tmp:
        prepared = prepare(params, period, Path(tmp) / "restricted" / "prepared")
        _write_indicator_files(prepared, Path(tmp))
        return check_files(folder, published_figures(Path(tmp), prepared), shown_folder=folder.name)


__all__ = ["Finding", "CheckResult", "check_text", "check_files", "check_run", "check_period", "findings_html",
           "number_matches", "about", "section_ids"]