"""What an organisation does with a suggested partner: keep it for later, set it aside (and
why), or take that back. The suggestion selectors read these rows back, so a candidate set
aside is not suggested again to that organisation."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from alliances.core.audit import audit_record
from alliances.matching import features
from alliances.matching.models import DismissReason, FeedbackState, SuggestionFeedback
from alliances.matching.ranking import distance_km
from alliances.organisations.models import Organisation


def _refuse_itself(organisation: Organisation, candidate: Organisation) -> None:
    if organisation.pk == candidate.pk:
        raise ValidationError(
            _("An organisation cannot be its own partner suggestion."), code="itself"
        )


def _distance(organisation: Organisation, candidate: Organisation) -> float | None:
    """Kilometres between the two places, as the ranking measures them; None when unknown."""
    pair = Organisation.objects.filter(pk__in=[organisation.pk, candidate.pk])
    places = {found.id: found.place for found, _text in features.candidates_of(pair)}
    if organisation.pk not in places or candidate.pk not in places:
        return None
    return distance_km(places[organisation.pk], places[candidate.pk])


def _write(
    *,
    organisation: Organisation,
    candidate: Organisation,
    actor,
    values: dict,
) -> tuple[SuggestionFeedback, str]:
    """Create or update the one row of this pair; returns it and the state it had before."""
    row = (
        SuggestionFeedback.objects.select_for_update()
        .filter(organisation=organisation, candidate=candidate)
        .first()
    )
    before = row.state if row else ""
    if row is None:
        row = SuggestionFeedback(organisation=organisation, candidate=candidate)
    for name, value in values.items():
        setattr(row, name, value)
    row.user = actor if getattr(actor, "is_authenticated", False) else None
    row.full_clean(validate_constraints=False)
    try:
        # Two clicks at once both find no row; the second one updates what the first wrote.
        with transaction.atomic():
            row.save()
    except IntegrityError:
        row = SuggestionFeedback.objects.select_for_update().get(
            organisation=organisation, candidate=candidate
        )
        for name, value in values.items():
            setattr(row, name, value)
        row.user = actor if getattr(actor, "is_authenticated", False) else None
        row.save(update_fields=[*values, "user", "updated_at"])
    return row, before


@transaction.atomic
def suggestion_save(
    *, organisation: Organisation, candidate: Organisation, actor
) -> SuggestionFeedback:
    """Keep a suggested partner in the organisation's saved list (undoes a dismissal)."""
    _refuse_itself(organisation, candidate)
    row, before = _write(
        organisation=organisation,
        candidate=candidate,
        actor=actor,
        values={"state": FeedbackState.SAVED, "reason": "", "note": "", "distance_km": None},
    )
    audit_record(
        actor=actor,
        verb="suggestion.saved",
        obj=row,
        organisation_uuid=organisation.uuid,
        data={"candidate": str(candidate.uuid), "before": before},
    )
    return row


@transaction.atomic
def suggestion_dismiss(
    *,
    organisation: Organisation,
    candidate: Organisation,
    actor,
    reason: str,
    note: str = "",
) -> SuggestionFeedback:
    """Set a suggested partner aside, with the reason; it is not suggested again.

    The distance between the two is kept: "too far" also sets aside the candidates at least
    as far away."""
    _refuse_itself(organisation, candidate)
    if reason not in DismissReason.values:
        raise ValidationError(
            {"reason": _("Choose why you set this organisation aside.")}, code="reason"
        )
    row, before = _write(
        organisation=organisation,
        candidate=candidate,
        actor=actor,
        values={
            "state": FeedbackState.DISMISSED,
            "reason": reason,
            "note": " ".join((note or "").split()),
            "distance_km": _distance(organisation, candidate),
        },
    )
    audit_record(
        actor=actor,
        verb="suggestion.dismissed",
        obj=row,
        organisation_uuid=organisation.uuid,
        data={"candidate": str(candidate.uuid), "reason": reason, "before": before},
    )
    return row


@transaction.atomic
def suggestion_restore(*, organisation: Organisation, candidate: Organisation, actor) -> bool:
    """Forget what was done with a suggested partner: it is suggested again as any other.
    Returns False when there was nothing to forget."""
    _refuse_itself(organisation, candidate)
    row = (
        SuggestionFeedback.objects.select_for_update()
        .filter(organisation=organisation, candidate=candidate)
        .first()
    )
    if row is None:
        return False
    audit_record(
        actor=actor,
        verb="suggestion.restored",
        obj=row,
        organisation_uuid=organisation.uuid,
        data={"candidate": str(candidate.uuid), "before": row.state, "reason": row.reason},
    )
    row.delete()
    return True
