"""API endpoints of indicators (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["indicators"])
