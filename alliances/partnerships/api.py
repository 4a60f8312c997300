"""API endpoints of partnerships (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["partnerships"])
