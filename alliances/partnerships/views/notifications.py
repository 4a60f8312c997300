"""Notifications pages: what a person should know about, and marking it read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from alliances.partnerships.events import describe
from alliances.partnerships.selectors import workspace as selectors
from alliances.partnerships.services import workspace as services

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_for_user(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "lines": [(item, describe(item.verb, item.data)) for item in page],
        "unread": selectors.unread_notification_count_for_user(user=request.user),
    }
    return render(request, "partnerships/notification_list.html", context)


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked as read.",
                "%(count)s notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Every notification was already read."))
    return redirect("partnerships:notifications")


urlpatterns = [
    path("notifications/", notification_list, name="notifications"),
    path("notifications/read/", notifications_read, name="notifications_read"),
]
