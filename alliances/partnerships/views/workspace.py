"""Workspace pages: my partnerships, creating and editing one, its overview, its stages and
its activity feed."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.events import describe
from alliances.partnerships.forms.workspace import (
    PartnershipCreateForm,
    PartnershipForm,
    StageMoveForm,
)
from alliances.partnerships.models import PatronageForm, Stage
from alliances.partnerships.selectors import assessments as assessment_selectors
from alliances.partnerships.selectors import workspace as selectors
from alliances.partnerships.services import workspace as services
from alliances.territories import selectors as territory_selectors

ACTIVITY_PAGE_SIZE = 30


@login_required
@require_GET
def partnership_list(request: HttpRequest) -> HttpResponse:
    context = {
        "partnership_rows": selectors.partnerships_for_user(user=request.user),
        "party_invitations": selectors.party_invitations_for_user(user=request.user),
        "can_create": selectors.organisations_for_user(
            user=request.user, action=Action.EDIT_WORK
        ).exists(),
    }
    return render(request, "partnerships/partnership_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisations_for_user(user=request.user, action=Action.EDIT_WORK)
    form = PartnershipCreateForm(posted_data(request), organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                partnership = services.partnership_create(
                    user=request.user,
                    organisation=form.cleaned_data["organisation"],
                    data=form.partnership_data,
                    causes=form.cleaned_data["causes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The partnership has been created and your organisation coordinates "
                        "it. Next step: invite the other parties."
                    ),
                )
                return redirect("partnerships:detail", partnership.uuid)
        status = 400
    context = {"form": form, "organisations": form.organisations}
    return render(request, "partnerships/partnership_create.html", context, status=status)


def _overview_context(access: PartnershipAccess) -> dict:
    partnership = access.partnership
    facts = selectors.stage_facts_in_partnership(partnership=partnership)
    parties = selectors.parties_in_partnership(partnership=partnership)
    place = None
    if partnership.territory_id:
        place = territory_selectors.territory_lineage(partnership.territory)
    return {
        "partnership": partnership,
        "access": access,
        "current": "overview",
        "parties": parties,
        "cause_groups": selectors.partnership_causes_by_goal(partnership=partnership),
        "place": place,
        "history": selectors.stage_history_in_partnership(partnership=partnership),
        # Scores exist once every party has submitted: no need to ask before.
        "fit": None
        if facts.missing_assessments
        else assessment_selectors.assessment_fit_in_partnership(partnership=partnership),
        "facts": facts,
        "next_step": selectors.next_step(partnership, facts),
        "stage_options": services.stage_options(partnership, facts),
        "can_move": access.can(Action.MOVE_STAGE),
        "stages": Stage.choices,
        "patronage_labels": [
            label for value, label in PatronageForm.choices if value in partnership.patronage_forms
        ],
    }


@login_required
@require_GET
def partnership_detail(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return render(request, "partnerships/partnership_detail.html", _overview_context(access))


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.EDIT_PARTNERSHIP
    )
    partnership = access.partnership
    form = PartnershipForm(posted_data(request), partnership=partnership)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.partnership_update(
                    access=access,
                    actor=request.user,
                    data=form.partnership_data,
                    causes=form.cleaned_data["causes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The partnership has been saved."))
                return redirect("partnerships:detail", partnership.uuid)
        status = 400
    context = {"partnership": partnership, "access": access, "current": "overview", "form": form}
    return render(request, "partnerships/partnership_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def partnership_stage(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.MOVE_STAGE)
    partnership = access.partnership
    initial = {"target": request.GET.get("to", "")[:20]}
    form = StageMoveForm(posted_data(request), partnership=partnership, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                change = services.partnership_move_stage(
                    access=access,
                    actor=request.user,
                    target=form.cleaned_data["target"],
                    note=form.cleaned_data["note"],
                    closure_reason=form.cleaned_data["closure_reason"],
                    lessons_learned=form.cleaned_data["lessons_learned"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if change.to_stage == Stage.CLOSED:
                    text = _("The partnership is closed. Its record stays readable.")
                else:
                    text = _("The partnership has moved to the %(stage)s stage.") % {
                        "stage": services.stage_label(change.to_stage)
                    }
                messages.success(request, text)
                return redirect("partnerships:detail", partnership.uuid)
        status = 400
    facts = selectors.stage_facts_in_partnership(partnership=partnership)
    context = {
        "partnership": partnership,
        "access": access,
        "current": "overview",
        "form": form,
        "stage_options": services.stage_options(partnership, facts),
        "target": form["target"].value(),
    }
    return render(request, "partnerships/partnership_stage.html", context, status=status)


@login_required
@require_GET
def partnership_activity(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    activities = selectors.activities_in_partnership(
        partnership=access.partnership, parties=access.parties
    )
    page = Paginator(activities, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [(activity, describe(activity.verb, activity.data)) for activity in page]
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "activity",
        "page": page,
        "lines": lines,
    }
    template = "partnerships/partnership_activity.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#feed"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [
    path("", partnership_list, name="list"),
    path("new/", partnership_create, name="create"),
    path("<uuid:partnership_uuid>/", partnership_detail, name="detail"),
    path("<uuid:partnership_uuid>/edit/", partnership_edit, name="edit"),
    path("<uuid:partnership_uuid>/stage/", partnership_stage, name="stage"),
    path("<uuid:partnership_uuid>/activity/", partnership_activity, name="activity"),
]
