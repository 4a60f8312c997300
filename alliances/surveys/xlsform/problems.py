"""What an XLSForm import reports: problems by sheet and row, the result, the error."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    feature: str
    message: str

    def __str__(self) -> str:
        if self.row:
            return _("Sheet “%(sheet)s”, row %(row)s: %(message)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "message": self.message,
            }
        return self.message


@dataclass
class XLSFormResult:
    definition: dict
    title: str
    problems: list[Problem] = field(default_factory=list)  # always empty: problems refuse
    left_out: list[Problem] = field(default_factory=list)  # unsupported, left out on request
    notes: list[Problem] = field(default_factory=list)  # never collected, ignored columns


class XLSFormError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def file_problem(message: str) -> XLSFormError:
    return XLSFormError([Problem(sheet="", row=None, feature="file", message=message)])
