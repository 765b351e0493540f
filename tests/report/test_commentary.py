"""Commentary scaffolding: canonical folder, pre-filled notes (hand-computed), never overwrite,
notes never published."""
from pathlib import Path

import pandas as pd
import pytest

from safeguarding.indicators.compute import load_definitions
from safeguarding.indicators.registry import REGISTRY
from safeguarding.params import params_from_dict
from safeguarding.periods import parse_period
from safeguarding.prepare import PreparedData
from safeguarding.present.tables import commentary_block, markdown_to_html
from safeguarding.report.commentary import (
    WRITTEN_SECTIONS, commentary_folder, indicator_notes, scaffold_commentary,
)


def _row(ind, first, last, num, den, unit):
    a, b = pd.Period(first, "M"), pd.Period(last, "M")
    label = parse_period(f"{first}..{last}").label
    value = 100.0 * num / den if unit == "percent" else float(num)
    return dict(indicator_id=ind, title=ind, section="x", period_type="period", month=label,
                start=a.start_time.normalize(), end=b.end_time.normalize(), numerator=float(num),
                denominator=float(den) if unit == "percent" else float("nan"), value=value,
                lower=float("nan"), upper=float("nan"), unit=unit, polarity="none", status="national")


def _data(tmp_path: Path, period="2018-07..2018-12") -> PreparedData:
    load_definitions()
    params = params_from_dict({
        "report": {"commentary_folder": str(tmp_path / "commentary")},
        "targets": {"rereferral_pct": {"target": 18, "tolerance_type": "absolute", "amber_band": 3}},
    })
    rows = [
        # contacts: 518 now, 500 in the previous period (+3.6%: inside the 5% band), 400 a year ago
        _row("contacts", "2018-07", "2018-12", 518, 0, "count"),
        _row("contacts", "2018-01", "2018-06", 500, 0, "count"),
        _row("contacts", "2017-07", "2017-12", 400, 0, "count"),
        # re-referrals: 40/200 = 20.0% now, 45/180 = 25.0% before (-5.0 points, lower is better),
        # 3/20 a year ago: 3 children, suppressed in the open edition
        _row("rereferral_pct", "2018-07", "2018-12", 40, 200, "percent"),
        _row("rereferral_pct", "2018-01", "2018-06", 45, 180, "percent"),
        _row("rereferral_pct", "2017-07", "2017-12", 3, 20, "percent"),
    ]
    return PreparedData(folder=tmp_path, params=params, period=parse_period(period), tables={},
                        findings=pd.DataFrame(), accounts=pd.DataFrame(), indicators=pd.DataFrame(rows),
                        meta={"extract_date": "2019-01-20"})


def test_notes_are_the_published_figures_and_their_changes(tmp_path):
    from safeguarding.report.figures import build_open_figures

    data = _data(tmp_path)
    contacts, rereferrals = indicator_notes(data, ["contacts", "rereferral_pct"], build_open_figures(data).indicators)
    assert contacts == (
        f"{REGISTRY['contacts'].title}: 518 in July to December 2018; "
        "previous period (January to June 2018) 500: +18, +3.6%, no meaningful change; "
        "same period last year (July to December 2017) 400: +118, +29.5%.")
    assert rereferrals == (
        f"{REGISTRY['rereferral_pct'].title}: 20.0% in July to December 2018; "
        "previous period (January to June 2018) 25.0%: -5.0 points, improving; "
        "same period last year (July to December 2017) c; target 18.0%.")


def test_scaffold_creates_each_section_once_and_never_overwrites(tmp_path):
    data = _data(tmp_path)
    folder = tmp_path / "commentary" / "2018-07_2018-12"
    folder.mkdir(parents=True)
    (folder / "cp.md").write_text("## What is going well?\nOur own words.\n", encoding="utf-8")
    result = scaffold_commentary(data)
    assert result.folder == folder
    assert [p.name for p in result.kept] == ["cp.md"]
    assert sorted(p.name for p in result.created) == sorted(f"{s.key}.md" for s in WRITTEN_SECTIONS
                                                            if s.key != "cp")
    assert "data_quality.md" not in {p.name for p in result.created}
    assert (folder / "cp.md").read_text(encoding="utf-8") == "## What is going well?\nOur own words.\n"
    front_door = (folder / "front_door.md").read_text(encoding="utf-8")
    assert "NOTES FOR THE WRITER" in front_door and "20.0% in July to December 2018" in front_door
    again = scaffold_commentary(data)
    assert again.created == [] and len(again.kept) == len(WRITTEN_SECTIONS)


def test_the_notes_are_never_published(tmp_path):
    data = _data(tmp_path)
    folder = scaffold_commentary(data).folder
    block = commentary_block(folder / "front_door.md")
    # an untouched scaffold is still unwritten commentary: marked, and none of the notes shown
    assert "Commentary not yet written" in block and "draft" in block
    assert "NOTES" not in block and "20.0%" not in block
    written = (folder / "front_door.md").read_text(encoding="utf-8").replace(
        "## What is going well?\n", "## What is going well?\n- Re-referrals fell to 20%.\n")
    assert "NOTES" not in markdown_to_html(written) and "Re-referrals fell to 20%." in markdown_to_html(written)


def test_a_quarter_typed_two_ways_has_one_folder(tmp_path):
    a = _data(tmp_path, "2019-04..2019-06")
    b = _data(tmp_path, "2019-20-Q1")
    assert commentary_folder(a.params, a.period) == commentary_folder(b.params, b.period) \
        == tmp_path / "commentary" / "2019-20-Q1"


def test_an_older_folder_name_is_still_read(tmp_path):
    data = _data(tmp_path, "2019-20-Q1")
    old = tmp_path / "commentary" / "2019-04_2019-06"
    old.mkdir(parents=True)
    assert commentary_folder(data.params, data.period) == old
    (tmp_path / "commentary" / "2019-20-Q1").mkdir()
    assert commentary_folder(data.params, data.period) == tmp_path / "commentary" / "2019-20-Q1"


@pytest.mark.parametrize("text", ["<!-- a note -->\n- Said.", "- Said.\n<!-- unclosed note 3 children"])
def test_html_comments_are_dropped_from_commentary(text):
    html = markdown_to_html(text)
    assert "Said." in html and "note" not in html
