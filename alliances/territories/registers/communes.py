"""The communes of the territory tables, loaded once per import: INSEE code → (id, name)."""

from alliances.territories.models import Territory, TerritoryKind
from alliances.territories.registers.values import parent_commune


class CommuneIndex:
    """Territory may be empty or partial: an unknown code simply has no commune."""

    def __init__(self) -> None:
        self.by_code: dict[str, tuple[int, str]] = {
            code: (pk, name)
            for code, pk, name in Territory.objects.filter(kind=TerritoryKind.COMMUNE).values_list(
                "code", "pk", "name"
            )
        }

    def find(self, code: str) -> tuple[int, str] | tuple[None, str]:
        """(territory id, name) of a commune code, or (None, "")."""
        if not code:
            return None, ""
        found = self.by_code.get(code)
        if found is None:
            found = self.by_code.get(parent_commune(code))
        return found if found is not None else (None, "")
