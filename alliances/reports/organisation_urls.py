"""IATI imports into an organisation's new partnerships."""

from alliances.reports.views import iati_import

app_name = "iati"

urlpatterns = [*iati_import.urlpatterns]
