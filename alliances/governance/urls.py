from alliances.governance.views import (
    actions,
    committee,
    conflicts,
    decisions,
    health,
    meetings,
    overview,
)

app_name = "governance"

urlpatterns = (
    overview.urlpatterns
    + committee.urlpatterns
    + meetings.urlpatterns
    + decisions.urlpatterns
    + actions.urlpatterns
    + conflicts.urlpatterns
    + health.urlpatterns
)
