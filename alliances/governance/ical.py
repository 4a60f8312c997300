"""iCalendar documents (RFC 5545) for steering meetings and action due dates.

Calendar programs recognise an event by its UID and take a higher SEQUENCE as a newer version
of it, so a moved or cancelled meeting updates the copy people already have instead of adding
a second one. Times are written in UTC: no VTIMEZONE block to get wrong, and every program
shows them in the reader's own time zone. Escaping and line folding are left to `icalendar`.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from alliances.governance.models import ActionItem, AgendaItem, Meeting, MeetingStatus
from alliances.governance.services.actions import action_url

PRODID = "-//Alliances//Governance//FR"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often subscribed calendars should fetch the feed again. Google and Outlook decide for
# themselves (often every few hours); Apple Calendar and Thunderbird follow the hint.
FEED_REFRESH = timedelta(hours=1)


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uuid}@{site_host()}"


def action_uid(action: ActionItem) -> str:
    return f"action-{action.uuid}@{site_host()}"


def meeting_page_url(meeting: Meeting) -> str:
    path = reverse("governance:meeting_detail", args=[meeting.partnership.uuid, meeting.uuid])
    return settings.SITE_URL + path


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _meeting_description(meeting: Meeting, agenda_items: Iterable[AgendaItem], url: str) -> str:
    parts = []
    if meeting.status == MeetingStatus.CANCELLED:
        cancelled = _("This meeting is cancelled.")
        if meeting.cancel_reason:
            cancelled += " " + meeting.cancel_reason
        parts.append(cancelled)
    items = [f"{number}. {item.title}" for number, item in enumerate(agenda_items, start=1)]
    if items:
        parts.append(_("Agenda:") + "\n" + "\n".join(items))
    if meeting.video_url:
        parts.append(_("Video link: %(url)s") % {"url": meeting.video_url})
    parts.append(_("Meeting page: %(url)s") % {"url": url})
    return "\n\n".join(parts)


def meeting_event(meeting: Meeting, agenda_items: Iterable[AgendaItem]) -> Event:
    """One meeting; `meeting.partnership` must be loaded."""
    url = meeting_page_url(meeting)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    # The time of the last change, not of this download: the same version of a meeting
    # always reads the same.
    event.add("dtstamp", _utc(meeting.updated_at))
    event.add("last-modified", _utc(meeting.updated_at))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", f"{meeting.title} · {meeting.partnership.title}")
    location = meeting.place or meeting.video_url
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("description", _meeting_description(meeting, agenda_items, url))
    event.add("sequence", meeting.sequence)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def action_event(action: ActionItem) -> Event:
    """An all-day event on an action's due date; `action.partnership` must be loaded."""
    event = Event()
    event.add("uid", action_uid(action))
    event.add("dtstamp", _utc(action.updated_at))
    event.add("last-modified", _utc(action.updated_at))
    event.add("dtstart", action.due_on)
    event.add("dtend", action.due_on + timedelta(days=1))
    event.add("summary", _("Due: %(title)s") % {"title": action.title})
    url = settings.SITE_URL + action_url(action)
    description = [action.partnership.title]
    if action.description:
        description.append(action.description)
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    # A due date is a reminder, not a meeting: it must not mark the day as busy.
    event.add("transp", "TRANSPARENT")
    return event


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def meeting_calendar(meeting: Meeting, agenda_items: Iterable[AgendaItem]) -> bytes:
    """The file offered for download on a meeting's page."""
    calendar = _calendar()
    calendar.add_component(meeting_event(meeting, agenda_items))
    return calendar.to_ical()


def feed_calendar(
    *, name: str, meetings: Iterable[Meeting], actions: Iterable[ActionItem]
) -> bytes:
    """A person's subscribed calendar: meetings (with their agenda items prefetched) and the
    due dates of their actions."""
    calendar = _calendar()
    title = f"Alliances – {name}"
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, meeting.agenda_items.all()))
    for action in actions:
        calendar.add_component(action_event(action))
    return calendar.to_ical()
