"""API endpoints of surveys (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["surveys"])
