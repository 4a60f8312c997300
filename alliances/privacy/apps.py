from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's rights over their data: the export, account deletion and the privacy notice.
    No models: it reads and anonymises the other apps' rows."""

    name = "alliances.privacy"
    verbose_name = _("Privacy")
