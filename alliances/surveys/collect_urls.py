from alliances.surveys.views import collect

app_name = "collect"
# Mounted at s/: the public survey links, /s/<public_token>/
urlpatterns = collect.urlpatterns
