"""Indicators computed from a survey question: define them from the survey."""

urlpatterns: list = []
