"""Governance pages: conflicts (see the module of each view)."""

EXPECTED: dict = {}
