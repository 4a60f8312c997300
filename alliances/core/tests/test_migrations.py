from io import StringIO

from django.core.management import call_command
from django.test import TestCase


class MigrationTests(TestCase):
    def test_models_and_migrations_agree(self):
        out = StringIO()
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
        self.assertIn("No changes detected", out.getvalue())

    def test_the_sdg_causes_are_loaded_by_migration(self):
        from alliances.organisations.models import Cause

        self.assertEqual(Cause.objects.filter(parent=None).count(), 17)
        self.assertEqual(Cause.objects.exclude(parent=None).count(), 169)
        goal = Cause.objects.get(code="4")
        self.assertEqual(goal.short_fr, "Éducation de qualité")
        self.assertEqual(goal.short_en, "Quality education")
