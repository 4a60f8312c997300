"""Schemathesis against the OpenAPI document: generated requests to every operation of every
app never get a server error nor an answer the document does not describe.

Requests go through the WSGI application in this thread, so they see the test's data (the
URL walk's partnership, with one object of each kind); path parameters are either generated
or the walk's real objects, so that both "not found" and real answers are exercised. Bounded
by hypothesis settings so that the module stays well under a minute and a half.
"""

from contextlib import contextmanager

import hypothesis
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from alliances.accounts.models import TokenScope
from alliances.accounts.tokens import token_create
from alliances.test import PartnershipTestCase
from alliances.tests.fixtures import partnership_fixture

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 12
# This operation revokes the token it is called with: it gets a token of its own each time.
SELF_REVOKING = "DELETE /api/v1/me/token"


@contextmanager
def connections_kept_open():
    """A WSGI request closes "old" database connections when it starts and ends; inside a test
    transaction that would throw the test's data away (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@override_settings(API_RATE_LIMIT_PER_MINUTE=0, ALLOWED_HOSTS=["*"])
class SchemathesisTests(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.walk = partnership_fixture(cls)
        # The coordinator's administrator may do everything the API offers.
        _token, cls.secret = token_create(
            user=cls.admin, name="Schemathesis", scope=TokenScope.WRITE
        )

    def known_path_parameters(self) -> dict:
        return {
            **{name: str(value) for name, value in self.walk.url_kwargs().items()},
            "organisation_uuid": str(self.org.uuid),
            "kind": "commune",
            "code": "86194",
        }

    def test_every_operation_conforms(self):
        with connections_kept_open():
            schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
        known = self.known_path_parameters()
        headers = {"Authorization": f"Bearer {self.secret}"}
        failures, tested = [], 0
        for result in schema.get_all_operations():
            operation = result.ok()
            names = [p.name for p in operation.path_parameters]
            strategies = [operation.as_strategy()]
            if names and all(name in known for name in names):
                real = {name: known[name] for name in names}
                strategies.append(operation.as_strategy(path_parameters=real))
            tested += 1

            @hypothesis.settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=st.one_of(*strategies))
            def run(case):
                sent = headers
                if case.operation.label == SELF_REVOKING:
                    _token, secret = token_create(user=self.admin, name="Jetable")
                    sent = {"Authorization": f"Bearer {secret}"}
                response = case.call(headers=sent)
                case.validate_response(response, checks=CHECKS, headers=sent)

            try:
                with connections_kept_open():
                    run()
            except (Exception, BaseExceptionGroup) as error:  # every operation: its failures
                failures.append(f"{operation.label}: {str(error)[:2000]}")
        self.assertGreater(tested, 5)
        self.assertEqual(failures, [], "\n\n".join(failures))
