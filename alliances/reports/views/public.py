"""Published impact pages, for everyone, signed in or not: the list, one page, its open data
(CSV and JSON), its preview image and the report it shows.

Each rendering is cached under a key holding the page's fingerprint (see
`selectors.public`): a cached request costs one query, and any change of what the page shows
gives a new key at once. A page that is not published answers 404, whoever asks.
"""

from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from alliances.lib.richtext import rich_text_to_plain
from alliances.reports.models import ReportStatus
from alliances.reports.opendata import open_data_csv, open_data_document, open_data_json
from alliances.reports.preview import preview_png
from alliances.reports.selectors.public import (
    PublicContent,
    cache_key,
    open_data_values,
    public_content,
    published_page_by_uuid,
    published_pages,
    targets_of,
)

FILE_CACHE_CONTROL = "public, max-age=60"


def absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}"


def page_urls(page) -> dict:
    kwargs = {"page_uuid": page.uuid}
    return {
        "page_url": absolute(reverse("public_pages:detail", kwargs=kwargs)),
        "csv_url": reverse("public_pages:data_csv", kwargs=kwargs),
        "json_url": reverse("public_pages:data_json", kwargs=kwargs),
        "image_url": absolute(reverse("public_pages:preview", kwargs=kwargs)),
        "report_url": reverse("public_pages:report", kwargs=kwargs),
    }


def render_body(content: PublicContent, urls: dict, *, preview: bool = False) -> str:
    """The page's content, without the site's layout (which depends on who reads it)."""
    return render_to_string(
        "reports/public_body.html", {"content": content, "preview": preview, **urls}
    )


def meta_tags(page, urls: dict) -> dict:
    summary = " ".join(rich_text_to_plain(page.summary).split())
    return {
        "og_title": page.partnership.title,
        "og_description": summary[:297] + "…" if len(summary) > 300 else summary,
        **urls,
    }


@require_safe
def page_list(request: HttpRequest) -> HttpResponse:
    pages = published_pages(page_number=request.GET.get("page") or 1)
    return render(request, "reports/public_list.html", {"pages": pages})


@require_safe
def page_detail(request: HttpRequest, page_uuid: UUID) -> HttpResponse:
    page = published_page_by_uuid(page_uuid)
    urls = page_urls(page)
    key = cache_key("html", page)
    body = cache.get(key)
    if body is None:
        body = render_body(public_content(page=page), urls)
        cache.set(key, body, settings.PUBLIC_PAGE_CACHE_SECONDS)
    context = {"page": page, "body": body, **meta_tags(page, urls)}
    return render(request, "reports/public_page.html", context)


def _filename(page, extension: str) -> str:
    slug = slugify(page.partnership.title)[:60] or "impact"
    return f"{slug}.{extension}"


def _cached_file(page, kind: str, build) -> bytes:
    key = cache_key(kind, page)
    data = cache.get(key)
    if data is None:
        data = build()
        cache.set(key, data, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return data


def _file_response(data: bytes, content_type: str, filename: str, *, attachment=True):
    response = HttpResponse(data, content_type=content_type)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = FILE_CACHE_CONTROL
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def data_csv(request: HttpRequest, page_uuid: UUID) -> HttpResponse:
    page = published_page_by_uuid(page_uuid)

    def build() -> bytes:
        content = public_content(page=page)
        return open_data_csv(
            content,
            open_data_values(content),
            page_url=page_urls(page)["page_url"],
            generated_at=timezone.now(),
        )

    data = _cached_file(page, "csv", build)
    return _file_response(data, "text/csv; charset=utf-8", _filename(page, "csv"))


@require_safe
def data_json(request: HttpRequest, page_uuid: UUID) -> HttpResponse:
    page = published_page_by_uuid(page_uuid)

    def build() -> bytes:
        content = public_content(page=page)
        document = open_data_document(
            content,
            open_data_values(content),
            targets_of(content),
            page_url=page_urls(page)["page_url"],
            generated_at=timezone.now(),
        )
        return open_data_json(document)

    data = _cached_file(page, "json", build)
    return _file_response(
        data, "application/json; charset=utf-8", _filename(page, "json"), attachment=False
    )


@require_safe
def preview_image(request: HttpRequest, page_uuid: UUID) -> HttpResponse:
    page = published_page_by_uuid(page_uuid)
    data = _cached_file(page, "png", lambda: preview_png(public_content(page=page)))
    return _file_response(data, "image/png", _filename(page, "png"), attachment=False)


@require_safe
def report_pdf(request: HttpRequest, page_uuid: UUID) -> FileResponse:
    """The PDF of the report the page shows, only while the page is published."""
    page = published_page_by_uuid(page_uuid)
    report = page.report
    if report is None or report.status != ReportStatus.DONE or not report.pdf:
        raise Http404
    try:
        handle = report.pdf.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", filename=_filename(page, "pdf"))
    response["Cache-Control"] = FILE_CACHE_CONTROL
    return response


urlpatterns = [
    path("", page_list, name="list"),
    path("<uuid:page_uuid>/", page_detail, name="detail"),
    path("<uuid:page_uuid>/data.csv", data_csv, name="data_csv"),
    path("<uuid:page_uuid>/data.json", data_json, name="data_json"),
    path("<uuid:page_uuid>/preview.png", preview_image, name="preview"),
    path("<uuid:page_uuid>/report.pdf", report_pdf, name="report"),
]
