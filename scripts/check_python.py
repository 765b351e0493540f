"""Refuse, in one line, a Python the project's pinned packages do not support.

Run by `make` before it creates .venv (so it must itself run on old Pythons: no f-strings
beyond 3.6, no tomllib). The supported range is read from pyproject.toml's requires-python,
the one place it is written; tests/test_supported_python.py checks that every pin resolves
across that range and that the README says the same.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def supported_range(pyproject_text):
    """(lowest, first unsupported) as (major, minor) tuples from requires-python = ">=3.11,<3.15"."""
    spec = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject_text, re.M).group(1)
    low = re.search(r">=\s*(\d+)\.(\d+)", spec)
    high = re.search(r"<\s*(\d+)\.(\d+)", spec)
    return (tuple(int(x) for x in low.groups()) if low else (3, 0),
            tuple(int(x) for x in high.groups()) if high else (99, 0))


def main():
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as fh:
        low, high = supported_range(fh.read())
    here = sys.version_info[:2]
    if low <= here < high:
        return 0
    print("Python %d.%d is not supported: safeguarding-reports needs Python %d.%d to %d.%d "
          "(set PY=python3.12 for make, or install one of those versions)"
          % (here + low + (high[0], high[1] - 1)), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
