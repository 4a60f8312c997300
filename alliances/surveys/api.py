"""API endpoints of surveys (mounted by alliances.api under /partnerships): a partnership's
surveys, one survey's definition, and the entry of a questionnaire (paper or collected
offline) by a member who manages surveys.

A questionnaire carries a `submission_id` made up by the device before its first attempt:
sending the same questionnaire again answers the response already stored (200), never a
duplicate; the same identifier with other answers is a conflict (409). Responses themselves
are personal data and are read in the site only.
"""

import json
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import field_validator

from alliances.core.permissions import Action
from alliances.lib.api import ERRORS, ApiError, ErrorOut, page_schema, paginate, require_write
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.surveys.access import access_survey_by_uuid
from alliances.surveys.models import ResponseChannel, SurveyOrigin, SurveyStatus
from alliances.surveys.selectors.surveys import surveys_in_partnership
from alliances.surveys.services.responses import (
    SubmissionConflict,
    response_submit,
    survey_accepts_answers,
    survey_languages,
)

router = Router(tags=["surveys"])

SURVEYS = "/{partnership_uuid}/surveys"
SURVEY = SURVEYS + "/{survey_uuid}"


class SurveyOut(Schema):
    uuid: UUID
    title: str
    description: str
    status: SurveyStatus
    origin: SurveyOrigin
    version: int
    opens_at: datetime | None
    closes_at: datetime | None
    # Whether the public collection link takes answers now (open, and within its dates).
    accepts_answers: bool
    created_at: datetime

    @staticmethod
    def resolve_accepts_answers(obj) -> bool:
        return survey_accepts_answers(obj)


class SurveyListOut(SurveyOut):
    response_count: int


class SurveyDetailOut(SurveyOut):
    consent_text: str
    languages: list[str]
    # The questions, in the survey's own format (items with name, type, label per language,
    # choices, conditions), as the builder and the XLSForm import write it.
    definition: dict

    @staticmethod
    def resolve_languages(obj) -> list[str]:
        return survey_languages(obj)


class ResponseIn(Schema):
    submission_id: UUID
    answers: dict
    collected_on: date
    language: str = ""
    channel: Literal["paper", "offline"] = ResponseChannel.PAPER.value

    @field_validator("answers", "language")
    @classmethod
    def _printable(cls, value):
        # PostgreSQL refuses the NUL character in text and JSON.
        if "\\u0000" in json.dumps(value):
            raise ValueError("The NUL character is not allowed.")
        return value


class ResponseOut(Schema):
    uuid: UUID
    submission_id: UUID
    # False when this questionnaire had already been stored (a retry): nothing was added.
    created: bool


SurveyPage = page_schema(SurveyListOut, "SurveyPage")


class PageQuery(Schema):
    cursor: str | None = None
    limit: int | None = None


@router.get(SURVEYS, response={200: SurveyPage, **ERRORS}, url_name="survey_list")
def survey_list(request, partnership_uuid: UUID, page: Query[PageQuery]):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    query = surveys_in_partnership(partnership=access.partnership)
    rows, next_cursor = paginate(query, cursor=page.cursor, limit=page.limit, descending=True)
    return {"items": rows, "next_cursor": next_cursor}


@router.get(SURVEY, response={200: SurveyDetailOut, **ERRORS}, url_name="survey_detail")
def survey_detail(request, partnership_uuid: UUID, survey_uuid: UUID):
    return access_survey_by_uuid(request.user, partnership_uuid, survey_uuid).survey


@router.post(
    SURVEY + "/responses",
    response={201: ResponseOut, 200: ResponseOut, 409: ErrorOut, **ERRORS},
    url_name="response_create",
)
def response_create(
    request, partnership_uuid: UUID, survey_uuid: UUID, payload: ResponseIn | None = None
):
    """Enter one questionnaire, as the paper entry page does: 201 when stored, 200 when the
    same questionnaire was already stored, 409 when its identifier holds other answers."""
    survey_access = access_survey_by_uuid(
        request.user, partnership_uuid, survey_uuid, need=Action.MANAGE_SURVEYS
    )
    require_write(request)
    survey = survey_access.survey
    if survey.status == SurveyStatus.DRAFT:
        raise ApiError(
            422,
            "survey_draft",
            _("This survey is still a draft: open it before entering questionnaires."),
        )
    if survey_access.partnership.is_closed:
        raise ApiError(
            422, "closed", _("This partnership is closed: no more responses can be entered.")
        )
    if payload is None:
        raise ApiError(
            422,
            "invalid",
            _("Send the questionnaire as a JSON object in the request body."),
            fields={"answers": [_("This field is required.")]},
        )
    try:
        outcome = response_submit(
            survey=survey,
            submission_id=payload.submission_id,
            answers=payload.answers,
            collected_on=payload.collected_on,
            language=payload.language,
            channel=payload.channel,
            entered_by=request.user,
        )
    except SubmissionConflict as error:
        raise ApiError(
            409,
            "conflict",
            _(
                "Another questionnaire was already stored under this submission_id: "
                "make up a new identifier for a new questionnaire."
            ),
        ) from error
    response = outcome.response
    body = ResponseOut(
        uuid=response.uuid, submission_id=payload.submission_id, created=outcome.created
    )
    return Status(201 if outcome.created else 200, body)
