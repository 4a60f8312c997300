"""The impact data of the social-cohesion demo partnership: its results framework, two years of
quarterly values through the approval workflow (one returned once, then approved), and a
resident survey with a few hundred answers feeding indicators. Figures are made up, drawn with
a fixed seed so that every load gives the same demo."""

import random
import uuid
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from alliances.indicators.grouping import disaggregation_key
from alliances.indicators.models import Accumulation, Frequency, IndicatorType, Outcome
from alliances.indicators.periods import next_period
from alliances.indicators.services import framework as framework_services
from alliances.indicators.services import values as value_services
from alliances.indicators.services.framework import IndicatorData
from alliances.indicators.services.values import Figures
from alliances.partnerships.models import Partnership, Party
from alliances.surveys.models import Method, ResponseChannel, Survey
from alliances.surveys.services import surveys as survey_services
from alliances.surveys.services.responses import response_submit
from alliances.surveys.services.survey_indicators import survey_indicator_create

FIRST_QUARTER = date(2024, 10, 1)
QUARTERS = 8  # October 2024 to September 2026
NEIGHBOURHOODS = ["Trois-Cités", "Couronneries", "Beaulieu"]


def _quarters() -> list[date]:
    starts, current = [], FIRST_QUARTER
    for _index in range(QUARTERS):
        starts.append(current)
        current = next_period(current, Frequency.QUARTERLY)
    return starts


def _party_of(partnership: Partnership, organisation_name: str) -> Party:
    return partnership.parties.get(organisation__name=organisation_name)


def _keys(indicator) -> list[tuple[str, str]]:
    """(key, category) of each category of the indicator's first dimension."""
    dimension = indicator.disaggregations[0]
    return [
        (disaggregation_key({dimension["name"]: category}), category)
        for category in dimension["categories"]
    ]


def framework(partnership: Partnership, users: dict) -> dict[str, Outcome]:
    lea, karim, sophie = users["lea"], users["karim"], users["sophie"]
    take_part = framework_services.objective_create(
        partnership=partnership,
        actor=lea,
        title="Plus d'habitants participent à la vie du quartier",
        description="Fêtes de quartier, cafés des parents et chantiers participatifs.",
    )
    attend = framework_services.outcome_create(
        objective=take_part,
        actor=lea,
        title="Les activités collectives attirent des habitants de tous les quartiers",
    )
    belong = framework_services.objective_create(
        partnership=partnership,
        actor=lea,
        title="Les habitants se sentent chez eux et se font confiance",
    )
    feel = framework_services.outcome_create(
        objective=belong,
        actor=lea,
        title="Le sentiment d'appartenance, la confiance et la sécurité progressent",
        description="Mesuré chaque trimestre par l'enquête habitants.",
    )
    quarters = _quarters()
    lead = _party_of(partnership, "Maison de quartier des Trois-Cités")
    town = _party_of(partnership, "Ville de Poitiers")
    participants = framework_services.indicator_create(
        outcome=attend,
        actor=lea,
        data=IndicatorData(
            title="Habitants ayant participé à une activité collective",
            definition="Personnes différentes venues au moins une fois dans le trimestre "
            "(feuilles d'émargement).",
            type=IndicatorType.QUANTITATIVE,
            unit="habitants",
            baseline_value=Decimal("180"),
            baseline_date=date(2024, 9, 30),
            accumulation=Accumulation.PER_PERIOD,
            frequency=Frequency.QUARTERLY,
            reporting_start=FIRST_QUARTER,
            disaggregations=[{"name": "", "label": "Quartier", "categories": list(NEIGHBOURHOODS)}],
            data_source="Feuilles d'émargement des activités",
            responsible_party=lead,
            sdg_indicators=["11.7.1", "16.7.2"],
            targets={start: Decimal(200 + 15 * index) for index, start in enumerate(quarters)},
        ),
    )
    workshops = framework_services.indicator_create(
        outcome=attend,
        actor=lea,
        data=IndicatorData(
            title="Chantiers participatifs menés avec les habitants",
            definition="Chantiers d'embellissement ou de jardinage encadrés par la Ville.",
            type=IndicatorType.QUANTITATIVE,
            unit="chantiers",
            baseline_value=Decimal("0"),
            baseline_date=date(2024, 9, 30),
            accumulation=Accumulation.CUMULATIVE,
            frequency=Frequency.QUARTERLY,
            reporting_start=FIRST_QUARTER,
            data_source="Comptes rendus de la Ville",
            responsible_party=town,
            sdg_indicators=["11.3.2"],
            targets={start: Decimal(3) for start in quarters},
        ),
    )
    _participant_values(participants, quarters, karim=karim, lea=lea)
    _workshop_values(workshops, quarters, sophie=sophie, lea=lea)
    return {"attend": attend, "feel": feel}


def _participant_values(indicator, quarters, *, karim, lea) -> None:
    draw = random.Random(1901)
    shares = {"Trois-Cités": 0.5, "Couronneries": 0.3, "Beaulieu": 0.2}
    for index, start in enumerate(quarters):
        # Summer quarters are quieter; the programme grows, then passes its targets.
        total = 170 + 14 * index + draw.randint(-10, 10) - (25 if start.month == 7 else 0)
        figures = {"": Decimal(total)}
        remaining = total
        for position, (key, category) in enumerate(_keys(indicator)):
            last = position == len(NEIGHBOURHOODS) - 1
            part = remaining if last else round(total * shares[category])
            figures[key] = Decimal(part)
            remaining -= part
        value_services.values_save(
            indicator=indicator,
            period_start=start,
            actor=karim,
            figures=Figures(values=figures, comment="Feuilles d'émargement du trimestre."),
            submit=True,
        )
        if index < QUARTERS - 1:  # the last quarter waits for the coordinator's review
            value_services.values_review(
                indicator=indicator, period_start=start, actor=lea, approve=True
            )
        if index < 4:
            value_services.period_lock(indicator=indicator, period_start=start, actor=lea)


def _workshop_values(indicator, quarters, *, sophie, lea) -> None:
    counts = [2, 3, 4, 3, 2, 4, 3, 4]
    for index, start in enumerate(quarters):
        count = counts[index]
        if index == 2:
            # Entered with the Town's own staff days counted as workshops: returned once.
            value_services.values_save(
                indicator=indicator,
                period_start=start,
                actor=sophie,
                figures=Figures(values={"": Decimal(7)}),
                submit=True,
            )
            value_services.values_review(
                indicator=indicator,
                period_start=start,
                actor=lea,
                approve=False,
                message="7 chantiers ? Je crois que les journées de préparation des agents "
                "sont comptées : merci de ne garder que les chantiers avec des habitants.",
            )
        value_services.values_save(
            indicator=indicator,
            period_start=start,
            actor=sophie,
            figures=Figures(values={"": Decimal(count)}, comment="Compte rendu du service."),
            submit=True,
        )
        if index < QUARTERS - 1:
            value_services.values_review(
                indicator=indicator, period_start=start, actor=lea, approve=True
            )


def _choices(*pairs) -> list[dict]:
    return [{"name": name, "label": {"fr": fr, "en": en}} for name, fr, en in pairs]


QUESTIONS = [
    {
        "name": "quartier",
        "type": "select_one",
        "label": {
            "fr": "Dans quel quartier habitez-vous ?",
            "en": "Which neighbourhood do you live in?",
        },
        "required": True,
        "choices": _choices(
            ("trois_cites", "Trois-Cités", "Trois-Cités"),
            ("couronneries", "Couronneries", "Couronneries"),
            ("beaulieu", "Beaulieu", "Beaulieu"),
        ),
    },
    {
        "name": "age",
        "type": "select_one",
        "label": {"fr": "Quel âge avez-vous ?", "en": "How old are you?"},
        "choices": _choices(
            ("moins_18", "Moins de 18 ans", "Under 18"),
            ("18_29", "18 à 29 ans", "18 to 29"),
            ("30_59", "30 à 59 ans", "30 to 59"),
            ("60_plus", "60 ans et plus", "60 and over"),
        ),
    },
    {
        "name": "genre",
        "type": "select_one",
        "label": {"fr": "Vous êtes :", "en": "You are:"},
        "choices": _choices(
            ("femme", "une femme", "a woman"),
            ("homme", "un homme", "a man"),
            ("autre", "autre ou ne souhaite pas répondre", "other, or prefer not to say"),
        ),
    },
    {
        "name": "appartenance",
        "type": "agreement",
        "label": {
            "fr": "Je me sens chez moi dans mon quartier.",
            "en": "I feel at home in my neighbourhood.",
        },
        "required": True,
    },
    {
        "name": "confiance",
        "type": "agreement",
        "label": {
            "fr": "Je peux compter sur mes voisins en cas de besoin.",
            "en": "I can count on my neighbours if I need to.",
        },
    },
    {
        "name": "securite",
        "type": "agreement",
        "label": {
            "fr": "Je me sens en sécurité dans mon quartier le soir.",
            "en": "I feel safe in my neighbourhood in the evening.",
        },
    },
    {
        "name": "participation",
        "type": "select_one",
        "label": {
            "fr": "Ces trois derniers mois, avez-vous participé à une activité organisée "
            "dans le quartier ?",
            "en": "In the last three months, have you taken part in an activity organised "
            "in the neighbourhood?",
        },
        "choices": _choices(("oui", "Oui", "Yes"), ("non", "Non", "No")),
    },
    {
        "name": "activites",
        "type": "select_multiple",
        "label": {"fr": "Lesquelles ?", "en": "Which ones?"},
        "relevant": "${participation} = 'oui'",
        "choices": _choices(
            ("fete", "Fête de quartier", "Neighbourhood party"),
            ("cafe", "Café des parents", "Parents' café"),
            ("chantier", "Chantier participatif", "Community work day"),
            ("jardin", "Jardin partagé", "Shared garden"),
        ),
    },
    {
        "name": "satisfaction",
        "type": "rating",
        "label": {
            "fr": "Quelle note donnez-vous à ces activités ?",
            "en": "How would you rate these activities?",
        },
        "relevant": "${participation} = 'oui'",
    },
    {
        "name": "idee",
        "type": "textarea",
        "label": {"fr": "Une idée pour le quartier ?", "en": "An idea for the neighbourhood?"},
    },
]

IDEAS = [
    "Plus de bancs près de l'arrêt de bus.",
    "Un repas partagé chaque mois.",
    "Des activités pour les ados le samedi.",
    "Un atelier de réparation de vélos.",
    "",
    "",
    "",
]


def resident_survey(partnership: Partnership, users: dict) -> Survey:
    lea, karim = users["lea"], users["karim"]
    survey = survey_services.survey_create(
        partnership=partnership,
        actor=lea,
        title="Baromètre habitants des Trois-Cités",
        description="Cinq minutes pour dire comment vous vivez le quartier. Vos réponses "
        "aident les partenaires à améliorer leurs actions.",
        consent_text=survey_services.default_consent_text(),
        languages=["fr", "en"],
    )
    for question in QUESTIONS:
        survey_services.question_save(survey=survey, actor=lea, question=dict(question))
    survey = survey_services.survey_open(survey=survey, actor=lea)
    # The barometer has run since the partnership started: date it back to its first wave.
    opened = timezone.make_aware(datetime(2024, 10, 1, 9, 0))
    Survey.objects.filter(pk=survey.pk).update(opens_at=opened)
    survey.refresh_from_db()
    _answers(survey, karim=karim)
    return survey


def _answers(survey: Survey, *, karim) -> None:
    """About forty residents per quarter, a third of them on paper; the feeling of belonging
    and trust rise as the programme grows, more slowly in Beaulieu."""
    draw = random.Random(2024)
    lag = {"trois_cites": 0.0, "couronneries": -0.05, "beaulieu": -0.12}
    for index, start in enumerate(_quarters()):
        for _respondent in range(draw.randint(34, 46)):
            quartier = draw.choices(list(lag), weights=[5, 3, 2])[0]
            lift = 0.035 * index + lag[quartier]
            age = draw.choices(["moins_18", "18_29", "30_59", "60_plus"], weights=[1, 3, 5, 3])[0]
            answers = {
                "quartier": quartier,
                "age": age,
                "genre": draw.choices(["femme", "homme", "autre"], weights=[11, 8, 1])[0],
                "appartenance": _agreement(draw, 0.45 + lift),
                "confiance": _agreement(draw, 0.35 + lift),
                "securite": _agreement(draw, 0.40 + lift * 0.8),
            }
            took_part = draw.random() < 0.30 + lift
            answers["participation"] = "oui" if took_part else "non"
            if took_part:
                answers["activites"] = draw.sample(["fete", "cafe", "chantier", "jardin"], 2)
                answers["satisfaction"] = min(10, max(0, round(draw.gauss(7.2 + index * 0.1, 1.5))))
            idea = draw.choice(IDEAS)
            if idea:
                answers["idee"] = idea
            paper = draw.random() < 0.33
            response_submit(
                survey=survey,
                submission_id=uuid.UUID(int=draw.getrandbits(128), version=4),
                answers=answers,
                collected_on=start.replace(
                    day=draw.randint(1, 28), month=start.month + draw.randint(0, 2)
                ),
                language="fr" if draw.random() < 0.9 else "en",
                channel=ResponseChannel.PAPER if paper else ResponseChannel.WEB,
                entered_by=karim if paper else None,
            )


def _agreement(draw: random.Random, agree: float) -> int:
    """An answer on the 5-point scale; `agree` is the chance of agreeing (4 or 5)."""
    if draw.random() < agree:
        return 5 if draw.random() < 0.4 else 4
    return draw.choices([1, 2, 3], weights=[1, 3, 3])[0]


def survey_indicators(survey: Survey, outcome: Outcome, users: dict) -> None:
    quarters = _quarters()
    agree, groups = ["4", "5"], ["quartier", "age", "genre"]
    # question, title, calculation, answers that count, groups, first target, rise per quarter
    specs = [
        ("appartenance", "Habitants qui se sentent chez eux dans leur quartier", Method.SHARE,
         agree, groups, 50, 4),
        ("confiance", "Habitants qui peuvent compter sur leurs voisins", Method.SHARE,
         agree, groups, 40, 4),
        ("securite", "Habitants qui se sentent en sécurité le soir", Method.SHARE,
         agree, groups, 45, 3),
        ("satisfaction", "Note moyenne donnée aux activités", Method.MEAN,
         [], ["quartier"], 7, 0),
    ]  # fmt: skip
    for question, title, method, choices, disaggregate_by, first, step in specs:
        survey_indicator_create(
            survey=survey,
            outcome=outcome,
            question=question,
            method=method,
            choices=choices,
            disaggregate_by=disaggregate_by,
            title=title,
            frequency=Frequency.QUARTERLY,
            targets={start: Decimal(first + step * index) for index, start in enumerate(quarters)},
            actor=users["lea"],
        )
