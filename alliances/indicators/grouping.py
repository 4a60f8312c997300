"""Disaggregation groups and small-cell protection, shared by entry, survey computation,
dashboards and exports."""

# No figure is shown, stored or exported for a group of fewer respondents than this.
SMALL_CELL_THRESHOLD = 5


def disaggregation_key(groups: dict | None) -> str:
    """The canonical key of a disaggregation: "gender=f|neighbourhood=Couronneries", "" for
    the total. Dimension order does not matter."""
    if not groups:
        return ""
    return "|".join(f"{name}={groups[name]}" for name in sorted(groups))


def parse_disaggregation_key(key: str) -> dict:
    if not key:
        return {}
    return dict(part.split("=", 1) for part in key.split("|"))


def is_small_cell(respondents: int | None) -> bool:
    return respondents is not None and respondents < SMALL_CELL_THRESHOLD
