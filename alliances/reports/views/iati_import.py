"""iati_import views."""

urlpatterns: list = []
