"""Security headers: the Content-Security-Policy on pages, htmx fragments and the API
documentation; the browser protections every answer carries; HSTS and cookies in production."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from alliances.test import PASSWORD, BaseTestCase

ROOT = Path(__file__).resolve().parents[3]
HTMX = {"HTTP_HX_REQUEST": "true"}
PRODUCTION_NAMES = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SECURE",
]


def production_settings() -> dict:
    """The settings as a production server reads them: no .env, DEBUG off."""
    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    env = {k: v for k, v in os.environ.items() if k not in documented}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DEBUG="false",
        SECRET_KEY="x",
        ALLOWED_HOSTS="x",
        IGNORE_DOTENV="true",
        DATABASE_URL="",
        VAR_DIR=os.environ.get("VAR_DIR", str(ROOT / "var")),
    )
    script = (
        "import json; from alliances import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {PRODUCTION_NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class ContentSecurityPolicyTests(BaseTestCase):
    def assertStrictPolicy(self, response):
        directives = policy(response)
        self.assertEqual(directives["default-src"], ["'self'"])
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(directives["style-src"], ["'self'"])
        self.assertEqual(directives["object-src"], ["'none'"])
        self.assertEqual(directives["base-uri"], ["'self'"])
        self.assertEqual(directives["form-action"], ["'self'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertEqual(directives["img-src"], ["'self'", "data:"])
        self.assertEqual(directives["connect-src"], ["'self'"])
        for name in ("default-src", "script-src", "style-src"):
            for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"):
                self.assertNotIn(unsafe, directives[name], name)

    def test_an_html_page(self):
        response = self.client.get(reverse("account_login"))
        self.assertEqual(response.status_code, 200)
        self.assertStrictPolicy(response)

    def test_a_signed_in_page(self):
        self.login(self.admin)
        response = self.client.get(reverse("organisations:detail", args=[self.org.uuid]))
        self.assertEqual(response.status_code, 200)
        self.assertStrictPolicy(response)

    def test_an_htmx_fragment(self):
        response = self.client.get(reverse("organisations:list"), {"q": "maison"}, **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertStrictPolicy(response)

    def test_the_api_documentation(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        self.assertStrictPolicy(response)

    def test_error_pages(self):
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertStrictPolicy(response)


class BrowserProtectionTests(BaseTestCase):
    def test_every_answer_carries_them(self):
        self.login(self.admin)
        for url in [
            reverse("home"),
            reverse("organisations:list"),
            "/api/v1/me",
            reverse("healthz"),
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response.headers["X-Frame-Options"], "DENY")
                self.assertEqual(response.headers["Referrer-Policy"], "same-origin")
                self.assertEqual(response.headers["Cross-Origin-Opener-Policy"], "same-origin")


class ProductionTests(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.production = production_settings()

    def test_cookies_are_secure_and_hidden_from_scripts(self):
        for name in [
            "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_HTTPONLY",
            "LANGUAGE_COOKIE_SECURE",
        ]:
            with self.subTest(name=name):
                self.assertIs(self.production[name], True)

    def test_https_is_required_and_remembered_for_a_year(self):
        self.assertIs(self.production["DEBUG"], False)
        self.assertIs(self.production["SECURE_SSL_REDIRECT"], True)
        self.assertGreaterEqual(self.production["SECURE_HSTS_SECONDS"], 31536000)
        self.assertIs(self.production["SECURE_HSTS_INCLUDE_SUBDOMAINS"], True)

    def test_hsts_is_sent_over_https_only(self):
        values = {k: v for k, v in self.production.items() if k.startswith("SECURE_HSTS")}
        with override_settings(**values, SECURE_SSL_REDIRECT=False):
            secure = self.client.get(reverse("healthz"), secure=True)
            plain = self.client.get(reverse("healthz"))
        self.assertEqual(
            secure.headers["Strict-Transport-Security"],
            "max-age=31536000; includeSubDomains; preload",
        )
        self.assertNotIn("Strict-Transport-Security", plain.headers)

    def test_plain_http_is_redirected_to_https(self):
        with override_settings(SECURE_SSL_REDIRECT=self.production["SECURE_SSL_REDIRECT"]):
            response = self.client.get(reverse("account_login"))
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response.headers["Location"].startswith("https://"))

    def test_the_session_and_csrf_cookies_carry_secure_and_httponly(self):
        cookies = {k: v for k, v in self.production.items() if k.endswith(("SECURE", "HTTPONLY"))}
        with override_settings(**cookies, SECURE_SSL_REDIRECT=False):
            page = self.client.get(reverse("account_login"), secure=True)
            response = self.client.post(
                reverse("account_login"),
                {"login": self.admin.email, "password": PASSWORD},
                secure=True,
            )
        self.assertEqual(response.status_code, 302)
        csrf = page.cookies[settings.CSRF_COOKIE_NAME]
        session = response.cookies[settings.SESSION_COOKIE_NAME]
        for cookie in (csrf, session):
            with self.subTest(cookie=cookie.key):
                self.assertIs(cookie["secure"], True)
                self.assertIs(cookie["httponly"], True)
                self.assertEqual(cookie["samesite"], "Lax")
