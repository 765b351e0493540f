"""The improvement-plan charts read in greyscale: each status its own hatching, labels on white."""
import pandas as pd

from safeguarding.improvement.charts import plan_status_chart
from safeguarding.params import params_from_dict


def test_every_status_has_its_own_pattern_and_readable_labels():
    counts = pd.DataFrame({"BLUE": [3, 1], "GREEN": [2, 4], "AMBER": [1, 2], "RED": [1, 0]},
                          index=pd.Index(["MASH", "Child protection"], name="area"))
    fig = plan_status_chart(counts, params_from_dict({}))
    ax = fig.axes[0]
    by_status = {c.get_label(): {p.get_hatch() or "" for p in c.patches} for c in ax.containers}
    assert set(by_status) == {"BLUE", "GREEN", "AMBER", "RED"}
    patterns = [next(iter(h)) for h in by_status.values()]
    assert len(set(patterns)) == 4  # green and amber no longer print as one grey
    labels = [t for t in ax.texts if t.get_bbox_patch() is not None]
    assert labels and all(t.get_fontsize() >= 8 and t.get_bbox_patch().get_facecolor()[:3] == (1, 1, 1)
                          for t in labels)
    assert fig.get_size_inches()[0] == 7.0  # drawn at the width it prints: 8 pt stays 8 pt
