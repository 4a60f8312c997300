"""Organisations as ranking candidates: what each one brings, where it stands, whether it may
be suggested at all, its track record, and the whole directory read in chunks."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.governance.models import Rating, RoundStatus
from alliances.governance.tests.test_health_support import add_answers, make_round
from alliances.matching.features import (
    candidate_from_organisation,
    candidates_of,
    iter_directory_candidates,
    organisations_with_candidates,
    place_of_territory,
    track_records,
)
from alliances.matching.ranking import Place
from alliances.matching.text import TextModel
from alliances.organisations.models import (
    Cause,
    Kind,
    Organisation,
    OrganisationResource,
    ResourceDirection,
)
from alliances.partnerships.models import Party, PartyRole, PartyStatus, Stage, StageChange
from alliances.territories.models import Territory, TerritoryKind
from alliances.test import BaseTestCase, make_organisation, make_partnership


def make_places() -> dict[str, Territory]:
    """Two départements, two EPCI and five communes, at their town halls."""
    vienne = Territory.objects.create(
        kind=TerritoryKind.DEPARTEMENT, code="86", name="Vienne", latitude=46.58, longitude=0.34
    )
    deux_sevres = Territory.objects.create(
        kind=TerritoryKind.DEPARTEMENT,
        code="79",
        name="Deux-Sèvres",
        latitude=46.32,
        longitude=-0.46,
    )
    grand_poitiers = Territory.objects.create(
        kind=TerritoryKind.EPCI,
        code="200069854",
        name="Grand Poitiers",
        departement=vienne,
        latitude=46.5802,
        longitude=0.3404,
    )
    chatellerault_epci = Territory.objects.create(
        kind=TerritoryKind.EPCI,
        code="200070043",
        name="Grand Châtellerault",
        departement=vienne,
        latitude=46.8178,
        longitude=0.5461,
    )

    def commune(code, name, latitude, longitude, epci, departement):
        return Territory.objects.create(
            kind=TerritoryKind.COMMUNE,
            code=code,
            name=name,
            latitude=latitude,
            longitude=longitude,
            epci=epci,
            departement=departement,
        )

    return {
        "vienne": vienne,
        "deux_sevres": deux_sevres,
        "grand_poitiers": grand_poitiers,
        "poitiers": commune("86194", "Poitiers", 46.5802, 0.3404, grand_poitiers, vienne),
        "buxerolles": commune("86041", "Buxerolles", 46.6050, 0.3711, grand_poitiers, vienne),
        "chatellerault": commune(
            "86066", "Châtellerault", 46.8178, 0.5461, chatellerault_epci, vienne
        ),
        "niort": commune("79191", "Niort", 46.3237, -0.4588, None, deux_sevres),
    }


def give(organisation: Organisation, *, offers=(), needs=(), causes=(), details=None) -> None:
    """Resources (offered, needed) and causes (SDG codes) on a profile."""
    details = details or {}
    OrganisationResource.objects.bulk_create(
        [
            OrganisationResource(
                organisation=organisation,
                direction=ResourceDirection.OFFERED,
                resource=resource,
                detail=details.get(resource, ""),
            )
            for resource in offers
        ]
        + [
            OrganisationResource(
                organisation=organisation, direction=ResourceDirection.NEEDED, resource=resource
            )
            for resource in needs
        ]
    )
    if causes:
        organisation.causes.add(*Cause.objects.filter(code__in=causes))


def evaluate(partnership) -> None:
    """The partnership reaches the evaluation stage."""
    partnership.stage = Stage.EVALUATION
    partnership.save(update_fields=["stage"])
    StageChange.objects.create(
        partnership=partnership, from_stage=Stage.IMPLEMENTATION, to_stage=Stage.EVALUATION
    )


class CandidateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = make_places()
        cls.school = make_organisation(
            "Collège des Couronneries",
            kind=Kind.SCHOOL,
            commune=cls.places["buxerolles"],
            mission="Collège public du quartier des Couronneries.",
        )
        give(
            cls.school,
            offers=["premises", "field_expertise"],
            needs=["volunteers"],
            causes=["4", "4.1", "10.2"],
            details={"premises": "gymnase le samedi"},
        )

    def test_what_the_ranking_knows_of_an_organisation(self):
        candidate = candidate_from_organisation(self.school)
        self.assertEqual(candidate.id, self.school.pk)
        self.assertEqual(candidate.name, "Collège des Couronneries")
        self.assertEqual((candidate.kind, candidate.sector), ("school", "public"))
        self.assertEqual(candidate.offers, frozenset({"premises", "field_expertise"}))
        self.assertEqual(candidate.needs, frozenset({"volunteers"}))
        self.assertEqual(dict(candidate.offer_details), {"premises": "gymnase le samedi"})
        # Each target brings its goal, as PostgreSQL's cause codes hold them.
        self.assertEqual(candidate.causes, frozenset({"4", "4.1", "10", "10.2"}))
        buxerolles = self.places["buxerolles"]
        self.assertEqual(
            candidate.place,
            Place(
                latitude=46.6050,
                longitude=0.3711,
                epci=self.places["grand_poitiers"].pk,
                departement=self.places["vienne"].pk,
            ),
        )
        self.assertEqual(candidate.place, place_of_territory(buxerolles))
        self.assertIs(candidate.on_platform, False)  # nobody has joined it
        self.assertIs(candidate.active, True)
        self.assertEqual(candidate.terms, {})
        self.assertEqual((candidate.evaluated_partnerships, candidate.health_score), (0, None))

    def test_members_activity_and_terms(self):
        self.assertIs(candidate_from_organisation(self.org).on_platform, True)
        Organisation.objects.filter(pk=self.school.pk).update(is_active=False)
        self.assertIs(candidate_from_organisation(self.school).active, False)
        Organisation.objects.filter(pk=self.school.pk).update(
            is_active=True, dissolved_on=date(2025, 6, 30)
        )
        self.assertIs(candidate_from_organisation(self.school).active, False)
        model = TextModel.fit([self.school.mission, self.org.mission, "Club de judo"])
        terms = candidate_from_organisation(self.school, text_model=model).terms
        self.assertEqual(terms, model.terms(self.school.mission))
        self.assertTrue(terms)
        # Many at once: the same vectors, computed together.
        pairs = organisations_with_candidates(Organisation.objects.all(), text_model=model)
        self.assertEqual(len(pairs), 3)
        for organisation, candidate in pairs:
            self.assertEqual(candidate.terms, model.terms(organisation.mission))

    def test_place_by_commune_code_when_the_commune_is_not_linked(self):
        # The lead organisation has the INSEE code of Poitiers, not the link to its territory.
        self.assertEqual(
            candidate_from_organisation(self.org).place, place_of_territory(self.places["poitiers"])
        )
        self.assertEqual(candidate_from_organisation(self.other_org).place, Place())

    def test_public_body_without_commune_stands_at_its_territory(self):
        epci = make_organisation(
            "Grand Poitiers", kind=Kind.EPCI, territory=self.places["grand_poitiers"]
        )
        departement = make_organisation(
            "Département de la Vienne", kind=Kind.DEPARTEMENT, territory=self.places["vienne"]
        )
        place = candidate_from_organisation(epci).place
        self.assertEqual((place.latitude, place.longitude), (46.5802, 0.3404))
        self.assertEqual(place.epci, self.places["grand_poitiers"].pk)
        self.assertEqual(place.departement, self.places["vienne"].pk)
        place = candidate_from_organisation(departement).place
        self.assertEqual((place.epci, place.departement), (None, self.places["vienne"].pk))
        # A commune's own organisation with its town hall as address: the commune wins.
        epci.commune = self.places["poitiers"]
        epci.save(update_fields=["commune"])
        self.assertEqual(
            candidate_from_organisation(epci).place.epci, self.places["grand_poitiers"].pk
        )


class SuggestibleTests(BaseTestCase):
    def test_only_public_active_legal_persons_are_read(self):
        make_organisation("Secours du quartier", mission="Aide alimentaire.")
        make_organisation("Profil privé", is_public=False)
        make_organisation("Jean Dupont EI", kind=Kind.COMPANY, is_legal_person=False)
        make_organisation("Association en sommeil", is_active=False)
        make_organisation("Association dissoute", dissolved_on=date(2024, 1, 1))
        found = {candidate.name: text for candidate, text in iter_directory_candidates()}
        self.assertEqual(set(found), {self.org.name, self.other_org.name, "Secours du quartier"})
        self.assertEqual(found["Secours du quartier"], "Aide alimentaire.")


class TrackRecordTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.company = make_organisation("Solidaires Industries", kind=Kind.COMPANY)
        cls.commune = make_organisation("Ville de Poitiers", kind=Kind.COMMUNE)
        cls.newcomer = make_organisation("Nouveaux Voisins")
        cls.first, cls.first_parties = make_partnership(
            "Réussir au collège",
            coordinator=cls.org,
            partners=[(cls.company, [PartyRole.FUNDER])],
        )
        cls.second, cls.second_parties = make_partnership(
            "Jardins partagés", coordinator=cls.org, partners=[(cls.commune, [PartyRole.EXPERT])]
        )
        # Invited only, then left: neither counts for the newcomer and the commune.
        Party.objects.create(
            partnership=cls.first,
            organisation=cls.newcomer,
            roles=[PartyRole.EXPERT],
            status=PartyStatus.INVITED,
        )

    def test_partnerships_carried_to_evaluation(self):
        evaluate(self.first)
        # Stages before evaluation do not count.
        StageChange.objects.create(
            partnership=self.second, from_stage=Stage.EXPLORATION, to_stage=Stage.QUALIFICATION
        )
        records = track_records()
        self.assertEqual(records[self.org.pk].evaluated, 1)
        self.assertEqual(records[self.company.pk].evaluated, 1)
        self.assertNotIn(self.newcomer.pk, records)
        self.assertNotIn(self.commune.pk, records)
        evaluate(self.second)
        StageChange.objects.create(
            partnership=self.second, from_stage=Stage.EVALUATION, to_stage=Stage.RENEWAL
        )
        self.assertEqual(track_records([self.org.pk])[self.org.pk].evaluated, 2)
        party = self.first_parties[self.company.pk]
        party.status = PartyStatus.LEFT
        party.save(update_fields=["status"])
        self.assertNotIn(self.company.pk, track_records([self.company.pk]))
        self.assertEqual(candidate_from_organisation(self.org).evaluated_partnerships, 2)

    def test_health_is_the_latest_closed_round_shown_per_partnership(self):
        lead = self.first_parties[self.org.pk]
        company = self.first_parties[self.company.pk]
        older = make_round(self.first, 1)
        add_answers(older, lead, 3, Rating.RED)
        latest = make_round(self.first, 2)
        add_answers(latest, lead, 2)  # green: 100
        add_answers(latest, company, 1, Rating.AMBER, trust=Rating.GREEN)
        # 2 × 7 × 100 + (6 × 50 + 100) over 21 ratings: 85.7, shown as 86.
        self.assertEqual(track_records()[self.org.pk].health, 86)
        self.assertEqual(track_records([self.company.pk])[self.company.pk].health, 86)
        # Open rounds and rounds with fewer than 3 answers show nothing.
        add_answers(make_round(self.first, 3, status=RoundStatus.OPEN), lead, 3, Rating.RED)
        add_answers(make_round(self.second, 1), self.second_parties[self.org.pk], 2, Rating.RED)
        self.assertEqual(track_records([self.org.pk])[self.org.pk].health, 86)
        self.assertNotIn(self.commune.pk, track_records())
        # The mean over the organisation's partnerships.
        second = make_round(self.second, 2)
        add_answers(second, self.second_parties[self.commune.pk], 3, Rating.AMBER)
        records = track_records()
        self.assertEqual(records[self.org.pk].health, (86 + 50) / 2)
        self.assertEqual(records[self.commune.pk].health, 50)
        self.assertEqual(records[self.org.pk].evaluated, 0)
        self.assertEqual(candidate_from_organisation(self.org).health_score, 68)

    def test_queries_do_not_grow_with_partnerships(self):
        for number in range(3):
            make_partnership(f"Alliance {number}", coordinator=self.newcomer)
        with self.assertNumQueries(2):
            track_records()
        with self.assertNumQueries(0):
            self.assertEqual(track_records([]), {})


class DirectoryStreamTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = make_places()
        for number in range(9):
            if number == 4:
                make_organisation("Profil privé", is_public=False)
            organisation = make_organisation(
                f"Association {number}",
                commune=cls.places["poitiers" if number % 2 else "niort"],
                mission=f"Mission numéro {number}",
            )
            give(organisation, offers=["skills"], needs=["funding"], causes=["4.1"])

    def expected_queries(self, windows: int) -> int:
        # The bounds of the ids, the territories and the two of the track record once; per
        # window the rows, the resources and, on SQLite, the causes.
        per_window = 2 if connection.vendor == "postgresql" else 3
        return 4 + per_window * windows

    def streamed_ids(self, chunk: int) -> list[int]:
        return [candidate.id for candidate, _text in iter_directory_candidates(chunk=chunk)]

    def test_every_row_once_in_order_with_few_queries(self):
        ids = list(
            Organisation.objects.filter(is_public=True).order_by("pk").values_list("pk", flat=True)
        )
        self.assertEqual(len(ids), 11)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.streamed_ids(4), ids)
        # Windows of 4 ids: 4 rows, then 3 (the private profile is in it), then 4.
        self.assertEqual(len(queries), self.expected_queries(3))
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.streamed_ids(100), ids)
        self.assertEqual(len(queries), self.expected_queries(1))
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.streamed_ids(11), ids)
        # The first window of 11 ids holds the private profile: 10 rows, then the last one.
        self.assertEqual(len(queries), self.expected_queries(2))

    def test_gaps_in_the_ids(self):
        middle = Organisation.objects.filter(name__in=[f"Association {n}" for n in range(1, 8)])
        self.assertEqual(middle.update(is_public=False), 7)
        expected = [self.org.pk, self.other_org.pk] + list(
            Organisation.objects.filter(name__in=["Association 0", "Association 8"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for chunk in (1, 2, 3, 1000):
            with self.subTest(chunk=chunk):
                self.assertEqual(self.streamed_ids(chunk), expected)
        Organisation.objects.all().update(is_public=False)
        with self.assertNumQueries(1):
            self.assertEqual(self.streamed_ids(10), [])

    def test_streamed_candidates_equal_the_ones_read_one_by_one(self):
        streamed = {
            candidate.id: candidate for candidate, _text in iter_directory_candidates(chunk=3)
        }
        for organisation in Organisation.objects.filter(name__startswith="Association"):
            self.assertEqual(streamed[organisation.pk], candidate_from_organisation(organisation))
        pairs = candidates_of(Organisation.objects.filter(name__startswith="Association"))
        self.assertEqual(len(pairs), 9)
        for candidate, text in pairs:
            self.assertEqual(candidate, streamed[candidate.id])
            self.assertTrue(text.startswith("Mission numéro"))
        # Equal profiles share their sets in memory.
        first, second = (streamed[pk] for pk in sorted(streamed)[2:4])
        self.assertIs(first.offers, second.offers)
        self.assertIs(first.causes, second.causes)
