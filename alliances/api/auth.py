"""Who calls the API: a personal token (`Authorization: Bearer …`) or the site's own session.

A request that carries a token is judged by that token alone: a wrong, revoked or expired
token answers 401 even if the same browser holds a session. Session writes need the CSRF
token, as the site's forms do. Either way `request.api_scope` says what the caller may do
("read" or "write") and `request.user` is the person.
"""

import hashlib

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.throttling import SimpleRateThrottle

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_authenticate


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, "CSRF check failed")


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_authenticate(secret=token)
        if found is None:
            return None
        request.user = found.user
        request.api_scope = found.scope
        request.api_token = found
        return found.user


def _has_authorization(request) -> bool:
    return bool(request.headers.get("Authorization"))


class SessionAuth(NinjaSessionAuth):
    """The site's own pages: the logged-in user, with CSRF checked on writes."""

    def __call__(self, request):
        # Anonymous callers and token callers get a 401, never a CSRF refusal.
        if _has_authorization(request) or not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as error:
            if error.status_code == 403:
                raise CsrfFailed() from error
            raise

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_scope = TokenScope.WRITE
            request.api_token = None
        return user


class ApiRateThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT_PER_MINUTE requests per minute for each token, and for each person using
    the site's session; one caller's requests never count against another's."""

    scope = "api"

    def __init__(self) -> None:
        # The rate is read on each request (settings may change in tests), not at import.
        self.rate = None
        self.num_requests, self.duration = None, 60

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "api_token", None)
        if token is not None:
            ident = f"token:{token.pk}"
        elif getattr(request.user, "is_authenticated", False):
            ident = f"user:{request.user.pk}"
        else:
            ident = "ip:" + hashlib.sha256(str(self.get_ident(request)).encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = settings.API_RATE_LIMIT_PER_MINUTE, 60
        if self.num_requests <= 0:
            return True
        return super().allow_request(request)
