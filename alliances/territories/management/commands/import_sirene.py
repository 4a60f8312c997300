from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.territories.registers.cli import add_import_arguments, numbered, run_imports
from alliances.territories.registers.sirene import sirene_import


class Command(BaseCommand):
    help = (
        "Import companies from the SIRENE stock file of legal units (StockUniteLegale) and, "
        "with --etablissements, the addresses of their head offices (StockEtablissement). "
        "Idempotent; an interrupted file resumes where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--etablissements",
            type=Path,
            metavar="FILE",
            help="StockEtablissement file: head offices give address and commune.",
        )
        add_import_arguments(parser)

    def handle(self, *args, file, etablissements=None, rejects=None, restart=False, **options):
        # call_command() passes options as given, without the parser's `type`.
        etablissements = Path(etablissements) if etablissements else None
        rejects = Path(rejects) if rejects else None
        if etablissements is not None and not etablissements.is_file():
            raise CommandError(f"No such file: {etablissements}")
        run_imports(
            self,
            [
                (
                    file,
                    lambda: sirene_import(
                        path=file,
                        etablissements=etablissements,
                        rejects=rejects,
                        etablissements_rejects=numbered(rejects, 1),
                        restart=restart,
                        batch_size=options["batch_size"],
                        stream=self.stderr,
                    ),
                )
            ],
        )
