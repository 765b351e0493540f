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
    # "Jane" alone too: a distinctive part of a worker's name ("smith" is an English word)
    assert identifiers_from_tables(tables) == {"C001234", "C001235", "Team A1", "Jane Smith", "Jane",
                                               "L-2018-001", "C009999"}


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
        "worker": ["Amber", "Sam Okafor", "Zoë"],
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


def test_xlsx_properties_every_sheet_and_numeric_ids_are_read(tmp_path):
    # a name typed into the workbook's author or title, a second sheet, a child ID stored as a number
    from openpyxl import Workbook

    from safeguarding.disclosure.leakcheck import check_open_folder

    folder = _open_folder(tmp_path)
    wb = Workbook()
    wb.properties.creator = "Sam Okafor"
    wb.active.append(["Indicator", "Value"])
    wb.create_sheet("Notes").append(["Case", 987654])
    wb.save(folder / "indicators.xlsx")
    tables = {**_council_tables(), "contacts": pd.DataFrame({"child_id": ["987654"]})}
    leaks = check_open_folder(folder, tables, 5)
    assert sorted((x.source, x.value) for x in leaks) == [("indicators.xlsx", "987654"),
                                                           ("indicators.xlsx", "Sam Okafor")]


def test_identifier_sources_keep_their_search_keys_until_changed():
    from safeguarding.disclosure.leakcheck import identifier_sources

    sources = identifier_sources(_council_tables())
    text = {"a.txt": "Seen by CH999999 today."}
    assert find_leaks(text, sources, 5) == []  # the keys are built and kept
    first = sources.search_keys(frozenset(), 4, 6)
    assert sources.search_keys(frozenset(), 4, 6) is first
    sources["CH999999"] = "referrals.child_id"  # a change: the next search sees it
    assert [x.value for x in find_leaks(text, sources, 5)] == ["CH999999"]
    del sources["CH999999"]
    assert find_leaks(text, sources, 5) == []
    assert find_leaks(text, sources, 5, allow=["CH700101"]) == []  # other settings, other keys


def test_one_word_worker_name_that_is_not_a_report_word_is_checked_unless_allowed(tmp_path):
    from safeguarding.disclosure.leakcheck import check_open_folder

    folder = _open_folder(tmp_path, "<p>Thanks to Zoe for the audit.</p>")
    assert [x.value for x in check_open_folder(folder, _council_tables(), 5)] == ["Zoe"]
    assert check_open_folder(folder, _council_tables(), 5, allow=["Zoë"]) == []


def test_identifier_sources_name_table_and_column_and_skip_teams():
    from safeguarding.disclosure.leakcheck import identifier_sources

    sources = identifier_sources(_council_tables())
    assert sources == {"CH700101": "referrals.child_id", "CH700102": "referrals.child_id",
                       "CH700103": "referrals.child_id", "Sam Okafor": "referrals.worker",
                       "Sam": "referrals.worker", "Okafor": "referrals.worker",  # parts of a name
                       "Zoë": "referrals.worker"}  # "Amber" is a rating; teams are not personal data


# --------------------------------------------------------------------------------------------
# The matcher skips runs of words that cannot start an identifier: it must find exactly what
# trying every run finds (the reference below is the matcher before that shortcut)
# --------------------------------------------------------------------------------------------
def _reference_find(keys: set[str], text: str):
    """Every run of words, every trim: punctuation off either end, and a possessive 's."""
    import re

    from safeguarding.disclosure.leakcheck import _EDGE

    max_words = max(len(k.split(" ")) for k in keys)
    for m in re.finditer(r"[^\W_]+", text):
        if m.group(0) in keys:
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
            lead = len(first) - len(first.lstrip(_EDGE))
            tail = len(last) - len(last.rstrip(_EDGE))
            trims = [(0, 0), (lead, tail), (0, tail), (lead, 0)]
            if last[:len(last) - tail].endswith("'s") and len(last) - tail > 2:
                trims += [(lead, tail + 2), (0, tail + 2)]
            for left, right in trims:
                candidate = raw[left:len(raw) - right]
                if candidate and not candidate.isalnum() and candidate in keys:
                    yield text[words[i][1] + left:words[i + n - 1][2] - right], words[i][1] + left, \
                        words[i + n - 1][2] - right
                    break


@pytest.mark.parametrize("ids", [
    ["Sam Okafor", "CH700101", "Assessment Team 2"],                  # names of several words
    ["L-2018-001", "CH700101", "o'brien"],                            # one word with punctuation
    ["Sam Okafor", "L-2018-001", "(Jo) Lee", "Ann-Marie O'Neil Smith", "X.Y."],  # both, edges in keys
    ["Zoë", "Kwame Kowalski", "O’Brien", "سمير كوستا"],              # accents, curly quotes, Arabic
])
def test_matcher_finds_what_every_run_of_words_finds(ids):
    import random

    from safeguarding.disclosure.leakcheck import _EDGE, _Folded, _IdentifierMatcher

    matcher = _IdentifierMatcher(ids)
    pieces = [w for i in ids for w in i.split()] + ["the", "Team", "2", "Sam", "Okafor's", "SAM", "okafor",
                                                    "L-2018-001.", "ch700101", "Jo)", "Lee", "x.y.", "",
                                                    "Kowalski’s", "ZOE", "o'brien's", "\u200bCH700101"]
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
        text = _Folded("".join(w + rng.choice([" ", "  ", "\n", " \t"]) for w in words)).text
        assert list(matcher.find(text)) == list(_reference_find(matcher.keys, text)), text


def test_identifier_in_single_quoted_or_bare_attribute():
    for tag in ("<img alt='photo of Jane Smith' src='x.png'>", "<abbr title=CHILD00123>c</abbr>"):
        leaks = find_leaks({"s.html": CLEAN.replace("<h2>", tag + "<h2>")}, IDS, 5)
        assert [l.kind for l in leaks] == ["identifier"], tag
    # an image's data URI is not text
    assert find_leaks({"s.html": CLEAN.replace("<h2>", "<img src='data:image/png;base64,CHILD00123'><h2>")},
                      IDS, 5) == []


# --------------------------------------------------------------------------------------------
# Text as people write it (issue #19): possessives, curly apostrophes, accents, one-word names,
# invisible format characters - in every open file, the PDF included
# --------------------------------------------------------------------------------------------
WORKERS = pd.DataFrame({
    "child_id": ["CH700101", "CH700102", "CH700103", "CH700104", "CH700105", "CH700106", "CH700107"],
    "team": ["MASH", "Front Door", "Kingfisher Team", "MASH", "MASH", "MASH", "MASH"],
    "worker": ["Samir Costa", "Kwame Kowalski", "Siobhan O'Brien", "Zoë", "سامي حداد",
               "Hope Young", "Grace Green"],
})


def _leaks(text, **kw):
    from safeguarding.disclosure.leakcheck import identifier_sources

    ids = identifier_sources({"referrals": WORKERS})
    return [(x.value, x.origin) for x in find_leaks({"s.html": f"<html><body><p>{text}</p></body></html>"},
                                                     ids, 5, **kw)]


@pytest.mark.parametrize("text, found", [
    ("Thanks to Samir Costa's team.", "Samir Costa"),
    ("Thanks to Samir Costa’s team.", "Samir Costa"),             # curly apostrophe
    ("SAMIR COSTA'S caseload fell.", "SAMIR COSTA"),
    ("Kwame Kowalski’s audit was good.", "Kwame Kowalski"),
    ("Kwame Kowal\u00adski visited.", "Kwame Kowal\u00adski"),      # soft hyphen inside
    ("Siobhan O’Brien chaired it.", "Siobhan O’Brien"),            # curly here, straight in the data
    ("O’Brien’s view was noted.", "O’Brien"),                      # surname alone, possessive
    ("Ask Zoë.", "Zoë"), ("Ask Zoe.", "Zoe"), ("Ask ZOË.", "ZOË"),  # one word, accents either way
    ("Seen by Costa on Monday.", "Costa"),                         # a distinctive surname alone
    ("Seen by \u2067Samir Costa\u2069.", "Samir Costa"),              # wrapped in direction isolates
    ("Allocated to \u202bسامي حداد\u202c.", "سامي حداد"),          # a right-to-left name
    ("Case CH70\u200b0101 closed.", "CH70\u200b0101"),             # a zero-width space inside an ID
    ("Case ＣＨ７００１０２ closed.", "ＣＨ７００１０２"),             # full-width characters
])
def test_names_and_ids_as_people_type_them_are_found(text, found):
    leaks = _leaks(text)
    assert [v for v, _ in leaks] == [found]
    assert leaks[0][1].startswith("referrals.")


def test_ordinary_words_team_names_and_places_still_publish():
    text = ("Referrals to the MASH rose in June; young carers were seen; the rating is Green and we "
            "hope to improve. Grace periods ended. Kingfisher Team and the Front Door met. "
            "Statistical neighbours include Wakefield and Kent. Amber ratings fell.")
    assert _leaks(text) == []
    # a worker's whole name is still a leak, ordinary words or not
    assert [v for v, _ in _leaks("Hope Young chaired the panel.")] == ["Hope Young"]


def test_a_surname_that_is_a_place_the_report_prints_is_not_looked_for_alone():
    from safeguarding.disclosure.leakcheck import identifier_sources

    ids = identifier_sources({"referrals": pd.DataFrame({"worker": ["Sam Wakefield"]})})
    assert "Wakefield" not in ids and "Sam Wakefield" in ids


def test_surname_first_names_are_found_written_either_way():
    from safeguarding.disclosure.leakcheck import identifier_sources

    ids = identifier_sources({"referrals": pd.DataFrame({"worker": ["Okafor, Sam", "Mrs J Njoroge-Smith"]})})
    assert {"Okafor, Sam", "Sam Okafor", "Okafor", "Njoroge-Smith", "Njoroge"} <= set(ids)
    assert not {"Mrs", "J", "Smith"} & set(ids)


def test_a_possessive_name_in_the_pdf_is_found(tmp_path):
    weasyprint = pytest.importorskip("weasyprint")
    from safeguarding.disclosure.leakcheck import check_open_files, identifier_sources

    weasyprint.HTML(string="<p>Thanks to Kwame Kowalski’s team and to Zoë.</p>").write_pdf(tmp_path / "report.pdf")
    leaks = check_open_files(tmp_path, ["report.pdf"], identifier_sources({"referrals": WORKERS}), 5)
    assert sorted(x.value.replace("\n", " ") for x in leaks) == ["Kwame Kowalski", "Zoë"]
