"""What changed between two versions of an agreement, section by section.

Paragraphs are matched first; a paragraph that was rewritten is then compared word by word,
so a reader sees the few words that changed rather than two whole paragraphs.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from alliances.agreements.sections import Agreement, Section

EQUAL, INSERT, DELETE, CHANGE = "equal", "insert", "delete", "change"
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    kind: str  # equal, insert or delete
    text: str


@dataclass(frozen=True)
class LineDiff:
    kind: str  # equal, insert, delete or change
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading: str
    lines: tuple[LineDiff, ...]

    @property
    def changed(self) -> bool:
        return any(line.kind != EQUAL for line in self.lines)


# Below this share of words in common, a rewritten paragraph reads better as the old one
# removed and the new one added than as a patchwork of words.
SIMILAR_ENOUGH = 0.5


def _words(old: str, new: str) -> tuple[Segment, ...] | None:
    if SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio() < SIMILAR_ENOUGH:
        return None
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add(EQUAL, "".join(a[i1:i2]))
        else:
            add(DELETE, "".join(a[i1:i2]))
            add(INSERT, "".join(b[j1:j2]))
    return tuple(segments)


def _lines(old: list[str], new: list[str]) -> list[LineDiff]:
    lines: list[LineDiff] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [LineDiff(EQUAL, (Segment(EQUAL, text),)) for text in old[i1:i2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if op == "replace" else 0
        for before, after in zip(removed[:paired], added[:paired], strict=True):
            words = _words(before, after)
            if words is None:
                lines.append(LineDiff(DELETE, (Segment(DELETE, before),)))
                lines.append(LineDiff(INSERT, (Segment(INSERT, after),)))
            else:
                lines.append(LineDiff(CHANGE, words))
        lines += [LineDiff(DELETE, (Segment(DELETE, text),)) for text in removed[paired:]]
        lines += [LineDiff(INSERT, (Segment(INSERT, text),)) for text in added[paired:]]
    return lines


def agreement_compare(old: Agreement, new: Agreement) -> list[SectionDiff]:
    """One entry per section, in the order of the newer text."""
    before: dict[str, Section] = {section.key: section for section in old.sections}
    diffs = []
    for section in new.sections:
        previous = before.get(section.key)
        old_lines = previous.lines() if previous is not None else []
        diffs.append(
            SectionDiff(
                key=section.key,
                heading=section.heading,
                lines=tuple(_lines(old_lines, section.lines())),
            )
        )
    return diffs
