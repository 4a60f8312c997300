"""An organisation's place as pages show it: where it is (commune, EPCI, département,
région), the town-hall card of a commune, and a small map drawn as inline SVG.

The map needs no tile server: the communes of a département are dots placed by an
equirectangular projection, corrected by the cosine of the latitude so that the shape of
the département is right, with whole-number coordinates to keep the SVG small.
"""

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from alliances.territories.datafrance import DAYS
from alliances.territories.models import Territory, TerritoryKind

MAP_SIZE = 320  # the longer side, in SVG units
MAP_PADDING = 10


@dataclass
class PlaceMap:
    width: int
    height: int
    dots: str  # SVG path data: one zero-length segment per commune, drawn as a round dot
    highlighted: str  # the same, for the communes of the organisation's EPCI
    marker: tuple[int, int] | None
    departement: Territory
    communes: int
    marker_name: str = ""


@dataclass
class TownHall:
    address_lines: list[str]
    email: str
    phone: str
    phone_href: str
    website: str
    hours: list[str] = field(default_factory=list)


@dataclass
class Place:
    """`territory` is the territory the organisation governs, if it is a public actor;
    `commune` is where it is."""

    territory: Territory | None
    commune: Territory | None
    epci: Territory | None
    departement: Territory | None
    region: Territory | None
    town_hall: TownHall | None = None
    map: PlaceMap | None = None

    @property
    def rows(self) -> list[tuple[str, Territory]]:
        """(label, territory) for each level above the organisation, highest last."""
        rows = []
        own = self.territory
        if self.commune is not None and self.commune != own:
            label = _("Main commune") if own is not None else _("Commune")
            rows.append((label, self.commune))
        for label, territory in (
            (_("Intercommunality"), self.epci),
            (_("Département"), self.departement),
            (_("Region"), self.region),
        ):
            if territory is not None and territory != own:
                rows.append((label, territory))
        return rows


def _time(value: str) -> str:
    hour, minute = int(value[:2]), value[3:5]
    if minute == "00":
        return _("%(hour)s:00") % {"hour": hour}
    return _("%(hour)s:%(minute)s") % {"hour": hour, "minute": minute}


def opening_hours_lines(hours: list) -> list[str]:
    """Readable lines from the published hours, e.g. "Monday to Friday: 8:30 – 12:30,
    13:30 – 17:30" (in French: "Du lundi au vendredi : 8 h 30 – 12 h 30, …")."""
    lines = []
    for entry in hours or []:
        try:
            first, last, ranges = entry
            first_day, last_day = WEEKDAYS[DAYS.index(first)], WEEKDAYS[DAYS.index(last)]
            times = ", ".join(f"{_time(opens)} – {_time(closes)}" for opens, closes in ranges)
        except (ValueError, TypeError, IndexError):
            continue  # the import checked the shape; a hand-edited value is skipped
        if first == last:
            days = capfirst(first_day)
        else:
            days = capfirst(_("%(first)s to %(last)s") % {"first": first_day, "last": last_day})
        lines.append(_("%(days)s: %(hours)s") % {"days": days, "hours": times or _("closed")})
    return lines


def _phone_href(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    if re.fullmatch(r"0\d{9}", digits):
        return "tel:+33" + digits[1:]
    return "tel:" + digits if digits else ""


def town_hall_of(commune: Territory) -> TownHall | None:
    if commune.kind != TerritoryKind.COMMUNE:
        return None
    website = commune.town_hall_website
    if website and not re.match(r"^https?://", website, re.IGNORECASE):
        website = "http://" + website if "@" not in website else ""
    town_hall = TownHall(
        address_lines=[line.strip() for line in commune.town_hall_address.splitlines() if line],
        email=commune.town_hall_email,
        phone=commune.town_hall_phone,
        phone_href=_phone_href(commune.town_hall_phone),
        website=website,
        hours=opening_hours_lines(commune.town_hall_hours),
    )
    if not (town_hall.address_lines or town_hall.email or town_hall.phone or town_hall.hours):
        return None
    return town_hall


def _path(points: Iterable[tuple[int, int]]) -> str:
    return "".join(f"M{x} {y}h0" for x, y in sorted(set(points)))


def draw_map(
    *,
    departement: Territory,
    points: list[tuple[float, float, int | None]],
    marker: tuple[float, float] | None,
    marker_name: str = "",
    highlight_epci: int | None = None,
) -> PlaceMap | None:
    """Project (latitude, longitude, EPCI id) of the communes, and the marker's (latitude,
    longitude), onto a map of at most MAP_SIZE units."""
    coordinates = [(lat, lon) for lat, lon, _epci in points]
    if marker is not None:
        coordinates.append(marker)
    if not coordinates:
        return None
    south, north = min(c[0] for c in coordinates), max(c[0] for c in coordinates)
    west, east = min(c[1] for c in coordinates), max(c[1] for c in coordinates)
    ratio = math.cos(math.radians((south + north) / 2))
    span = max((east - west) * ratio, north - south, 1e-6)
    scale = (MAP_SIZE - 2 * MAP_PADDING) / span

    def project(lat: float, lon: float) -> tuple[int, int]:
        return (
            round(MAP_PADDING + (lon - west) * ratio * scale),
            round(MAP_PADDING + (north - lat) * scale),
        )

    dots = [project(lat, lon) for lat, lon, epci in points if epci != highlight_epci or not epci]
    highlighted = [
        project(lat, lon) for lat, lon, epci in points if highlight_epci and epci == highlight_epci
    ]
    return PlaceMap(
        width=round((east - west) * ratio * scale) + 2 * MAP_PADDING,
        height=round((north - south) * scale) + 2 * MAP_PADDING,
        dots=_path(dots),
        highlighted=_path(highlighted),
        marker=project(*marker) if marker is not None else None,
        departement=departement,
        communes=len(points),
        marker_name=marker_name,
    )
