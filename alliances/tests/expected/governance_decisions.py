"""Governance pages: decisions (see the module of each view)."""

EXPECTED: dict = {}
