"""A meeting as an iCalendar file, for any member of the partnership to add to their calendar."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from alliances.governance.access import get_in_partnership
from alliances.governance.ical import CONTENT_TYPE, meeting_calendar
from alliances.governance.models import Meeting
from alliances.partnerships.access import access_partnership_by_uuid


def meeting_filename(meeting: Meeting) -> str:
    """ASCII only, so that every browser and mail program keeps the name as it is."""
    title = slugify(meeting.title)[:60].strip("-") or "meeting"
    return f"{title}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.ics"


@login_required
@require_safe
def meeting_ics(request: HttpRequest, partnership_uuid: UUID, meeting_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    meeting = get_in_partnership(Meeting, access, meeting_uuid)
    body = meeting_calendar(meeting, meeting.agenda_items.all())
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=meeting_filename(meeting)
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response


urlpatterns = [
    path("meetings/<uuid:meeting_uuid>/meeting.ics", meeting_ics, name="meeting_ics"),
]
