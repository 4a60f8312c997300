"""Personal API tokens: created, checked and revoked here; only a digest is stored.

The secret is `all_` followed by 43 random URL-safe characters (256 bits). Only its SHA-256
digest is kept, so a stolen database reveals no usable token; a fast hash is enough because
the secret is random, not chosen by a person. The first characters (`prefix`) tell tokens
apart in lists. The secret never reaches a log or an audit row.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from alliances.accounts.models import ApiToken, TokenScope, User
from alliances.core.audit import audit_record
from alliances.core.models import Interface

PREFIX = "all_"
PREFIX_LENGTH = 12
# How long a new token may live, in days; None: until it is revoked.
EXPIRY_DAYS = (None, 30, 90, 365)
# Writing `last_used_at` on every request would make each read a write: once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(
    *,
    user: User,
    name: str,
    scope: str = TokenScope.READ,
    expires_in_days: int | None = None,
    interface: str = Interface.WEB,
    secret: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored. `secret` is for the
    demo only, whose token the README shows; everywhere else it is drawn at random."""
    if expires_in_days not in EXPIRY_DAYS:
        raise ValueError(f"expires_in_days must be one of {EXPIRY_DAYS}")
    if secret is None:
        secret = PREFIX + secrets.token_urlsafe(32)
    elif not secret.startswith(PREFIX) or len(secret) < 40:
        raise ValueError("A given secret starts with the prefix and is at least 40 characters.")
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        token = ApiToken(
            user=user,
            name=name.strip(),
            scope=scope,
            prefix=secret[:PREFIX_LENGTH],
            digest=_digest(secret),
            expires_at=expires_at,
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=user,
            verb="api_token.created",
            obj=token,
            interface=interface,
            data={
                "scope": token.scope,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return token, secret


def token_revoke(*, token: ApiToken, user: User, interface: str = Interface.WEB) -> ApiToken:
    """Revoke the token at once; revoking it again changes nothing."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, verb="api_token.revoked", obj=token, interface=interface)
    return token


def tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they say when)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_for_user(*, user: User, token_uuid) -> ApiToken | None:
    """One of the user's own tokens; None for anyone else's (the caller answers 404)."""
    return ApiToken.objects.filter(user=user, uuid=token_uuid).first()


def token_is_live(token: ApiToken, *, now=None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)


def token_authenticate(*, secret: str) -> ApiToken | None:
    """The live token of an active user whose secret this is, else None."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token_is_live(token, now=now):
        return None
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
