from alliances.partnerships.views import (
    assessments,
    contributions,
    notifications,
    parties,
    workspace,
)

app_name = "partnerships"

urlpatterns = (
    workspace.urlpatterns
    + parties.urlpatterns
    + assessments.urlpatterns
    + contributions.urlpatterns
    + notifications.urlpatterns
)
