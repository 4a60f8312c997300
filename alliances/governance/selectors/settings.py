from alliances.governance.models import GovernanceSettings
from alliances.partnerships.models import Partnership


def governance_settings_for_partnership(*, partnership: Partnership) -> GovernanceSettings:
    """The partnership's settings, or the defaults (unsaved) when none were ever set."""
    found = GovernanceSettings.objects.filter(partnership=partnership).first()
    return found or GovernanceSettings(partnership=partnership)
