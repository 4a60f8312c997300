"""Background work of partnerships: e-mails. Tasks load objects and call plain functions."""

import logging

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from alliances.partnerships.events import describe
from alliances.partnerships.models import Notification, Party

logger = logging.getLogger(__name__)


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"partnerships/email/{template}_subject.txt", context)
        body = render_to_string(f"partnerships/email/{template}_body.txt", context)
    return " ".join(subject.split()), body


@task()
def notification_emails_send(*, notification_ids: list[int], language: str) -> int:
    """Send each notification not yet e-mailed; running twice sends nothing twice."""
    sent = 0
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("user")
    for notification in pending:
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        with translation.override(language):
            text = describe(notification.verb, notification.data)
        context = {
            "text": text,
            "partnership": notification.data.get("partnership", ""),
            "url": settings.SITE_URL + notification.url if notification.url else settings.SITE_URL,
            "user": notification.user,
            "site_url": settings.SITE_URL,
        }
        subject, body = _render("notification", context, language)
        mail.EmailMessage(subject=subject, body=body, to=[notification.user.email]).send()
        sent += 1
    return sent


@task()
def party_invitation_email_send(*, party_id: int, url: str, inviter: str, language: str) -> int:
    """The invitation sent to someone whose organisation is not in the directory yet."""
    party = Party.objects.select_related("partnership").filter(pk=party_id).first()
    if party is None or not party.invited_email:
        return 0
    context = {
        "party": party,
        "partnership": party.partnership,
        "inviter": inviter,
        "url": settings.SITE_URL + url,
        "site_url": settings.SITE_URL,
    }
    subject, body = _render("invitation", context, language)
    mail.EmailMessage(subject=subject, body=body, to=[party.invited_email]).send()
    return 1
