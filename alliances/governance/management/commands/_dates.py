from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone


def day_option(value: str | None) -> date:
    """The --date option of the governance commands, or today."""
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError("--date must be written YYYY-MM-DD.") from exc
