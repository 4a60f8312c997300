"""Backups: one archive holding the database and the uploaded files, restored on any machine.

The database is written row by row through Django's serializers (JSON lines, primary keys
kept, natural keys off) rather than with `pg_dump` or `sqlite3 .backup`: the archive then
needs no client tools to write or read, restores into SQLite or PostgreSQL whichever made
it, and is checked table by table against its manifest. Content types and permissions are
kept with their primary keys, so generic relations and granted permissions survive; what
`migrate` creates in the target is replaced by the backup's rows in the same transaction.

Archive layout (a .tar.gz):
    manifest.json    format, creation time, vendor, migration state, rows per table, files
    database.jsonl   one object per line, every table of every installed app
    media/...        the files under MEDIA_ROOT
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "alliances-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA_PREFIX = "media/"
ARCHIVE_PATTERN = re.compile(r"^alliances-backup-(\d{8})-(\d{6})\.tar\.gz$")
# Rows that `migrate` itself writes into a new database: their presence does not make a
# database "in use". Data migrations that fill a table must add it here (a test checks).
FILLED_BY_MIGRATE = frozenset(
    {"contenttypes.contenttype", "auth.permission", "organisations.cause"}
)
_BATCH = 500

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in plain words."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    size: int
    tables: int
    rows: int
    files: int
    media_bytes: int


@dataclass(frozen=True)
class RestoreSummary:
    tables: int
    rows: int
    files: int
    vendor: str
    created_at: str


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup keeps every digit."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _noop(message: str) -> None:
    """The default progress reporter: says nothing (commands pass their own)."""


def backup_models() -> list:
    """Every table Django manages: each model of each installed app, many-to-many tables
    included (as rows of their own), proxies and unmanaged models left out."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _stored_fields(model) -> list:
    return [field for field in model._meta.local_concrete_fields if not field.generated]


def migration_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The latest applied migration(s) of each app: what the rows' shape depends on."""
    loader = MigrationLoader(connections[using])
    applied = set(loader.applied_migrations)
    latest: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        children = loader.graph.node_map[(app_label, name)].children
        if not any(child.key[0] == app_label and child.key in applied for child in children):
            latest.setdefault(app_label, []).append(name)
    return latest


def code_migration_state() -> dict[str, list[str]]:
    """The latest migration(s) of each app in this version of the code."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    latest: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.graph.leaf_nodes()):
        latest.setdefault(app_label, []).append(name)
    return latest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under MEDIA_ROOT with their archive names (links are not followed)."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _dump_database(stream, *, using: str, progress: Progress) -> dict[str, int]:
    """Write every row of every table to `stream`; return rows per table."""
    connection = connections[using]
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every table, even while the site keeps writing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        for model in backup_models():
            label = model._meta.label_lower
            fields = [field.name for field in _stored_fields(model)]
            queryset = model._base_manager.using(using).order_by("pk")
            written = 0

            def rows(queryset=queryset):
                nonlocal written
                for obj in queryset.iterator(chunk_size=2000):
                    written += 1
                    yield obj

            serializers.serialize("jsonl", rows(), stream=stream, fields=fields, cls=_ExactEncoder)
            counts[label] = written
            if written:
                progress(f"  {label}: {written} rows")
    return counts


def backup_create(
    *,
    output: Path | None = None,
    keep_days: int | None = None,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress = _noop,
) -> BackupSummary:
    """Write one archive of the database and MEDIA_ROOT; return what it holds."""
    now = timezone.now()
    if output is None:
        stamp = now.strftime("%Y%m%d-%H%M%S")
        output = Path(settings.VAR_DIR) / "backups" / f"alliances-backup-{stamp}.tar.gz"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    vendor = connections[using].vendor

    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".backup-") as work:
        work = Path(work)
        progress(f"Reading the database ({vendor})…")
        dump_path = work / DATABASE
        with dump_path.open("w", encoding="utf-8") as stream:
            counts = _dump_database(stream, using=using, progress=progress)
        rows = sum(counts.values())
        progress(f"Database: {len(counts)} tables, {rows} rows.")

        progress("Reading the uploaded files…")
        files = []
        for path, name in _media_files(media_root):
            files.append({"path": name, "size": path.stat().st_size, "sha256": _sha256(path)})
        media_bytes = sum(entry["size"] for entry in files)
        progress(f"Uploaded files: {len(files)} ({human_size(media_bytes)}).")

        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "database": {
                "vendor": vendor,
                "file": DATABASE,
                "size": dump_path.stat().st_size,
                "sha256": _sha256(dump_path),
            },
            "migrations": migration_state(using),
            "tables": counts,
            "rows": rows,
            "files": files,
        }
        manifest_path = work / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")

        progress(f"Writing {output}…")
        partial = output.with_name(output.name + ".partial")
        # The archive holds personal data and password hashes: readable by its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(dump_path, arcname=DATABASE)
            for entry in files:
                tar.add(media_root / entry["path"], arcname=MEDIA_PREFIX + entry["path"])
        os.replace(partial, output)

    if keep_days is not None:
        for old in backups_prune(directory=output.parent, keep_days=keep_days, now=now):
            progress(f"Removed the old backup {old.name}.")
    return BackupSummary(
        path=output,
        size=output.stat().st_size,
        tables=len(counts),
        rows=rows,
        files=len(files),
        media_bytes=media_bytes,
    )


def backups_prune(*, directory: Path, keep_days: int, now: datetime.datetime) -> list[Path]:
    """Delete the archives named by `backup_create` that are older than `keep_days` days."""
    limit = (now - datetime.timedelta(days=keep_days)).strftime("%Y%m%d%H%M%S")
    removed = []
    for path in sorted(Path(directory).iterdir()):
        match = ARCHIVE_PATTERN.match(path.name)
        if match and match.group(1) + match.group(2) < limit and path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def _safe_media_name(name: str) -> str | None:
    relative = PurePosixPath(name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        return None
    return relative.as_posix()


def _unpack(archive: Path, work: Path) -> dict:
    """Extract the archive into `work`, checking every member against the manifest."""
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist.")
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                name = member.name
                if name in (MANIFEST, DATABASE):
                    target = work / name
                elif name.startswith(MEDIA_PREFIX) and member.isfile():
                    relative = _safe_media_name(name)
                    if relative is None:
                        raise BackupError(f"{archive} holds a file outside the media folder.")
                    target = work / "media" / relative
                elif member.isdir():
                    continue
                else:
                    raise BackupError(f"{archive} holds an unexpected entry: {name}.")
                if not member.isfile():
                    raise BackupError(f"{archive} holds an unexpected entry: {name}.")
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("wb") as destination:
                    shutil.copyfileobj(source, destination, 1024 * 1024)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(f"{archive} is not a readable backup archive ({exc}).") from exc

    manifest_path = work / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{archive} is not an Alliances backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"The manifest of {archive} is damaged ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not an Alliances backup.")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} uses backup format {manifest.get('version')}; this version of "
            f"Alliances reads format {FORMAT_VERSION}."
        )
    try:
        expected_database = manifest["database"]["sha256"]
        expected_files = {entry["path"]: entry for entry in manifest["files"]}
        if not isinstance(manifest["tables"], dict):
            raise TypeError("tables")
    except (KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"The manifest of {archive} is incomplete ({exc}).") from exc
    dump = work / DATABASE
    if not dump.is_file() or _sha256(dump) != expected_database:
        raise BackupError(f"The database in {archive} is missing or damaged.")
    found = {name for _path, name in _media_files(work / "media")}
    if found != set(expected_files):
        raise BackupError(f"The uploaded files in {archive} do not match its manifest.")
    for name, entry in expected_files.items():
        if _sha256(work / "media" / name) != entry["sha256"]:
            raise BackupError(f"The file {name} in {archive} is damaged.")
    return manifest


def backup_check(*, archive: Path, progress: Progress = _noop) -> dict:
    """Read a whole archive and check it, touching nothing; return its manifest."""
    with tempfile.TemporaryDirectory(prefix=".backup-check-") as work:
        manifest = _unpack(Path(archive), Path(work))
        _check_migrations(manifest)
    progress("The archive is complete and matches its manifest.")
    return manifest


def _check_migrations(manifest: dict) -> None:
    ours = code_migration_state()
    theirs = manifest.get("migrations") or {}
    differences = [
        f"{app}: backup {', '.join(theirs.get(app, [])) or 'none'}, "
        f"here {', '.join(ours.get(app, [])) or 'none'}"
        for app in sorted(set(ours) | set(theirs))
        if sorted(ours.get(app, [])) != sorted(theirs.get(app, []))
    ]
    if differences:
        raise BackupError(
            "This backup was made with another version of the database structure ("
            + "; ".join(differences)
            + "). Restore it with the version of Alliances that made it, then upgrade."
        )


def database_rows_in_use(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Tables holding rows that `migrate` did not write: a database in use."""
    counts = {}
    for model in backup_models():
        label = model._meta.label_lower
        if label in FILLED_BY_MIGRATE:
            continue
        count = model._base_manager.using(using).count()
        if count:
            counts[label] = count
    return counts


def _load_database(dump: Path, *, using: str, progress: Progress) -> dict[str, int]:
    """Replace every table's rows by the dump's, in the caller's transaction."""
    connection = connections[using]
    models = backup_models()
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
            cursor.execute(statement)

    counts: dict[str, int] = {}
    batch: list = []
    batch_model = None

    def flush_batch():
        if not batch:
            return
        fields = _stored_fields(batch_model)
        size = max(1, connection.ops.bulk_batch_size(fields, batch) or _BATCH)
        for start in range(0, len(batch), min(size, _BATCH)):
            # raw=True, as loaddata does: stored values go in as they are, so auto_now
            # fields and defaults are not recomputed. Batched, unlike loaddata's row by row.
            batch_model._base_manager.using(using)._insert(
                batch[start : start + min(size, _BATCH)], fields=fields, raw=True, using=using
            )
        label = batch_model._meta.label_lower
        counts[label] = counts.get(label, 0) + len(batch)
        batch.clear()

    with dump.open(encoding="utf-8") as stream:
        for item in serializers.deserialize("jsonl", stream, using=using):
            model = type(item.object)
            if model is not batch_model or len(batch) >= _BATCH * 4:
                flush_batch()
                if model is not batch_model and batch_model is not None:
                    label = batch_model._meta.label_lower
                    progress(f"  {label}: {counts.get(label, 0)} rows")
                batch_model = model
            batch.append(item.object)
        flush_batch()
        if batch_model is not None:
            label = batch_model._meta.label_lower
            progress(f"  {label}: {counts.get(label, 0)} rows")

    connection.check_constraints()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return counts


def _restore_media(source: Path, media_root: Path, *, replace: bool) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    if replace:
        for child in media_root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    restored = 0
    for path, name in _media_files(source):
        target = media_root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        restored += 1
    return restored


def backup_restore(
    *,
    archive: Path,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress = _noop,
) -> RestoreSummary:
    """Restore an archive into an empty database and MEDIA_ROOT (or replace them: `force`)."""
    archive = Path(archive)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as work:
        work = Path(work)
        progress(f"Reading {archive}…")
        manifest = _unpack(archive, work)
        _check_migrations(manifest)
        progress(
            f"Backup of {manifest['created_at']} from {manifest['database']['vendor']}: "
            f"{len(manifest['tables'])} tables, {manifest['rows']} rows, "
            f"{len(manifest['files'])} files."
        )

        progress("Applying migrations…")
        call_command("migrate", database=using, interactive=False, verbosity=0)
        in_use = database_rows_in_use(using)
        media_in_use = any(True for _ in _media_files(media_root))
        if (in_use or media_in_use) and not force:
            what = []
            if in_use:
                examples = ", ".join(sorted(in_use)[:3])
                what.append(f"the database holds {sum(in_use.values())} rows ({examples}…)")
            if media_in_use:
                what.append(f"{media_root} holds files")
            raise BackupError(
                "Nothing was restored: "
                + " and ".join(what)
                + ". Restore into an empty database, or add --force to erase everything first."
            )
        if in_use or media_in_use:
            progress("Erasing the current data (--force)…")

        progress("Loading the database…")
        try:
            with transaction.atomic(using=using):
                counts = _load_database(work / DATABASE, using=using, progress=progress)
        except (DeserializationError, DatabaseError) as exc:
            raise BackupError(
                f"Nothing was restored: the database could not be loaded ({exc})."
            ) from exc
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()

        progress("Restoring the uploaded files…")
        files = _restore_media(work / "media", media_root, replace=force)

    mismatches = backup_verify_counts(manifest=manifest, using=using)
    if mismatches:
        raise BackupError(
            "The restored database does not match the backup: "
            + "; ".join(
                f"{label}: {found} rows instead of {expected}"
                for label, (expected, found) in sorted(mismatches.items())
            )
            + "."
        )
    progress(f"Row counts match the backup for all {len(manifest['tables'])} tables.")
    return RestoreSummary(
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        vendor=manifest["database"]["vendor"],
        created_at=manifest["created_at"],
    )


def backup_verify_counts(*, manifest: dict, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Tables whose row count differs from the manifest: {label: (expected, found)}."""
    mismatches = {}
    for label, expected in manifest["tables"].items():
        try:
            model = apps.get_model(label)
        except LookupError:
            mismatches[label] = (expected, 0)
            continue
        found = model._base_manager.using(using).count()
        if found != expected:
            mismatches[label] = (expected, found)
    return mismatches


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
