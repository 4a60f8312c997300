"""Introductions: a first message to a suggested partner, sent through the platform.

The recipients are the administrators of the organisation written to, each by a separate
e-mail; neither side sees the other's addresses, and the answer goes through the platform
(a proposal, or the sender's public profile). Limits keep it from turning into bulk mail: a
number of messages per person per day, and a pause before the same organisation writes to
the same organisation again.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alliances.core.audit import audit_record
from alliances.core.permissions import Action, Role, role_allows
from alliances.lib.emails import templated_email_send
from alliances.matching.models import Introduction
from alliances.organisations.models import Membership, Organisation
from alliances.partnerships.models import Notification
from alliances.partnerships.services.activity import notify

EMAIL_TEMPLATE = "matching/email/introduction_received"
VERB = "introduction.received"


def introductions_sent_recently(*, sender, now=None) -> int:
    """How many introductions this person sent in the last 24 hours."""
    now = now or timezone.now()
    return Introduction.objects.filter(
        sender=sender, created_at__gt=now - timedelta(hours=24)
    ).count()


def daily_limit() -> int:
    return settings.MATCHING_INTRODUCTIONS_PER_DAY


def introductions_left(*, sender, now=None) -> int:
    """How many more introductions this person may send now."""
    return max(0, daily_limit() - introductions_sent_recently(sender=sender, now=now))


def introduction_administrators(*, organisation: Organisation) -> list:
    """The people an introduction to this organisation reaches: its active administrators."""
    memberships = Membership.objects.filter(
        organisation=organisation, role=Role.ADMIN, user__is_active=True
    ).select_related("user")
    return [membership.user for membership in memberships.order_by("user__pk")]


def introduction_refusal(*, from_organisation: Organisation, to_organisation: Organisation):
    """Why this organisation cannot be written to at all, whoever writes; None when it can.
    (The limits on the sender are checked when sending.)"""
    name = to_organisation.name
    if from_organisation.pk == to_organisation.pk:
        return _("An organisation cannot send an introduction to itself.")
    if not to_organisation.is_active or to_organisation.dissolved_on:
        return _("%(name)s is no longer active: it cannot receive introductions.") % {"name": name}
    if not to_organisation.accepts_introductions:
        return _(
            "%(name)s does not accept introduction messages; its public contact details are "
            "on its profile."
        ) % {"name": name}
    return None


def _cooldown_refusal(from_organisation: Organisation, to_organisation: Organisation, now):
    days = settings.MATCHING_INTRODUCTION_COOLDOWN_DAYS
    last = (
        Introduction.objects.filter(
            from_organisation=from_organisation,
            to_organisation=to_organisation,
            created_at__gt=now - timedelta(days=days),
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return None
    return _(
        "%(sender)s already introduced itself to %(name)s on %(date)s. You may write to them "
        "again from %(next)s; meanwhile, you can propose a partnership to them."
    ) % {
        "sender": from_organisation.name,
        "name": to_organisation.name,
        "date": date_format(timezone.localtime(last), "DATE_FORMAT"),
        "next": date_format(timezone.localtime(last + timedelta(days=days)), "DATE_FORMAT"),
    }


def _absolute(path: str) -> str:
    return settings.SITE_URL + path if path else ""


def _optional_url(name: str, **kwargs) -> str:
    try:
        return _absolute(reverse(name, kwargs=kwargs))
    except NoReverseMatch:
        return ""


def sender_name(user) -> str:
    """The person's name as recipients read it; never their e-mail address."""
    return (getattr(user, "full_name", "") or "").strip() or _("A member")


def _email_context(intro: Introduction, sender) -> dict:
    source = intro.from_organisation
    public = source.is_public
    return {
        "introduction": intro,
        "subject": intro.subject,
        "message": intro.message,
        "sender_name": sender_name(sender),
        "from_organisation": source,
        "to_organisation": intro.to_organisation,
        "profile_url": _absolute(reverse("organisations:detail", args=[source.uuid]))
        if public
        else "",
        "propose_url": _optional_url("matching:proposal_create", organisation_uuid=source.uuid),
        "settings_url": _absolute(reverse("organisations:edit", args=[intro.to_organisation.uuid])),
        "site_url": settings.SITE_URL,
    }


def _send_emails(recipients: list[tuple[str, dict]]) -> None:
    for address, context in recipients:
        # One message per person: nobody sees who else received it.
        templated_email_send(to=address, template=EMAIL_TEMPLATE, context=context)


@transaction.atomic
def introduction_send(
    *,
    sender,
    from_organisation: Organisation,
    to_organisation: Organisation,
    subject: str,
    message: str,
) -> Introduction:
    """Send an introduction from one organisation to the administrators of another."""
    # One person's sends run one after the other, so two at once cannot pass the limit.
    get_user_model().objects.select_for_update().filter(pk=sender.pk).first()
    membership = Membership.objects.filter(user=sender, organisation=from_organisation).first()
    if membership is None or not role_allows(membership.role, Action.FIND_PARTNERS):
        raise PermissionDenied
    refusal = introduction_refusal(
        from_organisation=from_organisation, to_organisation=to_organisation
    )
    if refusal:
        raise ValidationError(refusal, code="refused")
    administrators = introduction_administrators(organisation=to_organisation)
    if not administrators:
        raise ValidationError(
            _(
                "%(name)s has no administrator on Alliances yet, so nobody would read your "
                "message; its public contact details are on its profile."
            )
            % {"name": to_organisation.name},
            code="no_administrator",
        )
    now = timezone.now()
    sent = introductions_sent_recently(sender=sender, now=now)
    if sent >= daily_limit():
        raise ValidationError(
            ngettext(
                "You have sent %(count)s introduction in the last 24 hours; try again tomorrow.",
                "You have sent %(count)s introductions in the last 24 hours; try again tomorrow.",
                sent,
            )
            % {"count": sent},
            code="daily_limit",
        )
    cooldown = _cooldown_refusal(from_organisation, to_organisation, now)
    if cooldown:
        raise ValidationError(cooldown, code="cooldown")
    intro = Introduction(
        sender=sender,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        subject=" ".join((subject or "").split()),
        message=(message or "").strip(),
        recipients=len(administrators),
    )
    intro.full_clean()
    intro.save()
    audit_record(
        actor=sender,
        verb="introduction.sent",
        obj=intro,
        organisation_uuid=from_organisation.uuid,
        data={"to": str(to_organisation.uuid), "recipients": len(administrators)},
    )
    notifications = notify(
        users=administrators,
        partnership=None,
        verb=VERB,
        url=reverse("organisations:detail", args=[from_organisation.uuid])
        if from_organisation.is_public
        else "",
        # The name only: `notify` would fall back on the sender's e-mail address.
        data={
            "actor": sender_name(sender),
            "from": from_organisation.name,
            "to": to_organisation.name,
            "subject": intro.subject,
        },
    )
    # The introduction e-mail below already tells them, with the message itself: the
    # notification stays in the site only.
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    context = _email_context(intro, sender)
    recipients = [(user.email, {**context, "recipient": user}) for user in administrators]
    transaction.on_commit(lambda: _send_emails(recipients), robust=True)
    return intro
