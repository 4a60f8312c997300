from decimal import Decimal

from django.urls import reverse

from alliances.indicators.models import Value, ValueStatus
from alliances.indicators.tests.test_values_setup import ValuesTestCase


class ValuesBulkTests(ValuesTestCase):
    def url(self):
        return (
            reverse("indicators:values_bulk", args=[self.partnership.uuid]) + "?period=2026-01-01"
        )

    def prefix(self, indicator):
        return f"i{indicator.uuid.hex}"

    def test_the_table_holds_only_what_the_user_enters(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, self.share.title)
        self.assertNotContains(response, self.attendance.title)
        self.login(self.company_editor)
        response = self.client.get(self.url())
        self.assertContains(response, f'name="{self.prefix(self.attendance)}-group_1"')
        self.assertNotContains(response, self.share.title)

    def test_the_viewer_is_refused(self):
        self.login(self.viewer)
        self.assertEqual(self.client.get(self.url()).status_code, 403)

    def test_save_all_as_drafts(self):
        other = self.share
        other.responsible_party = self.company_party
        other.save()
        self.login(self.company_editor)
        a, s = self.prefix(self.attendance), self.prefix(other)
        response = self.client.post(
            self.url(),
            {f"{a}-total": "12", f"{a}-group_1": "7", f"{s}-total": "55,5", "save": "1"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Value.objects.filter(indicator=self.attendance).count(), 2)
        self.assertEqual(Value.objects.get(indicator=other).value, Decimal("55.5"))

    def test_errors_per_cell_keep_everything_and_save_nothing(self):
        other = self.share
        other.responsible_party = self.company_party
        other.save()
        self.login(self.company_editor)
        a, s = self.prefix(self.attendance), self.prefix(other)
        response = self.client.post(
            self.url(), {f"{a}-total": "12", f"{s}-total": "150", "submit": "1"}
        )
        self.assertContains(response, "A percentage runs from 0 to 100.", status_code=400)
        self.assertContains(response, 'value="12"', status_code=400)
        self.assertContains(response, 'value="150"', status_code=400)
        self.assertFalse(Value.objects.exists())

    def test_submit_all(self):
        self.login(self.company_editor)
        a = self.prefix(self.attendance)
        response = self.client.post(self.url(), {f"{a}-total": "3", "submit": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Value.objects.get().status, ValueStatus.SUBMITTED)

    def test_nothing_typed_is_a_clear_message(self):
        self.login(self.company_editor)
        response = self.client.post(self.url(), {"save": "1"})
        self.assertContains(response, "Nothing was typed", status_code=400)
