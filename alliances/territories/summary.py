"""The counts every import reports at its end, and writes next to its rejects file."""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class ImportSummary:
    source: str
    file_name: str = ""
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    seconds: float = 0.0
    rejects_file: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def add(self, other: "ImportSummary") -> None:
        for name in ("read", "inserted", "updated", "unchanged", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds
        self.notes.extend(other.notes)

    def as_dict(self) -> dict:
        return {**asdict(self), "rows_per_second": round(self.rate, 1)}

    def lines(self) -> list[str]:
        def n(value: int) -> str:
            return f"{value:,}".replace(",", " ")

        lines = [
            f"{self.file_name or self.source}: read {n(self.read)}, inserted {n(self.inserted)}, "
            f"updated {n(self.updated)}, unchanged {n(self.unchanged)}, "
            f"rejected {n(self.rejected)} in {self.seconds:.1f} s ({n(round(self.rate))} rows/s)"
        ]
        if self.rejects_file:
            lines.append(f"Rejected rows, with line numbers and reasons: {self.rejects_file}")
        lines.extend(self.notes)
        return lines

    def write_json(self, path: Path) -> None:
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
