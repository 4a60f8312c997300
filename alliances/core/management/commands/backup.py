"""One archive of the database and the uploaded files: `manage.py backup` (docs/backups.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.core.backups import BackupError, backup_create, human_size


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files to one .tar.gz archive "
        "(VAR_DIR/backups/alliances-backup-YYYYMMDD-HHMMSS.tar.gz unless --output is given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Where to write the archive.")
        parser.add_argument(
            "--keep-days",
            type=int,
            help="Afterwards, delete this command's archives older than this many days "
            "in the same folder.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        keep_days = options.get("keep_days")
        if keep_days is not None and keep_days < 1:
            raise CommandError("--keep-days must be 1 or more.")
        try:
            summary = backup_create(
                output=options.get("output"), keep_days=keep_days, progress=self._progress
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path} ({human_size(summary.size)}): "
                f"{summary.tables} tables, {summary.rows} rows, {summary.files} files "
                f"({human_size(summary.media_bytes)})."
            )
        )

    def _progress(self, line: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(line)
