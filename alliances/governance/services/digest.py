"""The weekly e-mail digest and each person's choice to receive it.

The digest is on for everyone with a verified address until they opt out. The preference row
is created the first time it is needed (a choice saved, or a first digest, whose e-mail
carries its one-click unsubscribe link). The weekly job is idempotent: a digest is sent only
by whoever moves `last_week_sent` forward with a conditional UPDATE.
"""

import logging
import secrets
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from alliances.core.audit import audit_record
from alliances.governance.models import DigestPreference
from alliances.governance.selectors.digest import (
    WeeklyDigest,
    digest_recipients,
    digest_week_key,
    weekly_digest_for_user,
)
from alliances.governance.services.actions import action_url
from alliances.lib.emails import templated_email_send
from alliances.partnerships.events import describe

logger = logging.getLogger(__name__)


def _new_preference(user, *, weekly: bool = True) -> DigestPreference:
    preference = DigestPreference(
        user=user, weekly=weekly, unsubscribe_token=secrets.token_urlsafe(32)
    )
    preference.full_clean()
    return preference


def digest_preference_ensure(*, user) -> DigestPreference:
    """The user's preference row, created (subscribed) when missing."""
    found = DigestPreference.objects.filter(user=user).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            preference = _new_preference(user)
            preference.save()
            return preference
    except IntegrityError:
        # Made at the same moment by another run or request: use theirs.
        return DigestPreference.objects.get(user=user)


@transaction.atomic
def digest_preference_set(*, user, weekly: bool) -> DigestPreference:
    preference = digest_preference_ensure(user=user)
    if preference.weekly != weekly:
        preference.weekly = weekly
        preference.save(update_fields=["weekly"])
        audit_record(
            actor=user,
            verb="digest.subscribed" if weekly else "digest.unsubscribed",
            obj=user,
        )
    return preference


@transaction.atomic
def digest_unsubscribe(*, preference: DigestPreference) -> DigestPreference:
    """Turn the digest off from the link in an e-mail (no login: the token is the key)."""
    updated = DigestPreference.objects.filter(pk=preference.pk, weekly=True).update(weekly=False)
    preference.weekly = False
    if updated:
        audit_record(
            actor=None,
            verb="digest.unsubscribed",
            obj=preference.user,
            data={"by": "unsubscribe_link"},
        )
    return preference


def _claim(preference: DigestPreference, week: date) -> bool:
    """Whoever moves `last_week_sent` to this week sends; a second run finds it moved."""
    not_sent = Q(last_week_sent__isnull=True) | Q(last_week_sent__lt=week)
    claimed = DigestPreference.objects.filter(not_sent, pk=preference.pk, weekly=True).update(
        last_week_sent=week
    )
    return bool(claimed)


def _release(preference: DigestPreference, week: date, previous: date | None) -> None:
    """The e-mail could not leave: let the next run try again."""
    DigestPreference.objects.filter(pk=preference.pk, last_week_sent=week).update(
        last_week_sent=previous
    )


def weekly_digests_send(*, today: date) -> int:
    """E-mail each subscribed person what happened in their partnerships in the seven days
    before `today` and what is coming; returns the number of e-mails sent. Running it again
    in the same calendar week sends nothing more (see `digest_week_key`)."""
    week = digest_week_key(today)
    preferences = {
        preference.user_id: preference
        for preference in DigestPreference.objects.filter(user__in=digest_recipients())
    }
    sent = 0
    for user in digest_recipients():
        preference = preferences.get(user.pk)
        if (
            preference is not None
            and preference.last_week_sent
            and (preference.last_week_sent >= week)
        ):
            continue
        digest = weekly_digest_for_user(user=user, today=today)
        if digest.is_empty:
            continue
        if preference is None:
            preference = digest_preference_ensure(user=user)
        previous = preference.last_week_sent
        if not _claim(preference, week):
            continue
        if _send(digest, preference):
            sent += 1
        else:
            _release(preference, week, previous)
    return sent


def _site(path: str) -> str:
    return settings.SITE_URL + path


def _context(digest: WeeklyDigest, preference: DigestPreference) -> dict:
    sections = []
    for section in digest.partnerships:
        partnership = section.partnership
        args = [partnership.uuid]
        sections.append(
            {
                "partnership": partnership,
                "url": _site(reverse("governance:overview", args=args)),
                "activity_url": _site(reverse("partnerships:activity", args=args)),
                "lines": [
                    {"text": describe(line.verb, line.data), "at": line.created_at}
                    for line in section.activities
                ],
                "more_lines": section.more_activities,
                "actions": [
                    {
                        "action": action,
                        "url": _site(action_url(action)),
                        "overdue": action.due_on < digest.today,
                    }
                    for action in section.actions
                ],
                "meetings": [
                    {
                        "meeting": meeting,
                        "url": _site(
                            reverse("governance:meeting_detail", args=[*args, meeting.uuid])
                        ),
                    }
                    for meeting in section.meetings
                ],
                "decisions": [
                    {
                        "decision": decision,
                        "url": _site(
                            reverse("governance:decision_detail", args=[*args, decision.uuid])
                        ),
                    }
                    for decision in section.decisions
                ],
                "health_round": section.health_round,
                "health_url": (
                    _site(
                        reverse("governance:health_answer", args=[*args, section.health_round.uuid])
                    )
                    if section.health_round
                    else ""
                ),
            }
        )
    return {
        "user": digest.user,
        "digest": digest,
        "sections": sections,
        "settings_url": _site(reverse("me:digest")),
        "unsubscribe_url": _site(
            reverse("me:digest_unsubscribe", args=[preference.unsubscribe_token])
        ),
        "site_url": settings.SITE_URL,
    }


def _send(digest: WeeklyDigest, preference: DigestPreference) -> bool:
    user = digest.user
    with translation.override(settings.LANGUAGE_CODE):
        context = _context(digest, preference)
    return templated_email_send(
        to=user.email,
        template="governance/emails/digest",
        context=context,
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            # RFC 8058: mail programs may turn it off with one POST to that address.
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
