"""A person's own privacy pages: what we keep about them (page and JSON download), deleting
their account, and the public privacy notice."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.lib.ratelimit import (
    HOUR,
    client_idents,
    limit_count,
    limit_reached,
    wait_message,
    with_retry_after,
)
from alliances.privacy.forms import AccountDeleteForm
from alliances.privacy.selectors import personal_data_for_user
from alliances.privacy.services import account_delete, account_deletion_blockers


@never_cache
@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data_for_user(user=request.user, now=timezone.now())
    return render(request, "privacy/my_data.html", {"data": data})


@never_cache
@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    data = personal_data_for_user(user=request.user, now=now)
    response = HttpResponse(
        json.dumps(data.as_json(), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"alliances-my-data-{now:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    blockers = account_deletion_blockers(user=request.user)
    form = AccountDeleteForm(posted_data(request))
    # Wrong passwords are counted per person and per address: a session left open must not
    # become a way to guess the password.
    idents = client_idents(request, per=("user", "address"))
    limit = settings.DELETE_ACCOUNT_FAILURES_PER_HOUR
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = limit_reached(idents, scope="delete_account", limit=limit, window=HOUR)
    if wait:
        form.add_error(None, wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        try:
            account_delete(
                user=request.user,
                password=form.cleaned_data["password"],
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            if "password" in getattr(exc, "error_dict", {}):
                limit_count(idents, scope="delete_account", window=HOUR)
            add_service_errors(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye."))
            return redirect("home")
    context = {"form": form, "blockers": blockers}
    response = render(
        request, "privacy/delete_account.html", context, status=400 if form.errors else 200
    )
    return with_retry_after(response, wait)


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    context = {
        "controller": getattr(settings, "PRIVACY_CONTROLLER_NAME", ""),
        "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
    }
    return render(request, "privacy/notice.html", context)


urlpatterns = [
    path("account/data/", my_data, name="my_data"),
    path("account/data.json", my_data_json, name="my_data_json"),
    path("account/delete/", delete_account, name="delete_account"),
    path("privacy/", notice, name="notice"),
]
