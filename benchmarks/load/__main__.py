"""Load test: 100 simulated people on the production server, per page against its floor.

    make bench-load SCALE=0.05

What is measured and how to read it: docs/benchmarks-load.md. Figures are printed and written
to var/bench/load.json.
"""

import argparse
import http.client
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.common import OUTPUT_DIR, ROOT, bench_database_url, say, write_result
from benchmarks.load import dataset, report
from benchmarks.load.answers import form_fields

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
WORK_DIR = OUTPUT_DIR / "load"
FLOOR_USERS = 2
FLOOR_INTERVAL = 0.25


def _stop_on_sigterm() -> None:
    # `make` and CI stop with SIGTERM: turn it into an exception so that every `finally`
    # (the web server's stop above all) runs, as it does for Ctrl-C.
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


# Seconds measured: at 5–10 s between pages, 100 people open about 13 pages a second, so a
# minute gives each page enough requests for its p95 to mean something.
DURATION = 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--users", type=int, default=100, help="simulated people (100)")
    parser.add_argument("--spawn-rate", type=float, default=20, help="people started per second")
    parser.add_argument("--warmup", type=float, default=10, help="seconds not measured (10)")
    parser.add_argument("--duration", type=float, help="seconds measured (60)")
    parser.add_argument(
        "--think",
        default="5-10",
        help="seconds each person waits between pages, as MIN-MAX (5-10: people reading, "
        "filling in and clicking; 1-2: a stress test, far busier than people reading)",
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the data even if kept")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("SCALE must be positive")
    duration = args.duration or DURATION
    try:
        think = tuple(float(part) for part in args.think.split("-", 1))
        if len(think) != 2 or not 0 <= think[0] <= think[1]:
            raise ValueError
    except ValueError:
        parser.error("--think must be MIN-MAX seconds, e.g. 5-10")
    _stop_on_sigterm()
    # The demo's background tasks log a line each: only warnings are wanted here. The
    # server logs every request (its log is kept for finding a slow page's cause).
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    url = bench_database_url()
    say(f"Load test, SCALE={args.scale}, database {url}")
    started = time.perf_counter()
    info = dataset.ensure_dataset(url=url, scale=args.scale, seed=args.seed, fresh=args.fresh)

    from django.db import connections

    from benchmarks.impact.server import (
        Server,
        collect_static,
        redis_available,
        server_environment,
    )
    from benchmarks.load.plan import build_plan

    use_redis, cache = redis_available()
    env = server_environment(database_url=url, use_redis=use_redis)
    env["LOG_LEVEL"] = "INFO"
    collect_static(env)
    server = Server(env=env, log_path=OUTPUT_DIR / "load-gunicorn.log")
    try:
        server.start()
        server.wait_ready()
        workers = os.environ.get("WEB_CONCURRENCY") or "CPUs + 1"
        threads = os.environ.get("GUNICORN_THREADS") or "8"
        say(f"Gunicorn ready on port {server.port} ({workers} workers × {threads} threads)")
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        plan = build_plan(host=server.host, port=server.port, seed=args.seed)
        connections.close_all()
        plan_path = WORK_DIR / "plan.json"
        plan_path.write_text(json.dumps(plan))
        checked = preflight(server.host, server.port, plan)
        say(f"Every page answers ({checked} checked); starting {args.users} users")
        run = run_locust(
            host=server.host,
            port=server.port,
            plan_path=plan_path,
            users=args.users,
            spawn_rate=args.spawn_rate,
            warmup=args.warmup,
            duration=duration,
            think=think,
        )
    finally:
        server.stop()
    run.update(server=f"{workers} workers × {threads} threads", cache=cache)
    pages = report.page_figures(run.pop("samples"), run["measured_seconds"])
    from django.conf import settings

    window = run.pop("window")
    server_ms = report.server_times(
        server.log_path, start=window["start"], stop=window["stop"], time_zone=settings.TIME_ZONE
    )
    figures = {
        "scale": args.scale,
        "target_p95_ms": report.TARGET_P95_MS,
        "dataset": info,
        "run": run,
        "pages": pages,
        "server_ms": server_ms,
        "verdict": report.verdict(pages, task_exceptions=run["task_exceptions"]),
        "seconds": round(time.perf_counter() - started, 1),
    }
    path = write_result("load", figures)
    say(report.report(figures))
    say(f"Written to {path} (whole run {figures['seconds']:.0f} s)")
    return 0


def _request(host: str, port: int, method: str, path: str, *, cookie: str = "", body=None):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def preflight(host: str, port: int, plan: dict) -> int:
    """One request of every kind, before the load: a wrong plan fails here, clearly, rather
    than as a column of errors after minutes of load."""
    import random

    checks = [("directory search", plan["searches"][0], ""), ("profile", plan["profiles"][0], "")]
    checks += [("public impact page", path, "") for path in plan["public_pages"][:1]]
    for member in plan["members"]:
        cookie = f"sessionid={member['session']}"
        seen = set()
        for page in member["pages"]:
            if page["kind"] not in seen:
                seen.add(page["kind"])
                checks.append((f"{page['kind']} of {member['email']}", page["path"], cookie))
    for name, path, cookie in checks:
        status = _request(host, port, "GET", path, cookie=cookie)
        if status != 200:
            raise RuntimeError(f"{name}: {path} answered {status}")
    rng = random.Random(0)
    for survey in plan["surveys"]:
        body = urlencode(form_fields(survey, rng))
        status = _request(host, port, "POST", survey["path"], body=body)
        if status != 200:
            raise RuntimeError(f"survey answer to {survey['path']} answered {status}")
    return len(checks) + len(plan["surveys"])


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of every CPU since boot, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def run_locust(
    *,
    host: str,
    port: int,
    plan_path: Path,
    users: int,
    spawn_rate: float,
    warmup: float,
    duration: float,
    think: tuple[float, float],
) -> dict:
    samples_path = WORK_DIR / "samples.json"
    samples_path.unlink(missing_ok=True)
    total_users = users + FLOOR_USERS
    run_time = math.ceil(total_users / spawn_rate + warmup + duration)
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "LOAD_PLAN": str(plan_path),
            "LOAD_SAMPLES": str(samples_path),
            "LOAD_WARMUP": str(warmup),
            "LOAD_FLOOR_USERS": str(FLOOR_USERS),
            "LOAD_FLOOR_INTERVAL": str(FLOOR_INTERVAL),
            "LOAD_THINK_MIN": str(think[0]),
            "LOAD_THINK_MAX": str(think[1]),
        }
    )
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        f"http://{host}:{port}",
        "--users",
        str(total_users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{run_time}s",
        "--stop-timeout",
        "10",
        "--reset-stats",
        "--only-summary",
        "--csv",
        str(WORK_DIR / "locust"),
        "--loglevel",
        "WARNING",
    ]
    say(f"locust: {run_time} s ({warmup:.0f} s warm-up after spawning, {duration:.0f} s measured)")
    busy_before, total_before = _machine_ticks()
    with (WORK_DIR / "locust.log").open("wb") as log:
        process = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=run_time + 120,
            check=False,
        )
    busy_after, total_after = _machine_ticks()
    if not samples_path.exists():
        raise RuntimeError(
            f"locust exited with code {process.returncode} and no samples; "
            f"see {WORK_DIR / 'locust.log'}"
        )
    data = json.loads(samples_path.read_text())
    window = data["window"]
    measured = (window["stop"] or 0) - (window["start"] or 0)
    wall = run_time
    return {
        "users": users,
        "floor_users": FLOOR_USERS,
        "think_seconds": list(think),
        "floor_interval_seconds": FLOOR_INTERVAL,
        "spawn_rate": spawn_rate,
        "warmup_seconds": warmup,
        "measured_seconds": round(max(measured, 0.0), 1),
        "window": window,
        "warmup_requests": data["warmup_requests"],
        "task_exceptions": data["task_exceptions"],
        "locust_exit_code": process.returncode,
        "cpu": {
            "cpus": os.cpu_count(),
            "machine_busy": round((busy_after - busy_before) / (total_after - total_before), 3),
            "generator_cpus": round(data["cpu_seconds"] / wall, 2),
        },
        "samples": data["samples"],
    }


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("Interrupted: the web server was stopped.")
