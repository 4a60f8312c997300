"""The steering committee page: who sits on it for each party, its representatives and chair.

Each party's administrators name their own people and their representative; the
coordinator's administrators appoint the chair. Everyone in the partnership reads it.
"""

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
from alliances.governance.access import get_in_partnership
from alliances.governance.forms.committee import CommitteeAddForm
from alliances.governance.models import CommitteeMember
from alliances.governance.selectors.committee import (
    committee_candidates_for_party,
    committee_in_partnership,
)
from alliances.governance.services import committee as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid

PAGE = "governance/committee.html"


def _committee_url(access: PartnershipAccess, anchor: str = "") -> str:
    url = reverse("governance:committee", args=[access.partnership.uuid])
    return f"{url}#{anchor}" if anchor else url


def _auto_id(party) -> str:
    # One form per party the person manages: their fields need distinct ids.
    return f"id_{party.uuid}_%s"


def _page(request: HttpRequest, access: PartnershipAccess, *, bound=None, status=200):
    """The page; `bound` is (party, form) when an addition was refused."""
    partnership = access.partnership
    committee = committee_in_partnership(partnership=partnership)
    managed = [] if partnership.is_closed else access.parties_for(Action.MANAGE_COMMITTEE)
    add_forms = {
        party.pk: CommitteeAddForm(
            candidates=committee_candidates_for_party(party=party), auto_id=_auto_id(party)
        )
        for party in managed
    }
    if bound is not None:
        add_forms[bound[0].pk] = bound[1]
    context = {
        "partnership": partnership,
        "access": access,
        "current": "governance",
        "section": "meetings",
        "committee": committee,
        "groups": [
            {"group": group, "add_form": add_forms.get(group.party.pk)}
            for group in committee.groups
        ],
        "managed_party_ids": {party.pk for party in managed},
        "can_appoint_chair": not partnership.is_closed and access.can(Action.APPOINT_CHAIR),
    }
    return render(request, PAGE, context, status=status)


@login_required
@require_safe
def committee(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _page(request, access)


@login_required
@require_POST
def committee_add(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.MANAGE_COMMITTEE
    )
    party = access.party_for(Action.MANAGE_COMMITTEE, request.POST.get("party") or None)
    form = CommitteeAddForm(
        request.POST,
        candidates=committee_candidates_for_party(party=party),
        auto_id=_auto_id(party),
    )
    if form.is_valid():
        try:
            member = services.committee_member_add(
                access=access, actor=request.user, party=party, user=form.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is now on the steering committee for %(party)s.")
                % {"person": member.user, "party": party},
            )
            return redirect(_committee_url(access, f"party-{party.uuid}"))
    return _page(request, access, bound=(party, form), status=400)


def _member(access: PartnershipAccess, member_uuid: UUID) -> CommitteeMember:
    return get_in_partnership(CommitteeMember, access, member_uuid)


def _member_change(request, access, member, change, success: str) -> HttpResponse:
    """Run a change that needs no input; its refusal is shown on the page."""
    try:
        change(access=access, actor=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success % {"person": member.user, "party": member.party})
    return redirect(_committee_url(access, f"party-{member.party.uuid}"))


@login_required
@require_POST
def committee_member_remove(
    request: HttpRequest, partnership_uuid: UUID, member_uuid: UUID
) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.MANAGE_COMMITTEE
    )
    member = _member(access, member_uuid)
    return _member_change(
        request,
        access,
        member,
        services.committee_member_remove,
        _("%(person)s is no longer on the steering committee."),
    )


@login_required
@require_POST
def committee_representative(
    request: HttpRequest, partnership_uuid: UUID, member_uuid: UUID
) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.MANAGE_COMMITTEE
    )
    member = _member(access, member_uuid)
    return _member_change(
        request,
        access,
        member,
        services.committee_representative_name,
        _("%(person)s now represents %(party)s on the steering committee."),
    )


@login_required
@require_POST
def committee_chair(
    request: HttpRequest, partnership_uuid: UUID, member_uuid: UUID
) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.APPOINT_CHAIR)
    member = _member(access, member_uuid)
    return _member_change(
        request,
        access,
        member,
        services.committee_chair_appoint,
        _("%(person)s now chairs the steering committee."),
    )


urlpatterns = [
    path("committee/", committee, name="committee"),
    path("committee/add/", committee_add, name="committee_add"),
    path(
        "committee/<uuid:member_uuid>/remove/",
        committee_member_remove,
        name="committee_member_remove",
    ),
    path(
        "committee/<uuid:member_uuid>/representative/",
        committee_representative,
        name="committee_representative",
    ),
    path("committee/<uuid:member_uuid>/chair/", committee_chair, name="committee_chair"),
]
