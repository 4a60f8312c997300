"""The organisation's audit log, for its administrators: read it, filter it, download it."""

import csv
from uuid import UUID

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from alliances.core.audit import export_recorded, verb_sentence
from alliances.core.models import AuditEvent, Interface
from alliances.core.permissions import Action
from alliances.organisations.access import OrganisationAccess, access_organisation_by_uuid
from alliances.organisations.forms.audit import AuditFilterForm
from alliances.organisations.selectors.audit import (
    AuditFilters,
    audit_events_for_organisation,
    audit_people_for_organisation,
)

PAGE_SIZE = 50


def _filtered(request: HttpRequest, access: OrganisationAccess):
    people = audit_people_for_organisation(organisation=access.organisation)
    form = AuditFilterForm(request.GET or None, people=people)
    filters = AuditFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = AuditFilters(
            family=data["family"],
            person_uuid=data["person"],
            since=data["since"],
            until=data["until"],
            interface=data["interface"],
        )
    events = audit_events_for_organisation(organisation=access.organisation, filters=filters)
    return form, events


def _partnership_uuid(event: AuditEvent) -> str:
    if event.object_type == "partnerships.partnership" and event.object_uuid:
        return str(event.object_uuid)
    value = event.data.get("partnership") if isinstance(event.data, dict) else None
    return value if isinstance(value, str) else ""


def _links(user, events: list[AuditEvent], access: OrganisationAccess) -> dict[int, str]:
    """A link for each row whose partnership still exists and that the viewer may open."""
    wanted = set()
    for event in events:
        value = _partnership_uuid(event)
        try:
            wanted.add(UUID(value))
        except ValueError:
            continue
    visible = set()
    if wanted:
        # Organisations sit below partnerships in the import order: look the model up.
        partnerships = apps.get_model("partnerships", "Partnership").objects
        visible = {
            str(uuid)
            for uuid in partnerships.filter(
                uuid__in=wanted,
                parties__status="active",
                parties__organisation__memberships__user=user,
            ).values_list("uuid", flat=True)
        }
    links = {}
    for event in events:
        value = _partnership_uuid(event)
        if value in visible:
            links[event.pk] = reverse("partnerships:detail", args=[value])
        elif (
            event.object_type == "organisations.organisation"
            and event.object_uuid == access.organisation.uuid
        ):
            links[event.pk] = reverse("organisations:detail", args=[access.organisation.uuid])
    return links


@require_safe
@login_required
def audit_log(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.VIEW_AUDIT_LOG
    )
    form, events = _filtered(request, access)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    links = _links(request.user, rows, access)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/audit_log.html",
        {
            "organisation": access.organisation,
            "access": access,
            "form": form,
            "page": page,
            "rows": [
                {"event": event, "sentence": verb_sentence(event.verb), "url": links.get(event.pk)}
                for event in rows
            ],
            "query": query.urlencode(),
        },
    )


@require_safe
@login_required
def audit_log_export(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.VIEW_AUDIT_LOG
    )
    _form, events = _filtered(request, access)
    interfaces = dict(Interface.choices)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response["Cache-Control"] = "private"
    response.write("\ufeff")  # so that spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(["when", "who", "email", "what", "verb", "object", "interface"])
    for event in events.iterator():
        actor = event.actor
        writer.writerow(
            [
                timezone.localtime(event.created_at).isoformat(),
                (actor.full_name if actor else "") or "",
                actor.email if actor else "",
                verb_sentence(event.verb),
                event.verb,
                event.object_repr,
                str(interfaces.get(event.interface, event.interface)),
            ]
        )
    export_recorded(
        actor=request.user,
        obj=access.organisation,
        what="audit_log",
        organisation_uuids=[access.organisation.uuid],
        data={"filters": {key: value for key, value in request.GET.items() if value}},
    )
    return response


urlpatterns = [
    path("organisations/<uuid:organisation_uuid>/audit/", audit_log, name="audit_log"),
    path(
        "organisations/<uuid:organisation_uuid>/audit/export.csv",
        audit_log_export,
        name="audit_log_export",
    ),
]
