"""builder pages."""

urlpatterns: list = []
