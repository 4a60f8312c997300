from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "alliances.diagnosis"
    label = "diagnosis"
    verbose_name = _("Self-diagnosis")
