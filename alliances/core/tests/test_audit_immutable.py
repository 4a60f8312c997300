from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory, TransactionTestCase

from alliances.core.audit import audit_record
from alliances.core.models import AuditEvent, AuditEventEdited
from alliances.test import BaseTestCase, make_user


class AuditEventImmutableTests(BaseTestCase):
    def setUp(self):
        self.event = audit_record(
            actor=self.admin,
            verb="organisation.updated",
            obj=self.org,
            organisation_uuid=self.org.uuid,
        )

    def test_saving_an_existing_entry_is_refused(self):
        self.event.verb = "organisation.created"
        with self.assertRaisesMessage(AuditEventEdited, "never edited"):
            self.event.save()
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).verb, "organisation.updated")

    def test_deleting_an_entry_is_refused(self):
        with self.assertRaisesMessage(AuditEventEdited, "never deleted"):
            self.event.delete()
        with self.assertRaisesMessage(AuditEventEdited, "never deleted"):
            AuditEvent.objects.filter(pk=self.event.pk).delete()
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())

    def test_queryset_update_is_refused_except_forgetting_the_person(self):
        with self.assertRaisesMessage(AuditEventEdited, "never edited"):
            AuditEvent.objects.filter(pk=self.event.pk).update(verb="x.y")
        AuditEvent.objects.filter(pk=self.event.pk).update(actor=None)
        self.assertIsNone(AuditEvent.objects.get(pk=self.event.pk).actor_id)

    def test_the_database_refuses_an_update(self):
        with self.assertRaises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditevent SET verb = 'x.y' WHERE id = %s", [self.event.pk])
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).verb, "organisation.updated")

    def test_the_database_refuses_to_change_the_person_to_someone_else(self):
        with self.assertRaises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_auditevent SET actor_id = %s WHERE id = %s",
                [self.editor.pk, self.event.pk],
            )
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).actor_id, self.admin.pk)

    def test_the_database_refuses_a_delete_on_postgresql(self):
        if connection.vendor != "postgresql":
            self.skipTest("SQLite empties test databases with DELETE: no delete trigger there")
        with self.assertRaises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [self.event.pk])
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())

    def test_deleting_the_person_keeps_the_entry_without_them(self):
        user = make_user("gone@example.org")
        event = audit_record(actor=user, verb="organisation.updated", obj=self.org)
        user.delete()
        event = AuditEvent.objects.get(pk=event.pk)
        self.assertIsNone(event.actor_id)
        self.assertEqual(event.verb, "organisation.updated")

    def test_the_admin_is_read_only(self):
        model_admin = admin.site._registry[AuditEvent]
        request = RequestFactory().get("/")
        request.user = self.staff
        self.assertIs(model_admin.has_add_permission(request), False)
        self.assertIs(model_admin.has_change_permission(request, self.event), False)
        self.assertIs(model_admin.has_delete_permission(request, self.event), False)


class AuditEventFlushTests(TransactionTestCase):
    """Tests that empty the database between them still work with the triggers."""

    # Like the other tests that empty the database: the next ones find it as migrated.
    serialized_rollback = True

    def test_a_database_with_audit_entries_can_be_emptied(self):
        user = make_user("flush@example.org")
        audit_record(actor=user, verb="user.created", obj=user)
        self.assertEqual(AuditEvent.objects.count(), 1)
