"""A person's own governance pages, across partnerships: their actions, their calendar feed
and their weekly digest. Mounted at the site root; each route carries its own prefix."""

from alliances.governance.views import calendar, digest, my_actions

app_name = "me"

urlpatterns = my_actions.urlpatterns + calendar.urlpatterns + digest.urlpatterns
