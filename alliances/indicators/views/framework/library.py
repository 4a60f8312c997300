"""The library of ready-made indicators."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.indicators import library
from alliances.indicators.forms.framework import NEW_OUTCOME, LibraryForm
from alliances.indicators.selectors import framework as selectors
from alliances.indicators.services import framework as services
from alliances.indicators.views.framework.common import _closed, _context, _editing, _status, _url


@login_required
@require_http_methods(["GET", "POST"])
def library_page(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    outcomes = selectors.outcomes_in_partnership(partnership=access.partnership)
    form = LibraryForm(posted_data(request), outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["outcome"] == NEW_OUTCOME
        try:
            created = services.indicators_create_from_library(
                partnership=access.partnership,
                actor=request.user,
                keys=form.cleaned_data["templates"],
                outcome=None if new else form.chosen_outcome(),
                objective_title=form.cleaned_data["objective_title"] if new else "",
                outcome_title=form.cleaned_data["outcome_title"] if new else "",
                neighbourhoods=form.neighbourhood_list(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s indicators have been added: set their targets and who reports them.")
                % {"count": len(created)},
            )
            return redirect(_url(access, f"outcome-{created[0].outcome.uuid}"))
    context = _context(access, form=form, themes=library.templates_by_theme(), ticked=form.ticked())
    return render(request, "indicators/framework_library.html", context, status=_status(form))
