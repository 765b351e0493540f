"""Segment labels in the improvement-plan charts: black or white by the WCAG contrast ratio."""
from safeguarding.improvement.charts import _text_colour


def test_label_colour_is_the_one_with_more_contrast():
    # green #2ca02c: white 3.3:1, black 6.4:1 (the old 0.5 luminance cut-off chose white)
    assert _text_colour("#2ca02c") == "black"
    # red #d62728: white 5.0:1, black 4.2:1
    assert _text_colour("#d62728") == "white"
    # amber #ff9f1c: black 10.2:1
    assert _text_colour("#ff9f1c") == "black"
    # blue #1f77b4: white 4.8:1, black 4.4:1
    assert _text_colour("#1f77b4") == "white"
