"""The benchmark's directory, written with COPY into the real tables of a migrated database
that already holds every French territory and its public actor.

SCALE=1 means 2 000 000 organisations drawn by `benchmarks.matching_data` (kinds as in the
registers: mostly associations, then companies), placed on the real communes in proportion to
their population, each with resources offered and needed, SDG causes (the link table, and the
`cause_codes` column written in the same row, as the register imports do), and a mission in
French; 8 % dissolved, 2 % with a private profile. A fifth of the communes, half of the EPCI and
every département get a profile too. 1 % of the organisations have a member, and
20 000 × SCALE partnerships between them reached evaluation (the track record).
"""

import queue
import random
import threading
import time
import uuid

import psycopg
from psycopg import sql

from benchmarks.common import say
from benchmarks.matching_data import TOPICS, Town, TownPicker, draw, pick_kind
from benchmarks.matching_data.organisations import Drawn

ORGANISATIONS_AT_SCALE_1 = 2_000_000
PARTNERSHIPS_AT_SCALE_1 = 20_000
KINDS = (
    ("association", 72), ("company", 23), ("foundation", 1), ("residents_group", 1),
    ("school", 2), ("state_agency", 1),
)  # fmt: skip
SOURCE = {"association": "rna", "company": "sirene"}
PUBLIC_PROFILES = {"commune": 0.2, "epci": 0.5, "departement": 1.0}
DISSOLVED, PRIVATE, MEMBERS = 0.08, 0.02, 0.01
DETAILS = {
    "skills": ("comptabilité", "informatique", "juridique", "communication"),
    "in_kind": ("matériel informatique", "repas", "mobilier"),
    "premises": ("salle de réunion", "local de stockage"),
}
CHUNK = 20_000
ORG_COLUMNS = (
    "id", "uuid", "created_at", "updated_at", "name", "kind", "siren", "siret", "rna",
    "insee_code", "address", "postal_code", "commune_code", "city", "website", "email", "phone",
    "mission", "budget_band", "is_public", "logo", "commune_id", "company_category",
    "edited_fields", "employee_band", "imported", "is_active", "is_legal_person",
    "is_social_economy", "naf_code", "registry_hash", "source", "cause_codes",
    "accepts_introductions", "dissolved_on",
)  # fmt: skip
TABLES = (
    "organisations_organisation",
    "organisations_organisationresource",
    "organisations_organisation_causes",
)
STAMP = "2026-01-05 09:00:00+00"


def _clean(text: str) -> str:
    return text.replace("\\", "/").replace("\t", " ").replace("\n", " ")


class Lines:
    """COPY text rows of one chunk: organisations, their resources and their causes."""

    def __init__(self, cause_ids: dict[str, int]):
        self.cause_ids = cause_ids
        self.organisations: list[str] = []
        self.resources: list[str] = []
        self.causes: list[str] = []
        self.counts = {"resources": 0, "causes": 0}

    def profile(self, rng: random.Random, oid: int, drawn: Drawn) -> str:
        """Resources and causes rows of `oid`; returns its `cause_codes` array literal."""
        for resource in sorted(drawn.offers):
            choices = DETAILS.get(resource)
            detail = rng.choice(choices) if choices and rng.random() < 0.1 else ""
            self.resources.append(f"{oid}\toffered\t{resource}\t{detail}\n")
        for resource in sorted(drawn.needs):
            self.resources.append(f"{oid}\tneeded\t{resource}\t\n")
        codes = sorted(drawn.causes)
        for code in codes:
            self.causes.append(f"{oid}\t{self.cause_ids[code]}\n")
        self.counts["resources"] += len(drawn.offers) + len(drawn.needs)
        self.counts["causes"] += len(codes)
        return "{" + ",".join(codes) + "}"

    def organisation(self, rng: random.Random, oid: int, kind: str, town: Town) -> None:
        topic = rng.choice(TOPICS)
        drawn = draw(rng, kind=kind, topic=topic, town=town)
        codes = self.profile(rng, oid, drawn)
        dissolved = rng.random() < DISSOLVED
        public = "f" if rng.random() < PRIVATE else "t"
        identifier = uuid.UUID(int=rng.getrandbits(128), version=4)
        active, dissolved_on = ("f", "2024-06-30") if dissolved else ("t", "\\N")
        self.organisations.append(
            f"{oid}\t{identifier}\t{STAMP}\t{STAMP}\t{_clean(drawn.name)[:200]}\t{kind}\t\t\t\t\t\t"
            f"{town.postal_code}\t{town.code}\t{_clean(town.name)}\t\t\t\t{_clean(drawn.text)}\t\t"
            f"{public}\t\t{town.territory}\t\t[]\t\t{{}}\t{active}\tt\tf\t\t\t"
            f"{SOURCE.get(kind, 'member')}\t{codes}\tt\t{dissolved_on}\n"
        )


def _towns(conn) -> tuple[list[Town], dict[int, Town]]:
    """Communes with a point, as towns; every territory with a point by id."""
    from alliances.matching.ranking import Place

    rows = conn.execute(
        "SELECT id, kind, code, name, coalesce(population, 0), latitude, longitude, epci_id, "
        "departement_id, postal_codes FROM territories_territory "
        "WHERE latitude IS NOT NULL ORDER BY kind, code"
    ).fetchall()
    communes, by_id = [], {}
    for tid, kind, code, name, population, lat, lon, epci, departement, postal in rows:
        if kind == "epci":
            epci = tid
        if kind == "departement":
            departement = tid
        place = Place(lat, lon, epci, departement)
        town = Town(
            name,
            code,
            population,
            place,
            territory=tid,
            postal_code=(postal.split() or [""])[0][:10],
        )
        by_id[tid] = town
        if kind == "commune":
            communes.append(town)
    return communes, by_id


def _copy(conn, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
    if not lines:
        return
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with conn.cursor().copy(statement) as copy:
        for start in range(0, len(lines), 5000):
            copy.write("".join(lines[start : start + 5000]))


def _write(conn, chunk: Lines) -> None:
    _copy(conn, TABLES[0], ORG_COLUMNS, chunk.organisations)
    _copy(conn, TABLES[1], ("organisation_id", "direction", "resource", "detail"), chunk.resources)
    _copy(conn, TABLES[2], ("organisation_id", "cause_id"), chunk.causes)


def _drop_secondary_indexes(conn) -> list[str]:
    """Drop the indexes that back no constraint; return the statements recreating them (in
    the same transaction: a failed load brings them back with the rollback)."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [list(TABLES)],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return [definition for _name, definition in rows]


def _public_profiles(conn, rng, by_id: dict[int, Town], cause_ids) -> tuple[Lines, list]:
    rows = conn.execute(
        # By territory code, not id: ids follow the import's order, which may vary.
        "SELECT o.id, o.kind, o.territory_id FROM organisations_organisation o "
        "JOIN territories_territory t ON t.id = o.territory_id ORDER BY t.kind, t.code"
    ).fetchall()
    lines, updates = Lines(cause_ids), []
    for oid, kind, territory in rows:
        town = by_id.get(territory)
        if town is None or rng.random() >= PUBLIC_PROFILES.get(kind, 0.0):
            continue
        drawn = draw(rng, kind=kind, topic=rng.choice(TOPICS), town=town)
        updates.append((oid, drawn.text, lines.profile(rng, oid, drawn)))
    return lines, updates


def _producer(seed: int, first: int, count: int, towns, cause_ids, out: queue.Queue) -> None:
    rng = random.Random(seed)
    picker = TownPicker(towns, power=1.0)
    for start in range(0, count, CHUNK):
        chunk = Lines(cause_ids)
        for oid in range(first + start, first + min(count, start + CHUNK)):
            chunk.organisation(rng, oid, pick_kind(rng, KINDS), picker.pick(rng))
        out.put(chunk)
    out.put(None)


def _track_record(conn, *, first: int, partnerships: int) -> int:
    """Members for 1 % of the organisations; partnerships between them carried to evaluation."""
    step = round(1 / MEMBERS)
    conn.execute(
        "CREATE TEMP TABLE bench_members AS SELECT id AS organisation_id, "
        "row_number() OVER (ORDER BY id) AS n FROM organisations_organisation "
        "WHERE id >= %s AND id %% %s = 0",
        [first, step],
    )
    members = conn.execute("SELECT count(*) FROM bench_members").fetchone()[0]
    conn.execute(
        "INSERT INTO accounts_user (password, is_superuser, is_staff, is_active, date_joined, "
        "uuid, email, full_name) SELECT '!', false, false, true, now(), gen_random_uuid(), "
        "'bench-matching-' || n || '@example.org', 'Bench ' || n FROM bench_members"
    )
    conn.execute(
        "INSERT INTO organisations_membership (uuid, created_at, updated_at, role, user_id, "
        "organisation_id) SELECT gen_random_uuid(), now(), now(), 'admin', u.id, "
        "m.organisation_id FROM bench_members m JOIN accounts_user u "
        "ON u.email = 'bench-matching-' || m.n || '@example.org'"
    )
    if not members:
        return 0
    conn.execute(
        "CREATE TEMP TABLE bench_pairs AS SELECT p, 1 + (p * 7919) %% %(m)s AS a, "
        "1 + (p * 104729 + 1) %% %(m)s AS b FROM generate_series(1, %(n)s) p",
        {"m": members, "n": partnerships},
    )
    conn.execute(
        "INSERT INTO partnerships_partnership (uuid, created_at, updated_at, title, purpose, "
        "objectives, kind, patronage_forms, stage, currency, decision_rule, closure_reason, "
        "lessons_learned, starts_on, ends_on) SELECT gen_random_uuid(), now(), now(), "
        "'Bench matching partnership ' || p, '', '', 'patronage', '[]', 'evaluation', 'EUR', "
        "'consensus', '', '', current_date - 700, current_date + 30 FROM bench_pairs"
    )
    conn.execute(
        "CREATE TEMP TABLE bench_p AS SELECT x.id, b.a, b.b FROM partnerships_partnership x "
        "JOIN bench_pairs b ON x.title = 'Bench matching partnership ' || b.p"
    )
    party = (
        "INSERT INTO partnerships_party (uuid, created_at, updated_at, roles, status, "
        "invited_email, invited_name, message, token, leave_reason, partnership_id, "
        "organisation_id) SELECT gen_random_uuid(), now(), now(), '[\"partner\"]', 'active', "
        "'', '', '', '', '', p.id, m.organisation_id FROM bench_p p JOIN bench_members m "
    )
    conn.execute(party + "ON m.n = p.a")
    conn.execute(party + "ON m.n = p.b WHERE p.a <> p.b")
    conn.execute(
        "INSERT INTO partnerships_stagechange (from_stage, to_stage, note, created_at, "
        "partnership_id) SELECT 'implementation', 'evaluation', '', now(), id FROM bench_p"
    )
    return partnerships


def load_directory(*, url: str, scale: float, seed: int) -> dict:
    count = max(10_000, round(ORGANISATIONS_AT_SCALE_1 * scale))
    partnerships = max(100, round(PARTNERSHIPS_AT_SCALE_1 * scale))
    say(f"Writing {count:,} organisations with their resources and causes...")
    started = last = time.perf_counter()

    def step(what: str) -> None:
        nonlocal last
        now = time.perf_counter()
        say(f"  {what}: {now - last:.1f} s")
        last = now

    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '512MB'")
        if conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
            # Consistent by construction: no foreign-key check per row.
            conn.execute("SET session_replication_role = replica")
        # The rows carry their `cause_codes`: the link table's triggers stand aside.
        conn.execute("SELECT set_config('alliances.cause_codes_written', 'on', true)")
        towns, by_id = _towns(conn)
        cause_ids = dict(conn.execute("SELECT code, id FROM organisations_cause").fetchall())
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM organisations_organisation")
        first = first.fetchone()[0]
        rng = random.Random(seed)
        public, updates = _public_profiles(conn, rng, by_id, cause_ids)
        conn.execute("CREATE TEMP TABLE bench_public (id bigint, mission text, codes text[])")
        with conn.cursor().copy("COPY bench_public FROM STDIN") as copy:
            for row in updates:
                copy.write_row(row)
        conn.execute(
            "UPDATE organisations_organisation o SET mission = b.mission, cause_codes = b.codes "
            "FROM bench_public b WHERE o.id = b.id"
        )
        _write(conn, public)
        step(f"{len(updates):,} public actors given a profile")
        indexes = _drop_secondary_indexes(conn)
        chunks: queue.Queue = queue.Queue(maxsize=3)
        producer = threading.Thread(
            target=_producer, args=(seed + 1, first, count, towns, cause_ids, chunks), daemon=True
        )
        producer.start()
        totals = dict(public.counts)
        while (chunk := chunks.get()) is not None:
            _write(conn, chunk)
            for key, value in chunk.counts.items():
                totals[key] += value
        producer.join()
        step("organisations, resources and causes copied")
        for statement in indexes:
            conn.execute(statement)
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('organisations_organisation', 'id'), "
            "(SELECT max(id) FROM organisations_organisation))"
        )
        step(f"{len(indexes)} indexes rebuilt")
        _track_record(conn, first=first, partnerships=partnerships)
        conn.execute("SET session_replication_role = DEFAULT")
        conn.commit()
        step("members and partnerships")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        organisations = conn.execute("SELECT count(*) FROM organisations_organisation").fetchone()
    step("vacuum and statistics")
    return {
        "organisations": organisations[0],
        "generated": count,
        "public_actors": organisations[0] - count,
        "public_profiles": len(updates),
        "resources": totals["resources"],
        "causes": totals["causes"],
        "partnerships": partnerships,
        "seconds": round(time.perf_counter() - started, 1),
    }
