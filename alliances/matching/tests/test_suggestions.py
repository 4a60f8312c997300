"""Partner suggestions for an organisation, a call for partners and a partnership: who comes
first and why, who never comes, and how many queries a list costs."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.matching.features import current_index, index_invalidate
from alliances.matching.models import (
    Call,
    CallKind,
    CallStatus,
    DismissReason,
    FeedbackState,
    Proposal,
    SuggestionFeedback,
)
from alliances.matching.ranking import Weights
from alliances.matching.selectors.suggestions import (
    Suggestion,
    consortium_for,
    suggestions_for_call,
    suggestions_for_organisation,
    suggestions_for_partnership,
)
from alliances.matching.tests.test_features import give, make_places
from alliances.organisations.models import Kind, Organisation, OrganisationResource
from alliances.partnerships.models import Party, PartyRole, PartyStatus
from alliances.test import BaseTestCase, make_organisation, make_partnership


class SuggestionTestCase(BaseTestCase):
    """The lead organisation (in Poitiers, by its INSEE code) needs volunteers and skills for
    its homework club. Around it:
    - `volunteers_org`, in Buxerolles (4 km): volunteers and skills, same SDG target;
    - `energy`, a company in Châtellerault (30 km): funding and skills, other causes;
    - `foundation`, in Niort (66 km): funding, same goal;
    - four perfect partners that may never be suggested (private, sole trader, inactive,
      dissolved)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = make_places()
        give(cls.org, offers=["field_expertise"], needs=["volunteers", "skills"], causes=["4.1"])
        cls.volunteers_org = make_organisation(
            "Bénévoles de Buxerolles",
            commune=cls.places["buxerolles"],
            mission="Soutien scolaire et aide aux devoirs par des bénévoles.",
        )
        give(
            cls.volunteers_org,
            offers=["volunteers", "skills"],
            needs=["field_expertise"],
            causes=["4.1"],
            details={"volunteers": "étudiants"},
        )
        cls.energy = make_organisation(
            "Clain Énergies",
            kind=Kind.COMPANY,
            commune=cls.places["chatellerault"],
            mission="Production d'énergie renouvelable.",
        )
        give(cls.energy, offers=["funding", "skills"], causes=["7"])
        cls.foundation = make_organisation(
            "Fondation Niort Solidaire", kind=Kind.FOUNDATION, commune=cls.places["niort"]
        )
        give(cls.foundation, offers=["funding"], causes=["4"])
        cls.hidden = []
        for name, fields in (
            ("Profil privé", {"is_public": False}),
            ("Jean Dupont EI", {"is_legal_person": False, "kind": Kind.COMPANY}),
            ("Association en sommeil", {"is_active": False}),
            ("Association dissoute", {"dissolved_on": date(2024, 1, 1)}),
        ):
            hidden = make_organisation(name, commune=cls.places["poitiers"], **fields)
            give(hidden, offers=["volunteers", "skills"], causes=["4.1"])
            cls.hidden.append(hidden)

    def setUp(self):
        index_invalidate()

    @staticmethod
    def names(suggestions) -> list[str]:
        return [item.organisation.name for item in suggestions.items]

    @staticmethod
    def sentence(suggestions, organisation, key: str) -> str:
        item = next(item for item in suggestions.items if item.organisation == organisation)
        return next(reason.sentence for reason in item.reasons if reason.key == key)


class OrganisationSuggestionTests(SuggestionTestCase):
    def test_the_partner_that_brings_what_is_needed_comes_first_and_says_why(self):
        suggestions = suggestions_for_organisation(organisation=self.org)
        self.assertEqual(suggestions.asker, self.org)
        self.assertEqual(suggestions.need.seeks, frozenset({"volunteers", "skills"}))
        self.assertEqual(suggestions.need.gives, frozenset({"field_expertise"}))
        first = suggestions.items[0]
        self.assertIsInstance(first, Suggestion)
        self.assertEqual(first.organisation, self.volunteers_org)
        self.assertAlmostEqual(first.distance_km, 3.5, delta=0.5)
        self.assertIsNone(first.feedback)
        sentences = {reason.key: reason.sentence for reason in first.reasons}
        self.assertEqual(
            sentences["complementarity"],
            "offers what you need: skills, volunteers (étudiants); "
            "needs what you can give: field expertise",
        )
        self.assertEqual(sentences["causes"], "works on SDG target 4.1 like you")
        self.assertEqual(sentences["proximity"], "4 km away, same EPCI")
        self.assertEqual(sum(reason.points for reason in first.reasons), first.scored.score)
        self.assertEqual(
            self.names(suggestions)[:3],
            ["Bénévoles de Buxerolles", "Clain Énergies", "Fondation Niort Solidaire"],
        )
        self.assertEqual(suggestions.notes, [])

    def test_never_suggested(self):
        names = self.names(suggestions_for_organisation(organisation=self.org, limit=50))
        self.assertNotIn(self.org.name, names)
        for hidden in self.hidden:
            self.assertNotIn(hidden.name, names)
        self.assertIn(self.other_org.name, names)  # nothing in common, but suggestible

    def test_overrides(self):
        suggestions = suggestions_for_organisation(organisation=self.org, seeks=["funding"])
        self.assertEqual(suggestions.need.seeks, frozenset({"funding"}))
        self.assertEqual(
            self.sentence(suggestions, self.energy, "complementarity"),
            "offers what you need: funding",
        )
        self.assertEqual(
            self.sentence(suggestions, self.volunteers_org, "complementarity"),
            "needs what you can give: field expertise",
        )
        suggestions = suggestions_for_organisation(organisation=self.org, sectors=["private"])
        self.assertEqual(suggestions.need.sectors_sought, frozenset({"private"}))
        self.assertEqual(
            self.sentence(suggestions, self.energy, "sectors"), "private sector, as you asked"
        )
        self.assertEqual(self.sentence(suggestions, self.volunteers_org, "sectors"), "")
        suggestions = suggestions_for_organisation(organisation=self.org, max_km=40)
        self.assertNotIn("Fondation Niort Solidaire", self.names(suggestions))
        self.assertIn("Clain Énergies", self.names(suggestions))
        # Weights change the order: by proximity alone, the foundation is last.
        by_place = Weights(0, 0, 1, 0, 0, 0)
        suggestions = suggestions_for_organisation(organisation=self.org, weights=by_place)
        self.assertEqual(self.names(suggestions)[:2], ["Bénévoles de Buxerolles", "Clain Énergies"])
        self.assertEqual(len(suggestions_for_organisation(organisation=self.org, limit=1).items), 1)
        for bad in ({"seeks": ["money"]}, {"sectors": ["army"]}, {"max_km": 0}, {"limit": 0}):
            with self.assertRaises(ValidationError):
                suggestions_for_organisation(organisation=self.org, **bad)

    def test_notes_say_what_is_missing(self):
        notes = suggestions_for_organisation(organisation=self.other_org).notes
        self.assertEqual(
            notes,
            [
                "Your profile lists no needed resources: add them to get suggestions that "
                "bring what you lack.",
                "Your profile lists no causes: add them to meet organisations that work on "
                "the same ones.",
                "Your organisation has no address: distance is not taken into account.",
            ],
        )
        # Resources chosen on the page replace the profile's: no note about them.
        notes = suggestions_for_organisation(organisation=self.other_org, seeks=["skills"]).notes
        self.assertEqual(len(notes), 2)

    def test_changes_since_the_index_was_built_are_read_fresh(self):
        current_index()
        Organisation.objects.filter(pk=self.volunteers_org.pk).update(is_public=False)
        OrganisationResource.objects.create(
            organisation=self.foundation, direction="offered", resource="volunteers"
        )
        suggestions = suggestions_for_organisation(organisation=self.org)
        self.assertNotIn("Bénévoles de Buxerolles", self.names(suggestions))
        foundation = next(
            item for item in suggestions.items if item.organisation == self.foundation
        )
        self.assertIn("volunteers", foundation.scored.candidate.offers)

    def count_queries(self) -> int:
        current_index()  # built beforehand, as between two requests
        with CaptureQueriesContext(connection) as queries:
            suggestions = suggestions_for_organisation(organisation=self.org)
        self.assertTrue(suggestions.items)
        return len(queries)

    def test_queries_do_not_grow_with_the_suggestions(self):
        few = self.count_queries()
        for number in range(12):
            partner = make_organisation(f"Partenaire {number}", commune=self.places["poitiers"])
            give(partner, offers=["volunteers"], causes=["4"])
        index_invalidate()
        self.assertEqual(self.count_queries(), few)
        # The asker (row, resources, places), its feedback, the candidates (rows, resources,
        # places, two for the track record), their feedback; causes apart on SQLite.
        self.assertEqual(few, 10 if connection.vendor == "postgresql" else 12)


class CallSuggestionTests(SuggestionTestCase):
    def make_call(self, **fields) -> Call:
        fields = {
            "organisation": self.org,
            "kind": CallKind.NEED,
            "title": "Tuteurs pour l'aide aux devoirs",
            "description": "Nous cherchons des bénévoles pour le soutien scolaire.",
            "deadline": date(2030, 6, 30),
            "status": CallStatus.PUBLISHED,
            **fields,
        }
        return Call.objects.create(**fields)

    def test_a_call_for_funding_from_companies(self):
        call = self.make_call(
            resources_sought=["funding"],
            sectors_sought=["private"],
            territory=self.places["chatellerault"],
        )
        suggestions = suggestions_for_call(call=call)
        self.assertEqual(suggestions.asker, self.org)
        self.assertEqual(suggestions.need.place.epci, self.places["chatellerault"].epci_id)
        self.assertEqual(self.names(suggestions)[0], "Clain Énergies")
        reasons = {reason.key: reason.sentence for reason in suggestions.items[0].reasons}
        self.assertEqual(reasons["sectors"], "private sector, as you asked")
        self.assertEqual(reasons["proximity"], "less than 1 km away, same EPCI")
        # The call's own causes: none, so the organisation's.
        self.assertEqual(suggestions.need.causes, frozenset({"4", "4.1"}))

    def test_organisations_that_answered_are_left_out(self):
        call = self.make_call(resources_sought=["volunteers"])
        Proposal.objects.create(
            call=call,
            from_organisation=self.volunteers_org,
            to_organisation=self.org,
            message="Nous pouvons aider.",
        )
        suggestions = suggestions_for_call(call=call)
        self.assertNotIn("Bénévoles de Buxerolles", self.names(suggestions))
        self.assertNotIn(self.org.name, self.names(suggestions))
        # The call's words, weighed by the directory's text model.
        self.assertTrue(suggestions.need.terms)

    def test_an_offer_finds_who_needs_it(self):
        twins = {}
        for name, needs in (("Théâtre sans toit", ["premises"]), ("Théâtre du coin", [])):
            twins[name] = make_organisation(
                name, commune=self.places["niort"], mission="Compagnie de théâtre."
            )
            give(twins[name], needs=needs)
        call = self.make_call(
            kind=CallKind.OFFER,
            title="Salle disponible le samedi",
            description="Notre salle polyvalente est libre le samedi.",
            resources_offered=["premises"],
        )
        suggestions = suggestions_for_call(call=call)
        self.assertEqual(suggestions.need.gives, frozenset({"premises"}))
        names = self.names(suggestions)
        self.assertLess(names.index("Théâtre sans toit"), names.index("Théâtre du coin"))
        self.assertEqual(
            self.sentence(suggestions, twins["Théâtre sans toit"], "complementarity"),
            "needs what you can give: premises",
        )
        self.assertEqual(suggestions.notes, [])

    def test_a_call_without_resources_says_so(self):
        notes = suggestions_for_call(call=self.make_call()).notes
        self.assertEqual(
            notes,
            [
                "This call lists no resources sought: add them to get suggestions that bring "
                "what you lack."
            ],
        )


class PartnershipSuggestionTests(SuggestionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.funder = make_organisation("Mécène du Poitou", kind=Kind.COMPANY)
        give(cls.funder, offers=["funding", "skills"], needs=["network_audience"])
        cls.partnership, _parties = make_partnership(
            "Réussir au collège",
            coordinator=cls.org,
            partners=[(cls.funder, [PartyRole.FUNDER])],
            territory=cls.places["poitiers"],
            objectives="Moins de décrochage\nDes sorties culturelles",
        )
        cls.invited = make_organisation("Bibliothèque de Poitiers", commune=cls.places["poitiers"])
        give(cls.invited, offers=["volunteers"], causes=["4.1"])
        Party.objects.create(
            partnership=cls.partnership,
            organisation=cls.invited,
            roles=[PartyRole.EXPERT],
            status=PartyStatus.INVITED,
        )

    def test_who_brings_what_no_party_offers(self):
        suggestions = suggestions_for_partnership(partnership=self.partnership)
        self.assertEqual(suggestions.asker, self.org)
        # Skills come from the funder; volunteers (for the lead) and an audience (for the
        # funder) are missing.
        self.assertEqual(suggestions.need.seeks, frozenset({"volunteers", "network_audience"}))
        self.assertEqual(
            suggestions.need.gives, frozenset({"funding", "skills", "field_expertise"})
        )
        self.assertEqual(suggestions.need.sectors_present, frozenset({"civil_society", "private"}))
        names = self.names(suggestions)
        self.assertEqual(names[0], "Bénévoles de Buxerolles")
        for party in (self.org, self.funder, self.invited):
            self.assertNotIn(party.name, names)
        self.assertEqual(suggestions.need.place.epci, self.places["grand_poitiers"].pk)

    def test_nothing_missing_says_so(self):
        give(self.funder, offers=["volunteers"])
        give(self.org, offers=["network_audience"])
        suggestions = suggestions_for_partnership(partnership=self.partnership)
        self.assertEqual(suggestions.need.seeks, frozenset())
        self.assertIn("No resource is missing", suggestions.notes[0])


class ConsortiumTests(SuggestionTestCase):
    def test_teams_are_suggestions_with_what_each_brings(self):
        SuggestionFeedback.objects.create(
            organisation=self.org, candidate=self.energy, state=FeedbackState.SAVED
        )
        view = consortium_for(
            organisation=self.org,
            seeks=["volunteers", "funding"],
            causes=["4"],
            territory=self.places["poitiers"],
            exclude=[self.foundation],
        )
        self.assertEqual(view.need.seeks, frozenset({"volunteers", "funding"}))
        self.assertTrue(view.teams)
        members = [member for team in view.teams for member in team.members]
        self.assertTrue(all(isinstance(member, Suggestion) for member in members))
        names = {member.organisation.name for member in members}
        self.assertNotIn("Fondation Niort Solidaire", names)
        self.assertNotIn(self.org.name, names)
        for hidden in self.hidden:
            self.assertNotIn(hidden.name, names)
        covered = dict(view.teams[0].covers)
        self.assertIn("Bénévoles de Buxerolles", covered["Volunteers"])
        self.assertIn("Clain Énergies", covered["Funding"])
        energy = next(member for member in members if member.organisation == self.energy)
        self.assertEqual(energy.feedback.state, FeedbackState.SAVED)

    def test_dismissed_organisations_stay_out_of_teams(self):
        SuggestionFeedback.objects.create(
            organisation=self.org,
            candidate=self.volunteers_org,
            state=FeedbackState.DISMISSED,
            reason=DismissReason.ALREADY_IN_TOUCH,
        )
        view = consortium_for(
            organisation=self.org, seeks=["volunteers"], causes=[], territory=None
        )
        names = {member.organisation.name for team in view.teams for member in team.members}
        self.assertNotIn("Bénévoles de Buxerolles", names)
        self.assertEqual(view.notes, ["1 organisation you set aside is not shown."])
