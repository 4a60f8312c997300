"""An association lead, new to the site: signs up, confirms the address, creates the
association, looks for partners, starts a partnership with the keyboard alone, answers the
opportunity assessment and approves the partnership agreement."""

import re
import uuid

from playwright.sync_api import expect

from alliances.tests.browser.support import Journey, assert_focus_visible, tab_to

NEW_PASSWORD = "un-mot-de-passe-solide-2026"
ORGANISATION = "Jardins partagés de Bellejouanne"
PARTNERSHIP = "Potagers au pied des immeubles"


def _confirmation_path(demo_server, email: str) -> str:
    for message in reversed(demo_server.mails()):
        if email in message["To"]:
            body = message.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", body)
            assert found, body
            return found.group(1)
    raise AssertionError(f"no e-mail to {email} among {len(demo_server.mails())}")


def _sign_up(page, journey, demo_server, email: str) -> None:
    page.goto("/")
    with page.expect_navigation():
        page.locator("header a[href='/accounts/signup/']").click()
    form = page.locator("main form").filter(has=page.locator("[name=password1]"))
    form.locator("[name=full_name]").fill("Camille Roux")
    form.locator("[name=email]").fill(email)
    form.locator("[name=password1]").fill(NEW_PASSWORD)
    form.locator("[name=password2]").fill(NEW_PASSWORD)
    journey.step("sign-up form")
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    assert "/accounts/confirm-email/" in page.url, page.url
    journey.step("confirmation sent")

    page.goto(_confirmation_path(demo_server, email))
    journey.step("confirm address")
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert page.locator("form[action$='/accounts/logout/']").count() == 1, page.url


def _create_organisation(page, journey) -> None:
    page.goto("/organisations/new/")
    page.locator("#id_name").fill(ORGANISATION)
    page.locator("#id_kind").select_option("association")
    page.locator("#id_rna").fill("W863000777")
    page.locator("#id_city").fill("Poitiers")
    page.locator("#id_mission").fill(
        "Des jardins partagés au pied des immeubles, ouverts à tous les habitants du quartier."
    )
    journey.step("organisation form")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert re.search(r"/organisations/[0-9a-f-]{36}/$", page.url), page.url
    assert ORGANISATION in page.get_by_role("heading", level=1).inner_text()
    journey.step("organisation created")


def _find_partners(page, journey) -> None:
    page.goto("/organisations/")
    search = page.locator("#directory-form")
    # The directory searches as one types: the results come once the typing pauses, and
    # the address follows them (typing=1), so the page is checked only after that answer.
    search.locator("#id_q").fill("énergie")
    page.wait_for_url(re.compile(r"[?&]q=%C3%A9nergie&.*typing=1"))
    results = page.locator("main a[href^='/organisations/']").filter(has_text="Clain Énergies")
    expect(results.first).to_be_visible()
    journey.step("directory search")
    with page.expect_navigation():
        results.first.click()
    assert "Clain Énergies" in page.get_by_role("heading", level=1).inner_text()
    journey.step("partner profile")


def _create_partnership_with_keyboard(page, journey) -> str:
    page.goto("/partnerships/new/")
    tab_to(page, page.locator("#id_title"))
    page.keyboard.type(PARTNERSHIP)
    tab_to(page, page.locator("#id_purpose"), max_tabs=5)
    page.keyboard.type("Cultiver ensemble des potagers au pied des immeubles avec les habitants.")
    kind = page.locator("input[name=kind][value=societal_innovation]")
    tab_to(page, page.locator("input[name=kind]").first, max_tabs=10)
    for _ in range(4):
        if kind.is_checked():
            break
        page.keyboard.press("ArrowDown")
        assert_focus_visible(page)
    assert kind.is_checked()
    journey.step("partnership form")
    tab_to(page, page.locator("main form button[type=submit]"), max_tabs=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    found = re.search(r"/partnerships/([0-9a-f-]{36})/$", page.url)
    assert found, page.url
    assert PARTNERSHIP in page.get_by_role("heading", level=1).inner_text()
    journey.step("partnership created")
    return found.group(1)


def _assess(page, journey, partnership: str) -> None:
    page.goto(f"/partnerships/{partnership}/assessment/")
    form = page.locator("form.assessment-form")
    for name, value in (
        ("our_bandwidth", "4"),
        ("their_bandwidth", "3"),
        ("admin_load", "2"),
        ("expected_benefit", "4"),
    ):
        form.locator(f"input[name={name}][value='{value}']").check()
    rights = form.locator("[name=decision_rights]")
    if rights.first.evaluate("el => el.tagName") == "SELECT":
        rights.select_option(index=1)
    else:
        rights.first.check()
    form.locator("[name=shared_values]").fill("Le respect du rythme des habitants.")
    journey.step("assessment form")
    with page.expect_navigation():
        form.locator("button[formaction$='/assessment/submit/']").click()
    assert page.locator("form.assessment-form").count() == 0, "the answers are still editable"
    journey.step("assessment submitted")


def _agree(page, journey, partnership: str) -> None:
    page.goto(f"/partnerships/{partnership}/agreement/edit/")
    journey.step("agreement draft")
    with page.expect_navigation():
        page.locator("form.agreement-form button[type=submit]").click()
    assert page.url.endswith("/agreement/versions/1/"), page.url
    journey.step("agreement version 1")
    approve = page.locator("form.approve-form")
    approve.locator("input[name=confirm]").check()
    with page.expect_navigation():
        approve.locator("button[type=submit]").click()
    assert page.locator("form.approve-form").count() == 0
    assert page.locator(".approval-yes").count() == 1
    journey.step("agreement approved")


def test_association_lead_from_sign_up_to_agreement(new_page, demo_server):
    page = new_page()
    journey = Journey(page, "association-lead")
    email = f"camille.{uuid.uuid4().hex[:8]}@example.org"

    _sign_up(page, journey, demo_server, email)
    _create_organisation(page, journey)
    _find_partners(page, journey)
    partnership = _create_partnership_with_keyboard(page, journey)
    _assess(page, journey, partnership)
    _agree(page, journey, partnership)
