from django.urls import path

from alliances.organisations.views import audit, members, profiles

app_name = "organisations"

urlpatterns = [
    # Profiles
    path("organisations/", profiles.organisation_list, name="list"),
    path("organisations/new/", profiles.organisation_create, name="create"),
    path("organisations/places/", profiles.place_suggestions, name="place_suggestions"),
    path("organisations/<uuid:organisation_uuid>/", profiles.organisation_detail, name="detail"),
    path("organisations/<uuid:organisation_uuid>/edit/", profiles.organisation_edit, name="edit"),
    path(
        "organisations/<uuid:organisation_uuid>/resources/",
        profiles.organisation_resources,
        name="resources",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/logo/",
        profiles.organisation_logo,
        name="logo",
    ),
    # Members, invitations, requests to join or claim
    path("organisations/<uuid:organisation_uuid>/members/", members.member_list, name="members"),
    path(
        "organisations/<uuid:organisation_uuid>/members/invite/",
        members.member_invite,
        name="invite",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/members/<uuid:membership_uuid>/role/",
        members.member_change_role,
        name="member_role",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/members/<uuid:membership_uuid>/remove/",
        members.member_remove,
        name="member_remove",
    ),
    path("organisations/<uuid:organisation_uuid>/leave/", members.member_leave, name="leave"),
    path(
        "organisations/<uuid:organisation_uuid>/invitations/<uuid:invitation_uuid>/revoke/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", members.invitation_accept, name="invitation_accept"),
    path("organisations/<uuid:organisation_uuid>/join/", members.join_request_create, name="join"),
    path(
        "organisations/<uuid:organisation_uuid>/requests/<uuid:request_uuid>/decide/",
        members.join_request_decide,
        name="join_request_decide",
    ),
    path("staff/claims/", members.claim_list, name="claims"),
    path("staff/claims/<uuid:request_uuid>/decide/", members.claim_decide, name="claim_decide"),
    *audit.urlpatterns,
]
