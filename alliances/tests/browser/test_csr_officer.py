"""A company's CSR officer (Marc, Clain Énergies) answers a call for partners, records a
contribution to a partnership his company takes part in, and approves the new version of its
agreement that the coordinator has just proposed."""

import re

from alliances.tests.browser.support import Journey, at_narrow_and_zoomed, demo_email, login

CALL = "Été solidaire aux Trois-Cités : entreprises partenaires"
EDUCATION = "Réussite éducative aux Trois-Cités"
COMPANY = "Clain Énergies"
CONTRIBUTION = "Prêt de tablettes pour l'aide aux devoirs"


def _mail_text(message) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else ""


def _answer_the_call(page, journey: Journey, demo_server) -> None:
    mails_before = len(demo_server.mails())
    page.goto("/calls/")
    journey.step("calls")
    with page.expect_navigation():
        page.locator("main a", has_text=CALL).click()
    journey.step("call")
    with page.expect_navigation():
        page.locator("main a[href$='/answer/']").click()
    form = page.locator("main form[method=post]").filter(has=page.locator("[name=message]"))
    form.get_by_label(re.compile("proposition", re.I)).fill(
        "Clain Énergies peut cofinancer les activités de l'été et proposer deux journées de "
        "découverte des métiers de l'énergie aux enfants du quartier."
    )
    form.locator("input[name=resources_offered][value=funding]").check()
    form.locator("input[name=resources_offered][value=skills]").check()
    journey.step("answer form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "/proposals/" in page.url, page.url
    assert page.locator(".message-success").count() == 1
    journey.step("answer sent")

    # The people who act for the city on calls are told, with a link to the answer.
    proposal_path = page.url.removeprefix(demo_server.base_url).split("#")[0]
    new_mails = demo_server.mails()[mails_before:]
    told = {message["To"] for message in new_mails if proposal_path in _mail_text(message)}
    assert {demo_email("sophie"), demo_email("marion")} <= told, told


def _record_a_contribution(page, journey: Journey) -> str:
    page.goto("/")
    with page.expect_navigation():
        page.locator("main a", has_text=EDUCATION).first.click()
    partnership_path = page.url.removeprefix(page.url.split("/partnerships/")[0])
    journey.step("partnership")
    with page.expect_navigation():
        page.locator("main nav a[href$='/contributions/']").first.click()
    journey.step("contributions")
    with page.expect_navigation():
        page.locator("main a[href$='/contributions/new/']").click()
    # Choosing the kind redraws the fields that suit it.
    with page.expect_response(lambda response: "/contributions/new/?" in response.url):
        page.locator("#id_kind").select_option("in_kind")
    page.locator("#id_description").fill(CONTRIBUTION)
    page.locator("#id_planned_amount").fill("2 500")
    page.locator("#id_period_start").fill("2026-09-01")
    page.locator("#id_period_end").fill("2027-06-30")
    journey.step("contribution form")
    with page.expect_navigation():
        page.locator("#contribution-form button[type=submit]").click()
    assert "/contributions/" in page.url and "/new/" not in page.url, page.url
    assert page.locator(".message-success").count() == 1
    assert page.locator("main").get_by_text(CONTRIBUTION).count() >= 1
    journey.step("contribution recorded")
    return partnership_path


def _coordinator_proposes_a_version(page, journey: Journey, partnership_path: str) -> int:
    login(page, "lea")
    page.goto(partnership_path + "agreement/")
    with page.expect_navigation():
        page.locator("main a[href$='/agreement/edit/']").click()
    page.locator("#id_clause_contributions").fill(
        "Clain Énergies prête vingt tablettes pour l'aide aux devoirs pendant l'année scolaire."
    )
    page.locator("#id_note").fill("Prêt de tablettes par Clain Énergies")
    journey.step("coordinator edits the agreement", page=page)
    save = page.locator("main form button[type=submit]").last
    number = int(re.search(r"\d+", save.inner_text()).group())
    with page.expect_navigation():
        save.click()
    journey.step("new version proposed", page=page)
    return number


def _approve(page, journey: Journey, partnership_path: str, number: int) -> None:
    page.goto(partnership_path + "agreement/")
    version_link = page.locator(f"main a[href$='/agreement/versions/{number}/']").first
    assert version_link.count() == 1
    journey.step("agreement awaiting approval")
    with page.expect_navigation():
        version_link.click()
    approve = page.locator(f"main form[action$='/versions/{number}/approve/']")
    approve.locator("input[name=confirm]").check()
    journey.step("approval form")
    with page.expect_navigation():
        approve.locator("button[type=submit]").click()
    message = page.locator(".message-success").inner_text()
    assert COMPANY in message and str(number) in message, message
    # The approvals table: the company's latest approval is this version, by Marc.
    row = page.locator("main tr").filter(has_text=COMPANY).first.inner_text()
    assert re.search(rf"Version {number}\b.*Marc Dubois", row), row
    journey.step("agreement approved")


def test_csr_officer_answers_a_call_contributes_and_approves(new_page, demo_server):
    page = new_page()
    journey = Journey(page, "csr-officer")
    login(page, "marc")
    journey.step("dashboard")

    _answer_the_call(page, journey, demo_server)
    partnership_path = _record_a_contribution(page, journey)

    coordinator = new_page()
    number = _coordinator_proposes_a_version(coordinator, journey, partnership_path)
    coordinator.context.close()

    _approve(page, journey, partnership_path, number)

    at_narrow_and_zoomed(
        new_page, partnership_path + "contributions/new/", journey, login_as="marc"
    )
