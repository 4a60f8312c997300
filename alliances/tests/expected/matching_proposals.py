"""Stub: filled in by its owner."""

EXPECTED: dict = {}
