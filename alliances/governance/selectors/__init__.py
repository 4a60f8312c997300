"""Reads of shared governance, always scoped to a partnership or a user."""
