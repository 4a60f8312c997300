"""Values pages: the values of a period, entry and review of one indicator-period, bulk entry,
import from a spreadsheet, and the export."""

import uuid
from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.audit import partnership_export_recorded
from alliances.core.permissions import Action
from alliances.indicators import values_import
from alliances.indicators.forms.values import (
    ImportConfirmForm,
    ImportUploadForm,
    LockForm,
    ReviewForm,
    UnlockForm,
    ValueEntryForm,
)
from alliances.indicators.models import IndicatorSource
from alliances.indicators.selectors import values as selectors
from alliances.indicators.services import values as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITABLE = {
    selectors.PeriodStatus.NOT_STARTED,
    selectors.PeriodStatus.DRAFT,
    selectors.PeriodStatus.RETURNED,
}


def _context(access: PartnershipAccess, **extra) -> dict:
    return {"partnership": access.partnership, "access": access, "current": "values", **extra}


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _values_url(access: PartnershipAccess, day: date | None = None) -> str:
    url = reverse("indicators:values", args=[access.partnership.uuid])
    return f"{url}?{urlencode({'period': day.isoformat()})}" if day else url


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def values_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    page = selectors.values_page_in_partnership(
        partnership=access.partnership,
        access=access,
        period=_day(request.GET.get("period")),
        today=timezone.localdate(),
    )
    context = _context(access, page=page, can_review=access.can(Action.REVIEW_VALUES))
    return render(request, "indicators/values_list.html", context)


# One indicator-period


def _indicator_period(access: PartnershipAccess, indicator_uuid: UUID, period: str):
    indicator = selectors.indicator_in_partnership(
        partnership=access.partnership, indicator_uuid=indicator_uuid
    )
    start = _day(period)
    if start is None or not selectors.is_indicator_period(
        indicator, start, partnership=access.partnership, today=timezone.localdate()
    ):
        raise Http404
    return indicator, start


def _read_only_reason(access, state, can_enter: bool) -> str:
    if access.partnership.is_closed:
        return _("This partnership is closed: its values can be read but no longer changed.")
    if state.indicator.source == IndicatorSource.SURVEY:
        return _("This indicator is computed from a survey: its values are not typed.")
    if state.lock is not None:
        return _("This period is locked: its approved values can no longer change.")
    if not can_enter:
        return _("Only the party responsible for this indicator enters its values.")
    if state.status == selectors.PeriodStatus.SUBMITTED:
        return _("Submitted: these values await the coordinator's review.")
    if state.status == selectors.PeriodStatus.APPROVED:
        return _("Approved: ask the coordinator to return these values to change them.")
    return ""


def _entry_page(request, access, indicator, start, *, status=200, **forms) -> HttpResponse:
    partnership = access.partnership
    parties = selectors.active_parties_in_partnership(partnership=partnership)
    can_enter = selectors.may_enter(access, indicator, parties)
    can_review = access.can(Action.REVIEW_VALUES) and not partnership.is_closed
    state = selectors.value_entry_in_partnership(
        partnership=partnership, indicator=indicator, period_start=start
    )
    read_only = _read_only_reason(access, state, can_enter)
    form = forms.get("form") or ValueEntryForm(indicator=indicator, values=state.values)
    if state.status == selectors.PeriodStatus.SUBMITTED and can_review:
        forms.setdefault("review_form", ReviewForm())
    if state.status == selectors.PeriodStatus.APPROVED and can_review:
        forms.setdefault("review_form", ReviewForm(initial={"decision": "return"}))
        forms.setdefault("lock_form", LockForm())
    if state.lock is not None and selectors.may_unlock(access) and not partnership.is_closed:
        forms.setdefault("unlock_form", UnlockForm())
    context = _context(
        access,
        indicator=indicator,
        state=state,
        form=form,
        read_only=read_only,
        can_enter=can_enter,
        party=selectors.entering_party(indicator, parties),
        **{name: value for name, value in forms.items() if name != "form"},
    )
    return render(request, "indicators/value_entry.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def value_entry(
    request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID, period: str
) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    indicator, start = _indicator_period(access, indicator_uuid, period)
    parties = selectors.active_parties_in_partnership(partnership=access.partnership)
    can_enter = selectors.may_enter(access, indicator, parties)
    if not can_enter and (request.method == "POST" or not access.can(Action.REVIEW_VALUES)):
        raise PermissionDenied
    if request.method == "GET":
        return _entry_page(request, access, indicator, start)
    state = selectors.value_entry_in_partnership(
        partnership=access.partnership, indicator=indicator, period_start=start
    )
    form = ValueEntryForm(request.POST, request.FILES, indicator=indicator, values=state.values)
    if reason := _read_only_reason(access, state, can_enter):
        form.is_valid()
        form.add_error(None, reason)
    elif form.is_valid():
        submit = "submit" in request.POST
        try:
            outcome = services.values_save(
                indicator=indicator,
                period_start=start,
                actor=request.user,
                figures=form.figures(),
                submit=submit,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            for warning in outcome.warnings:
                messages.warning(request, warning)
            if submit:
                messages.success(request, _("Submitted: the coordinator has been told."))
                return redirect(_values_url(access, start))
            messages.success(request, _("Saved as a draft."))
            return redirect(request.path)
    if form.cleaned_data.get("evidence") if hasattr(form, "cleaned_data") else False:
        form.add_error("evidence", _("Choose the file again: files are not kept after an error."))
    return _entry_page(request, access, indicator, start, form=form, status=400)


@login_required
@require_POST
def value_review(
    request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID, period: str
) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REVIEW_VALUES)
    indicator, start = _indicator_period(access, indicator_uuid, period)
    form = ReviewForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.values_review(
                indicator=indicator,
                period_start=start,
                actor=request.user,
                approve=approve,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            if approve:
                messages.success(request, _("Approved."))
            else:
                messages.success(request, _("Returned: the person who entered them has been told."))
            return redirect(_values_url(access, start))
    return _entry_page(request, access, indicator, start, review_form=form, status=400)


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_POST
def period_lock(
    request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID, period: str
) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REVIEW_VALUES)
    indicator, start = _indicator_period(access, indicator_uuid, period)
    form = LockForm(request.POST)
    if form.is_valid():
        try:
            services.period_lock(indicator=indicator, period_start=start, actor=request.user)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("The period is locked."))
            return redirect(services.entry_url(indicator, start))
    return _entry_page(request, access, indicator, start, lock_form=form, status=400)


@login_required
@require_POST
def period_unlock(
    request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID, period: str
) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.REVIEW_VALUES)
    if not selectors.may_unlock(access):
        raise PermissionDenied
    indicator, start = _indicator_period(access, indicator_uuid, period)
    form = UnlockForm(request.POST)
    if form.is_valid():
        try:
            services.period_unlock(
                indicator=indicator,
                period_start=start,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("The period is unlocked."))
            return redirect(services.entry_url(indicator, start))
    return _entry_page(request, access, indicator, start, unlock_form=form, status=400)


# Bulk entry


def _bulk_rows(request, access, page):
    rows = []
    data = request.POST if request.method == "POST" else None
    for row in page.rows:
        if not (row.can_enter and row.in_schedule):
            continue
        editable = row.status in EDITABLE and not access.partnership.is_closed
        values = {value.disaggregation_key: value for value in row.values}
        form = ValueEntryForm(
            data if editable else None,
            prefix=f"i{row.indicator.uuid.hex}",
            indicator=row.indicator,
            values=values,
            with_extras=False,
        )
        rows.append((row, form, editable))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def values_bulk(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.RECORD_VALUES)
    page = selectors.values_page_in_partnership(
        partnership=access.partnership,
        access=access,
        period=_day(request.GET.get("period") or request.POST.get("period")),
        today=timezone.localdate(),
    )
    rows = _bulk_rows(request, access, page)
    status = 200
    if request.method == "POST":
        submit = "submit" in request.POST
        entries, valid = [], True
        for row, form, editable in rows:
            if not editable:
                continue
            if not form.is_valid():
                valid = False
            elif form.has_changed() or (submit and form.has_figures()):
                entries.append(
                    services.Entry(
                        indicator=row.indicator,
                        period_start=row.period_start,
                        figures=form.figures(),
                    )
                )
        if valid and not entries:
            messages.error(request, _("Nothing was typed: there is nothing to save."))
        elif valid:
            try:
                outcomes = services.values_save_many(
                    entries=entries, actor=request.user, submit=submit
                )
            except services.EntriesError as exc:
                forms = {(row.indicator.pk, row.period_start): form for row, form, _e in rows}
                for key, error in exc.by_entry.items():
                    forms[key].add_service_errors(error)
                messages.error(request, exc.messages[0])
            else:
                for outcome in outcomes:
                    for warning in outcome.warnings:
                        messages.warning(request, warning)
                messages.success(
                    request,
                    _("%(count)s indicators submitted.") % {"count": len(entries)}
                    if submit
                    else _("%(count)s indicators saved as drafts.") % {"count": len(entries)},
                )
                return redirect(_values_url(access, page.period))
        status = 400
    context = _context(access, page=page, rows=rows)
    return render(request, "indicators/values_bulk.html", context, status=status)


# Import and export


@login_required
@require_safe
def values_template(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.RECORD_VALUES)
    today = timezone.localdate()
    page = selectors.values_page_in_partnership(
        partnership=access.partnership,
        access=access,
        period=_day(request.GET.get("period")),
        today=today,
    )
    rows = values_import.template_rows(
        partnership=access.partnership, access=access, day=page.period or today, today=today
    )
    name = _("values template")
    if request.GET.get("format") == "csv":
        return _download(
            values_import.template_csv(rows),
            content_type="text/csv; charset=utf-8",
            filename=values_import.download_name(access.partnership, name, "csv"),
        )
    return _download(
        values_import.template_xlsx(rows),
        content_type=XLSX,
        filename=values_import.download_name(access.partnership, name, "xlsx"),
    )


def _upload_name(access: PartnershipAccess, user, token: UUID) -> str:
    # The path names the partnership and the person: nobody confirms someone else's upload.
    return f"imports/{access.partnership.uuid}/{user.pk}/{token}"


def _stored_upload(access, user, token: UUID) -> bytes | None:
    name = _upload_name(access, user, token)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as stored:
        return stored.read()


@login_required
@require_http_methods(["GET", "POST"])
def values_import_view(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.RECORD_VALUES)
    today = timezone.localdate()
    upload_form = ImportUploadForm()
    context = _context(access, upload_form=upload_form)
    if request.method == "GET":
        return render(request, "indicators/values_import.html", context)
    if access.partnership.is_closed:
        messages.error(request, _("This partnership is closed: its values can no longer change."))
        return render(request, "indicators/values_import.html", context, status=400)
    if "upload" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        content = confirm.is_valid() and _stored_upload(
            access, request.user, confirm.cleaned_data["upload"]
        )
        if not content:
            messages.error(request, _("This upload has expired: choose the file again."))
            return render(request, "indicators/values_import.html", context, status=400)
        token = confirm.cleaned_data["upload"]
    else:
        upload_form = ImportUploadForm(request.POST, request.FILES)
        context["upload_form"] = upload_form
        if not upload_form.is_valid():
            return render(request, "indicators/values_import.html", context, status=400)
        content = upload_form.cleaned_data["file"].read()
        token = uuid.uuid4()
        confirm = ImportConfirmForm(initial={"upload": token})
    try:
        preview = values_import.import_preview(
            partnership=access.partnership,
            access=access,
            content=content,
            filename=getattr(request.FILES.get("file"), "name", ""),
            today=today,
        )
    except values_import.ImportFileError as exc:
        upload_form.add_error("file" if upload_form.is_bound else None, str(exc))
        if not upload_form.is_bound:
            messages.error(request, str(exc))
        return render(request, "indicators/values_import.html", context, status=400)
    if "upload" not in request.POST:
        default_storage.save(_upload_name(access, request.user, token), ContentFile(content))
    elif not preview.errors and preview.entries:
        try:
            services.values_save_many(
                entries=preview.entries,
                actor=request.user,
                submit=confirm.cleaned_data["submit"],
                source=services.ValueSource.IMPORT,
            )
        except services.EntriesError as exc:
            messages.error(request, " ".join(" ".join(e.messages) for e in exc.by_entry.values()))
        else:
            default_storage.delete(_upload_name(access, request.user, token))
            messages.success(
                request,
                _("Imported: %(count)s indicator-periods updated.")
                % {"count": len(preview.entries)},
            )
            return redirect(_values_url(access))
    context.update(preview=preview, confirm_form=confirm)
    return render(
        request,
        "indicators/values_import.html",
        context,
        status=400 if preview.errors else 200,
    )


@login_required
@require_safe
def values_export(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    values = list(selectors.values_for_export_in_partnership(partnership=access.partnership))
    partnership_export_recorded(
        access=access, what="values", obj=access.partnership, actor=request.user
    )
    name = _("indicator values")
    if request.GET.get("format") == "xlsx":
        return _download(
            values_import.export_xlsx(values, title=access.partnership.title),
            content_type=XLSX,
            filename=values_import.download_name(access.partnership, name, "xlsx"),
        )
    return _download(
        values_import.export_csv(values),
        content_type="text/csv; charset=utf-8",
        filename=values_import.download_name(access.partnership, name, "csv"),
    )


ENTRY = "values/<uuid:indicator_uuid>/<str:period>/"

urlpatterns = [
    path("values/", values_list, name="values"),
    path("values/bulk/", values_bulk, name="values_bulk"),
    path("values/template/", values_template, name="values_template"),
    path("values/import/", values_import_view, name="values_import"),
    path("values/export/", values_export, name="values_export"),
    path(ENTRY, value_entry, name="value_entry"),
    path(f"{ENTRY}review/", value_review, name="value_review"),
    path(f"{ENTRY}lock/", period_lock, name="period_lock"),
    path(f"{ENTRY}unlock/", period_unlock, name="period_unlock"),
]
