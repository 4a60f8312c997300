"""The governance settings form (the coordinator's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.governance.models import GovernanceSettings
from alliances.partnerships.forms.contributions import DateInput


class GovernanceSettingsForm(forms.ModelForm):
    class Meta:
        model = GovernanceSettings
        fields = [
            "quorum_percent",
            "health_frequency",
            "health_next_on",
            "health_open_days",
            "health_alert_drop",
            "health_alert_below",
            "conflict_stale_days",
        ]
        widgets = {"health_next_on": DateInput}
        help_texts = {
            "quorum_percent": _(
                "A vote counts only when at least this share of the parties took part."
            ),
            "health_frequency": _(
                "Every member of every party is asked to answer, on this rhythm."
            ),
            "health_next_on": _(
                "The day the next health check opens; the following ones are counted from it."
            ),
            "health_open_days": _("Between 1 and 90 days."),
            "health_alert_drop": _(
                "Scores go from 0 (all red) to 100 (all green). You are alerted when a "
                "question loses at least this many points from one health check to the next."
            ),
            "health_alert_below": _(
                "You are alerted when the average score of a party falls below this value "
                "(only for parties with at least 3 answers)."
            ),
            "conflict_stale_days": _(
                "An open conflict without any news for this long is flagged to the parties "
                "concerned."
            ),
        }

    def health_fields(self) -> list:
        names = [
            "health_frequency",
            "health_next_on",
            "health_open_days",
            "health_alert_drop",
            "health_alert_below",
        ]
        return [self[name] for name in names]
