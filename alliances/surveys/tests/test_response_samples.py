"""A small survey shared by the collection and responses tests (no test here)."""

from alliances.surveys.models import Survey, SurveyStatus


def _label(en: str, fr: str = "") -> dict:
    return {"en": en, "fr": fr or en}


DEFINITION = {
    "languages": ["en", "fr"],
    "items": [
        {
            "name": "age",
            "type": "integer",
            "label": _label("Your age", "Votre âge"),
            "required": True,
            "constraint": ". >= 0 and . <= 120",
            "constraint_message": _label("Give an age between 0 and 120."),
        },
        {
            "name": "neighbourhood",
            "type": "select_one",
            "label": _label("Your neighbourhood", "Votre quartier"),
            "choices": [
                {"name": "couronneries", "label": _label("Couronneries")},
                {"name": "trois_cites", "label": _label("Trois-Cités")},
            ],
        },
        {"name": "belonging", "type": "agreement", "label": _label("I feel at home here")},
        {
            "name": "likes",
            "type": "select_multiple",
            "label": _label("What do you like?"),
            "choices": [
                {"name": "parks", "label": _label("Parks")},
                {"name": "shops", "label": _label("Shops")},
            ],
        },
        {
            "name": "trust",
            "type": "matrix",
            "label": _label("Do you trust…"),
            "statements": [
                {"name": "neighbours", "label": _label("your neighbours")},
                {"name": "school", "label": _label("the school")},
            ],
        },
        {"name": "comment", "type": "textarea", "label": _label("Anything else?")},
        {
            "name": "children",
            "type": "repeat",
            "label": _label("Children"),
            "items": [{"name": "child_age", "type": "integer", "label": _label("Child's age")}],
        },
    ],
}


def make_survey(partnership, **fields) -> Survey:
    fields.setdefault("title", "Vivre ensemble")
    fields.setdefault("status", SurveyStatus.OPEN)
    fields.setdefault("definition", DEFINITION)
    return Survey.objects.create(partnership=partnership, **fields)
