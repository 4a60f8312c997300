"""API token views: list, create, revoke."""

urlpatterns: list = []
