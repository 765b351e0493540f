"""The equalities table through the report's disclosure control."""
import numpy as np
import pandas as pd

from safeguarding.indicators.equalities import ALL_CHILDREN
from safeguarding.present.equalities import display_frame, equalities_html, population_note
from safeguarding.disclosure.leakcheck import find_leaks

STAGES = {"referral": ("Referred", "flow", None, None), "in_need": ("Child in need", "stock", None, None)}


def frame(children_ref=40, children_small=3, source="mid-2018, supplied by the council"):
    groups = ["White British", "Black or Black British", "Chinese", ALL_CHILDREN]
    pop = [10_000.0, 2_000.0, 500.0, 12_500.0]
    f = pd.DataFrame(index=pd.Index(groups, name="Ethnic group"))
    f["population"] = pop
    for stage, counts in (("referral", [children_ref, 30, children_small]), ("in_need", [100, 50, 20])):
        counts = counts + [sum(counts)]
        f[f"{stage}_children"] = counts
        f[f"{stage}_rate"] = [10_000 * c / p for c, p in zip(counts, pop)]
        ref_rate = counts[0] / pop[0]
        f[f"{stage}_rr"] = [c / p / ref_rate for c, p in zip(counts[:3], pop[:3])] + [np.nan]
        f[f"{stage}_rr_lower"] = [np.nan, 1.1, 0.5, np.nan]
        f[f"{stage}_rr_upper"] = [np.nan, 2.9, 1.9, np.nan]
    f.attrs.update(stages=STAGES, reference="White British", population_source=source, dimension="ethnicity_group")
    return f


def cells(html: str, row: str) -> list[str]:
    import re
    part = html.split(f'<th scope="row">{row}</th>')[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>.*?</td>", part)]


def test_two_header_rows_and_rates_with_relative_rates():
    html = equalities_html(frame(children_small=8), edition="open", caption="By ethnic group")
    assert html.count("<tr>") >= 2 and 'colspan="3" class="group-head">Referred' in html
    # population, then per stage: children, rate, relative rate
    assert cells(html, "Black or Black British") == ["2,000", "30", "150.0", "3.75 (1.10 to 2.90)",
                                                     "50", "250.0", "2.50 (1.10 to 2.90)"]
    assert cells(html, "White British")[3] == "1.00 (reference)"


def test_a_small_count_hides_its_rate_and_relative_rate_and_the_table_passes_the_leak_check():
    html = equalities_html(frame(), edition="open")
    chinese = cells(html, "Chinese")
    assert chinese[1:4] == ["c", "c", "c"]
    # secondary: the next smallest referral count (30) goes too, so the total cannot give Chinese back
    assert cells(html, "Black or Black British")[1:4] == ["c", "c", "c"] and cells(html, "White British")[1] == "40"
    assert [x for x in find_leaks({"t.html": html}, set(), 5) if x.kind == "small_count"] == []
    restricted = equalities_html(frame(), edition="restricted")
    assert cells(restricted, "Chinese")[1] == "3"


def test_a_hidden_reference_group_hides_every_relative_rate_of_that_stage():
    html = equalities_html(frame(children_ref=4, children_small=30), edition="open")
    assert cells(html, "White British")[1:4] == ["c", "c", "c"]
    assert cells(html, "Chinese")[3] == "c" and cells(html, "Black or Black British")[3] == "c"
    assert cells(html, "Black or Black British")[6] == "2.50 (1.10 to 2.90)"  # in need: reference shown


def test_without_a_population_counts_only_and_the_note_says_so():
    f = frame(source="")
    table, _, _, has_rates = display_frame(f)
    assert not has_rates and [c[1] for c in table.columns] == ["Children", "Children"]
    assert "No population by ethnic group was supplied" in population_note(f)


def test_the_proxy_is_named_under_the_table():
    f = frame(source="mid-2018, proxy: Census 2021 all-age ethnic shares for the area applied to the ONS 0-17 total")
    assert population_note(f).startswith("Population: a proxy, not a count of children")
