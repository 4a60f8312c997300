"""Assessment pages: a party's own answers, their submission, and the comparison of all."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.forms.assessments import (
    AssessmentForm,
    answer_sections,
    comparison_sections,
)
from alliances.partnerships.models import Party
from alliances.partnerships.selectors import assessments as selectors
from alliances.partnerships.services import assessments as services

PAGE = "partnerships/assessment_detail.html"


def _party_shown(access: PartnershipAccess, party_uuid: str | None) -> Party:
    """The party asked for among the user's own, else the first they answer for."""
    if party_uuid:
        return access.party_for(Action.VIEW_PARTNERSHIP, party_uuid)
    return (access.parties_for(Action.ANSWER_ASSESSMENT) or access.parties)[0]


def _page_url(access: PartnershipAccess, party: Party) -> str:
    url = reverse("partnerships:assessment", args=[access.partnership.uuid])
    if len(access.parties) > 1:
        url += "?" + urlencode({"party": party.uuid})
    return url


def _page(
    request: HttpRequest,
    access: PartnershipAccess,
    party: Party,
    *,
    form: AssessmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    partnership = access.partnership
    assessment = selectors.assessment_of_party(party=party)
    may_answer = party in access.parties_for(Action.ANSWER_ASSESSMENT)
    editable = (
        may_answer and not partnership.is_closed and not (assessment and assessment.is_submitted)
    )
    if editable and form is None:
        form = AssessmentForm(initial=AssessmentForm.initial_for(assessment))
    elif not editable and form is not None:
        for error in form.non_field_errors():
            messages.error(request, error)
    context = {
        "partnership": partnership,
        "access": access,
        "current": "assessment",
        "party": party,
        "assessment": assessment,
        "may_answer": may_answer,
        "form": form if editable else None,
        "sections": None if editable else answer_sections([party], {party.pk: assessment}),
        "progress": selectors.assessment_progress_in_partnership(partnership=partnership),
        "seats": access.parties if len(access.parties) > 1 else [],
        "query": "?" + urlencode({"party": party.uuid}) if len(access.parties) > 1 else "",
    }
    return render(request, PAGE, context, status=status)


def _refused(request: HttpRequest, form: AssessmentForm, exc: ValidationError) -> bool:
    """Show a refusal: on the fields it names, else as a message (the answers may be locked
    and shown without a form). True when it named fields."""
    if hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
        return True
    messages.error(request, " ".join(exc.messages))
    return False


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    party_uuid = request.GET.get("party")
    if request.method == "GET":
        return _page(request, access, _party_shown(access, party_uuid))
    party = access.party_for(Action.ANSWER_ASSESSMENT, party_uuid)
    form = AssessmentForm(posted_data(request))
    if form.is_valid():
        try:
            services.assessment_save(party=party, actor=request.user, data=form.answers)
        except ValidationError as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("Your answers are saved as a draft."))
            return redirect(_page_url(access, party))
    return _page(request, access, party, form=form, status=400)


@login_required
@require_POST
def assessment_submit(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.ANSWER_ASSESSMENT
    )
    party = access.party_for(Action.ANSWER_ASSESSMENT, request.GET.get("party"))
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_save(party=party, actor=request.user, data=form.answers)
        except ValidationError as exc:
            _refused(request, form, exc)
            return _page(request, access, party, form=form, status=400)
        try:
            services.assessment_submit(party=party, actor=request.user)
        except ValidationError as exc:
            if not _refused(request, form, exc):
                return _page(request, access, party, form=form, status=400)
            form.add_error(
                None,
                _(
                    "Your answers are saved as a draft, but some questions needed to submit "
                    "are not answered yet."
                ),
            )
        else:
            messages.success(
                request,
                _(
                    "Your party's answers are submitted. The other parties will see them, and "
                    "you theirs, once every party has submitted."
                ),
            )
            return redirect(_page_url(access, party))
    return _page(request, access, party, form=form, status=400)


@login_required
@require_safe
def assessment_comparison(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    context = {"partnership": partnership, "access": access, "current": "assessment"}
    comparison = selectors.assessment_comparison_in_partnership(partnership=partnership)
    if comparison is None:
        context["progress"] = selectors.assessment_progress_in_partnership(partnership=partnership)
        return render(request, "partnerships/assessment_waiting.html", context)
    context.update(
        comparison=comparison,
        result=comparison.result,
        sections=comparison_sections(comparison),
    )
    return render(request, "partnerships/assessment_comparison.html", context)


urlpatterns = [
    path("<uuid:partnership_uuid>/assessment/", assessment, name="assessment"),
    path(
        "<uuid:partnership_uuid>/assessment/submit/",
        assessment_submit,
        name="assessment_submit",
    ),
    path(
        "<uuid:partnership_uuid>/assessment/comparison/",
        assessment_comparison,
        name="assessment_comparison",
    ),
]
