"""Writing to a suggested partner through the platform: a first message to its
administrators, without either side seeing the other's addresses."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.lib.ratelimit import (
    contact_limit_hit,
    contact_wait_message,
    with_retry_after,
)
from alliances.matching.forms.suggestions import IntroductionForm
from alliances.matching.services import introductions as services
from alliances.matching.views.suggestions import candidate_for_user, resource_labels, safe_next
from alliances.organisations.access import access_organisation_by_uuid
from alliances.organisations.models import Organisation, ResourceDirection

FORM = "matching/introduction_form.html"


def draft(*, organisation: Organisation, candidate: Organisation, person: str) -> dict:
    """A polite first message the sender only has to adjust."""
    needed = organisation.resources.filter(direction=ResourceDirection.NEEDED).values_list(
        "resource", flat=True
    )
    seeks = ", ".join(label.lower() for label in resource_labels(needed))
    lines = [
        _("Hello,"),
        "",
        _(
            "I am writing on behalf of %(name)s. Alliances suggested %(candidate)s to us as a "
            "partner who could work with us."
        )
        % {"name": organisation.name, "candidate": candidate.name},
    ]
    if seeks:
        lines.append(_("We are looking for: %(seeks)s.") % {"seeks": seeks})
    lines += [
        _(
            "We would be glad to tell you more about what we do and to hear about your work. "
            "Would you be open to a short conversation in the coming weeks?"
        ),
        "",
        _("Kind regards,"),
        person,
        organisation.name,
    ]
    return {
        "subject": _("Introduction from %(name)s") % {"name": organisation.name},
        "message": "\n".join(lines),
    }


@login_required
@require_http_methods(["GET", "POST"])
def introduction_create(
    request: HttpRequest, organisation_uuid: UUID, candidate_uuid: UUID
) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.FIND_PARTNERS)
    organisation = access.organisation
    candidate = candidate_for_user(request.user, candidate_uuid)
    back = safe_next(
        request, reverse("matching:organisation_suggestions", args=[organisation.uuid])
    )
    refusal = services.introduction_refusal(
        from_organisation=organisation, to_organisation=candidate
    )
    administrators = services.introduction_administrators(organisation=candidate)
    initial = draft(
        organisation=organisation,
        candidate=candidate,
        person=services.sender_name(request.user),
    )
    form = IntroductionForm(posted_data(request), initial=initial)
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = contact_limit_hit(request)
    if wait:
        form.add_error(None, contact_wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        try:
            intro = services.introduction_send(
                sender=request.user,
                from_organisation=organisation,
                to_organisation=candidate,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Sent to the administrator of %(name)s.",
                    "Sent to the %(count)s administrators of %(name)s.",
                    intro.recipients,
                )
                % {"count": intro.recipients, "name": candidate.name},
            )
            return redirect(back)
    context = {
        "access": access,
        "organisation": organisation,
        "candidate": candidate,
        "form": form,
        "refusal": refusal,
        "has_administrators": bool(administrators),
        "recipients": len(administrators),
        "left": services.introductions_left(sender=request.user),
        "limit": services.daily_limit(),
        "back": back,
    }
    status = 400 if form.errors else 200
    return with_retry_after(render(request, FORM, context, status=status), wait)


urlpatterns = [
    path(
        "organisations/<uuid:organisation_uuid>/suggestions/<uuid:candidate_uuid>/contact/",
        introduction_create,
        name="introduction_create",
    ),
]
