"""Forms of the meetings pages. Dates and times are typed in the site's time zone
(settings.TIME_ZONE) and become aware datetimes here; the rules about what a meeting needs
live in the service. Uploaded documents are judged by their name AND their content."""

from datetime import datetime, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliances.governance.models import AgendaItem, AttendanceStatus, Meeting
from alliances.governance.selectors.meetings import InviteeGroup
from alliances.governance.services.meetings import (
    RECORDED_STATUSES,
    MeetingData,
    document_size_check,
)
from alliances.lib.richtext import with_formatting_help
from alliances.lib.uploads import content_matches
from alliances.partnerships.forms.contributions import DateInput

MAX_AGENDA_ITEMS = 30
DURATIONS = [
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (90, _("1 hour 30")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("4 hours")),
]
# A service error about the meeting's times is shown on the field where they were typed.
SERVICE_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def site_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput)
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=TimeInput,
        help_text=_("Or leave empty and choose how long it lasts."),
    )
    duration = forms.TypedChoiceField(
        label=_("Duration"),
        choices=DURATIONS,
        coerce=int,
        initial=120,
        required=False,
        help_text=_("Used when there is no end time."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("The address or the room. Give a place, a video link, or both."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For example https://visio.example.org/comite. Secure links only (https)."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line. You can add, remove and reorder items later."),
    )
    invitees = forms.MultipleChoiceField(
        label=_("Invitees"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Invite at least one person."),
            "invalid_choice": _("Some of these people can no longer be invited: reload the page."),
        },
    )

    def __init__(self, *args, groups: list[InviteeGroup], meeting: Meeting | None = None, **kwargs):
        self.groups = groups
        self.people = {str(i.user.uuid): i.user for group in groups for i in group.people}
        if meeting is None:
            initial = {
                "title": _("Steering committee"),
                "duration": 120,
                "invitees": [
                    str(i.user.uuid) for group in groups for i in group.people if i.on_committee
                ],
            }
        else:
            starts = timezone.localtime(meeting.starts_at, site_zone())
            ends = timezone.localtime(meeting.ends_at, site_zone())
            initial = {
                "title": meeting.title,
                "date": starts.date(),
                "start_time": starts.time(),
                "end_time": ends.time(),
                "place": meeting.place,
                "video_url": meeting.video_url,
                "invitees": [str(a.user.uuid) for a in meeting.attendances.select_related("user")],
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["invitees"].choices = [(key, str(user)) for key, user in self.people.items()]
        if meeting is not None:
            # Once scheduled, the agenda is kept item by item on the meeting's page.
            del self.fields["agenda"]

    def invitee_groups(self) -> list[dict]:
        """The invitees' checkboxes, grouped by party, as the person left them."""
        chosen = {str(value) for value in (self["invitees"].value() or [])}
        return [
            {
                "party": group.party,
                "people": [
                    {
                        "key": str(i.user.uuid),
                        "user": i.user,
                        "on_committee": i.on_committee,
                        "checked": str(i.user.uuid) in chosen,
                    }
                    for i in group.people
                ],
            }
            for group in self.groups
        ]

    def clean_agenda(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_AGENDA_ITEMS:
            raise ValidationError(
                _("At most %(count)s items: group some of them.") % {"count": MAX_AGENDA_ITEMS}
            )
        limit = AgendaItem._meta.get_field("title").max_length
        for number, line in enumerate(lines, start=1):
            if len(line) > limit:
                raise ValidationError(
                    _("Item %(number)s is too long: keep each item under %(limit)s characters.")
                    % {"number": number, "limit": limit}
                )
        return lines

    def clean(self):
        cleaned = super().clean()
        day, start = cleaned.get("date"), cleaned.get("start_time")
        if day is None or start is None:
            return cleaned
        zone = site_zone()
        starts_at = timezone.make_aware(datetime.combine(day, start), zone)
        end = cleaned.get("end_time")
        if end is not None:
            ends_at = timezone.make_aware(datetime.combine(day, end), zone)
        else:
            minutes = cleaned.get("duration") or 120
            ends_at = starts_at + timedelta(minutes=minutes)
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        return cleaned

    @property
    def meeting_data(self) -> MeetingData:
        data = self.cleaned_data
        return MeetingData(
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            place=data.get("place", ""),
            video_url=data.get("video_url", ""),
        )

    @property
    def invitee_users(self) -> list:
        return [self.people[key] for key in self.cleaned_data["invitees"]]

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            name = SERVICE_FIELDS.get(name, name)
            self.add_error(name if name in self.fields else None, errors)


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("New item"),
        max_length=300,
        error_messages={"required": _("Write the item to add.")},
    )
    description = forms.CharField(
        label=_("Details (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AgendaMoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=[("up", _("Up")), ("down", _("Down"))],
        error_messages={"required": _("Choose to move the item up or down.")},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The invitees receive it with the cancellation."),
        error_messages={"required": _("Say why the meeting is cancelled: invitees read it.")},
    )


class AttendanceForm(forms.Form):
    """One choice per invitee (present, apologies, absent), and someone who came uninvited."""

    came = forms.ChoiceField(
        label=_("Someone else came"),
        required=False,
        help_text=_("A member of one of the parties who was not invited."),
    )

    def __init__(self, *args, attendances: list, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendances = attendances
        choices = [(status.value, status.label) for status in RECORDED_STATUSES]
        for attendance in attendances:
            initial = attendance.status
            if initial == AttendanceStatus.INVITED:
                initial = None
            self.fields[self.field_name(attendance)] = forms.ChoiceField(
                label=str(attendance.user),
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose present, apologies or absent.")},
            )
        self.candidates = {str(user.uuid): user for user in candidates}
        self.fields["came"].choices = [("", _("Nobody else"))] + [
            (key, str(user)) for key, user in self.candidates.items()
        ]

    @staticmethod
    def field_name(attendance) -> str:
        return f"status_{attendance.user.uuid}"

    def rows(self) -> list:
        return [(attendance, self[self.field_name(attendance)]) for attendance in self.attendances]

    def clean(self):
        cleaned = super().clean()
        if not self.attendances and not cleaned.get("came"):
            raise ValidationError(_("Nobody was invited: choose who came."))
        return cleaned

    @property
    def statuses(self) -> dict[int, str]:
        return {
            attendance.user_id: self.cleaned_data[self.field_name(attendance)]
            for attendance in self.attendances
        }

    @property
    def came_users(self) -> list:
        key = self.cleaned_data.get("came")
        return [self.candidates[key]] if key else []


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=with_formatting_help(
            _(
                "Who said what, what was decided, who does what. Leave a blank line between "
                "paragraphs."
            )
        ),
        error_messages={"required": _("Write the minutes before saving them.")},
    )
    tell_invitees = forms.BooleanField(
        label=_("Let the invitees know by e-mail"), required=False, initial=True
    )


# Documents

OOXML = "application/vnd.openxmlformats-officedocument"
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": f"{OOXML}.wordprocessingml.document",
    "xlsx": f"{OOXML}.spreadsheetml.sheet",
    "pptx": f"{OOXML}.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "txt": "text/plain",
}


def document_content_type(upload, name: str) -> str:
    """The content type of an acceptable document, judged by its name AND its content; a
    ValidationError saying what is wrong otherwise."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _(
                "Files of this type are not accepted. Send a PDF, a Word, Excel, PowerPoint or "
                "OpenDocument file, a PNG or JPEG image, or a CSV or text file."
            ),
            code="document_type",
        )
    # Office files go through the archive checks first (zip bombs, unsafe part names), which
    # refuse with their own message.
    if content_matches(upload, extension):
        return DOCUMENT_TYPES[extension]
    if extension in ("csv", "txt"):
        message = _("This text file could not be read: save it as UTF-8 text and try again.")
    else:
        message = _(
            "This file's content does not match its name (.%(extension)s): it may be damaged. "
            "Save it again from the program that made it."
        ) % {"extension": extension}
    raise ValidationError(message, code="document_content")


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        error_messages={
            "required": _("Choose the file to attach."),
            "empty": _("This file is empty."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or text; at most %(size)s."
        ) % {"size": filesizeformat(settings.GOVERNANCE_DOCUMENT_MAX_BYTES)}
        self.content_type = ""

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            # The size first: a huge file is refused before its content is read.
            document_size_check(upload.size)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["file"]) from None
        self.content_type = document_content_type(upload, upload.name)
        return upload
