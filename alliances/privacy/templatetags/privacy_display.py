from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def personal_value(value) -> str:
    """One exported value, written for a person: dates in words, yes or no, a dash for
    nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return format_date(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, date):
        return format_date(value, "DATE_FORMAT")
    return str(value)
