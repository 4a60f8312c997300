"""Reads of the steering committee and its meetings."""

from datetime import datetime

from alliances.governance.models import Meeting, MeetingStatus
from alliances.partnerships.models import Partnership


def next_meeting_in_partnership(*, partnership: Partnership, now: datetime) -> Meeting | None:
    """The next scheduled meeting that has not started yet."""
    return (
        Meeting.objects.filter(
            partnership=partnership, status=MeetingStatus.SCHEDULED, starts_at__gt=now
        )
        .order_by("starts_at", "id")
        .first()
    )
