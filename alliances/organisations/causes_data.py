"""Loads the UN Sustainable Development Goals and targets shipped in data/ into Cause."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _target_position(target_code: str) -> int:
    # "4.1".."4.7" come before "4.a", "4.b", "4.c", as in the UN's own numbering.
    suffix = target_code.split(".", 1)[1]
    return int(suffix) if suffix.isdigit() else 100 + ord(suffix[0]) - ord("a")


def load_causes(cause_model) -> int:
    """Create or update every goal and target. Idempotent; returns how many rows it wrote."""
    written = 0
    goals = {}
    with open(DATA_DIR / "sdg_goals.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            goal, _created = cause_model.objects.update_or_create(
                code=row["id"],
                defaults={
                    "goal": int(row["id"]),
                    "parent": None,
                    "position": 0,
                    "short_fr": row["short_fr"],
                    "short_en": row["short_en"],
                    "title_fr": row["title_fr"],
                    "title_en": row["title_en"],
                },
            )
            goals[goal.goal] = goal
            written += 1
    with open(DATA_DIR / "sdg_targets.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cause_model.objects.update_or_create(
                code=row["id"],
                defaults={
                    "goal": int(row["goal"]),
                    "parent": goals[int(row["goal"])],
                    "position": _target_position(row["id"]),
                    "title_fr": row["title_fr"],
                    "title_en": row["title_en"],
                },
            )
            written += 1
    return written
