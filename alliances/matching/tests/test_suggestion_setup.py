"""The people and organisations of the suggestion pages' tests.

The lead organisation (in Poitiers) needs volunteers and skills for its homework club and
offers its field expertise. Around it:
- `volunteers_org`, in Buxerolles (4 km, same EPCI): volunteers (students) and skills, same
  SDG target, with two administrators (Béa and Bruno);
- `energy`, a company in Châtellerault (30 km): funding and skills, other causes;
- `foundation`, in Niort (66 km): funding, same goal.
The partnership's company and commune (see `PartnershipTestCase`) have no place.
"""

from unittest import mock

from alliances.core.permissions import Role
from alliances.matching.features import build_directory
from alliances.matching.models import FeedbackState, SuggestionFeedback
from alliances.matching.tests.test_features import give, make_places
from alliances.organisations.models import Kind
from alliances.test import PartnershipTestCase, add_member, make_organisation, make_user


class SuggestionCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = make_places()
        give(cls.org, offers=["field_expertise"], needs=["volunteers", "skills"], causes=["4.1"])
        cls.volunteers_org = make_organisation(
            "Bénévoles de Buxerolles",
            commune=cls.places["buxerolles"],
            city="Buxerolles",
            mission="Soutien scolaire et aide aux devoirs par des bénévoles.",
        )
        give(
            cls.volunteers_org,
            offers=["volunteers", "skills"],
            needs=["field_expertise"],
            causes=["4.1"],
            details={"volunteers": "étudiants"},
        )
        cls.bea = make_user("bea@buxerolles.example.org", full_name="Béa Bénévole")
        cls.bruno = make_user("bruno@buxerolles.example.org", full_name="Bruno Bénévole")
        add_member(cls.bea, cls.volunteers_org, Role.ADMIN)
        add_member(cls.bruno, cls.volunteers_org, Role.ADMIN)
        cls.energy = make_organisation(
            "Clain Énergies",
            kind=Kind.COMPANY,
            commune=cls.places["chatellerault"],
            city="Châtellerault",
            mission="Production d'énergie renouvelable.",
        )
        give(cls.energy, offers=["funding", "skills"], causes=["7"])
        cls.foundation = make_organisation(
            "Fondation Niort Solidaire",
            kind=Kind.FOUNDATION,
            commune=cls.places["niort"],
            city="Niort",
        )
        give(cls.foundation, offers=["funding"], causes=["4"])


def feedback(organisation, candidate, state=FeedbackState.SAVED, **fields) -> SuggestionFeedback:
    return SuggestionFeedback.objects.create(
        organisation=organisation, candidate=candidate, state=state, **fields
    )


def pinned_directory():
    """The directory as the database has it now, for the whole block: query counts then
    measure the page, not when this process's shared index happens to be rebuilt."""
    return mock.patch(
        "alliances.matching.selectors.suggestions.current_directory",
        return_value=build_directory(),
    )
