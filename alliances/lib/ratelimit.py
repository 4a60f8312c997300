"""Fixed-window rate limits counted in the Django cache, for any scope and window.

A client is known by a SHA-256 of what identifies it (its address, or its account) with the
scope and the secret key: the address itself is never stored or logged. Windows are whole
minutes or hours of the clock (`MINUTE`, `HOUR`), so a burst at the end of one window and the
start of the next may reach twice the limit; that is accepted for the simplicity and the
single cache round trip of a fixed window.

With several web processes the cache must be shared (REDIS_URL), like allauth's login limits.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

MINUTE = 60
HOUR = 3600


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


def client_idents(request: HttpRequest, *, per: tuple[str, ...] = ("address",)) -> list[str]:
    """What the limit counts: `address` (the client's address) and/or `user` (the signed-in
    person; skipped for anonymous visitors)."""
    idents = []
    for kind in per:
        if kind == "address":
            idents.append(f"address:{client_address(request)}")
        elif kind == "user":
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                idents.append(f"user:{user.pk}")
        else:
            raise ValueError(f"Unknown rate limit key {kind!r}: use 'address' or 'user'.")
    return idents


def _cache_key(ident: str, scope: str, window: int, index: int) -> str:
    material = f"{ident}|{scope}|{settings.SECRET_KEY}".encode()
    return f"rate:{window}:{hashlib.sha256(material).hexdigest()}:{index}"


def _wait(index: int, window: int, now: int) -> int:
    return max(1, (index + 1) * window - now)


def _count(key: str, window: int) -> int:
    # incr() first: in a busy window the key exists and one call counts (add() would cost a
    # second round trip on every request); add() settles the race of a window's first requests.
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request, or the key just expired
        if cache.add(key, 1, timeout=window + 1):
            return 1
        try:
            return cache.incr(key)
        except ValueError:
            return 1


def limit_hit(idents: list[str], *, scope: str, limit: int, window: int = MINUTE) -> int:
    """Count one event for each ident; return 0 while every count is within `limit` per
    `window` seconds, else the seconds to wait. A limit of 0 or less turns it off."""
    if limit <= 0:
        return 0
    now = int(time.time())
    index = now // window
    over = False
    for ident in idents:
        if _count(_cache_key(ident, scope, window, index), window) > limit:
            over = True
    return _wait(index, window, now) if over else 0


def limit_reached(idents: list[str], *, scope: str, limit: int, window: int = MINUTE) -> int:
    """Without counting: the seconds to wait if one of the idents has used up its `limit`
    in this window, else 0. With `limit_count`, it limits failures only (wrong passwords)."""
    if limit <= 0:
        return 0
    now = int(time.time())
    index = now // window
    for ident in idents:
        if (cache.get(_cache_key(ident, scope, window, index)) or 0) >= limit:
            return _wait(index, window, now)
    return 0


def limit_count(idents: list[str], *, scope: str, window: int = MINUTE) -> None:
    """Count one event (a failure) for each ident, for `limit_reached`."""
    index = int(time.time()) // window
    for ident in idents:
        _count(_cache_key(ident, scope, window, index), window)


def rate_limit_exceeded(
    request: HttpRequest,
    *,
    scope: str,
    limit: int,
    window: int = MINUTE,
    per: tuple[str, ...] = ("address",),
) -> int:
    """Count one request of this client in `scope`; 0 while within the limit, else the
    seconds to wait."""
    return limit_hit(client_idents(request, per=per), scope=scope, limit=limit, window=window)


def contact_limit_hit(request: HttpRequest) -> int:
    """Count one message sent to another organisation (an introduction, an answer to a call, a
    proposal): CONTACT_RATE_LIMIT_PER_HOUR per person and CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR
    per client address (several people may share one office address). 0, or seconds to wait."""
    per_person = limit_hit(
        client_idents(request, per=("user",)),
        scope="contact",
        limit=settings.CONTACT_RATE_LIMIT_PER_HOUR,
        window=HOUR,
    )
    per_address = limit_hit(
        client_idents(request, per=("address",)),
        scope="contact",
        limit=settings.CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR,
        window=HOUR,
    )
    return max(per_person, per_address)


def wait_message(wait: int) -> str:
    """“Try again in N minutes”, for a form refused by a rate limit."""
    minutes = max(1, -(-wait // 60))
    return ngettext(
        "Too many attempts in a short time: try again in %(minutes)s minute.",
        "Too many attempts in a short time: try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def contact_wait_message(wait: int) -> str:
    minutes = max(1, -(-wait // 60))
    return ngettext(
        "You have sent many messages in the last hour: you can send this one in %(minutes)s "
        "minute. What you wrote is kept below.",
        "You have sent many messages in the last hour: you can send this one in %(minutes)s "
        "minutes. What you wrote is kept below.",
        minutes,
    ) % {"minutes": minutes}


def with_retry_after(response: HttpResponse, wait: int) -> HttpResponse:
    """The page that shows a form refused by a rate limit: 429, with the seconds to wait."""
    if wait:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response
