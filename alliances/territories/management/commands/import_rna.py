from pathlib import Path

from django.core.management.base import BaseCommand

from alliances.territories.registers.cli import add_import_arguments, numbered, run_imports
from alliances.territories.registers.rna import rna_import


class Command(BaseCommand):
    help = (
        "Import associations from RNA open-data exports (waldec or import layout, UTF-8 or "
        "Windows-1252). Idempotent; an interrupted file resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        add_import_arguments(parser)

    def handle(self, *args, files, rejects=None, restart=False, batch_size, **options):
        # call_command() passes options as given, without the parser's `type`.
        files = [Path(path) for path in files]
        rejects = Path(rejects) if rejects else None
        jobs = [
            (
                path,
                lambda path=path, index=index: [
                    rna_import(
                        path=path,
                        rejects=numbered(rejects, index),
                        restart=restart,
                        batch_size=batch_size,
                        stream=self.stderr,
                    )
                ],
            )
            for index, path in enumerate(files)
        ]
        run_imports(self, jobs)
