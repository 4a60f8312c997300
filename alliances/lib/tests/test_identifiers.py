from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from alliances.lib.identifiers import (
    normalise_insee_commune,
    normalise_rna,
    normalise_siren,
    normalise_siret,
    siren_of_siret,
)


class IdentifierTests(SimpleTestCase):
    def assertRefused(self, normalise, value, code):
        with self.assertRaises(ValidationError) as caught:
            normalise(value)
        self.assertEqual(caught.exception.code, code)

    def test_siren_is_compacted(self):
        self.assertEqual(normalise_siren("732 829 320"), "732829320")
        self.assertEqual(normalise_siren("732.829.320"), "732829320")

    def test_siren_wrong_length_or_check_digit(self):
        self.assertRefused(normalise_siren, "73282932", "siren_length")
        self.assertRefused(normalise_siren, "732829321", "siren_invalid")
        self.assertRefused(normalise_siren, "ABCDEFGHI", "siren_invalid")

    def test_siret(self):
        self.assertEqual(normalise_siret("732 829 320 00017"), "73282932000017")
        self.assertRefused(normalise_siret, "7328293200001", "siret_length")
        self.assertRefused(normalise_siret, "73282932000018", "siret_invalid")
        self.assertEqual(siren_of_siret("73282932000017"), "732829320")

    def test_rna(self):
        self.assertEqual(normalise_rna("w863000001"), "W863000001")
        self.assertEqual(normalise_rna(" W 751 234 567 "), "W751234567")
        self.assertRefused(normalise_rna, "863000001", "rna_invalid")
        self.assertRefused(normalise_rna, "W86300000", "rna_invalid")

    def test_insee_commune(self):
        self.assertEqual(normalise_insee_commune("86194"), "86194")
        self.assertEqual(normalise_insee_commune("2a004"), "2A004")
        self.assertEqual(normalise_insee_commune("97411"), "97411")
        self.assertRefused(normalise_insee_commune, "8619", "insee_invalid")
        self.assertRefused(normalise_insee_commune, "2C004", "insee_invalid")
