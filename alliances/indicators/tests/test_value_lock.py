from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from alliances.core.models import AuditEvent
from alliances.indicators.models import PeriodLock, Value, ValueStatus
from alliances.indicators.services.values import (
    Figures,
    period_lock,
    period_unlock,
    values_review,
    values_save,
)
from alliances.indicators.tests.test_values_setup import Q1, ValuesTestCase


class PeriodLockTests(ValuesTestCase):
    def url(self, name):
        return reverse(name, args=[self.partnership.uuid, self.attendance.uuid, "2026-01-01"])

    def test_only_an_approved_period_is_locked(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.SUBMITTED)
        self.login(self.editor)
        response = self.client.post(self.url("indicators:period_lock"), {"confirm": "on"})
        self.assertContains(response, "all approved can be locked", status_code=400)
        self.assertFalse(PeriodLock.objects.exists())

    def test_once_locked_nothing_changes_it(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.APPROVED)
        self.login(self.editor)
        response = self.client.post(self.url("indicators:period_lock"), {"confirm": "on"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PeriodLock.objects.filter(indicator=self.attendance).exists())
        with self.assertRaisesMessage(ValidationError, "This period is locked"):
            values_review(
                indicator=self.attendance,
                period_start=Q1,
                actor=self.editor,
                approve=False,
                message="Non",
            )
        with self.assertRaisesMessage(ValidationError, "This period is locked"):
            values_save(
                indicator=self.attendance,
                period_start=Q1,
                actor=self.company_editor,
                figures=Figures(values={"": Decimal(4)}),
            )
        with self.assertRaisesMessage(ValidationError, "This period is locked"):
            period_lock(indicator=self.attendance, period_start=Q1, actor=self.editor)
        value = Value.objects.get()
        self.assertEqual((value.value, value.status), (Decimal(3), ValueStatus.APPROVED))

    def test_the_partner_may_not_lock(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.APPROVED)
        self.login(self.company_admin)
        response = self.client.post(self.url("indicators:period_lock"), {"confirm": "on"})
        self.assertEqual(response.status_code, 403)

    def test_unlock_by_the_coordinators_admin_with_a_reason(self):
        self.value(self.attendance, Decimal(3), status=ValueStatus.APPROVED)
        PeriodLock.objects.create(indicator=self.attendance, period_start=Q1)
        with self.assertRaises(PermissionDenied):
            period_unlock(indicator=self.attendance, period_start=Q1, actor=self.editor, reason="x")
        self.login(self.admin)
        response = self.client.post(self.url("indicators:period_unlock"), {"reason": ""})
        self.assertContains(response, "Say why", status_code=400)
        response = self.client.post(
            self.url("indicators:period_unlock"), {"reason": "Erreur de saisie découverte"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(PeriodLock.objects.exists())
        audit = AuditEvent.objects.get(verb="values.unlocked")
        self.assertEqual(audit.data["reason"], "Erreur de saisie découverte")
