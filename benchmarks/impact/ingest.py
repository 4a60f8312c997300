"""Survey ingestion over HTTP against the production server, through a crash, and its floor.

50 clients post questionnaires to the public endpoint /s/<token>/submit for the run's
duration. 10 % of the posts resend a recent questionnaire unchanged (same identifier, same
content: the answer must be 200 or 201, and it is often in flight on another client at the
same moment); 1 % resend an acknowledged one with another answer (must be 409). Halfway
through, the whole gunicorn process group is killed with SIGKILL and started again; a client
whose connection breaks or who gets a 5xx sends the SAME body again until it is acknowledged.
Afterwards the database must hold every acknowledged questionnaire exactly once, with the
content the client sent.

Floor: 50 threads, each with its own autocommit psycopg connection, inserting rows of the
same shape (and the same indexes) into a scratch table with INSERT … ON CONFLICT DO NOTHING,
for the same duration: the rate PostgreSQL takes single-row commits at on this machine.
"""

import asyncio
import hashlib
import json
import os
import random
import runpy
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date

import psycopg

from benchmarks.common import OUTPUT_DIR, say
from benchmarks.impact import questionnaire
from benchmarks.impact.client import Connection, ConnectionLost
from benchmarks.impact.server import (
    CONFIG,
    Server,
    collect_static,
    redis_available,
    server_environment,
)

CLIENTS = 50
RESEND_SHARE = 0.10
CONFLICT_SHARE = 0.01
# After the run's end, clients still holding an unacknowledged questionnaire keep trying
# this long before giving up (a give-up is reported; it is not "lost": never acknowledged).
GRACE_SECONDS = 60
TITLE = "Bench impact ingestion"


def ingestion_duration(scale: float) -> float:
    return max(20.0, 60.0 * scale)


# Survey under test -----------------------------------------------------------------------


def prepare_survey():
    """A fresh partnership with one OPEN survey; the previous run's one is removed."""
    from django.db import connection, transaction

    from alliances.organisations.models import Kind, Organisation
    from alliances.partnerships.models import (
        Partnership,
        PartnershipType,
        Party,
        PartyRole,
        PartyStatus,
    )
    from alliances.surveys.models import Survey, SurveyStatus

    old = list(Partnership.objects.filter(title=TITLE).values_list("pk", flat=True))
    if old:
        with connection.cursor() as cursor:
            # Tens of thousands of responses: one statement rather than the ORM's collector.
            cursor.execute(
                "DELETE FROM surveys_response WHERE survey_id IN "
                "(SELECT id FROM surveys_survey WHERE partnership_id = ANY(%s))",
                [old],
            )
        Partnership.objects.filter(pk__in=old).delete()
    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            name="Bench impact centre social", defaults={"kind": Kind.ASSOCIATION}
        )
        partnership = Partnership.objects.create(
            title=TITLE,
            purpose="Mesurer l'appartenance au quartier.",
            kind=PartnershipType.PATRONAGE,
        )
        Party.objects.create(
            partnership=partnership,
            organisation=organisation,
            roles=[PartyRole.COORDINATOR],
            status=PartyStatus.ACTIVE,
        )
        survey = Survey.objects.create(
            partnership=partnership,
            title="Vivre dans le quartier",
            definition=questionnaire.DEFINITION,
            status=SurveyStatus.OPEN,
        )
    return survey


# The load --------------------------------------------------------------------------------


@dataclass
class Ledger:
    """What the clients sent and what they were told."""

    bodies: dict[str, bytes] = field(default_factory=dict)
    answers: dict[str, dict] = field(default_factory=dict)
    acknowledged: dict[str, int] = field(default_factory=dict)
    acknowledged_order: list[str] = field(default_factory=list)
    recent: deque = field(default_factory=lambda: deque(maxlen=2000))
    statuses: Counter = field(default_factory=Counter)
    by_kind: dict[str, Counter] = field(
        default_factory=lambda: {"new": Counter(), "resend": Counter(), "conflict": Counter()}
    )
    ack_times: list[float] = field(default_factory=list)
    # Set by the crash: when the server was killed, and the first acknowledgement that came
    # through a connection opened after it (answers already in flight do not count).
    killed_at: float | None = None
    first_ack_after_kill: float | None = None
    connection_errors: int = 0
    retries: int = 0
    gave_up: int = 0
    unexpected: list[str] = field(default_factory=list)


def _body(sid: str, answers: dict, channel: str) -> bytes:
    return json.dumps(
        {
            "submission_id": sid,
            "answers": answers,
            "collected_on": date.today().isoformat(),
            "language": "fr",
            "channel": channel,
            "website": "",
        },
        ensure_ascii=False,
    ).encode()


async def _deliver(conn, path, body, *, ledger: Ledger, give_up_at: float):
    """Post until the server gives an answer that is not a failure; None if we gave up."""
    loop = asyncio.get_running_loop()
    attempt = 0
    while True:
        try:
            response = await conn.request("POST", path, body)
        except ConnectionLost:
            ledger.connection_errors += 1
        else:
            ledger.statuses[response.status] += 1
            if response.status == 429:
                await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                continue
            if response.status < 500:
                return response
        if loop.time() > give_up_at:
            ledger.gave_up += 1
            return None
        ledger.retries += 1
        await asyncio.sleep(min(0.05 * 2**attempt, 0.5))
        attempt += 1


async def _client(number, *, server, path, ledger, stop_at, give_up_at, seed):
    rng = random.Random(seed * 1000 + number)
    loop = asyncio.get_running_loop()
    conn = Connection(server.host, server.port)
    try:
        while loop.time() < stop_at:
            roll = rng.random()
            if roll < CONFLICT_SHARE and ledger.acknowledged_order:
                kind = "conflict"
                sid = rng.choice(ledger.acknowledged_order)
                body = _body(sid, questionnaire.altered(ledger.answers[sid]), "web")
            elif roll < CONFLICT_SHARE + RESEND_SHARE and ledger.recent:
                kind = "resend"
                sid = rng.choice(ledger.recent)
                body = ledger.bodies[sid]
            else:
                kind = "new"
                sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                answers = questionnaire.make_answers(rng)
                body = _body(sid, answers, "offline" if rng.random() < 0.2 else "web")
                ledger.answers[sid] = answers
                ledger.bodies[sid] = body
                ledger.recent.append(sid)
            response = await _deliver(conn, path, body, ledger=ledger, give_up_at=give_up_at)
            if response is None:
                continue
            status = response.status
            ledger.by_kind[kind][status] += 1
            if status in (200, 201) and kind != "conflict":
                now = loop.time()
                ledger.ack_times.append(now)
                if (
                    ledger.killed_at is not None
                    and ledger.first_ack_after_kill is None
                    and conn.opened_at > ledger.killed_at
                ):
                    ledger.first_ack_after_kill = now
                if sid not in ledger.acknowledged:
                    ledger.acknowledged[sid] = status
                    ledger.acknowledged_order.append(sid)
            elif not (status == 409 and kind == "conflict") and len(ledger.unexpected) < 10:
                ledger.unexpected.append(f"{kind} → {status} {response.body[:300]!r}")
    finally:
        conn.close()


async def _crash_and_restart(server: Server, *, after: float, ledger: Ledger, marks: dict):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(after)
    ledger.killed_at = loop.time()
    server.kill_group()
    server.start()  # from the main thread: the parent-death signal is tied to it
    marks["ready_after"] = await asyncio.to_thread(server.wait_ready)
    marks["ready_at"] = loop.time()


async def _load(server: Server, *, path: str, duration: float, seed: int) -> dict:
    loop = asyncio.get_running_loop()
    ledger = Ledger()
    started = loop.time()
    stop_at = started + duration
    marks: dict = {}
    crash = asyncio.create_task(
        _crash_and_restart(server, after=duration / 2, ledger=ledger, marks=marks)
    )
    clients = [
        _client(
            n,
            server=server,
            path=path,
            ledger=ledger,
            stop_at=stop_at,
            give_up_at=stop_at + GRACE_SECONDS,
            seed=seed,
        )
        for n in range(CLIENTS)
    ]
    await asyncio.gather(*clients)
    await crash
    finished = loop.time()
    return {"ledger": ledger, "started": started, "finished": finished, "marks": marks}


# Checks ----------------------------------------------------------------------------------


def _hash_function():
    try:
        from alliances.surveys.answers import content_hash
    except ImportError:
        return None
    return content_hash


def verify(survey, ledger: Ledger) -> dict:
    """Every acknowledged questionnaire stored once, with the content the client sent."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT submission_id::text, content_hash, answers::text FROM surveys_response "
            "WHERE survey_id = %s",
            [survey.pk],
        )
        rows = cursor.fetchall()
    stored: dict[str, list] = {}
    for sid, digest, answers in rows:
        stored.setdefault(sid, []).append((digest, json.loads(answers)))
    hasher = _hash_function()
    lost = more_than_once = other_content = other_hash = 0
    for sid in ledger.acknowledged:
        copies = stored.get(sid)
        if not copies:
            lost += 1
            continue
        if len(copies) > 1:
            more_than_once += 1
        sent = ledger.answers[sid]
        if any(answers != sent for _, answers in copies):
            other_content += 1
        elif hasher is not None and any(digest != hasher(sent) for digest, _ in copies):
            other_hash += 1
    return {
        "acknowledged": len(ledger.acknowledged),
        "stored_rows": len(rows),
        "lost": lost,
        "duplicated": more_than_once + other_content + other_hash,
        "stored_more_than_once": more_than_once,
        "stored_with_other_content": other_content,
        "stored_with_other_hash": other_hash,
        "hash_checked": hasher is not None,
        "stored_never_acknowledged": sum(1 for sid in stored if sid not in ledger.acknowledged),
    }


# Floor -----------------------------------------------------------------------------------

FLOOR_TABLE = "bench_floor_response"
FLOOR_INSERT = (
    "INSERT INTO bench_floor_response (uuid, survey_id, submission_id, content_hash, answers, "
    "language, survey_version, channel, collected_on, received_at) "
    "VALUES (%s, %s, %s, %s, %s::jsonb, 'fr', 1, 'web', %s, now()) "
    "ON CONFLICT (survey_id, submission_id) DO NOTHING"
)


def insert_floor(url: str, *, survey_id: int, duration: float, seed: int) -> dict:
    """Single-row autocommit inserts from 50 threads with their own connections."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        # Same columns, defaults, identity, unique constraints and indexes (no foreign keys).
        admin.execute(f"CREATE TABLE {FLOOR_TABLE} (LIKE surveys_response INCLUDING ALL)")
    counts = [0] * CLIENTS
    errors: list[str] = []
    ready = threading.Barrier(CLIENTS + 1)
    deadline = [0.0]

    def worker(number: int) -> None:
        rng = random.Random(seed * 7919 + number)
        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            errors.append(str(exc))
            ready.abort()
            return
        with conn:
            ready.wait()
            while time.perf_counter() < deadline[0]:
                answers = questionnaire.make_answers(rng)
                text = json.dumps(answers, ensure_ascii=False)
                canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"))
                digest = hashlib.sha256(canonical.encode()).hexdigest()
                sid = uuid.UUID(int=rng.getrandbits(128), version=4)
                conn.execute(
                    FLOOR_INSERT,
                    (uuid.uuid4(), survey_id, sid, digest, text, date.today()),
                )
                counts[number] += 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    try:
        deadline[0] = time.perf_counter() + duration + 0.5
        ready.wait()
        started = time.perf_counter()
    except threading.BrokenBarrierError:
        raise RuntimeError(f"floor connections failed: {errors[:1]}") from None
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP TABLE {FLOOR_TABLE}")
    total = sum(counts)
    return {
        "threads": CLIENTS,
        "inserts": total,
        "seconds": round(seconds, 2),
        "inserts_per_second": round(total / seconds, 1),
    }


# Run -------------------------------------------------------------------------------------


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine: how much else was running."""
    with open("/proc/stat") as stat:
        fields = [int(v) for v in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def run_ingestion(*, url: str, scale: float, seed: int) -> dict:
    duration = ingestion_duration(scale)
    survey = prepare_survey()
    use_redis, redis_note = redis_available()
    env = server_environment(database_url=url, use_redis=use_redis)
    started = time.perf_counter()
    if collect_static(env):
        say(f"Static files collected in {time.perf_counter() - started:.1f} s")
    settings = runpy.run_path(str(CONFIG))
    server = Server(env=env, log_path=OUTPUT_DIR / "gunicorn.log")
    say(
        f"Starting gunicorn ({settings['workers']} workers × {settings['threads']} threads, "
        f"port {server.port}, cache: {redis_note if use_redis else 'local memory, ' + redis_note})"
    )
    # Gunicorn's processes, once reaped, add their CPU time to this process's children.
    children0 = os.times()
    try:
        server.start()
        first_ready = server.wait_ready()
        say(
            f"Ready in {first_ready:.1f} s; {CLIENTS} clients for {duration:.0f} s, "
            "kill -9 of every gunicorn process halfway"
        )
        busy0, total0 = _cpu_ticks()
        cpu0 = time.process_time()
        outcome = asyncio.run(
            _load(server, path=f"/s/{survey.public_token}/submit", duration=duration, seed=seed)
        )
        client_cpu = time.process_time() - cpu0
        busy1, total1 = _cpu_ticks()
    finally:
        server.stop()
    children1 = os.times()
    server_cpu = (children1.children_user + children1.children_system) - (
        children0.children_user + children0.children_system
    )
    ledger: Ledger = outcome["ledger"]
    marks = outcome["marks"]
    elapsed = outcome["finished"] - outcome["started"]
    gap = None
    if ledger.first_ack_after_kill is not None:
        gap = ledger.first_ack_after_kill - ledger.killed_at
    acknowledged = len(ledger.ack_times)
    checks = verify(survey, ledger)
    say(f"Ingestion done: {acknowledged} acknowledged in {elapsed:.1f} s; floor next")
    floor = insert_floor(url, survey_id=survey.pk, duration=duration, seed=seed)
    rate = acknowledged / elapsed
    rate_without_gap = acknowledged / (elapsed - gap) if gap else rate
    return {
        "duration_s": duration,
        "elapsed_s": round(elapsed, 2),
        "clients": CLIENTS,
        "server": {
            "workers": settings["workers"],
            "threads": settings["threads"],
            "worker_class": settings["worker_class"],
            "cache": "redis" if use_redis else "locmem",
            "cache_note": redis_note,
            "first_start_s": round(first_ready, 2),
            "restart_ready_s": round(marks["ready_after"], 2) if "ready_after" in marks else None,
        },
        "restart_gap_s": round(gap, 2) if gap is not None else None,
        "acknowledged": acknowledged,
        "acknowledged_per_second": round(rate, 1),
        "acknowledged_per_second_excluding_gap": round(rate_without_gap, 1),
        "new_questionnaires": len(ledger.answers),
        "statuses": {str(k): v for k, v in sorted(ledger.statuses.items())},
        "by_kind": {kind: dict(sorted(c.items())) for kind, c in ledger.by_kind.items()},
        "connection_errors": ledger.connection_errors,
        "retries": ledger.retries,
        "gave_up": ledger.gave_up,
        "unexpected": ledger.unexpected,
        "verification": checks,
        "client_cpus": round(client_cpu / elapsed, 2),
        "server_cpus": round(server_cpu / elapsed, 2),
        # Start-up included: an upper bound of the CPU one questionnaire costs the server.
        "server_cpu_ms_per_acknowledged": round(server_cpu * 1000 / max(1, acknowledged), 2),
        "machine_cpus": os.cpu_count(),
        "machine_busy_share": round((busy1 - busy0) / max(1, total1 - total0), 3),
        "floor": floor,
        "ratio": round(rate / floor["inserts_per_second"], 3),
        "ratio_excluding_gap": round(rate_without_gap / floor["inserts_per_second"], 3),
    }
