"""Contributions pages."""

urlpatterns: list = []
