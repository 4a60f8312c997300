"""Agreement pages: the text, its versions, the edit form, approvals, comparison, exports."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.agreements import exports, selectors, services
from alliances.agreements.diff import agreement_compare
from alliances.agreements.forms import (
    AgreementForm,
    ApproveForm,
    clause_field_name,
    workstream_formset,
    workstreams_of,
)
from alliances.agreements.models import AgreementVersion, MeetingFrequency
from alliances.agreements.sections import SECTION_KEYS, agreement_assemble
from alliances.core.audit import partnership_export_recorded
from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid


def _detail_url(access: PartnershipAccess) -> str:
    return reverse("agreements:detail", kwargs={"partnership_uuid": access.partnership.uuid})


def _version_page(
    request: HttpRequest,
    access: PartnershipAccess,
    version: AgreementVersion | None,
    *,
    template: str,
    approve_form: ApproveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The text of one version with where each party stands; also the agreement's home."""
    partnership = access.partnership
    state = selectors.agreement_state_in_partnership(partnership)
    context = {
        "partnership": partnership,
        "access": access,
        "current": "agreement",
        "state": state,
        "version": version,
    }
    if version is not None:
        context["agreement"] = selectors.agreement_of_version(version)
        context["party_approvals"] = selectors.party_approvals_in_partnership(partnership, version)
        context["previous_number"] = version.number - 1 if version.number > 1 else None
        context["approve_forms"] = _approve_forms(access, state, version, approve_form)
        if approve_form is not None:
            # Shown above the text: the form they belong to may no longer be on the page.
            context["approve_errors"] = [
                *approve_form.non_field_errors(),
                *approve_form.errors.get("party", []),
            ]
        context["pdf_available"] = exports.pdf_available()
    return render(request, template, context, status=status)


def _approve_forms(access, state, version, bound: ApproveForm | None) -> list:
    """One approval form per party the user may still approve this version for."""
    if access.partnership.is_closed:
        return []
    if state.open_draft is None or state.open_draft.pk != version.pk:
        return []
    approved = set(version.approvals.values_list("party_id", flat=True))
    parties = [
        party for party in access.parties_for(Action.APPROVE_AGREEMENT) if party.pk not in approved
    ]
    forms = []
    for party in parties:
        form = ApproveForm(initial={"party": str(party.uuid)}, parties=parties)
        if bound is not None and bound.data.get("party") in (str(party.uuid), None, ""):
            form = bound
            bound = None
        forms.append((party, form))
    return forms


@login_required
@require_safe
def agreement_detail(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    state = selectors.agreement_state_in_partnership(access.partnership)
    return _version_page(
        request, access, state.current, template="agreements/agreement_detail.html"
    )


@login_required
@require_safe
def agreement_version(request: HttpRequest, partnership_uuid: UUID, number: int) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    version = selectors.version_in_partnership(access.partnership, number)
    return _version_page(request, access, version, template="agreements/agreement_version.html")


@login_required
@require_POST
def agreement_approve(request: HttpRequest, partnership_uuid: UUID, number: int) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.APPROVE_AGREEMENT
    )
    version = selectors.version_in_partnership(access.partnership, number)
    form = ApproveForm(request.POST, parties=access.parties_for(Action.APPROVE_AGREEMENT))
    if form.is_valid():
        try:
            version = services.agreement_approve(
                access=access, actor=request.user, version=version, party=form.chosen_party()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if version.is_frozen:
                text = _("Version %(number)s is approved by every party: it is now in force.")
            else:
                text = _("You approved version %(number)s on behalf of %(party)s.")
            messages.success(
                request, text % {"number": version.number, "party": form.chosen_party()}
            )
            return redirect(_detail_url(access))
    return _version_page(
        request,
        access,
        version,
        template="agreements/agreement_version.html",
        approve_form=form,
        status=400,
    )


def _edit_initial(partnership, latest: AgreementVersion | None) -> tuple[dict, list[dict]]:
    if latest is None:
        terms = {
            "decision_rule": partnership.decision_rule,
            "meeting_frequency": MeetingFrequency.QUARTERLY,
        }
        return terms, []
    initial = {
        "decision_rule": latest.decision_rule,
        "meeting_frequency": latest.meeting_frequency,
    }
    for key, text in (latest.content.get("clauses") or {}).items():
        initial[clause_field_name(key)] = text
    return initial, list(latest.content.get("workstreams") or [])


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.EDIT_PARTNERSHIP
    )
    partnership = access.partnership
    latest = selectors.latest_version_in_partnership(partnership)
    initial, workstreams = _edit_initial(partnership, latest)
    snapshot = selectors.agreement_snapshot_in_partnership(partnership)
    party_choices = [(party["uuid"], party["name"]) for party in snapshot["parties"]]
    data = posted_data(request)
    form = AgreementForm(data, initial=initial)
    formset = workstream_formset(data, initial=workstreams, party_choices=party_choices)
    status = 200
    if data is not None:
        if form.is_valid() and formset.is_valid():
            try:
                version = services.agreement_save(
                    access=access,
                    actor=request.user,
                    clauses=form.clauses(),
                    workstreams=workstreams_of(formset),
                    decision_rule=form.cleaned_data["decision_rule"],
                    meeting_frequency=form.cleaned_data["meeting_frequency"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(number)s is saved. Each party's administrator can now approve it.")
                    % {"number": version.number},
                )
                return redirect(
                    "agreements:version",
                    partnership_uuid=partnership.uuid,
                    number=version.number,
                )
        status = 400
    # The generated text beside each field: the data as they are now, under the terms shown.
    generated = agreement_assemble(
        content={"snapshot": snapshot, "workstreams": workstreams},
        decision_rule=form["decision_rule"].value() or initial["decision_rule"],
        meeting_frequency=form["meeting_frequency"].value() or initial["meeting_frequency"],
    )
    context = {
        "partnership": partnership,
        "access": access,
        "current": "agreement",
        "form": form,
        "formset": formset,
        "latest": latest,
        "rows": [
            (section, form.clause_field(key))
            for key, section in zip(SECTION_KEYS, generated.sections, strict=True)
        ],
    }
    return render(request, "agreements/agreement_edit.html", context, status=status)


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_safe
def agreement_compare_view(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    state = selectors.agreement_state_in_partnership(partnership)
    numbers = [version.number for version in state.versions]
    to_number = _number(request.GET.get("to")) or (numbers[0] if numbers else None)
    from_number = _number(request.GET.get("from"))
    if from_number is None and to_number is not None:
        from_number = to_number - 1
    context = {
        "partnership": partnership,
        "access": access,
        "current": "agreement",
        "state": state,
        "numbers": numbers,
        "from_number": from_number,
        "to_number": to_number,
    }
    status = 200
    if len(numbers) >= 2:
        if from_number not in numbers or to_number not in numbers or from_number == to_number:
            context["error"] = _("Choose two different versions of this agreement.")
            status = 400
        else:
            old = selectors.version_in_partnership(partnership, from_number)
            new = selectors.version_in_partnership(partnership, to_number)
            context.update(
                old=old,
                new=new,
                diffs=agreement_compare(
                    selectors.agreement_of_version(old, signed=False),
                    selectors.agreement_of_version(new, signed=False),
                ),
            )
    return render(request, "agreements/agreement_compare.html", context, status=status)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def agreement_pdf(request: HttpRequest, partnership_uuid: UUID, number: int) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    version = selectors.version_in_partnership(access.partnership, number)
    language = exports.export_language(request.GET.get("lang"))
    try:
        content = exports.agreement_pdf(version=version, language=language)
    except exports.PdfUnavailable:
        context = {
            "partnership": access.partnership,
            "access": access,
            "current": "agreement",
            "version": version,
            "language": language,
        }
        return render(request, "agreements/pdf_unavailable.html", context, status=503)
    filename = exports.export_filename(version, language, "pdf")
    partnership_export_recorded(
        access=access, what="agreement_pdf", obj=version, actor=request.user
    )
    return _attachment(content, "application/pdf", filename)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_safe
def agreement_docx(request: HttpRequest, partnership_uuid: UUID, number: int) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    version = selectors.version_in_partnership(access.partnership, number)
    language = exports.export_language(request.GET.get("lang"))
    content = exports.agreement_docx(version=version, language=language)
    partnership_export_recorded(
        access=access, what="agreement_docx", obj=version, actor=request.user
    )
    return _attachment(content, DOCX_TYPE, exports.export_filename(version, language, "docx"))
