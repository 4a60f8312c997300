"""API endpoints of organisations (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["organisations"])
