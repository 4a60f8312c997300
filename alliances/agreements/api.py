"""API endpoints of agreements (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["agreements"])
