"""Decision log pages: the log and its export, a proposal, a decision with its votes, and the
forms that vote, close and withdraw."""

import csv
import io
from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.governance.forms.decisions import (
    CloseForm,
    DecisionFilterForm,
    DecisionForm,
    VoteForm,
    WithdrawForm,
)
from alliances.governance.models import Decision
from alliances.governance.rules import rule_in_force_for_partnership
from alliances.governance.selectors import decisions as selectors
from alliances.governance.selectors.settings import governance_settings_for_partnership
from alliances.governance.services import decisions as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.partnerships.exports import FORMULA_SIGNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(access: PartnershipAccess, **extra) -> dict:
    return {
        "partnership": access.partnership,
        "access": access,
        "current": "governance",
        "section": "decisions",
        **extra,
    }


def _log_url(access: PartnershipAccess) -> str:
    return reverse("governance:decisions", args=[access.partnership.uuid])


def _detail_url(access: PartnershipAccess, decision: Decision, anchor: str = "") -> str:
    url = reverse("governance:decision_detail", args=[access.partnership.uuid, decision.uuid])
    return f"{url}#{anchor}" if anchor else url


def _closed_partnership(request: HttpRequest, url: str) -> HttpResponse:
    messages.error(
        request, _("This partnership is closed: its decision log can be read but not changed.")
    )
    return redirect(url)


def _can_propose(access: PartnershipAccess) -> bool:
    return access.can(Action.RECORD_GOVERNANCE) and not access.partnership.is_closed


# The log


@login_required
@require_safe
def decisions(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    meetings = selectors.decision_meetings_in_partnership(partnership=partnership)
    form = DecisionFilterForm(request.GET or None, meetings=meetings)
    filters = form.filters()
    lines = selectors.decision_log_in_partnership(partnership=partnership, filters=filters)
    context = _context(
        access,
        filter_form=form,
        filters=filters,
        lines=lines,
        can_propose=_can_propose(access),
    )
    return render(request, "governance/decision_list.html", context)


def _export_filename(access: PartnershipAccess, extension: str) -> str:
    slug = slugify(access.partnership.title)[:60] or "partnership"
    today = timezone.localdate().isoformat()
    return f"{slug}-{slugify(_('decisions'))}-{today}.{extension}"


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_SIGNS):
        # A spreadsheet would run it as a formula.
        return f"'{value}"
    return value


def _csv(headers: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    # Semicolons and a byte-order mark: French Excel opens it as columns, accents intact.
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [
                value.isoformat() if isinstance(value, date) else _cell(value)
                for value in (("" if v is None else v) for v in row)
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(headers: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Decisions")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for position, header in enumerate(headers, start=1):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
@require_safe
def decisions_export(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    kind = request.GET.get("format") or "csv"
    if kind not in ("csv", "xlsx"):
        return HttpResponseBadRequest(_("Choose the CSV or the XLSX format."))
    headers = selectors.export_headers()
    rows = selectors.decision_export_rows_in_partnership(partnership=access.partnership)
    if kind == "xlsx":
        content, content_type = _xlsx(headers, rows), XLSX
    else:
        content, content_type = _csv(headers, rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    filename = _export_filename(access, kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# A proposal


def _form_page(request, access, form, *, decision=None, status=200) -> HttpResponse:
    partnership = access.partnership
    context = _context(
        access,
        form=form,
        decision=decision,
        corrected=form.corrected if decision is None else decision.supersedes,
    )
    if decision is None:
        context["rule"] = rule_in_force_for_partnership(partnership)
        context["quorum_percent"] = governance_settings_for_partnership(
            partnership=partnership
        ).quorum_percent
    return render(request, "governance/decision_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_GOVERNANCE
    )
    partnership = access.partnership
    if partnership.is_closed:
        return _closed_partnership(request, _log_url(access))
    meetings = selectors.meeting_choices_in_partnership(partnership=partnership)
    initial = {key: request.GET[key] for key in ("meeting", "supersedes") if request.GET.get(key)}
    form = DecisionForm(
        posted_data(request),
        initial=initial,
        meetings=meetings,
        correctable=selectors.correctable_decisions_in_partnership(partnership=partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_propose(
                access=access,
                actor=request.user,
                title=data["title"],
                context=data["context"],
                meeting=data["meeting"],
                supersedes=data.get("supersedes"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Decision %(reference)s is open to votes. The committee has been told.")
                % {"reference": decision.reference},
            )
            return redirect(_detail_url(access, decision))
    return _form_page(request, access, form, status=400 if form.errors else 200)


def _decision(access: PartnershipAccess, decision_uuid: UUID) -> Decision:
    return selectors.decision_in_partnership(
        partnership=access.partnership, decision_uuid=decision_uuid
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, partnership_uuid: UUID, decision_uuid: UUID):
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.RECORD_GOVERNANCE
    )
    decision = _decision(access, decision_uuid)
    if not services.may_change_proposal(access, request.user, decision):
        raise PermissionDenied
    if access.partnership.is_closed:
        return _closed_partnership(request, _detail_url(access, decision))
    if not decision.is_open or decision.votes.exists():
        messages.error(
            request,
            _(
                "Decision %(reference)s can no longer be edited: it is closed or votes have "
                "been cast, so that everyone decides on the same text."
            )
            % {"reference": decision.reference},
        )
        return redirect(_detail_url(access, decision))
    meetings = selectors.meeting_choices_in_partnership(
        partnership=access.partnership, keep=decision.meeting
    )
    initial = {
        "title": decision.title,
        "context": decision.context,
        "meeting": decision.meeting.uuid if decision.meeting else None,
    }
    form = DecisionForm(posted_data(request), initial=initial, meetings=meetings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_edit(
                access=access,
                actor=request.user,
                decision=decision,
                title=data["title"],
                context=data["context"],
                meeting=data["meeting"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The proposal has been saved."))
            return redirect(_detail_url(access, decision))
    return _form_page(request, access, form, decision=decision, status=400 if form.errors else 200)


# One decision


def _detail_page(request, access, decision, *, status=200, **forms) -> HttpResponse:
    user = request.user
    page = selectors.decision_page_in_partnership(access=access, user=user, decision=decision)
    writable = not access.partnership.is_closed
    open_ = decision.is_open and writable
    vote_forms = []
    bound = forms.get("vote_form")
    vote_error = bound
    for ballot in page.ballots:
        if bound is not None and bound.data.get("party") == str(ballot.party.uuid):
            vote_forms.append((ballot, bound))
            vote_error = None
            continue
        initial = {"party": str(ballot.party.uuid)}
        if ballot.vote is not None:
            initial.update(choice=ballot.vote.choice, comment=ballot.vote.comment)
        vote_forms.append((ballot, VoteForm(initial=initial, parties=[ballot.party])))
    may_change = services.may_change_proposal(access, user, decision)
    context = _context(
        access,
        decision=decision,
        page=page,
        vote_forms=vote_forms,
        vote_error=vote_error,
        close_form=(forms.get("close_form") or CloseForm())
        if open_ and services.may_close_decisions(access, user)
        else None,
        withdraw_form=(forms.get("withdraw_form") or WithdrawForm())
        if open_ and may_change
        else None,
        can_edit=open_
        and may_change
        and access.can(Action.RECORD_GOVERNANCE)
        and not any(vote.has_voted for vote in page.votes + page.left_votes),
        can_correct=writable
        and access.can(Action.RECORD_GOVERNANCE)
        and decision.status in selectors.CLOSED_BY_VOTE
        and page.line.superseded_by is None
        and page.line.correction_pending is None,
    )
    return render(request, "governance/decision_detail.html", context, status=status)


@login_required
@require_safe
def decision_detail(request: HttpRequest, partnership_uuid: UUID, decision_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _detail_page(request, access, _decision(access, decision_uuid))


def _refused(request, access, decision, exc: ValidationError, form, name: str):
    """A closed decision (or partnership) is said plainly on the decision's page; any other
    refusal comes back on the form, with what was typed."""
    if getattr(exc, "code", None) in {"decision_closed", "closed"}:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(access, decision))
    add_service_errors(form, exc)
    return _detail_page(request, access, decision, status=400, **{name: form})


@login_required
@require_POST
def decision_vote(request: HttpRequest, partnership_uuid: UUID, decision_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.VOTE)
    decision = _decision(access, decision_uuid)
    parties = selectors.voting_parties_for_user(access=access, user=request.user)
    if not parties:
        raise PermissionDenied
    if access.partnership.is_closed:
        return _closed_partnership(request, _detail_url(access, decision))
    form = VoteForm(request.POST, parties=parties)
    if not form.is_valid():
        return _detail_page(request, access, decision, status=400, vote_form=form)
    party = form.party_obj()
    try:
        vote = services.vote_cast(
            access=access,
            actor=request.user,
            decision=decision,
            party=party,
            choice=form.cleaned_data["choice"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as exc:
        return _refused(request, access, decision, exc, form, "vote_form")
    messages.success(
        request,
        _("Your vote for %(party)s is recorded: %(choice)s. You may change it until it closes.")
        % {"party": party, "choice": vote.get_choice_display()},
    )
    return redirect(_detail_url(access, decision, "votes"))


@login_required
@require_POST
def decision_close(request: HttpRequest, partnership_uuid: UUID, decision_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    decision = _decision(access, decision_uuid)
    if not services.may_close_decisions(access, request.user):
        raise PermissionDenied
    if access.partnership.is_closed:
        return _closed_partnership(request, _detail_url(access, decision))
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access, decision, status=400, close_form=form)
    try:
        closed = services.decision_close(
            access=access,
            actor=request.user,
            decision=decision,
            rationale=form.cleaned_data["rationale"],
        )
    except ValidationError as exc:
        return _refused(request, access, decision, exc, form, "close_form")
    messages.success(
        request,
        _("Decision %(reference)s is closed: %(status)s.")
        % {"reference": closed.reference, "status": closed.get_status_display()},
    )
    return redirect(_detail_url(access, decision))


@login_required
@require_POST
def decision_withdraw(request: HttpRequest, partnership_uuid: UUID, decision_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    decision = _decision(access, decision_uuid)
    if not services.may_change_proposal(access, request.user, decision):
        raise PermissionDenied
    if access.partnership.is_closed:
        return _closed_partnership(request, _detail_url(access, decision))
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access, decision, status=400, withdraw_form=form)
    try:
        services.decision_withdraw(
            access=access, actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        return _refused(request, access, decision, exc, form, "withdraw_form")
    messages.success(
        request,
        _("Decision %(reference)s has been withdrawn.") % {"reference": decision.reference},
    )
    return redirect(_detail_url(access, decision))


DECISION = "decisions/<uuid:decision_uuid>/"

urlpatterns = [
    path("decisions/", decisions, name="decisions"),
    path("decisions/export", decisions_export, name="decisions_export"),
    path("decisions/new", decision_create, name="decision_create"),
    path(DECISION, decision_detail, name="decision_detail"),
    path(f"{DECISION}edit", decision_edit, name="decision_edit"),
    path(f"{DECISION}vote", decision_vote, name="decision_vote"),
    path(f"{DECISION}close", decision_close, name="decision_close"),
    path(f"{DECISION}withdraw", decision_withdraw, name="decision_withdraw"),
]
