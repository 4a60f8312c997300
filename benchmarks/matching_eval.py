"""Partner suggestions, offline: precision and recall on a planted directory, no database.

    make eval-matching
    .venv/bin/python -m benchmarks.matching_eval --weights complementarity=40,text=20

About 20 000 organisations on the communes of eight départements, 100 needs, and for each need
about ten right partners that offer what is needed, work on its causes, are near, and say the
same thing as the need in other words, among near-duplicates, dissolved look-alikes, far-away
twins, decoys and background organisations (`benchmarks/matching_data.py`). Every need is
ranked by the site's own code (`CandidateIndex.top`, with a `TextModel` fitted on the
directory's missions). Printed: precision@10 and recall@50 against their targets, the noise
that got through, and an ablation table (each part's weight set to 0 in turn, and the text part
alone); a small grid of weights when the chosen ones miss a target (or with --grid). Written
to var/bench/matching-eval.json. This is a report: the exit code is 0 whatever the figures.
How to read it: docs/benchmarks-matching.md.
"""

import argparse
import io
import itertools
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import fields, replace

from alliances.matching.ranking import DEFAULT_WEIGHTS, PART_KEYS, Weights, rank
from benchmarks.common import say, write_result
from benchmarks.matching_data import PlantedDirectory, french_towns, planted_directory

TARGETS = {"precision_at_10": 0.6, "recall_at_50": 0.8}
TOP = 50
# A small grid around the defaults (64 passes over the needs, two minutes or so).
GRID = {
    "complementarity": (30, 40),
    "causes": (20, 30),
    "proximity": (20, 30),
    "sectors": (0, 10),
    "text": (10, 20),
    "track_record": (0, 10),
}


# Metrics ------------------------------------------------------------------------------------


def precision_at(ranked: Sequence[int], relevant: set[int] | frozenset[int], k: int) -> float:
    """Share of the first k places held by relevant candidates (an empty place counts as a
    miss: a short list is not more precise)."""
    return sum(1 for cid in ranked[:k] if cid in relevant) / k


def recall_at(ranked: Sequence[int], relevant: set[int] | frozenset[int], k: int) -> float:
    """Share of the relevant candidates found in the first k places (1 when none exist)."""
    if not relevant:
        return 1.0
    return sum(1 for cid in ranked[:k] if cid in relevant) / len(relevant)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def parse_weights(text: str | None, base: Weights = DEFAULT_WEIGHTS) -> Weights:
    """ "complementarity=30,causes=20" over `base`; unknown names and bad numbers are errors."""
    if not text:
        return base
    values = base.as_dict()
    for item in text.split(","):
        name, _, number = item.partition("=")
        name = name.strip()
        if name not in values:
            raise ValueError(f"unknown part {name!r}: expected one of {', '.join(values)}")
        try:
            values[name] = float(number)
        except ValueError:
            raise ValueError(f"{name}: {number!r} is not a number") from None
    return Weights(**values)


def weights_label(weights: Weights) -> str:
    return "/".join(f"{value:g}" for value in weights.as_dict().values())


# Evaluation ---------------------------------------------------------------------------------


def evaluate(
    directory: PlantedDirectory, top: Callable, weights: Weights, *, with_terms: list
) -> dict:
    """Precision@10, recall@50 and the noise that got through, for one set of weights.
    `top(need, weights, k)` returns the ranked candidate ids; `with_terms` the needs with
    their text vectors, aligned with `directory.needs`."""
    precision, recall = [], []
    inactive = far = decoys = duplicates_found = 0
    for planted, need in zip(directory.needs, with_terms, strict=True):
        ranked = top(need, weights, TOP)
        precision.append(precision_at(ranked, planted.relevant, 10))
        recall.append(recall_at(ranked, planted.relevant, TOP))
        inactive += sum(1 for cid in ranked if cid in planted.inactive)
        far += sum(1 for cid in ranked[:10] if cid in planted.far)
        decoys += sum(1 for cid in ranked[:10] if cid in planted.decoys)
        duplicates_found += sum(
            1 for cid in ranked if cid in planted.relevant and cid not in planted.planted
        )
    return {
        "weights": weights.as_dict(),
        "precision_at_10": round(mean(precision), 4),
        "recall_at_50": round(mean(recall), 4),
        "inactive_in_top_50": inactive,
        "far_twins_in_top_10": far,
        "decoys_in_top_10": decoys,
        "other_relevant_in_top_50": duplicates_found,
    }


def agreement(index, needs: list, weights: Weights, *, count: int = 3) -> dict:
    """Whether the index ranks as the pure `ranking.rank` over every candidate (same ids, same
    order) on the first `count` needs: the figures hold for both."""
    candidates = [index.candidate(int(cid)) for cid in index.ids]
    same = 0
    for need in needs[:count]:
        expected = [scored.candidate.id for scored in rank(need, candidates, weights, limit=TOP)]
        same += expected == [scored.candidate.id for scored in index.top(need, weights, k=TOP)]
    return {"needs": min(count, len(needs)), "same": same}


def meets(figures: dict) -> bool:
    return all(figures[key] >= target for key, target in TARGETS.items())


def ablation(directory, top, weights: Weights, needs: list) -> list[dict]:
    rows = []
    for key in PART_KEYS:
        zeroed = replace(weights, **{key: 0.0})
        rows.append(
            {"variant": f"without {key}", **evaluate(directory, top, zeroed, with_terms=needs)}
        )
    alone = Weights(**{f.name: (1.0 if f.name == "text" else 0.0) for f in fields(Weights)})
    rows.append({"variant": "text alone", **evaluate(directory, top, alone, with_terms=needs)})
    return rows


def grid(directory, top, weights: Weights, needs: list) -> list[dict]:
    """Every combination of GRID (the other parts at `weights`), best first."""
    rows = []
    keys = list(GRID)
    for values in itertools.product(*(GRID[key] for key in keys)):
        trial = replace(weights, **dict(zip(keys, map(float, values), strict=True)))
        rows.append(evaluate(directory, top, trial, with_terms=needs))
    rows.sort(key=lambda row: (-meets(row), -(row["precision_at_10"] + row["recall_at_50"])))
    return rows


def setup_django() -> None:
    """The text analyser imports the directory search's word lists, hence Django's models:
    settings, but no database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliances.settings")
    os.environ.setdefault("SECRET_KEY", "evaluation-only-not-secret")
    import django

    django.setup()


def build(*, seed: int, size: int, needs: int):
    """The planted directory, its text model and index, and the needs with their terms."""
    setup_django()
    from alliances.matching.index import CandidateIndex
    from alliances.matching.text import TextModel

    timings = {}
    started = time.perf_counter()
    directory = planted_directory(french_towns(), size=size, needs=needs, seed=seed)
    timings["generate"] = time.perf_counter() - started
    started = time.perf_counter()
    texts = directory.texts
    model = TextModel.fit(texts)
    index = CandidateIndex.build(directory.candidates, text_model=model, texts=texts)
    with_terms = [replace(item.need, terms=model.terms(item.text)) for item in directory.needs]
    timings["fit_and_index"] = time.perf_counter() - started

    def top(need, weights, k):
        return [scored.candidate.id for scored in index.top(need, weights, k=k)]

    return directory, model, index, with_terms, top, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", help="e.g. complementarity=30,causes=20 (others: default)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--size", type=int, default=20_000, help="organisations")
    parser.add_argument("--needs", type=int, default=100)
    parser.add_argument("--grid", action="store_true", help="try the grid even if targets met")
    args = parser.parse_args(argv)
    try:
        weights = parse_weights(args.weights)
    except ValueError as exc:
        parser.error(str(exc))
    started = time.perf_counter()
    directory, model, index, needs, top, timings = build(
        seed=args.seed, size=args.size, needs=args.needs
    )
    started_ranking = time.perf_counter()
    chosen = evaluate(directory, top, weights, with_terms=needs)
    timings["rank_one_pass"] = time.perf_counter() - started_ranking
    checked = agreement(index, needs, weights)
    rows = ablation(directory, top, weights, needs)
    tried = []
    if args.grid or not meets(chosen):
        tried = grid(directory, top, weights, needs)
    timings["total"] = time.perf_counter() - started
    figures = {
        "seed": args.seed,
        "counts": directory.counts,
        "vocabulary": model.vocabulary_size,
        "targets": TARGETS,
        "chosen": {**chosen, "meets_targets": meets(chosen)},
        "index_same_as_rank": checked,
        "default_weights": DEFAULT_WEIGHTS.as_dict(),
        "ablation": rows,
        "grid": {
            "tried": len(tried),
            "meeting_targets": sum(1 for row in tried if meets(row)),
            "rows": tried,
        },
        "seconds": {key: round(value, 2) for key, value in timings.items()},
    }
    path = write_result("matching-eval", figures)
    say(report(figures))
    say(f"Written to {path}")
    return 0


def report(figures: dict) -> str:
    out = io.StringIO()
    w = out.write
    counts = figures["counts"]
    chosen = figures["chosen"]
    targets = figures["targets"]
    w(f"\n== Partner suggestions: offline evaluation (planted set, seed {figures['seed']})\n")
    w(
        f"Directory: {counts['organisations']:,} organisations, {counts['needs']} needs, "
        f"{counts['right']:,} right partners planted, text model of "
        f"{figures['vocabulary']:,} terms\n"
    )
    w(f"Weights {weights_label(Weights(**chosen['weights']))} ({'/'.join(PART_KEYS)})\n")
    for key, label in (("precision_at_10", "precision@10"), ("recall_at_50", "recall@50")):
        verdict = "met" if chosen[key] >= targets[key] else "MISSED"
        w(f"  {label:<13} {chosen[key]:.3f}   target {targets[key]:.2f}: {verdict}\n")
    w(f"Noise (counted over the {counts['needs']} needs):\n")
    other = chosen["other_relevant_in_top_50"]
    w(
        f"  near-duplicates registered twice (relevant, both copies): {counts['duplicate']:,}; "
        f"relevant beyond the planted ones found in a top 50: {other}\n"
    )
    w(f"  right partners of one need that fit another (relevant): {counts['right_by_chance']}\n")
    w(
        f"  dissolved look-alikes: {counts['inactive']:,}; in any top 50: "
        f"{chosen['inactive_in_top_50']} (must be 0)\n"
    )
    w(f"  far-away twins (400 km+): {counts['far']:,}; in a top 10: ")
    w(f"{chosen['far_twins_in_top_10']}\n")
    w(f"  decoys (the need's words, nothing needed): {counts['decoy']:,}; in a top 10: "
      f"{chosen['decoys_in_top_10']}\n")  # fmt: skip
    w(f"  background organisations: {counts['background']:,}\n")
    checked = figures["index_same_as_rank"]
    w(
        f"CandidateIndex.top gives the same top {TOP} as ranking.rank over every candidate for "
        f"{checked['same']} of {checked['needs']} needs checked\n"
    )
    w("Ablation:\n")
    w(f"  {'variant':<28} {'P@10':>6} {'R@50':>6} {'far@10':>7} {'decoys@10':>10}\n")
    for row in [{"variant": "chosen weights", **chosen}, *figures["ablation"]]:
        w(
            f"  {row['variant']:<28} {row['precision_at_10']:>6.3f} {row['recall_at_50']:>6.3f} "
            f"{row['far_twins_in_top_10']:>7} {row['decoys_in_top_10']:>10}\n"
        )
    grid_ = figures["grid"]
    if grid_["tried"]:
        w(
            f"Grid ({' x '.join(f'{k} {GRID[k]}' for k in GRID)}): {grid_['tried']} tried, "
            f"{grid_['meeting_targets']} meet both targets; best:\n"
        )
        for row in grid_["rows"][:5]:
            w(
                f"  {weights_label(Weights(**row['weights'])):<28} {row['precision_at_10']:>6.3f} "
                f"{row['recall_at_50']:>6.3f}\n"
            )
    seconds = figures["seconds"]
    w(
        f"Time: generate {seconds['generate']} s, fit and index {seconds['fit_and_index']} s, "
        f"one pass over the needs {seconds['rank_one_pass']} s, total {seconds['total']} s\n"
    )
    return out.getvalue()


if __name__ == "__main__":
    sys.exit(main())
