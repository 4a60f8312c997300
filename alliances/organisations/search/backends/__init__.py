"""Full-text matching and ranking, the only part of the search that differs by database."""

from django.db import connection as default_connection

from alliances.organisations.search.backends.base import SearchBackend


def backend_for(connection=None) -> SearchBackend:
    vendor = (connection or default_connection).vendor
    if vendor == "postgresql":
        from alliances.organisations.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    from alliances.organisations.search.backends.sqlite import SqliteBackend

    return SqliteBackend()
