"""The public collection pages, reached by a survey's link: /s/<public_token>/.

No login, no cookie, no CSRF token: the answers are anonymous and bound to no session, so a
forged post could do nothing a visitor cannot do, and a page kept for hours on a phone (or
reopened offline) must still be able to send. Duplicates are handled by the submission
identifier instead, and floods by a rate limit per client.
"""

import json
import uuid
from datetime import date

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.surveys.forms.responses import (
    asks_personal_data,
    browser_schema,
    build_nodes,
    raw_answers,
    with_extra_instance,
)
from alliances.surveys.models import ResponseChannel, Survey, SurveyStatus
from alliances.surveys.ratelimit import rate_limit_exceeded
from alliances.surveys.selectors.responses import survey_by_public_token
from alliances.surveys.services.responses import (
    SubmissionConflict,
    response_submit,
    survey_accepts_answers,
    survey_languages,
)

MAX_BODY_BYTES = 256 * 1024
PUBLIC_CHANNELS = {ResponseChannel.WEB, ResponseChannel.OFFLINE}


def ui_language(survey_language: str) -> str:
    """The interface language matching a survey language ("en", "English (en)"), if we have it."""
    available = {code for code, _name in settings.LANGUAGES}
    code = survey_language
    if "(" in survey_language and survey_language.endswith(")"):
        code = survey_language.rsplit("(", 1)[1][:-1]
    code = code.strip().lower()[:2]
    return code if code in available else translation.get_language()


def chosen_language(survey: Survey, requested: str | None) -> str:
    languages = survey_languages(survey)
    return requested if requested in languages else languages[0]


def language_links(survey: Survey, current: str) -> list[dict]:
    languages = survey_languages(survey)
    if len(languages) < 2:
        return []
    return [
        {"code": code, "label": code, "current": code == current, "lang": ui_language(code)}
        for code in languages
    ]


def form_context(
    survey: Survey, *, language: str, values=None, errors=None, mode: str = "public"
) -> dict:
    """What collect_questions.html and collect.js need, for every page that shows the form."""
    return {
        "survey": survey,
        "language": language,
        "nodes": build_nodes(survey.definition, language=language, values=values, errors=errors),
        "errors": errors or {},
        "schema": browser_schema(survey.definition, language),
        "personal_data": asks_personal_data(survey.definition),
        "mode": mode,
        "started_at": timezone.now().isoformat(timespec="seconds"),
    }


def _public_survey(public_token: str, *, cached: bool = False) -> Survey:
    survey = survey_by_public_token(public_token, cached=cached)
    if survey is None or survey.status == SurveyStatus.DRAFT:
        raise Http404
    return survey


def _page(request, template: str, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "private, no-cache"
    response["Content-Language"] = translation.get_language()
    return response


def _flatten(errors: dict) -> dict[str, str]:
    return {
        name: " ".join(messages) if isinstance(messages, list) else str(messages)
        for name, messages in errors.items()
    }


@csrf_exempt
@require_http_methods(["GET", "POST"])
def collect_form(request: HttpRequest, public_token: str) -> HttpResponse:
    survey = _public_survey(public_token)
    data = request.POST if request.method == "POST" else request.GET
    language = chosen_language(survey, data.get("lang"))
    with translation.override(ui_language(language)):
        base = {
            "survey": survey,
            "language": language,
            "languages": language_links(survey, language),
            "form_url": reverse("collect:form", args=[public_token]),
        }
        if not survey_accepts_answers(survey):
            not_yet = survey.status == SurveyStatus.OPEN and survey.opens_at
            not_yet = bool(not_yet and timezone.now() < survey.opens_at)
            return _page(
                request,
                "surveys/collect_closed.html",
                {**base, "not_yet": not_yet},
                status=200 if not_yet else 410,
            )
        consented = not survey.consent_text or data.get("consent") == "yes"
        if data.get("consent") == "no":
            return _page(request, "surveys/collect_thanks.html", {**base, "declined": True})
        if not consented:
            return _page(request, "surveys/collect_consent.html", base)
        if request.method == "POST":
            return _post(request, survey, base)
        context = {**base, **form_context(survey, language=language)}
        context["submission_id"] = uuid.uuid4()
        return _page(request, "surveys/collect_form.html", context)


def _post(request: HttpRequest, survey: Survey, base: dict) -> HttpResponse:
    language = base["language"]
    raw = raw_answers(survey.definition, request.POST)
    submission_id = request.POST.get("submission_id") or uuid.uuid4()

    def again(*, errors=None, status=200, **extra) -> HttpResponse:
        context = {**base, **form_context(survey, language=language, values=raw, errors=errors)}
        context.update(submission_id=submission_id, **extra)
        return _page(request, "surveys/collect_form.html", context, status=status)

    # "Add another" and "remove" of a repeated section, for phones without JavaScript.
    if request.POST.get("add_repeat"):
        raw = with_extra_instance(survey.definition, raw, request.POST["add_repeat"])
        return again()
    if request.POST.get("remove_repeat"):
        name, _sep, index = request.POST["remove_repeat"].rpartition(":")
        if isinstance(raw.get(name), list) and index.isdigit() and int(index) < len(raw[name]):
            raw[name] = raw[name][: int(index)] + raw[name][int(index) + 1 :]
        return again()
    wait = rate_limit_exceeded(request, scope=f"survey:{survey.pk}")
    if wait:
        response = again(status=429, rate_limited=True)
        response["Retry-After"] = str(wait)
        return response
    if request.POST.get("website"):
        # A robot filled the invisible field: thank it and keep nothing.
        return _page(request, "surveys/collect_thanks.html", base)
    try:
        response_submit(
            survey=survey,
            submission_id=submission_id,
            answers=raw,
            collected_on=timezone.localdate(),
            language=language,
            channel=ResponseChannel.WEB,
        )
    except ValidationError as exc:
        errors = _flatten(exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})
        return again(errors=errors, status=400)
    except SubmissionConflict:
        return _page(request, "surveys/collect_thanks.html", {**base, "conflict": True}, status=409)
    return _page(request, "surveys/collect_thanks.html", base)


def _json(data: dict, *, status: int) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _parse_date(value) -> date | None:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


@csrf_exempt
@require_POST
def collect_submit(request: HttpRequest, public_token: str) -> JsonResponse:
    """One questionnaire as JSON, sent by collect.js, now or later from its offline queue."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return _json({"error": _("This questionnaire is too large to be sent.")}, status=413)
    survey = survey_by_public_token(public_token, cached=True)
    if survey is None or survey.status == SurveyStatus.DRAFT:
        return _json({"error": _("This survey does not exist.")}, status=404)
    if not survey_accepts_answers(survey):
        return _json(
            {"error": _("This survey is closed: it no longer accepts answers.")}, status=410
        )
    wait = rate_limit_exceeded(request, scope=f"survey:{survey.pk}")
    if wait:
        response = _json({"error": _("Too many questionnaires sent: wait a minute.")}, status=429)
        response["Retry-After"] = str(wait)
        return response
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return _json({"error": _("This questionnaire is too large to be sent.")}, status=413)
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return _json(
            {"error": _("The questionnaire could not be read (invalid JSON).")}, status=400
        )
    if not isinstance(payload, dict):
        return _json(
            {"error": _("The questionnaire could not be read (invalid JSON).")}, status=400
        )
    if payload.get("website"):
        return _json({"status": "stored"}, status=201)
    collected_on = _parse_date(payload.get("collected_on"))
    channel = payload.get("channel") or ResponseChannel.WEB
    if collected_on is None or channel not in PUBLIC_CHANNELS:
        errors = {}
        if collected_on is None:
            errors["collected_on"] = _("Enter a date as YYYY-MM-DD.")
        if channel not in PUBLIC_CHANNELS:
            errors["channel"] = _("Unknown channel.")
        return _json({"errors": errors}, status=400)
    try:
        outcome = response_submit(
            survey=survey,
            submission_id=payload.get("submission_id"),
            answers=payload.get("answers"),
            collected_on=collected_on,
            language=str(payload.get("language") or ""),
            channel=channel,
        )
    except ValidationError as exc:
        errors = _flatten(exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages})
        return _json({"errors": errors}, status=400)
    except SubmissionConflict:
        message = _(
            "Another questionnaire was already sent with this identifier: this one was not stored."
        )
        return _json({"error": message}, status=409)
    if outcome.created:
        return _json({"status": "stored"}, status=201)
    return _json({"status": "already stored"}, status=200)


_worker_source: str | None = None


@require_safe
def service_worker(request: HttpRequest, public_token: str) -> HttpResponse:
    """The offline worker, served under the survey's link so that its scope covers the form."""
    global _worker_source
    survey = _public_survey(public_token)
    if _worker_source is None or settings.DEBUG:
        with open(finders.find("surveys/sw.js"), encoding="utf-8") as source:
            _worker_source = source.read()
    from django.templatetags.static import static

    config = {
        "page": reverse("collect:form", args=[survey.public_token]),
        "assets": [
            static("surveys/collect.css"),
            static("surveys/collect.js"),
            static("surveys/expressions.js"),
        ],
    }
    body = f"const CONFIG = {json.dumps(config)};\n{_worker_source}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns = [
    path("<str:public_token>/", collect_form, name="form"),
    path("<str:public_token>/submit", collect_submit, name="submit"),
    path("<str:public_token>/sw.js", service_worker, name="service_worker"),
]
