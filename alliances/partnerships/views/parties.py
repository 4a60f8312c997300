"""Parties pages."""

urlpatterns: list = []
