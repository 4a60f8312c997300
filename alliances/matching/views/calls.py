"""Calls for partners: the open calls, one call, writing, publishing and closing a call, an
organisation's calls, and the answers of a call compared side by side (and exported)."""

import io
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from alliances.core.audit import export_recorded
from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.matching.access import CallAccess, access_call_by_uuid
from alliances.matching.forms.calls import CallFilterForm, CallForm, weights_total_of
from alliances.matching.forms.proposals import ScoreForm
from alliances.matching.models import CallStatus
from alliances.matching.selectors import calls as selectors
from alliances.matching.selectors.proposals import Comparison, comparison_for_call
from alliances.matching.services import calls as services
from alliances.organisations.access import access_organisation_by_uuid
from alliances.organisations.models import Cause
from alliances.partnerships.exports import FORMULA_SIGNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _detail_url(call) -> str:
    return reverse("matching:call_detail", args=[call.uuid])


def _url_exists(name: str, **kwargs) -> bool:
    try:
        reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return False
    return True


def publisher_access(user, call_uuid: UUID, *, need: str = Action.VIEW_MATCHING) -> CallAccess:
    """The call, for the publisher's members whose role allows `need`: others do not learn
    more than the public page says (404), members without the right get 403."""
    access = access_call_by_uuid(user, call_uuid, need=need)
    if not access.can(need):
        if not access.is_member:
            raise Http404
        raise PermissionDenied
    return access


# The open calls


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    goals = Cause.objects.filter(parent__isnull=True)
    form = CallFilterForm(request.GET or None, goals=goals)
    filters = form.filters()
    page = selectors.open_calls_page(
        filters=filters, today=timezone.localdate(), page=request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "publishing": list(selectors.publishing_organisations_for_user(user=request.user)),
    }
    return render(request, "matching/call_list.html", context)


# One call


@require_GET
def call_detail(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = access_call_by_uuid(request.user, call_uuid)
    call = access.call
    page = selectors.call_page_for_user(
        access=access, user=request.user, today=timezone.localdate()
    )
    may_act = access.can(Action.FIND_PARTNERS)
    context = {
        "call": call,
        "access": access,
        "page": page,
        "refusal": services.answer_refusal(call),
        "can_edit": may_act and call.status != CallStatus.CLOSED,
        "can_publish": may_act and call.status == CallStatus.DRAFT,
        "can_close": may_act and call.status == CallStatus.PUBLISHED,
        "can_compare": access.can(Action.VIEW_MATCHING),
        "suggestions_available": access.can(Action.VIEW_MATCHING)
        and _url_exists("matching:call_suggestions", call_uuid=call.uuid),
        "consortium_available": access.can(Action.VIEW_MATCHING)
        and _url_exists("matching:consortium", organisation_uuid=call.organisation.uuid),
    }
    return render(request, "matching/call_detail.html", context)


def _weights_total(request: HttpRequest) -> HttpResponse:
    """The running total of the weights, as they are typed (htmx)."""
    total = weights_total_of(request.GET)
    return render(request, "matching/call_form.html#weights-total", {"total": total})


def _wants_total(request: HttpRequest) -> bool:
    return request.method == "GET" and request.GET.get("total") == "1"


def _publishing(request: HttpRequest) -> bool:
    return request.POST.get("action") == "publish"


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.FIND_PARTNERS)
    if _wants_total(request):
        return _weights_total(request)
    organisation = access.organisation
    form = CallForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                organisation=organisation,
                actor=request.user,
                data=form.call_data,
                causes=form.cleaned_data["causes"],
                criteria=form.criteria,
                publish=_publishing(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if call.status == CallStatus.PUBLISHED:
                messages.success(
                    request, _("Your call is published: anyone can read it and answer it.")
                )
            else:
                messages.success(
                    request,
                    _("Your call is saved as a draft. Only your organisation's members see it."),
                )
            return redirect(_detail_url(call))
    context = {"form": form, "organisation": organisation, "call": None}
    return render(request, "matching/call_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = access_call_by_uuid(request.user, call_uuid, need=Action.FIND_PARTNERS)
    if _wants_total(request):
        return _weights_total(request)
    call = access.call
    if call.status == CallStatus.CLOSED:
        messages.error(request, _("This call is closed: it can no longer be changed."))
        return redirect(_detail_url(call))
    locked = services.has_scores(call)
    form = CallForm(posted_data(request), call=call, lock_criteria=locked)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.call_update(
                access=access,
                actor=request.user,
                data=form.call_data,
                causes=form.cleaned_data["causes"],
                criteria=None if locked else form.criteria,
                publish=_publishing(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if call.status == CallStatus.DRAFT and saved.status == CallStatus.PUBLISHED:
                messages.success(
                    request, _("Your call is published: anyone can read it and answer it.")
                )
            else:
                messages.success(request, _("The call has been saved."))
            return redirect(_detail_url(saved))
    context = {
        "form": form,
        "organisation": call.organisation,
        "call": call,
        "criteria_locked": locked,
        "criteria": list(call.criteria.all()) if locked else [],
    }
    return render(request, "matching/call_form.html", context, status=400 if form.errors else 200)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def call_publish(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = access_call_by_uuid(request.user, call_uuid, need=Action.FIND_PARTNERS)
    try:
        call = services.call_publish(access=access, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
        if access.call.status == CallStatus.DRAFT:
            return redirect("matching:call_edit", access.call.uuid)
        return redirect(_detail_url(access.call))
    messages.success(request, _("Your call is published: anyone can read it and answer it."))
    return redirect(_detail_url(call))


@login_required
@require_POST
def call_close(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = access_call_by_uuid(request.user, call_uuid, need=Action.FIND_PARTNERS)
    try:
        call = services.call_close(access=access, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect(_detail_url(access.call))
    messages.success(
        request,
        _("The call is closed: it takes no more answers. You can still score and decide them."),
    )
    return redirect(_detail_url(call))


# An organisation's calls


@require_GET
def organisation_calls(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid)
    organisation = access.organisation
    member = access.can(Action.VIEW_MATCHING)
    calls = selectors.calls_of_organisation(
        organisation=organisation, include_drafts=member, with_counts=member
    )
    context = {
        "organisation": organisation,
        "access": access,
        "calls": calls,
        "member": member,
        "today": timezone.localdate(),
        "can_publish": access.can(Action.FIND_PARTNERS)
        and organisation.is_active
        and not organisation.dissolved_on,
    }
    return render(request, "matching/call_organisation_list.html", context)


# The answers, side by side


def score_form_for(answer, criteria, *, data=None) -> ScoreForm:
    return ScoreForm(
        data,
        criteria=criteria,
        scores=answer.scores,
        auto_id=f"score-{answer.proposal.uuid}-%s",
    )


@login_required
@require_GET
def call_answers(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = publisher_access(request.user, call_uuid)
    comparison = comparison_for_call(call=access.call)
    can_decide = access.can(Action.FIND_PARTNERS)
    cards = [
        (answer, score_form_for(answer, comparison.criteria) if can_decide else None)
        for answer in comparison.answers
    ]
    context = {
        "call": access.call,
        "access": access,
        "comparison": comparison,
        "cards": cards,
        "can_decide": can_decide,
    }
    return render(request, "matching/call_answers.html", context)


def _text(value):
    if isinstance(value, str) and value.startswith(FORMULA_SIGNS):
        # A spreadsheet would run it as a formula.
        return f"'{value}"
    return value


def comparison_rows(comparison: Comparison) -> list[list]:
    """The comparison table as rows: one column per answer, as on the page."""
    answers = comparison.answers
    rows = [
        [_("Organisation")] + [answer.organisation.name for answer in answers],
        [_("Type")]
        + [
            f"{answer.organisation.get_kind_display()} ({answer.organisation.get_sector_display()})"
            for answer in answers
        ],
        [_("Town")] + [answer.town for answer in answers],
        [_("Distance (km)")] + [answer.distance_km for answer in answers],
        [_("What they bring")] + [", ".join(answer.resources) for answer in answers],
        [_("Proposal")] + [answer.proposal.message for answer in answers],
    ]
    for criterion, scores in comparison.rows:
        label = _("%(criterion)s (weight %(weight)s, score out of 5)") % {
            "criterion": criterion.label,
            "weight": criterion.weight,
        }
        rows.append([label] + [score for _answer, score in scores])
    rows.append([_("Weighted total out of 100")] + [answer.total for answer in answers])
    rows.append([_("Status")] + [answer.proposal.get_status_display() for answer in answers])
    return rows


def comparison_xlsx(comparison: Comparison) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Answers")[:31]
    for row in comparison_rows(comparison):
        sheet.append([_text(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36
    for position in range(2, len(comparison.answers) + 2):
        sheet.column_dimensions[get_column_letter(position)].width = 32
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "B2"
    workbook.properties.title = comparison.call.title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
@require_GET
def call_answers_export(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = publisher_access(request.user, call_uuid)
    comparison = comparison_for_call(call=access.call)
    export_recorded(
        actor=request.user,
        obj=access.call,
        what="call_answers_xlsx",
        organisation_uuids=[access.call.organisation.uuid],
    )
    response = HttpResponse(comparison_xlsx(comparison), content_type=XLSX)
    slug = slugify(access.call.title)[:60] or "call"
    filename = f"{slug}-{slugify(_('answers'))}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("calls/", call_list, name="call_list"),
    path("calls/<uuid:call_uuid>/", call_detail, name="call_detail"),
    path("calls/<uuid:call_uuid>/edit/", call_edit, name="call_edit"),
    path("calls/<uuid:call_uuid>/publish/", call_publish, name="call_publish"),
    path("calls/<uuid:call_uuid>/close/", call_close, name="call_close"),
    path("calls/<uuid:call_uuid>/answers/", call_answers, name="call_answers"),
    path(
        "calls/<uuid:call_uuid>/answers/export/",
        call_answers_export,
        name="call_answers_export",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/calls/",
        organisation_calls,
        name="organisation_calls",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/calls/new/",
        call_create,
        name="call_create",
    ),
]
