"""Dashboard latency on the large dataset, against the bare SQL that returns the same figures.

The partnership dashboard is measured on 200 partnerships drawn at random (the same ones at
every run of a SCALE; with fewer partnerships, some twice), each built once to warm the
caches, as a running site would be, then timed. The portfolio is timed for each hub
organisation (a quarter of all partnerships each), read by its administrator, as its page
asks for it: the first page of partnerships, with the counts of the whole portfolio. Each call's
result is walked in full (lists, dataclasses and their properties are evaluated) so that
nothing lazy escapes the timing.

Floors, through a psycopg cursor: for a partnership, one statement returning its indicators'
total values per period with their targets; for a portfolio, the same over all the
partnerships the organisation takes part in.
"""

import dataclasses
import random
import time
from datetime import date
from decimal import Decimal

import psycopg

from benchmarks.common import percentiles, say

SAMPLE = 200
PORTFOLIO_REPEATS = 5

FLOOR_PARTNERSHIP = """
SELECT i.id, v.period_start, v.value, t.value
FROM indicators_indicator i
JOIN indicators_value v
  ON v.indicator_id = i.id AND v.disaggregation_key = '' AND v.status = 'approved'
LEFT JOIN indicators_target t ON t.indicator_id = i.id AND t.period_start = v.period_start
WHERE i.partnership_id = %s
ORDER BY i.position, i.id, v.period_start
"""
FLOOR_PORTFOLIO = """
SELECT i.partnership_id, i.id, v.period_start, v.value, t.value
FROM indicators_indicator i
JOIN indicators_value v
  ON v.indicator_id = i.id AND v.disaggregation_key = '' AND v.status = 'approved'
LEFT JOIN indicators_target t ON t.indicator_id = i.id AND t.period_start = v.period_start
WHERE i.partnership_id IN (
  SELECT partnership_id FROM partnerships_party WHERE organisation_id = %s AND status = 'active'
)
ORDER BY i.partnership_id, i.position, i.id, v.period_start
"""


SCALARS = (str, int, float, bytes, bool, Decimal, date)
_PROPERTIES: dict[type, list[str]] = {}


def _properties(cls: type) -> list[str]:
    if cls not in _PROPERTIES:
        _PROPERTIES[cls] = [
            name
            for klass in cls.__mro__
            for name, attribute in vars(klass).items()
            if isinstance(attribute, property)
        ]
    return _PROPERTIES[cls]


def _walk(value, depth: int = 0) -> None:
    """Evaluate everything a page would read: containers, dataclass fields and properties."""
    if value is None or depth > 6 or isinstance(value, SCALARS):
        return
    from django.db.models import Model, QuerySet

    if isinstance(value, Model):
        return
    if isinstance(value, QuerySet):
        value = list(value)
    if isinstance(value, dict):
        for item in value.values():
            _walk(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _walk(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _walk(getattr(value, item.name), depth + 1)
        for name in _properties(type(value)):
            _walk(getattr(value, name), depth + 1)


def _selectors():
    """The real selectors, or clearly marked stand-ins while they do not exist yet."""
    try:
        from alliances.indicators.selectors.dashboards import (
            dashboard_for_partnership,
            portfolio_for_organisation,
        )
    except ImportError:
        return _stand_in_dashboard, _stand_in_portfolio, True

    def portfolio_page(*, organisation, user):
        # As the portfolio page calls it: its first page (the largest portfolios have several).
        return portfolio_for_organisation(organisation=organisation, user=user, page=1)

    return dashboard_for_partnership, portfolio_page, False


def _stand_in_dashboard(*, partnership):
    from alliances.indicators.models import Target, Value

    indicators = list(partnership.indicators.order_by("position", "id"))
    targets = list(
        Target.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", "period_start", "value"
        )
    )
    values = list(
        Value.objects.filter(
            partnership=partnership, disaggregation_key="", status="approved"
        ).values_list("indicator_id", "period_start", "value")
    )
    return {"indicators": indicators, "targets": targets, "values": values}


def _stand_in_portfolio(*, organisation, user):
    from alliances.partnerships.models import Partnership

    partnerships = Partnership.objects.filter(
        parties__organisation=organisation, parties__status="active"
    )
    return [_stand_in_dashboard(partnership=p) for p in partnerships]


def _timed(call) -> float:
    started = time.perf_counter()
    _walk(call())
    return (time.perf_counter() - started) * 1000


def _floor_ms(url: str, statement: str, params_list: list) -> list[float]:
    from django.db import connection

    options = connection.settings_dict.get("OPTIONS", {}).get("options", "")
    samples = []
    with psycopg.connect(url, options=options) as conn, conn.cursor() as cursor:
        for params in params_list:  # warm, like the selector
            cursor.execute(statement, params)
            cursor.fetchall()
        for params in params_list:
            started = time.perf_counter()
            cursor.execute(statement, params)
            cursor.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def _summary(ours: list[float], floor: list[float], stand_in: bool) -> dict:
    mine, bare = percentiles(ours), percentiles(floor)
    return {
        "stand_in": stand_in,
        "ms": mine,
        "floor_ms": bare,
        "ratio_p95": round(mine["p95"] / bare["p95"], 2) if bare["p95"] else None,
    }


def _queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _walk(call())
    return len(captured.captured_queries)


def run_dashboards(*, url: str, info: dict, seed: int) -> dict:
    from alliances.accounts.models import User
    from alliances.organisations.models import Organisation
    from alliances.partnerships.models import Partnership
    from benchmarks.impact.dataset import PREFIX

    dashboard, portfolio, stand_in = _selectors()
    if stand_in:
        say("dashboard selectors not found: timing a STAND-IN (marked in the results)")
    ids = sorted(Partnership.objects.filter(title__startswith=PREFIX).values_list("pk", flat=True))
    rng = random.Random(seed)
    chosen = rng.sample(ids, min(SAMPLE, len(ids)))
    # Fewer partnerships than calls (small SCALE): some are drawn twice.
    chosen += rng.choices(ids, k=SAMPLE - len(chosen))
    partnerships = Partnership.objects.in_bulk(chosen)
    result: dict = {}
    try:
        for pk in chosen:  # warm
            _walk(dashboard(partnership=partnerships[pk]))
        ours = [_timed(lambda p=partnerships[pk]: dashboard(partnership=p)) for pk in chosen]
        floor = _floor_ms(url, FLOOR_PARTNERSHIP, [[pk] for pk in chosen])
        result["partnership"] = _summary(ours, floor, stand_in)
        result["partnership"]["partnerships"] = len(set(chosen))
        result["partnership"]["queries"] = _queries(
            lambda: dashboard(partnership=partnerships[chosen[0]])
        )
        slowest = sorted(range(len(chosen)), key=lambda i: ours[i], reverse=True)[:3]
        result["partnership"]["slowest"] = [
            {"partnership_id": chosen[i], "ms": round(ours[i], 1)} for i in slowest
        ]
    except Exception as exc:  # a selector under construction must not hide the other figures
        result["partnership"] = {"error": f"{type(exc).__name__}: {exc}"}
    say("Partnership dashboards timed")
    try:
        hubs = [
            (
                Organisation.objects.get(pk=hub["organisation_id"]),
                User.objects.get(pk=hub["user_id"]),
            )
            for hub in info["hubs"]
        ]
        for organisation, user in hubs:  # warm
            _walk(portfolio(organisation=organisation, user=user))
        ours = [
            _timed(lambda o=organisation, u=user: portfolio(organisation=o, user=u))
            for _ in range(PORTFOLIO_REPEATS)
            for organisation, user in hubs
        ]
        floor = _floor_ms(
            url, FLOOR_PORTFOLIO, [[o.pk] for _ in range(PORTFOLIO_REPEATS) for o, _u in hubs]
        )
        result["portfolio"] = _summary(ours, floor, stand_in)
        result["portfolio"]["organisations"] = len(hubs)
        result["portfolio"]["partnerships_each"] = round(len(ids) / max(1, len(hubs)))
        organisation, user = hubs[0]
        result["portfolio"]["queries"] = _queries(
            lambda: portfolio(organisation=organisation, user=user)
        )
    except Exception as exc:
        result["portfolio"] = {"error": f"{type(exc).__name__}: {exc}"}
    say("Portfolios timed")
    return result


def run_computation(*, info: dict) -> dict:
    """For information: recomputing the large survey's indicator from all its responses."""
    from alliances.surveys.models import SurveyIndicator

    figures = {"responses": info.get("large_survey_responses", 0), "seconds": None}
    try:
        from alliances.surveys.computation import survey_indicator_compute
    except ImportError:
        figures["note"] = "survey_indicator_compute not available yet"
        return figures
    try:
        link = SurveyIndicator.objects.select_related("indicator", "survey").get(
            pk=info["survey_indicator_id"]
        )
        started = time.perf_counter()
        written = survey_indicator_compute(link)
        first = time.perf_counter() - started
        started = time.perf_counter()
        survey_indicator_compute(link)
        again = time.perf_counter() - started
    except Exception as exc:
        figures["note"] = f"{type(exc).__name__}: {exc}"
        return figures
    figures.update(
        {"seconds": round(first, 2), "again_seconds": round(again, 2), "values_written": written}
    )
    say(f"Survey computation: {first:.2f} s, again {again:.2f} s")
    return figures
