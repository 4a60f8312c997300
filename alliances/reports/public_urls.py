"""Published impact pages and their open data, for everyone."""

from alliances.reports.views import public

app_name = "public_pages"

urlpatterns = [*public.urlpatterns]
