"""The load test's figures per page, beside the floor, and the table printed at the end."""

import io
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import percentiles

TARGET_P95_MS = 200
FLOOR = "floor /healthz"
# The order pages are printed in; any other page follows.
ORDER = (
    "directory search",
    "directory search (signed in)",
    "organisation profile",
    "public impact page",
    "survey form",
    "survey answer (POST)",
    "partnership overview",
    "partnership dashboard",
    "portfolio dashboard",
    "home (signed in)",
)


_UUID = "[0-9a-f-]{36}"
# The server's request log names paths, not pages: which page each path is.
PATHS = (
    ("GET", re.compile(r"^/organisations/$"), "directory search"),
    ("GET", re.compile(rf"^/organisations/{_UUID}/$"), "organisation profile"),
    ("GET", re.compile(rf"^/organisations/{_UUID}/impact/$"), "portfolio dashboard"),
    ("GET", re.compile(rf"^/impact/{_UUID}/$"), "public impact page"),
    ("GET", re.compile(r"^/s/[^/]+/$"), "survey form"),
    ("POST", re.compile(r"^/s/[^/]+/$"), "survey answer (POST)"),
    ("GET", re.compile(rf"^/partnerships/{_UUID}/$"), "partnership overview"),
    ("GET", re.compile(rf"^/partnerships/{_UUID}/results/dashboard/$"), "partnership dashboard"),
    ("GET", re.compile(r"^/$"), "home (signed in)"),
    ("GET", re.compile(r"^/healthz$"), FLOOR),
)
# Pages that visitors and members both open, reported apart: a visitor's search may be
# answered from the cache of searches visitors made (the same for all of them), a member's
# never is.
SIGNED_IN_APART = ("directory search",)


def server_times(log: Path, *, start: float, stop: float, time_zone: str) -> dict:
    """Per page, the time Django itself spent (the request log's duration_ms) during the
    measured window: the response time without the wait for a free worker thread."""
    zone = ZoneInfo(time_zone)
    times: dict[str, list[float]] = {}
    for line in log.read_text(errors="replace").splitlines():
        if not line.startswith("{") or '"duration_ms"' not in line:
            continue
        entry = json.loads(line)
        when = datetime.strptime(entry["time"], "%Y-%m-%d %H:%M:%S,%f").replace(tzinfo=zone)
        if not start <= when.timestamp() <= stop:
            continue
        for method, pattern, name in PATHS:
            if entry["method"] == method and pattern.match(entry["path"]):
                if name in SIGNED_IN_APART and entry.get("user_id") is not None:
                    name = f"{name} (signed in)"
                times.setdefault(name, []).append(entry["duration_ms"])
                break
    return {name: percentiles(values) for name, values in times.items() if len(values) > 1}


def page_figures(samples: list[list], seconds: float) -> dict:
    """Per page: requests, failures, their rate, p50/p95/p99/max and the ratios to the floor."""
    by_page: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    for name, ms, failed in samples:
        by_page.setdefault(name, []).append(ms)
        failures[name] = failures.get(name, 0) + failed
    pages: dict[str, dict] = {}
    for name, times in by_page.items():
        figures = percentiles(times) if len(times) > 1 else _single(times)
        figures["failures"] = failures[name]
        figures["error_rate"] = round(failures[name] / len(times), 4)
        figures["per_second"] = round(len(times) / seconds, 2) if seconds else None
        pages[name] = figures
    floor = pages.get(FLOOR)
    for name, figures in pages.items():
        if name == FLOOR or floor is None:
            continue
        figures["ratio_p95"] = round(figures["p95"] / floor["p95"], 1) if floor["p95"] else None
        figures["ratio_p50"] = round(figures["p50"] / floor["p50"], 1) if floor["p50"] else None
        figures["meets_target"] = figures["p95"] <= TARGET_P95_MS and not figures["failures"]
    return pages


def _single(times: list[float]) -> dict:
    value = round(times[0], 2)
    return {"p50": value, "p95": value, "p99": value, "max": value, "count": len(times)}


def ordered(pages: dict) -> list[str]:
    known = [name for name in ORDER if name in pages]
    return known + sorted(name for name in pages if name not in ORDER and name != FLOOR)


def verdict(pages: dict, *, task_exceptions: list[dict]) -> dict:
    """Pass: every page within the target, no failed request, no error in the generator."""
    browsing = [pages[name] for name in ordered(pages)]
    requests = sum(page["count"] for page in pages.values())
    failures = sum(page["failures"] for page in pages.values())
    exceptions = sum(item["count"] for item in task_exceptions)
    slow = [name for name in ordered(pages) if pages[name]["p95"] > TARGET_P95_MS]
    return {
        "requests": requests,
        "failures": failures,
        "error_rate": round(failures / requests, 4) if requests else None,
        "generator_exceptions": exceptions,
        "pages_over_target": slow,
        "passed": bool(browsing) and not (slow or failures or exceptions) and FLOOR in pages,
    }


def report(figures: dict) -> str:
    out = io.StringIO()
    w = out.write
    run = figures["run"]
    w(
        f"\n== Load test (SCALE={figures['scale']}): {run['users']} users + "
        f"{run['floor_users']} floor probes, each person waiting "
        f"{'–'.join(f'{s:g}' for s in run.get('think_seconds', (5, 10)))} s between pages, "
        f"measured {run['measured_seconds']:.0f} s after {run['warmup_seconds']:.0f} s of "
        "warm-up\n"
    )
    w(
        f"Server: gunicorn {run['server']}, cache {run['cache']}; "
        f"{_n(figures['dataset']['organisations'])} organisations in the directory\n"
    )
    cpu = run.get("cpu", {})
    if cpu:
        w(
            f"CPU: machine busy {cpu['machine_busy']:.0%} of {cpu['cpus']} CPUs; load "
            f"generator {cpu['generator_cpus']:.2f} CPU\n"
        )
    pages = figures["pages"]
    server = figures.get("server_ms", {})
    head = (
        f"  {'page':<30}{'requests':>9}{'per s':>7}{'p50':>8}{'p95':>8}{'p99':>8}"
        f"{'errors':>8}{'p95/floor':>10}{'p50/floor':>10}{'Django p50':>11}{'p95':>8}"
        "  verdict\n"
    )
    w("Response times (ms), floor = GET /healthz (one SELECT 1) in the same run:\n")
    w(head)
    for name in ordered(pages):
        page = pages[name]
        mark = "ok" if page["meets_target"] else "MISSED"
        w(
            f"  {name:<30}{page['count']:>9}{page['per_second']:>7}{page['p50']:>8.1f}"
            f"{page['p95']:>8.1f}{page['p99']:>8.1f}{page['error_rate']:>8.1%}"
            f"{_ratio(page['ratio_p95']):>10}{_ratio(page['ratio_p50']):>10}"
            f"{_server(server, name)}  {mark}\n"
        )
    if FLOOR in pages:
        floor = pages[FLOOR]
        w(
            f"  {FLOOR:<30}{floor['count']:>9}{floor['per_second']:>7}{floor['p50']:>8.1f}"
            f"{floor['p95']:>8.1f}{floor['p99']:>8.1f}{floor['error_rate']:>8.1%}"
            f"{'':>20}{_server(server, FLOOR)}\n"
        )
    result = figures["verdict"]
    w(
        f"All requests: {_n(result['requests'])}, failed {_n(result['failures'])} "
        f"({(result['error_rate'] or 0):.2%})\n"
    )
    if result["generator_exceptions"]:
        w(f"Errors in the load generator itself: {result['generator_exceptions']}\n")
    w(f"Target: p95 <= {TARGET_P95_MS} ms for every page, no errors: ")
    w("PASS\n" if result["passed"] else "FAIL\n")
    if result["pages_over_target"]:
        w(f"  over target: {', '.join(result['pages_over_target'])}\n")
    return out.getvalue()


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _server(server: dict, name: str) -> str:
    if name not in server:
        return f"{'-':>11}{'-':>8}"
    return f"{server[name]['p50']:>11.1f}{server[name]['p95']:>8.1f}"


def _ratio(value) -> str:
    return "-" if value is None else f"{value:.1f}"
