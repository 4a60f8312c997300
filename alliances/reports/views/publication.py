"""publication views."""

urlpatterns: list = []
