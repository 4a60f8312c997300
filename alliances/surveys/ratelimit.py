"""The rate limit of the public survey links: SURVEY_RATE_LIMIT_PER_MINUTE submissions per
client address and survey (alliances.lib.ratelimit counts them)."""

from django.conf import settings
from django.http import HttpRequest

from alliances.lib.ratelimit import MINUTE, client_address
from alliances.lib.ratelimit import rate_limit_exceeded as _exceeded

__all__ = ["client_address", "rate_limit_exceeded"]


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int | None = None) -> int:
    """Count one submission; return 0 while within the limit, else the seconds to wait."""
    if limit is None:
        limit = settings.SURVEY_RATE_LIMIT_PER_MINUTE
    return _exceeded(request, scope=scope, limit=limit, window=MINUTE)
