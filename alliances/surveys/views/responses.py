"""responses pages."""

urlpatterns: list = []
