"""What every page may show of partnerships: the unread notifications in the menu, and the
user's partnerships on the home page. Both are computed only if a template asks for them."""

from functools import cache

from alliances.partnerships.selectors import workspace as selectors


def partnerships(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    # Templates call callables when they read them: nothing is queried on pages that do
    # not show these, and each is queried once per page.
    @cache
    def unread_notifications() -> int:
        return selectors.unread_notification_count_for_user(user=user)

    @cache
    def my_partnerships() -> list:
        return selectors.partnerships_for_user(user=user)

    @cache
    def my_party_invitations() -> list:
        return list(selectors.party_invitations_for_user(user=user))

    return {
        "unread_notifications": unread_notifications,
        "my_partnerships": my_partnerships,
        "my_party_invitations": my_party_invitations,
    }
