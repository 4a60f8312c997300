"""Backing up and restoring: every table and every uploaded file comes back as it was."""

import datetime
import io
import json
import shutil
import tarfile
import tempfile
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase, TransactionTestCase

from alliances.core import backups
from alliances.core.audit import audit_record
from alliances.core.permissions import Role
from alliances.organisations.models import Kind
from alliances.partnerships.models import Contribution, ContributionKind, PartyRole
from alliances.test import add_member, make_organisation, make_partnership, make_user

LOGO = b"\x89PNG\r\n\x1a\n not really a picture, but bytes all the same \x00\xff"


def every_table() -> dict[str, list[dict]]:
    """Each model of each installed app (many-to-many tables too): its rows, ordered by pk."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def media_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def build_dataset():
    """People, organisations, a partnership with parties and contributions, a group with
    permissions, audit rows, a datetime with microseconds and an uploaded logo."""
    lead = make_organisation("Maison des Trois-Cités", kind=Kind.ASSOCIATION, city="Poitiers")
    company = make_organisation("Solidaires Industries", kind=Kind.COMPANY)
    commune = make_organisation("Ville de Poitiers", kind=Kind.COMMUNE)
    alice = make_user("alice@example.org", full_name="Alice Admin")
    paula = make_user("paula@example.org", full_name="Paula Partner")
    add_member(alice, lead, Role.ADMIN)
    add_member(paula, company, Role.EDITOR)
    partnership, parties = make_partnership(
        "Réussir au collège",
        coordinator=lead,
        partners=[(company, [PartyRole.FUNDER]), (commune, [PartyRole.PUBLIC_ENABLER])],
    )
    Contribution.objects.create(
        partnership=partnership,
        party=parties[company.pk],
        kind=ContributionKind.MONEY,
        description="Subvention 2026",
        planned_amount=Decimal("12500.50"),
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        recorded_by=paula,
    )
    group = Group.objects.create(name="Relecteurs")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_")[:3])
    alice.groups.add(group)
    alice.last_login = datetime.datetime(2026, 3, 4, 5, 6, 7, 123456, tzinfo=datetime.UTC)
    alice.save(update_fields=["last_login"])
    audit_record(actor=alice, verb="partnership.create", obj=partnership, data={"é": [1, 2.5]})

    logo = Path(settings.MEDIA_ROOT) / "logos" / "2026" / "maison.png"
    logo.parent.mkdir(parents=True, exist_ok=True)
    logo.write_bytes(LOGO)
    lead.logo.name = "logos/2026/maison.png"
    lead.save(update_fields=["logo"])


class BackupRoundTripTests(TransactionTestCase):
    """Restore uses its own transaction and empties tables: a real database, committed."""

    serialized_rollback = True

    def setUp(self):
        work = Path(tempfile.mkdtemp(prefix="alliances-backup-test-"))
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        self.archive = work / "backup.tar.gz"
        build_dataset()
        self.tables = every_table()
        self.files = media_files()
        out = io.StringIO()
        call_command("backup", output=self.archive, stdout=out)
        self.backup_output = out.getvalue()

    def assert_restored(self):
        ContentType.objects.clear_cache()
        restored = every_table()
        self.assertEqual(set(restored), set(self.tables))
        for label, rows in self.tables.items():
            self.assertEqual(restored[label], rows, label)
        self.assertEqual(media_files(), self.files)

    def test_restore_into_an_emptied_database_brings_back_every_table_and_file(self):
        self.assertIn("Backup written to", self.backup_output)
        self.assertGreater(sum(len(rows) for rows in self.tables.values()), 300)
        self.assertEqual(self.files, {"logos/2026/maison.png": LOGO})

        call_command("flush", interactive=False, verbosity=0)
        shutil.rmtree(settings.MEDIA_ROOT)
        ContentType.objects.clear_cache()
        self.assertNotEqual(every_table(), self.tables)

        out = io.StringIO()
        call_command("restore", self.archive, stdout=out)

        self.assertIn("Row counts match the backup", out.getvalue())
        self.assert_restored()

    def test_restore_refuses_a_database_in_use_then_replaces_it_with_force(self):
        make_user("newcomer@example.org")

        with self.assertRaisesMessage(CommandError, "Nothing was restored"):
            call_command("restore", self.archive, verbosity=0)
        self.assertEqual(len(every_table()["accounts.user"]), len(self.tables["accounts.user"]) + 1)

        (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("left from before")
        call_command("restore", self.archive, force=True, verbosity=0)

        self.assert_restored()


class BackupArchiveTests(TestCase):
    """Archives that are not backups, or damaged ones, are refused before anything changes."""

    def setUp(self):
        work = Path(tempfile.mkdtemp(prefix="alliances-backup-test-"))
        self.addCleanup(shutil.rmtree, work, ignore_errors=True)
        self.work = work
        make_user("alice@example.org")
        self.archive = work / "backup.tar.gz"
        call_command("backup", output=self.archive, verbosity=0)

    def rewrite(self, *, manifest=None, database=None) -> Path:
        """A copy of the archive with its manifest or database changed."""
        with tarfile.open(self.archive) as tar:
            members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
        if manifest:
            data = json.loads(members["manifest.json"])
            manifest(data)
            members["manifest.json"] = json.dumps(data).encode()
        if database:
            members["database.jsonl"] = database(members["database.jsonl"])
        target = self.work / "changed.tar.gz"
        with tarfile.open(target, "w:gz") as tar:
            for name, content in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
        return target

    def assert_refused(self, archive: Path, message: str):
        with self.assertRaisesMessage(CommandError, message):
            call_command("restore", archive, force=True, verbosity=0)
        self.assertTrue(
            apps.get_model("accounts.user").objects.filter(email="alice@example.org").exists()
        )

    def test_a_file_that_is_not_an_archive(self):
        junk = self.work / "notes.tar.gz"
        junk.write_text("not an archive")
        self.assert_refused(junk, "is not a readable backup archive")

    def test_a_truncated_archive(self):
        truncated = self.work / "truncated.tar.gz"
        content = self.archive.read_bytes()
        truncated.write_bytes(content[: len(content) // 2])
        self.assert_refused(truncated, "is not a readable backup archive")

    def test_an_archive_without_manifest(self):
        other = self.work / "other.tar.gz"
        with tarfile.open(other, "w:gz") as tar:
            tar.add(self.archive, arcname="media/something.tar.gz")
        self.assert_refused(other, "is not an Alliances backup: it has no manifest.json")

    def test_an_archive_whose_database_was_changed(self):
        damaged = self.rewrite(database=lambda content: content.replace(b"alice", b"alicia"))
        self.assert_refused(damaged, "The database in")

    def test_an_unknown_format_version(self):
        future = self.rewrite(manifest=lambda data: data.update(version=99))
        self.assert_refused(future, "uses backup format 99")

    def test_a_backup_of_another_database_structure(self):
        def older(data):
            data["migrations"]["accounts"] = ["0001_initial"]

        self.assert_refused(self.rewrite(manifest=older), "another version of the database")

    def test_check_reads_the_archive_without_changing_anything(self):
        out = io.StringIO()
        call_command("restore", self.archive, check=True, stdout=out)
        self.assertIn("is complete", out.getvalue())

    def test_a_freshly_migrated_database_counts_as_empty(self):
        apps.get_model("accounts.user").objects.all().delete()
        self.assertEqual(backups.database_rows_in_use(), {})


class BackupPruneTests(SimpleTestCase):
    def test_keep_days_removes_only_older_archives_of_ours(self):
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            names = [
                "alliances-backup-20260101-020000.tar.gz",
                "alliances-backup-20260110-020000.tar.gz",
                "alliances-backup-20260114-020000.tar.gz",
                "something-else-20200101.tar.gz",
            ]
            for name in names:
                (folder / name).write_text("x")
            now = datetime.datetime(2026, 1, 15, 3, 0, tzinfo=datetime.UTC)

            removed = backups.backups_prune(directory=folder, keep_days=7, now=now)

            self.assertEqual([path.name for path in removed], [names[0]])
            self.assertEqual(sorted(p.name for p in folder.iterdir()), sorted(names[1:]))
