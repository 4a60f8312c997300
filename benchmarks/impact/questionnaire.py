"""The questionnaire every impact benchmark survey uses, and answers a resident could give.

Eight questions of the common kinds (agreement, rating, single and multiple choice, integer,
text), one relevance rule and one constraint, so that the survey engine does its usual work
on every submission. The answers made here are always valid and already in their typed form:
the server must store them exactly as sent, which is what the ingestion check relies on.
"""

import random
from datetime import date, timedelta

NEIGHBOURHOODS = [f"quartier-{n:02d}" for n in range(1, 13)]
GENDERS = ["female", "male", "other"]
ACTIVITIES = ["sport", "culture", "homework", "garden", "repair", "cooking", "music"]
AGE_BANDS = ["12-17", "18-29", "30-49", "50-64", "65+"]


def _label(fr: str, en: str) -> dict:
    return {"fr": fr, "en": en}


def _choices(names: list[str]) -> list[dict]:
    return [{"name": name, "label": _label(name, name)} for name in names]


DEFINITION = {
    "languages": ["fr", "en"],
    "items": [
        {
            "type": "agreement",
            "name": "belonging",
            "label": _label(
                "Je me sens chez moi dans le quartier.", "I feel at home in the neighbourhood."
            ),
            "required": True,
        },
        {
            "type": "agreement",
            "name": "safety",
            "label": _label("Je me sens en sécurité le soir.", "I feel safe in the evening."),
        },
        {
            "type": "rating",
            "name": "recommend",
            "label": _label(
                "Recommanderiez-vous les activités ?", "Would you recommend the activities?"
            ),
            "required": True,
        },
        {
            "type": "select_one",
            "name": "neighbourhood",
            "label": _label("Votre quartier", "Your neighbourhood"),
            "choices": _choices(NEIGHBOURHOODS),
            "required": True,
        },
        {
            "type": "select_one",
            "name": "gender",
            "label": _label("Vous êtes", "You are"),
            "choices": _choices(GENDERS),
        },
        {
            "type": "select_multiple",
            "name": "activities",
            "label": _label("Activités suivies", "Activities you took part in"),
            "choices": _choices(ACTIVITIES),
        },
        {
            "type": "integer",
            "name": "age",
            "label": _label("Votre âge", "Your age"),
            "constraint": ". >= 11 and . <= 110",
            "constraint_message": _label("Entre 11 et 110 ans.", "Between 11 and 110."),
        },
        {
            "type": "text",
            "name": "comment",
            "label": _label(
                "Qu'est-ce qui vous manque ?", "What would make you feel more at home?"
            ),
            "relevant": "${belonging} <= 2",
        },
    ],
}

COMMENTS = [
    "Plus de bancs et d'éclairage.",
    "Un local pour les jeunes le soir.",
    "Des fêtes de quartier.",
    "Moins de voitures devant l'école.",
]
FIRST_DAY = date(2024, 1, 1)
DAYS = 730


def make_answers(rng: random.Random) -> dict:
    """One valid questionnaire, as the public form would post it."""
    belonging = rng.randint(1, 5)
    answers: dict = {
        "belonging": belonging,
        "recommend": rng.randint(0, 10),
        "neighbourhood": rng.choice(NEIGHBOURHOODS),
    }
    if rng.random() < 0.9:
        answers["safety"] = rng.randint(1, 5)
    if rng.random() < 0.85:
        answers["gender"] = rng.choice(GENDERS)
    if rng.random() < 0.8:
        picked = set(rng.sample(ACTIVITIES, rng.randint(1, 3)))
        # In the order of the choices, as the form sends them and the server keeps them.
        answers["activities"] = [name for name in ACTIVITIES if name in picked]
    if rng.random() < 0.9:
        answers["age"] = rng.randint(12, 95)
    if belonging <= 2 and rng.random() < 0.6:
        answers["comment"] = rng.choice(COMMENTS)
    return answers


def altered(answers: dict) -> dict:
    """The same questionnaire with one answer changed (still valid): a conflicting resend."""
    changed = dict(answers)
    changed["recommend"] = (answers["recommend"] + 1) % 11
    return changed


def collected_on(rng: random.Random) -> str:
    return (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
