"""Blocks a reader looks up rather than reads: beside their section on screen, in an appendix in print.

A section marks such a block with :func:`appendix_block` (its kind is a key of ``APPENDICES``).
The section pages show it where it stands; the combined report (the PDF's source) lifts every
marked block out of the sections into the appendix of its kind, under its section's number and
title (:func:`split_appendices`), so the body of the printed paper is what the committee reads
and a new section's definitions go to the appendix without any change here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Appendix:
    key: str
    anchor: str
    title: str  # the PDF's bookmark: printcheck counts the body up to the first "Appendix ..."
    intro: str


APPENDICES = {a.key: a for a in (
    Appendix("definitions", "appendix-definitions", "Appendix A: How the figures are defined",
             "What each indicator counts, its numerator and denominator, whether it follows a national "
             "definition or a local standard, and its source, section by section. On screen each section "
             "shows its definitions beside its figures."),
    Appendix("plan", "appendix-plan", "Appendix B: The improvement plan in full",
             "Every action of the improvement plan with its owner, deadlines, status and progress note, "
             "grouped by area in plan order."),
    Appendix("data_quality", "appendix-data-quality", "Appendix C: Data quality in detail",
             "Every row of every file accounted for, and the data-quality findings by rule and list: what "
             "the performance team uses to put the data right. The data-quality section of the report "
             "says what the data cover and what the findings mean for the figures."),
)}

_BLOCK = re.compile(r"<!--appendix:(?P<key>[a-z_]+)-->(?P<body>.*?)<!--/appendix-->", re.S)


def appendix_block(key: str, markup: str) -> str:
    """``markup`` marked for the appendix ``key`` (unchanged on screen: the marks are comments)."""
    if key not in APPENDICES:
        raise ValueError(f"unknown appendix {key!r}; known: {', '.join(APPENDICES)}")
    return f"<!--appendix:{key}-->{markup}<!--/appendix-->" if markup else ""


def split_appendices(body: str) -> tuple[str, dict[str, list[str]]]:
    """The section body without its marked blocks, and the blocks by appendix key."""
    found: dict[str, list[str]] = {}

    def take(match: re.Match) -> str:
        found.setdefault(match["key"], []).append(match["body"])
        return ""

    return _BLOCK.sub(take, body), found
