"""API token views: the list with the creation form, revocation, and the tokens' history.

The secret of a new token is shown once, on the page that answers the creation, and never
again: it is not kept in the session nor in the database.
"""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import (
    token_create,
    token_for_user,
    token_is_live,
    token_revoke,
    tokens_for_user,
)
from alliances.core.audit import verb_sentence
from alliances.core.http import posted_data
from alliances.core.models import AuditEvent

HISTORY_PAGE_SIZE = 50

EXPIRY_CHOICES = [
    ("90", gettext_lazy("In 90 days")),
    ("30", gettext_lazy("In 30 days")),
    ("365", gettext_lazy("In one year")),
    ("never", gettext_lazy("Never (until I revoke it)")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Monitoring spreadsheet”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Access"),
        choices=[
            (TokenScope.READ, gettext_lazy("Read only")),
            (TokenScope.WRITE, gettext_lazy("Read and write")),
        ],
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "The token acts as you, with your rights in each organisation. "
            "Choose read only unless a tool must change data."
        ),
    )
    expires = forms.ChoiceField(label=gettext_lazy("Expires"), choices=EXPIRY_CHOICES, initial="90")

    def expires_in_days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == "never" else int(value)


@sensitive_variables("secret")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(posted_data(request))
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_in_days=form.expires_in_days(),
        )
        form = TokenForm()
    status = 400 if form.is_bound and not form.is_valid() else 200
    tokens = [(token, token_is_live(token)) for token in tokens_for_user(user=request.user)]
    context = {"form": form, "tokens": tokens, "created": created, "secret": secret}
    return render(request, "accounts/token_list.html", context, status=status)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_uuid: UUID) -> HttpResponse:
    token = token_for_user(user=request.user, token_uuid=token_uuid)
    if token is None:
        raise Http404
    token_revoke(token=token, user=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("accounts:tokens")


def token_events_for_user(*, user) -> QuerySet[AuditEvent]:
    """The audit entries about the user's own tokens (made, revoked), newest first."""
    uuids = tokens_for_user(user=user).values("uuid")
    return (
        AuditEvent.objects.filter(object_type="accounts.apitoken", object_uuid__in=uuids)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


@never_cache
@login_required
@require_safe
def token_history(request: HttpRequest) -> HttpResponse:
    events = token_events_for_user(user=request.user)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"event": event, "sentence": verb_sentence(event.verb)} for event in page]
    return render(request, "accounts/token_history.html", {"page": page, "rows": rows})


urlpatterns = [
    path("tokens/", token_list, name="tokens"),
    path("tokens/history/", token_history, name="token_history"),
    path("tokens/<uuid:token_uuid>/revoke/", token_revoke_view, name="token_revoke"),
]
