"""The demo's own commentary against the demo's own figures (`make demo`'s council, seed 2018).

The old demo commentary (tests/report/fixtures/old_demo_commentary) contradicted the figures
beside it in four places; the commentary in params/commentary is written from the figures and
must contradict nothing. When a change moves the demo's figures, this test names the sentences
to rewrite (run `safeguarding commentary --check --params params/demo.yaml` after `make demo`).
"""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OLD = Path(__file__).parent / "fixtures" / "old_demo_commentary"


@pytest.fixture(scope="module")
def demo_figures(tmp_path_factory):
    from safeguarding.demo.generator import generate_demo
    from safeguarding.params import load_params
    from safeguarding.periods import parse_period
    from safeguarding.prepare import prepare
    from safeguarding.report.figures import open_figures
    from safeguarding.report.published import published_figures
    from safeguarding.report.runner import _write_indicator_files

    folder = tmp_path_factory.mktemp("demo-commentary")
    generate_demo(folder / "data")  # the defaults of `safeguarding demo` and `make demo`
    params = load_params(ROOT / "params" / "demo.yaml")
    params.inputs.folder = str(folder / "data")
    params.inputs.previous_plan_folder = str(folder / "data" / "previous_plan")
    prepared = prepare(params, parse_period(params.period), folder / "run" / "restricted" / "prepared")
    _write_indicator_files(prepared, folder / "run", open_figures(prepared))  # no ledger: the first report
    return published_figures(folder / "run", prepared), prepared


@pytest.mark.slow
def test_the_old_demo_commentary_contradicts_its_figures_four_times(demo_figures):
    from safeguarding.report.commentary_check import check_files

    figures, _ = demo_figures
    found = {(f.file, f.indicator_id, f.kind) for f in check_files(OLD, figures).disagreements}
    assert {("front_door.md", "mash_decision_timely_pct", "no_data"),
            ("assessments.md", "icpc_within_15wd_pct", "benchmark"),
            ("cp.md", "rcpc_in_timescale_pct", "quantifier"),
            ("lado.md", "lado_concluded_1m_pct", "quantifier")} <= found


@pytest.mark.slow
def test_the_demo_commentary_agrees_with_its_figures_and_names_the_standout_one(demo_figures):
    from safeguarding.report.commentary import commentary_folder
    from safeguarding.report.commentary_check import check_files

    figures, prepared = demo_figures
    folder = commentary_folder(prepared.params, prepared.period)
    result = check_files(folder, figures)
    assert len(result.checked) == 13
    assert result.findings == [], "\n".join(str(f) for f in result.findings)
    # the standout figure: care applications per 10,000 against England, in the section and the summary
    care = figures.indicators["care_applications_rate_r12"].benchmark
    own, england = f"{care.value:.1f} per 10,000", f"{care.england:.1f}"
    for name in ("proceedings.md", "summary.md"):
        text = (folder / name).read_text(encoding="utf-8")
        assert own in text and england in text and "England" in text, name
