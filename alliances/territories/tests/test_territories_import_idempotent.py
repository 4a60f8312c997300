import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.core.models import AuditEvent
from alliances.organisations.models import Kind, Organisation
from alliances.territories.models import ImportRun, Territory
from alliances.territories.tests import datafiles

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_second_run_reports_everything_unchanged_and_writes_nothing(tmp_path):
    run_import = datafiles.importer(tmp_path)
    first = run_import()
    assert first.changed
    with CaptureQueriesContext(connection) as queries:
        second = run_import()
    assert not second.changed
    assert (second.territories.inserted, second.territories.updated) == (0, 0)
    assert second.territories.unchanged == 14
    assert (second.organisations.inserted, second.organisations.updated) == (0, 0)
    assert second.organisations.unchanged == 14
    assert second.communes_linked == 0
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(WRITES)]
    assert writes == []
    # Only the run that changed something is recorded.
    assert ImportRun.objects.count() == 1
    assert AuditEvent.objects.filter(verb="territories.imported").count() == 1


def test_new_data_updates_only_what_changed(tmp_path):
    run_import = datafiles.importer(tmp_path)
    run_import()
    rows = datafiles.rows()
    rows["communes"][0]["population_municipale"] = "90000"
    rows["communes"][0]["mairie_email"] = "mairie@poitiers.fr"
    result = run_import(datafiles.write(tmp_path / "next-year", rows))
    # Poitiers, and the population of its EPCI, département and région.
    assert (result.territories.updated, result.territories.unchanged) == (4, 10)
    assert (result.organisations.updated, result.organisations.unchanged) == (4, 10)
    assert Territory.objects.get(kind="commune", code="86194").population == 90000
    poitiers = Organisation.objects.get(kind=Kind.COMMUNE, insee_code="86194")
    assert poitiers.email == poitiers.imported["territory"]["email"] == "mairie@poitiers.fr"
    assert "90\u00a0000 habitants" in poitiers.mission
