"""Disclosure control: everything that decides what the open edition may publish.

Modules: ``suppress`` (primary and secondary suppression of tables, charts and the long
indicator frame), ``audit`` (the recovery audit: an attacker's reading of the open files),
``leakcheck`` (identifiers and small counts in every open file). The rules are in
docs/conventions.md sections 5 and 6.
"""
