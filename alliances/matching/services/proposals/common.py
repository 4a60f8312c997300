"""What sending and deciding proposals share: who is told and how, and the checks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.permissions import Action, role_allows
from alliances.lib.emails import templated_email_send
from alliances.matching.access import ProposalAccess
from alliances.matching.models import Proposal, ProposalStatus
from alliances.organisations.models import Membership, Organisation, Resource
from alliances.partnerships.models import Notification, Partnership
from alliances.partnerships.services.activity import notify

UNDECIDED = (ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED)
SCORE_MAX = 5


# Who is told, and how


def people_acting_for(organisation: Organisation, *, exclude=None) -> list:
    """Active members of the organisation who may act on calls and proposals for it."""
    people = []
    for membership in Membership.objects.filter(organisation=organisation).select_related("user"):
        user = membership.user
        if not user.is_active or (exclude is not None and user.pk == exclude.pk):
            continue
        if role_allows(membership.role, Action.FIND_PARTNERS):
            people.append(user)
    return people


def tell(
    *,
    people: list,
    verb: str,
    url: str,
    data: dict,
    actor,
    template: str,
    context: dict,
    partnership: Partnership | None = None,
) -> None:
    """A notification in the site and an e-mail of our own: the generic notification e-mail
    speaks of a partnership the reader takes part in, which is not the case here yet."""
    notifications = notify(
        users=people, partnership=partnership, verb=verb, url=url, data=data, actor=actor
    )
    ids = [notification.pk for notification in notifications]
    if not ids:
        return
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    addresses = [(person, person.email) for person in people if person.email]

    def send() -> None:
        for person, address in addresses:
            templated_email_send(
                to=address,
                template=f"matching/email/{template}",
                context={
                    **context,
                    "user": person,
                    "url": settings.SITE_URL + url,
                    "site_url": settings.SITE_URL,
                },
            )

    transaction.on_commit(send, robust=True)


def proposal_url(proposal: Proposal) -> str:
    return reverse("matching:proposal_detail", args=[proposal.uuid])


def proposal_title(proposal: Proposal) -> str:
    if proposal.call_id:
        return proposal.call.title
    return proposal.title or str(proposal)


# Checks


def check_may_send(organisation: Organisation, actor) -> None:
    membership = Membership.objects.filter(user=actor, organisation=organisation).first()
    if membership is None or not role_allows(membership.role, Action.FIND_PARTNERS):
        raise ValidationError(
            {
                "organisation": _(
                    "You can answer or propose only for an organisation in which you are an "
                    "editor or an administrator."
                )
            },
            code="not_allowed",
        )
    if not organisation.is_active or organisation.dissolved_on:
        raise ValidationError(
            {"organisation": _("%(name)s is no longer active.") % {"name": organisation.name}},
            code="inactive",
        )


def clean_resources(values) -> list[str]:
    chosen = set(values or [])
    if chosen - set(Resource.values):
        raise ValidationError(
            {"resources_offered": _("Choose among the options offered.")}, code="invalid"
        )
    return [value for value in Resource.values if value in chosen]


def check_side(access: ProposalAccess, side: str) -> None:
    if not access.can_as(side, Action.FIND_PARTNERS):
        raise ValidationError(_("You cannot do this for this proposal."), code="not_allowed")


def lock_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("call", "call__organisation", "from_organisation", "to_organisation")
        .get(pk=proposal.pk)
    )


def check_undecided(proposal: Proposal) -> None:
    if proposal.status not in UNDECIDED:
        raise ValidationError(
            _("This proposal is already %(status)s.")
            % {"status": proposal.get_status_display().lower()},
            code="decided",
        )


def already_answered_message(organisation: Organisation) -> str:
    return _(
        "%(name)s has already answered this call. You can change its answer, or withdraw it "
        "and answer again."
    ) % {"name": organisation.name}
