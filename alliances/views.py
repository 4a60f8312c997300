import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from alliances.governance.selectors.todo import governance_todo_for_user
from alliances.organisations.selectors import members as member_selectors
from alliances.organisations.selectors import profiles as profile_selectors

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {"directory_counts": profile_selectors.public_counts_by_sector()}
    if request.user.is_authenticated:
        context["memberships"] = member_selectors.memberships_for_user(user=request.user)
        context["invitations"] = member_selectors.open_invitations_for_user(user=request.user)
        context["todo"] = governance_todo_for_user(
            user=request.user, now=timezone.now(), today=timezone.localdate()
        )
    return render(request, "home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def media(request: HttpRequest, path: str) -> HttpResponse:
    if not settings.DEBUG:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
