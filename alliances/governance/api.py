"""API endpoints of governance (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["governance"])
