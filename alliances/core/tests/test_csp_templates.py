"""Templates keep to the Content-Security-Policy: no inline script, no event-handler attribute,
no javascript: address, no inline style; scripts and styles come from our static files."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.urls import reverse

from alliances.test import BaseTestCase

# Rendered on the server only, never sent to a browser: e-mail clients need inline styles and
# WeasyPrint reads the <style> of the PDF templates. Scripts stay forbidden there too.
SERVER_SIDE_DIRS = {"email", "emails"}
SERVER_SIDE_TEMPLATES = {"agreements/agreement_print.html", "reports/report_pdf.html"}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}

TEMPLATE_SYNTAX = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
VARIABLE = re.compile(r"\{\{.*?\}\}", re.S)
TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
SCRIPT = re.compile(r"<script\b((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>", re.I | re.S)
ATTRIBUTE = re.compile(r"""\s([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""", re.S)
STATIC_TAG = re.compile(r"""\{%\s*static\s+["']([^"']+)["']\s*%\}""")


def project_template_dirs() -> list[Path]:
    """Every template directory of the project (templates/ and any app's own), not those of
    installed packages."""
    base = Path(settings.BASE_DIR).resolve()
    venv = base / ".venv"
    dirs = []
    for directory in engines["django"].template_dirs:
        path = Path(directory).resolve()
        if path.is_dir() and path.is_relative_to(base) and not path.is_relative_to(venv):
            dirs.append(path)
    return dirs


def project_templates() -> list[tuple[str, str]]:
    """(name relative to its template directory, source) of every project template."""
    found = []
    for directory in project_template_dirs():
        for path in sorted(directory.rglob("*.html")):
            found.append((path.relative_to(directory).as_posix(), path.read_text()))
    return found


def is_server_side(name: str) -> bool:
    return name in SERVER_SIDE_TEMPLATES or bool(SERVER_SIDE_DIRS & set(name.split("/")[:-1]))


def problems(source: str, *, server_side: bool = False) -> list[str]:
    """What in a template's source the policy would block, or would run as code."""
    # Template tags go (their conditions may hold "<" or ">"); what they wrap stays, so an
    # attribute inside {% if %} is still seen. Variables become a plain word.
    text = VARIABLE.sub("X", TEMPLATE_SYNTAX.sub(" ", source))
    found = []
    for match in SCRIPT.finditer(text):
        attributes = {name.lower(): value for name, value in _attributes(match.group(1)).items()}
        kind = (attributes.get("type") or "").lower()
        if "src" not in attributes and kind not in DATA_SCRIPT_TYPES:
            found.append(f"inline script: {match.group(0)[:60]}")
    for match in TAG.finditer(text):
        for name in _attributes(match.group(2)):
            lowered = name.lower()
            if re.fullmatch(r"on[a-z]+", lowered):
                found.append(f"event handler attribute {name} on <{match.group(1)}>")
            elif lowered.startswith(("hx-on", "data-hx-on")) or lowered in {"hx-vars"}:
                found.append(f"htmx code attribute {name} on <{match.group(1)}>")
            elif lowered == "style" and not server_side:
                found.append(f"style attribute on <{match.group(1)}>")
    if re.search(r"javascript\s*:", text, re.I):
        found.append("javascript: address")
    if re.search(r"""hx-vals\s*=\s*["']\s*js:""", text, re.I):
        found.append("hx-vals evaluated as code")
    if not server_side and re.search(r"<style\b", text, re.I):
        found.append("inline <style> element")
    return found


def _attributes(text: str) -> dict[str, str]:
    values = {}
    for match in ATTRIBUTE.finditer(" " + text):
        raw = match.group(0).split("=", 1)
        values[match.group(1)] = raw[1].strip().strip("\"'") if len(raw) == 2 else ""
    return values


class ScannerTests(SimpleTestCase):
    """The scan below is only worth something if it catches each kind of fault."""

    def test_it_finds_each_fault(self):
        cases = {
            "<script>alert(1)</script>": "inline script",
            '<script type="module">go()</script>': "inline script",
            '<button onclick="go()">': "event handler",
            "<a href=\"{% url 'x' %}\" {% if a > b %}onmouseover='go()'{% endif %}>": "event",
            '<button hx-on:click="go()">': "htmx code",
            "<div hx-vals='js:{\"a\": 1}'>": "hx-vals",
            '<a href="javascript:go()">': "javascript:",
            '<span style="width: {{ x }}%">': "style attribute",
            "<style>p { color: red }</style>": "<style>",
        }
        for source, expected in cases.items():
            with self.subTest(source=source):
                self.assertTrue(any(expected in p for p in problems(source)), problems(source))

    def test_it_accepts_what_the_policy_allows(self):
        for source in [
            "<script src=\"{% static 'a.js' %}\" defer></script>",
            '<script type="application/json" id="data">{"a": "b"}</script>',
            '<p class="w-{{ x }}" data-style="plain" title="style=1 onclick=2">',
            "<p>Use style and onclick words in text; javascript is a language.</p>",
        ]:
            with self.subTest(source=source):
                self.assertEqual(problems(source), [])

    def test_server_side_templates_may_style_but_not_script(self):
        self.assertEqual(problems('<td style="color: red">', server_side=True), [])
        self.assertTrue(problems("<script>go()</script>", server_side=True))
        self.assertIs(is_server_side("matching/email/introduction_received_body.html"), True)
        self.assertIs(is_server_side("reports/report_pdf.html"), True)
        self.assertIs(is_server_side("reports/public_body.html"), False)


class TemplateScanTests(SimpleTestCase):
    def test_the_project_templates_are_found(self):
        names = {name for name, _source in project_templates()}
        self.assertIn("base.html", names)
        self.assertGreater(len(names), 100)
        self.assertLessEqual(SERVER_SIDE_TEMPLATES, names)

    def test_no_template_holds_code_or_styles_the_policy_blocks(self):
        faults = {}
        for name, source in project_templates():
            found = problems(source, server_side=is_server_side(name))
            if found:
                faults[name] = found
        self.assertEqual(faults, {})

    def test_every_static_file_a_template_names_exists(self):
        missing = [
            (name, path)
            for name, source in project_templates()
            for path in STATIC_TAG.findall(source)
            if finders.find(path) is None
        ]
        self.assertEqual(missing, [])

    def test_width_classes_cover_every_whole_percent(self):
        css = (Path(settings.BASE_DIR) / "static/css/alliances.css").read_text()
        widths = {
            int(number)
            for number, percent in re.findall(r"\.w-(\d+) \{ width: (\d+)%; \}", css)
            if number == percent
        }
        self.assertEqual(widths, set(range(101)))

    def test_the_error_page_needs_no_template_tag_for_its_styles(self):
        html = render_to_string("500.html")
        self.assertNotIn("style=", html)
        href = re.search(r'<link rel="stylesheet" href="([^"]+)">', html).group(1)
        self.assertTrue(href.startswith(settings.STATIC_URL))
        self.assertIsNotNone(finders.find(href.removeprefix(settings.STATIC_URL)))


class _InlineCode(HTMLParser):
    """Inline scripts, style attributes and event handlers of a rendered page."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script":
            inline = "src" not in names and (names.get("type") or "") not in DATA_SCRIPT_TYPES
            self._script = inline
        for name, value in attrs:
            if name == "style" or re.fullmatch(r"on[a-z]+", name) or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src", "action"} and (value or "").lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:>")
        if tag == "style":
            self.found.append("<style>")

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


class RenderedPageTests(BaseTestCase):
    """What the browser receives, widgets and helper-made HTML included."""

    def inline_code(self, response) -> list[str]:
        parser = _InlineCode()
        parser.feed(response.content.decode())
        return parser.found

    def test_pages_carry_no_inline_code_or_style(self):
        self.login(self.admin)
        urls = [
            reverse("home"),
            reverse("organisations:list"),
            reverse("organisations:detail", args=[self.org.uuid]),
            reverse("organisations:edit", args=[self.org.uuid]),
            reverse("organisations:members", args=[self.org.uuid]),
            reverse("partnerships:list"),
            reverse("accounts:profile"),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.inline_code(response), [])

    def test_anonymous_pages_carry_no_inline_code_or_style(self):
        for url in [reverse("account_login"), reverse("account_signup"), "/api/v1/docs"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.inline_code(response), [])

    def test_htmx_is_told_to_add_no_style_and_run_no_code(self):
        response = self.client.get(reverse("account_login"))
        match = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", response.text)
        self.assertIsNotNone(match)
        config = json.loads(match.group(1))
        self.assertIs(config["includeIndicatorStyles"], False)
        self.assertIs(config["allowEval"], False)
        # Its indicator rules are in our own style sheet instead.
        css = (Path(settings.BASE_DIR) / "static/css/alliances.css").read_text()
        self.assertIn(".htmx-request .htmx-indicator", css)
