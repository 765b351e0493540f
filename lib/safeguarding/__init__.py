"""safeguarding-reports: children's social care safeguarding performance reports.

Data flow (docs/architecture.md): inputs -> prepare (read, normalise, validate) -> indicators
-> section notebooks -> HTML / PDF, with a manifest per run.
"""
__version__ = "0.1.0"
