from django.contrib import admin

from alliances.partnerships.models import (
    Activity,
    Assessment,
    Contribution,
    Notification,
    Partnership,
    Party,
    StageChange,
)


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ["organisation", "roles", "status", "invited_email", "invited_by", "responded_at"]
    readonly_fields = ["invited_by", "responded_at"]
    raw_id_fields = ["organisation"]
    # Party rows are never deleted: what a party contributed stays attributed to it.
    can_delete = False


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ["created_at", "from_stage", "to_stage", "actor", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "stage", "territory", "created_at"]
    list_filter = ["stage", "kind"]
    search_fields = ["title", "purpose"]
    readonly_fields = ["uuid", "created_at", "updated_at", "created_by", "agreement_in_force"]
    raw_id_fields = ["territory"]
    filter_horizontal = ["causes"]
    inlines = [PartyInline, StageChangeInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "invited_email", "partnership__title"]
    exclude = ["token"]
    raw_id_fields = ["partnership", "organisation", "invited_by", "responded_by"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["partnership", "party", "submitted_by"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["description", "partnership", "party", "kind", "planned_amount"]
    list_filter = ["kind"]
    search_fields = ["description", "partnership__title"]
    raw_id_fields = ["partnership", "party", "recipient", "recorded_by"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["created_at", "partnership", "verb"]
    list_filter = ["verb"]
    raw_id_fields = ["partnership", "actor", "party"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "verb", "read_at", "emailed_at"]
    list_filter = ["verb"]
    raw_id_fields = ["user", "partnership"]
