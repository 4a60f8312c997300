"""The report as PDF: an HTML template printed by WeasyPrint.

WeasyPrint needs system libraries (Pango, HarfBuzz, Fontconfig and a font; see
scripts/system_packages.sh). Without them `PdfUnavailable` is raised and the report is still
made as DOCX and XLSX.
"""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from alliances.agreements.exports import PdfUnavailable, css_string
from alliances.reports.charts import Chart
from alliances.reports.content import ReportContent

__all__ = ["PdfUnavailable", "report_html", "report_pdf"]

TEMPLATE = "reports/report_pdf.html"


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        # OSError: the Python package is there but cannot load Pango and its friends.
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def _svg_source(chart: Chart) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(chart.svg.encode()).decode()


def report_html(*, content: ReportContent, charts: dict[str, Chart], language: str) -> str:
    """The printable page (in the active language)."""
    indicators = [
        (section, charts.get(section.key), _svg_source(charts[section.key]))
        if section.key in charts
        else (section, None, "")
        for section in content.indicators
    ]
    return render_to_string(
        TEMPLATE,
        {
            "content": content,
            "indicators": indicators,
            "language": language,
            "footer_css": css_string(f"{content.partnership.title} · {content.title}"[:120]),
            "page_css": css_string(_("Page")),
        },
    )


def report_pdf(*, content: ReportContent, charts: dict[str, Chart], language: str) -> bytes:
    weasyprint = _weasyprint()
    html = report_html(content=content, charts=charts, language=language)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
