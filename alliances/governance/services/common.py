"""Rules shared by every governance write."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliances.partnerships.models import Partnership, Party, PartyStatus


def ensure_partnership_open(partnership: Partnership) -> None:
    # Read again under a lock: the stage may have moved since the page was loaded.
    locked = Partnership.objects.select_for_update(no_key=True).only("stage").get(pk=partnership.pk)
    if locked.is_closed:
        raise ValidationError(
            _("This partnership is closed: its governance records can be read but not changed."),
            code="closed",
        )


def ensure_active_party(partnership: Partnership, party: Party) -> None:
    if party.partnership_id != partnership.pk or party.status != PartyStatus.ACTIVE:
        raise ValidationError(
            _("%(party)s does not take part in the partnership.") % {"party": party},
            code="party_inactive",
        )
