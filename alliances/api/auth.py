"""Who calls the API: a personal token (`Authorization: Bearer …`) or the site's own session."""

from django.conf import settings
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from alliances.accounts.tokens import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_authenticate(secret=token)
        if found is None:
            return None
        request.user = found.user
        request.api_scope = found.scope
        request.api_token = found
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The site's own pages: the logged-in user, with CSRF checked on writes."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_scope = "write"
        return user


def throttle_rates() -> str:
    return f"{settings.API_RATE_LIMIT_PER_MINUTE}/m"
