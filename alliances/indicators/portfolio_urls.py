from alliances.indicators.views import dashboards

app_name = "portfolio"
# Mounted at organisations/<uuid:organisation_uuid>/impact/
urlpatterns = dashboards.portfolio_urlpatterns
