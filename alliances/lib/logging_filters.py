"""Keep secrets out of the logs, whatever logs them.

`SecretScrubFilter` sits on the handlers that write log lines. Before a record is formatted it
rewrites the message, the traceback, the stack and every `extra` value, removing:
- API token secrets (`all_…`) and the credentials of an Authorization header;
- values named like a password, a session, a CSRF token or a key (`password=…`);
- query strings, and the secret part of paths (survey links, invitations, calendar feeds,
  password reset and e-mail confirmation keys: URL keywords containing `token` or `key`);
- when the record carries the request (Django's error records do), that request's cookie
  values, Authorization header and the secret values of its URL; the request object itself is
  replaced by its method and cleaned path, so no formatter prints it whole.

The traceback is formatted and cleaned here and the exception dropped from the record, so
that every formatter prints the cleaned text. Records go to the handlers of the loggers they
pass on their way to the root in order: the filter must sit on every handler that writes.
"""

import logging
import re
from functools import lru_cache

REDACTED = "[redacted]"
# URL keywords whose values are secrets, as in the request log.
SECRET_URL_KEYWORDS = ("token", "key", "uidb36")
# Names whose values are secrets, wherever they appear as `name=value` or `name: value`.
SECRET_NAMES = (
    r"password\w*|passwd|secret\w*|\w*token|sessionid|csrftoken|csrfmiddlewaretoken|"
    r"authorization|cookie|api_?key|key"
)
_PATTERNS = (
    # An API token secret, wherever it appears.
    (re.compile(r"\ball_[A-Za-z0-9_\-]{8,}"), f"all_{REDACTED}"),
    # The credentials of an Authorization header.
    (re.compile(r"(?i)\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=\-]{8,}"), rf"\1\2{REDACTED}"),
    # name=value, name: value, "name": "value", 'name': 'value'.
    (
        re.compile(
            rf"(?i)\b({SECRET_NAMES})(['\"]?\s*[=:]\s*['\"]?)(?!\[redacted\])[^\s;&'\",}}]+"
        ),
        rf"\1\2{REDACTED}",
    ),
)
# A path: a slash not preceded by a word character or another slash, up to a space or quote;
# or the path of a full URL.
_PATH = re.compile(r"(?<![\w/.:])/[^\s'\"<>()]*")
_URL = re.compile(r"(https?://[^/\s'\"<>]+)(/[^\s'\"<>()]*)")
# The attributes every record has; anything else came in `extra`.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}
_PRIMITIVES = (int, float, bool, type(None))


@lru_cache(maxsize=2048)
def _secret_route_values(path: str) -> tuple[str, ...]:
    """The values of the secret URL keywords of `path`, if it is one of the site's URLs."""
    try:
        from django.urls import resolve

        match = resolve(path)
    except Exception:  # not a URL of the site, or Django is not set up (Gunicorn's master)
        return ()
    return tuple(
        str(value)
        for name, value in match.kwargs.items()
        if any(word in name for word in SECRET_URL_KEYWORDS) and str(value)
    )


def redact_path(path: str) -> str:
    """The path without the values of its query string nor its secret URL parts."""
    path, question, query = path.partition("?")
    for value in _secret_route_values(path):
        path = path.replace(value, REDACTED)
    if question:
        query = re.sub(r"=[^&]*", f"={REDACTED}", query) if "=" in query else REDACTED
        path = f"{path}?{query}"
    return path


def scrub(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` without the given secrets and anything that looks like one."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    text = _URL.sub(lambda match: match.group(1) + redact_path(match.group(2)), text)
    return _PATH.sub(lambda match: redact_path(match.group(0)), text)


def _request_secrets(request) -> tuple[str, ...]:
    meta = getattr(request, "META", {})
    found = []
    authorization = meta.get("HTTP_AUTHORIZATION", "")
    if authorization:
        found += [authorization, *authorization.split()[1:]]
    for name in ("HTTP_COOKIE", "HTTP_X_CSRFTOKEN"):
        if meta.get(name):
            found.append(meta[name])
    found += [value for value in getattr(request, "COOKIES", {}).values() if value]
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match else ():
        if any(word in name for word in SECRET_URL_KEYWORDS) and str(value):
            found.append(str(value))
    # The form data only if Django has already read it: a log filter must not read a body.
    posted = request.__dict__.get("_post")
    if posted is not None:
        for name, values in posted.lists():
            if re.fullmatch(SECRET_NAMES, name, flags=re.IGNORECASE):
                found += [value for value in values if value]
    # Longest first, so that a secret containing another is removed whole.
    return tuple(sorted({value for value in found if len(value) >= 6}, key=len, reverse=True))


def _describe_request(request, secrets: tuple[str, ...]) -> str:
    return f"{getattr(request, 'method', '')} {scrub(getattr(request, 'path', ''), secrets)}"


def _clean(value, secrets: tuple[str, ...]):
    if isinstance(value, str):
        return scrub(value, secrets)
    if isinstance(value, _PRIMITIVES):
        return value
    if isinstance(value, dict):
        return {key: _clean(item, secrets) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_clean(item, secrets) for item in value]
    if hasattr(value, "META") and hasattr(value, "path"):
        return _describe_request(value, secrets)
    return scrub(str(value), secrets)


class SecretScrubFilter(logging.Filter):
    """Rewrites each record so that no formatter can print a secret; never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_secrets_scrubbed", False):
            return True
        request = getattr(record, "request", None)
        secrets = _request_secrets(request) if request is not None else ()
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the template, not the arguments
            message = str(record.msg)
        record.msg, record.args = scrub(message, secrets), None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, secrets)
        for name, value in list(record.__dict__.items()):
            if name not in _STANDARD and not name.startswith("_"):
                setattr(record, name, _clean(value, secrets))
        record._secrets_scrubbed = True
        return True
