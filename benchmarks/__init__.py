"""Benchmarks: `make bench-<name> SCALE=…`, on the PostgreSQL database at BENCH_DATABASE_URL."""
