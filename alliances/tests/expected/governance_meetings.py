"""Governance pages: meetings (see the module of each view)."""

EXPECTED: dict = {}
