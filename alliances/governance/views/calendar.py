"""A person's calendar feed: the page that makes and revokes the secret address, and the feed
itself, read by calendar programs that carry no session, hence the token in the address."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.governance.ical import CONTENT_TYPE, feed_calendar
from alliances.governance.selectors.calendar import (
    calendar_feed_for_token,
    calendar_feed_for_user,
    calendar_items_for_user,
)
from alliances.governance.services.calendar import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_touch,
)

PAGE = "governance/calendar_feed.html"


def feed_urls(token: str) -> dict[str, str]:
    """The address in the forms each calendar program understands best."""
    https = settings.SITE_URL + reverse("me:calendar_feed", args=[token])
    webcal = "webcal://" + https.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal})
    return {"https": https, "webcal": webcal, "google": google}


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """GET explains and shows the state; POST makes a new address and shows it, on this
    response only (a redirect would have to carry the token in its URL)."""
    urls = None
    if request.method == "POST":
        urls = feed_urls(calendar_feed_create(user=request.user))
    context = {"feed": calendar_feed_for_user(user=request.user), "urls": urls}
    response = render(request, PAGE, context)
    if urls is not None:
        # The secret must not stay in a cache, nor come back with the browser's back button.
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True)
    return response


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """An empty POST is the whole request: the address stops working."""
    if calendar_feed_revoke(user=request.user):
        messages.success(
            request,
            _(
                "Your calendar address no longer works. Calendars subscribed to it will stop "
                "updating; you may remove them."
            ),
        )
    else:
        messages.info(request, _("You had no calendar address."))
    return redirect("me:calendar")


@require_safe
def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The feed. No login: calendar programs send no cookies; the token is the key. The
    session is never touched, so no cookie is set either."""
    feed = calendar_feed_for_token(token=feed_token)
    if feed is None:
        raise Http404
    now = timezone.now()
    calendar_feed_touch(feed=feed, now=now)
    items = calendar_items_for_user(user=feed.user, now=now)
    # Calendar servers rarely say which language they want: the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        body = feed_calendar(
            name=feed.user.get_full_name(), meetings=items.meetings, actions=items.actions
        )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    patch_cache_control(response, private=True, max_age=300)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


urlpatterns = [
    path("account/calendar/", calendar_settings, name="calendar"),
    path("account/calendar/revoke", calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:feed_token>.ics", calendar_feed, name="calendar_feed"),
]
