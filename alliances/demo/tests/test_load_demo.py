from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase

from alliances.accounts.models import User
from alliances.demo import data
from alliances.organisations.models import Kind, Membership, Organisation


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


class LoadDemoTests(TestCase):
    def test_builds_a_coherent_territory_and_prints_the_accounts(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        text = out.getvalue()
        for local, _name, _staff in data.USERS:
            self.assertIn(f"{local}@{data.DOMAIN}", text)
        self.assertIn(data.PASSWORD, text)

        kinds = set(Organisation.objects.values_list("kind", flat=True))
        self.assertTrue({Kind.ASSOCIATION, Kind.COMPANY, Kind.FOUNDATION}.issubset(kinds))
        self.assertTrue({Kind.COMMUNE, Kind.EPCI, Kind.SCHOOL}.issubset(kinds))
        self.assertGreaterEqual(Organisation.objects.count(), 12)
        commune = Organisation.objects.get(kind=Kind.COMMUNE)
        self.assertEqual(commune.insee_code, "86194")

        lead = Organisation.objects.get(name="Maison de quartier des Trois-Cités")
        roles = dict(
            Membership.objects.filter(organisation=lead).values_list("user__email", "role")
        )
        self.assertEqual(
            roles,
            {
                f"lea@{data.DOMAIN}": "admin",
                f"karim@{data.DOMAIN}": "editor",
                f"ines@{data.DOMAIN}": "viewer",
            },
        )
        self.assertTrue(lead.causes.filter(code="4").exists())
        self.assertTrue(lead.resources.filter(direction="needed", resource="funding").exists())
        self.assertFalse(
            Membership.objects.filter(organisation__name="Association Culturelle du Clain").exists()
        )
        self.assertTrue(User.objects.get(email=f"staff@{data.DOMAIN}").is_staff)

    def test_demo_users_can_log_in_with_the_printed_password(self):
        call_command("load_demo", stdout=StringIO())
        logged_in = self.client.login(email=f"lea@{data.DOMAIN}", password=data.PASSWORD)
        self.assertTrue(logged_in)

    def test_running_twice_changes_nothing(self):
        call_command("load_demo", stdout=StringIO())
        before = _row_counts()
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertEqual(_row_counts(), before)
        self.assertIn("nothing changed", out.getvalue())
