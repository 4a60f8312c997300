"""Platform staff see calls and proposals to help users; introductions stay out of the admin:
they are private messages between organisations."""

from django.contrib import admin

from alliances.matching.models import Call, Proposal


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "status", "deadline"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["organisation", "territory", "created_by"]
    search_fields = ["title", "organisation__name"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["call", "from_organisation", "to_organisation", "partnership"]
    raw_id_fields += ["created_by", "decided_by"]
