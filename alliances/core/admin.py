from django.contrib import admin

from alliances.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit entries are never edited or deleted by hand."""

    list_display = ["created_at", "actor", "verb", "object_repr", "interface"]
    list_filter = ["interface", "verb"]
    search_fields = ["verb", "object_repr", "actor__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
