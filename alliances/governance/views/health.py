"""Health-check pages: the rounds and the trend, the answer sheet, the results of a round and
the follow-up of its concerns. Results of an open round are never shown, only its count."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.governance.access import get_in_partnership
from alliances.governance.anonymity import OVERALL
from alliances.governance.forms.health import FollowUpForm, HealthAnswerForm
from alliances.governance.models import Dimension, HealthCheckRound
from alliances.governance.selectors.health import (
    has_answered_round,
    health_page_for_user,
    round_page_in_partnership,
)
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.governance.services import health as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.services.activity import active_parties


def _context(access: PartnershipAccess, **extra) -> dict:
    return {
        "partnership": access.partnership,
        "access": access,
        "current": "governance",
        "section": "health",
        **extra,
    }


def _writable(access: PartnershipAccess, action: str) -> bool:
    return access.can(action) and not access.partnership.is_closed


@login_required
@require_safe
def health(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    page = health_page_for_user(
        access=access, user=request.user, selected=request.GET.get("group", OVERALL)
    )
    context = _context(
        access,
        page=page,
        schedule=governance_settings_for_partnership(partnership=access.partnership),
        can_answer=_writable(access, Action.ANSWER_HEALTH_CHECK),
        can_manage=_writable(access, Action.GOVERNANCE_SETTINGS),
        chart_data=page.trend.chart_data(),
        dimensions=Dimension.choices,
    )
    return render(request, "governance/health.html", context)


@login_required
@require_POST
def health_start(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    # An empty POST is a complete request: "start a round now" has nothing to fill in.
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.GOVERNANCE_SETTINGS
    )
    try:
        round = services.health_round_start(
            access=access, actor=request.user, today=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Health check %(number)s is open until %(closes)s. Every member of every party "
                "has been asked to answer."
            )
            % {"number": round.number, "closes": date_format(round.closes_on)},
        )
    return redirect(services.health_url(access.partnership))


def _round(access: PartnershipAccess, round_uuid: UUID) -> HealthCheckRound:
    return get_in_partnership(HealthCheckRound, access, round_uuid)


@login_required
@require_http_methods(["GET", "POST"])
def health_answer(request: HttpRequest, partnership_uuid: UUID, round_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.ANSWER_HEALTH_CHECK
    )
    round = _round(access, round_uuid)
    refused = 400 if request.method == "POST" else 200
    if has_answered_round(round=round, user=request.user):
        context = _context(access, round=round, again=request.method == "POST")
        return render(request, "governance/health_thanks.html", context, status=refused)
    closed = (
        not round.is_open or timezone.localdate() > round.closes_on or access.partnership.is_closed
    )
    form = HealthAnswerForm(
        None if closed else posted_data(request),
        parties=access.parties_for(Action.ANSWER_HEALTH_CHECK),
    )
    if closed:
        context = _context(access, round=round, form=None, closed=True)
        return render(request, "governance/health_answer.html", context, status=refused)
    if request.method == "POST" and form.is_valid():
        try:
            services.health_answer(
                access=access,
                actor=request.user,
                round=round,
                party=form.chosen_party(),
                ratings=form.ratings(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(services.answer_url(round))
    context = _context(access, round=round, form=form, closed=False)
    status = 400 if form.errors else 200
    return render(request, "governance/health_answer.html", context, status=status)


def _follow_up_forms(access: PartnershipAccess, page) -> dict:
    """One small form per amber or red result, its title filled in."""
    if not _writable(access, Action.RECORD_GOVERNANCE):
        return {}
    parties = active_parties(access.partnership)
    mine = access.party_for(Action.RECORD_GOVERNANCE)
    forms = {}
    for entry in page.attention:
        group = entry.group.name or _("all parties")
        title = _("Health check %(number)s: %(dimension)s (%(group)s)") % {
            "number": page.round.number,
            "dimension": Dimension(entry.item.dimension).label,
            "group": group,
        }
        forms[entry.anchor] = FollowUpForm(
            parties=parties,
            auto_id=f"id_{entry.anchor}_%s",
            initial={
                "dimension": entry.item.dimension,
                "group": "" if entry.group.key == OVERALL else entry.group.key,
                "title": title,
                "owner_party": str(mine.uuid),
            },
        )
    return forms


@login_required
@require_safe
def health_round(request: HttpRequest, partnership_uuid: UUID, round_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    round = _round(access, round_uuid)
    page = round_page_in_partnership(round=round)
    forms = _follow_up_forms(access, page)
    context = _context(
        access,
        page=page,
        round=round,
        attention=[(entry, forms.get(entry.anchor)) for entry in page.attention],
        can_manage=_writable(access, Action.GOVERNANCE_SETTINGS),
        can_answer=round.is_open
        and _writable(access, Action.ANSWER_HEALTH_CHECK)
        and not has_answered_round(round=round, user=request.user),
        dimensions=Dimension.choices,
    )
    return render(request, "governance/health_round.html", context)


@login_required
@require_POST
def health_round_close(
    request: HttpRequest, partnership_uuid: UUID, round_uuid: UUID
) -> HttpResponse:
    # An empty POST is a complete request: closing a round has nothing to fill in.
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.GOVERNANCE_SETTINGS
    )
    round = _round(access, round_uuid)
    try:
        services.health_round_close(access=access, actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Health check %(number)s is closed: here are its results.")
            % {"number": round.number},
        )
    return redirect(services.round_url(round))


@login_required
@require_POST
def health_follow_up(
    request: HttpRequest, partnership_uuid: UUID, round_uuid: UUID
) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_GOVERNANCE
    )
    round = _round(access, round_uuid)
    form = FollowUpForm(request.POST, parties=active_parties(access.partnership))
    if form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.concern_follow_up(
                access=access,
                actor=request.user,
                round=round,
                dimension=data["dimension"],
                party_uuid_or_none=data["group"] or None,
                kind=data["kind"],
                title=data["title"],
                owner_party=form.chosen_owner_party(),
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if data["kind"] == "action":
                done = _("The concern is now an action: “%(title)s”.")
            else:
                done = _("The concern is on the next steering meeting's agenda: “%(title)s”.")
            messages.success(request, done % {"title": data["title"]})
            group = str(concern.party.uuid) if concern.party else OVERALL
            return redirect(f"{services.round_url(round)}#concern-{concern.dimension}-{group}")
    context = _context(access, round=round, form=form)
    return render(request, "governance/health_follow_up.html", context, status=400)


urlpatterns = [
    path("health/", health, name="health"),
    path("health/start", health_start, name="health_start"),
    path("health/<uuid:round_uuid>/", health_round, name="health_round"),
    path("health/<uuid:round_uuid>/answer", health_answer, name="health_answer"),
    path("health/<uuid:round_uuid>/close", health_round_close, name="health_round_close"),
    path("health/<uuid:round_uuid>/follow-up", health_follow_up, name="health_follow_up"),
]
