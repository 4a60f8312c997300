from django import template

register = template.Library()


@register.filter
def can(access, action: str) -> bool:
    """{% if access|can:"members.manage" %}: asks the permission layer, never a role."""
    return bool(access) and access.can(action)
