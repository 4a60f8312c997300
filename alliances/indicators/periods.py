"""Reporting periods: pure functions of a date and a frequency.

A period is named by its first day. Deadlines fall a fixed number of days after the period
ends (settings.REPORTING_GRACE_DAYS).
"""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.translation import gettext as _

MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start(day: date, frequency: str) -> date:
    """The first day of the period that contains `day`."""
    months = MONTHS_PER_PERIOD[frequency]
    month = (day.month - 1) // months * months + 1
    return date(day.year, month, 1)


def period_end(start: date, frequency: str) -> date:
    """The last day of the period that starts on `start`."""
    return _add_months(start, MONTHS_PER_PERIOD[frequency]) - timedelta(days=1)


def next_period(start: date, frequency: str) -> date:
    return _add_months(start, MONTHS_PER_PERIOD[frequency])


def periods_between(first: date, last: date, frequency: str) -> Iterator[date]:
    """Starts of every period from the one containing `first` to the one containing `last`."""
    current = period_start(first, frequency)
    while current <= last:
        yield current
        current = next_period(current, frequency)


def deadline(start: date, frequency: str, grace_days: int) -> date:
    return period_end(start, frequency) + timedelta(days=grace_days)


def period_label(start: date, frequency: str) -> str:
    """ "March 2026", "Q1 2026", "H1 2026", "2026" (translated)."""
    if frequency == "monthly":
        from django.utils.formats import date_format

        return date_format(start, "F Y")
    if frequency == "quarterly":
        return _("Q%(number)s %(year)s") % {
            "number": (start.month - 1) // 3 + 1,
            "year": start.year,
        }
    if frequency == "half_yearly":
        return _("H%(number)s %(year)s") % {
            "number": (start.month - 1) // 6 + 1,
            "year": start.year,
        }
    return str(start.year)
