"""Generating a funder report: what each section holds, from real rows, and the three files.

The partnership runs from 2026; the report covers the first half of 2026. Rows outside the
period, drafts, small survey groups and health checks with too few answers must stay out.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import time_machine
from django.utils import timezone, translation
from docx import Document
from openpyxl import load_workbook

from alliances.core.models import AuditEvent
from alliances.governance.models import (
    ActionItem,
    ActionStatus,
    Decision,
    DecisionStatus,
    Dimension,
    HealthCheckRating,
    HealthCheckRound,
    Meeting,
    MeetingStatus,
    Rating,
    RoundStatus,
)
from alliances.indicators.models import (
    Indicator,
    IndicatorSource,
    Objective,
    Outcome,
    Target,
    Value,
    ValueSource,
    ValueStatus,
)
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.partnerships.models import Contribution, ContributionKind
from alliances.reports import charts
from alliances.reports.content import report_content_in_partnership
from alliances.reports.models import Report, ReportStatus
from alliances.reports.renderers import pdf as pdf_renderer
from alliances.reports.services.reports import report_generate, report_request
from alliances.surveys.models import Method, Response, Survey, SurveyIndicator
from alliances.test import PartnershipTestCase

FROZEN = datetime(2026, 7, 15, 9, 0, tzinfo=timezone.get_fixed_timezone(120))
START, END = date(2026, 1, 1), date(2026, 6, 30)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    return "\n".join(lines)


def rate_round(round, party, sheets: int, rating: str) -> None:
    for index in range(sheets):
        for dimension in Dimension.values:
            HealthCheckRating.objects.create(
                round=round,
                party=party,
                sheet=f"{party.pk}-{index}",
                dimension=dimension,
                rating=rating,
            )


class ReportData(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        partnership = cls.partnership
        partnership.starts_on = date(2026, 1, 1)
        partnership.save(update_fields=["starts_on"])
        # Contributions: one in the period, one with no dates (whole partnership), one later.
        Contribution.objects.create(
            partnership=partnership,
            party=cls.company_party,
            recipient=cls.lead_party,
            kind=ContributionKind.MONEY,
            description="Subvention de fonctionnement",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            planned_amount=Decimal("12000"),
            actual_amount=Decimal("6000"),
        )
        Contribution.objects.create(
            partnership=partnership,
            party=cls.commune_party,
            kind=ContributionKind.PREMISES,
            description="Salle municipale",
            planned_amount=Decimal("2400"),
        )
        Contribution.objects.create(
            partnership=partnership,
            party=cls.lead_party,
            kind=ContributionKind.VOLUNTEERING,
            description="Bénévolat de l'été 2027",
            period_start=date(2027, 7, 1),
            planned_amount=Decimal("999"),
        )
        # Governance
        meeting = Meeting.objects.create(
            partnership=partnership,
            title="Comité de pilotage de mars",
            starts_at=at(date(2026, 3, 12)),
            ends_at=at(date(2026, 3, 12), 12),
            status=MeetingStatus.HELD,
        )
        Meeting.objects.create(
            partnership=partnership,
            title="Comité de pilotage d'automne",
            starts_at=at(date(2026, 10, 1)),
            ends_at=at(date(2026, 10, 1), 12),
        )
        Decision.objects.create(
            partnership=partnership,
            number=1,
            title="Ouvrir un second groupe le mercredi",
            rule="consensus",
            meeting=meeting,
            status=DecisionStatus.ADOPTED,
            rationale="La liste d'attente dépasse vingt élèves.",
            closed_at=at(date(2026, 3, 12), 11),
        )
        Decision.objects.create(
            partnership=partnership,
            number=2,
            title="Acheter un minibus",
            rule="consensus",
            status=DecisionStatus.ADOPTED,
            closed_at=at(date(2026, 9, 3)),
        )
        ActionItem.objects.create(
            partnership=partnership,
            title="Recruter deux bénévoles",
            owner_party=cls.lead_party,
            status=ActionStatus.DONE,
            completed_at=at(date(2026, 4, 2)),
        )
        ActionItem.objects.create(
            partnership=partnership,
            title="Préparer la rentrée",
            owner_party=cls.company_party,
            due_on=date(2026, 8, 31),
        )
        # Indicators: approved values in the period, a draft, a target and a baseline.
        objective = Objective.objects.create(partnership=partnership, title="Réussite scolaire")
        outcome = Outcome.objects.create(
            partnership=partnership, objective=objective, title="Les élèves progressent"
        )
        cls.indicator = Indicator.objects.create(
            partnership=partnership,
            outcome=outcome,
            title="Élèves accompagnés",
            unit="élèves",
            baseline_value=Decimal("10"),
            frequency="quarterly",
            reporting_start=date(2026, 1, 1),
        )
        Target.objects.create(
            indicator=cls.indicator, period_start=date(2026, 4, 1), value=Decimal("40")
        )
        for start, figure, status in [
            (date(2026, 1, 1), "21", ValueStatus.APPROVED),
            (date(2026, 4, 1), "37", ValueStatus.APPROVED),
            (date(2026, 7, 1), "777", ValueStatus.DRAFT),
        ]:
            Value.objects.create(
                partnership=partnership,
                indicator=cls.indicator,
                period_start=start,
                value=Decimal(figure),
                status=status,
            )
        # A survey feeding an indicator: one group has 3 respondents, below the threshold.
        survey = Survey.objects.create(partnership=partnership, title="Enquête des familles")
        for index in range(7):
            Response.objects.create(
                survey=survey,
                submission_id=uuid.uuid4(),
                content_hash=str(index),
                answers={},
                collected_on=date(2026, 5, 2),
            )
        cls.survey_indicator = Indicator.objects.create(
            partnership=partnership,
            outcome=outcome,
            title="Familles satisfaites",
            type="percentage",
            source=IndicatorSource.SURVEY,
            frequency="quarterly",
            disaggregations=[{"name": "quartier", "categories": ["Nord", "Sud"]}],
        )
        SurveyIndicator.objects.create(
            indicator=cls.survey_indicator,
            survey=survey,
            question="satisfaction",
            method=Method.SHARE,
            choices=["4", "5"],
        )
        survey_values = [
            ("", {}, Decimal("71.4286"), 7, False),
            ("quartier=Nord", {"quartier": "Nord"}, Decimal("88"), 3, False),
            ("quartier=Sud", {"quartier": "Sud"}, None, None, True),
        ]
        for key, groups, figure, respondents, suppressed in survey_values:
            Value.objects.create(
                partnership=partnership,
                indicator=cls.survey_indicator,
                period_start=date(2026, 4, 1),
                disaggregation=groups,
                disaggregation_key=key,
                value=figure,
                respondents=respondents,
                suppressed=suppressed,
                status=ValueStatus.APPROVED,
                source=ValueSource.SURVEY,
            )
        # Health: an earlier round with 4 answers (shown), the last one in the period with 2.
        shown = HealthCheckRound.objects.create(
            partnership=partnership,
            number=1,
            opens_on=date(2026, 2, 1),
            closes_on=date(2026, 2, 15),
            status=RoundStatus.CLOSED,
        )
        rate_round(shown, cls.lead_party, 3, Rating.GREEN)
        rate_round(shown, cls.company_party, 1, Rating.RED)
        cls.shown_round = shown

    def content(self, **kwargs):
        with translation.override("en"):
            return report_content_in_partnership(
                partnership=self.partnership,
                title="Rapport S1",
                period_start=kwargs.get("start", START),
                period_end=kwargs.get("end", END),
                next_steps="Étendre au collège voisin.",
            )


@time_machine.travel(FROZEN, tick=False)
class ReportContentTests(ReportData):
    def test_parties_and_roles(self):
        rows = {row.name: row for row in self.content().parties}
        self.assertEqual(
            set(rows), {"Maison des Trois-Cités", "Solidaires Industries", "Ville de Poitiers"}
        )
        self.assertEqual(rows["Solidaires Industries"].roles, ["Funder"])

    def test_contributions_of_the_period_with_totals(self):
        section = self.content().contributions
        descriptions = [line.contribution.description for line in section.lines]
        self.assertEqual(descriptions, ["Subvention de fonctionnement", "Salle municipale"])
        self.assertEqual(section.planned.amount, Decimal("14400"))
        self.assertEqual(section.actual.amount, Decimal("6000"))
        self.assertEqual(str(section.planned), "€14,400.00")

    def test_meetings_decisions_and_actions_of_the_period_only(self):
        section = self.content().activities
        self.assertEqual([m.title for m in section.meetings], ["Comité de pilotage de mars"])
        self.assertEqual(section.meetings[0].decisions, 1)
        self.assertEqual([d.reference for d in section.decisions], ["D-001"])
        self.assertEqual([a.title for a in section.actions_done], ["Recruter deux bénévoles"])
        self.assertEqual([a.title for a in section.actions_open], ["Préparer la rentrée"])

    def test_indicator_shows_approved_values_against_target_and_baseline(self):
        section = next(s for s in self.content().indicators if s.title == "Élèves accompagnés")
        figures = {point.label: point.value for point in section.points}
        self.assertEqual(figures, {"Q1 2026": Decimal("21"), "Q2 2026": Decimal("37")})
        self.assertNotIn(Decimal("777"), figures.values())
        self.assertEqual(section.points[1].target, Decimal("40"))
        self.assertEqual(section.baseline, Decimal("10"))
        self.assertTrue(all(point.in_period for point in section.points))

    def test_small_survey_groups_are_never_shown(self):
        (survey,) = self.content().surveys
        self.assertEqual(survey.responses, 7)
        (figure,) = survey.figures
        self.assertEqual(figure.value_text, "71.43\u202f%")
        self.assertEqual(figure.respondents, 7)
        # Nord rests on 3 respondents and Sud was suppressed by the computation.
        self.assertEqual(figure.breakdown, [])
        self.assertEqual(figure.hidden_groups, 2)

    def test_survey_response_count_below_the_threshold_is_not_given(self):
        Response.objects.filter(survey__title="Enquête des familles")[
            :4
        ].delete() if False else None
        for response in list(Response.objects.all())[3:]:
            response.delete()
        (survey,) = self.content().surveys
        self.assertIsNone(survey.responses)
        self.assertEqual(survey.responses_text, "fewer than 5")

    def test_health_is_aggregated_from_three_answers(self):
        health = self.content().health
        self.assertTrue(health.shown)
        self.assertEqual(health.respondents, 4)
        # The company answered alone: it is never shown as a party of its own.
        names = [column.name for column in health.columns]
        self.assertNotIn("Solidaires Industries", names)
        self.assertEqual(health.overall_score, 75)

    def test_health_with_fewer_than_three_answers_is_not_shown(self):
        last = HealthCheckRound.objects.create(
            partnership=self.partnership,
            number=2,
            opens_on=date(2026, 6, 1),
            closes_on=date(2026, 6, 15),
            status=RoundStatus.CLOSED,
        )
        rate_round(last, self.lead_party, 2, Rating.AMBER)
        health = self.content().health
        self.assertFalse(health.shown)
        self.assertEqual(health.rows, [])
        self.assertIsNone(health.overall_score)

    def test_every_chart_has_a_text_alternative(self):
        content = self.content()
        drawn = charts.charts_for_report(content.indicators)
        chart = drawn[str(self.indicator.uuid)]
        self.assertTrue(chart.svg.startswith("<svg"))
        self.assertTrue(chart.png.startswith(b"\x89PNG"))
        self.assertIn("Élèves accompagnés", chart.alt)
        self.assertIn("37", chart.alt)


@time_machine.travel(FROZEN, tick=False)
class ReportGenerateTests(ReportData):
    def request(self, language="en") -> Report:
        access = access_partnership_by_uuid(self.editor, self.partnership.uuid)
        with self.captureOnCommitCallbacks(execute=True):
            return report_request(
                access=access,
                user=self.editor,
                title="Rapport S1",
                period_start=START,
                period_end=END,
                language=language,
                next_steps="Étendre au collège voisin.",
            )

    def test_the_task_makes_the_three_files(self):
        report = self.request()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DONE)
        self.assertEqual(report.progress, 100)
        self.assertIsNotNone(report.started_at)
        self.assertIsNotNone(report.finished_at)
        self.assertTrue(report.docx.name.endswith("-en.docx"))
        self.assertTrue(AuditEvent.objects.filter(verb="report.generated").exists())

    def test_docx_is_editable_with_headings_tables_and_charts(self):
        report = self.request()
        report.refresh_from_db()
        with report.docx.open("rb") as handle:
            content = handle.read()
        text = docx_text(content)
        for expected in [
            "Contributions",
            "Subvention de fonctionnement",
            "Ouvrir un second groupe le mercredi",
            "Élèves accompagnés",
            "Étendre au collège voisin.",
        ]:
            self.assertIn(expected, text)
        self.assertNotIn("Acheter un minibus", text)
        self.assertNotIn("88", text.replace("2026", ""))
        document = Document(BytesIO(content))
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        self.assertIn("Indicator progress", headings)
        self.assertGreaterEqual(len(document.inline_shapes), 1)

    def test_docx_in_french(self):
        report = self.request(language="fr")
        report.refresh_from_db()
        self.assertTrue(report.docx.name.startswith("reports/"))
        self.assertTrue(report.docx.name.endswith("-fr.docx"))
        with report.docx.open("rb") as handle:
            text = docx_text(handle.read())
        self.assertIn("Subvention de fonctionnement", text)
        self.assertIn("12\u202f000,00\xa0€", text)

    def test_xlsx_has_one_sheet_per_set_of_figures(self):
        report = self.request()
        report.refresh_from_db()
        with report.xlsx.open("rb") as handle:
            workbook = load_workbook(BytesIO(handle.read()))
        self.assertEqual(
            workbook.sheetnames,
            ["Report", "Contributions", "Indicators", "Surveys", "Health check"],
        )
        contributions = list(workbook["Contributions"].iter_rows(values_only=True))
        self.assertEqual(contributions[1][2], "Subvention de fonctionnement")
        self.assertEqual(contributions[1][5], 12000)
        indicator_values = [row[6] for row in workbook["Indicators"].iter_rows(values_only=True)]
        self.assertIn(37, indicator_values)
        self.assertNotIn(777, indicator_values)
        survey_values = [row[5] for row in workbook["Surveys"].iter_rows(values_only=True)]
        self.assertNotIn("88\u202f%", survey_values)

    def test_xlsx_text_cannot_become_a_formula(self):
        Contribution.objects.filter(description="Salle municipale").update(
            description='=HYPERLINK("http://evil")'
        )
        report = self.request()
        report.refresh_from_db()
        with report.xlsx.open("rb") as handle:
            workbook = load_workbook(BytesIO(handle.read()))
        descriptions = [row[2] for row in workbook["Contributions"].iter_rows(values_only=True)]
        self.assertIn('\'=HYPERLINK("http://evil")', descriptions)

    def test_pdf(self):
        if not pdf_renderer_available():
            self.skipTest("WeasyPrint's system libraries are missing on this machine")
        report = self.request()
        report.refresh_from_db()
        with report.pdf.open("rb") as handle:
            content = handle.read()
        self.assertTrue(content.startswith(b"%PDF"))

    def test_pdf_html_holds_every_section(self):
        content = self.content()
        html = pdf_renderer.report_html(
            content=content, charts=charts.charts_for_report(content.indicators), language="en"
        )
        for expected in [
            "Parties and roles",
            "Subvention de fonctionnement",
            "D-001",
            "Élèves accompagnés",
            'alt="Chart of',
            "Survey highlights",
            "Partnership health",
            "Étendre au collège voisin.",
        ]:
            self.assertIn(expected, html)
        self.assertNotIn("Acheter un minibus", html)

    def test_no_pdf_without_weasyprint_still_gives_docx_and_xlsx(self):
        from unittest import mock

        with mock.patch.object(
            pdf_renderer, "_weasyprint", side_effect=pdf_renderer.PdfUnavailable("no pango")
        ):
            report = self.request()
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DONE)
        self.assertFalse(report.pdf)
        self.assertTrue(report.docx)
        self.assertTrue(report.xlsx)

    def test_a_report_is_generated_once(self):
        report = self.request()
        self.assertIsNone(report_generate(report_id=report.pk))


def pdf_renderer_available() -> bool:
    try:
        pdf_renderer._weasyprint()
    except pdf_renderer.PdfUnavailable:
        return False
    return True
