"""The framework as a spreadsheet: template, export and import."""

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.http import posted_data
from alliances.indicators import framework_import
from alliances.indicators.forms.framework import ImportConfirmForm, ImportForm
from alliances.indicators.selectors import framework as selectors
from alliances.indicators.services import framework as services
from alliances.indicators.views.framework.common import (
    IMPORT_SESSION_KEY,
    XLSX,
    _closed,
    _context,
    _editing,
    _url,
)
from alliances.partnerships.access import access_partnership_by_uuid


def _download(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def framework_template(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    content = framework_import.template_workbook(partnership=access.partnership)
    return _download(content, filename=f"{slugify(_('framework template'))}.xlsx")


@login_required
@require_safe
def framework_export(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    objectives = selectors.framework_in_partnership(partnership=access.partnership)
    content = framework_import.export_workbook(objectives=objectives)
    name = slugify(f"{access.partnership.title} {_('framework')}")[:80] or "framework"
    return _download(content, filename=f"{name}.xlsx")


def _preview(request, access, form, sheet=None, token="", status=200) -> HttpResponse:
    plan = framework_import.plan_import(sheet, partnership=access.partnership) if sheet else None
    context = _context(
        access,
        form=form,
        plan=plan,
        sheet=sheet,
        token=token,
        columns=framework_import.COLUMNS,
        max_rows=framework_import.MAX_ROWS,
    )
    if plan is not None and not plan.ok:
        status = 400
    return render(request, "indicators/framework_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ImportForm(posted_data(request), request.FILES or None)
    if request.method != "POST":
        return _preview(request, access, form)
    if not form.is_valid():
        return _preview(request, access, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > framework_import.MAX_BYTES:
            raise framework_import.ImportFileError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": framework_import.MAX_BYTES // 1024 // 1024}
            )
        sheet = framework_import.read_sheet(upload.read(), filename=upload.name)
    except framework_import.ImportFileError as exc:
        form.add_error("file", str(exc))
        return _preview(request, access, form, status=400)
    # The rows wait in the session (stored in the database) until the person confirms.
    token = str(uuid.uuid4())
    request.session[IMPORT_SESSION_KEY % access.partnership.uuid] = {
        "token": token,
        "sheet": sheet.as_json(),
    }
    return _preview(request, access, ImportForm(), sheet=sheet, token=token)


@login_required
@require_POST
def import_confirm(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("The import to confirm is missing."), status=400)
    key = IMPORT_SESSION_KEY % access.partnership.uuid
    stored = request.session.get(key) or {}
    if stored.get("token") != str(form.cleaned_data["token"]):
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("indicators:framework_import", access.partnership.uuid)
    sheet = framework_import.Sheet.from_json(stored["sheet"])
    plan = framework_import.plan_import(sheet, partnership=access.partnership)
    try:
        counts = services.framework_import_save(
            partnership=access.partnership, actor=request.user, rows=plan.rows
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _preview(request, access, ImportForm(), sheet=sheet, token=stored["token"])
    del request.session[key]
    messages.success(
        request,
        _("Imported: %(objectives)s objectives, %(outcomes)s outcomes, %(indicators)s indicators.")
        % counts,
    )
    return redirect(_url(access))
