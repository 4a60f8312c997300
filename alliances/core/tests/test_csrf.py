"""CSRF: every form that posts carries the token, htmx requests send it in a header, and a
write without it is refused."""

import json
import re
from html import unescape

from django.test import Client, SimpleTestCase
from django.urls import resolve, reverse

from alliances.core.permissions import Role
from alliances.core.tests.test_csp_templates import project_templates
from alliances.test import BaseTestCase

# Forms posted without a CSRF token on purpose, with the view that must then be exempt.
EXEMPT_FORMS = {
    # Public survey links: a phone may send a questionnaire hours later from its offline queue,
    # when any token would have expired; the link itself is the credential.
    "surveys/collect_form.html": ("collect:form", ["public-token"]),
    # Mail programs' one-click unsubscribe (RFC 8058) posts without cookies; the address
    # holds the secret.
    "governance/digest_unsubscribe.html": ("me:digest_unsubscribe", ["token"]),
}

TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
FORM = re.compile(r"<form\b((?:[^<>\"']|\"[^\"]*\"|'[^']*'|\{%.*?%\}|\{\{.*?\}\})*)>", re.I | re.S)
POST = re.compile(r"""\bmethod\s*=\s*["']?post\b""", re.I)
HX_WRITE = re.compile(r"\bhx-(?:post|put|patch|delete)\s*=", re.I)


def posting_forms_without_token(source: str) -> list[str]:
    """The opening tag of every <form method="post"> whose body lacks {% csrf_token %}."""
    text = TEMPLATE_COMMENT.sub("", source)
    found = []
    for match in FORM.finditer(text):
        if not POST.search(match.group(1)):
            continue
        end = text.find("</form>", match.end())
        body = text[match.end() : end if end != -1 else len(text)]
        if not re.search(r"\{%\s*csrf_token\s*%\}", body):
            found.append(match.group(0)[:80])
    return found


class FormScanTests(SimpleTestCase):
    def test_the_scan_catches_a_form_without_token(self):
        self.assertEqual(posting_forms_without_token('<form method="get"></form>'), [])
        self.assertEqual(
            posting_forms_without_token('<form method="post">{% csrf_token %}</form>'), []
        )
        for source in [
            '<form method="post"><button></button></form>',
            "<form action=\"{% url 'x' %}\" method='POST'>{# {% csrf_token %} #}</form>",
            '<form class="a" method=post>',
        ]:
            with self.subTest(source=source):
                self.assertEqual(len(posting_forms_without_token(source)), 1)

    def test_every_posting_form_carries_the_token(self):
        missing = {}
        for name, source in project_templates():
            found = posting_forms_without_token(source)
            if found:
                missing[name] = found
        self.assertEqual(set(missing), set(EXEMPT_FORMS), missing)

    def test_the_forms_without_token_post_to_exempt_views(self):
        for name, (url_name, args) in EXEMPT_FORMS.items():
            with self.subTest(template=name):
                view = resolve(reverse(url_name, args=args)).func
                self.assertIs(getattr(view, "csrf_exempt", False), True)

    def test_only_the_base_template_loads_htmx(self):
        # htmx writes get their token from the <body> of base.html: a page that loaded htmx
        # another way would send none.
        loading = {name for name, source in project_templates() if "htmx.min.js" in source}
        self.assertEqual(loading, {"base.html"})
        writing_outside = [
            name
            for name, source in project_templates()
            if HX_WRITE.search(source) and "collect_base.html" in source
        ]
        self.assertEqual(writing_outside, [])


class CsrfRefusalTests(BaseTestCase):
    def setUp(self):
        self.csrf_client = Client(enforce_csrf_checks=True)
        self.membership = self.org.memberships.get(user=self.editor)

    def post(self, url, data=None, **extra):
        return self.csrf_client.post(url, data or {}, **extra)

    def assertRefused(self, response):
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Form expired", status_code=403)

    def test_anonymous_forms_are_refused_without_token(self):
        self.assertRefused(
            self.post(reverse("account_login"), {"login": self.admin.email, "password": "x"})
        )
        self.assertRefused(self.post(reverse("set_language"), {"language": "en"}))

    def test_signed_in_forms_are_refused_without_token(self):
        self.csrf_client.force_login(self.admin)
        self.assertRefused(self.post(reverse("account_logout")))
        self.assertRefused(
            self.post(reverse("organisations:edit", args=[self.org.uuid]), {"name": "Renamed"})
        )
        self.assertRefused(self.post(reverse("partnerships:create"), {"title": "Nouveau"}))
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "Maison des Trois-Cités")

    def test_an_htmx_write_is_refused_without_token(self):
        self.csrf_client.force_login(self.admin)
        url = reverse("organisations:member_role", args=[self.org.uuid, self.membership.uuid])
        response = self.post(url, {"role": Role.VIEWER}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 403)
        self.membership.refresh_from_db()
        self.assertEqual(self.membership.role, Role.EDITOR)

    def test_htmx_writes_send_the_token_of_the_page(self):
        self.csrf_client.force_login(self.admin)
        page = self.csrf_client.get(reverse("organisations:members", args=[self.org.uuid]))
        match = re.search(r"<body hx-headers='([^']+)'", page.content.decode())
        self.assertIsNotNone(match, "the <body> of base.html gives htmx no header")
        token = json.loads(unescape(match.group(1)))["X-CSRFToken"]
        url = reverse("organisations:member_role", args=[self.org.uuid, self.membership.uuid])
        response = self.post(
            url, {"role": Role.VIEWER}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token
        )
        self.assertEqual(response.status_code, 200)
        self.membership.refresh_from_db()
        self.assertEqual(self.membership.role, Role.VIEWER)
