"""The governance tab's first page."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from alliances.core.permissions import Action
from alliances.governance.selectors.overview import governance_overview_for_user
from alliances.partnerships.access import access_partnership_by_uuid


@login_required
@require_safe
def overview(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "governance",
        "section": "overview",
        "summary": governance_overview_for_user(
            access=access, user=request.user, now=timezone.now(), today=timezone.localdate()
        ),
        "can_record": access.can(Action.RECORD_GOVERNANCE) and not access.partnership.is_closed,
        "can_raise": access.can(Action.RAISE_CONFLICT) and not access.partnership.is_closed,
    }
    return render(request, "governance/overview.html", context)


urlpatterns = [path("", overview, name="overview")]
