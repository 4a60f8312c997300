"""The simulated people, run by locust in its own process (`python -m benchmarks.load` starts it).

Visitors (not signed in) search the directory, open public profiles and impact pages, and
answer a survey through its public link; members (signed in with a demo account) open their
partnerships' overviews and dashboards and their organisation's portfolio. Two probes ask
/healthz at a steady pace: the server's floor under the same load.

Environment: LOAD_PLAN (the plan JSON), LOAD_SAMPLES (where every measured request is written
at the end), LOAD_WARMUP (seconds after the last user started during which nothing is kept),
LOAD_FLOOR_USERS, LOAD_FLOOR_INTERVAL.
"""

import itertools
import json
import os
import random
import time
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant_pacing, events, task

from benchmarks.load.answers import form_fields

PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
WARMUP = float(os.environ.get("LOAD_WARMUP", "10"))
FLOOR = "floor /healthz"

_rng = random.Random(PLAN["seed"])
_members = itertools.cycle(PLAN["members"])
_window: dict[str, float | None] = {"start": None, "stop": None}
_samples: list[tuple[str, float, int]] = []  # (page, ms, 1 when failed)
_ignored = {"requests": 0}


@events.spawning_complete.add_listener
def _spawned(user_count: int, **kwargs) -> None:
    if _window["start"] is None:
        _window["start"] = time.time() + WARMUP


@events.request.add_listener
def _record(name, response_time, exception, start_time=None, **kwargs) -> None:
    started = start_time if start_time is not None else time.time()
    if _window["start"] is None or started < _window["start"]:
        _ignored["requests"] += 1
        return
    _samples.append((name, response_time, 1 if exception else 0))


@events.test_stop.add_listener
def _stopped(**kwargs) -> None:
    if _window["stop"] is None:
        _window["stop"] = time.time()


@events.quitting.add_listener
def _write(environment, **kwargs) -> None:
    times = os.times()
    # An exception in a task (in this file, not on the server) is no request: counted apart.
    exceptions = environment.runner.exceptions.values() if environment.runner else []
    result = {
        "task_exceptions": [
            {"count": item["count"], "message": item["msg"]} for item in exceptions
        ],
        "window": _window,
        "warmup_requests": _ignored["requests"],
        "cpu_seconds": round(times.user + times.system, 2),
        "samples": _samples,
    }
    with open(os.environ["LOAD_SAMPLES"], "w", encoding="utf-8") as out:
        json.dump(result, out)


class _Browser(FastHttpUser):
    abstract = True
    wait_time = between(
        float(os.environ.get("LOAD_THINK_MIN", "5")), float(os.environ.get("LOAD_THINK_MAX", "10"))
    )
    cookie = ""

    def get(self, path: str, name: str) -> None:
        self._check(self.client.get(path, **self._options(name)))

    def _options(self, name: str) -> dict:
        options: dict = {"name": name, "allow_redirects": False, "catch_response": True}
        if self.cookie:
            # Production cookies are Secure; the client would not send them over plain HTTP.
            options["headers"] = {"Cookie": self.cookie}
        return options

    @staticmethod
    def _check(response) -> None:
        # Nothing requested here should redirect: a redirect to the login page is a failure.
        with response:
            if not 200 <= response.status_code < 300:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()


class Visitor(_Browser):
    weight = 3

    @task(5)
    def directory_search(self) -> None:
        self.get(_rng.choice(PLAN["searches"]), "directory search")

    @task(4)
    def organisation_profile(self) -> None:
        self.get(_rng.choice(PLAN["profiles"]), "organisation profile")

    @task(1)
    def public_impact_page(self) -> None:
        if PLAN["public_pages"]:
            self.get(_rng.choice(PLAN["public_pages"]), "public impact page")

    @task(2)
    def survey_answer(self) -> None:
        survey = _rng.choice(PLAN["surveys"])
        query = "?consent=yes" if survey["consent"] else ""
        self.get(survey["path"] + query, "survey form")
        options = self._options("survey answer (POST)")
        options["headers"] = {"Content-Type": "application/x-www-form-urlencoded"}
        body = urlencode(form_fields(survey, _rng))
        self._check(self.client.post(survey["path"], data=body, **options))


class Member(_Browser):
    weight = 2

    def on_start(self) -> None:
        member = next(_members)
        self.cookie = f"sessionid={member['session']}"
        self.pages: dict[str, list[str]] = {}
        for page in member["pages"]:
            self.pages.setdefault(page["kind"], []).append(page["path"])

    def open(self, kind: str) -> None:
        paths = self.pages.get(kind)
        if paths:
            self.get(_rng.choice(paths), kind)

    @task(3)
    def partnership_overview(self) -> None:
        self.open("partnership overview")

    @task(3)
    def partnership_dashboard(self) -> None:
        self.open("partnership dashboard")

    @task(1)
    def portfolio_dashboard(self) -> None:
        self.open("portfolio dashboard")

    @task(1)
    def home(self) -> None:
        self.get("/", "home (signed in)")

    @task(1)
    def directory_search(self) -> None:
        self.get(_rng.choice(PLAN["searches"]), "directory search (signed in)")


class Floor(FastHttpUser):
    """The floor: a minimal view that touches the database once, under the same load."""

    fixed_count = int(os.environ.get("LOAD_FLOOR_USERS", "2"))
    wait_time = constant_pacing(float(os.environ.get("LOAD_FLOOR_INTERVAL", "0.25")))

    @task
    def healthz(self) -> None:
        with self.client.get(
            "/healthz", name=FLOOR, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
