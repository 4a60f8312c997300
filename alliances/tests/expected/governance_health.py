"""Governance pages: health (see the module of each view)."""

EXPECTED: dict = {}
