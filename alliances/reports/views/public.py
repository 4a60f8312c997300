"""public views."""

urlpatterns: list = []
