"""No password, token secret, survey link, session id or CSRF token ever reaches a log line.

Every record of every logger is captured at every level, formatted with each of the project's
formatters behind the filters of the project's console handler, while people log in, sign
up, reset a password, make an API token, call the API, submit a public survey, and while
pages and API calls fail with the secrets in their headers, body and query string.
"""

import copy
import io
import json
import logging
import logging.config
import re
import uuid
from unittest import mock

from django.conf import settings
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from alliances.accounts.models import ApiToken
from alliances.lib.logging_filters import SecretScrubFilter
from alliances.surveys.selectors.responses import survey_cache_clear
from alliances.surveys.tests.test_response_samples import make_survey
from alliances.test import PASSWORD, PartnershipTestCase
from alliances.urls import urlpatterns as site_urlpatterns

WRONG_PASSWORD = "Wrong-Guess-Pass-5519"
SIGNUP_PASSWORD = "Signup-Secret-Pass-8842"
RESET_PASSWORD = "Reset-Secret-Pass-3317"
QUERY_SECRET = "query-secret-value-6604"
FAKE_TOKEN = "all_" + "Q" * 43
# Loggers whose level the project's settings raise: during the test they log everything, but
# for the template engine's DEBUG notes on missing variables (thousands of tracebacks; its
# INFO and above still count).
LOGGERS = ("", "django", "django.request", "django.server", "django.security", "alliances")


def boom(request: HttpRequest, invitation_token: str) -> HttpResponse:
    """A page that fails, with the request's secrets in the exception it raises."""
    raise RuntimeError(
        f"failed for {request.headers.get('Authorization')} "
        f"with {request.POST.get('password')} and {invitation_token}"
    )


urlpatterns = [path("boom/<str:invitation_token>/", boom), *site_urlpatterns]


class CapturedLogs:
    """Each record formatted by every project formatter, after the console handler's
    filters, and the records themselves."""

    def __init__(self):
        console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
        self.filters = list(console.filters)
        self.streams = {}
        self.handlers = []
        self.records = []
        configurator = logging.config.DictConfigurator(copy.deepcopy(settings.LOGGING))
        for name, conf in copy.deepcopy(settings.LOGGING["formatters"]).items():
            stream = io.StringIO()
            handler = logging.StreamHandler(stream)
            handler.setFormatter(configurator.configure_formatter(conf))
            for log_filter in self.filters:
                handler.addFilter(log_filter)
            self.streams[name] = stream
            self.handlers.append(handler)
        keeper = logging.Handler()
        keeper.emit = self.records.append
        for log_filter in self.filters:
            keeper.addFilter(log_filter)
        self.handlers.append(keeper)
        self.levels = {}

    def __enter__(self):
        root = logging.getLogger()
        for handler in self.handlers:
            root.addHandler(handler)
        for name, level in [(name, logging.DEBUG) for name in LOGGERS] + [
            ("django.template", logging.INFO)
        ]:
            logger = logging.getLogger(name)
            self.levels[name] = logger.level
            logger.setLevel(level)
        return self

    def __exit__(self, *exc):
        root = logging.getLogger()
        for handler in self.handlers:
            root.removeHandler(handler)
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)

    def texts(self) -> dict[str, str]:
        texts = {name: stream.getvalue() for name, stream in self.streams.items()}
        texts["records"] = "\n".join(repr(vars(record)) for record in self.records)
        return texts


@override_settings(ROOT_URLCONF=__name__, SURVEY_RATE_LIMIT_PER_MINUTE=0)
class NoSecretLoggedTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.partnership)

    def setUp(self):
        survey_cache_clear()
        self.client = Client(raise_request_exception=False)
        self.secrets = {PASSWORD, WRONG_PASSWORD, SIGNUP_PASSWORD, RESET_PASSWORD, QUERY_SECRET}
        self.secrets |= {FAKE_TOKEN, self.survey.public_token}

    def keep_cookies(self) -> None:
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
            if name in self.client.cookies and self.client.cookies[name].value:
                self.secrets.add(self.client.cookies[name].value)

    def test_the_console_handler_scrubs_secrets(self):
        console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
        self.assertTrue(any(isinstance(f, SecretScrubFilter) for f in console.filters))

    def test_no_secret_reaches_any_log_record(self):
        with CapturedLogs() as logs:
            self.log_in_and_out()
            self.sign_up()
            self.reset_password()
            secret = self.make_api_token()
            self.call_the_api(secret)
            self.fail_a_page()
            self.submit_the_public_survey()
        texts = logs.texts()
        # The capture works: the failures and the requests are there, cleaned.
        for name in settings.LOGGING["formatters"]:
            for expected in (
                "Internal Server Error: /boom/[redacted]/",
                "Internal Server Error: /s/[redacted]/submit",
                "RuntimeError: failed for [redacted] with [redacted] and [redacted]",
                "API error on GET /api/v1/me",
            ):
                self.assertTrue(expected in texts[name], f"{expected!r} not in the {name} log")
        for line in texts["json"].splitlines():
            self.assertIsInstance(json.loads(line), dict)
        for secret in sorted(self.secrets):
            for name, text in texts.items():
                # assertFalse: the message must not print the log, which would show the secret.
                self.assertFalse(secret in text, f"A secret is in the {name} log output")

    # The steps, each with the secrets it shows.

    def log_in_and_out(self):
        self.client.get(reverse("account_login"))
        self.keep_cookies()
        url = reverse("account_login") + f"?next=/&token={QUERY_SECRET}"
        self.client.post(url, {"login": self.viewer.email, "password": WRONG_PASSWORD})
        response = self.client.post(url, {"login": self.viewer.email, "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        self.keep_cookies()
        self.client.post(reverse("account_logout"))

    def sign_up(self):
        data = {
            "full_name": "Nadia Benali",
            "email": "nadia@example.org",
            "password1": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD,
        }
        response = self.client.post(reverse("account_signup"), data)
        self.assertEqual(response.status_code, 302)
        self.keep_cookies()

    def reset_password(self):
        mail.outbox.clear()
        self.client.post(reverse("account_reset_password"), {"email": self.editor.email})
        link = re.search(r"https?://\S+(/accounts/password/reset/key/(\S+)/)", mail.outbox[0].body)
        self.secrets.add(link.group(2).split("-", 1)[1])
        response = self.client.get(link.group(1), follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
        self.keep_cookies()
        data = {"password1": RESET_PASSWORD, "password2": RESET_PASSWORD}
        self.assertEqual(self.client.post(form_url, data).status_code, 302)

    def make_api_token(self) -> str:
        self.client.force_login(self.admin)
        self.keep_cookies()
        data = {"name": "Tableur", "scope": "read", "expires": "30"}
        response = self.client.post(reverse("accounts:tokens"), data)
        secret = response.context["secret"]
        self.secrets.add(secret)
        return secret

    def call_the_api(self, secret: str):
        self.client.logout()
        for token in (secret, FAKE_TOKEN):
            self.client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
        with mock.patch("alliances.api.me.Membership") as membership:
            membership.objects.filter.side_effect = RuntimeError(f"refused Bearer {secret}")
            response = self.client.get(
                f"/api/v1/me?token={QUERY_SECRET}", HTTP_AUTHORIZATION=f"Bearer {secret}"
            )
        self.assertEqual(response.status_code, 500)
        ApiToken.objects.filter(user=self.admin).update(revoked_at="2020-01-01T00:00Z")
        response = self.client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
        self.assertEqual(response.status_code, 401)

    def fail_a_page(self):
        self.client.force_login(self.admin)
        self.client.get(reverse("accounts:tokens"))
        self.keep_cookies()
        invitation = uuid.uuid4().hex
        self.secrets.add(invitation)
        response = self.client.post(
            f"/boom/{invitation}/?key={QUERY_SECRET}",
            {"password": PASSWORD, "csrfmiddlewaretoken": self.client.cookies["csrftoken"].value},
            HTTP_AUTHORIZATION=f"Bearer {FAKE_TOKEN}",
            HTTP_X_CSRFTOKEN=self.client.cookies["csrftoken"].value,
        )
        self.assertEqual(response.status_code, 500)

    def submit_the_public_survey(self):
        self.client.logout()
        token = self.survey.public_token
        self.client.get(reverse("collect:form", args=[token]))
        self.client.get(reverse("collect:form", args=[token + "x"]))
        payload = {
            "submission_id": str(uuid.uuid4()),
            "answers": {"age": 34},
            "collected_on": "2026-03-02",
            "channel": "web",
        }
        url = reverse("collect:submit", args=[token])
        body = json.dumps(payload)
        response = self.client.post(url, body, content_type="application/json")
        self.assertEqual(response.status_code, 201)
        with mock.patch(
            "alliances.surveys.views.collect.response_submit",
            side_effect=RuntimeError(f"could not store answers sent to {url}"),
        ):
            response = self.client.post(url, body, content_type="application/json")
        self.assertEqual(response.status_code, 500)
