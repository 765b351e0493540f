"""Where the DfE reference files live for the tests (never copied into the repository)."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REF = (REPO.parent / "shared" / "reference").resolve()
DFE = REF / "dfe"
INDICATORS_MD = REF / "indicators.md"
PARQUET = DFE / "bds_long_0.parquet"


def need(path: Path):
    """Skip the test when a reference file is absent."""
    if not path.exists():
        pytest.skip(f"reference file not present: {path}")
    return path
