from alliances.indicators.views import dashboards, framework, values

app_name = "indicators"
# Mounted at partnerships/<uuid:partnership_uuid>/results/
urlpatterns = framework.urlpatterns + values.urlpatterns + dashboards.urlpatterns
