import logging
import time

from django.conf import settings
from django.utils import translation

from alliances.core.audit import audit_interface
from alliances.core.models import Interface

request_logger = logging.getLogger("alliances.request")


class LanguageMiddleware:
    """French unless the visitor chose another language with the switch.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted:
    the product is French first, and English is an explicit choice kept in a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        available = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# URL keywords that carry a secret (calendar feeds, invitations, e-mail confirmation and
# password reset keys, opt-out links): their values never reach the log.
SECRET_URL_KEYWORDS = ("token", "key", "uidb36")


def loggable_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if any(word in name for word in SECRET_URL_KEYWORDS) and str(value):
            path = path.replace(str(value), "[redacted]")
    return path


class RequestLogMiddleware:
    """One structured log line per request: method, path, status, duration, user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        # The path only (query strings may carry tokens), with secrets in it redacted.
        path = loggable_path(request)
        request_logger.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class InterfaceMiddleware:
    """Requests under /api/ are recorded in the audit log as coming from the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        with audit_interface(Interface.API):
            return self.get_response(request)
