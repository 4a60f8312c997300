from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from alliances import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("alliances.accounts.urls")),
    path("", include("alliances.organisations.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded files in development; in production the reverse proxy serves MEDIA_ROOT.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"
        )
    ]
