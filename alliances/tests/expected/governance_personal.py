"""Governance pages: personal (see the module of each view)."""

EXPECTED: dict = {}
