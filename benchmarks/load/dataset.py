"""The data the load test runs on: every territory, the national directory at SCALE and the
demo (partnerships, dashboards, surveys, accounts). Kept between runs: a later run at the same
SCALE reuses it; another SCALE (or --fresh) recreates the benchmark database."""

import io
import json
import shutil
import sys
import time

import psycopg

from benchmarks.common import OUTPUT_DIR, recreate_database, say

# Bump when what is built here changes: older datasets are then rebuilt.
DATASET_VERSION = 1
MARKER = "bench_load_dataset"


def _existing(url: str) -> dict | None:
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        return None  # no database yet
    with conn:
        if not conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]:
            return None
        row = conn.execute(f"SELECT info FROM {MARKER} ORDER BY created_at DESC LIMIT 1").fetchone()  # noqa: S608
    return row[0] if row else None


def _remember(url: str, info: dict) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} "
            "(created_at timestamptz NOT NULL DEFAULT now(), info jsonb NOT NULL)"
        )
        conn.execute(f"INSERT INTO {MARKER} (info) VALUES (%s)", [json.dumps(info)])  # noqa: S608


def ensure_dataset(*, url: str, scale: float, seed: int, fresh: bool) -> dict:
    """Build the dataset (or reuse the one of the same SCALE); Django must not be set up yet."""
    from benchmarks.common import setup_django

    info = None if fresh else _existing(url)
    if info and info.get("version") == DATASET_VERSION and info.get("scale") == scale:
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        say(f"Reusing the dataset of SCALE={scale} (built in {info['seconds']:.0f} s)")
        return {**info, "reused": True}
    recreate_database(url)
    setup_django(url)
    info = build(url=url, scale=scale, seed=seed)
    _remember(url, info)
    return {**info, "reused": False}


def build(*, url: str, scale: float, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from alliances.territories.services import territories_import

    steps: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    steps["migrate"] = time.perf_counter() - started
    say(f"Migrated in {steps['migrate']:.1f} s")

    mark = time.perf_counter()
    territories_import(progress_stream=sys.stderr)
    steps["territories"] = time.perf_counter() - mark
    say(f"Territories imported in {steps['territories']:.1f} s")

    mark = time.perf_counter()
    imported = import_directory(scale=scale, seed=seed)
    steps["directory"] = time.perf_counter() - mark
    say(f"National directory at SCALE={scale} built in {steps['directory']:.1f} s")
    _free_demo_identifiers()

    mark = time.perf_counter()
    # It prints the demo accounts and their password: not wanted among the figures.
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    steps["demo"] = time.perf_counter() - mark
    say(f"Demo loaded in {steps['demo']:.1f} s")

    mark = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM organisations_organisation")
        organisations = cursor.fetchone()[0]
    steps["analyze"] = time.perf_counter() - mark
    return {
        "version": DATASET_VERSION,
        "scale": scale,
        "seed": seed,
        "organisations": organisations,
        "imported": imported,
        "steps_seconds": {name: round(value, 1) for name, value in steps.items()},
        "seconds": round(time.perf_counter() - started, 1),
    }


def import_directory(*, scale: float, seed: int) -> dict[str, int]:
    """The directory benchmark's synthetic registers at SCALE, through the real importers
    (without its COPY floors and second import, which measure imports, not pages)."""
    from alliances.territories.registers.generate.rna import rna_generate
    from alliances.territories.registers.generate.sirene import sirene_generate
    from alliances.territories.registers.rna import rna_import
    from alliances.territories.registers.sirene import sirene_import
    from benchmarks.directory import ASSOCIATIONS_AT_SCALE_1, COMPANIES_AT_SCALE_1

    data_dir = OUTPUT_DIR / "load-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    rna_path = data_dir / "rna_waldec.csv"
    units_path = data_dir / "StockUniteLegale.csv"
    establishments_path = data_dir / "StockEtablissement.csv"
    rna_generate(
        out=rna_path,
        rows=max(1000, round(ASSOCIATIONS_AT_SCALE_1 * scale)),
        layout="waldec",
        encoding="utf-8",
        seed=seed,
    )
    sirene_generate(
        out=units_path,
        rows=max(1000, round(COMPANIES_AT_SCALE_1 * scale)),
        etablissements=establishments_path,
        seed=seed,
    )
    rejects = data_dir / "rejects"
    associations = rna_import(path=rna_path, rejects=rejects / "rna.csv", stream=sys.stderr)
    units, establishments = sirene_import(
        path=units_path,
        etablissements=establishments_path,
        rejects=rejects / "units.csv",
        etablissements_rejects=rejects / "establishments.csv",
        stream=sys.stderr,
    )
    shutil.rmtree(data_dir, ignore_errors=True)  # gigabytes at SCALE=1, not needed again
    return {
        "associations": associations.inserted,
        "companies": units.inserted,
        "establishments": establishments.inserted,
    }


def _free_demo_identifiers() -> None:
    """Synthetic registers may hold the demo's made-up RNA and SIREN numbers: the demo's
    organisations must be created with them, so the synthetic rows give them up."""
    from stdnum import luhn

    from alliances.demo import data
    from alliances.organisations.models import Organisation

    rna = [spec["rna"] for spec in data.ORGANISATIONS if spec.get("rna")]
    siren = [
        spec["siren_seed"] + luhn.calc_check_digit(spec["siren_seed"])
        for spec in data.ORGANISATIONS
        if spec.get("siren_seed")
    ]
    Organisation.objects.filter(rna__in=rna).update(rna="")
    Organisation.objects.filter(siren__in=siren).update(siren="", siret="")
