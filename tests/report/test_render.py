"""Section fragments from executed notebooks, and the markup WeasyPrint prints."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from safeguarding.report.commentary import CONTROLLED_KEY
from safeguarding.report.render import UNCONTROLLED_NOTE, notebook_fragment, print_markup, uncontrolled_outputs


def _html(markup, edition=None, controlled=True):
    """An HTML output as the section blocks display it (controlled), or as an analyst's own
    cell would (``controlled=False``)."""
    metadata = {"safeguarding_edition": edition} if edition else {}
    if controlled:
        metadata[CONTROLLED_KEY] = True
    return new_output("display_data", data={"text/html": markup, "text/plain": "<IPython.core.display.HTML>"},
                      metadata=metadata)


def _notebook(*cells):
    nb = new_notebook()
    nb.cells = list(cells)
    return nb


def test_html_outputs_are_the_fragment_as_they_are_one_block_each():
    nb = _notebook(new_code_cell("x = 1"),  # no output: nothing
                   new_code_cell("show()", outputs=[_html("<h2 id='a'>Front door</h2>"), _html("<p>Text &#x27;</p>")]),
                   new_code_cell("table()", outputs=[_html("<table><tr><td>1,786</td></tr></table>")]))
    body = notebook_fragment(nb)
    assert body == ("<div class=\"output\"><h2 id='a'>Front door</h2></div>\n"
                    "<div class=\"output\"><p>Text &#x27;</p></div>\n"
                    "<div class=\"output\"><div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" "
                    "tabindex=\"0\"><table><tr><td>1,786</td></tr></table></div></div>")
    assert "x = 1" not in body and "show()" not in body


def test_every_data_table_scrolls_in_a_named_box_of_its_own():
    """On a phone a table scrolls inside its box, never the page; the box is named by the
    table's caption and reachable by keyboard. The two-column commentary wraps instead."""
    from safeguarding.report.render import scrollable_tables

    body = scrollable_tables('<table class="report-table"><caption>Monthly <b>indicators</b> &amp; more</caption>'
                             '<tr><td>1</td></tr></table><p>x</p><table class="commentary-table"><tr><td>w</td>'
                             '</tr></table>')
    assert body.startswith('<div class="table-scroll" role="region" aria-label="Monthly indicators &amp; more" '
                           'tabindex="0"><table class="report-table">')
    assert body.count("table-scroll") == 1 and '</table></div><p>x</p><table class="commentary-table">' in body


def test_only_the_editions_outputs_streams_and_text_reprs_dropped():
    nb = _notebook(new_code_cell("t()", outputs=[
        _html("<p>open figures</p>", "open"), _html("<p>restricted detail</p>", "restricted"),
        new_output("stream", name="stderr", text="a warning"),
        new_output("display_data", data={"text/plain": "<Figure size 640x480>"})]))
    assert notebook_fragment(nb, "open") == '<div class="output"><p>open figures</p></div>'
    assert notebook_fragment(nb, "restricted") == '<div class="output"><p>restricted detail</p></div>'


def test_anything_but_html_outputs_goes_through_nbconvert():
    # a markdown cell, an image output, and an image without alt text (nbconvert supplies one)
    markdown = _notebook(new_markdown_cell("# Deep dive\n\nSome *narrative*."),
                         new_code_cell("t()", outputs=[_html("<p>table</p>")]))
    body = notebook_fragment(markdown)
    assert "<h1" in body and "<em>narrative</em>" in body and "<p>table</p>" in body
    png = _notebook(new_code_cell("plot()", outputs=[new_output("display_data", data={
        "image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})]))
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in notebook_fragment(png, "restricted")
    no_alt = _notebook(new_code_cell("c()", outputs=[_html('<figure><img src="data:image/png;base64,AA"/></figure>')]))
    assert 'alt="No description has been provided for this image"' in notebook_fragment(no_alt)
    with_alt = _notebook(new_code_cell("c()", outputs=[_html('<img src="x.png" data-alt="no" alt="Contacts"/>')]))
    assert notebook_fragment(with_alt) == '<div class="output"><img src="x.png" data-alt="no" alt="Contacts"/></div>'


def test_a_notebook_file_is_read(tmp_path):
    path = tmp_path / "s.ipynb"
    nbformat.write(_notebook(new_code_cell("t()", outputs=[_html("<p>from file</p>")])), str(path))
    assert notebook_fragment(path) == '<div class="output"><p>from file</p></div>'


def test_only_controlled_output_reaches_the_open_edition():
    # an analyst's own pandas table, print and chart beside a block of the report
    own_table = new_output("execute_result", data={"text/html": "<table><tr><td>2</td><td>1</td><td>3</td></tr></table>",
                                                   "text/plain": "   n\n0  2"}, execution_count=3)
    printed = new_output("stream", name="stdout", text="allegations in July: 2\n")
    chart = new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})
    nb = _notebook(new_code_cell("section.indicator_table()", outputs=[_html("<p>report table</p>")]),
                   new_code_cell("df", outputs=[own_table]), new_code_cell("print(x)", outputs=[printed]),
                   new_code_cell("plt.bar(...)", outputs=[chart]))
    assert uncontrolled_outputs(nb) == [1, 2, 3]
    open_body = notebook_fragment(nb, "open")
    assert "<p>report table</p>" in open_body
    assert "<td>2</td>" not in open_body and "allegations in July" not in open_body and "iVBORw0KGgo" not in open_body
    assert open_body.count(UNCONTROLLED_NOTE) == 3  # a visible note where each stood
    restricted = notebook_fragment(nb, "restricted")
    assert "<td>2</td>" in restricted and "allegations in July: 2" in restricted and "iVBORw0KGgo" in restricted
    assert UNCONTROLLED_NOTE not in restricted


def test_print_markup_drops_only_the_chart_numbers_hidden_in_print():
    chart = '<figure class="chart"><img src="c.png" alt="Contacts"/></figure>'
    numbers = ('<details class="chart-data"><summary>Numbers in this chart: Contacts</summary>'
               '<table class="report-table chart-data-table"><tr><td>1,786</td></tr></table></details>')
    other = '<details class="notes"><summary>Notes</summary><p>kept</p></details>'
    page = f"<main>{chart}{numbers}<p>between</p>{chart}{numbers}{other}</main>"
    assert print_markup(page) == f"<main>{chart}<p>between</p>{chart}{other}</main>"
    # a chart-data block holding another <details> is not cut at the inner one
    nested = '<details class="chart-data"><details><summary>x</summary></details><p>tail</p></details>'
    assert print_markup(nested) == nested


def test_pdf_in_its_own_process_and_its_errors(tmp_path):
    import errno

    import pypdf
    import pytest

    from safeguarding.report.pdf import start_pdf

    page = tmp_path / "report.html"
    page.write_text('<!DOCTYPE html><html lang="en-GB"><head><title>T</title></head><body><h1>Front door</h1>'
                    '<details class="chart-data"><summary>Numbers</summary><p>hidden</p></details></body></html>',
                    encoding="utf-8")
    pdf = start_pdf(page, tmp_path / "report.pdf").wait()
    text = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    assert "Front door" in text and "Numbers" not in text
    # a refused write comes back as the same OSError (the runner turns it into exit 3)
    with pytest.raises(OSError) as err:
        start_pdf(page, tmp_path / "no such folder" / "report.pdf").wait()
    assert err.value.errno == errno.ENOENT and err.value.filename.endswith("report.pdf")
    # anything else names the failure
    bad = tmp_path / "latin1.html"
    bad.write_bytes(b"<p>caf\xe9</p>")
    with pytest.raises(RuntimeError, match="(?s)could not be produced.*UnicodeDecodeError"):
        start_pdf(bad, tmp_path / "x.pdf").wait()
