"""API endpoints of matching (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["matching"])
