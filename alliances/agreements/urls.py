"""Agreement pages, under /partnerships/<uuid>/agreement/."""

app_name = "agreements"

urlpatterns: list = []
