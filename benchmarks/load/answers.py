"""A resident's answers to an open survey, as its public form posts them (no Django here: the
load generator imports this module too).

Questions shown only under a condition (`relevant`) are left out, as are kinds that need more
than a choice or a number; every required question is answered, so the server stores the
questionnaire (200) rather than showing the form again with errors (400).
"""

import random
import uuid

TEXTS = (
    "Plus de bancs près de l'arrêt de bus.",
    "Des activités pour les ados le samedi.",
    "Un atelier de réparation de vélos.",
)


class UnanswerableSurvey(Exception):
    """A required question of a kind this generator does not know how to answer."""


def _value(item: dict, rng: random.Random) -> str | list[str] | None:
    kind = item.get("type", "")
    choices = [choice["name"] for choice in item.get("choices", [])]
    if kind == "select_one" and choices:
        return rng.choice(choices)
    if kind == "select_multiple" and choices:
        return rng.sample(choices, min(len(choices), rng.randint(1, 2)))
    if kind == "agreement":
        return str(rng.randint(1, 5))
    if kind == "rating":
        return str(rng.randint(0, 10))
    if kind in ("text", "textarea"):
        return rng.choice(TEXTS)
    return None


def form_fields(survey: dict, rng: random.Random) -> list[tuple[str, str]]:
    """The posted fields of one questionnaire: answers, consent and a new submission id."""
    fields: list[tuple[str, str]] = []
    for item in survey["items"]:
        required = bool(item.get("required"))
        if item.get("relevant") and not required:
            continue
        if not required and rng.random() < 0.2:
            continue
        value = _value(item, rng)
        if value is None:
            if required:
                raise UnanswerableSurvey(f"{item.get('name')} ({item.get('type')})")
            continue
        values = value if isinstance(value, list) else [value]
        fields += [(item["name"], one) for one in values]
    if survey["consent"]:
        fields.append(("consent", "yes"))
    # Never drawn from the seeded generator: a second run would resend the first run's
    # identifiers with other answers, which the server rightly refuses (409).
    fields.append(("submission_id", str(uuid.uuid4())))
    return fields
