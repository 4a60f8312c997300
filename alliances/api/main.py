"""The /api/v1/ API: one NinjaAPI that mounts the router of each domain app's `api.py`, with
token and session authentication, rate limits and one error body for every failure."""

import json
import logging
from importlib import import_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import got_request_exception
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from alliances.api.auth import ApiRateThrottle, CsrfFailed, SessionAuth, TokenAuth
from alliances.lib.api import ApiError, error_body, validation_fields

logger = logging.getLogger(__name__)

# (URL prefix, module with a `router`), in the order of the documentation.
ROUTERS = [
    ("/me", "alliances.api.me"),
    ("/territories", "alliances.territories.api"),
    ("/organisations", "alliances.organisations.api"),
    ("/calls", "alliances.matching.api"),
    ("/partnerships", "alliances.partnerships.api"),
    ("/partnerships", "alliances.agreements.api"),
    ("/partnerships", "alliances.governance.api"),
    ("/partnerships", "alliances.indicators.api"),
    ("/partnerships", "alliances.surveys.api"),
    ("/partnerships", "alliances.reports.api"),
]

DESCRIPTION = """Organisations, territories, calls for partners, partnerships, agreements,
governance, results and reports.

Authenticate with a personal token created on your account page
(`Authorization: Bearer all_…`); a read token only reads. Lists are paginated with a cursor:
pass the `next_cursor` of a page as `cursor` to get the next one. Every error has the same
body: `{"error": {"code": "…", "message": "…", "fields": {}}}`."""


def _input_fields(error: NinjaValidationError) -> dict[str, list[str]]:
    """Pydantic's errors as {field: [messages]}. A location is ("query", "limit") or
    ("body", "<parameter>", "field", ...): the parameter's own name tells the client nothing."""
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ())]
        parts = location[2:] if location[:1] == ["body"] else location[1:]
        name = ".".join(parts) or "__all__"
        fields.setdefault(name, []).append(str(item.get("msg", "")))
    return fields


class JsonParser(Parser):
    """A body that is not JSON (a form, the empty body of a bare POST) counts as no body, so
    endpoints check access before refusing the missing input; bad JSON sent as JSON is still
    refused."""

    def parse_body(self, request):
        try:
            return json.loads(request.body)
        except ValueError:
            if request.content_type == "application/json":
                raise
            return None


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Alliances API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        auth=[TokenAuth(), SessionAuth()],
        throttle=[ApiRateThrottle()],
        parser=JsonParser(),
    )

    def answer(request, status: int, code: str, message, fields=None):
        return api.create_response(request, error_body(code, message, fields), status=status)

    @api.exception_handler(ApiError)
    def api_error(request, error: ApiError):
        return answer(request, error.status, error.code, error.message, error.fields)

    @api.exception_handler(Http404)
    def not_found(request, error):
        return answer(request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, error):
        return answer(request, 403, "forbidden", _("You may not do this here."))

    @api.exception_handler(ValidationError)
    def invalid(request, error):
        return answer(
            request, 422, "invalid", _("Some values are not valid."), validation_fields(error)
        )

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, error):
        return answer(
            request, 422, "invalid", _("Some values are not valid."), _input_fields(error)
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, error):
        response = answer(
            request,
            401,
            "unauthenticated",
            _("Authentication required: a valid token or a signed-in session."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    @api.exception_handler(CsrfFailed)
    def csrf_failed(request, error):
        return answer(
            request, 403, "csrf_failed", _("The CSRF check failed: reload the page and retry.")
        )

    @api.exception_handler(Throttled)
    def throttled(request, error):
        # ninja adds the Retry-After header.
        return answer(request, 429, "rate_limited", _("Too many requests: wait and retry."))

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        return answer(request, error.status_code, "error", str(error))

    @api.exception_handler(Exception)
    def server_error(request, error):
        logger.exception("API error on %s %s", request.method, request.path)
        # As for a page: error reporting (and the test client) hear of it.
        got_request_exception.send(sender=None, request=request)
        return answer(request, 500, "server_error", _("Something went wrong on our side."))

    for prefix, module in ROUTERS:
        api.add_router(prefix, import_module(module).router)
    return api


api = build_api()
