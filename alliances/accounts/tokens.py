"""Personal API tokens: created, checked and revoked here; only a digest is stored."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from alliances.accounts.models import ApiToken, TokenScope, User

PREFIX = "all_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user: User, name: str, scope: str = TokenScope.READ) -> tuple[ApiToken, str]:
    """A new token and its secret, which is shown once and never stored."""
    secret = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            user=user, name=name, scope=scope, prefix=secret[:12], digest=_digest(secret)
        )
        token.full_clean()
        token.save()
    return token, secret


def token_authenticate(*, secret: str) -> ApiToken | None:
    if not secret.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= timezone.now()):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
