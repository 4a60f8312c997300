"""values pages."""

urlpatterns: list = []
