"""safeguarding-reports: children's social care safeguarding performance reports.

Data flow (docs/architecture.md): inputs -> prepare (read, normalise, validate) -> indicators
-> section notebooks -> HTML / PDF, with a manifest per run.
"""
__version__ = "0.1.0"

import sys as _sys

# nbformat imports jsonschema, which builds a Lark grammar for its optional "iri" format check
# when rfc3987_syntax is installed: about 0.9 s in every process (the runner and each kernel),
# for a check nbformat never makes. Marking the module absent makes jsonschema skip it. A
# session that has already imported it keeps it.
_sys.modules.setdefault("rfc3987_syntax", None)
