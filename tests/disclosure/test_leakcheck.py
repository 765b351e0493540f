import pandas as pd
import pytest

from safeguarding.disclosure.leakcheck import (
    find_leaks, html_count_texts, html_text, identifiers_from_tables, pdf_text,
)

CLEAN = """<html><head><style>.count{}</style><title>Report</title></head><body>
<h2>Child protection</h2><p>In 2018 there were 1,786 contacts; 85.0% were timely.</p>
<table class="report-table"><tr><td class="count num">100</td><td class="count num suppressed">c</td>
<td class="count num">0</td><td class="pct num">3.5%<span class="count n">12/340</span></td>
<td class="rate num">4.2</td></tr></table></body></html>"""

IDS = {"CHILD00123", "Jane Smith", "Team Phoenix", "A1", "1234", "987654"}


def test_clean_html_passes():
    assert find_leaks({"clean.html": CLEAN}, IDS, 5) == []


def test_planted_child_id_is_found():
    html = CLEAN.replace("<h2>Child protection</h2>", "<h2>Child protection</h2><p>Case child00123 was seen.</p>")
    leaks = find_leaks({"s.html": html}, IDS, 5)
    assert [(l.source, l.kind, l.value) for l in leaks] == [("s.html", "identifier", "child00123")]
    assert leaks[0].masked == "ch********"
    assert "child00123" not in str(leaks[0])


def test_identifier_in_attribute_and_multiword():
    html = CLEAN.replace("<h2>", '<img alt="photo of Jane  Smith" src="x.png"><h2 title="Team Phoenix">')
    values = {l.value for l in find_leaks({"s.html": html}, IDS, 5)}
    assert values == {"Team Phoenix", "Jane  Smith"}  # attribute text; white space may differ
    html2 = CLEAN.replace("</body>", "<p>Allocated to Jane Smith.</p></body>")
    assert {l.value for l in find_leaks({"s.html": html2}, IDS, 5)} == {"Jane Smith"}


def test_whole_token_and_short_identifiers_ignored():
    text = "CHILD001234 and XCHILD00123 are not matches; A1 is too short; 1234 is a short number"
    assert find_leaks({"t.txt": text}, IDS, 5) == []
    assert [l.value for l in find_leaks({"t.txt": "ref 987654."}, IDS, 5)] == ["987654"]


def test_allow_list():
    assert find_leaks({"t.txt": "The MASH team decided"}, {"MASH"}, 5)[0].value == "MASH"
    assert find_leaks({"t.txt": "The MASH team decided"}, {"MASH"}, 5, allow={"mash"}) == []


def test_small_count_in_count_cell_is_found():
    html = CLEAN.replace('<td class="count num">100</td>', '<td class="count num">3</td>')
    leaks = find_leaks({"s.html": html}, set(), 5)
    assert [(l.kind, l.value) for l in leaks] == [("small_count", "3")]


def test_small_count_in_numerator_span_and_count_table():
    html = CLEAN.replace("12/340", "4/340")
    assert [l.value for l in find_leaks({"s.html": html}, set(), 5)] == ["4"]
    table = ('<table class="count-table"><tr><th>Police</th><td>2</td><td class="pct">2.0%</td></tr>'
             '<tr><th>Total</th><td>1,005</td></tr></table>')
    assert [l.value for l in find_leaks({"c.html": table}, set(), 5)] == ["2"]


def test_numbers_outside_count_cells_and_decimals_are_not_counts():
    html = "<div><p>3 teams</p><table><tr><td class='count'>2.5</td><td class='pct'>5</td></tr></table></div>"
    assert find_leaks({"s.html": html}, set(), 5) == []
    assert html_count_texts(html) == ["2.5"]


def test_threshold_respected():
    html = '<table><tr><td class="count">7</td></tr></table>'
    assert find_leaks({"s.html": html}, set(), 5) == []
    assert [l.value for l in find_leaks({"s.html": html}, set(), 9)] == ["7"]


def test_html_text_strips_tags_and_styles():
    assert html_text("<style>p{color:red}</style><p>Hello&nbsp;<b>world</b></p>") == "Hello world"


def test_identifiers_from_tables():
    tables = {
        "referrals": pd.DataFrame({"child_id": ["C001234", None, " C001235 "], "team": ["Team A1", "Team A1", None],
                                   "worker": ["Jane Smith", "", None], "age": [3, 4, 5]}),
        "lado_allegations": pd.DataFrame({"lado_ref": ["L-2018-001"], "child_ids": ["C001234; C009999"]}),
        "empty": pd.DataFrame(),
    }
    assert identifiers_from_tables(tables) == {"C001234", "C001235", "Team A1", "Jane Smith", "L-2018-001", "C009999"}


def test_pdf_text_and_pdf_leak(tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    pdf = tmp_path / "r.pdf"
    weasyprint.HTML(string="<p>Summary for CHILD00123 in Team Phoenix: 1,786 contacts \u25b2</p>").write_pdf(pdf)
    text = pdf_text(pdf)
    assert "CHILD00123" in text and "1,786" in text
    leaks = find_leaks({"report.pdf": text}, IDS, 5)
    assert {l.value for l in leaks} == {"CHILD00123", "Team Phoenix"}


# --------------------------------------------------------------------------------------------
# Every open file; teams, ordinary words and whole names (issue #12)
# --------------------------------------------------------------------------------------------
def _council_tables():
    referrals = pd.DataFrame({
        "child_id": ["CH700101", "CH700102", "CH700103"],
        "team": ["MASH", "Front Door", "Child Protection"],
        "worker": ["Amber", "Sam Okafor", "Harbour"],
    })
    return {"referrals": referrals}


def _open_folder(tmp_path, html_extra: str = ""):
    from openpyxl import Workbook

    folder = tmp_path / "open"
    (folder / "sections").mkdir(parents=True)
    (folder / "restricted").mkdir()
    (folder / "index.html").write_text(
        "<html><body><h2>Front door</h2><p>The MASH and the Front Door team received 1,786 contacts; "
        "Child Protection conferences were held. Timeliness is rated Amber.</p>"
        f'<table class="report-table"><tr><td class="rag rag-amber">Amber</td></tr></table>{html_extra}'
        "</body></html>")
    (folder / "sections" / "01-front-door.html").write_text("<html><body><p>Referrals by team: MASH 120</p></body></html>")
    (folder / "indicators.csv").write_text("indicator_id,month,value,suppression\ncontacts,2018-07,1623,\n")
    wb = Workbook()
    wb.active.append(["Indicator", "RAG"])
    wb.active.append(["Contacts", "Amber"])
    wb.save(folder / "indicators.xlsx")
    (folder / "manifest.json").write_text('{"council": "Demo", "files": ["index.html"]}')
    # restricted/ is not published: identifiers there are expected
    (folder / "restricted" / "data_quality_rows.csv").write_text("child_id,worker\nCH700101,Sam Okafor\n")
    return folder


def test_teams_and_ordinary_words_publish(tmp_path):
    from safeguarding.disclosure.leakcheck import check_open_folder

    assert check_open_folder(_open_folder(tmp_path), _council_tables(), 5) == []


@pytest.mark.parametrize("file, planted", [
    ("manifest.json", '{"council": "Demo", "note": "CH700102"}'),
    ("indicators.csv", "indicator_id,note\ncontacts,seen by Sam Okafor\n"),
    ("sections/01-front-door.html", "<html><body><p>Case ch700103 closed.</p></body></html>"),
])
def test_planted_child_id_or_full_name_in_any_open_file_is_found(tmp_path, file, planted):
    from safeguarding.disclosure.leakcheck import check_open_folder

    folder = _open_folder(tmp_path)
    (folder / file).write_text(planted)
    leaks = check_open_folder(folder, _council_tables(), 5)
    assert [(x.source, x.kind) for x in leaks] == [(file, "identifier")]
    assert leaks[0].origin in {"referrals.child_id", "referrals.worker"}
    assert "700" not in str(leaks[0]) and "Okafor" not in str(leaks[0])  # masked in the log line
    assert file in str(leaks[0]) and leaks[0].origin in str(leaks[0])


def test_a_file_left_out_of_the_folder_check_is_checked_the_same_on_its_own(tmp_path):
    """The runner checks the PDF after the other files, while it is printed."""
    from safeguarding.disclosure.leakcheck import check_open_files, check_open_folder, identifier_sources

    folder = _open_folder(tmp_path)
    (folder / "manifest.json").write_text('{"council": "Demo", "note": "seen by Sam Okafor, CH700102"}')
    whole = check_open_folder(folder, _council_tables(), 5)
    assert {x.value for x in whole} == {"Sam Okafor", "CH700102"}
    assert check_open_folder(folder, _council_tables(), 5, exclude=["manifest.json"]) == []
    ids = identifier_sources(_council_tables())
    assert check_open_files(folder, ["manifest.json"], ids, 5) == whole
    with pytest.raises(ValueError):  # pages have count checks that check_open_files does not do
        check_open_folder(folder, _council_tables(), 5, exclude=["index.html"])


def test_planted_full_name_in_xlsx_is_found(tmp_path):
    from openpyxl import Workbook

    from safeguarding.disclosure.leakcheck import check_open_folder

    folder = _open_folder(tmp_path)
    wb = Workbook()
    wb.active.append(["Indicator", "Comment"])
    wb.active.append(["Contacts", "Allocated to Sam  Okafor"])
    wb.save(folder / "indicators.xlsx")
    leaks = check_open_folder(folder, _council_tables(), 5)
    assert [(x.source, x.value, x.origin) for x in leaks] == [("indicators.xlsx", "Sam Okafor", "referrals.worker")]


def test_one_word_worker_name_that_is_not_a_report_word_is_checked_unless_allowed(tmp_path):
    from safeguarding.disclosure.leakcheck import check_open_folder

    folder = _open_folder(tmp_path, "<p>Harbour Ward opened in May.</p>")
    assert [x.value for x in check_open_folder(folder, _council_tables(), 5)] == ["Harbour"]
    assert check_open_folder(folder, _council_tables(), 5, allow=["harbour"]) == []


def test_identifier_sources_name_table_and_column_and_skip_teams():
    from safeguarding.disclosure.leakcheck import identifier_sources

    sources = identifier_sources(_council_tables())
    assert sources == {"CH700101": "referrals.child_id", "CH700102": "referrals.child_id",
                       "CH700103": "referrals.child_id", "Sam Okafor": "referrals.worker",
                       "Harbour": "referrals.worker"}  # "Amber" is a rating; teams are not personal data


# --------------------------------------------------------------------------------------------
# The matcher skips runs of words that cannot start an identifier: it must find exactly what
# trying every run finds (the reference below is the matcher before that shortcut)
# --------------------------------------------------------------------------------------------
def _reference_find(keys: set[str], text: str):
    import re

    from safeguarding.disclosure.leakcheck import _EDGE

    max_words = max(len(k.split(" ")) for k in keys)
    for m in re.finditer(r"[0-9A-Za-z]+", text):
        if m.group(0).lower() in keys:
            yield m.group(0), m.start(), m.end()
    if max_words == 1 and not any(not k.isalnum() for k in keys):
        return
    words = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    for i in range(len(words)):
        for n in range(1, max_words + 1):
            if i + n > len(words):
                break
            first, last = words[i][0], words[i + n - 1][0]
            raw = " ".join(w[0] for w in words[i:i + n])
            for strip_left, strip_right in ((False, False), (True, True), (False, True), (True, False)):
                lead = len(first) - len(first.lstrip(_EDGE)) if strip_left else 0
                trail = len(last) - len(last.rstrip(_EDGE)) if strip_right else 0
                candidate = raw[lead:len(raw) - trail]
                if candidate and not candidate.isalnum() and candidate.lower() in keys:
                    start, end = words[i][1] + lead, words[i + n - 1][2] - trail
                    yield text[start:end], start, end
                    break


@pytest.mark.parametrize("ids", [
    ["Sam Okafor", "CH700101", "Assessment Team 2"],                  # names of several words
    ["L-2018-001", "CH700101", "o'brien"],                            # one word with punctuation
    ["Sam Okafor", "L-2018-001", "(Jo) Lee", "Ann-Marie O'Neil Smith", "X.Y."],  # both, edges in keys
])
def test_matcher_finds_what_every_run_of_words_finds(ids):
    import random

    from safeguarding.disclosure.leakcheck import _EDGE, _IdentifierMatcher

    matcher = _IdentifierMatcher(ids)
    pieces = [w for i in ids for w in i.split()] + ["the", "Team", "2", "Sam", "Okafor's", "SAM", "okafor",
                                                    "L-2018-001.", "ch700101", "Jo)", "Lee", "x.y.", ""]
    rng = random.Random(14)
    for _ in range(400):
        words = []
        for _ in range(rng.randint(1, 30)):
            w = rng.choice(pieces)
            if rng.random() < 0.3:
                w = rng.choice(_EDGE) + w
            if rng.random() < 0.3:
                w = w + rng.choice(_EDGE)
            words.append(w)
        text = "".join(w + rng.choice([" ", "  ", "\n", " \t"]) for w in words)
        assert list(matcher.find(text)) == list(_reference_find(matcher.keys, text)), text


def test_identifier_in_single_quoted_or_bare_attribute():
    for tag in ("<img alt='photo of Jane Smith' src='x.png'>", "<abbr title=CHILD00123>c</abbr>"):
        leaks = find_leaks({"s.html": CLEAN.replace("<h2>", tag + "<h2>")}, IDS, 5)
        assert [l.kind for l in leaks] == ["identifier"], tag
    # an image's data URI is not text
    assert find_leaks({"s.html": CLEAN.replace("<h2>", "<img src='data:image/png;base64,CHILD00123'><h2>")},
                      IDS, 5) == []
