"""The report as DOCX, for parties who edit it before sending: real headings (Word's outline
and table of contents work), real tables, and the charts as pictures with their text
alternative."""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm

from alliances.reports.charts import Chart
from alliances.reports.content import ReportContent


def _table(document, headers: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(header)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _nothing(document) -> None:
    document.add_paragraph(_("Nothing recorded for this period."))


def _parties(document, content: ReportContent) -> None:
    document.add_heading(_("The partnership"), level=1)
    if content.purpose:
        document.add_paragraph(content.purpose)
    document.add_heading(_("Parties and roles"), level=2)
    _table(
        document,
        [_("Party"), _("Type"), _("Roles"), _("Status")],
        [[p.name, p.kind, ", ".join(p.roles), p.status] for p in content.parties],
    )


def _contributions(document, content: ReportContent) -> None:
    section = content.contributions
    document.add_heading(_("Contributions"), level=1)
    if not section.lines:
        _nothing(document)
        return
    document.add_paragraph(
        _("Planned: %(planned)s. Given so far: %(actual)s. Realisation: %(rate)s.")
        % {"planned": section.planned, "actual": section.actual, "rate": section.rate or "—"}
    )
    document.add_heading(_("By party"), level=2)
    _table(
        document,
        [_("Party"), _("Planned"), _("Actual"), _("Realisation")],
        [[p.name, p.planned, p.actual, p.rate or "—"] for p in section.parties],
    )
    document.add_heading(_("By type"), level=2)
    _table(
        document,
        [_("Type"), _("Planned"), _("Actual"), _("Realisation")],
        [[k.label, k.planned, k.actual, k.rate or "—"] for k in section.kinds],
    )
    document.add_heading(_("Lines"), level=2)
    _table(
        document,
        [_("Party"), _("Type"), _("Description"), _("Planned"), _("Actual")],
        [
            [
                line.contribution.party,
                line.contribution.get_kind_display(),
                line.contribution.description,
                line.planned,
                line.actual or "—",
            ]
            for line in section.lines
        ],
    )


def _activities(document, content: ReportContent) -> None:
    section = content.activities
    document.add_heading(_("Activities and decisions"), level=1)
    document.add_heading(_("Meetings"), level=2)
    if section.meetings:
        _table(
            document,
            [_("Date"), _("Meeting"), _("Status"), _("Decisions")],
            [[m.day, m.title, m.status, m.decisions] for m in section.meetings],
        )
    else:
        _nothing(document)
    document.add_heading(_("Decisions"), level=2)
    if section.decisions:
        _table(
            document,
            [_("Reference"), _("Decision"), _("Outcome"), _("Date"), _("Rationale")],
            [[d.reference, d.title, d.status, d.day, d.rationale] for d in section.decisions],
        )
    else:
        _nothing(document)
    document.add_heading(_("Actions completed"), level=2)
    if section.actions_done:
        _table(
            document,
            [_("Action"), _("Party"), _("Completed on")],
            [[a.title, a.party, a.done] for a in section.actions_done],
        )
    else:
        _nothing(document)
    document.add_heading(_("Actions still open"), level=2)
    if section.actions_open:
        _table(
            document,
            [_("Action"), _("Party"), _("Status"), _("Due date")],
            [[a.title, a.party, a.status, a.due or "—"] for a in section.actions_open],
        )
    else:
        _nothing(document)


def _indicators(document, content: ReportContent, charts: dict[str, Chart]) -> None:
    document.add_heading(_("Indicator progress"), level=1)
    if not content.indicators:
        _nothing(document)
        return
    document.add_paragraph(
        _("Only approved values are shown. The shaded area of each chart is the report's period.")
    )
    for section in content.indicators:
        document.add_heading(section.title, level=2)
        document.add_paragraph(f"{section.objective} › {section.outcome}")
        document.add_paragraph(f"{section.status}: {section.summary}")
        chart = charts.get(section.key)
        if chart is not None:
            document.add_picture(BytesIO(chart.png), width=Cm(15))
            picture = document.inline_shapes[-1]
            # The text alternative, read by screen readers in Word.
            picture._inline.docPr.set("descr", chart.alt)
        rows = [
            [
                point.label,
                _("hidden (too few respondents)") if point.hidden else point.value_text or "—",
                point.target_text or "—",
            ]
            for point in section.points
        ]
        _table(document, [_("Period"), _("Value"), _("Target")], rows)
        details = []
        if section.baseline_text:
            details.append(_("Baseline: %(value)s") % {"value": section.baseline_text})
        if section.final_target_text:
            details.append(_("Final target: %(value)s") % {"value": section.final_target_text})
        if details:
            document.add_paragraph(". ".join(details) + ".")


def _surveys(document, content: ReportContent) -> None:
    document.add_heading(_("Survey highlights"), level=1)
    if not content.surveys:
        _nothing(document)
        return
    document.add_paragraph(
        _(
            "No figure resting on fewer than %(count)s respondents is shown, so that no one "
            "can be recognised."
        )
        % {"count": content.small_cell_threshold}
    )
    for survey in content.surveys:
        document.add_heading(survey.title, level=2)
        document.add_paragraph(
            _("Responses collected in the period: %(count)s") % {"count": survey.responses_text}
        )
        for figure in survey.figures:
            total = figure.value_text or _("hidden (too few respondents)")
            document.add_paragraph(
                f"{figure.indicator} ({figure.period}): {total}", style="List Bullet"
            )
            for cell in figure.breakdown:
                document.add_paragraph(f"{cell.group}: {cell.value_text}", style="List Bullet 2")
            if figure.hidden_groups:
                document.add_paragraph(
                    _("%(count)s group(s) hidden: too few respondents.")
                    % {"count": figure.hidden_groups},
                    style="List Bullet 2",
                )


def _health(document, content: ReportContent) -> None:
    document.add_heading(_("Partnership health"), level=1)
    health = content.health
    if health is None:
        document.add_paragraph(_("No health check was closed by the end of the period."))
        return
    document.add_paragraph(
        _("Health check %(round)s, closed on %(day)s.")
        % {"round": health.round_label, "day": health.closes_on}
    )
    if not health.shown:
        document.add_paragraph(
            _("Fewer than 3 people answered: the results are not shown, to keep answers private.")
        )
        return
    document.add_paragraph(
        _("Overall score: %(score)s out of 100 (%(level)s), from %(count)s people.")
        % {
            "score": health.overall_score,
            "level": health.overall_level,
            "count": health.respondents,
        }
    )
    _table(
        document,
        [_("Question"), *[column.name for column in health.columns]],
        [[row.dimension, *[str(cell) for cell in row.cells]] for row in health.rows],
    )


def report_docx(*, content: ReportContent, charts: dict[str, Chart], language: str) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = content.title[:255]
    properties.subject = content.partnership.title[:255]
    properties.language = language
    document.add_heading(content.title, level=0)
    document.add_paragraph(content.partnership.title).runs[0].bold = True
    document.add_paragraph(content.period_text)
    document.add_paragraph(_("Generated on %(day)s") % {"day": content.generated_on})
    _parties(document, content)
    _contributions(document, content)
    _activities(document, content)
    _indicators(document, content, charts)
    _surveys(document, content)
    _health(document, content)
    document.add_heading(_("Next steps"), level=1)
    for paragraph in (content.next_steps or "").split("\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    if not content.next_steps.strip():
        document.add_paragraph(_("No next steps were written for this report."))
    out = BytesIO()
    document.save(out)
    return out.getvalue()
