"""Self-diagnosis views: the overview with the history, starting, the questionnaire, completing,
the results (printable) and the comparison with the previous self-diagnosis.

Mounted at organisations/<uuid:organisation_uuid>/self-diagnosis/."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.diagnosis.access import DiagnosisAccess, access_diagnosis_by_uuid
from alliances.diagnosis.forms import DiagnosisForm
from alliances.diagnosis.models import DiagnosisStatus
from alliances.diagnosis.questions import LEVEL_HELP, QUESTIONS, Level, level_of
from alliances.diagnosis.reference import (
    AVERAGE_MEANING,
    AVERAGE_PARTNER_TYPES,
    REFERENCE_SHARES,
)
from alliances.diagnosis.results import score_rows
from alliances.diagnosis.selectors import diagnoses as selectors
from alliances.diagnosis.selectors.portfolio import CLOSED_YEARS
from alliances.diagnosis.services import diagnoses as services
from alliances.organisations.access import access_organisation_by_uuid


def _reference_context() -> dict:
    return {
        "reference_shares": REFERENCE_SHARES,
        "average_types": AVERAGE_PARTNER_TYPES,
        "average_meaning": AVERAGE_MEANING,
        "closed_years": CLOSED_YEARS,
    }


@login_required
@require_GET
def overview(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.VIEW_DIAGNOSIS
    )
    organisation = access.organisation
    history = selectors.diagnoses_of_organisation(organisation=organisation)
    draft = next((d for d in history if d.status == DiagnosisStatus.DRAFT), None)
    completed = [d for d in history if d.status == DiagnosisStatus.COMPLETED]
    latest = completed[0] if completed else None
    context = {
        "organisation": organisation,
        "access": access,
        "draft": draft,
        "latest": latest,
        "latest_scores": score_rows(latest.scores) if latest else [],
        "completed": [(d, score_rows(d.scores)) for d in completed],
        "can_edit": access.can(Action.EDIT_WORK),
        "question_count": len(QUESTIONS),
    }
    return render(request, "diagnosis/diagnosis_overview.html", context)


@login_required
@require_POST
def start(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.EDIT_WORK)
    diagnosis, created = services.diagnosis_start(access=access, actor=request.user)
    if created and diagnosis.answers:
        messages.success(
            request,
            _("Your previous answers are filled in: change what has moved since, then complete."),
        )
    elif not created:
        messages.info(request, _("A self-diagnosis is already in progress: continue it here."))
    return redirect("diagnosis:edit", access.organisation.uuid, diagnosis.uuid)


def _edit_context(access: DiagnosisAccess, form: DiagnosisForm) -> dict:
    return {
        "organisation": access.organisation,
        "access": access.organisation_access,
        "diagnosis": access.diagnosis,
        "form": form,
        "levels": [(value, label, LEVEL_HELP[value]) for value, label in Level.choices],
        "question_count": len(QUESTIONS),
    }


def _completed_redirect(request: HttpRequest, access: DiagnosisAccess) -> HttpResponse:
    messages.info(
        request,
        _("This self-diagnosis is completed: it can no longer be changed. Start a new one."),
    )
    return redirect("diagnosis:detail", access.organisation.uuid, access.diagnosis.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, organisation_uuid: UUID, diagnosis_uuid: UUID) -> HttpResponse:
    access = access_diagnosis_by_uuid(
        request.user, organisation_uuid, diagnosis_uuid, need=Action.EDIT_WORK
    )
    if access.diagnosis.status != DiagnosisStatus.DRAFT:
        return _completed_redirect(request, access)
    form = DiagnosisForm(posted_data(request), diagnosis=access.diagnosis)
    if request.method == "POST" and form.is_valid():
        try:
            services.diagnosis_save(
                access=access.organisation_access,
                actor=request.user,
                diagnosis=access.diagnosis,
                answers=form.answers(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Your answers are saved. You can continue later."))
            return redirect("diagnosis:edit", access.organisation.uuid, access.diagnosis.uuid)
    context = _edit_context(access, form)
    return render(
        request, "diagnosis/diagnosis_edit.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def complete(request: HttpRequest, organisation_uuid: UUID, diagnosis_uuid: UUID) -> HttpResponse:
    access = access_diagnosis_by_uuid(
        request.user, organisation_uuid, diagnosis_uuid, need=Action.EDIT_WORK
    )
    if access.diagnosis.status != DiagnosisStatus.DRAFT:
        return _completed_redirect(request, access)
    form = DiagnosisForm(request.POST, diagnosis=access.diagnosis)
    if form.is_valid():
        try:
            diagnosis = services.diagnosis_complete(
                access=access.organisation_access,
                actor=request.user,
                diagnosis=access.diagnosis,
                answers=form.answers(),
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("Your self-diagnosis is complete. Here are your results and what to do next."),
            )
            return redirect("diagnosis:detail", access.organisation.uuid, diagnosis.uuid)
    context = _edit_context(access, form)
    context["completing"] = True
    return render(request, "diagnosis/diagnosis_edit.html", context, status=400)


@login_required
@require_GET
def detail(request: HttpRequest, organisation_uuid: UUID, diagnosis_uuid: UUID) -> HttpResponse:
    access = access_diagnosis_by_uuid(request.user, organisation_uuid, diagnosis_uuid)
    diagnosis = access.diagnosis
    results = selectors.results_of_diagnosis(diagnosis=diagnosis, today=timezone.localdate())
    answers = results.figures.answers
    context = {
        "organisation": access.organisation,
        "access": access.organisation_access,
        "diagnosis": diagnosis,
        "results": results,
        "answer_rows": [
            (
                question,
                Level(level).label if (level := level_of(answers, question.code)) else "",
                (answers.get(question.code) or {}).get("comment", ""),
            )
            for question in QUESTIONS
        ],
        "previous": selectors.previous_completed_in_organisation(diagnosis=diagnosis),
        "can_edit": access.can(Action.EDIT_WORK),
        **_reference_context(),
    }
    return render(request, "diagnosis/diagnosis_detail.html", context)


@login_required
@require_GET
def compare(request: HttpRequest, organisation_uuid: UUID, diagnosis_uuid: UUID) -> HttpResponse:
    access = access_diagnosis_by_uuid(request.user, organisation_uuid, diagnosis_uuid)
    diagnosis = access.diagnosis
    previous = selectors.previous_completed_in_organisation(diagnosis=diagnosis)
    comparison = (
        selectors.comparison_of_diagnosis(
            diagnosis=diagnosis, previous=previous, today=timezone.localdate()
        )
        if previous
        else None
    )
    context = {
        "organisation": access.organisation,
        "access": access.organisation_access,
        "diagnosis": diagnosis,
        "previous": previous,
        "comparison": comparison,
    }
    return render(request, "diagnosis/diagnosis_compare.html", context)


urlpatterns = [
    path("", overview, name="overview"),
    path("start/", start, name="start"),
    path("<uuid:diagnosis_uuid>/", detail, name="detail"),
    path("<uuid:diagnosis_uuid>/edit/", edit, name="edit"),
    path("<uuid:diagnosis_uuid>/complete/", complete, name="complete"),
    path("<uuid:diagnosis_uuid>/compare/", compare, name="compare"),
]
