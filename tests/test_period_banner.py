"""A period ending after the extract date carries a banner on every page (HTML pages and every
printed PDF page); a period starting after it is refused before anything runs."""
import pytest

from safeguarding.periods import PeriodError, parse_period
from safeguarding.present.coverage import period_banner, period_banner_short
from safeguarding.report.render import RenderedSection, write_pages, write_pdf

PERIOD = parse_period("2018-10..2019-03")
EXTRACT = "2019-01-10"


def _context():
    return {"council_name": "Demo Borough Council", "report_title": "Safeguarding report", "committee": "Committee",
            "period_title": PERIOD.title, "period_label": PERIOD.label, "classification": "Open",
            "report_date": "2019-04-24", "extract_date": EXTRACT, "edition": "open", "threshold": 5,
            "symbol": "c", "version": "test", "has_pdf": True,
            "period_banner": period_banner(PERIOD, EXTRACT), "period_banner_short": period_banner_short(PERIOD, EXTRACT)}


def _sections():
    filler = "".join(f"<p>Paragraph {i} of the commentary for this section.</p>" for i in range(60))
    return [RenderedSection("front_door", 1, "Front door", "01_front_door", f"<h2>Front door</h2>{filler}"),
            RenderedSection("cp", 2, "Child protection", "02_cp", f"<h2>Child protection</h2>{filler}")]


def test_every_html_page_carries_the_banner(tmp_path):
    pages = write_pages(tmp_path, _sections(), _context())
    for name, path in pages.items():
        text = path.read_text(encoding="utf-8")
        assert "Incomplete period: the data were extracted on 10 January 2019" in text, name
        assert "January 2019 is a part month" in text and "February 2019 to March 2019 have no data yet" in text


def test_every_printed_page_carries_the_banner(tmp_path):
    import pypdf

    pages = write_pages(tmp_path, _sections(), _context())
    pdf = write_pdf(pages["report"], tmp_path / "report.pdf")
    texts = [page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages]
    assert len(texts) >= 3
    # the first page shows the header's full notice; every later page the margin's short one
    assert "Incomplete period: the data were extracted on 10 January 2019" in texts[0]
    assert all("Incomplete period: data extracted 10 January 2019" in t for t in texts[1:])


def test_no_banner_when_the_data_cover_the_period(tmp_path):
    context = _context() | {"period_banner": None, "period_banner_short": None, "extract_date": "2019-04-05"}
    pages = write_pages(tmp_path, _sections(), context)
    assert all("Incomplete period" not in p.read_text(encoding="utf-8") for p in pages.values())


def test_period_starting_after_extract_is_refused():
    from safeguarding.prepare import refuse_period_after_extract

    refuse_period_after_extract(parse_period("2018-19-Q4"), EXTRACT)  # starts before: allowed
    with pytest.raises(PeriodError) as err:
        refuse_period_after_extract(parse_period("2019-20-Q1"), EXTRACT)
    assert str(err.value) == (
        "period 2019-20-Q1 (April to June 2019) starts after the data's extract date 2019-01-10: there are "
        "no data for it. Choose a period that starts on or before January 2019, or supply a later extract.")


def test_cli_refuses_period_after_extract_with_exit_3(tmp_path):
    """`2019-20-Q1` on data extracted 2019-01-10 rendered 0 contacts and false reds; now refused.
    A fresh process, with the demo's targets: they are checked against the full registry."""
    import subprocess
    import sys

    import yaml

    from safeguarding.demo.generator import generate_demo

    generate_demo(tmp_path / "data", scale=0.02, seed=7)
    targets = yaml.safe_load(open("params/demo.yaml", encoding="utf-8"))["targets"]
    params = tmp_path / "council.yaml"
    params.write_text(yaml.safe_dump({"council": {"short_name": "tiny"}, "inputs": {"folder": str(tmp_path / "data")},
                                      "targets": targets}))
    proc = subprocess.run([sys.executable, "-m", "safeguarding", "run", "--params", str(params), "--period",
                           "2019-20-Q1", "--output-root", str(tmp_path / "out"), "--quiet", "--no-pdf"],
                          capture_output=True, text=True)
    code, err = proc.returncode, proc.stderr
    assert code == 3 and err.count("\n") == 1, err
    assert "starts after the data's extract date 2019-01-10" in err
    assert not (tmp_path / "out" / "tiny" / "2019-20-Q1").exists()
    assert not list((tmp_path / "out" / "tiny").glob(".*partial*"))


def test_section_header_carries_the_banner(monkeypatch, tmp_path):
    from types import SimpleNamespace

    from safeguarding.params import params_from_dict
    from safeguarding.report import notebook
    from safeguarding.report.sections import BY_KEY

    shown = []
    monkeypatch.setattr(notebook, "_show", lambda markup, **_: shown.append(markup))
    data = SimpleNamespace(params=params_from_dict({"report": {"commentary_folder": str(tmp_path)}}),
                           period=PERIOD, meta={"extract_date": EXTRACT}, tables={})
    notebook.SectionView(BY_KEY["front_door"], data, "open").header()
    assert '<p class="period-banner" role="note">Incomplete period: the data were extracted on 10 January 2019' \
        in shown[0]
    data.meta["extract_date"] = "2019-03-31"
    notebook.SectionView(BY_KEY["front_door"], data, "open").header()
    assert "period-banner" not in shown[1]
