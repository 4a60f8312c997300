"""A visitor without an account reads the public impact pages, downloads the open data and
opens the public profile of a party."""

import csv
import io

from alliances.tests.browser.support import Journey, assert_reflows, at_narrow_and_zoomed

COHESION = "Vivre ensemble aux Trois-Cités"


def test_visitor_reads_a_public_impact_page(new_page):
    page = new_page()
    journey = Journey(page, "visitor")

    page.goto("/impact/")
    assert page.get_by_role("heading", level=1).count() == 1
    journey.step("impact list")

    link = page.locator("main .public-list-item h2 a").filter(has_text=COHESION)
    with page.expect_navigation():
        link.click()
    assert page.locator("#public-page-title").inner_text().strip() == COHESION
    impact_path = page.url.removeprefix(page.url.split("/impact/")[0])
    journey.step("impact page")

    # The open data: a CSV download, with the figures the page shows.
    csv_link = page.locator("main a[download]", has_text="CSV")
    response = page.request.get(csv_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    assert len(rows) > 1, rows
    with page.expect_download() as download_info:
        csv_link.click()
    assert download_info.value.suggested_filename.endswith(".csv")

    # A party with a public profile.
    party = page.locator("main .public-page a[href^='/organisations/']").first
    party_name = party.inner_text().strip()
    with page.expect_navigation():
        party.click()
    assert party_name in page.get_by_role("heading", level=1).inner_text()
    profile_path = page.url.removeprefix(page.url.split("/organisations/")[0])
    journey.step("party profile")
    assert_reflows(page)

    for path in ("/impact/", impact_path, profile_path):
        at_narrow_and_zoomed(new_page, path, journey)
