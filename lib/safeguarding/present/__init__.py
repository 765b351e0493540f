"""Presentation: RAG and direction of travel, HTML tables, charts and the numbers behind them.

Modules: ``rag``, ``travel``, ``tables``, ``charts``, ``chart_data``, ``coverage``, ``bands``
(disclosure control is the ``safeguarding.disclosure`` package).
The report stylesheet is ``CSS_PATH`` (``report.css``); the rules are in docs/conventions.md.
"""
from pathlib import Path

CSS_PATH = Path(__file__).with_name("report.css")


def report_css() -> str:
    """The report stylesheet as text (to inline in a ``<style>`` element)."""
    return CSS_PATH.read_text(encoding="utf-8")
