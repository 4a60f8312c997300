"""An indicator's page and forms."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.indicators.forms.framework import IndicatorForm
from alliances.indicators.selectors import framework as selectors
from alliances.indicators.services import framework as services
from alliances.indicators.views.framework.common import _closed, _context, _editing, _status, _url
from alliances.partnerships.access import access_partnership_by_uuid

# Indicators


@login_required
@require_safe
def indicator(request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    item = selectors.indicator_in_partnership(partnership=access.partnership, uuid=indicator_uuid)
    context = _context(
        access,
        indicator=item,
        targets=selectors.indicator_targets(item),
        can_edit=access.can(Action.EDIT_FRAMEWORK) and not access.partnership.is_closed,
    )
    return render(request, "indicators/indicator_detail.html", context)


def _indicator_form(request, access, *, indicator=None) -> IndicatorForm:
    parties = selectors.responsible_parties_in_partnership(
        partnership=access.partnership,
        keep=indicator.responsible_party if indicator is not None else None,
    )
    # A script asks for the target boxes again when the frequency or first period changes.
    data = request.GET if request.htmx and request.method == "GET" else posted_data(request)
    return IndicatorForm(data, partnership=access.partnership, parties=parties, indicator=indicator)


def _indicator_page(request, access, form, *, outcome, indicator=None, notice="") -> HttpResponse:
    context = _context(access, form=form, outcome=outcome, indicator=indicator, notice=notice)
    template = "indicators/indicator_form.html"
    if request.htmx and request.method == "GET":
        # Only the target boxes: what else was typed is checked when the form is sent.
        return render(request, template + "#targets", context)
    return render(request, template, context, status=_status(form) if not notice else 200)


def _periods_moved(request, form) -> bool:
    """The periods changed after targets were typed: show the new boxes before saving."""
    typed = any(key.startswith("target_") and value.strip() for key, value in request.POST.items())
    return "refresh" in request.POST or (form.periods_changed and typed)


PERIODS_NOTICE = gettext_lazy(
    "The periods follow the frequency and first period: check the targets below."
)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, partnership_uuid: UUID, outcome_uuid: UUID):
    access = _editing(request, partnership_uuid)
    outcome = selectors.outcome_in_partnership(partnership=access.partnership, uuid=outcome_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = _indicator_form(request, access)
    if request.method == "POST" and _periods_moved(request, form):
        return _indicator_page(request, access, form, outcome=outcome, notice=PERIODS_NOTICE)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.indicator_create(
                outcome=outcome, actor=request.user, data=form.indicator_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The indicator “%(title)s” has been added.") % {"title": item.title}
            )
            return redirect(_url(access, f"indicator-{item.uuid}"))
    return _indicator_page(request, access, form, outcome=outcome)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID):
    access = _editing(request, partnership_uuid)
    item = selectors.indicator_in_partnership(partnership=access.partnership, uuid=indicator_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = _indicator_form(request, access, indicator=item)
    outcome = item.outcome
    if request.method == "POST" and _periods_moved(request, form):
        return _indicator_page(
            request, access, form, outcome=outcome, indicator=item, notice=PERIODS_NOTICE
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_change(indicator=item, actor=request.user, data=form.indicator_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect(
                reverse("indicators:indicator", args=[access.partnership.uuid, item.uuid])
            )
    return _indicator_page(request, access, form, outcome=outcome, indicator=item)
