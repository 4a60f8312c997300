from django.db import transaction

from alliances.accounts.models import User
from alliances.core.audit import audit_record


@transaction.atomic
def user_update_profile(*, user: User, full_name: str) -> User:
    user.full_name = full_name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name"])
    audit_record(actor=user, verb="user.profile_updated", obj=user)
    return user
