"""A fixed-window rate limit for the public survey links, counted in the Django cache.

The client is known only by a SHA-256 of its address, the survey and the secret key, kept
in the cache for one minute: the address itself is never stored, logged or put with answers.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the one the nearest proxy saw."""
    proxies = getattr(settings, "SURVEY_TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest, scope: str) -> str:
    material = f"{client_address(request)}|{scope}|{settings.SECRET_KEY}".encode()
    return hashlib.sha256(material).hexdigest()


def rate_limit_exceeded(request: HttpRequest, *, scope: str, limit: int | None = None) -> int:
    """Count one request; return 0 while within the limit, else the seconds to wait."""
    if limit is None:
        limit = settings.SURVEY_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return 0
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"survey-rate:{client_key(request, scope)}:{window}"
    # incr() first: in a busy window the key exists and one call counts (add() would cost a
    # second round trip on every request); add() settles the race of a window's first requests.
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request, or the key just expired
        if cache.add(key, 1, timeout=WINDOW_SECONDS + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:
                count = 1
    if count <= limit:
        return 0
    return max(1, (window + 1) * WINDOW_SECONDS - now)
