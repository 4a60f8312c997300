"""The activity feed and notifications: written by every partnership service, inside its
transaction; e-mails leave after commit, through a background task."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import translation

from alliances.core.permissions import Action, role_allows
from alliances.organisations.models import Membership
from alliances.partnerships.models import Activity, Notification, Partnership, Party, PartyStatus


def actor_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return user.full_name or user.email


def activity_record(
    *,
    partnership: Partnership,
    actor,
    verb: str,
    party: Party | None = None,
    data=None,
    audience: Iterable[Party] | None = None,
) -> Activity:
    """One line of the feed; with `audience`, only the members of those parties see it."""
    values = {"actor": actor_name(actor)} if actor_name(actor) else {}
    if party is not None:
        values["party"] = str(party)
    values.update(data or {})
    activity = Activity.objects.create(
        partnership=partnership,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        party=party,
        verb=verb,
        data=values,
        restricted=audience is not None,
    )
    if audience is not None:
        activity.audience.set(list(audience))
    return activity


def people_of_parties(
    parties: Iterable[Party], *, action: str = Action.VIEW_PARTNERSHIP, exclude=None
) -> list:
    """Members of these parties' organisations whose role allows the action."""
    organisation_ids = [party.organisation_id for party in parties if party.organisation_id]
    memberships = Membership.objects.filter(organisation_id__in=organisation_ids).select_related(
        "user"
    )
    people = {}
    for membership in memberships:
        user = membership.user
        if not user.is_active or (exclude is not None and user.pk == exclude.pk):
            continue
        if role_allows(membership.role, action):
            people[user.pk] = user
    return list(people.values())


def active_parties(partnership: Partnership) -> list[Party]:
    return list(
        partnership.parties.filter(status=PartyStatus.ACTIVE).select_related("organisation")
    )


def notify(
    *,
    users: Iterable,
    partnership: Partnership | None,
    verb: str,
    url: str = "",
    data=None,
    actor=None,
) -> list[Notification]:
    """Tell each person in the site, and by e-mail once the transaction has committed."""
    values = {"actor": actor_name(actor)} if actor_name(actor) else {}
    values.update(data or {})
    if partnership is not None:
        values.setdefault("partnership", partnership.title)
    notifications = Notification.objects.bulk_create(
        [
            Notification(user=user, partnership=partnership, verb=verb, data=values, url=url)
            for user in users
        ]
    )
    # SQLite (3.35+) and PostgreSQL both return the new primary keys from bulk_create.
    ids = [notification.pk for notification in notifications]
    if ids:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: _enqueue_emails(ids, language), robust=True)
    return notifications


def _enqueue_emails(ids: list[int], language: str) -> None:
    from alliances.partnerships.tasks import notification_emails_send

    notification_emails_send.enqueue(notification_ids=ids, language=language)
