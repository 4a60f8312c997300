"""Every write of the public impact page: proposing it, agreeing to it, withdrawing.

The rule: the page is public only while every party active at the moment of publication has
agreed to the very version shown. The coordinator proposes (a change is a new version, which
takes a published page back to "proposed" until everyone agrees again); each party's
administrators agree for their party; the last agreement publishes at once; any party's
administrator may withdraw their party's agreement at any time, which unpublishes at once.

Each write locks the partnership row first, so that proposals, agreements and withdrawals of
one partnership run one after the other: two parties agreeing at the same moment publish once,
and an agreement racing a new proposal is refused because it names the older version.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.core.permissions import Action
from alliances.partnerships.access import PartnershipAccess
from alliances.partnerships.models import Partnership, Party
from alliances.partnerships.services.activity import (
    active_parties,
    activity_record,
    notify,
    people_of_parties,
)
from alliances.reports.models import (
    OpenLicence,
    PublicPage,
    PublicPageConsent,
    PublicPageStatus,
    Report,
    ReportStatus,
)

SUMMARY_MAX_LENGTH = 3000


def _locked_partnership(partnership: Partnership) -> Partnership:
    return Partnership.objects.select_for_update().get(pk=partnership.pk)


def _page_url(partnership: Partnership) -> str:
    return reverse("reports:publication", kwargs={"partnership_uuid": partnership.uuid})


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _clean_proposal(partnership: Partnership, summary: str, licence: str, report) -> str:
    summary = (summary or "").strip().replace("\r\n", "\n")
    errors = {}
    if not summary:
        errors["summary"] = _("Write a few lines for the public: what the partnership does.")
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = _("The summary can be at most %(limit)s characters long.") % {
            "limit": SUMMARY_MAX_LENGTH
        }
    if licence not in OpenLicence.values:
        errors["licence"] = _("Choose the open licence of the data.")
    if report is not None and (
        report.partnership_id != partnership.pk
        or report.status != ReportStatus.DONE
        or not report.pdf
    ):
        errors["report"] = _("Choose a finished report of this partnership, or none.")
    if errors:
        raise ValidationError(errors, code="invalid_proposal")
    return summary


@transaction.atomic
def publication_propose(
    *,
    access: PartnershipAccess,
    actor,
    summary: str,
    licence: str,
    report: Report | None = None,
) -> PublicPage:
    """Propose the page (or a change of it) as a new version that every party agrees to.

    A published page goes back to "proposed" until every party has agreed to the new version:
    nothing reaches the public that not everyone agreed to.
    """
    if not access.can(Action.PROPOSE_PUBLICATION):
        raise PermissionDenied
    partnership = _locked_partnership(access.partnership)
    summary = _clean_proposal(partnership, summary, licence, report)
    page = PublicPage.objects.filter(partnership=partnership).first()
    was_published = page is not None and page.status == PublicPageStatus.PUBLISHED
    if page is None:
        page = PublicPage(partnership=partnership, version=1)
    else:
        if (
            page.summary == summary
            and page.licence == licence
            and page.report_id == (report.pk if report else None)
        ):
            raise ValidationError(
                _("Nothing changed since version %(number)s: no new version was proposed.")
                % {"number": page.version},
                code="unchanged",
            )
        page.version += 1
    page.summary = summary
    page.licence = licence
    page.report = report
    page.status = PublicPageStatus.PROPOSED
    page.proposed_by = _actor(actor)
    page.proposed_at = timezone.now()
    page.full_clean()
    page.save()
    proposer = access.party_for(Action.PROPOSE_PUBLICATION)
    data = {"number": page.version}
    audit_record(
        actor=actor,
        verb="publication.proposed",
        obj=page,
        organisation_uuid=proposer.organisation.uuid,
        data={
            "partnership": str(partnership.uuid),
            "licence": licence,
            "unpublished": was_published,
            **data,
        },
    )
    activity_record(
        partnership=partnership, actor=actor, verb="publication.proposed", party=proposer, data=data
    )
    parties = active_parties(partnership)
    asked = people_of_parties(parties, action=Action.CONSENT_PUBLICATION)
    notify(
        users=asked,
        partnership=partnership,
        verb="publication.consent_requested",
        url=_page_url(partnership),
        data=data,
        actor=actor,
    )
    return page


def _locked_page(partnership: Partnership) -> PublicPage:
    page = PublicPage.objects.select_for_update().filter(partnership=partnership).first()
    if page is None:
        raise ValidationError(
            _("No public page has been proposed for this partnership yet."), code="no_page"
        )
    return page


def _party_allowed(access: PartnershipAccess, party: Party) -> Party:
    if party.pk not in {p.pk for p in access.parties_for(Action.CONSENT_PUBLICATION)}:
        raise PermissionDenied
    return party


@transaction.atomic
def publication_consent(
    *, access: PartnershipAccess, actor, party: Party, version: int
) -> PublicPage:
    """Agree, for `party`, to publish `version`; the last party to agree publishes the page."""
    _party_allowed(access, party)
    partnership = _locked_partnership(access.partnership)
    page = _locked_page(partnership)
    if version != page.version:
        raise ValidationError(
            _(
                "The proposal has changed since you read it (it is now version %(number)s): "
                "read it again before agreeing."
            )
            % {"number": page.version},
            code="newer_version",
        )
    if PublicPageConsent.objects.filter(page=page, party=party, version=page.version).exists():
        raise ValidationError(
            _("%(party)s has already agreed to version %(number)s.")
            % {"party": party, "number": page.version},
            code="already_agreed",
        )
    consent = PublicPageConsent(
        page=page, party=party, version=page.version, agreed_by=_actor(actor)
    )
    consent.full_clean()
    consent.save()
    data = {"number": page.version, "party": str(party)}
    audit_record(
        actor=actor,
        verb="publication.agreed",
        obj=page,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid), **data},
    )
    activity_record(
        partnership=partnership, actor=actor, verb="publication.agreed", party=party, data=data
    )
    parties = active_parties(partnership)
    agreed = set(
        PublicPageConsent.objects.filter(page=page, version=page.version).values_list(
            "party_id", flat=True
        )
    )
    if page.status != PublicPageStatus.PUBLISHED and {p.pk for p in parties} <= agreed:
        return _publish(
            partnership=partnership, page=page, parties=parties, actor=actor, party=party
        )
    return page


def _publish(
    *, partnership: Partnership, page: PublicPage, parties, actor, party: Party
) -> PublicPage:
    page.status = PublicPageStatus.PUBLISHED
    page.published_at = timezone.now()
    page.save(update_fields=["status", "published_at", "updated_at"])
    data = {"number": page.version}
    audit_record(
        actor=actor,
        verb="publication.published",
        obj=page,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid), **data},
    )
    activity_record(partnership=partnership, actor=actor, verb="publication.published", data=data)
    notify(
        users=people_of_parties(parties),
        partnership=partnership,
        verb="publication.published",
        url=_page_url(partnership),
        data=data,
        actor=actor,
    )
    return page


def may_withdraw(page: PublicPage | None, party: Party, consented: bool) -> bool:
    """A party withdraws its agreement, or a published page (even one it never had to agree
    to, having joined later)."""
    if page is None:
        return False
    return consented or page.status == PublicPageStatus.PUBLISHED


@transaction.atomic
def publication_withdraw(*, access: PartnershipAccess, actor, party: Party) -> PublicPage:
    """Withdraw `party`'s agreement: a published page is unpublished at once, and goes back
    online only once every party has agreed again."""
    _party_allowed(access, party)
    partnership = _locked_partnership(access.partnership)
    page = _locked_page(partnership)
    consents = PublicPageConsent.objects.filter(page=page, party=party, version=page.version)
    consented = consents.exists()
    if not may_withdraw(page, party, consented):
        raise ValidationError(
            _("%(party)s has not agreed to the current version: there is nothing to withdraw.")
            % {"party": party},
            code="nothing_to_withdraw",
        )
    consents.delete()
    was_published = page.status == PublicPageStatus.PUBLISHED
    if was_published:
        page.status = PublicPageStatus.WITHDRAWN
        page.withdrawn_at = timezone.now()
        page.save(update_fields=["status", "withdrawn_at", "updated_at"])
    else:
        # The fingerprint of the page moves, whatever caches hold.
        page.save(update_fields=["updated_at"])
    verb = "publication.withdrawn" if was_published else "publication.consent_withdrawn"
    data = {"number": page.version, "party": str(party)}
    audit_record(
        actor=actor,
        verb=verb,
        obj=page,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid), **data},
    )
    activity_record(partnership=partnership, actor=actor, verb=verb, party=party, data=data)
    if was_published:
        notify(
            users=people_of_parties(active_parties(partnership), exclude=actor),
            partnership=partnership,
            verb=verb,
            url=_page_url(partnership),
            data=data,
            actor=actor,
        )
    return page
