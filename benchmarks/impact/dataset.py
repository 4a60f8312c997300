"""The dashboards' data at scale, written with SQL into the real tables, and kept between runs.

SCALE=1 means 1 000 partnerships and about 10 million rows: 4.6 million indicator values and
5 million survey responses. Each partnership has a coordinator (its own organisation), two
objectives, one outcome each, four indicators per outcome (quarterly, half counts and half
percentages), a target per quarter, and approved values for the last eight complete
quarters: the total and 71 groups (gender, age band and neighbourhood alone, gender crossed
with each of the others), as a partnership reporting by group would enter them. Four "hub"
organisations (a funder, a foundation...) each take part in a quarter of the partnerships,
with one administrator each: their portfolios are the large ones. Every partnership has an
open survey with its share of the responses, and the first one also holds the "large survey"
of 100 000 × SCALE responses, with an indicator computed from it.

Generating takes a while, so the dataset is kept: a later run at the same SCALE reuses it.
A run at another SCALE recreates the whole benchmark database first.
"""

import json
import time
from datetime import date

import psycopg
from psycopg import sql

from benchmarks.common import recreate_database, say
from benchmarks.impact import questionnaire

# Bump when the shape of the generated data changes: older datasets are then rebuilt.
DATASET_VERSION = 1
PARTNERSHIPS_AT_SCALE_1 = 1000
RESPONSES_AT_SCALE_1 = 5_000_000
LARGE_SURVEY_AT_SCALE_1 = 100_000
HUBS = 4
QUARTERS = 8
PREFIX = "Bench impact partnership"
DISAGGREGATIONS = [
    {"name": "gender", "label": "Gender", "categories": questionnaire.GENDERS},
    {"name": "age", "label": "Age band", "categories": questionnaire.AGE_BANDS},
    {
        "name": "neighbourhood",
        "label": "Neighbourhood",
        "categories": questionnaire.NEIGHBOURHOODS,
    },
]


def _quarters(today: date) -> list[date]:
    """The last QUARTERS complete quarters before today, oldest first."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _ in range(QUARTERS):
        month = start.month - 3
        start = date(start.year - (month < 1), (month - 1) % 12 + 1, 1)
        quarters.append(start)
    return sorted(quarters)


def _groups() -> list[dict]:
    """The total, each dimension's categories alone, and gender crossed with the others."""
    gender, age, place = (d["categories"] for d in DISAGGREGATIONS)
    groups = [{}]
    groups += [{"gender": g} for g in gender]
    groups += [{"age": a} for a in age]
    groups += [{"neighbourhood": n} for n in place]
    groups += [{"gender": g, "neighbourhood": n} for g in gender for n in place]
    groups += [{"age": a, "gender": g} for g in gender for a in age]
    return groups


def _key(groups: dict) -> str:
    return "|".join(f"{name}={groups[name]}" for name in sorted(groups))


MARKER = "bench_impact_dataset"


def _existing(conn) -> dict | None:
    found = conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]
    if not found:
        return None
    row = conn.execute(f"SELECT info FROM {MARKER} ORDER BY created_at DESC LIMIT 1").fetchone()  # noqa: S608
    return row[0] if row else None


def _has_bench_data(conn) -> bool:
    return bool(
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM partnerships_partnership WHERE title LIKE %s)",
            [PREFIX + "%"],
        ).fetchone()[0]
    )


def ensure_dataset(*, url: str, scale: float, seed: int) -> dict:
    with psycopg.connect(url, autocommit=True) as conn:
        info = _existing(conn)
        count = conn.execute(
            "SELECT count(*) FROM partnerships_partnership WHERE title LIKE %s", [PREFIX + "%"]
        ).fetchone()[0]
        stale = _has_bench_data(conn) or info is not None
    if (
        info
        and info.get("version") == DATASET_VERSION
        and info.get("scale") == scale
        and count == info.get("partnerships")
    ):
        say(f"Reusing the dataset of SCALE={scale} ({count} partnerships)")
        return {**info, "reused": True}
    if stale:
        say("The database holds a dataset of another SCALE: recreating the database")
        from django.core.management import call_command
        from django.db import connections

        connections.close_all()
        recreate_database(url)
        call_command("migrate", verbosity=0)
    started = time.perf_counter()
    info = generate(url=url, scale=scale, seed=seed)
    info["seconds"] = round(time.perf_counter() - started, 1)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (created_at timestamptz, info jsonb)")
        conn.execute(f"INSERT INTO {MARKER} VALUES (now(), %s)", [json.dumps(info)])  # noqa: S608
    return {**info, "reused": False}


def generate(*, url: str, scale: float, seed: int) -> dict:
    partnerships = max(20, round(PARTNERSHIPS_AT_SCALE_1 * scale))
    responses = max(10_000, round(RESPONSES_AT_SCALE_1 * scale))
    large = max(5_000, round(LARGE_SURVEY_AT_SCALE_1 * scale))
    quarters = _quarters(date.today())
    groups = _groups()
    say(
        f"Generating {partnerships} partnerships, {partnerships * 8 * QUARTERS * len(groups):,} "
        f"values and {responses:,} responses (kept for later runs at this SCALE)"
    )
    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute("SELECT setseed(%s)", [((seed % 1000) / 1000.0)])
        superuser = conn.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        if superuser:
            # Bulk load: the rows are consistent by construction, so the foreign-key triggers
            # (millions of deferred checks queued until commit) are skipped.
            conn.execute("SET session_replication_role = replica")
        step = _stepper()
        _organisations_and_partnerships(conn, partnerships)
        step("organisations, partnerships and parties")
        indexes = _drop_secondary_indexes(conn, ["indicators_value", "surveys_response"])
        _frameworks(conn, quarters, groups)
        step("objectives, outcomes, indicators, targets and values")
        large_survey = _surveys_and_responses(conn, responses=responses, large=large)
        step("surveys and responses")
        for statement in indexes:  # built once from sorted data: faster than row by row
            conn.execute(statement)
        step("indexes")
        conn.execute("SET session_replication_role = DEFAULT")
        conn.commit()
    hubs = _hub_members()
    link = _survey_indicator(large_survey)
    with psycopg.connect(url, autocommit=True) as conn:
        # As autovacuum would have left them: statistics and the visibility map.
        conn.execute("VACUUM (ANALYZE) indicators_value, surveys_response")
        conn.execute("ANALYZE")
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM indicators_indicator i JOIN partnerships_partnership p "
            "ON p.id = i.partnership_id WHERE p.title LIKE %(p)s), "
            "(SELECT count(*) FROM indicators_value), "
            "(SELECT count(*) FROM surveys_response r JOIN surveys_survey s ON s.id = r.survey_id "
            " JOIN partnerships_partnership p ON p.id = s.partnership_id WHERE p.title LIKE %(p)s)",
            {"p": PREFIX + "%"},
        ).fetchone()
    step("hub members, survey indicator, statistics")
    return {
        "version": DATASET_VERSION,
        "scale": scale,
        "partnerships": partnerships,
        "indicators": counts[0],
        "values": counts[1],
        "responses": counts[2],
        "large_survey_id": large_survey,
        "large_survey_responses": large,
        "survey_indicator_id": link,
        "hubs": hubs,
        "quarters": [q.isoformat() for q in quarters],
    }


def _drop_secondary_indexes(conn, tables: list[str]) -> list[str]:
    """Drop the indexes that back no constraint; return the statements recreating them.
    In the same transaction as the load: if it fails, they come back with the rollback."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [tables],
    ).fetchall()
    for name, _definition in rows:
        conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    return [definition for _name, definition in rows]


def _stepper():
    last = [time.perf_counter()]

    def step(what: str) -> None:
        now = time.perf_counter()
        say(f"  {what}: {now - last[0]:.1f} s")
        last[0] = now

    return step


ORG_COLUMNS = (
    "uuid, created_at, updated_at, name, kind, siren, siret, rna, insee_code, address, "
    "postal_code, commune_code, city, website, email, phone, mission, budget_band, is_public, "
    "logo, company_category, edited_fields, employee_band, imported, is_active, "
    "is_legal_person, is_social_economy, naf_code, registry_hash, source"
)
ORG_VALUES = (
    "gen_random_uuid(), now(), now(), {name}, {kind}, '', '', '', '', '', '86000', '86194', "
    "'Poitiers', '', '', '', '', '', true, '', '', '[]', '', '{{}}', true, true, false, '', '', "
    "'member'"
)


def _organisations_and_partnerships(conn, partnerships: int) -> None:
    coordinators = ORG_VALUES.format(
        name="'Bench impact coordinator ' || lpad(n::text, 6, '0')", kind="'association'"
    )
    hubs = ORG_VALUES.format(name="'Bench impact hub ' || n", kind="'foundation'")
    for values, count in ((coordinators, partnerships), (hubs, HUBS)):
        conn.execute(
            f"INSERT INTO organisations_organisation ({ORG_COLUMNS}) "  # noqa: S608
            f"SELECT {values} FROM generate_series(1, %s) n",
            [count],
        )
    conn.execute(
        "INSERT INTO partnerships_partnership (uuid, created_at, updated_at, title, purpose, "
        "objectives, kind, patronage_forms, stage, currency, decision_rule, closure_reason, "
        "lessons_learned, starts_on, ends_on) "
        "SELECT gen_random_uuid(), now(), now(), %s || ' ' || lpad(n::text, 6, '0'), "
        "'Lien social et réussite éducative dans le quartier.', '', 'patronage', '[]', "
        "'implementation', 'EUR', 'consensus', '', '', current_date - 800, current_date + 365 "
        "FROM generate_series(1, %s) n",
        [PREFIX, partnerships],
    )
    # n ↔ partnership, its coordinator and its hub, used by every later statement.
    conn.execute(
        "CREATE TEMP TABLE bench_p AS SELECT substr(p.title, length(%s) + 2)::int AS n, "
        "p.id AS partnership_id, o.id AS coordinator_id, h.id AS hub_id "
        "FROM partnerships_partnership p "
        "JOIN organisations_organisation o ON o.name = 'Bench impact coordinator ' || "
        "substr(p.title, length(%s) + 2) "
        "JOIN organisations_organisation h ON h.name = 'Bench impact hub ' || "
        "(1 + substr(p.title, length(%s) + 2)::int %% %s) "
        "WHERE p.title LIKE %s",
        [PREFIX, PREFIX, PREFIX, HUBS, PREFIX + " %"],
    )
    party = (
        "INSERT INTO partnerships_party (uuid, created_at, updated_at, roles, status, "
        "invited_email, invited_name, message, token, leave_reason, partnership_id, "
        "organisation_id) SELECT gen_random_uuid(), now(), now(), %s, 'active', '', '', '', "
        "'', '', partnership_id, {org} FROM bench_p"
    )
    conn.execute(party.format(org="coordinator_id"), ['["coordinator"]'])
    conn.execute(party.format(org="hub_id"), ['["funder"]'])
    conn.execute(
        "ALTER TABLE bench_p ADD COLUMN party_id bigint; "
        "UPDATE bench_p b SET party_id = y.id FROM partnerships_party y "
        "WHERE y.partnership_id = b.partnership_id AND y.organisation_id = b.coordinator_id"
    )


def _frameworks(conn, quarters: list[date], groups: list[dict]) -> None:
    conn.execute(
        "INSERT INTO indicators_objective (uuid, created_at, updated_at, title, description, "
        "position, partnership_id) SELECT gen_random_uuid(), now(), now(), t.title, '', t.pos, "
        "b.partnership_id FROM bench_p b CROSS JOIN (VALUES ('Réussite éducative', 0), "
        "('Lien social', 1)) t(title, pos)"
    )
    conn.execute(
        "INSERT INTO indicators_outcome (uuid, created_at, updated_at, title, description, "
        "position, objective_id, partnership_id) SELECT gen_random_uuid(), now(), now(), "
        "'Résultat: ' || o.title, '', 0, o.id, o.partnership_id FROM indicators_objective o "
        "JOIN bench_p b ON b.partnership_id = o.partnership_id"
    )
    disaggregations = json.dumps(DISAGGREGATIONS)
    conn.execute(
        "INSERT INTO indicators_indicator (uuid, created_at, updated_at, title, definition, "
        "type, unit, baseline_value, baseline_date, direction, accumulation, frequency, "
        "reporting_start, disaggregations, data_source, sdg_indicators, source, template_key, "
        "position, partnership_id, responsible_party_id, outcome_id) "
        "SELECT gen_random_uuid(), now(), now(), "
        "CASE WHEN k % 2 = 0 THEN 'Jeunes accompagnés ' || k ELSE 'Part de réussite ' || k END, "
        "'', CASE WHEN k % 2 = 0 THEN 'quantitative' ELSE 'percentage' END, "
        "CASE WHEN k % 2 = 0 THEN 'jeunes' ELSE '%%' END, 10, %s, 'higher', "
        "CASE WHEN k % 4 = 0 THEN 'cumulative' ELSE 'per_period' END, 'quarterly', %s, %s, "
        "'', '[\"4.1.1\"]', 'manual', '', k, o.partnership_id, b.party_id, o.id "
        "FROM indicators_outcome o JOIN bench_p b ON b.partnership_id = o.partnership_id "
        "CROSS JOIN generate_series(0, 3) k".replace("k % ", "k %% "),
        [quarters[0], quarters[0], disaggregations],
    )
    conn.execute(
        "CREATE TEMP TABLE bench_q AS SELECT q::date AS start, row_number() OVER (ORDER BY q) "
        "AS idx FROM unnest(%s::date[]) q",
        [quarters],
    )
    conn.execute(
        "CREATE TEMP TABLE bench_g (disaggregation jsonb, key text, pos int); "
        "CREATE TEMP TABLE bench_i AS SELECT i.id, i.partnership_id, b.party_id, "
        "i.type = 'percentage' AS pct FROM indicators_indicator i "
        "JOIN bench_p b ON b.partnership_id = i.partnership_id"
    )
    with conn.cursor().copy("COPY bench_g (disaggregation, key, pos) FROM STDIN") as copy:
        for pos, group in enumerate(groups):
            copy.write_row((json.dumps(group), _key(group), pos))
    conn.execute(
        "INSERT INTO indicators_target (period_start, value, indicator_id) "
        "SELECT q.start, CASE WHEN i.pct THEN 60 + q.idx * 2 ELSE 40 + q.idx * 10 END, i.id "
        "FROM bench_i i CROSS JOIN bench_q q"
    )
    # Entered quarter after quarter, as partnerships report: one quarter's rows together.
    conn.execute(
        "INSERT INTO indicators_value (uuid, created_at, updated_at, period_start, "
        "disaggregation, disaggregation_key, value, comment, evidence, status, source, "
        "suppressed, return_message, indicator_id, partnership_id, party_id, submitted_at, "
        "reviewed_at) "
        "SELECT gen_random_uuid(), now(), now(), q.start, g.disaggregation, g.key, "
        "round((CASE WHEN i.pct THEN 40 + random() * 60 "
        "ELSE (CASE WHEN g.pos = 0 THEN 30 + q.idx * 10 ELSE 2 END) * (0.7 + random() * 0.6) "
        "END)::numeric, 2), '', '', 'approved', 'entry', false, '', i.id, i.partnership_id, "
        "i.party_id, q.start + 100, q.start + 110 "
        "FROM bench_q q CROSS JOIN bench_i i CROSS JOIN bench_g g ORDER BY q.idx, i.id, g.pos"
    )


ANSWERS_SQL = """
jsonb_strip_nulls(jsonb_build_object(
  'belonging', a.b,
  'safety', CASE WHEN random() < 0.9 THEN 1 + floor(random() * 5)::int END,
  'recommend', floor(random() * 11)::int,
  'neighbourhood', 'quartier-' || lpad((1 + floor(random() * 12))::int::text, 2, '0'),
  'gender', CASE WHEN random() < 0.85
    THEN (ARRAY['female', 'male', 'other'])[1 + floor(random() * 3)::int] END,
  'activities', CASE WHEN random() < 0.8 THEN jsonb_build_array(
    (ARRAY['sport', 'culture', 'homework', 'garden', 'repair', 'cooking'])[a.k],
    (ARRAY['culture', 'homework', 'garden', 'repair', 'cooking', 'music'])[a.k]) END,
  'age', CASE WHEN random() < 0.9 THEN 12 + floor(random() * 84)::int END,
  'comment', CASE WHEN a.b <= 2 AND random() < 0.6 THEN 'Un local pour les jeunes le soir.' END
))"""
# Statement built from the constants above only (hence the noqa).
RESPONSES_SQL = (
    "INSERT INTO surveys_response (uuid, submission_id, content_hash, answers, language, "  # noqa: S608
    "survey_version, channel, collected_on, received_at, survey_id) "
    "SELECT gen_random_uuid(), gen_random_uuid(), md5(a.n::text) || md5(a.s::text), "
    + ANSWERS_SQL
    + ", 'fr', 1, CASE WHEN a.n % 5 = 0 THEN 'offline' ELSE 'web' END, a.d, "
    "a.d + time '12:00', a.s FROM (SELECT n, {survey} AS s, 1 + floor(random() * 5)::int AS b, "
    "1 + floor(random() * 6)::int AS k, current_date - 1 - floor(random() * 729)::int AS d "
    "FROM generate_series(1, %s) n {join}) a"
).replace("a.n % 5", "a.n %% 5")


def _surveys_and_responses(conn, *, responses: int, large: int) -> int:
    definition = json.dumps(questionnaire.DEFINITION)
    survey = (
        "INSERT INTO surveys_survey (uuid, created_at, updated_at, title, description, "
        "consent_text, definition, version, status, origin, source_filename, public_token, "
        "partnership_id) SELECT gen_random_uuid(), now(), now(), %s, '', '', %s, 1, 'open', "
        "'builder', '', {token}, partnership_id FROM bench_p {where}"
    )
    conn.execute(
        survey.format(token="'bench-' || n", where=""),
        ["Vivre dans le quartier", definition],
    )
    large_id = conn.execute(
        survey.format(token="'bench-large'", where="WHERE n = 1") + " RETURNING id",
        ["Grande enquête", definition],
    ).fetchone()[0]
    conn.execute(RESPONSES_SQL.format(survey=str(large_id), join=""), [large])
    conn.execute(
        "CREATE TEMP TABLE bench_s AS SELECT row_number() OVER (ORDER BY s.id) - 1 AS slot, "
        "s.id FROM surveys_survey s WHERE s.public_token LIKE 'bench-%%' "
        "AND s.public_token <> 'bench-large'"
    )
    slots = conn.execute("SELECT count(*) FROM bench_s").fetchone()[0]
    # Interleaved: responses arrive from every survey at once.
    conn.execute(
        RESPONSES_SQL.format(
            survey="bench_s.id", join=f"JOIN bench_s ON bench_s.slot = n %% {slots}"
        ),
        [responses - large],
    )
    return large_id


def _hub_members() -> list[dict]:
    """One administrator per hub organisation: the person who reads its portfolio."""
    from alliances.accounts.models import User
    from alliances.core.permissions import Role
    from alliances.organisations.models import Membership, Organisation

    hubs = []
    for organisation in Organisation.objects.filter(name__startswith="Bench impact hub "):
        number = organisation.name.rsplit(" ", 1)[1]
        user = User.objects.create(email=f"bench-impact-hub-{number}@example.org")
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
        hubs.append({"organisation_id": organisation.pk, "user_id": user.pk})
    return hubs


def _survey_indicator(large_survey_id: int) -> int | None:
    """An indicator computed from the large survey: agreement (4 or 5) with "I feel at home",
    by neighbourhood and gender."""
    from alliances.indicators.models import Indicator, IndicatorSource, IndicatorType
    from alliances.surveys.models import Method, Survey, SurveyIndicator

    survey = Survey.objects.get(pk=large_survey_id)
    reference = Indicator.objects.filter(partnership=survey.partnership).first()
    indicator = Indicator.objects.create(
        partnership=survey.partnership,
        outcome=reference.outcome,
        title="Habitants qui se sentent chez eux",
        type=IndicatorType.PERCENTAGE,
        unit="%",
        frequency="quarterly",
        disaggregations=[DISAGGREGATIONS[0], DISAGGREGATIONS[2]],
        source=IndicatorSource.SURVEY,
        responsible_party=reference.responsible_party,
        position=99,
    )
    link = SurveyIndicator.objects.create(
        indicator=indicator,
        survey=survey,
        question="belonging",
        method=Method.SHARE,
        choices=["4", "5"],
        disaggregate_by={"gender": "gender", "neighbourhood": "neighbourhood"},
    )
    return link.pk
