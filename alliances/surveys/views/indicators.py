"""Indicators computed from a survey question: define them from the survey, recompute them.

Making an indicator takes two steps so that it works without JavaScript: first the question,
then what to compute from it (the answers that count depend on the question).
"""

from decimal import Decimal
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from alliances.core.forms import add_service_errors
from alliances.core.permissions import Action
from alliances.indicators.models import Direction, Frequency
from alliances.indicators.periods import period_start
from alliances.surveys.access import access_survey_by_uuid
from alliances.surveys.models import Method
from alliances.surveys.services import survey_indicators as services

CHOOSE = "surveys/survey_indicator_choose.html"
FORM = "surveys/survey_indicator_form.html"


class SurveyIndicatorForm(forms.Form):
    """What to compute from one question; the question itself is fixed by the first step."""

    title = forms.CharField(label=gettext_lazy("Name of the indicator"), max_length=300)
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome it measures"))
    method = forms.ChoiceField(label=gettext_lazy("Calculation"))
    choices = forms.MultipleChoiceField(
        label=gettext_lazy("Answers that count"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("For a share or a count: the answers counted as a success."),
    )
    disaggregate_by = forms.MultipleChoiceField(
        label=gettext_lazy("Break down by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Each group is shown alone; groups of fewer than 5 respondents are never shown."
        ),
    )
    frequency = forms.ChoiceField(label=gettext_lazy("Reporting period"), choices=Frequency.choices)
    direction = forms.ChoiceField(label=gettext_lazy("Direction"), choices=Direction.choices)
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=60, required=False)
    baseline_value = forms.DecimalField(
        label=gettext_lazy("Baseline"), required=False, max_digits=18, decimal_places=4
    )
    target_value = forms.DecimalField(
        label=gettext_lazy("Target"), required=False, max_digits=18, decimal_places=4
    )
    target_date = forms.DateField(
        label=gettext_lazy("Target to reach by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("A day in the period when the target should be reached."),
    )

    def __init__(self, data, *, source, outcomes, survey, language):
        super().__init__(data)
        self.source = source
        self.fields["outcome"].choices = [("", "---------")] + [
            (str(outcome.uuid), f"{outcome.objective.title} › {outcome.title}")
            for outcome in outcomes
        ]
        self.fields["method"].choices = [
            (method, Method(method).label) for method in source.methods
        ]
        self.fields["choices"].choices = source.answer_choices(language)
        self.fields["disaggregate_by"].choices = [
            (question["name"], services.label_of(question, language))
            for question in services.disaggregation_questions(survey.definition)
            if question["name"] != source.question.get("name")
        ]
        self.outcomes = {str(outcome.uuid): outcome for outcome in outcomes}
        self.initial = {
            "title": source.label[:300],
            "method": source.methods[0],
            "choices": services.DEFAULT_CHOICES.get(source.type, []),
            "frequency": Frequency.QUARTERLY,
            "direction": Direction.HIGHER,
        }
        if len(outcomes) == 1:
            self.initial["outcome"] = str(outcomes[0].uuid)

    def clean(self):
        data = super().clean()
        if (data.get("target_value") is None) != (data.get("target_date") is None):
            raise ValidationError(_("Give both the target and the date to reach it by."))
        return data


def _outcomes(partnership) -> list:
    return list(partnership.outcomes.select_related("objective").order_by("objective__position"))


def _source(survey, key: str, language):
    sources = services.indicator_sources(survey.definition, language)
    return next((source for source in sources if source.key == key), None), sources


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID
) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.EDIT_FRAMEWORK
    )
    survey, partnership = survey_access.survey, survey_access.partnership
    language = ((survey.definition or {}).get("languages") or [None])[0]
    params = request.POST if request.method == "POST" else request.GET
    source, sources = _source(survey, params.get("question", ""), language)
    context = {
        "partnership": partnership,
        "access": survey_access.access,
        "survey": survey,
        "current": "surveys",
        "sources": sources,
    }
    if source is None:
        # First step: which question. An empty or stale choice shows the list again.
        context["missing"] = "question" in params
        status = 400 if request.method == "POST" else 200
        return render(request, CHOOSE, context, status=status)
    outcomes = _outcomes(partnership)
    form = SurveyIndicatorForm(
        request.POST if request.method == "POST" else None,
        source=source,
        outcomes=outcomes,
        survey=survey,
        language=language,
    )
    context.update({"form": form, "source": source, "outcomes": outcomes})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = {}
        if data["target_value"] is not None:
            start = period_start(data["target_date"], data["frequency"])
            targets[start] = Decimal(data["target_value"])
        statement = source.statement.get("name", "") if source.statement else ""
        try:
            link = services.survey_indicator_create(
                survey=survey,
                outcome=form.outcomes[data["outcome"]],
                question=source.question["name"],
                statement=statement,
                method=data["method"],
                choices=data["choices"],
                disaggregate_by=data["disaggregate_by"],
                title=data["title"],
                unit=data["unit"],
                frequency=data["frequency"],
                direction=data["direction"],
                baseline_value=data["baseline_value"],
                targets=targets,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The indicator “%(title)s” is computed from the survey’s answers.")
                % {"title": link.indicator.title},
            )
            url = reverse("indicators:dashboard", args=[partnership.uuid])
            return redirect(f"{url}#indicator-{link.indicator.uuid}")
    status = 400 if request.method == "POST" else 200
    return render(request, FORM, context, status=status)


@login_required
@require_POST
def indicator_recompute(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID
) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.EDIT_FRAMEWORK
    )
    try:
        services.survey_indicators_refresh(survey=survey_access.survey, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The survey’s indicators are up to date."))
    url = reverse("indicators:dashboard", args=[survey_access.partnership.uuid])
    return redirect(f"{url}#survey-results")


urlpatterns = [
    path(
        "<uuid:survey_uuid>/indicators/new/",
        indicator_create,
        name="indicator_create",
    ),
    path(
        "<uuid:survey_uuid>/indicators/recompute/",
        indicator_recompute,
        name="indicator_recompute",
    ),
]
