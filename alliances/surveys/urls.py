from alliances.surveys.views import builder, indicators, responses

app_name = "surveys"
# Mounted at partnerships/<uuid:partnership_uuid>/surveys/
urlpatterns = builder.urlpatterns + responses.urlpatterns + indicators.urlpatterns
