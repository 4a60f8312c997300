from alliances.api.main import api

app_name = "api"

urlpatterns = [*api.urls[0]]
