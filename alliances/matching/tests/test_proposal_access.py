import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from alliances.core.permissions import Action, Role
from alliances.matching.access import (
    RECEIVER,
    SENDER,
    access_call_by_uuid,
    access_proposal_by_uuid,
)
from alliances.matching.models import CallStatus
from alliances.matching.tests.test_call_setup import (
    NOW,
    CallTestCase,
    make_answer,
    make_call,
    score,
)
from alliances.test import add_member

ALLOWED, FORBIDDEN, NOT_FOUND = "allowed", 403, 404


def outcome(check) -> str | int:
    try:
        check()
    except Http404:
        return NOT_FOUND
    except PermissionDenied:
        return FORBIDDEN
    return ALLOWED


class AccessTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin)
        cls.draft = make_call(cls.org, "Brouillon", status=CallStatus.DRAFT)

    def personas(self) -> dict:
        return {
            "anonymous": AnonymousUser(),
            "outsider": self.outsider,
            "viewer": self.viewer,
            "editor": self.editor,
            "admin": self.admin,
            "staff": self.staff,
            "partner": self.company_admin,
        }

    def assert_outcomes(self, check, expected: dict) -> None:
        actual = {name: outcome(lambda u=user: check(u)) for name, user in self.personas().items()}
        self.assertEqual(actual, expected)

    def test_reading_an_open_call(self):
        everyone = dict.fromkeys(self.personas(), ALLOWED)
        self.assert_outcomes(lambda user: access_call_by_uuid(user, self.call.uuid), everyone)

    def test_reading_a_draft(self):
        self.assert_outcomes(
            lambda user: access_call_by_uuid(user, self.draft.uuid),
            {
                "anonymous": NOT_FOUND,
                "outsider": NOT_FOUND,
                "viewer": ALLOWED,
                "editor": ALLOWED,
                "admin": ALLOWED,
                "staff": NOT_FOUND,
                "partner": NOT_FOUND,
            },
        )

    def test_writing_a_call(self):
        self.assert_outcomes(
            lambda user: access_call_by_uuid(user, self.call.uuid, need=Action.FIND_PARTNERS),
            {
                "anonymous": NOT_FOUND,
                "outsider": NOT_FOUND,
                "viewer": FORBIDDEN,
                "editor": ALLOWED,
                "admin": ALLOWED,
                "staff": NOT_FOUND,
                "partner": NOT_FOUND,
            },
        )

    def test_public_readers_act_for_nobody(self):
        access = access_call_by_uuid(self.outsider, self.call.uuid)
        self.assertFalse(access.is_member)
        self.assertFalse(access.can(Action.VIEW_MATCHING))
        access = access_call_by_uuid(self.viewer, self.call.uuid)
        self.assertTrue(access.can(Action.VIEW_MATCHING))
        self.assertFalse(access.can(Action.FIND_PARTNERS))

    def test_reading_a_proposal(self):
        self.assert_outcomes(
            lambda user: access_proposal_by_uuid(user, self.answer.uuid),
            {
                "anonymous": NOT_FOUND,
                "outsider": NOT_FOUND,
                "viewer": ALLOWED,
                "editor": ALLOWED,
                "admin": ALLOWED,
                "staff": NOT_FOUND,
                "partner": ALLOWED,
            },
        )
        self.assertEqual(access_proposal_by_uuid(self.viewer, self.answer.uuid).side, RECEIVER)
        self.assertEqual(access_proposal_by_uuid(self.company_admin, self.answer.uuid).side, SENDER)

    def test_deciding_is_for_the_receivers_editors(self):
        self.assert_outcomes(
            lambda user: access_proposal_by_uuid(
                user, self.answer.uuid, need=Action.FIND_PARTNERS, side=RECEIVER
            ),
            {
                "anonymous": NOT_FOUND,
                "outsider": NOT_FOUND,
                "viewer": FORBIDDEN,
                "editor": ALLOWED,
                "admin": ALLOWED,
                "staff": NOT_FOUND,
                "partner": FORBIDDEN,
            },
        )

    def test_changing_is_for_the_senders_editors(self):
        self.assert_outcomes(
            lambda user: access_proposal_by_uuid(
                user, self.answer.uuid, need=Action.FIND_PARTNERS, side=SENDER
            ),
            {
                "anonymous": NOT_FOUND,
                "outsider": NOT_FOUND,
                "viewer": FORBIDDEN,
                "editor": FORBIDDEN,
                "admin": FORBIDDEN,
                "staff": NOT_FOUND,
                "partner": ALLOWED,
            },
        )

    def test_a_member_of_both_sides(self):
        add_member(self.company_admin, self.org, Role.VIEWER)
        access = access_proposal_by_uuid(self.company_admin, self.answer.uuid)
        self.assertEqual(access.side, RECEIVER)
        access = access_proposal_by_uuid(
            self.company_admin, self.answer.uuid, need=Action.FIND_PARTNERS
        )
        self.assertEqual(access.side, SENDER)
        self.assertTrue(access.can_as(SENDER, Action.FIND_PARTNERS))
        self.assertFalse(access.can_as(RECEIVER, Action.FIND_PARTNERS))

    def test_unknown_or_malformed_ids(self):
        for check in (
            lambda: access_call_by_uuid(self.admin, "00000000-0000-0000-0000-000000000000"),
            lambda: access_call_by_uuid(self.admin, "nonsense"),
            lambda: access_proposal_by_uuid(self.admin, "00000000-0000-0000-0000-000000000000"),
            lambda: access_proposal_by_uuid(self.admin, "nonsense"),
        ):
            self.assertEqual(outcome(check), NOT_FOUND)


@time_machine.travel(NOW, tick=False)
class ProposalPageTests(CallTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.answer = make_answer(cls.call, cls.company, cls.company_admin, "Le mardi.")
        score(cls.answer, 5, 5)
        cls.url = reverse("matching:proposal_detail", args=[cls.answer.uuid])

    def test_each_side_sees_what_it_may_do(self):
        self.login(self.viewer)
        response = self.client.get(self.url)
        self.assertContains(response, "Le mardi.")
        self.assertContains(response, "Weighted total: <strong>100.0 / 100</strong>.")
        self.assertNotContains(response, 'id="decide"')
        self.assertNotContains(
            response, reverse("matching:proposal_withdraw", args=[self.answer.uuid])
        )
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'id="decide"')
        self.assertContains(response, 'name="score_0"')
        # The sender reads its proposal, not the receiver's scores.
        self.login(self.company_admin)
        response = self.client.get(self.url)
        self.assertContains(response, "Le mardi.")
        self.assertNotContains(response, "Weighted total")
        self.assertNotContains(response, 'id="decide"')
        self.assertContains(
            response, reverse("matching:proposal_withdraw", args=[self.answer.uuid])
        )
        self.assertContains(response, reverse("matching:proposal_edit", args=[self.answer.uuid]))

    def test_others_do_not_find_it(self):
        for user in (self.outsider, self.staff, self.commune_admin):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(None)
        self.assertEqual(self.client.get(self.url).status_code, 302)
