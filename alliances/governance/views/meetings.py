"""Meetings of the steering committee: the list, scheduling, one meeting's page with its
agenda, attendance and documents, and the minutes.

Every member of the partnership reads them; editors and administrators of any party schedule
and record them; each invitee sends their own apologies. The forms of a meeting's page come
back on that page, with their errors, when refused.
"""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.governance.access import get_in_partnership
from alliances.governance.forms.meetings import (
    AgendaItemForm,
    AgendaMoveForm,
    AttendanceForm,
    CancelForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
)
from alliances.governance.models import (
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from alliances.governance.selectors.committee import committee_in_partnership
from alliances.governance.selectors.meetings import (
    invitees_in_partnership,
    meeting_page_for_user,
    meetings_in_partnership,
)
from alliances.governance.services import meetings as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid

RECORD = Action.RECORD_GOVERNANCE


def _context(access: PartnershipAccess, **extra) -> dict:
    return {
        "partnership": access.partnership,
        "access": access,
        "current": "governance",
        "section": "meetings",
        **extra,
    }


def _can_record(access: PartnershipAccess) -> bool:
    return access.can(RECORD) and not access.partnership.is_closed


def _meeting(access: PartnershipAccess, meeting_uuid: UUID) -> Meeting:
    return get_in_partnership(Meeting, access, meeting_uuid)


def _detail_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("governance:meeting_detail", args=[meeting.partnership.uuid, meeting.uuid])
    return f"{url}#{anchor}" if anchor else url


def _closed(request: HttpRequest, url: str) -> HttpResponse:
    messages.error(
        request,
        _("This partnership is closed: its governance records can be read but not changed."),
    )
    return redirect(url)


@login_required
@require_safe
def meetings(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    context = _context(
        access,
        listing=meetings_in_partnership(partnership=partnership, now=timezone.now()),
        committee=committee_in_partnership(partnership=partnership),
        can_record=_can_record(access),
    )
    return render(request, "governance/meeting_list.html", context)


def _form_page(request, access, form, *, meeting=None) -> HttpResponse:
    context = _context(
        access,
        form=form,
        meeting=meeting,
        groups=form.invitee_groups(),
        time_zone=settings.TIME_ZONE,
    )
    status = 400 if form.errors else 200
    return render(request, "governance/meeting_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    partnership = access.partnership
    if partnership.is_closed:
        return _closed(request, reverse("governance:meetings", args=[partnership.uuid]))
    form = MeetingForm(
        posted_data(request), groups=invitees_in_partnership(partnership=partnership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                access=access,
                actor=request.user,
                data=form.meeting_data,
                invitees=form.invitee_users,
                agenda=form.cleaned_data["agenda"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The meeting is scheduled and the invitees have been told."),
            )
            return redirect(_detail_url(meeting))
    return _form_page(request, access, form)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    if access.partnership.is_closed:
        return _closed(request, _detail_url(meeting))
    if meeting.status != MeetingStatus.SCHEDULED:
        messages.error(request, _("This meeting is no longer scheduled: it can no longer change."))
        return redirect(_detail_url(meeting))
    form = MeetingForm(
        posted_data(request),
        groups=invitees_in_partnership(partnership=access.partnership),
        meeting=meeting,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_change(
                access=access,
                actor=request.user,
                meeting=meeting,
                data=form.meeting_data,
                invitees=form.invitee_users,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The meeting has been saved and the invitees told."))
            return redirect(_detail_url(meeting))
    return _form_page(request, access, form, meeting=meeting)


def _uninvited(access: PartnershipAccess, attendances) -> list:
    invited = {attendance.user_id for attendance in attendances}
    groups = invitees_in_partnership(partnership=access.partnership)
    return [i.user for group in groups for i in group.people if i.user.pk not in invited]


def _attendance_form(access, page, data=None) -> AttendanceForm:
    return AttendanceForm(
        data, attendances=page.attendances, candidates=_uninvited(access, page.attendances)
    )


def _detail_page(request, access, meeting, *, bound=None, status=200) -> HttpResponse:
    """The meeting's page; `bound` holds a refused form by name, shown with its errors."""
    bound = bound or {}
    page = meeting_page_for_user(meeting=meeting, user=request.user)
    now = timezone.now()
    can_record = _can_record(access)
    scheduled = meeting.status == MeetingStatus.SCHEDULED
    cancelled = meeting.status == MeetingStatus.CANCELLED
    started = meeting.starts_at <= now
    meeting.awaits_minutes = scheduled and meeting.ends_at <= now

    def form(name, make, allowed):
        return bound.get(name) or (make() if allowed else None)

    context = _context(
        access,
        meeting=meeting,
        page=page,
        started=started,
        can_record=can_record,
        can_edit=can_record and scheduled,
        can_write_minutes=can_record and not cancelled,
        can_send_apologies=(
            not access.partnership.is_closed
            and scheduled
            and not started
            and page.mine is not None
            and page.mine.status != AttendanceStatus.APOLOGIES
        ),
        agenda_form=form("agenda", AgendaItemForm, can_record and scheduled),
        cancel_form=form("cancel", CancelForm, can_record and scheduled),
        document_form=form("document", DocumentForm, can_record and not cancelled),
        attendance_form=form(
            "attendance",
            lambda: _attendance_form(access, page),
            can_record and started and not cancelled,
        ),
    )
    return render(request, "governance/meeting_detail.html", context, status=status)


@login_required
@require_safe
def meeting_detail(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _detail_page(request, access, _meeting(access, meeting_uuid))


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(
                access=access,
                actor=request.user,
                meeting=meeting,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The meeting is cancelled and the invitees have been told.")
            )
            return redirect(_detail_url(meeting))
    return _detail_page(request, access, meeting, bound={"cancel": form}, status=400)


@login_required
@require_POST
def agenda_item_add(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(
                access=access,
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The item has been added to the agenda."))
            return redirect(_detail_url(meeting, "agenda"))
    return _detail_page(request, access, meeting, bound={"agenda": form}, status=400)


def _agenda_item(meeting: Meeting, item_uuid: UUID) -> AgendaItem:
    item = get_object_or_404(AgendaItem, meeting=meeting, uuid=item_uuid)
    item.meeting = meeting
    return item


@login_required
@require_POST
def agenda_item_delete(
    request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID, item_uuid: UUID
):
    # Deleting needs no input: the button's POST is the whole request.
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    item = _agenda_item(meeting, item_uuid)
    try:
        services.agenda_item_delete(access=access, actor=request.user, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(item)s” is off the agenda.") % {"item": item.title})
    return redirect(_detail_url(meeting, "agenda"))


@login_required
@require_POST
def agenda_item_move(
    request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID, item_uuid: UUID
):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    item = _agenda_item(meeting, item_uuid)
    form = AgendaMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to move the item up or down."))
        return _detail_page(request, access, meeting, status=400)
    try:
        services.agenda_item_move(
            access=access, actor=request.user, item=item, direction=form.cleaned_data["direction"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_detail_url(meeting, f"item-{item.uuid}"))


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    page = meeting_page_for_user(meeting=meeting, user=request.user)
    form = _attendance_form(access, page, request.POST)
    if form.is_valid():
        try:
            services.attendance_record(
                access=access,
                actor=request.user,
                meeting=meeting,
                statuses=form.statuses,
                came=form.came_users,
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Attendance has been recorded."))
            return redirect(_detail_url(meeting, "attendance"))
    return _detail_page(request, access, meeting, bound={"attendance": form}, status=400)


@login_required
@require_POST
def meeting_apologies(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    # Sending one's apologies needs no input: the button's POST is the whole request.
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    meeting = _meeting(access, meeting_uuid)
    try:
        services.apologies_send(
            access=access, actor=request.user, meeting=meeting, now=timezone.now()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your apologies have been sent."))
    return redirect(_detail_url(meeting, "attendance"))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    if access.partnership.is_closed:
        return _closed(request, _detail_url(meeting))
    if meeting.status == MeetingStatus.CANCELLED:
        messages.error(request, _("This meeting was cancelled: it has no minutes."))
        return redirect(_detail_url(meeting))
    form = MinutesForm(posted_data(request), initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                access=access,
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                tell_invitees=form.cleaned_data["tell_invitees"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect(_detail_url(meeting, "minutes"))
    context = _context(access, meeting=meeting, form=form)
    status = 400 if form.errors else 200
    return render(request, "governance/meeting_minutes.html", context, status=status)


@login_required
@require_POST
def meeting_document_upload(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = services.meeting_document_add(
                access=access,
                actor=request.user,
                meeting=meeting,
                upload=form.cleaned_data["file"],
                content_type=form.content_type,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(name)s” is attached.") % {"name": document.name})
            return redirect(_detail_url(meeting, "documents"))
    return _detail_page(request, access, meeting, bound={"document": form}, status=400)


def _document(meeting: Meeting, document_uuid: UUID) -> MeetingDocument:
    document = get_object_or_404(MeetingDocument, meeting=meeting, uuid=document_uuid)
    document.meeting = meeting
    return document


@login_required
@require_safe
def meeting_document_download(
    request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID, document_uuid: UUID
):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    meeting = _meeting(access, meeting_uuid)
    document = _document(meeting, document_uuid)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError, OSError):
        context = _context(access, meeting=meeting, document=document)
        return render(request, "governance/meeting_document_missing.html", context, status=404)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@login_required
@require_POST
def meeting_document_delete(
    request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID, document_uuid: UUID
):
    # Deleting needs no input: the button's POST is the whole request.
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=RECORD)
    meeting = _meeting(access, meeting_uuid)
    document = _document(meeting, document_uuid)
    try:
        services.meeting_document_delete(access=access, actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": document.name})
    return redirect(_detail_url(meeting, "documents"))


MEETING = "meetings/<uuid:meeting_uuid>/"

urlpatterns = [
    path("meetings/", meetings, name="meetings"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path(MEETING, meeting_detail, name="meeting_detail"),
    path(MEETING + "edit/", meeting_edit, name="meeting_edit"),
    path(MEETING + "cancel/", meeting_cancel, name="meeting_cancel"),
    path(MEETING + "agenda/add/", agenda_item_add, name="agenda_item_add"),
    path(
        MEETING + "agenda/<uuid:item_uuid>/delete/", agenda_item_delete, name="agenda_item_delete"
    ),
    path(MEETING + "agenda/<uuid:item_uuid>/move/", agenda_item_move, name="agenda_item_move"),
    path(MEETING + "attendance/", meeting_attendance, name="meeting_attendance"),
    path(MEETING + "apologies/", meeting_apologies, name="meeting_apologies"),
    path(MEETING + "minutes/", meeting_minutes, name="meeting_minutes"),
    path(MEETING + "documents/", meeting_document_upload, name="meeting_document_upload"),
    path(
        MEETING + "documents/<uuid:document_uuid>/",
        meeting_document_download,
        name="meeting_document_download",
    ),
    path(
        MEETING + "documents/<uuid:document_uuid>/delete/",
        meeting_document_delete,
        name="meeting_document_delete",
    ),
]
