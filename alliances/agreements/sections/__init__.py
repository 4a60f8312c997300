"""The text of an agreement, assembled from a version's content.

Pure: no database access. A version stores the structured data as it was when it was saved
(the snapshot), the workstreams and the free-text clauses; `agreement_assemble` turns them into
the ordered sections of the convention, in the language asked, so that the same version reads
and exports in French or English.
"""

from collections.abc import Mapping

from django.utils import translation
from django.utils.translation import gettext as _

from alliances.agreements.sections import standard
from alliances.agreements.sections.generated import DataText
from alliances.agreements.sections.types import (
    SECTION_KEYS,
    SECTION_TITLES,
    Agreement,
    Block,
    Group,
    Section,
    Signature,
    Table,
    split_paragraphs,
)

__all__ = [
    "SECTION_KEYS",
    "SECTION_TITLES",
    "Agreement",
    "Block",
    "Group",
    "Section",
    "Signature",
    "Table",
    "agreement_assemble",
    "split_paragraphs",
]


def agreement_assemble(
    *,
    content: Mapping,
    decision_rule: str,
    meeting_frequency: str,
    signatures: Mapping[str, Signature] | None = None,
    language: str | None = None,
) -> Agreement:
    """The whole text of one version: its title and its ten sections, in `language`."""
    snapshot = content.get("snapshot") or {}
    clauses = content.get("clauses") or {}
    workstreams = content.get("workstreams") or []
    with translation.override(language or translation.get_language()):
        text = DataText(snapshot)
        parties = list(snapshot.get("parties", []))
        builders = {
            "parties": text.parties,
            "purpose": text.purpose,
            "contributions": text.contributions,
            "workstreams": lambda: text.workstreams(workstreams),
            "governance": lambda: text.governance(decision_rule, meeting_frequency),
            "conflicts": standard.conflicts,
            "communication": standard.communication,
            "data": standard.data,
            "duration": lambda: standard.duration(snapshot),
            "signatures": lambda: standard.signatures(parties, signatures or {}),
        }
        sections = []
        for number, key in enumerate(SECTION_KEYS, start=1):
            blocks, table = builders[key]()
            sections.append(
                Section(
                    key=key,
                    number=number,
                    title=str(SECTION_TITLES[key]),
                    blocks=tuple(blocks),
                    table=table,
                    table_at=1 if key == "parties" else len(blocks),
                    clauses=split_paragraphs(clauses.get(key, "")),
                )
            )
        title = _("Partnership agreement: %(title)s") % {"title": snapshot.get("title", "")}
        return Agreement(title=title.strip(" :"), sections=tuple(sections))
