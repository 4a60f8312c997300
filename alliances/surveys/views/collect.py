"""The public collection pages, reached by a survey's link."""

urlpatterns: list = []
