"""Seeded demo council: a simulated English council's Annex A and local extracts."""
from .generator import generate_demo, simulate_tables

__all__ = ["generate_demo", "simulate_tables"]
