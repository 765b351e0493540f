"""This period against the same period last year: figures, change and what must stay hidden."""
import re

from safeguarding.indicators.compute import compute_indicators
from safeguarding.params import Params
from safeguarding.periods import parse_period
from safeguarding.present.year_on_year import year_on_year_html

from ..indicators.helpers import complete_history_params, make_tables

PERIOD = parse_period("2018-07..2018-12")
IDS = ["lado_contacts", "lado_threshold_met_pct"]


def indicators(per_month: dict[str, int]):
    rows = []
    for month, n in per_month.items():
        rows += [{"lado_ref": f"{month}-{k}", "date_received": f"{month}-03", "contact_type": "REFERRAL",
                  "referral_source": "SCHOOL", "employment_sector": "HEALTH", "allegation_category": "OTHER",
                  "threshold_met": "Y" if k % 2 else "N"} for k in range(n)]
    return compute_indicators(make_tables(lado_allegations=rows), complete_history_params(), PERIOD, ids=IDS)


def row(html, ind):
    part = html.split(f'data-indicator="{ind}">')[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>.*?</td>", part)]


MONTHS = {f"{y}-{m:02d}": 10 for y in (2017, 2018) for m in range(1, 13)}


def test_figures_and_change():
    frame = indicators({**MONTHS, "2017-07": 20})
    html = year_on_year_html(frame, frame, IDS, PERIOD, Params())  # shown and exact alike: one view
    contacts = row(html, "lado_contacts")
    assert contacts[0] == ["60"] and contacts[1] == ["70"] and contacts[2] == ["-10", "(-14%)"]
    assert "".join(row(html, "lado_threshold_met_pct")[1]) == "50.0%35/70"


def test_last_year_hidden_when_a_charted_month_of_it_is_hidden():
    # July 2017 holds 2 contacts, shown in the trend chart as "c"; the total Jul-Dec 2017 (52)
    # next to the charted months would give it back - hidden, and with it the denominator of
    # the threshold % (the same count, published under another indicator).
    months = {**MONTHS, "2017-07": 2}
    frame = indicators(months)
    html = year_on_year_html(frame, frame, IDS, PERIOD, Params(), charted={"lado_contacts"})
    assert row(html, "lado_contacts")[1] == ["c"] and row(html, "lado_contacts")[2] == ["c"]
    assert row(html, "lado_threshold_met_pct")[1] == ["c"]
    uncharted = year_on_year_html(frame, frame, IDS, PERIOD, Params())
    assert row(uncharted, "lado_contacts")[1] == ["52"]


def test_this_period_is_the_reports_open_view():
    """The open view of the whole report may hide more than this table's own indicators would
    (counts shared with other sections): this period's figures are taken from it as they are."""
    from safeguarding.disclosure.suppress import indicator_view

    frame = indicators(MONTHS)
    view = indicator_view(frame, PERIOD, 5)
    period_row = (view["indicator_id"] == "lado_contacts") & (view["month"] == PERIOD.label)
    view.loc[period_row, ["numerator", "value"]] = float("nan")
    view.loc[period_row, "suppressed"] = True
    html = year_on_year_html(view, frame, IDS, PERIOD, Params())
    assert row(html, "lado_contacts")[0] == ["c"] and row(html, "lado_contacts")[1] == ["60"]
