"""The cover report (params cover:) and the print appendices of the combined report."""
import re

import pytest

from safeguarding.params import ParamsError, params_from_dict
from safeguarding.periods import parse_period
from safeguarding.report.appendix import appendix_block, split_appendices
from safeguarding.report.heading import cover
from safeguarding.report.render import RenderedSection, write_pages

PERIOD = parse_period("2018-07..2018-12")
SEED_ORDER = ["Purpose and summary", "Recommendations", "Policy and legislative context", "Legal implications",
              "Financial implications", "Crime and disorder implications", "Equalities implications",
              "Environmental implications", "Background papers"]


def _context(params, edition="open"):
    return {"council_name": params.council.name, "report_title": "Safeguarding Services Six-Monthly Report",
            "committee": params.report.committee, "period_title": PERIOD.title, "period_label": PERIOD.label,
            "cover": cover(params, PERIOD), "classification": "Open" if edition == "open" else "Restricted",
            "report_date": "10 January 2019", "extract_date": "10 January 2019", "edition": edition,
            "threshold": 5, "symbol": "c", "version": "test", "has_pdf": True, "draft": False,
            "period_banner": "", "period_banner_short": ""}


def _sections():
    body = ('<div class="output"><h2 class="section-title" id="01_front_door">1. Front door</h2></div>'
            '<div class="output"><p>Figures.</p></div>'
            + appendix_block("definitions", '<div class="definitions"><dl><dt>Contacts</dt></dl></div>'))
    plan = '<p>Plan summary.</p>' + appendix_block("plan", '<table class="ip-table"><caption>All</caption></table>')
    return [RenderedSection("front_door", 1, "Front door", "01_front_door", body),
            RenderedSection("improvement_plan", 9, "Improvement plan progress", "09_improvement_plan", plan)]


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def test_the_default_cover_prints_every_heading_as_a_draft_in_the_seed_order(tmp_path):
    params = params_from_dict({})
    c = cover(params, PERIOD)
    assert [s["heading"] for s in c["sections"]] == SEED_ORDER
    drafts = {s["key"] for s in c["sections"] if any(p["draft"] for p in s["paragraphs"])}
    assert drafts == set(params.cover.drafts()) - {"item_number", "contributors", "contact_officer", "meeting_date"}
    assert "recommendations" in drafts and "purpose" not in drafts  # the purpose is written from the period
    assert "July to December 2018" in c["sections"][0]["paragraphs"][0]["text"]
    pages = write_pages(tmp_path, _sections(), _context(params))
    for name in ("index", "report"):
        html = pages[name].read_text(encoding="utf-8")
        text = _text(html)
        positions = [text.index(h) for h in SEED_ORDER]
        assert positions == sorted(positions), name
        assert "[Recommendation to be written]" in text and "[Meeting date]" in text
        assert html.count('class="cover-draft"') >= 8
        # the title is the page's one h1, printed once; the marking once in the page header and
        # once on the cover (no "Open" repeated a third time)
        assert html.count("<h1") == 1 and text.count("Safeguarding Services Six-Monthly Report") == 1 + 1  # + <title>
        assert text.count("Open") == 2


def test_a_council_switches_the_cover_off_and_keeps_the_title_block(tmp_path):
    params = params_from_dict({"cover": {"show": False}})
    assert cover(params, PERIOD) is None
    html = write_pages(tmp_path, _sections(), _context(params))["report"].read_text(encoding="utf-8")
    assert "Cover report" not in html and "Recommendations" not in html
    assert html.count("<h1") == 1 and 'class="title-block"' in html


def test_cover_text_from_params_with_placeholders_and_a_single_paragraph():
    params = params_from_dict({"cover": {"recommendations": "Members are asked to note the report for {period_title}.",
                                         "meeting_date": "2019-01-24", "item_number": "7"}})
    c = cover(params, PERIOD)
    recommendations = next(s for s in c["sections"] if s["key"] == "recommendations")
    assert recommendations["numbered"] and recommendations["paragraphs"] == [
        {"text": "Members are asked to note the report for July to December 2018.", "draft": False}]
    assert dict(c["facts"])["Meeting date"]["text"] == "24 January 2019"


@pytest.mark.parametrize("cover_params, message", [
    ({"recommendations": []}, "should be a list of at least one paragraph"),
    ({"purpose": ["For {period}"]}, "placeholders {council}, {period_title}"),
    ({"meeting_date": "24/01/2019"}, "an ISO date"),
    ({"show": "no"}, "should be bool"),
    ({"item_number": " "}, "non-empty text"),
    ({"wards": 7}, "should be text"),
    ({"legal": ["None."]}, "unknown key"),
])
def test_every_cover_option_is_checked(cover_params, message):
    with pytest.raises(ParamsError, match=re.escape(message)):
        params_from_dict({"cover": cover_params}, "c.yaml")


def test_the_restricted_marking_is_said_once():
    params = params_from_dict({})
    from safeguarding.report.render import _env, stylesheet  # noqa: F401 (the page template)

    html = _env().get_template("index.html.j2").render(css="", links=[], **_context(params, "restricted"))
    header = re.search(r'<div class="classification">(.*?)</div>', html).group(1)
    assert _text(header) == "Restricted : contains child-level detail, not for publication"
    assert not re.search(r"restricted\W+restricted", _text(html), flags=re.I)


def test_print_appendices_take_the_marked_blocks_and_the_section_pages_keep_them(tmp_path):
    body, blocks = split_appendices(_sections()[0].body)
    assert "definitions" not in body and list(blocks) == ["definitions"]
    pages = write_pages(tmp_path, _sections(), _context(params_from_dict({})))
    section = pages["01_front_door"].read_text(encoding="utf-8")
    assert '<div class="definitions">' in section  # beside its section on screen
    report = pages["report"].read_text(encoding="utf-8")
    main = report[report.index("<main"):]
    a = main.index('id="appendix-definitions">Appendix A: How the figures are defined</h2>')
    b = main.index('id="appendix-plan">Appendix B: The improvement plan in full</h2>')
    assert main.index("Plan summary.") < a < main.index('<div class="definitions">') < b < main.index(
        "<caption>All</caption>")
    assert main.count('<div class="definitions">') == 1  # moved, not copied
    with pytest.raises(ValueError, match="unknown appendix"):
        appendix_block("annexes", "<p>x</p>")


def test_a_worker_the_council_names_on_its_cover_is_not_a_leak():
    """A contact officer who also holds cases is published by the council's choice: that name
    (and its parts) leave the leak check's identifiers; everything else stays."""
    from safeguarding.report.runner import _without_cover_names

    identifiers = {"Jane Smith": "cp_plans.worker", "Smith": "cp_plans.worker", "Sam Okafor": "cin.worker",
                   "C123456": "cp_plans.child_id"}
    params = params_from_dict({"cover": {"contact_officer": "Jane Smith, Head of Performance, 020 7946 0000"}})
    assert _without_cover_names(identifiers, params) == {"Sam Okafor": "cin.worker", "C123456": "cp_plans.child_id"}
    hidden = params_from_dict({"cover": {"show": False, "contact_officer": "Jane Smith"}})
    assert _without_cover_names(identifiers, hidden) == identifiers
