"""The governance settings page: quorum, health-check schedule and alerts, conflict
staleness. The coordinator's editors and administrators set them."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.governance.forms.settings import GovernanceSettingsForm
from alliances.governance.rules import rule_in_force_for_partnership
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.governance.services.health import governance_settings_save
from alliances.partnerships.access import access_partnership_by_uuid


@login_required
@require_http_methods(["GET", "POST"])
def governance_settings(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.GOVERNANCE_SETTINGS
    )
    partnership = access.partnership
    current = governance_settings_for_partnership(partnership=partnership)
    form = GovernanceSettingsForm(posted_data(request), instance=current)
    if request.method == "POST" and partnership.is_closed:
        form.add_error(
            None, _("This partnership is closed: its governance settings can no longer change.")
        )
    elif request.method == "POST" and form.is_valid():
        try:
            governance_settings_save(access=access, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The governance settings have been saved."))
            return redirect(reverse("governance:settings", args=[partnership.uuid]))
    context = {
        "partnership": partnership,
        "access": access,
        "current": "governance",
        "section": "settings",
        "form": form,
        # Where decisions take their rule: the agreement in force, else the partnership.
        "rule": rule_in_force_for_partnership(partnership),
    }
    return render(request, "governance/settings.html", context, status=400 if form.errors else 200)


urlpatterns = [path("settings/", governance_settings, name="settings")]
