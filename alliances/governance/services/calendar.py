"""A person's secret calendar address: made, replaced, revoked, and noted when used.

Only a hash of the token is stored, so the address cannot be read back from the database (nor
from a backup): it is shown once, when it is made, and a lost address is simply replaced.
"""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from alliances.core.audit import audit_record
from alliances.governance.models import CalendarFeed, hash_token

# Calendar programs fetch a feed every few minutes to every few hours; writing each fetch
# would be a write per request for nothing more useful than "used today".
LAST_USED_PRECISION = timedelta(hours=1)


@transaction.atomic
def calendar_feed_create(*, user) -> str:
    """Make a new secret address for the user, revoking the previous one; returns the token,
    which is never stored nor shown again."""
    # Lock the person so that two clicks in a row cannot both insert a feed.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    replaced = CalendarFeed.objects.filter(user=user).delete()[0] > 0
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user=user, token_hash=hash_token(token))
    feed.full_clean()
    feed.save()
    audit_record(
        actor=user,
        verb="calendar_feed.replaced" if replaced else "calendar_feed.created",
        obj=user,
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    """Stop the user's address from working; False when there was none."""
    deleted = CalendarFeed.objects.filter(user=user).delete()[0] > 0
    if deleted:
        audit_record(actor=user, verb="calendar_feed.revoked", obj=user)
    return deleted


def calendar_feed_touch(*, feed: CalendarFeed, now: datetime) -> bool:
    """Note that the feed was fetched, at most once per `LAST_USED_PRECISION`."""
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    return bool(CalendarFeed.objects.filter(stale, pk=feed.pk).update(last_used_at=now))
