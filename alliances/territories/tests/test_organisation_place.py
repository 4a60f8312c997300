import shutil
import tempfile
from pathlib import Path

from django.urls import reverse

from alliances.organisations.models import Kind, Organisation
from alliances.territories.services import territories_import
from alliances.territories.tests import datafiles
from alliances.test import BaseTestCase


class OrganisationPlaceTests(BaseTestCase):
    """The place on the profile page: lineage, town hall, map, register status."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        directory = Path(tempfile.mkdtemp())
        cls.addClassCleanup(shutil.rmtree, directory)
        territories_import(directory=datafiles.write(directory))
        cls.poitiers = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86194")
        cls.grand_poitiers = Organisation.objects.get(siren="200069854")
        cls.region = Organisation.objects.get(kind=Kind.REGION, insee_code="75")

    def setUp(self):
        self.login(None)

    def login(self, user):
        super().login(user)
        self.client.cookies["alliances_language"] = "en"

    def get(self, organisation):
        return self.client.get(reverse("organisations:detail", args=[organisation.uuid]))

    def test_commune_shows_its_territories_and_town_hall(self):
        response = self.get(self.poitiers)
        self.assertContains(response, '<h2 id="place-title">Place</h2>', html=True)
        self.assertContains(response, "<dd>88,291 inhabitants</dd>", html=True)
        self.assertContains(response, "<dt>Intercommunality</dt>", html=True)
        self.assertContains(response, "<dd>Communauté urbaine du Grand Poitiers</dd>", html=True)
        self.assertContains(response, "<dd>Vienne</dd>", html=True)
        self.assertContains(response, "<dd>Nouvelle-Aquitaine</dd>", html=True)
        self.assertContains(
            response, "<address>15 place du Maréchal-Leclerc<br>86000 Poitiers</address>", html=True
        )
        self.assertContains(response, '<a href="tel:+33549523535">05 49 52 35 35</a>', html=True)
        self.assertContains(response, 'href="mailto:contact@poitiers.fr"')
        self.assertContains(response, "<li>Monday to Friday: 8:30 – 12:30, 13:30 – 17:30</li>")

    def test_map_is_inline_svg_with_a_text_alternative(self):
        response = self.get(self.poitiers)
        self.assertContains(response, '<svg xmlns="http://www.w3.org/2000/svg" role="img"')
        self.assertContains(
            response,
            "Map of Vienne: the marker shows Poitiers among the 4 communes of the département.",
        )
        self.assertContains(response, '<path class="place-map-dots" d="M')
        self.assertContains(response, '<circle class="place-map-marker"')
        self.assertNotContains(response, "tile")
        svg = response.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
        self.assertLess(len(svg), 2000)

    def test_epci_map_shows_its_communes(self):
        response = self.get(self.grand_poitiers)
        self.assertContains(response, '<path class="place-map-group"')
        self.assertContains(response, "<dt>Main commune</dt><dd>Poitiers</dd>", html=True)
        self.assertNotContains(response, "Town hall")

    def test_region_is_drawn_in_the_departement_of_its_seat(self):
        response = self.get(self.region)
        self.assertContains(response, "Map of Gironde: the marker shows Bordeaux")

    def test_organisation_in_a_commune_shows_where_it_is(self):
        # The association of the shared base has the commune code of Poitiers.
        response = self.get(self.org)
        self.assertContains(response, "<dt>Commune</dt><dd>Poitiers</dd>", html=True)
        self.assertContains(response, "the marker shows Poitiers")
        self.assertNotContains(response, "Town hall")
        self.assertNotContains(response, "Territory governed")

    def test_no_place_no_section(self):
        response = self.get(self.other_org)
        self.assertNotContains(response, 'id="place-title"')
        self.assertNotContains(response, "<svg")

    def test_register_status(self):
        response = self.get(self.poitiers)
        self.assertContains(response, "Not yet managed by its members")
        self.assertContains(response, "<dd>French territories (INSEE)</dd>", html=True)
        self.assertNotContains(response, "Dissolved or closed")
        self.org.is_active = False
        self.org.save()
        response = self.get(self.org)
        self.assertContains(response, '<span class="badge badge-inactive">Dissolved or closed')
        self.assertNotContains(response, "Not yet managed by its members")
        self.assertNotContains(response, "<dt>Source</dt>", html=True)

    def test_page_stays_fast(self):
        # Access, causes, resources, members, then the territories and the map's points.
        with self.assertNumQueries(6):
            self.get(self.poitiers)
        self.login(self.outsider)
        with self.assertNumQueries(10):
            self.get(self.poitiers)
