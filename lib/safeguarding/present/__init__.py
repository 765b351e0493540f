"""Presentation: RAG and direction of travel, disclosure control, HTML tables, charts, leak check.

Modules: ``rag``, ``travel``, ``disclosure``, ``tables``, ``charts``, ``leakcheck``.
The report stylesheet is ``CSS_PATH`` (``report.css``); the rules are in docs/conventions.md.
"""
from pathlib import Path

CSS_PATH = Path(__file__).with_name("report.css")


def report_css() -> str:
    """The report stylesheet as text (to inline in a ``<style>`` element)."""
    return CSS_PATH.read_text(encoding="utf-8")
