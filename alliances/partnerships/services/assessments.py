"""The opportunity assessment: a party's administrators save its answers as a draft, then
submit them, which locks them. When the last active party submits, the comparison opens.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.organisations.models import Resource
from alliances.partnerships.models import (
    Assessment,
    AssessmentStatus,
    Partnership,
    Party,
    PartyStatus,
    ValueKind,
)
from alliances.partnerships.services.activity import (
    active_parties,
    activity_record,
    notify,
    people_of_parties,
)

ANSWER_FIELDS = (
    "lacks",
    "lacks_resources",
    "our_bandwidth",
    "their_bandwidth",
    "bandwidth_note",
    "admin_load",
    "expected_benefit",
    "load_note",
    "non_negotiables",
    "shared_values",
    "gives",
    "gets",
    "exchange_note",
    "audience",
    "influencers",
    "expected_action",
    "success_measure",
    "holds_money",
    "asks_in_return",
    "guard_rails",
    "decision_rights",
)
LIST_CHOICES = {
    "lacks_resources": frozenset(Resource.values),
    "gives": frozenset(ValueKind.values),
    "gets": frozenset(ValueKind.values),
}


def essential_messages() -> dict[str, str]:
    """The questions a party must answer before submitting. Written answers may stay empty:
    an empty one raises a red flag in the comparison instead of blocking the party."""
    return {
        "our_bandwidth": _("Say how much time and commitment your party can give."),
        "their_bandwidth": _("Say how much time and commitment you expect from the others."),
        "admin_load": _("Say how heavy the administrative load looks to your party."),
        "expected_benefit": _("Say how large a benefit your party expects."),
        "decision_rights": _("Say who you expect to hold the decision rights."),
    }


def _ensure_open(partnership: Partnership, party: Party) -> None:
    if partnership.is_closed:
        raise ValidationError(
            _("This partnership is closed: its assessment can no longer change."), code="closed"
        )
    if party.status != PartyStatus.ACTIVE:
        raise ValidationError(
            _("Only a party taking part in the partnership answers the assessment."),
            code="inactive",
        )


def _locked(party: Party) -> tuple[Partnership, Party]:
    # Submissions of one partnership run one after the other, so that exactly one of them
    # sees that it is the last and opens the comparison.
    partnership = Partnership.objects.select_for_update(no_key=True).get(pk=party.partnership_id)
    party = Party.objects.select_related("organisation").get(pk=party.pk)
    return partnership, party


def _clean_lists(values: dict) -> dict:
    errors = {}
    for name, allowed in LIST_CHOICES.items():
        if name not in values:
            continue
        chosen = values[name]
        if not isinstance(chosen, list | tuple) or not set(chosen) <= allowed:
            errors[name] = _("Choose among the options offered.")
        else:
            values[name] = sorted(set(chosen))
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def assessment_save(*, party: Party, actor, data: Mapping) -> Assessment:
    """Save the party's answers as a draft; only the answer fields present in `data` change."""
    partnership, party = _locked(party)
    _ensure_open(partnership, party)
    assessment = Assessment.objects.filter(party=party).first() or Assessment(
        partnership=partnership, party=party
    )
    if assessment.is_submitted:
        raise ValidationError(
            _("Your party's answers are submitted and locked: they can no longer change."),
            code="submitted",
        )
    values = _clean_lists({name: data[name] for name in ANSWER_FIELDS if name in data})
    changed = [name for name, value in values.items() if getattr(assessment, name) != value]
    for name in changed:
        setattr(assessment, name, values[name])
    assessment.full_clean()
    if assessment.pk is None:
        assessment.save()
    elif changed:
        assessment.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        verb="assessment.saved",
        obj=assessment,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid), "fields": changed},
    )
    return assessment


@transaction.atomic
def assessment_submit(*, party: Party, actor) -> Assessment:
    """Lock the party's answers; tell the other parties, or everyone when it is the last."""
    partnership, party = _locked(party)
    _ensure_open(partnership, party)
    assessment = Assessment.objects.filter(party=party).first()
    if assessment is not None and assessment.is_submitted:
        raise ValidationError(_("Your party has already submitted its answers."), code="submitted")
    if assessment is None:
        assessment = Assessment(partnership=partnership, party=party)
    missing = {
        name: message
        for name, message in essential_messages().items()
        if getattr(assessment, name) in (None, "")
    }
    if missing:
        raise ValidationError(missing)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.full_clean()
    assessment.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    audit_record(
        actor=actor,
        verb="assessment.submitted",
        obj=assessment,
        organisation_uuid=party.organisation.uuid,
        data={"partnership": str(partnership.uuid)},
    )
    activity_record(partnership=partnership, actor=actor, verb="assessment.submitted", party=party)
    parties = active_parties(partnership)
    submitted = Assessment.objects.filter(
        party__in=parties, status=AssessmentStatus.SUBMITTED
    ).count()
    if submitted == len(parties):
        activity_record(partnership=partnership, actor=actor, verb="assessment.all_submitted")
        notify(
            users=people_of_parties(parties, exclude=actor),
            partnership=partnership,
            verb="assessment.all_submitted",
            url=reverse("partnerships:assessment_comparison", args=[partnership.uuid]),
            actor=actor,
        )
    else:
        notify(
            users=people_of_parties([p for p in parties if p.pk != party.pk], exclude=actor),
            partnership=partnership,
            verb="assessment.submitted",
            url=reverse("partnerships:assessment", args=[partnership.uuid]),
            data={"party": str(party)},
            actor=actor,
        )
    return assessment
