from allauth.account.models import EmailAddress
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


@transaction.atomic
def user_create_verified(
    *, email: str, full_name: str, password: str, is_staff: bool = False, interface: str
) -> User:
    """Create an account whose e-mail address is already confirmed (demo, administration)."""
    user = User(email=email.strip().lower(), full_name=full_name.strip(), is_staff=is_staff)
    user.is_superuser = is_staff
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    audit_record(actor=None, verb="user.created", obj=user, interface=interface)
    return user
