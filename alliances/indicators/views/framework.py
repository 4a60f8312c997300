"""framework pages."""

urlpatterns: list = []
