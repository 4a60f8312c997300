"""What the register commands share: options, error messages, summary output."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alliances.territories.registers.engine import DEFAULT_BATCH, MissingColumns
from alliances.territories.summary import ImportSummary


def add_import_arguments(parser) -> None:
    parser.add_argument(
        "--rejects",
        type=Path,
        metavar="PATH",
        help="Rejects file (CSV: line;reason;raw); the summary JSON is written next to it. "
        "Default: var/imports/<source>-<timestamp>-<file>-rejects.csv.",
    )
    parser.add_argument(
        "--restart",
        action="store_true",
        help="Read an interrupted file again from the top instead of resuming it.",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH,
        metavar="N",
        help=f"Rows written and committed together (default {DEFAULT_BATCH}).",
    )


def numbered(path: Path | None, index: int) -> Path | None:
    """`--rejects` for the n-th file of a command given several."""
    if path is None or index == 0:
        return path
    return path.with_name(f"{path.stem}-{index + 1}{path.suffix}")


def run_imports(command: BaseCommand, jobs: list[tuple[Path, Callable[[], list[ImportSummary]]]]):
    """Run each import, print its summary; turn expected failures into CommandError."""
    # The progress line ends its lines itself (or redraws one in place on a terminal).
    ending, command.stderr.ending = command.stderr.ending, ""
    try:
        for path, job in jobs:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                summaries = job()
            except MissingColumns as exc:
                raise CommandError(f"{path}: {exc}") from exc
            except (OSError, UnicodeError) as exc:
                raise CommandError(f"{path}: cannot read the file ({exc})") from exc
            for summary in summaries:
                for line in summary.lines():
                    command.stdout.write(line)
    finally:
        command.stderr.ending = ending
