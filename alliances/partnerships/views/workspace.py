"""Workspace pages."""

urlpatterns: list = []
