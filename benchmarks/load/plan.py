"""What the simulated people request, read from the database once, before the load starts.

The plan is a JSON file handed to the load generator (a separate process): directory searches
as query strings, public profiles, the demo's partnerships and dashboards per signed-in
account (with its session cookie), public impact pages and the open surveys' links with their
questions. Demo accounts sign in here, over HTTP, once: password hashing is slow on purpose
and is not what the load test measures.
"""

import http.client
import random
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from benchmarks.directory import build_queries

PROFILES = 2000
# The load generator's own queries are varied further by page and sort, seeded.
QUERY_SEED = 2026


def search_paths(seed: int = QUERY_SEED) -> list[str]:
    """The directory benchmark's fixed searches, as the search page's query strings."""
    paths = []
    for spec in build_queries(seed):
        params: list[tuple[str, str]] = []
        if spec.get("q"):
            params.append(("q", spec["q"]))
        if "territory" in spec:
            kind, code = spec["territory"]
            params.append(("where", f"{kind}:{code}"))
        if spec.get("near"):
            params += [("where", spec["near"]), ("km", str(spec["km"]))]
        params += [("kind", kind) for kind in spec.get("kinds", ())]
        params += [("cause", cause) for cause in spec.get("causes", ())]
        if spec.get("active_only") is False:
            params.append(("inactive", "1"))
        if spec.get("sort") and spec["sort"] != "relevance":
            params.append(("sort", spec["sort"]))
        if spec.get("page"):
            params.append(("page", str(spec["page"])))
        paths.append("/organisations/?" + urlencode(params))
    return paths


def profile_paths(*, count: int = PROFILES, seed: int) -> list[str]:
    """Public profiles drawn at random among every public organisation."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [((seed % 1000) / 1000)])
        cursor.execute(
            "SELECT uuid FROM organisations_organisation WHERE is_public "
            "ORDER BY random() LIMIT %s",
            [count],
        )
        return [f"/organisations/{row[0]}/" for row in cursor.fetchall()]


def member_pages() -> dict[str, list[dict]]:
    """Per demo account: the partnership overviews, partnership dashboards and organisation
    portfolios it may open, as (kind, path)."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from alliances.accounts.models import User
    from alliances.core.permissions import Action
    from alliances.demo import data
    from alliances.organisations.access import access_organisation_by_uuid
    from alliances.organisations.models import Membership
    from alliances.partnerships.access import access_partnership_by_uuid
    from alliances.partnerships.models import Party

    pages: dict[str, list[dict]] = {}
    for local, _name, _staff in data.USERS:
        user = User.objects.get(email=f"{local}@{data.DOMAIN}")
        organisations = list(
            Membership.objects.filter(user=user).values_list("organisation__uuid", flat=True)
        )
        partnerships = set(
            Party.objects.filter(organisation__uuid__in=organisations).values_list(
                "partnership__uuid", flat=True
            )
        )
        mine: list[dict] = []
        for uuid in sorted(partnerships, key=str):
            try:
                access_partnership_by_uuid(user, uuid)
            except (Http404, PermissionDenied):
                continue
            mine.append({"kind": "partnership overview", "path": f"/partnerships/{uuid}/"})
            mine.append(
                {
                    "kind": "partnership dashboard",
                    "path": f"/partnerships/{uuid}/results/dashboard/",
                }
            )
        for uuid in organisations:
            try:
                access_organisation_by_uuid(user, uuid, need=Action.VIEW_MEMBERS)
            except (Http404, PermissionDenied):
                continue
            mine.append({"kind": "portfolio dashboard", "path": f"/organisations/{uuid}/impact/"})
        if any(page["kind"] != "portfolio dashboard" for page in mine):
            pages[user.email] = mine
    return pages


def public_page_paths() -> list[str]:
    from alliances.reports.models import PublicPage, PublicPageStatus

    pages = PublicPage.objects.filter(status=PublicPageStatus.PUBLISHED)
    return [f"/impact/{uuid}/" for uuid in pages.values_list("uuid", flat=True)]


def open_surveys() -> list[dict]:
    """The open surveys with a public link, and their questions (the generator answers them)."""
    from alliances.surveys.models import Survey, SurveyStatus
    from alliances.surveys.services.responses import survey_accepts_answers

    surveys = []
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN).order_by("pk"):
        if not survey.public_token or not survey_accepts_answers(survey):
            continue
        surveys.append(
            {
                "path": f"/s/{survey.public_token}/",
                "consent": bool(survey.consent_text),
                "items": survey.definition.get("items", []),
            }
        )
    return surveys


# Signing in ---------------------------------------------------------------------------------


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(header)
        jar.update({name: morsel.value for name, morsel in cookie.items()})
    return jar


def sign_in(*, host: str, port: int, email: str, password: str) -> str:
    """The session cookie of one account, signed in through the real login form. Cookies are
    carried by hand: production marks them Secure, and this runs over plain HTTP."""
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", "/accounts/login/")
        response = conn.getresponse()
        page = response.read().decode()
        jar = _cookies(response)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if response.status != 200 or token is None or "csrftoken" not in jar:
            raise RuntimeError(f"login page: status {response.status}, no CSRF token")
        body = urlencode({"csrfmiddlewaretoken": token[1], "login": email, "password": password})
        conn.request(
            "POST",
            "/accounts/login/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={jar['csrftoken']}",
            },
        )
        response = conn.getresponse()
        response.read()
        session = _cookies(response).get("sessionid")
        if response.status != 302 or not session:
            raise RuntimeError(f"login of {email}: status {response.status}, no session")
        return session
    finally:
        conn.close()


def build_plan(*, host: str, port: int, seed: int) -> dict:
    from alliances.demo import data

    members = member_pages()
    sessions = {
        email: sign_in(host=host, port=port, email=email, password=data.PASSWORD)
        for email in members
    }
    surveys = open_surveys()
    if not surveys:
        raise RuntimeError("no open survey with a public link: is the demo loaded?")
    plan = {
        "seed": seed,
        "searches": search_paths(),
        "profiles": profile_paths(seed=seed),
        "members": [
            {"email": email, "session": sessions[email], "pages": pages}
            for email, pages in members.items()
        ],
        "public_pages": public_page_paths(),
        "surveys": surveys,
    }
    random.Random(seed).shuffle(plan["profiles"])
    return plan
