"""Contributions pages: the ledger, its lines, its exports and the value-exchange view."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.audit import partnership_export_recorded
from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.partnerships import exports
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.forms.contributions import (
    ContributionDeleteForm,
    ContributionForm,
    LedgerFilterForm,
)
from alliances.partnerships.models import Contribution
from alliances.partnerships.selectors import contributions as selectors
from alliances.partnerships.services import contributions as services

LEDGER = "partnerships/contribution_list.html"
FORM = "partnerships/contribution_form.html"


def _ledger_url(access: PartnershipAccess, anchor: str = "") -> str:
    url = reverse("partnerships:contributions", args=[access.partnership.uuid])
    return f"{url}#{anchor}" if anchor else url


def _recording_parties(access: PartnershipAccess) -> list:
    """The parties the user may write lines for; none while the partnership is closed."""
    if access.partnership.is_closed:
        return []
    return access.parties_for(Action.RECORD_CONTRIBUTIONS)


def _ledger(request: HttpRequest, access: PartnershipAccess):
    partnership = access.partnership
    parties = selectors.ledger_parties_in_partnership(partnership=partnership)
    years = selectors.ledger_years_in_partnership(partnership=partnership)
    form = LedgerFilterForm(request.GET or None, parties=parties, years=years)
    filters = form.filters()
    ledger = selectors.ledger_in_partnership(
        partnership=partnership, parties=parties, filters=filters
    )
    return form, filters, ledger


@login_required
@require_safe
def contribution_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    form, filters, ledger = _ledger(request, access)
    recording = _recording_parties(access)
    query = f"?{urlencode(filters.params())}" if filters.active else ""
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "contributions",
        "filter_form": form,
        "filters": filters,
        "ledger": ledger,
        "can_record": bool(recording),
        "editable_party_ids": {party.pk for party in recording},
        "export_query": query,
    }
    template = LEDGER
    if request.htmx and not request.htmx.history_restore_request:
        template += "#ledger"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form_page(request, access, form, *, contribution=None, status=200) -> HttpResponse:
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "contributions",
        "form": form,
        "contribution": contribution,
        "delete_form": ContributionDeleteForm() if contribution else None,
    }
    template = FORM
    if request.htmx and request.method == "GET":
        # The type changed: only the fields that mean something for it come back.
        template += "#kind_fields"
        form.compact = True
    return render(request, template, context, status=status)


def _closed(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    messages.error(
        request, _("This partnership is closed: its contributions can no longer change.")
    )
    return redirect(_ledger_url(access))


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_CONTRIBUTIONS
    )
    partnership = access.partnership
    if partnership.is_closed:
        return _closed(request, access)
    parties = access.parties_for(Action.RECORD_CONTRIBUTIONS)
    form = ContributionForm(
        posted_data(request),
        initial=request.GET.dict() if request.htmx else None,
        currency=partnership.currency,
        recipients=selectors.recipient_choices_in_partnership(partnership=partnership),
        parties=parties,
    )
    if request.method == "POST" and form.is_valid():
        party = form.cleaned_data.get("party") or parties[0]
        try:
            contribution = services.contribution_record(
                partnership=partnership,
                party=party,
                actor=request.user,
                data=form.contribution_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The contribution “%(description)s” has been recorded.")
                % {"description": contribution.description},
            )
            return redirect(_ledger_url(access, f"party-{party.uuid}"))
    return _form_page(request, access, form, status=400 if form.errors else 200)


def _own_contribution(access: PartnershipAccess, contribution_uuid: UUID) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.select_related("party__organisation", "recipient__organisation"),
        uuid=contribution_uuid,
        partnership=access.partnership,
    )
    # Nobody writes another party's lines; a party that left has no one acting for it.
    parties = access.parties_for(Action.RECORD_CONTRIBUTIONS)
    if contribution.party_id not in {party.pk for party in parties}:
        raise PermissionDenied
    contribution.partnership = access.partnership
    return contribution


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(
    request: HttpRequest, partnership_uuid: UUID, contribution_uuid: UUID
) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_CONTRIBUTIONS
    )
    contribution = _own_contribution(access, contribution_uuid)
    partnership = access.partnership
    if partnership.is_closed:
        return _closed(request, access)
    form = ContributionForm(
        posted_data(request),
        initial=request.GET.dict() if request.htmx else None,
        currency=partnership.currency,
        recipients=selectors.recipient_choices_in_partnership(
            partnership=partnership, keep=contribution.recipient
        ).exclude(pk=contribution.party_id),
        instance=contribution,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_change(
                contribution=contribution, actor=request.user, data=form.contribution_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contribution has been saved."))
            return redirect(_ledger_url(access, f"party-{contribution.party.uuid}"))
    return _form_page(
        request, access, form, contribution=contribution, status=400 if form.errors else 200
    )


@login_required
@require_POST
def contribution_delete(
    request: HttpRequest, partnership_uuid: UUID, contribution_uuid: UUID
) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_CONTRIBUTIONS
    )
    contribution = _own_contribution(access, contribution_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ContributionDeleteForm(request.POST)
    if not form.is_valid():
        context = {
            "partnership": access.partnership,
            "access": access,
            "current": "contributions",
            "contribution": contribution,
            "delete_form": form,
        }
        return render(request, "partnerships/contribution_delete.html", context, status=400)
    try:
        services.contribution_delete(contribution=contribution, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The contribution “%(description)s” has been deleted.")
            % {"description": contribution.description},
        )
    return redirect(_ledger_url(access, f"party-{contribution.party.uuid}"))


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def contributions_csv(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    _form, _filters, ledger = _ledger(request, access)
    partnership_export_recorded(
        access=access, what="contributions_csv", obj=access.partnership, actor=request.user
    )
    return _download(
        exports.contributions_csv(ledger=ledger),
        content_type="text/csv; charset=utf-8",
        filename=exports.export_filename(access.partnership, "csv"),
    )


@login_required
@require_safe
def contributions_xlsx(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    _form, _filters, ledger = _ledger(request, access)
    partnership_export_recorded(
        access=access, what="contributions_xlsx", obj=access.partnership, actor=request.user
    )
    return _download(
        exports.contributions_xlsx(partnership=access.partnership, ledger=ledger),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=exports.export_filename(access.partnership, "xlsx"),
    )


@login_required
@require_safe
def value_exchange(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    exchanges = selectors.value_exchange_in_partnership(
        partnership=access.partnership, reader_parties=access.parties
    )
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "contributions",
        "exchanges": exchanges,
    }
    return render(request, "partnerships/value_exchange.html", context)


urlpatterns = [
    path(
        "<uuid:partnership_uuid>/contributions/",
        contribution_list,
        name="contributions",
    ),
    path(
        "<uuid:partnership_uuid>/contributions/new/",
        contribution_create,
        name="contribution_create",
    ),
    path(
        "<uuid:partnership_uuid>/contributions/<uuid:contribution_uuid>/edit/",
        contribution_edit,
        name="contribution_edit",
    ),
    path(
        "<uuid:partnership_uuid>/contributions/<uuid:contribution_uuid>/delete/",
        contribution_delete,
        name="contribution_delete",
    ),
    path(
        "<uuid:partnership_uuid>/contributions/export.csv",
        contributions_csv,
        name="contributions_csv",
    ),
    path(
        "<uuid:partnership_uuid>/contributions/export.xlsx",
        contributions_xlsx,
        name="contributions_xlsx",
    ),
    path("<uuid:partnership_uuid>/value-exchange/", value_exchange, name="value_exchange"),
]
