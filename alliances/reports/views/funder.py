"""funder views."""

urlpatterns: list = []
