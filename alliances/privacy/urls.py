"""Mounted at the site root; each route carries its own prefix (account/… and privacy/)."""

from alliances.privacy import views

app_name = "privacy"

urlpatterns = views.urlpatterns
