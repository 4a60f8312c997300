"""`GET /api/v1/me`: who is calling, with which scope, and for which organisations.
`DELETE /api/v1/me/token`: the token of the request revokes itself (a leaked token is
switched off by whoever holds it, without signing in)."""

from datetime import datetime
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from alliances.accounts.tokens import token_revoke
from alliances.core.models import Interface
from alliances.lib.api import ERRORS, ApiError
from alliances.organisations.models import Membership

router = Router(tags=["me"])


class MembershipOut(Schema):
    organisation_uuid: UUID
    organisation_name: str
    role: str


class TokenOut(Schema):
    name: str
    prefix: str
    scope: str
    expires_at: datetime | None


class MeOut(Schema):
    uuid: UUID
    email: str
    full_name: str
    scope: str
    # The token of this request; null when the site's own session calls.
    token: TokenOut | None
    memberships: list[MembershipOut]


@router.get("", response={200: MeOut, **ERRORS}, url_name="me", summary="Who am I")
def me(request):
    user = request.user
    token = getattr(request, "api_token", None)
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )
    return {
        "uuid": user.uuid,
        "email": user.email,
        "full_name": user.full_name,
        "scope": request.api_scope,
        "token": None
        if token is None
        else {
            "name": token.name,
            "prefix": token.prefix,
            "scope": token.scope,
            "expires_at": token.expires_at,
        },
        "memberships": [
            {
                "organisation_uuid": m.organisation.uuid,
                "organisation_name": m.organisation.name,
                "role": m.role,
            }
            for m in memberships
        ],
    }


@router.delete(
    "/token",
    response={204: None, **ERRORS},
    url_name="me_token_revoke",
    summary="Revoke this token",
)
def me_token_revoke(request):
    token = getattr(request, "api_token", None)
    if token is None:
        raise ApiError(
            400, "no_token", _("This request carries no token: revoke tokens on your account page.")
        )
    token_revoke(token=token, user=request.user, interface=Interface.API)
    return Status(204, None)
