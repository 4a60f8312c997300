"""Notifications pages."""

urlpatterns: list = []
