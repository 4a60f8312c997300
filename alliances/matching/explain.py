"""A suggestion's score in plain words, part by part, in the active language."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from alliances.matching.ranking import Part, Scored
from alliances.organisations.models import Resource, Sector


@dataclass(frozen=True)
class Reason:
    key: str
    label: str
    points: float
    share: float
    sentence: str  # empty when the part brings nothing to say


_PART_LABELS = {
    "complementarity": gettext_lazy("Complementarity"),
    "causes": gettext_lazy("Shared causes"),
    "proximity": gettext_lazy("Proximity"),
    "sectors": gettext_lazy("Sector mix"),
    "text": gettext_lazy("Similar mission"),
    "track_record": gettext_lazy("Track record"),
}


def part_label(key: str) -> str:
    return str(_PART_LABELS[key])


def _resources(values, details=None) -> str:
    labels = []
    for value in values:
        label = str(Resource(value).label).lower() if value in Resource.values else value
        detail = (details or {}).get(value)
        labels.append(f"{label} ({detail})" if detail else label)
    return ", ".join(labels)


def _km(km: float) -> str:
    if km < 1:
        return _("less than 1 km away")
    return _("%(km)s km away") % {"km": number_format(round(km), 0)}


def sentence(part: Part) -> str:
    facts = part.facts
    if part.key == "complementarity":
        pieces = []
        if facts.get("offered"):
            pieces.append(
                _("offers what you need: %(resources)s")
                % {"resources": _resources(facts["offered"], facts.get("details"))}
            )
        if facts.get("given"):
            pieces.append(
                _("needs what you can give: %(resources)s")
                % {"resources": _resources(facts["given"])}
            )
        return "; ".join(pieces)
    if part.key == "causes":
        if facts.get("targets"):
            codes = ", ".join(facts["targets"])
            return ngettext(
                "works on SDG target %(codes)s like you",
                "works on SDG targets %(codes)s like you",
                len(facts["targets"]),
            ) % {"codes": codes}
        if facts.get("goals"):
            codes = ", ".join(facts["goals"])
            return ngettext(
                "works on SDG %(codes)s like you",
                "works on SDGs %(codes)s like you",
                len(facts["goals"]),
            ) % {"codes": codes}
        return ""
    if part.key == "proximity":
        pieces = []
        if facts.get("km") is not None:
            pieces.append(_km(facts["km"]))
        if facts.get("same_epci"):
            pieces.append(_("same EPCI"))
        elif facts.get("same_departement"):
            pieces.append(_("same département"))
        if not pieces:
            return _("location unknown")
        return ", ".join(pieces)
    if part.key == "sectors":
        sector = facts.get("sector")
        if sector not in Sector.values:
            return ""
        label = str(Sector(sector).label).lower()
        if "sought" in facts:
            return _("%(sector)s, as you asked") % {"sector": label} if facts["sought"] else ""
        return _("brings the %(sector)s to the table") % {"sector": label} if facts["new"] else ""
    if part.key == "text":
        similarity = facts.get("similarity") or 0
        if similarity < 0.05:
            return ""
        return _("mission close to yours (%(percent)s %% similar)") % {
            "percent": number_format(round(similarity * 100), 0)
        }
    if part.key == "track_record":
        pieces = []
        evaluated = facts.get("evaluated") or 0
        if evaluated:
            pieces.append(
                ngettext(
                    "carried %(count)s partnership to evaluation on Alliances",
                    "carried %(count)s partnerships to evaluation on Alliances",
                    evaluated,
                )
                % {"count": evaluated}
            )
        if facts.get("health") is not None:
            pieces.append(
                _("its partners rate the relationship %(score)s/100")
                % {"score": number_format(round(facts["health"]), 0)}
            )
        if not pieces and facts.get("on_platform"):
            pieces.append(_("already on Alliances, can answer you"))
        return "; ".join(pieces)
    return ""


def reasons(scored: Scored) -> list[Reason]:
    """Every part with its points and, when it has one, its sentence; best parts first."""
    found = [
        Reason(
            key=part.key,
            label=part_label(part.key),
            points=part.points,
            share=part.share,
            sentence=sentence(part),
        )
        for part in scored.parts
    ]
    return sorted(found, key=lambda reason: -reason.points)
