"""Impact measurement at scale: survey ingestion through a crash, dashboards, their floors.

    make bench-impact SCALE=0.1

What is measured and how to read it: docs/benchmarks-impact.md. Figures are printed and
written to var/bench/impact.json.
"""

import argparse
import signal
import sys
import time
from urllib.parse import urlparse

import psycopg
from psycopg import sql

from benchmarks.common import bench_database_url, say, setup_django, write_result
from benchmarks.impact.report import report, verdicts

PARTS = ("ingest", "dashboards")


def ensure_database(url: str) -> None:
    """Create the benchmark database when missing (its data is kept between runs)."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    try:
        conn = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        sys.exit(f"PostgreSQL does not answer at {parsed.hostname}:{parsed.port}: {exc}")
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _stop_on_sigterm() -> None:
    # `make` and CI stop with SIGTERM: turn it into an exception so that every `finally`
    # (the web server's stop above all) runs, as it does for Ctrl-C.
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--only", choices=PARTS, help="run one part (for working on it); default: both"
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("SCALE must be positive")
    _stop_on_sigterm()
    url = bench_database_url()
    say(f"Impact benchmark, SCALE={args.scale}, database {url}")
    started = time.perf_counter()
    ensure_database(url)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    say(f"Migrated in {time.perf_counter() - started:.1f} s")
    figures: dict = {"scale": args.scale}
    if args.only in (None, "dashboards"):
        from benchmarks.impact import dataset

        # First: a dataset of another scale is replaced by recreating the whole database.
        figures["dataset"] = dataset.ensure_dataset(url=url, scale=args.scale, seed=args.seed)
    if args.only in (None, "ingest"):
        from benchmarks.impact import ingest

        figures["ingestion"] = ingest.run_ingestion(url=url, scale=args.scale, seed=args.seed)
    if args.only in (None, "dashboards"):
        from benchmarks.impact import dashboards

        figures["dashboards"] = dashboards.run_dashboards(
            url=url, info=figures["dataset"], seed=args.seed
        )
        figures["computation"] = dashboards.run_computation(info=figures["dataset"])
    figures["verdicts"] = verdicts(figures)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    path = write_result("impact", figures)
    say(report(figures))
    say(f"Written to {path} (whole run {figures['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted: the web server was stopped.")
