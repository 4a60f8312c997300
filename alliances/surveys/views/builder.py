"""Survey builder pages: the partnership's surveys, a survey's settings, questions, status,
public link and QR code, and the XLSForm import."""

import io
from pathlib import Path
from uuid import UUID

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid
from alliances.surveys.access import SurveyAccess, access_survey_by_uuid
from alliances.surveys.forms.builder import (
    BUILDER_TYPES,
    PERSONAL_KINDS,
    QuestionForm,
    SurveyForm,
    XLSFormUploadForm,
    builder_kind,
)
from alliances.surveys.selectors import surveys as selectors
from alliances.surveys.services import surveys as services
from alliances.surveys.services.surveys import ConfirmationNeeded

IMPORT_NOTES = "survey-import-notes-{}"


def _context(access: PartnershipAccess, **extra) -> dict:
    can_manage = access.can(Action.MANAGE_SURVEYS) and not access.partnership.is_closed
    return {
        "partnership": access.partnership,
        "access": access,
        "current": "surveys",
        "can_manage": can_manage,
        **extra,
    }


def _detail_url(survey, anchor: str = "") -> str:
    url = reverse("surveys:detail", args=[survey.partnership.uuid, survey.uuid])
    return f"{url}#{anchor}" if anchor else url


def _closed(request: HttpRequest, url: str) -> HttpResponse:
    messages.error(request, _("This partnership is closed: its surveys can no longer change."))
    return redirect(url)


def _manage(request, partnership_uuid, survey_uuid) -> SurveyAccess:
    return access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )


def public_link(request: HttpRequest, survey) -> str:
    try:
        return request.build_absolute_uri(reverse("collect:form", args=[survey.public_token]))
    except NoReverseMatch:
        return ""


# Surveys


@login_required
@require_safe
def survey_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    surveys = list(selectors.surveys_in_partnership(partnership=access.partnership))
    for survey in surveys:
        survey.link = public_link(request, survey)
    return render(request, "surveys/survey_list.html", _context(access, surveys=surveys))


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.MANAGE_SURVEYS)
    if access.partnership.is_closed:
        return _closed(request, reverse("surveys:list", args=[partnership_uuid]))
    form = SurveyForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                partnership=access.partnership,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                consent_text=form.cleaned_data["consent_text"],
                languages=form.chosen_languages,
                retention_days=form.cleaned_data["retention_days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey has been created: now add its questions."))
            return redirect(_detail_url(survey))
    return render(
        request,
        "surveys/survey_form.html",
        _context(access, form=form, survey=None),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    found = _manage(request, partnership_uuid, survey_uuid)
    survey = found.survey
    if found.partnership.is_closed:
        return _closed(request, _detail_url(survey))
    form = SurveyForm(posted_data(request), survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(
                survey=survey,
                actor=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                consent_text=form.cleaned_data["consent_text"],
                languages=form.chosen_languages,
                retention_days=form.cleaned_data["retention_days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey's settings have been saved."))
            return redirect(_detail_url(survey))
    return render(
        request,
        "surveys/survey_form.html",
        _context(found.access, form=form, survey=survey),
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def survey_delete(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    survey = _manage(request, partnership_uuid, survey_uuid).survey
    try:
        services.survey_delete(survey=survey, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(survey))
    messages.success(request, _("The survey “%(title)s” has been deleted.") % {"title": survey})
    return redirect("surveys:list", partnership_uuid)


def _status_change(request, partnership_uuid, survey_uuid, *, service, done: str):
    survey = _manage(request, partnership_uuid, survey_uuid).survey
    try:
        service(survey=survey, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_detail_url(survey, "status"))


@login_required
@require_POST
def survey_open(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    return _status_change(
        request,
        partnership_uuid,
        survey_uuid,
        service=services.survey_open,
        done=_("The survey is open: share its link to collect answers."),
    )


@login_required
@require_POST
def survey_close(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    return _status_change(
        request,
        partnership_uuid,
        survey_uuid,
        service=services.survey_close,
        done=_("The survey is closed: its link no longer accepts answers."),
    )


@login_required
@require_safe
def survey_detail(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    found = access_survey_by_uuid(request.user, partnership_uuid, survey_uuid)
    survey = found.survey
    context = _context(found.access, survey=survey)
    language = get_language() or ""
    context.update(
        outline=selectors.survey_outline(survey=survey, language=language[:2]),
        response_count=selectors.survey_response_count(survey=survey),
        link=public_link(request, survey),
        personal_data=selectors.collects_personal_data(survey.definition or {}),
        import_notes=request.session.pop(IMPORT_NOTES.format(survey.uuid), None),
        builder_types=BUILDER_TYPES.items(),
        personal_kinds=PERSONAL_KINDS,
    )
    if context["can_manage"] and survey.status != "open":
        context["opening_problems"] = services.opening_problems(survey)
    return render(request, "surveys/survey_detail.html", context)


@login_required
@require_safe
def survey_qr(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    survey = access_survey_by_uuid(request.user, partnership_uuid, survey_uuid).survey
    link = public_link(request, survey)
    if not link:
        raise Http404
    code = segno.make(link, error="m")
    out = io.BytesIO()
    if request.GET.get("format") == "png":
        # Large enough to print on a poster and still scan from a distance.
        code.save(out, kind="png", scale=12, border=4)
        response = HttpResponse(out.getvalue(), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="survey-{survey.uuid}.png"'
    else:
        code.save(out, kind="svg", scale=6, border=4, title=survey.title, xmldecl=False)
        response = HttpResponse(out.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    return response


# Questions


def _question_page(request, found: SurveyAccess, form, *, item=None, status=200, **extra):
    context = _context(
        found.access,
        survey=found.survey,
        form=form,
        item=item,
        kind=form.kind,
        kind_label=BUILDER_TYPES.get(form.kind, (form.type,))[0],
        personal=form.kind in PERSONAL_KINDS,
        **extra,
    )
    return render(request, "surveys/question_form.html", context, status=status)


def _save_question(request, found: SurveyAccess, form, *, item=None) -> HttpResponse | None:
    """Save a valid form; None when the page must be shown again."""
    try:
        saved = services.question_save(
            survey=found.survey,
            actor=request.user,
            question=form.question,
            original_name=item["name"] if item else "",
            section=form.target_section,
            confirm=bool(form.cleaned_data.get("confirm")),
        )
    except ConfirmationNeeded as exc:
        form.confirmation = exc
        return None
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _("The question has been saved."))
    return redirect(_detail_url(found.survey, f"q-{saved['name']}"))


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    found = _manage(request, partnership_uuid, survey_uuid)
    if found.partnership.is_closed:
        return _closed(request, _detail_url(found.survey))
    kind = request.GET.get("type", "")
    section = request.GET.get("section", "")
    if kind not in BUILDER_TYPES:
        context = _context(
            found.access, survey=found.survey, builder_types=BUILDER_TYPES.items(), section=section
        )
        return render(request, "surveys/question_types.html", context)
    form = QuestionForm(posted_data(request), survey=found.survey, kind=kind, section=section)
    if request.method == "POST" and form.is_valid():
        done = _save_question(request, found, form)
        if done:
            return done
    return _question_page(request, found, form, section=section, status=400 if form.errors else 200)


def _item(survey, name: str) -> dict:
    located = services.locate((survey.definition or {}).get("items", []), name)
    if not located:
        raise Http404
    return located[0][located[1]]


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID, name: str
) -> HttpResponse:
    found = _manage(request, partnership_uuid, survey_uuid)
    item = _item(found.survey, name)
    if found.partnership.is_closed:
        return _closed(request, _detail_url(found.survey))
    kind = builder_kind(item)
    if item.get("type") in ("group", "repeat") and kind != "section":
        messages.error(request, _("Imported groups and repeats cannot be edited here."))
        return redirect(_detail_url(found.survey, f"q-{name}"))
    form = QuestionForm(posted_data(request), survey=found.survey, kind=kind, item=item)
    if request.method == "POST" and form.is_valid():
        done = _save_question(request, found, form, item=item)
        if done:
            return done
    status = 400 if form.errors else 200
    return _question_page(request, found, form, item=item, status=status)


@login_required
@require_POST
def question_delete(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID, name: str
) -> HttpResponse:
    found = _manage(request, partnership_uuid, survey_uuid)
    item = _item(found.survey, name)
    if found.partnership.is_closed:
        return _closed(request, _detail_url(found.survey))
    try:
        services.question_delete(
            survey=found.survey,
            actor=request.user,
            name=name,
            confirm=request.POST.get("confirm") == "yes",
        )
    except ConfirmationNeeded as exc:
        context = _context(found.access, survey=found.survey, item=item, confirmation=exc)
        return render(request, "surveys/question_delete.html", context)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_detail_url(found.survey, f"q-{name}"))
    messages.success(request, _("The question has been deleted."))
    return redirect(_detail_url(found.survey, "questions"))


@login_required
@require_POST
def question_move(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID, name: str
) -> HttpResponse:
    found = _manage(request, partnership_uuid, survey_uuid)
    _item(found.survey, name)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Choose to move the question up or down."))
    if found.partnership.is_closed:
        return _closed(request, _detail_url(found.survey))
    try:
        services.question_move(
            survey=found.survey, actor=request.user, name=name, direction=direction
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_detail_url(found.survey, f"q-{name}"))


# XLSForm import


def _problem_rows(problems) -> list[dict]:
    return [
        {
            "sheet": str(getattr(problem, "sheet", "") or ""),
            "row": getattr(problem, "row", None),
            "feature": str(getattr(problem, "feature", "") or ""),
            "message": str(getattr(problem, "message", problem)),
        }
        for problem in problems
    ]


def _run_import(request, access, *, file, filename, leave_out: bool, kept: str):
    """Create the survey from the file, or return the problems that stop it."""
    from alliances.surveys.xlsform import XLSFormError

    try:
        survey, result = services.survey_import_xlsform(
            partnership=access.partnership,
            actor=request.user,
            file=file,
            filename=filename,
            leave_out_unsupported=leave_out,
        )
    except XLSFormError as exc:
        return None, _problem_rows(getattr(exc, "problems", []) or [exc])
    services.import_file_discard(kept)
    notes = _problem_rows(result.left_out) + _problem_rows(getattr(result, "notes", []))
    request.session[IMPORT_NOTES.format(survey.uuid)] = notes
    return survey, []


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.MANAGE_SURVEYS)
    if access.partnership.is_closed:
        return _closed(request, reverse("surveys:list", args=[partnership_uuid]))
    form = XLSFormUploadForm(posted_data(request), request.FILES or None)
    problems, kept, filename, survey, error = [], "", "", None, ""
    if request.method == "POST" and request.POST.get("kept"):
        # Second attempt, leaving out what cannot be collected: the file is already here.
        kept = request.POST["kept"]
        form = XLSFormUploadForm()
        try:
            path, filename = services.import_file_open(kept)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            with path.open("rb") as file:
                survey, problems = _run_import(
                    request, access, file=file, filename=filename, leave_out=True, kept=kept
                )
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = Path(upload.name).name
        kept = services.import_file_keep(upload, filename=filename)
        upload.seek(0)
        survey, problems = _run_import(
            request, access, file=upload, filename=filename, leave_out=False, kept=kept
        )
    if survey is not None:
        messages.success(
            request,
            _("The survey has been imported as a draft: check its questions, then open it."),
        )
        return redirect(_detail_url(survey))
    context = _context(
        access,
        form=form,
        problems=problems,
        kept=kept,
        filename=filename,
        retried=bool(request.POST.get("kept")),
        error=error,
    )
    status = 400 if form.errors or problems or error else 200
    return render(request, "surveys/survey_import.html", context, status=status)


SURVEY = "<uuid:survey_uuid>/"
QUESTION = SURVEY + "questions/<str:name>/"

urlpatterns = [
    path("", survey_list, name="list"),
    path("new/", survey_create, name="create"),
    path("import/", survey_import, name="import"),
    path(SURVEY, survey_detail, name="detail"),
    path(SURVEY + "settings/", survey_edit, name="edit"),
    path(SURVEY + "delete/", survey_delete, name="delete"),
    path(SURVEY + "open/", survey_open, name="open"),
    path(SURVEY + "close/", survey_close, name="close"),
    path(SURVEY + "qr/", survey_qr, name="qr"),
    path(SURVEY + "questions/new/", question_add, name="question_add"),
    path(QUESTION, question_edit, name="question_edit"),
    path(QUESTION + "delete/", question_delete, name="question_delete"),
    path(QUESTION + "move/", question_move, name="question_move"),
]
