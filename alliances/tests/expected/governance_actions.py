"""Governance pages: actions (see the module of each view)."""

EXPECTED: dict = {}
