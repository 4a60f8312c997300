"""The partnership of PartnershipTestCase with people for the conflict register.

Extra personas: `company_editor` and `company_viewer` of the company, `commune_editor` of the
commune. `raise_conflict` opens a conflict through the service, as a given person.
"""

from django.urls import reverse

from alliances.core.permissions import Role
from alliances.governance.access import access_conflict_by_uuid
from alliances.governance.services.conflicts import conflict_raise
from alliances.partnerships.access import access_partnership_by_uuid
from alliances.test import PartnershipTestCase, add_member, make_user


class ConflictTestCase(PartnershipTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.company_editor = make_user("carla@example.org", full_name="Carla Company")
        cls.company_viewer = make_user("cyril@example.org", full_name="Cyril Company")
        cls.commune_editor = make_user("nina@example.org", full_name="Nina Commune")
        add_member(cls.company_editor, cls.company, Role.EDITOR)
        add_member(cls.company_viewer, cls.company, Role.VIEWER)
        add_member(cls.commune_editor, cls.commune, Role.EDITOR)

    def access(self, user):
        return access_partnership_by_uuid(user, self.partnership.uuid)

    def conflict_access(self, user, conflict):
        return access_conflict_by_uuid(user, self.partnership.uuid, conflict.uuid)

    def raise_conflict(self, *, by=None, party=None, named=None, informed=False, topic=None):
        """By default the company's administrator raises it, naming the commune."""
        by = by or self.company_admin
        return conflict_raise(
            access=self.access(by),
            actor=by,
            party=party or self.company_party,
            topic=topic or "Partage des locaux",
            description="La salle promise n'est libre qu'un mercredi sur deux.",
            parties=named if named is not None else [self.commune_party],
            coordinator_informed=informed,
        )

    def url(self, name, conflict=None):
        args = [self.partnership.uuid] + ([conflict.uuid] if conflict is not None else [])
        return reverse(f"governance:{name}", args=args)
