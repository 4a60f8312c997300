from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "alliances.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from alliances.organisations.search.backends import sqlite

        # The directory's SQLite full-text index calls Python functions from its triggers:
        # every connection needs them, whoever opens it.
        connection_created.connect(sqlite.register_functions, dispatch_uid="alliances_fts")
        post_migrate.connect(_ensure_search_index, sender=self, dispatch_uid="alliances_fts")


def _ensure_search_index(sender, using="default", **kwargs):
    from django.db import connections

    from alliances.organisations.search.backends import sqlite

    connection = connections[using]
    if connection.vendor == "sqlite":
        sqlite.ensure_index(connection)
