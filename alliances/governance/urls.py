from alliances.governance.views import (
    actions,
    committee,
    conflicts,
    decisions,
    health,
    meeting_calendar,
    meetings,
    overview,
    settings,
)

app_name = "governance"

urlpatterns = (
    overview.urlpatterns
    + committee.urlpatterns
    + meetings.urlpatterns
    + meeting_calendar.urlpatterns
    + decisions.urlpatterns
    + actions.urlpatterns
    + conflicts.urlpatterns
    + health.urlpatterns
    + settings.urlpatterns
)
