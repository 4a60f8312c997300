"""The load benchmark's reading of the server's request log (benchmarks/load/report.py)."""

import json
from datetime import datetime

from benchmarks.load.report import server_times

ZONE = "Europe/Paris"


def _line(path: str, duration_ms: float, user_id=None, method="GET") -> str:
    entry = {
        "time": "2026-11-22 10:00:05,000",
        "method": method,
        "path": path,
        "status": 200,
        "duration_ms": duration_ms,
        "user_id": user_id,
    }
    return json.dumps(entry)


def test_searches_of_visitors_and_of_members_are_reported_apart(tmp_path):
    log = tmp_path / "gunicorn.log"
    lines = [
        "[gunicorn] Booting worker",
        _line("/organisations/", 10),
        _line("/organisations/", 12),
        _line("/organisations/", 80, user_id=3),
        _line("/organisations/", 90, user_id=4),
        _line("/healthz", 1),
        _line("/healthz", 2),
    ]
    log.write_text("\n".join(lines))
    start = datetime(2026, 11, 22, 10, 0, 0).astimezone().timestamp() - 86400
    stop = start + 2 * 86400
    times = server_times(log, start=start, stop=stop, time_zone=ZONE)
    assert times["directory search"]["p50"] == 11
    assert times["directory search (signed in)"]["p50"] == 85
    assert set(times) == {"directory search", "directory search (signed in)", "floor /healthz"}
