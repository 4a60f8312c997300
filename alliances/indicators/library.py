"""A library of ready-made indicators, by theme, that partnership leads pick from.

Pure data and lookups: no database. Each template says what to measure and how (type, unit,
direction, frequency, accumulation), suggests disaggregations, names the SDG indicators it
contributes to and, when residents can answer it in a survey, a question to ask them. Keys are
stable: indicators created from a template keep its key (`Indicator.template_key`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Disaggregations suggested again and again; categories are only a starting point.
NEIGHBOURHOOD = {"name": "neighbourhood", "label": _("Neighbourhood"), "categories": []}
AGE_BAND = {
    "name": "age_band",
    "label": _("Age band"),
    "categories": [_("Under 18"), _("18 to 29"), _("30 to 59"), _("60 and over")],
}
GENDER = {"name": "gender", "label": _("Gender"), "categories": [_("Women"), _("Men")]}


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    explanation: str


@dataclass(frozen=True)
class Template:
    key: str
    theme: str
    title: str
    definition: str
    type: str = "quantitative"
    unit: str = ""
    direction: str = "higher"
    frequency: str = "yearly"
    accumulation: str = "per_period"
    disaggregations: tuple = ()
    sdg_indicators: tuple = ()
    survey_question: str = ""
    score_min: int | None = None
    score_max: int | None = None


THEMES = (
    Theme(
        "social_cohesion",
        _("Social cohesion"),
        _(
            "How residents live together: taking part, belonging, trust, safety, well-being. "
            "Most are best measured by a short survey of residents, once or twice a year."
        ),
    ),
    Theme(
        "education",
        _("Education"),
        _("Pupils' progress, school attendance and access to learning outside school."),
    ),
    Theme(
        "employment",
        _("Employment"),
        _("Access to work and training, especially for young people and job seekers."),
    ),
    Theme(
        "poverty",
        _("Poverty"),
        _("Access to rights, food and basic services for households on low incomes."),
    ),
    Theme(
        "health",
        _("Health"),
        _("Access to care, healthy habits and mental health, counted or asked in surveys."),
    ),
    Theme(
        "environment",
        _("Environment"),
        _("Waste, energy, green spaces and air quality in the neighbourhood."),
    ),
)

TEMPLATES = (
    # Social cohesion
    Template(
        "participation_community_activities",
        "social_cohesion",
        _("Residents taking part in community activities"),
        _(
            "Share of residents surveyed who took part in at least one community activity "
            "(event, workshop, association) in the last three months."
        ),
        type="percentage",
        unit="%",
        frequency="half_yearly",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("11.3.2", "16.7.2"),
        survey_question=_(
            "In the last three months, have you taken part in an activity organised in your "
            "neighbourhood (event, workshop, association)?"
        ),
    ),
    Template(
        "sense_of_belonging",
        "social_cohesion",
        _("Sense of belonging to the neighbourhood"),
        _(
            "Share of residents surveyed who agree or strongly agree that they feel they "
            "belong to their neighbourhood."
        ),
        type="percentage",
        unit="%",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("16.7.2",),
        survey_question=_("I feel I belong to my neighbourhood."),
    ),
    Template(
        "trust_between_neighbours",
        "social_cohesion",
        _("Trust between neighbours"),
        _(
            "Share of residents surveyed who agree or strongly agree that most people in "
            "their neighbourhood can be trusted."
        ),
        type="percentage",
        unit="%",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("16.1.4", "16.b.1"),
        survey_question=_("Most people in my neighbourhood can be trusted."),
    ),
    Template(
        "perceived_safety",
        "social_cohesion",
        _("Residents who feel safe in their neighbourhood after dark"),
        _(
            "Share of residents surveyed who feel safe or very safe walking alone in their "
            "neighbourhood after dark."
        ),
        type="percentage",
        unit="%",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("16.1.4", "11.7.2"),
        survey_question=_("How safe do you feel walking alone in your neighbourhood after dark?"),
    ),
    Template(
        "well_being",
        "social_cohesion",
        _("Well-being of residents"),
        _(
            "Average answer of residents surveyed to “Overall, how satisfied are you with "
            "your life nowadays?” on a scale from 0 to 10."
        ),
        type="score",
        unit=_("out of 10"),
        score_min=0,
        score_max=10,
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("3.4.2",),
        survey_question=_(
            "Overall, how satisfied are you with your life nowadays? (0 = not at all, "
            "10 = completely)"
        ),
    ),
    Template(
        "programme_satisfaction",
        "social_cohesion",
        _("Satisfaction of participants with the programme"),
        _(
            "Share of participants surveyed who are satisfied or very satisfied with the "
            "activities of the partnership."
        ),
        type="percentage",
        unit="%",
        frequency="half_yearly",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("16.6.2",),
        survey_question=_("How satisfied are you with the activities you took part in?"),
    ),
    Template(
        "reduction_of_inequalities",
        "social_cohesion",
        _("Residents who felt discriminated against"),
        _(
            "Share of residents surveyed who personally felt discriminated against or "
            "harassed in the last 12 months. A fall means fewer inequalities lived."
        ),
        type="percentage",
        unit="%",
        direction="lower",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("10.3.1", "16.b.1"),
        survey_question=_(
            "In the last 12 months, have you personally felt discriminated against or harassed?"
        ),
    ),
    # Education
    Template(
        "pupils_reading_level",
        "education",
        _("Pupils reaching the expected reading level"),
        _(
            "Share of the pupils supported who reach the reading level expected for their "
            "grade at the end of the school year."
        ),
        type="percentage",
        unit="%",
        disaggregations=(NEIGHBOURHOOD, GENDER),
        sdg_indicators=("4.1.1",),
    ),
    Template(
        "pupils_supported",
        "education",
        _("Pupils supported with homework"),
        _("Number of different pupils who came to homework support during the period."),
        unit=_("pupils"),
        frequency="quarterly",
        disaggregations=(NEIGHBOURHOOD, GENDER),
        sdg_indicators=("4.1.1",),
    ),
    Template(
        "school_absenteeism",
        "education",
        _("Persistent absenteeism of pupils supported"),
        _(
            "Share of the pupils supported who missed more than 10 half-days of school "
            "without a valid reason during the period."
        ),
        type="percentage",
        unit="%",
        direction="lower",
        frequency="quarterly",
        disaggregations=(GENDER,),
        sdg_indicators=("4.1.2",),
    ),
    Template(
        "adults_learning",
        "education",
        _("Adults in training or language classes"),
        _("Number of adults who followed a training or a language class during the period."),
        unit=_("adults"),
        frequency="quarterly",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("4.3.1", "4.6.1"),
    ),
    # Employment
    Template(
        "people_back_to_work",
        "employment",
        _("People supported who found a job or a training"),
        _(
            "Number of people supported who signed a job contract of a month or more, or "
            "started a qualifying training, during the period."
        ),
        unit=_("people"),
        frequency="quarterly",
        accumulation="cumulative",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("8.5.2", "8.6.1"),
    ),
    Template(
        "neet_youth",
        "employment",
        _("Young people neither in work nor in training"),
        _(
            "Share of the 16–25-year-olds followed who are neither in employment, education "
            "nor training at the end of the period."
        ),
        type="percentage",
        unit="%",
        direction="lower",
        frequency="half_yearly",
        disaggregations=(NEIGHBOURHOOD, GENDER),
        sdg_indicators=("8.6.1",),
    ),
    Template(
        "job_seekers_coached",
        "employment",
        _("Job seekers coached"),
        _("Number of job seekers who had at least one coaching session during the period."),
        unit=_("people"),
        frequency="quarterly",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("8.5.2",),
    ),
    Template(
        "confidence_job_search",
        "employment",
        _("Confidence in finding a job"),
        _(
            "Share of people coached who feel more confident about finding a job after "
            "the coaching."
        ),
        type="percentage",
        unit="%",
        disaggregations=(AGE_BAND, GENDER),
        sdg_indicators=("8.5.2",),
        survey_question=_("Since the coaching, do you feel more confident about finding a job?"),
    ),
    # Poverty
    Template(
        "households_rights_accessed",
        "poverty",
        _("Households who obtained a social right"),
        _(
            "Number of households helped who obtained a benefit or a right they were "
            "entitled to and did not claim (housing aid, health cover, minimum income...)."
        ),
        unit=_("households"),
        frequency="quarterly",
        accumulation="cumulative",
        disaggregations=(NEIGHBOURHOOD,),
        sdg_indicators=("1.3.1", "1.2.1"),
    ),
    Template(
        "food_insecurity",
        "poverty",
        _("Households going without food for lack of money"),
        _(
            "Share of households surveyed who, in the last month, skipped meals or went "
            "without food because they lacked money."
        ),
        type="percentage",
        unit="%",
        direction="lower",
        disaggregations=(NEIGHBOURHOOD,),
        sdg_indicators=("2.1.2", "1.2.1"),
        survey_question=_(
            "In the last month, did anyone in your household skip a meal because there was "
            "not enough money for food?"
        ),
    ),
    Template(
        "people_food_aid",
        "poverty",
        _("People receiving food aid"),
        _("Number of different people who received food aid during the period."),
        unit=_("people"),
        frequency="quarterly",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND),
        sdg_indicators=("1.2.1", "2.1.2"),
    ),
    # Health
    Template(
        "health_cover",
        "health",
        _("People helped to get health cover"),
        _(
            "Number of people helped who obtained health cover (basic or complementary) "
            "during the period."
        ),
        unit=_("people"),
        frequency="quarterly",
        accumulation="cumulative",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("3.8.1",),
    ),
    Template(
        "physical_activity",
        "health",
        _("Residents physically active every week"),
        _(
            "Share of residents surveyed who practise at least 150 minutes of physical "
            "activity a week."
        ),
        type="percentage",
        unit="%",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("3.4.1",),
        survey_question=_(
            "In a usual week, how much time do you spend on physical activity (walking, "
            "cycling, sport)?"
        ),
    ),
    Template(
        "isolation",
        "health",
        _("Residents who often feel lonely"),
        _("Share of residents surveyed who feel lonely often or all the time."),
        type="percentage",
        unit="%",
        direction="lower",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("3.4.2",),
        survey_question=_("How often do you feel lonely?"),
    ),
    # Environment
    Template(
        "waste_collected",
        "environment",
        _("Waste collected during clean-up days"),
        _("Weight of the waste collected during neighbourhood clean-up days."),
        unit="kg",
        frequency="quarterly",
        accumulation="cumulative",
        disaggregations=(NEIGHBOURHOOD,),
        sdg_indicators=("11.6.1", "12.5.1"),
    ),
    Template(
        "air_quality",
        "environment",
        _("Fine particles in the air (PM2.5)"),
        _(
            "Annual mean concentration of fine particles (PM2.5) measured near the "
            "neighbourhood, from the local air-quality network."
        ),
        unit="µg/m³",
        direction="lower",
        sdg_indicators=("11.6.2",),
    ),
    Template(
        "green_space_use",
        "environment",
        _("Residents using a green space at least once a week"),
        _(
            "Share of residents surveyed who go to a park, garden or shared garden of the "
            "neighbourhood at least once a week."
        ),
        type="percentage",
        unit="%",
        disaggregations=(NEIGHBOURHOOD, AGE_BAND, GENDER),
        sdg_indicators=("11.7.1",),
        survey_question=_(
            "How often do you go to a park, garden or shared garden in your neighbourhood?"
        ),
    ),
    Template(
        "energy_poverty_households",
        "environment",
        _("Households helped to cut their energy bills"),
        _(
            "Number of households who received advice or small works to cut their energy "
            "consumption during the period."
        ),
        unit=_("households"),
        frequency="quarterly",
        accumulation="cumulative",
        disaggregations=(NEIGHBOURHOOD,),
        sdg_indicators=("7.1.1", "7.3.1"),
    ),
)

_BY_KEY = {template.key: template for template in TEMPLATES}


def template_by_key(key: str) -> Template | None:
    return _BY_KEY.get(key)


def templates_by_theme() -> list[tuple[Theme, list[Template]]]:
    return [
        (theme, [template for template in TEMPLATES if template.theme == theme.key])
        for theme in THEMES
    ]


def template_disaggregations(template: Template) -> list[dict]:
    """The template's suggested dimensions as an indicator stores them (plain strings)."""
    return [
        {
            "name": dimension["name"],
            "label": str(dimension["label"]),
            "categories": [str(category) for category in dimension["categories"]],
        }
        for dimension in template.disaggregations
    ]
