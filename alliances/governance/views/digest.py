"""The weekly digest: a person's choice in their account, and the one-click opt-out link
carried by every digest e-mail, which works without logging in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alliances.core.http import posted_data
from alliances.governance.forms.digest import DigestForm
from alliances.governance.selectors.digest import (
    digest_preference_for_token,
    digest_preference_for_user,
    email_verified_for_user,
)
from alliances.governance.services.digest import digest_preference_set, digest_unsubscribe


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    preference = digest_preference_for_user(user=request.user)
    form = DigestForm(posted_data(request), initial={"weekly": preference.weekly})
    if request.method == "POST" and form.is_valid():
        weekly = form.cleaned_data["weekly"]
        digest_preference_set(user=request.user, weekly=weekly)
        if weekly:
            messages.success(request, _("You will receive the weekly digest."))
        else:
            messages.success(request, _("You will no longer receive the weekly digest."))
        return redirect("me:digest")
    context = {
        "form": form,
        "preference": preference,
        "verified": email_verified_for_user(user=request.user),
    }
    return render(
        request, "governance/digest_settings.html", context, status=400 if form.errors else 200
    )


# The token in the address is the credential, and mail programs that offer "unsubscribe"
# (RFC 8058) POST to it without any cookie: a CSRF token could not be checked and would add
# nothing.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe_page(request: HttpRequest, unsubscribe_token: str) -> HttpResponse:
    """GET only asks (mail scanners follow links); POST turns the digest off."""
    preference = digest_preference_for_token(token=unsubscribe_token)
    if preference is None:
        raise Http404
    done = False
    if request.method == "POST":
        preference = digest_unsubscribe(preference=preference)
        done = True
    context = {"preference": preference, "done": done}
    return render(request, "governance/digest_unsubscribe.html", context)


urlpatterns = [
    path("account/digest/", digest_settings, name="digest"),
    path(
        "digest/unsubscribe/<str:unsubscribe_token>/",
        digest_unsubscribe_page,
        name="digest_unsubscribe",
    ),
]
