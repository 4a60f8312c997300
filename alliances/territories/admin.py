from django.contrib import admin

from alliances.territories.models import ImportRun, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "population"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    raw_id_fields = ["epci", "departement", "region"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source", "file_name", "status", "read", "inserted", "updated"]
    list_filter = ["source", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
