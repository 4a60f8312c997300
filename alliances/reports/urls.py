"""Reports of one partnership: funder reports, the public page and the IATI export."""

from alliances.reports.views import funder, iati_export, publication

app_name = "reports"

urlpatterns = [*funder.urlpatterns, *publication.urlpatterns, *iati_export.urlpatterns]
