"""Nothing reaches a page without being escaped, except a few reviewed places.

Templates are read for `|safe`, `|safeseq`, `{% filter safe %}` and `{% autoescape off %}`; the
Python code for `mark_safe`, `SafeString`, filters declared safe, templates built with
autoescaping off, and `format_html` given a format string that was already filled in (which
escapes nothing). A new use fails here until it is reviewed and added below with its reason.
"""

import ast
import re
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

# (template, what) → (count, why it is safe)
REVIEWED_TEMPLATE_USES = {
    ("reports/public_page.html", "|safe"): (
        1,
        "`body` is reports/public_body.html rendered with autoescaping by "
        "reports.views.public.render_body (or that rendering from the cache).",
    ),
    ("reports/publication_preview.html", "|safe"): (
        1,
        "`body` is reports/public_body.html rendered with autoescaping by render_body.",
    ),
}
# (module, call or keyword) → (count, why it is safe)
REVIEWED_PYTHON_USES = {
    ("alliances/agreements/exports.py", "mark_safe"): (
        1,
        "css_string escapes every character but ASCII letters, digits and spaces.",
    ),
    ("alliances/lib/richtext.py", "mark_safe"): (
        2,
        "An empty string, and Markdown output cleaned by nh3 against a short allowlist.",
    ),
}

TEMPLATE_PATTERNS = {
    "|safe": re.compile(r"\|\s*safe\b(?!seq)"),
    "|safeseq": re.compile(r"\|\s*safeseq\b"),
    "filter safe": re.compile(r"\{%\s*filter\b[^%]*\bsafe(?:seq)?\b"),
    "autoescape off": re.compile(r"\{%\s*autoescape\s+off\s*%\}"),
}
# Plain-text templates (e-mail bodies and subjects) are never read as HTML: escaping would show
# "&amp;" to the reader, so turning it off there is right.
PLAIN_TEXT_SUFFIXES = (".txt",)
MARKING_CALLS = {"mark_safe", "SafeString", "SafeText", "mark_for_escaping"}
FORMAT_CALLS = {"format_html", "format_html_join"}


def project_root() -> Path:
    return Path(settings.BASE_DIR).resolve()


def template_files() -> list[tuple[str, Path]]:
    root = project_root()
    dirs = [root / "templates", *sorted(root.glob("alliances/*/templates"))]
    found = []
    for directory in dirs:
        for path in sorted(directory.rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".svg"}:
                found.append((path.relative_to(directory).as_posix(), path))
    return found


def python_files() -> list[tuple[str, Path]]:
    root = project_root()
    found = []
    for path in sorted((root / "alliances").rglob("*.py")):
        parts = set(path.relative_to(root).parts)
        if parts & {"tests", "migrations"} or path.name in {"test.py", "conftest.py"}:
            continue
        found.append((path.relative_to(root).as_posix(), path))
    return found


def template_uses() -> Counter:
    uses = Counter()
    for name, path in template_files():
        source = path.read_text(encoding="utf-8")
        for what, pattern in TEMPLATE_PATTERNS.items():
            if what == "autoescape off" and name.endswith(PLAIN_TEXT_SUFFIXES):
                continue
            uses[(name, what)] += len(pattern.findall(source))
    return +uses


def _called_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def python_uses(source: str) -> Counter:
    """What in one module's source marks text safe or turns escaping off."""
    uses = Counter()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if name in MARKING_CALLS:
                uses[name] += 1
            if name in FORMAT_CALLS and not (
                node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                uses[f"{name} without a literal format"] += 1
            for keyword in node.keywords:
                if keyword.arg in {"is_safe", "needs_autoescape"} and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    uses[f"{keyword.arg}="] += 1
                if (
                    keyword.arg == "autoescape"
                    and isinstance(keyword.value, ast.Constant)
                    and keyword.value.value is False
                ):
                    uses["autoescape=False"] += 1
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            if node.name == "__html__":
                uses["__html__"] += 1
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if getattr(target, "id", getattr(target, "attr", "")) == "html_safe":
                    uses["html_safe"] += 1
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for what, pattern in TEMPLATE_PATTERNS.items():
                uses[f"{what} in a string"] += len(pattern.findall(node.value))
    return +uses


def all_python_uses() -> Counter:
    uses = Counter()
    for name, path in python_files():
        for what, count in python_uses(path.read_text(encoding="utf-8")).items():
            uses[(name, what)] = count
    return uses


def unreviewed(found: Counter, reviewed: dict) -> list[str]:
    problems = []
    for key, count in sorted(found.items()):
        expected = reviewed.get(key, (0, ""))[0]
        if count != expected:
            problems.append(f"{key[0]}: {count} × {key[1]} (reviewed: {expected})")
    for key, (expected, _reason) in sorted(reviewed.items()):
        if key not in found:
            problems.append(f"{key[0]}: {key[1]} reviewed ×{expected} but no longer there")
    return problems


class NoUnescapedOutputTests(SimpleTestCase):
    def test_the_scans_read_the_project(self):
        names = {name for name, _path in template_files()}
        self.assertIn("base.html", names)
        self.assertIn("reports/public_page.html", names)
        modules = {name for name, _path in python_files()}
        self.assertIn("alliances/lib/richtext.py", modules)
        self.assertNotIn("alliances/core/tests/test_no_unescaped_output.py", modules)

    def test_templates_escape_everything_but_reviewed_uses(self):
        self.assertEqual(unreviewed(template_uses(), REVIEWED_TEMPLATE_USES), [])

    def test_python_marks_nothing_safe_but_reviewed_uses(self):
        self.assertEqual(unreviewed(all_python_uses(), REVIEWED_PYTHON_USES), [])

    def test_every_reviewed_use_says_why(self):
        for key, (_count, reason) in {**REVIEWED_TEMPLATE_USES, **REVIEWED_PYTHON_USES}.items():
            with self.subTest(use=key):
                self.assertGreater(len(reason), 20)

    def test_the_python_scan_sees_each_kind_of_misuse(self):
        source = (
            "from django.utils.html import format_html\n"
            "from django.utils.safestring import SafeString, mark_safe\n"
            "from django.template import Engine\n"
            "a = mark_safe(x)\n"
            "b = SafeString(x)\n"
            "c = format_html(f'<b>{x}</b>')\n"
            "d = format_html('<b>{}</b>', x)\n"
            "e = Engine(autoescape=False)\n"
            "@register.filter(is_safe=True)\n"
            "def f(value): return value\n"
            "t = Template('{{ x|safe }}')\n"
            "class Snippet:\n"
            "    def __html__(self): return self.text\n"
        )
        self.assertEqual(
            python_uses(source),
            Counter(
                {
                    "mark_safe": 1,
                    "SafeString": 1,
                    "format_html without a literal format": 1,
                    "autoescape=False": 1,
                    "is_safe=": 1,
                    "|safe in a string": 1,
                    "__html__": 1,
                }
            ),
        )

    def test_the_template_scan_sees_each_kind_of_misuse(self):
        source = (
            "{{ a|safe }}{{ b|default:''|safe }}{{ c|safeseq|join:', ' }}"
            "{% filter safe %}x{% endfilter %}{% autoescape off %}{% endautoescape %}"
        )
        found = {what: len(p.findall(source)) for what, p in TEMPLATE_PATTERNS.items()}
        self.assertEqual(found, {"|safe": 2, "|safeseq": 1, "filter safe": 1, "autoescape off": 1})
