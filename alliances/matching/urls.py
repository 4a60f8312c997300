from alliances.matching.views import calls, consortium, introductions, proposals, suggestions

app_name = "matching"

urlpatterns = (
    calls.urlpatterns
    + proposals.urlpatterns
    + suggestions.urlpatterns
    + introductions.urlpatterns
    + consortium.urlpatterns
)
