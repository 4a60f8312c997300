from alliances.diagnosis.views import diagnosis

app_name = "diagnosis"

urlpatterns = [*diagnosis.urlpatterns]
