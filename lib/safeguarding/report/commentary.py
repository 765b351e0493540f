"""Commentary files: where a period's commentary lives, and a pre-filled start for the writer.

``safeguarding commentary --params … --period …`` prepares the data (no notebooks) and writes
``<commentary_folder>/<canonical period>/<section>.md`` for every section that has commentary,
each holding the two headings the report expects and, between ``<!--`` and ``-->``, notes for
the writer: the section's figures for the period against the previous period and the same
period last year, as the open edition will publish them (counts of 1 to the threshold shown as
the suppression symbol, so a figure copied into the text cannot leak). The renderer drops
everything between those marks. An existing file is never overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..indicators.registry import REGISTRY
from ..params import Params
from ..periods import Period
from ..prepare import PreparedData, table_rows
from .sections import SECTIONS, SectionSpec

# The data-quality section is generated entirely from the validation results: no commentary.
WRITTEN_SECTIONS = [s for s in SECTIONS if s.key != "data_quality"]
NOTES_OPEN = "<!-- NOTES FOR THE WRITER (never published: the report leaves out everything up to the closing mark)"
NOTES_CLOSE = "-->"


def commentary_folder(params: Params, period: Period) -> Path:
    """``<report.commentary_folder>/<period slug>``; a folder under an older name of the same
    period (see ``Period.legacy_slugs``) is used while the canonical one does not exist."""
    base = Path(params.report.commentary_folder)
    if not base.is_absolute():
        base = params.base_dir / base
    canonical = base / period.slug
    if not canonical.exists():
        for old in period.legacy_slugs:
            if (base / old).is_dir():
                return base / old
    return canonical


def _change(cur: float, prev: float, unit: str) -> str:
    if unit == "percent":
        return f"{cur - prev:+.1f} points"
    if prev == 0:
        return f"{cur - prev:+,.0f}" if unit == "count" else f"{cur - prev:+,.1f}"
    diff = f"{cur - prev:+,.0f}" if unit == "count" else f"{cur - prev:+,.1f}"
    return f"{diff}, {100 * (cur - prev) / abs(prev):+.1f}%"


def indicator_notes(data: PreparedData, ids, shown: pd.DataFrame) -> list[str]:
    """One line per indicator: the period's value, and its change against the previous period
    and the same period last year, as the open edition publishes them (``shown``: the run's
    open figures, ``report.figures``) - so a writer never quotes a figure the report hides."""
    from ..present.tables import format_value, target_text
    from ..present.travel import direction_of_travel

    ids = [i for i in ids if i in REGISTRY]
    symbol = data.params.disclosure.symbol
    shown = shown[(shown["period_type"] == "period") & shown["indicator_id"].isin(ids)]
    conv = data.params.conventions
    period, previous, last_year = data.period, data.period.previous(), data.period.same_period_last_year()
    lines = []
    for ind_id in ids:
        ind = REGISTRY[ind_id]
        mine = shown[shown["indicator_id"] == ind_id]
        mine = mine.set_index(mine["month"].astype(str))

        def value(p: Period):
            if p.label not in mine.index:
                return None, "n/a"
            r = mine.loc[p.label]
            if bool(r.get("suppressed", False)):
                return None, symbol
            v = pd.to_numeric(r["value"], errors="coerce")
            return (None, "n/a") if pd.isna(v) else (float(v), format_value(v, ind.unit))

        cur, cur_text = value(period)
        parts = [f"{ind.title}: {cur_text} in {period.title}"]
        for name, p in (("previous period", previous), ("same period last year", last_year)):
            v, text = value(p)
            if cur is None or v is None:
                parts.append(f"{name} ({p.title}) {text}")
                continue
            travel = direction_of_travel(cur, v, ind.polarity, ind.unit, band_points=conv.no_change_band_points,
                                         band_relative=conv.no_change_band_relative)
            judgement = {"no_change": "no meaningful change", "neutral": ""}.get(travel.judgement, travel.judgement)
            parts.append(f"{name} ({p.title}) {text}: {_change(cur, v, ind.unit)}"
                         + (f", {judgement}" if judgement else ""))
        target = data.params.target_for(ind_id)
        if target is not None and (target.target is not None or target.label):
            parts.append(f"target {target_text(target, ind.unit)}")
        lines.append("; ".join(parts) + ".")
    return lines


def section_notes(spec: SectionSpec, data: PreparedData, shown: pd.DataFrame) -> list[str]:
    if spec.key == "summary":
        return indicator_notes(data, [i for s in SECTIONS for i in s.scorecard_ids], shown)
    if spec.key == "improvement_plan":
        from ..improvement.plan import status_summary_text

        actions = data.tables.get("improvement_actions", pd.DataFrame())
        return [status_summary_text(actions, data.params)] if len(actions) else ["No improvement plan was supplied."]
    notes = indicator_notes(data, spec.table_ids, shown)
    if spec.tables and not any(table_rows(data.tables, t) for t in spec.tables):
        notes.insert(0, f"No data were supplied for this section ({', '.join(spec.tables)}).")
    return notes


def section_text(spec: SectionSpec, data: PreparedData, shown: pd.DataFrame) -> str:
    """The new file's text: notes for the writer, then the headings the report reads."""
    period = data.period
    notes = "\n".join(f"- {line}" for line in section_notes(spec, data, shown))
    head = (f"{NOTES_OPEN}\n{spec.number}. {spec.title}, {period.title} ({period.label}).\n"
            f"Figures as the open edition publishes them (\"{data.params.disclosure.symbol}\" = a count from 1 "
            f"to {data.params.disclosure.threshold}, suppressed); changes are against the previous period and "
            "the same period last year.\n"
            f"{notes}\n{NOTES_CLOSE}\n\n")
    if spec.key == "summary":
        return head  # key messages: plain paragraphs or a list, no headings
    return head + "## What is going well?\n\n\n## What are our areas for improvement?\n\n"


@dataclass
class ScaffoldResult:
    folder: Path
    created: list[Path]
    kept: list[Path]  # already there: left untouched


def scaffold_commentary(data: PreparedData, ledger_records: pd.DataFrame | None = None) -> ScaffoldResult:
    """Create the period's missing commentary files (never overwriting one). Their notes quote
    the figures as the open edition will publish them, protected with ``ledger_records``."""
    from .figures import build_open_figures

    shown = build_open_figures(data, ledger_records).indicators
    folder = commentary_folder(data.params, data.period)
    folder.mkdir(parents=True, exist_ok=True)
    created, kept = [], []
    for spec in WRITTEN_SECTIONS:
        path = folder / f"{spec.key}.md"
        if path.exists():
            kept.append(path)
            continue
        with open(path, "x", encoding="utf-8") as fh:  # "x": a file appearing meanwhile is never replaced
            fh.write(section_text(spec, data, shown))
        created.append(path)
    return ScaffoldResult(folder, created, kept)


def write_commentary_templates(params_path: str | Path, period_text: str | None,
                               output_root: str | Path = "outputs") -> ScaffoldResult:
    """Prepare the data for the period (into a temporary folder, removed afterwards: it holds
    child-level tables) and scaffold its commentary files, with the figures the council's
    publication ledger (under ``output_root``) lets the report publish."""
    import tempfile

    from ..disclosure.ledger import has_ledger, open_ledger

    from ..params import load_params
    from ..periods import PeriodError, parse_period
    from ..prepare import prepare

    params = load_params(params_path)
    if not (period_text or params.period):
        raise PeriodError("no period given: use --period (e.g. 2018-19-Q3) or set period: in the params file")
    period = parse_period(period_text or params.period)
    council_dir = Path(output_root) / params.council.short_name
    ledger = open_ledger(council_dir).records() if has_ledger(council_dir) else None
    with tempfile.TemporaryDirectory(prefix="safeguarding-commentary-") as tmp:
        data = prepare(params, period, Path(tmp) / "prepared")
        return scaffold_commentary(data, ledger)


# Commentary is written by people after the numbers exist, so it is read when the pages are
# rendered, not when the notebooks run: executed notebooks (and the cache) stay valid across
# commentary edits. A notebook marks each commentary output with this metadata key
# ({"kind": ..., "file": ...}); the runner's Commentary renders it again from the file.
COMMENTARY_KEY = "safeguarding_commentary"
# Every output a section block displays carries this mark (report.notebook._show): it came
# through the product's disclosure-controlled display. The open edition shows no other output.
CONTROLLED_KEY = "safeguarding_controlled"


class Commentary:
    """The commentary files of one report: ``<commentary_folder>/<period>/<file>``."""

    def __init__(self, params, period, check=None):
        self.folder = commentary_folder(params, period)  # the canonical name, or an older one in use
        self.base_dir = params.base_dir
        # the commentary check's findings (report.commentary_check.CheckResult), shown under each
        # commentary: restricted edition and drafts only
        self.check = check

    def shown_as(self, name: str) -> str:
        """Where the writer should put ``name``, as a path they can type: relative to the
        current folder when inside it, else starting at the params file's folder (never an
        absolute path of the analyst's machine in a published page)."""
        path = (self.folder / name).resolve()
        for base, prefix in ((Path.cwd(), ""), (self.base_dir, self.base_dir.name)):
            try:
                return str(Path(prefix) / path.relative_to(base.resolve()))
            except ValueError:
                continue
        return str(Path(self.folder.name) / name)

    def html(self, block: dict) -> str:
        markup = commentary_html(block["kind"], self.folder / block["file"], self.shown_as(block["file"]),
                                 block.get("default", ""), wide=block.get("wide", False))
        if self.check is not None and block["kind"] in ("commentary", "key_messages"):
            from .commentary_check import findings_html

            markup += findings_html(self.check, Path(block["file"]).stem)
        return markup


def commentary_html(kind: str, path: Path, shown_as: str, default: str = "", wide: bool = False) -> str:
    """The HTML of one commentary block from its markdown file; a missing file gives a visible
    marker naming the file expected."""
    from ..present.tables import DRAFT_MARKER, commentary_block, esc, markdown_to_html, strip_writer_notes

    if kind == "commentary":
        html = ('<h3 class="block-title">What is going well? What are our areas for improvement?</h3>'
                + commentary_block(path, draft_marker=f"{DRAFT_MARKER}: write {shown_as}"))
        # a section of landscape tables only: the commentary prints on their page, not a page of its own
        return f'<div class="print-wide">{html}</div>' if wide else html
    if kind == "key_messages":
        # the notes `safeguarding commentary` pre-fills for the writer are never published
        text = strip_writer_notes(path.read_text(encoding="utf-8-sig")) if path.exists() else ""
        if text.strip():
            return '<div class="key-messages">' + markdown_to_html(text) + "</div>"
        return f'<p class="draft-marker">Key messages not yet written for this period: write {esc(shown_as)}.</p>'
    if kind == "description":
        text = (markdown_to_html(path.read_text(encoding="utf-8-sig")) if path.exists()
                else f"<p>{esc(default)}</p>")
        # beside the heading on the landscape page of the section's monthly table (print)
        return f'<div class="statutory{" print-wide" if wide else ""}">{text}</div>'
    raise ValueError(f"unknown commentary block {kind!r}")
