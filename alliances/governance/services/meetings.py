"""The steering committee's meetings: schedule, agenda, attendance, minutes, documents.

Writing needs the right to record governance (editors and administrators of any party),
except sending one's own apologies. A meeting's date, agenda and invitees change only while
it is scheduled; a cancelled meeting has no minutes; a closed partnership is read-only.
Invitees hear of a new, changed or cancelled meeting after commit, through `notify`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from alliances.core.permissions import Action
from alliances.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Concern,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from alliances.governance.selectors.meetings import invitee_parties_in_partnership
from alliances.governance.services.common import ensure_partnership_open
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Party
from alliances.partnerships.services.activity import activity_record, notify

# Longer than this is a typing mistake, not a meeting.
MAX_DURATION = timedelta(hours=12)
RECORDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT)


@dataclass(frozen=True)
class MeetingData:
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str = ""
    video_url: str = ""


def meeting_url(meeting: Meeting) -> str:
    return reverse("governance:meeting_detail", args=[meeting.partnership.uuid, meeting.uuid])


# Rules


def _ensure_records(access: PartnershipAccess, meeting: Meeting | None = None) -> None:
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    if meeting is not None and meeting.partnership_id != access.partnership.pk:
        raise PermissionDenied


def _ensure_scheduled(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            _("This meeting is no longer scheduled: it can no longer change."),
            code="meeting_not_scheduled",
        )


def _locked(access: PartnershipAccess, meeting: Meeting) -> Meeting:
    """The meeting read again under a lock, after the partnership was found open."""
    ensure_partnership_open(access.partnership)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.partnership = access.partnership
    return locked


def _clean(data: MeetingData, *, now: datetime | None = None) -> dict:
    """The meeting's values, or a ValidationError naming every problem. With `now`, a start
    in the past is refused (a new meeting)."""
    errors = {}
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = _("Give the meeting a title.")
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    elif data.ends_at - data.starts_at > MAX_DURATION:
        errors["ends_at"] = _("A meeting lasts at most 12 hours: check the times.")
    if now is not None and data.starts_at < now:
        errors["starts_at"] = _("This date has passed: choose a date and time to come.")
    place = " ".join((data.place or "").split())
    video_url = (data.video_url or "").strip()
    if not place and not video_url:
        errors["place"] = _("Give a place, a video link, or both.")
    if video_url and not video_url.lower().startswith("https://"):
        errors["video_url"] = _("Use a secure link, starting with https://.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "place": place,
        "video_url": video_url,
    }


def _parties_of(access: PartnershipAccess, users: Iterable) -> dict[int, Party]:
    users = list(users)
    found = invitee_parties_in_partnership(partnership=access.partnership, users=users)
    strangers = [str(user) for user in users if user.pk not in found]
    if strangers:
        raise ValidationError(
            {
                "invitees": _("Not a member of any party: %(people)s.")
                % {"people": ", ".join(strangers)}
            }
        )
    return found


def _invite(meeting: Meeting, users: Iterable, parties: dict, *, status=AttendanceStatus.INVITED):
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, user=user, party=parties[user.pk], status=status)
            for user in users
        ]
    )


def _invitees(meeting: Meeting) -> list:
    return [attendance.user for attendance in meeting.attendances.select_related("user")]


def _tell(users: Iterable, meeting: Meeting, *, actor, verb: str) -> None:
    people = [user for user in users if user.pk != getattr(actor, "pk", None) and user.is_active]
    if people:
        notify(
            users=people,
            partnership=meeting.partnership,
            verb=verb,
            url=meeting_url(meeting),
            # The start, so the e-mail says when without opening the page.
            data={"meeting": meeting.title, "starts": meeting.starts_at.isoformat()},
            actor=actor,
        )


def _record(meeting: Meeting, *, actor, verb: str, party=None, **data) -> None:
    activity_record(
        partnership=meeting.partnership,
        actor=actor,
        verb=verb,
        party=party,
        data={"meeting": meeting.title, **data},
    )


# Schedule


@transaction.atomic
def meeting_schedule(
    *,
    access: PartnershipAccess,
    actor,
    data: MeetingData,
    invitees: Iterable,
    agenda: Iterable[str] = (),
    now: datetime,
) -> Meeting:
    """Schedule a meeting with its first agenda items and invite people to it."""
    _ensure_records(access)
    ensure_partnership_open(access.partnership)
    values = _clean(data, now=now)
    invitees = list(invitees)
    if not invitees:
        raise ValidationError({"invitees": _("Invite at least one person.")})
    parties = _parties_of(access, invitees)
    meeting = Meeting(partnership=access.partnership, created_by=actor, **values)
    meeting.full_clean()
    meeting.save()
    items = [
        AgendaItem(meeting=meeting, position=position, title=title.strip(), created_by=actor)
        for position, title in enumerate((t for t in agenda if t.strip()), start=1)
    ]
    for item in items:
        item.full_clean(exclude=["meeting"])
    AgendaItem.objects.bulk_create(items)
    _invite(meeting, invitees, parties)
    _record(meeting, actor=actor, verb="meeting.scheduled")
    _tell(invitees, meeting, actor=actor, verb="meeting.scheduled")
    return meeting


@transaction.atomic
def meeting_change(
    *, access: PartnershipAccess, actor, meeting: Meeting, data: MeetingData, invitees: Iterable
) -> Meeting:
    """Change a scheduled meeting's details or invitees. Calendars see a new version
    (`sequence`), and everyone invited before or after the change is told."""
    _ensure_records(access, meeting)
    locked = _locked(access, meeting)
    _ensure_scheduled(locked)
    values = _clean(data)
    wanted = {user.pk: user for user in invitees}
    if not wanted:
        raise ValidationError({"invitees": _("Invite at least one person.")})
    parties = _parties_of(access, wanted.values())
    current = {a.user_id: a for a in locked.attendances.select_related("user")}
    added = [user for pk, user in wanted.items() if pk not in current]
    removed = [attendance for pk, attendance in current.items() if pk not in wanted]
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not (changed or added or removed):
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    locked.sequence += 1
    locked.full_clean()
    locked.save(update_fields=[*changed, "sequence", "updated_at"])
    Attendance.objects.filter(pk__in=[attendance.pk for attendance in removed]).delete()
    _invite(locked, added, parties)
    _record(locked, actor=actor, verb="meeting.changed")
    told = [*wanted.values(), *(attendance.user for attendance in removed)]
    _tell(told, locked, actor=actor, verb="meeting.changed")
    return locked


@transaction.atomic
def meeting_cancel(*, access: PartnershipAccess, actor, meeting: Meeting, reason: str) -> Meeting:
    _ensure_records(access, meeting)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled: invitees read it.")})
    locked = _locked(access, meeting)
    _ensure_scheduled(locked)
    locked.status = MeetingStatus.CANCELLED
    locked.cancel_reason = reason
    locked.sequence += 1
    locked.full_clean()
    locked.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    _record(locked, actor=actor, verb="meeting.cancelled")
    _tell(_invitees(locked), locked, actor=actor, verb="meeting.cancelled")
    return locked


# Agenda


@transaction.atomic
def agenda_item_add(
    *,
    access: PartnershipAccess,
    actor,
    meeting: Meeting,
    title: str,
    description: str = "",
    concern: Concern | None = None,
) -> AgendaItem:
    """Add an item at the end of a scheduled meeting's agenda."""
    if not access.can(Action.RECORD_GOVERNANCE):
        raise PermissionDenied
    if meeting.partnership_id != access.partnership.pk:
        raise PermissionDenied
    ensure_partnership_open(access.partnership)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            _("This meeting is no longer scheduled: its agenda can no longer change."),
            code="meeting_not_scheduled",
        )
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title.strip(),
        description=description.strip(),
        concern=concern,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    activity_record(
        partnership=access.partnership,
        actor=actor,
        verb="meeting.agenda_item_added",
        data={"meeting": meeting.title, "item": item.title},
    )
    return item


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_delete(*, access: PartnershipAccess, actor, item: AgendaItem) -> None:
    _ensure_records(access, item.meeting)
    locked = _locked(access, item.meeting)
    _ensure_scheduled(locked)
    locked.agenda_items.filter(pk=item.pk).delete()
    _renumber(list(locked.agenda_items.all()))


@transaction.atomic
def agenda_item_move(*, access: PartnershipAccess, actor, item: AgendaItem, direction: str) -> None:
    """Move an item one place up or down; at either end it stays where it is."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose to move the item up or down.")})
    _ensure_records(access, item.meeting)
    locked = _locked(access, item.meeting)
    _ensure_scheduled(locked)
    items = list(locked.agenda_items.all())
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This item is no longer on the agenda."), code="gone")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)


# Attendance and minutes


@transaction.atomic
def attendance_record(
    *,
    access: PartnershipAccess,
    actor,
    meeting: Meeting,
    statuses: dict[int, str],
    came: Iterable = (),
    now: datetime,
) -> Meeting:
    """Record who was present, sent apologies or was absent (by user id), and add people
    who came without being invited."""
    _ensure_records(access, meeting)
    locked = _locked(access, meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: there is no attendance to record."))
    if now < locked.starts_at:
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    attendances = {a.user_id: a for a in locked.attendances.all()}
    if set(statuses) - set(attendances):
        raise ValidationError(_("Some of these people are not invited: reload the page."))
    if any(status not in RECORDED_STATUSES for status in statuses.values()):
        raise ValidationError(_("Choose present, apologies or absent for each person."))
    changed = []
    for user_id, status in statuses.items():
        attendance = attendances[user_id]
        if attendance.status != status:
            attendance.status = status
            changed.append(attendance)
    Attendance.objects.bulk_update(changed, ["status"])
    came = [user for user in came if user.pk not in attendances]
    if came:
        _invite(locked, came, _parties_of(access, came), status=AttendanceStatus.PRESENT)
    _record(locked, actor=actor, verb="meeting.attendance_recorded")
    return locked


@transaction.atomic
def apologies_send(*, access: PartnershipAccess, actor, meeting: Meeting, now: datetime):
    """An invitee says they cannot come; whoever scheduled the meeting is told."""
    if meeting.partnership_id != access.partnership.pk:
        raise PermissionDenied
    locked = _locked(access, meeting)
    if locked.status != MeetingStatus.SCHEDULED or now >= locked.starts_at:
        raise ValidationError(_("Apologies are sent before the meeting starts."))
    attendance = locked.attendances.filter(user=actor).select_related("party").first()
    if attendance is None:
        raise ValidationError(_("You are not invited to this meeting."))
    if attendance.status == AttendanceStatus.APOLOGIES:
        return attendance
    attendance.status = AttendanceStatus.APOLOGIES
    attendance.save(update_fields=["status"])
    _record(locked, actor=actor, verb="meeting.apologies_sent", party=attendance.party)
    # Whoever scheduled the meeting is told, while they still act for a party.
    organiser = locked.created_by
    if organiser and invitee_parties_in_partnership(
        partnership=locked.partnership, users=[organiser]
    ):
        _tell([organiser], locked, actor=actor, verb="meeting.apologies_sent")
    return attendance


@transaction.atomic
def minutes_save(
    *,
    access: PartnershipAccess,
    actor,
    meeting: Meeting,
    minutes: str,
    now: datetime,
    tell_invitees: bool = True,
) -> Meeting:
    """Save the minutes (plain text); a meeting whose start has passed is then held."""
    _ensure_records(access, meeting)
    text = "\n".join(line.rstrip() for line in (minutes or "").strip().splitlines())
    if not text:
        raise ValidationError({"minutes": _("Write the minutes before saving them.")})
    locked = _locked(access, meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: it has no minutes."))
    held = locked.status == MeetingStatus.SCHEDULED and locked.starts_at <= now
    if text == locked.minutes and not held:
        return locked
    locked.minutes = text
    locked.minutes_updated_at = now
    if held:
        locked.status = MeetingStatus.HELD
    locked.full_clean()
    locked.save(update_fields=["minutes", "minutes_updated_at", "status", "updated_at"])
    _record(locked, actor=actor, verb="meeting.minutes_saved")
    if tell_invitees:
        _tell(_invitees(locked), locked, actor=actor, verb="meeting.minutes_saved")
    return locked


# Documents


def document_size_check(size: int) -> None:
    maximum = settings.GOVERNANCE_DOCUMENT_MAX_BYTES
    if not size:
        raise ValidationError({"file": _("This file is empty.")}, code="document_empty")
    if size > maximum:
        raise ValidationError(
            {
                "file": _("This file is too large: at most %(size)s.")
                % {"size": filesizeformat(maximum)}
            },
            code="document_size",
        )


def _display_name(raw: str) -> str:
    """The name people see and download: the file's own name, without any folder."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "document"
    if len(name) > 200:
        suffix = PurePath(name).suffix[:20]
        name = name[: 200 - len(suffix)] + suffix
    return name


@transaction.atomic
def meeting_document_add(
    *, access: PartnershipAccess, actor, meeting: Meeting, upload, content_type: str
) -> MeetingDocument:
    """Attach a file whose type the caller has checked by its name and content
    (`forms.meetings.document_content_type`)."""
    _ensure_records(access, meeting)
    locked = _locked(access, meeting)
    if locked.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting was cancelled: documents can no longer be added."))
    name = _display_name(upload.name)
    document_size_check(upload.size)
    document = MeetingDocument(
        meeting=locked, name=name, size=upload.size, content_type=content_type, uploaded_by=actor
    )
    document.file.save(name, upload, save=False)
    stored = document.file.name
    # The file is written before the row: if the row is not saved, nothing must stay behind.
    try:
        with transaction.atomic():
            document.full_clean()
            document.save()
            _record(locked, actor=actor, verb="meeting.document_added", document=name)
    except Exception:
        default_storage.delete(stored)
        raise
    return document


@transaction.atomic
def meeting_document_delete(*, access: PartnershipAccess, actor, document: MeetingDocument) -> None:
    _ensure_records(access, document.meeting)
    _locked(access, document.meeting)
    stored = document.file.name
    MeetingDocument.objects.filter(pk=document.pk).delete()
    # Only once the row is gone for good: a rolled-back deletion keeps its file.
    transaction.on_commit(lambda: default_storage.delete(stored), robust=True)
