"""The /api/v1/ API: one NinjaAPI that mounts the router of each domain app's `api.py`, with
token and session authentication, rate limits and one error body for every failure."""

import logging
from importlib import import_module

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import AuthRateThrottle

from alliances.api.auth import SessionAuth, TokenAuth, throttle_rates
from alliances.lib.api import ApiError, error_body, validation_fields

logger = logging.getLogger(__name__)

# (URL prefix, module with a `router`), in the order of the documentation.
ROUTERS = [
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


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Alliances API",
        version="1",
        description=_("Organisations, partnerships, agreements, governance, results and reports."),
        urls_namespace="api",
        auth=[TokenAuth(), SessionAuth()],
        throttle=[AuthRateThrottle(throttle_rates())],
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
        fields: dict[str, list[str]] = {}
        for item in error.errors:
            name = ".".join(str(part) for part in item.get("loc", ())[1:]) or "__all__"
            fields.setdefault(name, []).append(str(item.get("msg", "")))
        return answer(request, 422, "invalid", _("Some values are not valid."), fields)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, error):
        return answer(request, 401, "unauthenticated", _("Authentication required."))

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        code = "rate_limited" if error.status_code == 429 else "error"
        return answer(request, error.status_code, code, str(error))

    for prefix, module in ROUTERS:
        api.add_router(prefix, import_module(module).router)
    return api


api = build_api()
