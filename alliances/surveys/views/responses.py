"""The team's pages about responses: paper entry, the list, one response, exports, results,
and the preview of the public form."""

import csv
import io
import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.audit import partnership_export_recorded
from alliances.core.permissions import Action
from alliances.surveys.access import SurveyAccess, access_survey_by_uuid
from alliances.surveys.forms.responses import (
    PaperDetailsForm,
    ResponseDeleteForm,
    ResponseFilterForm,
    raw_answers,
    with_extra_instance,
)
from alliances.surveys.models import Response, ResponseChannel, SurveyStatus
from alliances.surveys.selectors import responses as selectors
from alliances.surveys.services.responses import (
    SubmissionConflict,
    response_delete,
    response_submit,
)
from alliances.surveys.views.collect import (
    chosen_language,
    form_context,
    language_links,
    ui_language,
)

PAGE_SIZE = 50


def _context(survey_access: SurveyAccess, **extra) -> dict:
    return {
        "partnership": survey_access.partnership,
        "access": survey_access.access,
        "survey": survey_access.survey,
        "current": "surveys",
        **extra,
    }


def _list_url(survey_access: SurveyAccess) -> str:
    return reverse(
        "surveys:responses", args=[survey_access.partnership.uuid, survey_access.survey.uuid]
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    survey = survey_access.survey
    language = selectors.labels_language(survey, request.GET.get("lang") or get_language())
    if request.method == "POST":
        language = selectors.labels_language(survey, request.POST.get("lang", language))
    blocked = ""
    if survey.status == SurveyStatus.DRAFT:
        blocked = _("This survey is still a draft: open it before entering paper questionnaires.")
    elif survey_access.partnership.is_closed:
        blocked = _("This partnership is closed: no more responses can be entered.")
    if blocked:
        return render(
            request, "surveys/response_paper.html", _context(survey_access, blocked=blocked)
        )
    entered = _count(request.GET.get("entered"))
    details = PaperDetailsForm(
        request.POST if request.method == "POST" else None,
        initial={"collected_on": request.GET.get("collected_on") or timezone.localdate()},
    )
    raw, errors, status = None, None, 200
    if request.method == "POST":
        entered = _count(request.POST.get("entered"))
        raw = raw_answers(survey.definition, request.POST)
        if request.POST.get("add_repeat"):
            raw = with_extra_instance(survey.definition, raw, request.POST["add_repeat"])
        elif details.is_valid():
            try:
                outcome = response_submit(
                    survey=survey,
                    submission_id=request.POST.get("submission_id"),
                    answers=raw,
                    collected_on=details.cleaned_data["collected_on"],
                    language=language,
                    channel=ResponseChannel.PAPER,
                    entered_by=request.user,
                )
            except ValidationError as exc:
                errors = {name: " ".join(messages_) for name, messages_ in exc.message_dict.items()}
                status = 400
            except SubmissionConflict:
                messages.error(request, _("This questionnaire was already saved."))
                return redirect(_paper_url(survey_access, entered))
            else:
                if outcome.created:
                    entered += 1
                messages.success(
                    request,
                    _("Questionnaire saved. You can enter the next one."),
                )
                return redirect(_paper_url(survey_access, entered, details))
        else:
            status = 400
    context = _context(
        survey_access,
        **form_context(survey, language=language, values=raw, errors=errors, mode="paper"),
        details=details,
        entered=entered,
        submission_id=request.POST.get("submission_id") if raw is not None else uuid.uuid4(),
        languages=language_links(survey, language),
    )
    return render(request, "surveys/response_paper.html", context, status=status)


def _count(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


def _paper_url(survey_access: SurveyAccess, entered: int, details=None) -> str:
    url = reverse(
        "surveys:paper_entry", args=[survey_access.partnership.uuid, survey_access.survey.uuid]
    )
    query = {"entered": entered}
    if details is not None:
        # The next paper form is often from the same day: keep its date.
        query["collected_on"] = details.cleaned_data["collected_on"].isoformat()
    return f"{url}?{urlencode(query)}"


@login_required
@require_safe
def responses_list(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    form = ResponseFilterForm(request.GET or None)
    responses = selectors.responses_in_survey(survey=survey_access.survey, filters=form.filters())
    count = responses.count()
    page = list(responses.defer("answers")[:PAGE_SIZE])
    context = _context(
        survey_access,
        filter_form=form,
        responses=page,
        count=count,
        truncated=count > len(page),
        export_query=request.GET.urlencode(),
    )
    return render(request, "surveys/responses_list.html", context)


def _response(survey_access: SurveyAccess, response_uuid: UUID) -> Response:
    response = get_object_or_404(
        Response.objects.select_related("entered_by"),
        survey=survey_access.survey,
        uuid=response_uuid,
    )
    response.survey = survey_access.survey
    return response


@login_required
@require_safe
def response_detail(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID, response_uuid: UUID
) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    response = _response(survey_access, response_uuid)
    language = selectors.labels_language(survey_access.survey, get_language())
    context = _context(
        survey_access,
        response=response,
        lines=selectors.answer_lines(survey_access.survey.definition, response.answers, language),
        delete_form=ResponseDeleteForm(),
    )
    return render(request, "surveys/response_detail.html", context)


@login_required
@require_POST
def response_delete_view(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID, response_uuid: UUID
) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    response = _response(survey_access, response_uuid)
    form = ResponseDeleteForm(request.POST)
    if form.is_valid():
        try:
            response_delete(
                response=response, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            messages.success(request, _("The response has been deleted."))
            return redirect(_list_url(survey_access))
    language = selectors.labels_language(survey_access.survey, get_language())
    context = _context(
        survey_access,
        response=response,
        lines=selectors.answer_lines(survey_access.survey.definition, response.answers, language),
        delete_form=form,
    )
    return render(request, "surveys/response_detail.html", context, status=400)


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(survey, suffix: str, extension: str) -> str:
    slug = slugify(survey.title)[:60] or "survey"
    return f"{slug}-{suffix}-{timezone.localdate().isoformat()}.{extension}"


def _csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
    # The byte-order mark lets spreadsheet programs read accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@login_required
@require_safe
def responses_export(
    request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID
) -> HttpResponse:
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    survey = survey_access.survey
    form = ResponseFilterForm(request.GET or None)
    responses = selectors.responses_in_survey(survey=survey, filters=form.filters())
    columns, repeats = selectors.export_columns(survey.definition)
    header = selectors.META_HEADERS + [column.header for column in columns]
    partnership_export_recorded(
        access=survey_access.access,
        what="survey_responses",
        obj=survey,
        actor=request.user,
        data={"format": request.GET.get("format") or "csv"},
    )
    if request.GET.get("format") == "xlsx":
        return _download(
            _responses_xlsx(survey, responses, columns, repeats, header),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=_filename(survey, "responses", "xlsx"),
        )
    rows = [header]
    for _response, row in selectors.response_rows(
        survey=survey, responses=responses, columns=columns
    ):
        rows.append(row)
    return _download(
        _csv_bytes(rows),
        content_type="text/csv; charset=utf-8",
        filename=_filename(survey, "responses", "csv"),
    )


def _responses_xlsx(survey, responses, columns, repeats, header) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    main = workbook.create_sheet(_("Responses")[:31])
    main.append(header)
    repeat_sheets = []
    for repeat in repeats:
        sheet = workbook.create_sheet(repeat["name"][:31])
        child_columns, _nested = selectors.export_columns({"items": repeat.get("items", [])})
        sheet.append(["response", "instance", *(column.header for column in child_columns)])
        repeat_sheets.append((repeat, sheet))
    for response, row in selectors.response_rows(
        survey=survey, responses=responses, columns=columns
    ):
        main.append(row)
        for repeat, sheet in repeat_sheets:
            for repeat_row in selectors.repeat_rows(repeat, response):
                sheet.append(repeat_row)
    labels = workbook.create_sheet(_("Labels")[:31])
    language = selectors.labels_language(survey, get_language())
    for row in selectors.label_rows(survey.definition, language):
        labels.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
@require_safe
def results(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    survey_access = access_survey_by_uuid(request.user, partnership_uuid, survey_uuid)
    language = selectors.labels_language(survey_access.survey, get_language())
    context = _context(
        survey_access,
        results=selectors.survey_results(survey=survey_access.survey, language=language),
        can_manage=survey_access.can(Action.MANAGE_SURVEYS),
    )
    return render(request, "surveys/responses_results.html", context)


@login_required
@require_safe
def results_export(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    survey_access = access_survey_by_uuid(request.user, partnership_uuid, survey_uuid)
    language = selectors.labels_language(survey_access.survey, get_language())
    figures = selectors.survey_results(survey=survey_access.survey, language=language)
    return _download(
        _csv_bytes(selectors.results_rows(figures)),
        content_type="text/csv; charset=utf-8",
        filename=_filename(survey_access.survey, "results", "csv"),
    )


@login_required
@require_safe
def preview(request: HttpRequest, partnership_uuid: UUID, survey_uuid: UUID) -> HttpResponse:
    """The public form as respondents see it, for the team; nothing can be sent from it."""
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    survey = survey_access.survey
    language = chosen_language(survey, request.GET.get("lang"))
    with translation.override(ui_language(language)):
        context = {
            **form_context(survey, language=language, mode="preview"),
            "languages": language_links(survey, language),
            "form_url": request.path,
            "submission_id": uuid.uuid4(),
            "partnership": survey_access.partnership,
        }
        return render(request, "surveys/collect_form.html", context)


_SURVEY = "<uuid:survey_uuid>/"
urlpatterns = [
    path(f"{_SURVEY}paper/", paper_entry, name="paper_entry"),
    path(f"{_SURVEY}responses/", responses_list, name="responses"),
    path(f"{_SURVEY}responses/export/", responses_export, name="responses_export"),
    path(f"{_SURVEY}responses/<uuid:response_uuid>/", response_detail, name="response"),
    path(
        f"{_SURVEY}responses/<uuid:response_uuid>/delete/",
        response_delete_view,
        name="response_delete",
    ),
    path(f"{_SURVEY}results/", results, name="results"),
    path(f"{_SURVEY}results/export.csv", results_export, name="results_export"),
    path(f"{_SURVEY}preview/", preview, name="preview"),
]
