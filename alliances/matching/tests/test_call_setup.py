"""Calls for partners around Poitiers, for the tests of calls and proposals.

Time is frozen on TODAY (Monday 2 March 2026, Paris) by the tests that need it.
- The lead organisation (association, in Poitiers) publishes `call`: it seeks volunteers
  and premises in the commune of Poitiers, until 31 March, on SDG 4, scored on two criteria
  (60 + 40). Its `editor` wrote it.
- The company (`company_admin`, in Châtellerault) and the commune (`commune_admin`) may
  answer it; `outsider` is the administrator of another company, with no commune.
"""

from datetime import UTC, date, datetime

from alliances.matching.models import (
    Call,
    CallCriterion,
    CallKind,
    CallStatus,
    Proposal,
    ProposalScore,
)
from alliances.organisations.models import Cause
from alliances.territories.models import Territory, TerritoryKind
from alliances.test import PartnershipTestCase

TODAY = date(2026, 3, 2)
NOW = "2026-03-02 09:00 +0000"


def make_territory(kind, code, name, **fields) -> Territory:
    return Territory.objects.create(kind=kind, code=code, name=name, **fields)


def make_call(organisation, title="Tuteurs pour l'aide aux devoirs", *, criteria=None, **fields):
    fields.setdefault("kind", CallKind.NEED)
    fields.setdefault("description", "Nous cherchons des bénévoles pour l'aide aux devoirs.")
    fields.setdefault("resources_sought", ["volunteers", "premises"])
    fields.setdefault("deadline", date(2026, 3, 31))
    fields.setdefault("status", CallStatus.PUBLISHED)
    if fields["status"] == CallStatus.PUBLISHED:
        fields.setdefault("published_at", datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    call = Call.objects.create(organisation=organisation, title=title, **fields)
    for position, (label, weight) in enumerate(
        criteria or [("Proximité", 60), ("Disponibilité", 40)]
    ):
        CallCriterion.objects.create(call=call, label=label, weight=weight, position=position)
    return call


def make_answer(call, organisation, user, message="Nous pouvons aider.", **fields) -> Proposal:
    return Proposal.objects.create(
        call=call,
        from_organisation=organisation,
        to_organisation=call.organisation,
        message=message,
        created_by=user,
        **fields,
    )


def score(proposal, *marks) -> None:
    for criterion, mark in zip(proposal.call.criteria.all(), marks, strict=False):
        ProposalScore.objects.create(proposal=proposal, criterion=criterion, score=mark)


class CallTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.region = make_territory(TerritoryKind.REGION, "75", "Nouvelle-Aquitaine")
        cls.vienne = make_territory(TerritoryKind.DEPARTEMENT, "86", "Vienne", region=cls.region)
        cls.grand_poitiers = make_territory(
            TerritoryKind.EPCI,
            "200069854",
            "Grand Poitiers",
            departement=cls.vienne,
            region=cls.region,
        )
        cls.poitiers = make_territory(
            TerritoryKind.COMMUNE,
            "86194",
            "Poitiers",
            epci=cls.grand_poitiers,
            departement=cls.vienne,
            region=cls.region,
            latitude=46.5802,
            longitude=0.3404,
        )
        cls.chatellerault = make_territory(
            TerritoryKind.COMMUNE,
            "86066",
            "Châtellerault",
            departement=cls.vienne,
            region=cls.region,
            latitude=46.8178,
            longitude=0.5461,
        )
        cls.gironde = make_territory(TerritoryKind.DEPARTEMENT, "33", "Gironde", region=cls.region)
        cls.bordeaux = make_territory(
            TerritoryKind.COMMUNE,
            "33063",
            "Bordeaux",
            departement=cls.gironde,
            region=cls.region,
            latitude=44.8378,
            longitude=-0.5792,
        )
        cls.org.commune = cls.poitiers
        cls.org.save(update_fields=["commune"])
        cls.company.commune = cls.chatellerault
        cls.company.city = "Châtellerault"
        cls.company.save(update_fields=["commune", "city"])
        cls.call = make_call(cls.org, territory=cls.poitiers, created_by=cls.editor)
        cls.call.causes.set([Cause.objects.get(code="4")])
        cls.proximity, cls.availability = cls.call.criteria.all()
