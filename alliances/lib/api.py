"""What every endpoint of the /api/v1/ API shares: the error body, scopes and cursor pagination.

Each domain app declares its endpoints in its own `api.py` (a ninja `Router`); `alliances.api`
mounts them. Endpoints fetch protected objects with the same `access_*` functions as the pages;
their `Http404` and `PermissionDenied` become the error body below.

Error body, for every 4xx and 5xx answer:
    {"error": {"code": "not_found", "message": "…", "fields": {"name": ["…"]}}}
"""

import base64
import binascii
import json
from collections.abc import Sequence

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Schema


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """Raised by endpoints for an answer other than success; turned into `ErrorOut`."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


# The statuses every endpoint may answer with the error body; add them to `response=`.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def require_write(request) -> None:
    """Refuse a write through a read-only token. Session requests (the site's own pages) and
    tokens with the write scope pass."""
    if getattr(request, "api_scope", "write") != "write":
        raise ApiError(403, "insufficient_scope", _("This token may only read."))


def validation_fields(error) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]} (`__all__` for the whole object)."""
    if hasattr(error, "message_dict"):
        return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


# Cursor pagination: keyset on the primary key, in the order the endpoint gives (ascending or
# descending id), so pages never repeat or skip a row while data change between requests.

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def encode_cursor(values: dict) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiError(400, "invalid_cursor", _("This cursor is not valid.")) from error
    if not isinstance(values, dict) or not isinstance(values.get("id"), int):
        raise ApiError(400, "invalid_cursor", _("This cursor is not valid."))
    return values


def paginate(
    queryset: QuerySet, *, cursor: str | None, limit: int | None, descending: bool = False
) -> tuple[Sequence, str | None]:
    """One page of `queryset` ordered by id, and the cursor of the next page (None at the end).
    Pass the endpoint's `cursor` and `limit` query parameters as they came."""
    limit = DEFAULT_LIMIT if limit is None else limit
    if limit < 1 or limit > MAX_LIMIT:
        raise ApiError(
            400,
            "invalid_limit",
            _("limit must be between 1 and %(max)d.") % {"max": MAX_LIMIT},
            fields={"limit": [_("Between 1 and %(max)d.") % {"max": MAX_LIMIT}]},
        )
    queryset = queryset.order_by("-pk" if descending else "pk")
    if cursor:
        after = decode_cursor(cursor)["id"]
        queryset = queryset.filter(pk__lt=after) if descending else queryset.filter(pk__gt=after)
    rows = list(queryset[: limit + 1])
    next_cursor = encode_cursor({"id": rows[limit - 1].pk}) if len(rows) > limit else None
    return rows[:limit], next_cursor


class PageMeta(Schema):
    next_cursor: str | None = None


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The response schema of a list endpoint: {"items": [...], "next_cursor": "…" | null}."""
    return type(
        name, (Schema,), {"__annotations__": {"items": list[item], "next_cursor": str | None}}
    )
