"""Key pages on a 360-px-wide phone and at 200 % zoom: no horizontal scrolling, no serious
accessibility violation."""

import pytest

from alliances.tests.browser.support import Journey, at_narrow_and_zoomed, login

PARTNERSHIP = "Réussite éducative aux Trois-Cités"


@pytest.mark.parametrize(
    "path",
    ["/", "/accounts/login/", "/accounts/signup/", "/organisations/", "/calls/"],
)
def test_public_page_reflows(new_page, path):
    page = new_page()
    at_narrow_and_zoomed(new_page, path, Journey(page, "widths-public"))


def test_member_pages_reflow(new_page):
    page = new_page()
    login(page, "lea")
    page.goto("/partnerships/")
    link = page.locator("main a[href^='/partnerships/']").filter(has_text=PARTNERSHIP).first
    partnership = link.get_attribute("href")
    journey = Journey(page, "widths-member")
    for path in (
        "/",
        "/partnerships/",
        "/partnerships/new/",
        partnership,
        partnership + "assessment/",
        partnership + "agreement/",
    ):
        at_narrow_and_zoomed(new_page, path, journey, login_as="lea")
