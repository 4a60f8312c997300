"""What parsers hand to writers, and what writers report back."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Row:
    """One organisation as a register describes it, ready to be written."""

    line: int
    key: str
    values: dict[str, Any]
    cause_ids: tuple[int, ...] = ()
    raw: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class WriteResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows about an organisation that is not in the directory (updates only).
    missing: int = 0
    # (line, reason) of rows written with a change, e.g. an identifier left out.
    warnings: list[tuple[int, str]] = field(default_factory=list)
