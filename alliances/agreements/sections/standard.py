"""The standard paragraphs every agreement carries, adapted to its dates and parties."""

from collections.abc import Mapping

from django.utils import formats
from django.utils.translation import gettext as _

from alliances.agreements.sections.generated import format_date
from alliances.agreements.sections.types import Block, Signature, Table


def conflicts():
    return [
        Block(_("Any disagreement between the parties is settled in three steps:")),
        Block(
            _(
                "Dialogue: the party raising the disagreement sets it out in writing to the "
                "steering committee, which meets within thirty days to seek an amicable "
                "solution."
            ),
            item=True,
        ),
        Block(
            _(
                "Mediation: failing an agreement, the parties call on a mediator they choose "
                "together; its costs are shared equally unless the parties agree otherwise."
            ),
            item=True,
        ),
        Block(
            _(
                "Exit: if the mediation fails within sixty days, any party may leave the "
                "partnership under the exit terms of this agreement."
            ),
            item=True,
        ),
        Block(
            _(
                "During these steps, the parties keep carrying out their commitments, as far "
                "as the disagreement allows."
            )
        ),
    ], None


def communication():
    return [
        Block(
            _(
                "Each party may say that it takes part in the partnership and name the other "
                "parties in its communication, in a way that is faithful to their "
                "respective roles."
            )
        ),
        Block(
            _(
                "Using the name, logo or brand of another party needs that party's prior "
                "written consent, for a stated purpose; the consent can be withdrawn at any "
                "time and ends with the agreement."
            )
        ),
        Block(
            _(
                "Public communication about the partnership and its results is agreed "
                "beforehand by the steering committee. No party speaks on behalf of "
                "another."
            )
        ),
    ], None


def data():
    return [
        Block(
            _(
                "The parties share the data needed for the partnership, and only those, "
                "through the platform wherever possible."
            )
        ),
        Block(
            _(
                "Where personal data are processed, each party complies with the General "
                "Data Protection Regulation (EU) 2016/679 (GDPR) and the French Data "
                "Protection Act (loi Informatique et Libertés)."
            )
        ),
        Block(
            _(
                "For each processing of personal data, the parties write down which party "
                "is the controller, or whether they are joint controllers (Article 26 "
                "GDPR), its purpose, its legal basis, the data processed and how long they "
                "are kept."
            )
        ),
        Block(
            _(
                "Only the data necessary for the purpose are collected. The people concerned "
                "are informed and may exercise their rights with any party, which forwards "
                "the request to the controller without delay."
            )
        ),
        Block(
            _(
                "Results are published only in aggregated form that identifies no one. Each "
                "party tells the others without delay of any personal data breach affecting "
                "shared data."
            )
        ),
    ], None


def duration(snapshot: Mapping):
    start = format_date(snapshot.get("starts_on"))
    end = format_date(snapshot.get("ends_on"))
    if start and end:
        term = _("This agreement takes effect on %(start)s and ends on %(end)s.")
    elif start:
        term = _("This agreement takes effect on %(start)s, for an indefinite period.")
    elif end:
        term = _(
            "This agreement takes effect once every party has approved it, and ends on %(end)s."
        )
    else:
        term = _(
            "This agreement takes effect once every party has approved it, for an "
            "indefinite period."
        )
    return [
        Block(term % {"start": start, "end": end}),
        Block(
            _(
                "It may be renewed or changed only by a new version approved by every "
                "party; it is never renewed tacitly."
            )
        ),
        Block(
            _(
                "Any party may leave the partnership by telling the steering committee in "
                "writing at least three months in advance. It honours the commitments made "
                "before its departure, and what it contributed stays attributed to it."
            )
        ),
        Block(
            _(
                "If a party seriously fails to meet its commitments and has not remedied it "
                "within one month of a written notice, the other parties may end its "
                "participation."
            )
        ),
    ], None


def signatures(parties: list[Mapping], approvals: Mapping[str, Signature]):
    """The closing words and a table: each party, who approved for it and when."""
    blocks = [
        Block(
            _(
                "This agreement is approved on the Alliances platform by an administrator of "
                "each party, on that party's behalf. Each approval refers to this version "
                "exactly: any change makes a new version, to be approved again."
            )
        )
    ]
    rows = []
    for party in parties:
        signature = approvals.get(party.get("uuid"))
        if signature is None:
            rows.append((party.get("name", ""), "", _("Awaiting approval")))
        else:
            rows.append(
                (
                    party.get("name", ""),
                    signature.name,
                    formats.date_format(signature.on, "DATE_FORMAT"),
                )
            )
    table = Table(headers=(_("Party"), _("Approved for the party by"), _("Date")), rows=tuple(rows))
    return blocks, table if rows else None
