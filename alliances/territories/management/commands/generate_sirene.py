from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.territories.registers.generate.sirene import sirene_generate


class Command(BaseCommand):
    help = (
        "Write a synthetic SIRENE stock file of legal units and, optionally, of their "
        "establishments, with a share of bad rows, for tests and benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, metavar="OUT")
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--etablissements", type=Path, metavar="OUT2")
        parser.add_argument("--bad-share", type=float, default=0.02, metavar="SHARE")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, out, rows, etablissements=None, bad_share, seed, **options):
        if rows < 0 or not 0 <= bad_share <= 1:
            raise CommandError("--rows must be positive and --bad-share between 0 and 1.")
        reports = sirene_generate(
            out=out, rows=rows, etablissements=etablissements, bad_share=bad_share, seed=seed
        )
        for report in reports:
            bad = ", ".join(f"{kind} {count}" for kind, count in sorted(report.bad.items()))
            self.stdout.write(f"{report.path}: {report.rows} rows; bad rows: {bad or 'none'}")
