"""The conflict register: the list, raising a conflict, its page with the timeline, notes and
moves along the path. Every conflict page goes through `access_conflict_by_uuid`: a member of
a party the conflict does not name gets 404, as if it did not exist."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.governance.access import ConflictAccess, access_conflict_by_uuid
from alliances.governance.forms.conflicts import ConflictForm, ConflictNoteForm, ConflictStageForm
from alliances.governance.models import ConflictStage
from alliances.governance.selectors import conflicts as selectors
from alliances.governance.services import conflicts as services
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Party, PartyStatus


def _list_url(partnership) -> str:
    return reverse("governance:conflicts", args=[partnership.uuid])


@login_required
@require_safe
def conflict_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    rows, stale_days = selectors.conflicts_in_partnership_for_user(
        access=access, now=timezone.now()
    )
    context = {
        "partnership": access.partnership,
        "access": access,
        "current": "governance",
        "section": "conflicts",
        "open_rows": [row for row in rows if row.conflict.is_open],
        "closed_rows": [row for row in rows if not row.conflict.is_open],
        "stale_days": stale_days,
        "can_raise": access.can(Action.RAISE_CONFLICT) and not access.partnership.is_closed,
    }
    return render(request, "governance/conflict_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conflict_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.RAISE_CONFLICT)
    partnership = access.partnership
    if partnership.is_closed:
        messages.error(
            request, _("This partnership is closed: no conflict can be raised any more.")
        )
        return redirect(_list_url(partnership))
    raising = access.parties_for(Action.RAISE_CONFLICT)
    form = ConflictForm(
        posted_data(request),
        raising_parties=raising,
        active_parties=Party.objects.filter(
            partnership=partnership, status=PartyStatus.ACTIVE
        ).select_related("organisation"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            conflict = services.conflict_raise(
                access=access,
                actor=request.user,
                party=form.cleaned_data["raising_party"],
                topic=form.cleaned_data["topic"],
                description=form.cleaned_data["description"],
                parties=form.cleaned_data["parties"],
                coordinator_informed=form.cleaned_data.get("coordinator_informed", False),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The conflict has been raised. The parties concerned have been told."),
            )
            return redirect(services.conflict_url(conflict))
    context = {
        "partnership": partnership,
        "access": access,
        "current": "governance",
        "section": "conflicts",
        "form": form,
    }
    return render(
        request, "governance/conflict_form.html", context, status=400 if form.errors else 200
    )


def _steps(conflict) -> list[dict]:
    """The path drawn as steps: what is done, where the conflict is, what may come."""
    order = [ConflictStage.DIALOGUE, ConflictStage.MEDIATION]
    position = order.index(conflict.stage) if conflict.stage in order else len(order)
    steps = [
        {
            "label": stage.label,
            "current": stage == conflict.stage,
            "done": index < position,
        }
        for index, stage in enumerate(order)
    ]
    if conflict.stage in (ConflictStage.RESOLVED, ConflictStage.EXIT):
        steps.append({"label": conflict.get_stage_display(), "current": True, "done": False})
    else:
        steps.append(
            {
                "label": _("%(resolved)s or %(exit)s")
                % {"resolved": ConflictStage.RESOLVED.label, "exit": ConflictStage.EXIT.label},
                "current": False,
                "done": False,
            }
        )
    return steps


def _detail(
    request: HttpRequest,
    conflict_access: ConflictAccess,
    *,
    note_form: ConflictNoteForm | None = None,
    stage_form: ConflictStageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    conflict = conflict_access.conflict
    partnership = conflict_access.partnership
    writable = conflict.is_open and not partnership.is_closed
    can_note = writable and bool(selectors.note_parties_for_user(conflict_access))
    can_move = writable and bool(selectors.stage_parties_for_user(conflict_access))
    if note_form is None and can_note:
        note_form = ConflictNoteForm()
    if stage_form is None and can_move:
        stage_form = ConflictStageForm(
            mediator_people=selectors.mediator_choices_in_conflict(conflict)
        )
    context = {
        "partnership": partnership,
        "access": conflict_access.access,
        "current": "governance",
        "section": "conflicts",
        "conflict": conflict,
        "parties": selectors.conflict_parties(conflict),
        "informed_only": not conflict_access.involved_parties,
        "steps": _steps(conflict),
        "timeline": selectors.conflict_timeline(conflict),
        "note_form": note_form,
        "stage_form": stage_form,
        "stage_options": [
            {"value": stage.value, "label": stage.label}
            for stage in selectors.ALLOWED_MOVES.get(conflict.stage, ())
        ],
        "can_move": can_move,
    }
    return render(request, "governance/conflict_detail.html", context, status=status)


@login_required
@require_safe
def conflict_detail(
    request: HttpRequest, partnership_uuid: UUID, conflict_uuid: UUID
) -> HttpResponse:
    conflict_access = access_conflict_by_uuid(request.user, partnership_uuid, conflict_uuid)
    return _detail(request, conflict_access)


@login_required
@require_POST
def conflict_note(
    request: HttpRequest, partnership_uuid: UUID, conflict_uuid: UUID
) -> HttpResponse:
    conflict_access = access_conflict_by_uuid(request.user, partnership_uuid, conflict_uuid)
    if not selectors.note_parties_for_user(conflict_access):
        raise PermissionDenied
    form = ConflictNoteForm(request.POST)
    if form.is_valid():
        try:
            services.conflict_note_add(
                conflict_access=conflict_access, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your note has been added to the timeline."))
            return redirect(services.conflict_url(conflict_access.conflict) + "#timeline")
    return _detail(request, conflict_access, note_form=form, status=400)


@login_required
@require_POST
def conflict_stage(
    request: HttpRequest, partnership_uuid: UUID, conflict_uuid: UUID
) -> HttpResponse:
    # Only the parties concerned move the stages; an informed coordinator reads and adds notes.
    conflict_access = access_conflict_by_uuid(
        request.user, partnership_uuid, conflict_uuid, need=Action.RAISE_CONFLICT
    )
    conflict = conflict_access.conflict
    form = ConflictStageForm(
        request.POST, mediator_people=selectors.mediator_choices_in_conflict(conflict)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            note = services.conflict_stage_move(
                conflict_access=conflict_access,
                actor=request.user,
                to_stage=data["to_stage"],
                reason=data["reason"],
                outcome=data["outcome"],
                mediator_kind=data["mediator_kind"],
                mediator_name=data["mediator_name"],
                mediator_user=data["mediator_user"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The conflict is now at the “%(stage)s” stage.")
                % {"stage": ConflictStage(note.to_stage).label},
            )
            return redirect(services.conflict_url(conflict))
    return _detail(request, conflict_access, stage_form=form, status=400)


urlpatterns = [
    path("conflicts/", conflict_list, name="conflicts"),
    path("conflicts/new/", conflict_create, name="conflict_create"),
    path("conflicts/<uuid:conflict_uuid>/", conflict_detail, name="conflict_detail"),
    path("conflicts/<uuid:conflict_uuid>/note/", conflict_note, name="conflict_note"),
    path("conflicts/<uuid:conflict_uuid>/stage/", conflict_stage, name="conflict_stage"),
]
