from django.utils import translation

from alliances.territories.models import Territory
from alliances.territories.places import draw_map, opening_hours_lines, town_hall_of
from alliances.territories.tests.datafiles import WEEKDAYS_HOURS


def test_opening_hours_read_as_sentences():
    assert opening_hours_lines(WEEKDAYS_HOURS) == ["Monday to Friday: 8:30 – 12:30, 13:30 – 17:30"]
    assert opening_hours_lines(
        [["mardi", "mardi", [["09:00:00", "12:00:00"]]], ["samedi", "samedi", []]]
    ) == ["Tuesday: 9:00 – 12:00", "Saturday: closed"]
    # Hand-edited nonsense is skipped, not shown half-read.
    assert opening_hours_lines([["someday", "lundi", []], "x"]) == []
    assert opening_hours_lines(None) == []


def test_day_names_follow_the_language():
    with translation.override("fr"):
        line = opening_hours_lines([["mercredi", "mercredi", [["14:00:00", "18:00:00"]]]])[0]
    assert line.startswith("Mercredi")


def test_town_hall_card():
    commune = Territory(
        kind="commune",
        code="86194",
        name="Poitiers",
        town_hall_address="15 place du Maréchal-Leclerc\n86000 Poitiers",
        town_hall_phone="05 49 52 35 35",
        town_hall_website="www.poitiers.fr",
        town_hall_hours=WEEKDAYS_HOURS,
    )
    card = town_hall_of(commune)
    assert card.address_lines == ["15 place du Maréchal-Leclerc", "86000 Poitiers"]
    assert card.phone_href == "tel:+33549523535"
    assert card.website == "http://www.poitiers.fr"
    assert card.hours == ["Monday to Friday: 8:30 – 12:30, 13:30 – 17:30"]
    assert town_hall_of(Territory(kind="commune", code="86001", name="Sans mairie")) is None
    assert town_hall_of(Territory(kind="epci", code="200069854", name="Grand Poitiers")) is None


def test_map_projection_keeps_the_shape_and_rounds_coordinates():
    departement = Territory(kind="departement", code="86", name="Vienne")
    # Around 60° north, a degree of longitude is as long as half a degree of latitude.
    points = [(59.75, 10.0, 1), (59.75, 11.0, 2), (60.25, 10.0, 2), (60.25, 10.0, 2)]
    result = draw_map(departement=departement, points=points, marker=(60.0, 10.5))
    assert result.width == result.height == 320
    assert result.dots == "M10 10h0M10 310h0M310 310h0"  # the duplicate drawn once
    assert result.marker == (160, 160)
    assert result.communes == 4
    highlighted = draw_map(departement=departement, points=points, marker=None, highlight_epci=2)
    assert highlighted.dots == "M10 310h0"
    assert highlighted.highlighted == "M10 10h0M310 310h0"
    assert highlighted.marker is None
    assert draw_map(departement=departement, points=[], marker=None) is None
