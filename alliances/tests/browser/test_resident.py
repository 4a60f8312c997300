"""A resident answers the neighbourhood survey on a phone, with the keyboard only: once online,
then once without a connection, the answers waiting on the phone until it comes back. The
survey's team sees the two responses arrive."""

import re

from alliances.tests.browser.support import Journey, assert_focus_visible, login, tab_to

COHESION = "Vivre ensemble aux Trois-Cités"
SURVEY = "Baromètre habitants des Trois-Cités"
QUEUE_KEY = "alliances.survey.queue."


def _open_survey_as_team(page, journey: Journey) -> str:
    """Léa, for the partnership, opens the survey's page; returns its address."""
    login(page, "lea")
    page.goto("/partnerships/")
    with page.expect_navigation():
        page.locator("main a", has_text=COHESION).first.click()
    with page.expect_navigation():
        page.locator("main nav a[href$='/surveys/']").click()
    journey.step("team surveys", page=page)
    with page.expect_navigation():
        page.locator("main a", has_text=SURVEY).first.click()
    journey.step("team survey", page=page)
    return page.url


def _response_count(page) -> int:
    badge = page.locator("main .badge").filter(has_text=re.compile(r"\d+ r[ée]ponses?"))
    return int(re.search(r"\d+", badge.inner_text().replace("\u202f", "")).group())


def _choose(page, name: str, value: str) -> None:
    """Tab into a group of radio buttons, then pick `value` with the arrow keys (Space when
    it is the first one): how a keyboard user answers a single-choice question."""
    radios = page.locator(f"input[type=radio][name='{name}']:visible")
    values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
    tab_to(page, radios.first)
    position = values.index(value)
    if position == 0:
        page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowRight")
    assert_focus_visible(page)
    assert page.locator(f"input[name='{name}'][value='{value}']").is_checked()


def _tick(page, name: str, value: str) -> None:
    box = page.locator(f"input[type=checkbox][name='{name}'][value='{value}']")
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()


def _type_in(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)


def _send(page) -> None:
    tab_to(page, page.locator("#collect-form [data-send]"))
    page.keyboard.press("Enter")


def _start_at_top(page) -> None:
    """Tab order starts again from the top of the page, as after opening it."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator("body").focus()


def _queued(page, token: str) -> int:
    return page.evaluate(
        "key => JSON.parse(window.localStorage.getItem(key) || '[]').length", QUEUE_KEY + token
    )


def test_resident_answers_a_survey_on_a_phone_online_then_offline(new_page):
    team = new_page()
    journey = Journey(team, "resident")
    survey_url = _open_survey_as_team(team, journey)
    before = _response_count(team)
    public_link = team.locator("#public-link").input_value()
    token = public_link.rstrip("/").rsplit("/", 1)[-1]
    public_path = "/s/" + token + "/"

    phone = new_page(width=360, height=740, mobile=True)
    phone.goto(public_path)
    assert phone.get_by_role("heading", level=1).inner_text().strip() == SURVEY
    journey.step("consent", page=phone)

    # Consent, then the questions, with the keyboard only.
    tab_to(phone, phone.locator("button[name=consent][value=yes]"))
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.locator("#collect-form").count() == 1
    journey.step("questions", page=phone)

    _choose(phone, "quartier", "trois_cites")
    _choose(phone, "age", "30_59")
    _choose(phone, "appartenance", "4")
    _choose(phone, "participation", "oui")
    # Shown only once "yes" is chosen.
    _tick(phone, "activites", "fete")
    _tick(phone, "activites", "cafe")
    _choose(phone, "satisfaction", "8")
    _type_in(phone, phone.locator("[name=idee]"), "Plus de bancs sur la place")
    journey.step("answered", page=phone)
    _send(phone)

    status = phone.locator("#collect-status")
    phone.locator("#collect-status.is-sent").wait_for()
    assert status.is_visible()
    assert phone.locator("#collect-status-text").inner_text().strip()
    # The message takes the focus, so that it is read out, and the form is empty again.
    assert phone.evaluate("() => document.activeElement.id") == "collect-status-text"
    assert not phone.locator("input[name=quartier]:checked").count()
    journey.step("sent", page=phone)

    # No connection: the answers stay on the phone and the page says so.
    phone.context.set_offline(True)
    _start_at_top(phone)
    _choose(phone, "quartier", "couronneries")
    _choose(phone, "appartenance", "5")
    _choose(phone, "participation", "non")
    _send(phone)
    phone.locator("#collect-status.is-waiting").wait_for()
    waiting_message = phone.locator("#collect-status-text").inner_text()
    assert "1" in waiting_message, waiting_message
    assert _queued(phone, token) == 1
    assert not phone.locator("input[name=quartier]:checked").count()
    journey.step("kept on the phone", page=phone)

    # The connection comes back: what waited is sent, and the page says so.
    phone.context.set_offline(False)
    phone.locator("#collect-status.is-sent").wait_for()
    assert _queued(phone, token) == 0
    sent_message = phone.locator("#collect-status-text").inner_text()
    assert sent_message.strip() and sent_message != waiting_message
    journey.step("sent after reconnecting", page=phone)

    # The survey's team sees both responses.
    team.goto(survey_url)
    assert _response_count(team) == before + 2
    journey.step("team survey after", page=team)
