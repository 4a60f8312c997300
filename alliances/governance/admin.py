"""Platform staff see meetings, decisions and actions to help users; conflicts and health
checks stay out of the admin: they are confidential to the parties."""

from django.contrib import admin

from alliances.governance.models import ActionItem, Decision, Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "starts_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["partnership", "created_by"]
    search_fields = ["title", "partnership__title"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "partnership", "rule", "status", "closed_at"]
    list_filter = ["status", "rule"]
    raw_id_fields = ["partnership", "meeting", "supersedes", "created_by", "closed_by"]
    search_fields = ["title", "partnership__title"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "owner", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = [
        "partnership",
        "owner",
        "owner_party",
        "meeting",
        "decision",
        "concern",
        "created_by",
    ]
    search_fields = ["title", "partnership__title"]
