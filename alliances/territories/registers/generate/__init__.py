"""Synthetic register files in the published layouts, for tests and benchmarks."""
