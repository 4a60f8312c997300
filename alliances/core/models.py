import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicIdModel(models.Model):
    """Base for objects addressed in URLs: a random public UUID, never the raw id."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Interface(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


class AuditEventEdited(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEventQuerySet(models.QuerySet):
    """Entries are written once and never changed. The only update allowed is forgetting the
    person (their account was deleted: the foreign key is set to NULL)."""

    def update(self, **kwargs):
        if set(kwargs) <= {"actor", "actor_id"} and all(v is None for v in kwargs.values()):
            return super().update(**kwargs)
        raise AuditEventEdited("Audit events are never edited.")

    def delete(self):
        raise AuditEventEdited("Audit events are never deleted.")

    delete.queryset_only = True


class AuditEvent(models.Model):
    """Who did what to which object, when, and through which interface. Never edited.

    `organisation_uuid` names the organisation on whose behalf the action was taken (the
    actor's party in a partnership), or, for the organisation's own records (members,
    profile), the organisation itself. Database triggers back the refusals below."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=64)
    object_type = models.CharField(max_length=64)
    object_uuid = models.UUIDField(null=True, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    organisation_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    interface = models.CharField(max_length=16, choices=Interface.choices, default=Interface.WEB)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_uuid"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditEventEdited("Audit events are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEventEdited("Audit events are never deleted.")
