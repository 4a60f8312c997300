"""API endpoints of territories (mounted by alliances.api)."""

from ninja import Router

router = Router(tags=["territories"])
