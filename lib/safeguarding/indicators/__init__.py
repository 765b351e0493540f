"""Indicator registry and computations (docs/indicators.md is generated from the registry)."""
