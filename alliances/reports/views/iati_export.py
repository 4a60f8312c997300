"""iati_export views."""

urlpatterns: list = []
