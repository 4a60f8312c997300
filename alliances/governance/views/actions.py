"""Actions of a partnership: the list, assigning and editing one, moving its status, and the
list as a file."""

import csv
import io
from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.governance.access import get_in_partnership
from alliances.governance.forms.actions import (
    RETURN_MINE,
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
)
from alliances.governance.models import ActionItem, ActionStatus
from alliances.governance.selectors import actions as selectors
from alliances.governance.services import actions as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.exports import FORMULA_SIGNS

LIST = "governance/action_list.html"
FORM = "governance/action_form.html"
STATUS = "governance/action_status.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(access: PartnershipAccess, **extra) -> dict:
    return {
        "partnership": access.partnership,
        "access": access,
        "current": "governance",
        "section": "actions",
        "status_choices": ActionStatus.choices,
        **extra,
    }


def _list_url(access: PartnershipAccess) -> str:
    return reverse("governance:actions", args=[access.partnership.uuid])


def _closed(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    messages.error(request, _("This partnership is closed: its actions can no longer change."))
    return redirect(_list_url(access))


def _filtered(request: HttpRequest, access: PartnershipAccess):
    parties, owners = selectors.action_filter_choices_in_partnership(partnership=access.partnership)
    form = ActionFilterForm(request.GET or None, parties=parties, owners=owners)
    return form, form.filters()


@login_required
@require_safe
def action_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    form, filters = _filtered(request, access)
    today = timezone.localdate()
    context = _context(
        access,
        filter_form=form,
        filters=filters,
        groups=selectors.action_groups_in_partnership(
            partnership=partnership, filters=filters, today=today
        ),
        today=today,
        can_record=access.can(Action.RECORD_GOVERNANCE) and not partnership.is_closed,
        export_query=urlencode(filters.params()),
    )
    return render(request, LIST, context)


def _form_page(request, access, form, *, action=None) -> HttpResponse:
    context = _context(access, form=form, action=action)
    return render(request, FORM, context, status=400 if form.errors else 200)


def _prefill(request: HttpRequest, access: PartnershipAccess, form: ActionForm) -> None:
    """A new action opened from a meeting or a decision comes linked to it."""
    parties = access.parties_for(Action.RECORD_GOVERNANCE)
    if parties and str(parties[0].uuid) in form.parties:
        form.initial["owner_party"] = str(parties[0].uuid)
    meeting = form.meetings.get(request.GET.get("meeting", ""))
    decision = form.decisions.get(request.GET.get("decision", ""))
    if decision is not None:
        form.initial["decision"] = str(decision.uuid)
        if meeting is None and decision.meeting_id:
            meeting = next((m for m in form.meetings.values() if m.pk == decision.meeting_id), None)
    if meeting is not None:
        form.initial["meeting"] = str(meeting.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_GOVERNANCE
    )
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ActionForm(
        posted_data(request),
        choices=selectors.assign_choices_in_partnership(partnership=access.partnership),
        today=timezone.localdate(),
    )
    if request.method == "GET":
        _prefill(request, access, form)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(access=access, actor=request.user, **form.action_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The action “%(title)s” has been assigned.") % {"title": action.title}
            )
            return redirect(services.action_url(action))
    return _form_page(request, access, form)


def _action(access: PartnershipAccess, action_uuid: UUID) -> ActionItem:
    return get_in_partnership(ActionItem, access, action_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, partnership_uuid: UUID, action_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_GOVERNANCE
    )
    action = _action(access, action_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ActionForm(
        posted_data(request),
        initial={
            "title": action.title,
            "description": action.description,
            "owner_party": str(action.owner_party.uuid),
            "owner": str(action.owner.uuid) if action.owner else "",
            "due_on": action.due_on,
            "meeting": str(action.meeting.uuid) if action.meeting else "",
            "decision": str(action.decision.uuid) if action.decision else "",
        },
        choices=selectors.assign_choices_in_partnership(partnership=access.partnership),
        today=timezone.localdate(),
        action=action,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                access=access, actor=request.user, action=action, **form.action_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect(services.action_url(action))
    return _form_page(request, access, form, action=action)


@login_required
@require_POST
def action_status(request: HttpRequest, partnership_uuid: UUID, action_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    action = _action(access, action_uuid)
    if not services.may_change_status(access, action, request.user):
        raise PermissionDenied
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        context = _context(access, action=action, status_form=form)
        return render(request, STATUS, context, status=400)
    status = form.cleaned_data["status"]
    try:
        action = services.action_status_change(
            access=access, actor=request.user, action=action, status=status
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": action.title, "status": action.get_status_display()},
        )
    if form.cleaned_data.get("return_to") == RETURN_MINE:
        return redirect(reverse("me:actions") + f"#action-{action.uuid}")
    return redirect(services.action_url(action))


# The list as a file: the lines shown, with the same filters.


def _headers() -> list[str]:
    return [
        _("Action"),
        _("Details"),
        _("Party responsible"),
        _("Person responsible"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
        _("Meeting"),
        _("Decision"),
        _("Done on"),
    ]


def _row(action: ActionItem) -> list:
    completed = timezone.localdate(action.completed_at) if action.completed_at else None
    return [
        action.title,
        action.description,
        str(action.owner_party),
        str(action.owner) if action.owner else "",
        action.due_on,
        action.get_status_display(),
        _("Yes") if action.overdue else _("No"),
        action.meeting.title if action.meeting else "",
        str(action.decision) if action.decision else "",
        completed,
    ]


def _safe(value):
    """Text a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_SIGNS):
        return f"'{value}"
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return _safe(str(value))


def _csv(actions: list[ActionItem]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for action in actions:
        writer.writerow([_csv_cell(cell) for cell in _row(action)])
    # A byte-order mark and semicolons: the file opens as columns in French Excel.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(actions: list[ActionItem]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for action in actions:
        sheet.append([_safe(cell) for cell in _row(action)])
    for column in ("E", "J"):
        for cell in sheet[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    for position, width in enumerate([40, 40, 28, 24, 12, 14, 10, 28, 32, 12], start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
@require_safe
def actions_export(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    _form, filters = _filtered(request, access)
    actions = selectors.export_rows_in_partnership(
        partnership=access.partnership, filters=filters, today=timezone.localdate()
    )
    if request.GET.get("format") == "xlsx":
        content, content_type, extension = _xlsx(actions), XLSX, "xlsx"
    else:
        content, content_type, extension = _csv(actions), "text/csv; charset=utf-8", "csv"
    slug = slugify(access.partnership.title)[:60] or "partnership"
    filename = f"{slug}-{slugify(_('actions'))}-{timezone.localdate().isoformat()}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("actions/", action_list, name="actions"),
    path("actions/new/", action_create, name="action_create"),
    path("actions/export/", actions_export, name="actions_export"),
    path("actions/<uuid:action_uuid>/edit/", action_edit, name="action_edit"),
    path("actions/<uuid:action_uuid>/status/", action_status, name="action_status"),
]
