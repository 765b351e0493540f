"""Benchmarks: the shipped England/Inner London table, LAIT import, statistical neighbours and
the benchmark comparison table. See docs/benchmarks.md.

Names are imported lazily so that ``python -m safeguarding.benchmarks.lait`` (and
``.build_shipped``) run without the module being imported twice.
"""
from importlib import import_module

_EXPORTS = {
    "TABLE_COLUMNS": "compare", "ReferencePaths": "compare", "benchmark_table": "compare",
    "find_default_paths": "compare", "judge": "compare", "load_comparators": "compare",
    "quartile_band": "compare",
    "import_lait": "lait", "read_benchmark_table": "lait", "read_lait": "lait",
    "BENCHMARK_COLUMNS": "measures", "INDICATOR_TO_LAIT": "measures", "LAIT_MEASURES": "measures",
    "neighbour_value": "neighbours", "read_sn_file": "neighbours",
    "statistical_neighbours": "neighbours",
    "load_shipped": "shipped",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
