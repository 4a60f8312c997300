"""The verdict table: every figure with its floor, ratio, target and PASS/FAIL."""

import io

TARGETS = {
    "ingestion_per_second": 500,
    "lost": 0,
    "duplicated": 0,
    "dashboard_p95_ms": 300,
    "portfolio_p95_ms": 300,
}


def _row(name, value, *, floor=None, ratio=None, target="", verdict="INFO", unit=""):
    return {
        "figure": name,
        "value": value,
        "unit": unit,
        "floor": floor,
        "ratio": ratio,
        "target": target,
        "verdict": verdict,
    }


def _pass(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _share(counter: dict, good: set[str]) -> tuple[int, int]:
    total = sum(counter.values())
    return sum(n for status, n in counter.items() if str(status) in good), total


def _ingestion_rows(ing: dict) -> list[dict]:
    rows = []
    floor = ing["floor"]["inserts_per_second"]
    target = TARGETS["ingestion_per_second"]
    for label, key, ratio in (
        ("Ingestion, whole run (with restart)", "acknowledged_per_second", "ratio"),
        ("Ingestion, without the restart gap", "acknowledged_per_second_excluding_gap", None),
    ):
        rate = ing[key]
        rows.append(
            _row(
                label,
                rate,
                unit="/s",
                floor=floor,
                ratio=ing[ratio] if ratio else ing["ratio_excluding_gap"],
                target=f">= {target}",
                verdict=_pass(rate >= target),
            )
        )
    checks = ing["verification"]
    rows.append(
        _row(
            "Lost (acknowledged, not stored)",
            checks["lost"],
            target="= 0",
            verdict=_pass(checks["lost"] == 0),
        )
    )
    rows.append(
        _row(
            "Duplicated (twice / other content)",
            checks["duplicated"],
            target="= 0",
            verdict=_pass(checks["duplicated"] == 0),
        )
    )
    good, total = _share(ing["by_kind"]["resend"], {"200", "201"})
    rows.append(
        _row(
            "Resends answered 200/201",
            f"{good}/{total}",
            target="all",
            verdict=_pass(good == total),
        )
    )
    good, total = _share(ing["by_kind"]["conflict"], {"409"})
    rows.append(
        _row(
            "Conflicting resends answered 409",
            f"{good}/{total}",
            target="all",
            verdict=_pass(good == total),
        )
    )
    good, total = _share(ing["by_kind"]["new"], {"200", "201"})
    rows.append(
        _row(
            "New questionnaires acknowledged",
            f"{good}/{total}",
            target="all",
            verdict=_pass(good == total and ing["gave_up"] == 0),
        )
    )
    rows.append(_row("Restart gap (kill → first ack)", ing["restart_gap_s"], unit="s"))
    return rows


def _latency_rows(label: str, item: dict, target_key: str) -> list[dict]:
    if item.get("error"):
        return [_row(label, "error", target=item["error"][:60], verdict="FAIL")]
    ours, floor = item["ms"], item["floor_ms"]
    name = label + (" [STAND-IN]" if item.get("stand_in") else "")
    target = TARGETS[target_key]
    return [
        _row(
            f"{name} p95",
            ours["p95"],
            unit="ms",
            floor=floor["p95"],
            ratio=item["ratio_p95"],
            target=f"<= {target}",
            verdict=_pass(ours["p95"] <= target),
        ),
        _row(f"{name} p50", ours["p50"], unit="ms", floor=floor["p50"]),
        _row(f"{name} max", ours["max"], unit="ms", floor=floor["max"]),
    ]


def verdicts(figures: dict) -> list[dict]:
    rows: list[dict] = []
    if "ingestion" in figures:
        rows += _ingestion_rows(figures["ingestion"])
    if "dashboards" in figures:
        dash = figures["dashboards"]
        rows += _latency_rows("Partnership dashboard", dash["partnership"], "dashboard_p95_ms")
        rows += _latency_rows("Organisation portfolio", dash["portfolio"], "portfolio_p95_ms")
    if "computation" in figures:
        comp = figures["computation"]
        count = f"{comp.get('responses', 0):,}".replace(",", " ")
        label = f"Survey computation ({count} responses)"
        if comp.get("seconds") is None:
            rows.append(_row(label, "n/a", target=comp.get("note", "")[:60]))
        else:
            rows.append(_row(label, comp["seconds"], unit="s"))
    return rows


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}".replace(",", " ")
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


def report(figures: dict) -> str:
    out = io.StringIO()
    w = out.write
    w(f"\n== Impact benchmark (SCALE={figures['scale']})\n")
    if "dataset" in figures:
        d = figures["dataset"]
        origin = "reused" if d["reused"] else f"generated in {d['seconds']:.0f} s"
        text = (
            f"Data: {d['partnerships']:,} partnerships, {d['indicators']:,} indicators, "
            f"{d['values']:,} values, {d['responses']:,} survey responses ({origin})\n"
        )
        w(text.replace(",", " "))
    if "ingestion" in figures:
        ing = figures["ingestion"]
        server = ing["server"]
        w(
            f"Server: gunicorn {server['workers']} × {server['threads']} {server['worker_class']}"
            f", cache {server['cache']} ({server['cache_note']}); {ing['clients']} clients for "
            f"{ing['duration_s']:.0f} s; statuses {ing['statuses']}, connection errors "
            f"{ing['connection_errors']}, retries {ing['retries']}, gave up {ing['gave_up']}\n"
        )
        w(
            f"CPUs used on average: gunicorn {ing['server_cpus']:.2f} "
            f"({ing['server_cpu_ms_per_acknowledged']:.1f} ms per acknowledged post), "
            f"load generator {ing['client_cpus']:.2f}; the machine's {ing['machine_cpus']} "
            f"CPUs were {ing['machine_busy_share']:.0%} busy (everything, PostgreSQL included)\n"
        )
        for line in ing["unexpected"]:
            w(f"  unexpected: {line}\n")
    rows = figures["verdicts"]
    headers = ("Figure", "Value", "Floor", "Ratio", "Target", "Verdict")
    table = [
        (
            row["figure"],
            f"{_cell(row['value'])} {row['unit']}".strip(),
            f"{_cell(row['floor'])} {row['unit']}".strip() if row["floor"] is not None else "-",
            f"{row['ratio']:.2f}" if isinstance(row["ratio"], float) else "-",
            row["target"] or "-",
            row["verdict"],
        )
        for row in rows
    ]
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    w(line + "\n" + "-" * len(line) + "\n")
    for r in table:
        w("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() + "\n")
    failed = sum(1 for row in rows if row["verdict"] == "FAIL")
    w(f"{failed} target(s) missed\n" if failed else "Every target met\n")
    return out.getvalue()
