"""The shapes of an agreement's text: sections of paragraphs, lists, a table and clauses."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy

# The sections of every agreement, in order; clauses are stored under these keys.
SECTION_TITLES = {
    "parties": gettext_lazy("Parties and roles"),
    "purpose": gettext_lazy("Purpose and shared objectives"),
    "contributions": gettext_lazy("Contributions"),
    "workstreams": gettext_lazy("Responsibilities per workstream"),
    "governance": gettext_lazy("Governance"),
    "conflicts": gettext_lazy("Conflict resolution"),
    "communication": gettext_lazy("Communication and use of names and logos"),
    "data": gettext_lazy("Data sharing and personal data"),
    "duration": gettext_lazy("Duration, renewal and exit"),
    "signatures": gettext_lazy("Signatures"),
}
SECTION_KEYS = tuple(SECTION_TITLES)


@dataclass(frozen=True)
class Block:
    text: str
    item: bool = False  # one element of a bulleted list


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column's header, for tables stacked on narrow screens."""
        return [list(zip(self.headers, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Group:
    """Consecutive blocks shown together: one paragraph, or one bulleted list."""

    items: bool
    texts: tuple[str, ...]


def _groups(blocks: tuple[Block, ...]) -> list[Group]:
    groups: list[Group] = []
    for block in blocks:
        if block.item and groups and groups[-1].items:
            groups[-1] = Group(True, groups[-1].texts + (block.text,))
        else:
            groups.append(Group(block.item, (block.text,)))
    return groups


@dataclass(frozen=True)
class Section:
    key: str
    number: int
    title: str
    blocks: tuple[Block, ...]
    table: Table | None = None
    # How many blocks come before the table (the others follow it).
    table_at: int = 0
    clauses: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def groups_before_table(self) -> list[Group]:
        return _groups(self.blocks[: self.table_at] if self.table else self.blocks)

    @property
    def groups_after_table(self) -> list[Group]:
        return _groups(self.blocks[self.table_at :]) if self.table else []

    def lines(self) -> list[str]:
        """Every paragraph, table row and clause as plain text, for comparisons."""
        lines = [block.text for block in self.blocks]
        if self.table is not None:
            rows = [" · ".join(cell for cell in row if cell) for row in self.table.rows]
            lines[self.table_at : self.table_at] = rows
        return lines + list(self.clauses)


@dataclass(frozen=True)
class Signature:
    name: str
    on: date


@dataclass(frozen=True)
class Agreement:
    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Free text as paragraphs: blank lines separate them, single line breaks join."""
    paragraphs = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        joined = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        if joined:
            paragraphs.append(joined)
    return tuple(paragraphs)
