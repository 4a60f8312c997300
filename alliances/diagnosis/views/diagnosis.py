"""Self-diagnosis views."""

urlpatterns: list = []
