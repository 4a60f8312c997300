from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language

from alliances import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("alliances.accounts.urls")),
    path("", include("alliances.organisations.urls")),
    path("partnerships/", include("alliances.partnerships.urls")),
    path("partnerships/<uuid:partnership_uuid>/agreement/", include("alliances.agreements.urls")),
    path("partnerships/<uuid:partnership_uuid>/results/", include("alliances.indicators.urls")),
    path("partnerships/<uuid:partnership_uuid>/surveys/", include("alliances.surveys.urls")),
    path(
        "partnerships/<uuid:partnership_uuid>/governance/",
        include("alliances.governance.urls"),
    ),
    path("", include("alliances.governance.personal_urls")),
    path("", include("alliances.matching.urls")),
    path(
        "organisations/<uuid:organisation_uuid>/impact/",
        include("alliances.indicators.portfolio_urls"),
    ),
    path("partnerships/<uuid:partnership_uuid>/reports/", include("alliances.reports.urls")),
    path(
        "organisations/<uuid:organisation_uuid>/iati/",
        include("alliances.reports.organisation_urls"),
    ),
    path(
        "organisations/<uuid:organisation_uuid>/self-diagnosis/",
        include("alliances.diagnosis.urls"),
    ),
    path("impact/", include("alliances.reports.public_urls")),
    path("api/v1/", include("alliances.api.urls")),
    path("", include("alliances.privacy.urls")),
    path("s/", include("alliances.surveys.collect_urls")),
    path("admin/", admin.site.urls),
    # Uploaded files, served by Django in development only; in production the reverse proxy
    # serves MEDIA_ROOT at /media/ and this route answers 404.
    re_path(r"^media/(?P<path>.*)$", views.media, name="media"),
]
