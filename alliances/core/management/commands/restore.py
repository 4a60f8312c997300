"""Restore an archive written by `manage.py backup` (docs/backups.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.core.backups import BackupError, backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from an archive written by "
        "`manage.py backup`, into an empty database (or replace everything with --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erase the current database and uploaded files before restoring.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only read the archive and check it against its manifest; change nothing.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            if options["check"]:
                manifest = backup_check(archive=options["archive"], progress=self._progress)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{options['archive']} is complete: backup of {manifest['created_at']}, "
                        f"{len(manifest['tables'])} tables, {manifest['rows']} rows, "
                        f"{len(manifest['files'])} files."
                    )
                )
                return
            summary = backup_restore(
                archive=options["archive"], force=options["force"], progress=self._progress
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {summary.created_at} ({summary.vendor}): "
                f"{summary.tables} tables, {summary.rows} rows, {summary.files} files."
            )
        )

    def _progress(self, line: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(line)
