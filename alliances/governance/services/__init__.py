"""Every write of shared governance, one module per area: committee and meetings, decisions,
actions, conflicts, health checks, calendar feeds and the weekly digest."""
