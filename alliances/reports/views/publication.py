"""The public impact page, inside the partnership: where it stands (who agreed, who has not),
the coordinator's proposal with its live preview, each party's agreement and its withdrawal,
and the preview of the page exactly as the public would see it."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.reports.forms.publication import ConsentForm, ProposalForm, WithdrawForm
from alliances.reports.models import PublicPage, PublicPageStatus
from alliances.reports.selectors.public import (
    PublicationState,
    done_reports_in_partnership,
    licence_of,
    public_content,
    publication_state_in_partnership,
)
from alliances.reports.services import publication as services
from alliances.reports.views.public import page_urls, render_body


def _publication_url(access: PartnershipAccess) -> str:
    return reverse("reports:publication", kwargs={"partnership_uuid": access.partnership.uuid})


def _proposal_form(access: PartnershipAccess, state: PublicationState, data=None):
    if not access.can(Action.PROPOSE_PUBLICATION):
        return None
    page = state.page
    initial = {}
    if page is not None:
        initial = {
            "summary": page.summary,
            "licence": page.licence,
            "report": page.report.uuid if page.report_id else None,
        }
    reports = done_reports_in_partnership(partnership=access.partnership)
    return ProposalForm(data, initial=initial, reports=reports)


def _party_forms(access: PartnershipAccess, state: PublicationState, **bound):
    """For each party the user may act for: its agreement form, or its withdrawal form."""
    page = state.page
    mine = {party.pk for party in access.parties_for(Action.CONSENT_PUBLICATION)}
    consent_parties, withdraw_parties = [], []
    if page is not None:
        for line in state.lines:
            if line.party.pk not in mine:
                continue
            if line.consent is None:
                consent_parties.append(line.party)
            if services.may_withdraw(page, line.party, line.consent is not None):
                withdraw_parties.append(line.party)
    # A refused form is shown again with its errors, even if nothing is left to do.
    consent_form, withdraw_form = bound.get("consent_form"), bound.get("withdraw_form")
    if consent_form is None and consent_parties:
        consent_form = ConsentForm(initial={"version": page.version}, parties=consent_parties)
    if withdraw_form is None and withdraw_parties:
        withdraw_form = WithdrawForm(parties=withdraw_parties)
    return consent_form, withdraw_form


def _page(request, access, *, status=200, **bound) -> HttpResponse:
    state = publication_state_in_partnership(partnership=access.partnership)
    consent_form, withdraw_form = _party_forms(access, state, **bound)
    page = state.page
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "reports",
        "state": state,
        "public_page": page,
        "licence": licence_of(page.licence) if page is not None else None,
        "proposal_form": bound.get("proposal_form") or _proposal_form(access, state),
        "consent_form": consent_form,
        "withdraw_form": withdraw_form,
        "is_published": page is not None and page.status == PublicPageStatus.PUBLISHED,
    }
    return render(request, "reports/publication.html", context, status=status)


@login_required
@require_safe
def publication(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _page(request, access)


@login_required
@require_POST
def publication_propose(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.PROPOSE_PUBLICATION
    )
    state = publication_state_in_partnership(partnership=access.partnership)
    form = _proposal_form(access, state, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            page = services.publication_propose(
                access=access,
                actor=request.user,
                summary=data["summary"],
                licence=data["licence"],
                report=data["report"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Version %(number)s of the public page is proposed. The administrators of "
                    "every party have been asked to agree; it goes online once all have."
                )
                % {"number": page.version},
            )
            return redirect(_publication_url(access))
    return _page(request, access, status=400, proposal_form=form)


@login_required
@require_POST
def publication_consent(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.CONSENT_PUBLICATION
    )
    form = ConsentForm(request.POST, parties=access.parties_for(Action.CONSENT_PUBLICATION))
    if form.is_valid():
        party = form.cleaned_data["party"]
        try:
            page = services.publication_consent(
                access=access,
                actor=request.user,
                party=party,
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if page.status == PublicPageStatus.PUBLISHED:
                text = _("Every party has agreed: the public page is online.")
            else:
                text = _(
                    "%(party)s agrees to publish the page. It goes online once every party "
                    "has agreed."
                ) % {"party": party}
            messages.success(request, text)
            return redirect(_publication_url(access))
    return _page(request, access, status=400, consent_form=form)


@login_required
@require_POST
def publication_withdraw(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.CONSENT_PUBLICATION
    )
    form = WithdrawForm(request.POST, parties=access.parties_for(Action.CONSENT_PUBLICATION))
    if form.is_valid():
        party = form.cleaned_data["party"]
        try:
            page = services.publication_withdraw(access=access, actor=request.user, party=party)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if page.status == PublicPageStatus.WITHDRAWN:
                text = _(
                    "The public page is offline. It goes back online once every party has "
                    "agreed again."
                )
            else:
                text = _("%(party)s no longer agrees to publish the page.") % {"party": party}
            messages.success(request, text)
            return redirect(_publication_url(access))
    return _page(request, access, status=400, withdraw_form=form)


def _draft(request, access, page: PublicPage) -> dict | None:
    """The proposal being typed (live preview), for those who may propose; else None."""
    if not request.GET.get("draft") or not access.can(Action.PROPOSE_PUBLICATION):
        return None
    reports = done_reports_in_partnership(partnership=access.partnership)
    form = ProposalForm(request.GET, reports=reports)
    form.is_valid()  # what is valid is shown; what is not is left out
    data = form.cleaned_data
    return {
        "summary": data.get("summary") or request.GET.get("summary", "").strip(),
        "licence": data.get("licence") or page.licence,
        "report": data.get("report"),
    }


@login_required
@require_safe
def publication_preview(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    state = publication_state_in_partnership(partnership=partnership)
    page = state.page or PublicPage(partnership=partnership, version=0)
    page.partnership = partnership
    draft = _draft(request, access, page)
    if draft is not None:
        content = public_content(page=page, use_draft=True, **draft)
    else:
        content = public_content(page=page)
    # Links of the preview lead nowhere public yet: they are shown, not followed.
    urls = dict.fromkeys(page_urls(page), "")
    body = render_body(content, urls, preview=True)
    if request.htmx:
        return HttpResponse(body)
    context = {
        "partnership": partnership,
        "access": access,
        "public_page": state.page,
        "body": body,
        "is_published": state.page is not None and state.page.status == PublicPageStatus.PUBLISHED,
    }
    return render(request, "reports/publication_preview.html", context)


urlpatterns = [
    path("publication/", publication, name="publication"),
    path("publication/propose/", publication_propose, name="publication_propose"),
    path("publication/consent/", publication_consent, name="publication_consent"),
    path("publication/withdraw/", publication_withdraw, name="publication_withdraw"),
    path("publication/preview/", publication_preview, name="publication_preview"),
]
