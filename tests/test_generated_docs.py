"""docs/indicators.md and docs/data-quality-rules.md are generated from the registries: they
must match what the code says, so a definition can never drift from its documentation."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_indicator_page_matches_the_registry(tmp_path):
    from safeguarding.indicators.docs_page import write_indicator_docs

    write_indicator_docs(tmp_path / "indicators.md")
    assert (tmp_path / "indicators.md").read_text() == (ROOT / "docs" / "indicators.md").read_text(), \
        "docs/indicators.md is stale: run `make docs`"


def test_rule_catalogue_matches_the_registry(tmp_path):
    from safeguarding.rules import write_catalogue

    write_catalogue(tmp_path / "rules.md")
    assert (tmp_path / "rules.md").read_text() == (ROOT / "docs" / "data-quality-rules.md").read_text(), \
        "docs/data-quality-rules.md is stale: run `make docs`"


def test_every_registered_indicator_has_a_named_test():
    """Each indicator id appears in its section's test module (docs/indicators.md promises it)."""
    from safeguarding.indicators.compute import load_definitions
    from safeguarding.indicators.registry import REGISTRY

    load_definitions()
    missing = []
    for ind in REGISTRY.values():
        test_file = ROOT / "tests" / "indicators" / f"test_{ind.section}.py"
        if not test_file.exists() or ind.id not in test_file.read_text():
            missing.append(ind.id)
    assert not missing, f"indicators without a test naming them: {missing}"
