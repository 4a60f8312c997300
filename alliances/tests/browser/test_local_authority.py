"""A local-authority officer (Sophie, Ville de Poitiers) coordinates the partnership her city
leads: she takes her seat on the steering committee, schedules a meeting, has a decision voted
and closed, assigns the action that follows, and finds both in the logs."""

from datetime import date, timedelta

from alliances.tests.browser.support import Journey, at_narrow_and_zoomed, demo_email, login

GARDENS = "Jardins partagés et sobriété énergétique"
CITY = "Ville de Poitiers"
MEETING = "Comité de lancement des jardins"
DECISION = "Ouvrir le premier jardin rue de Nimègue au printemps"
ACTION = "Réserver la parcelle auprès du bailleur"


def _mail_text(message) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else ""


def _governance(page, journey: Journey) -> str:
    page.goto("/partnerships/")
    with page.expect_navigation():
        page.locator("main a", has_text=GARDENS).first.click()
    journey.step("partnership")
    with page.expect_navigation():
        page.locator("main nav a[href$='/governance/']").first.click()
    journey.step("governance")
    return page.url.removeprefix(page.url.split("/partnerships/")[0])


def _take_a_seat(page, journey: Journey, governance: str) -> None:
    page.goto(governance + "committee/")
    form = page.locator("main form[action$='/committee/add/']")
    form.locator("select[name=person]").select_option(
        label=f"Sophie Girard ({demo_email('sophie')})"
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".message-success").count() == 1
    journey.step("committee")


def _schedule(page, journey: Journey, governance: str, day: date) -> str:
    page.goto(governance + "meetings/")
    with page.expect_navigation():
        page.locator("main a[href$='/meetings/new/']").first.click()
    page.locator("#id_title").fill(MEETING)
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start_time").fill("18:00")
    page.locator("#id_place").fill("Salle des fêtes des Couronneries")
    page.locator("#id_agenda").fill("Choix des deux parcelles\nCalendrier des ateliers énergie")
    # The committee is invited by default; Marion, who will run the gardens, too.
    page.get_by_label("Marion Petit").check()
    journey.step("meeting form")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()
    assert "/meetings/" in page.url and "/new/" not in page.url, page.url
    main = page.locator("main")
    assert main.get_by_role("heading", name=MEETING).count() >= 1
    for item in ("Choix des deux parcelles", "Calendrier des ateliers énergie"):
        assert main.get_by_text(item).count() >= 1, item
    journey.step("meeting scheduled")
    return page.url.removeprefix(page.url.split("/partnerships/")[0])


def _decide(page, journey: Journey, governance: str) -> str:
    page.goto(governance + "decisions/")
    with page.expect_navigation():
        page.locator("main a[href$='/decisions/new']").first.click()
    page.locator("#id_title").fill(DECISION)
    page.locator("#id_context").fill(
        "La parcelle est libre, à deux pas de l'école Alphonse-Daudet."
    )
    page.locator("#id_meeting").select_option(
        label=page.locator("#id_meeting option").filter(has_text=MEETING).inner_text()
    )
    journey.step("decision form")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()
    decision_path = page.url.removeprefix(page.url.split("/partnerships/")[0]).split("#")[0]
    journey.step("decision open")

    # The city's vote, then the coordinator closes the vote.
    vote = page.locator("main form[action$='/vote']")
    vote.locator("input[name=choice][value=for]").check()
    with page.expect_navigation():
        vote.locator("button[type=submit]").click()
    assert page.locator(".message-success").count() == 1
    close = page.locator("main form[action$='/close']")
    close.locator("textarea[name=rationale]").fill(
        "La Ville vote pour ; Clain Énergies sera associée au lancement des ateliers."
    )
    journey.step("decision voted")
    with page.expect_navigation():
        close.locator("button[type=submit]").click()
    assert page.locator(".message-success").count() == 1
    assert page.locator("main .decision-head .decision-status-adopted").count() == 1
    assert page.locator("main form[action$='/vote']").count() == 0
    journey.step("decision closed")
    return decision_path


def _assign_action(page, journey: Journey, governance: str, due: date) -> None:
    page.goto(governance + "actions/")
    journey.step("actions")
    with page.expect_navigation():
        page.locator("main a[href$='/actions/new/']").first.click()
    page.locator("#id_title").fill(ACTION)
    page.locator("#id_owner_party").select_option(label=CITY)
    page.locator("#id_owner").select_option(label="Marion Petit")
    page.locator("#id_due_on").fill(due.isoformat())
    page.locator("#id_meeting").select_option(
        label=page.locator("#id_meeting option").filter(has_text=MEETING).inner_text()
    )
    page.locator("#id_decision").select_option(
        label=page.locator("#id_decision option").filter(has_text=DECISION).inner_text()
    )
    journey.step("action form")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()
    assert page.locator(".message-success").count() == 1
    assert page.locator("main").get_by_text(ACTION).count() >= 1
    journey.step("action assigned")


def test_local_authority_coordinates_a_meeting_and_a_decision(new_page, demo_server):
    page = new_page()
    journey = Journey(page, "local-authority")
    login(page, "sophie")
    governance = _governance(page, journey)
    _take_a_seat(page, journey, governance)

    mails_before = len(demo_server.mails())
    meeting_day = date.today() + timedelta(days=18)
    meeting_path = _schedule(page, journey, governance, meeting_day)
    # The invitation reaches the other invitee by e-mail, with the meeting's link.
    invitations = [
        message
        for message in demo_server.mails()[mails_before:]
        if message["To"] == demo_email("marion") and meeting_path in _mail_text(message)
    ]
    assert invitations, "no invitation e-mail to Marion"

    decision_path = _decide(page, journey, governance)
    _assign_action(page, journey, governance, meeting_day + timedelta(days=30))

    # The decisions log shows the decision, adopted, with its meeting.
    page.goto(governance + "decisions/")
    row = page.locator("main table.decision-log tbody tr").filter(has_text=DECISION)
    assert row.count() == 1
    assert row.locator(f"a[href='{decision_path}']").count() == 1
    assert row.locator(".decision-status-adopted").count() == 1
    assert row.locator(f"a[href='{meeting_path}']").count() == 1
    journey.step("decisions log")

    # The meeting's page lists what it decided and the action that follows.
    page.goto(meeting_path)
    main = page.locator("main")
    assert main.locator(f"a[href='{decision_path}']").count() >= 1
    assert main.get_by_text(ACTION).count() >= 1
    journey.step("meeting with its decision and action")

    at_narrow_and_zoomed(new_page, governance + "decisions/", journey, login_as="sophie")
