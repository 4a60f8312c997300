from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.territories.registers.generate.rna import rna_generate


class Command(BaseCommand):
    help = (
        "Write a synthetic RNA export (realistic associations, real communes, a share of bad "
        "rows of every kind the import handles) for tests and benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, metavar="OUT")
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--layout", choices=["waldec", "import"], default="waldec")
        parser.add_argument("--encoding", choices=["utf-8", "cp1252"], default="utf-8")
        parser.add_argument("--bad-share", type=float, default=0.02, metavar="SHARE")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, out, rows, layout, encoding, bad_share, seed, **options):
        if rows < 0 or not 0 <= bad_share <= 1:
            raise CommandError("--rows must be positive and --bad-share between 0 and 1.")
        report = rna_generate(
            out=out, rows=rows, layout=layout, encoding=encoding, bad_share=bad_share, seed=seed
        )
        bad = ", ".join(f"{kind} {count}" for kind, count in sorted(report.bad.items()))
        self.stdout.write(
            f"{out}: {report.rows} rows ({layout}, {encoding}); bad rows: {bad or 'none'}"
        )
