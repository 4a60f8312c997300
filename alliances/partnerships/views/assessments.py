"""Assessments pages."""

urlpatterns: list = []
