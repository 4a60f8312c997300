"""Erase the survey answers that identify respondents once their survey's retention period is
over: `manage.py apply_survey_retention`, once a day from cron (safe to run again)."""

from django.core.management.base import BaseCommand

from alliances.surveys.services.retention import survey_retention_apply


class Command(BaseCommand):
    help = (
        "Erase answers to identity questions (e-mail, phone, marked identity) in responses "
        "older than their survey's retention period. Safe to run again."
    )

    def handle(self, *args, **options):
        result = survey_retention_apply()
        self.stdout.write(
            f"{result.responses} response(s) past retention in {result.surveys} survey(s), "
            f"{result.answers_erased} identity answer(s) erased."
        )
