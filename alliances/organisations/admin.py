from django.contrib import admin

from alliances.organisations.models import (
    Cause,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationResource,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class ResourceInline(admin.TabularInline):
    model = OrganisationResource
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "siren", "rna", "is_public", "created_at"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name", "siren", "siret", "rna", "insee_code", "city"]
    readonly_fields = ["uuid", "created_at", "updated_at", "created_by"]
    filter_horizontal = ["causes"]
    inlines = [MembershipInline, ResourceInline]


@admin.register(Cause)
class CauseAdmin(admin.ModelAdmin):
    list_display = ["code", "short_fr", "title_fr"]
    search_fields = ["code", "title_fr", "title_en"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "organisation__name"]
    exclude = ["token"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["organisation", "user", "decided_by"]
