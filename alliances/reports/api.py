"""API endpoints of reports (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["reports"])
