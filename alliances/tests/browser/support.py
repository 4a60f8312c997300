"""What the browser journeys share: logging in, screenshots with an accessibility check at each
step, keyboard navigation with visible focus, and reflow at 360 px and at 200 % zoom.

axe-core comes from scripts/browser_packages.sh (var/vendor/axe-core/axe.min.js).
"""

import itertools
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "demo-alliances-2026"
DEMO_DOMAIN = "demo.alliances.test"
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE_JS = ROOT / "var" / "vendor" / "axe-core" / "axe.min.js"
# What fails a step: axe's two highest impacts ("moderate" and "minor" are reported, not fatal).
BLOCKING_IMPACTS = {"serious", "critical"}


class MailDirBackend(BaseEmailBackend):
    """The demo server's e-mail backend: one RFC 5322 file per message in $E2E_MAIL_DIR,
    named so that sorting the names gives the sending order."""

    _counter = itertools.count()
    _lock = threading.Lock()

    def send_messages(self, email_messages):
        directory = Path(os.environ["E2E_MAIL_DIR"])
        for message in email_messages:
            with self._lock:
                name = f"{time.time_ns():020d}-{os.getpid()}-{next(self._counter):06d}"
            partial = directory / f"{name}.part"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(directory / f"{name}.eml")
        return len(email_messages)


def ensure_browser_packages() -> None:
    """axe-core is fetched by scripts/browser_packages.sh; run it when the file is missing."""
    if AXE_JS.exists():
        return
    subprocess.run(["bash", str(ROOT / "scripts" / "browser_packages.sh")], cwd=ROOT, check=True)


def demo_email(name: str) -> str:
    return f"{name}@{DEMO_DOMAIN}"


def login(page, name: str, *, password: str = PASSWORD) -> None:
    """Log in through the form as a demo user ("lea") or a full e-mail address."""
    email = name if "@" in name else demo_email(name)
    page.goto("/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("[name=login]"))
    form.locator("[name=login]").fill(email)
    form.locator("[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("[name=password]").press("Enter")
    assert "/accounts/login/" not in page.url, f"login as {email} failed: still on {page.url}"
    assert page.locator("form[action$='/accounts/logout/']").count() == 1, (
        f"login as {email}: no log-out button on {page.url}"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "step"


def check_axe(page) -> list[dict]:
    """Every axe-core violation of the page as it is now (all impacts)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so the page's Content Security Policy is
        # neither weakened nor involved.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200),
                                          summary: n.failureSummary || ''})),
            }));
        }"""
    )
    return result


def describe_violations(violations: list[dict], url: str) -> str:
    lines = [f"accessibility violations on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:8]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html']}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_no_blocking_violations(page) -> None:
    blocking = [v for v in check_axe(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe_violations(blocking, page.url)


class Journey:
    """A persona's path through the site: each step is screenshotted, then checked by axe."""

    _started: set[str] = set()

    def __init__(self, page, name: str):
        self.page = page
        self.name = name
        self.directory = SCREENSHOTS / name
        if name not in Journey._started:
            # The first journey of this name in this run starts from an empty directory.
            shutil.rmtree(self.directory, ignore_errors=True)
            Journey._started.add(name)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = len(list(self.directory.glob("*.png")))

    def step(self, label: str, *, page=None) -> Path:
        page = page or self.page
        page.wait_for_load_state("load")
        # A page updated by htmx is checked once its requests are answered and its fades
        # (loading indicators) are over: half-faded text is not what a reader sees.
        page.wait_for_function(
            """() => !document.querySelector('.htmx-request') && document.getAnimations()
                .every(a => a.playState !== 'running'
                            || a.effect.getComputedTiming().endTime === Infinity)"""
        )
        self.count += 1
        path = self.directory / f"{self.count:02d}-{_slug(label)}.png"
        page.screenshot(path=str(path), full_page=True)
        assert_no_blocking_violations(page)
        return path


def assert_reflows(page) -> None:
    """No horizontal scrolling at the current viewport (WCAG 1.4.10 Reflow)."""
    overflow = page.evaluate(
        """() => {
            const root = document.documentElement;
            const width = root.clientWidth;
            if (root.scrollWidth <= width + 1) return null;
            const wide = [];
            for (const el of document.body.querySelectorAll('*')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string'
                           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
                    wide.push(name + ' (right edge ' + Math.round(box.right) + ')');
                }
            }
            return {scrollWidth: root.scrollWidth, width, wide: wide.slice(0, 10)};
        }"""
    )
    assert overflow is None, (
        f"{page.url} scrolls horizontally: {overflow['scrollWidth']} px of content in "
        f"{overflow['width']} px; too wide: {', '.join(overflow['wide'])}"
    )


# Session cookies of each person once logged in (one server per test session): their further
# pages skip the form and its deliberately slow password hashing.
_sessions: dict[str, list] = {}


def _logged_in(page, name: str) -> None:
    if name in _sessions:
        page.context.add_cookies(_sessions[name])
        return
    login(page, name)
    _sessions[name] = page.context.cookies()


# 360 px: a small phone. 200 % zoom of a 1280x900 window is 640x450 CSS pixels, each drawn
# with four device pixels.
NARROW_AND_ZOOMED = [
    ("360px", {"width": 360, "height": 740, "mobile": True}),
    ("zoom-200", {"width": 640, "height": 450, "scale": 2}),
]


def at_narrow_and_zoomed(page_factory, path: str, journey: Journey, *, login_as: str = "") -> None:
    """Open `path` on a 360-px-wide phone and at 200 % zoom: no horizontal scrolling, no
    serious accessibility violation, one screenshot each."""
    for label, viewport in NARROW_AND_ZOOMED:
        page = page_factory(**viewport)
        if login_as:
            _logged_in(page, login_as)
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert_reflows(page)
        journey.step(f"{_slug(path)}-{label}", page=page)
        page.context.close()


def focus_description(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) {
                return {element: '(nothing focused)', visible: false};
            }
            if (!el.matches(':focus') && /^(date|time|datetime-local|month|week)$/.test(el.type)) {
                // The focus is on the calendar button inside the browser's own date control,
                // which draws its own focus ring: nothing of the page's to check.
                return {element: el.tagName.toLowerCase() + '#' + el.id + ' (picker button)',
                        visible: true};
            }
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow && style.boxShadow !== 'none';
            let element = el.tagName.toLowerCase();
            if (el.id) element += '#' + el.id;
            if (el.getAttribute('name')) element += '[name=' + el.getAttribute('name') + ']';
            const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
            if (text) element += ' "' + text.slice(0, 40) + '"';
            return {element, visible: (outline || shadow) && box.width > 0 && box.height > 0,
                    outline: style.outline, boxShadow: style.boxShadow};
        }"""
    )


def assert_focus_visible(page) -> None:
    """The focused element shows a focus indicator (an outline or a shadow) and has a size."""
    focus = focus_description(page)
    assert focus["visible"], f"no visible focus on {focus['element']} at {page.url}: {focus}"


def tab_to(page, locator, max_tabs: int = 80) -> None:
    """Press Tab until `locator` has the focus, checking the focus is visible at every stop."""
    locator.wait_for(state="attached")
    seen = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focus = focus_description(page)
        seen.append(focus["element"])
        assert focus["visible"], f"no visible focus on {focus['element']} at {page.url}: {focus}"
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(
        f"{locator} not reached after {max_tabs} Tab presses on {page.url}; "
        f"focus went through: {' > '.join(seen[-15:])}"
    )
