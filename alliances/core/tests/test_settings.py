import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase, TestCase

from alliances.lib.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-with-more-than-fifty-characters-0123",
    "ALLOWED_HOSTS": "alliances.example.org",
    "DATABASE_URL": "",
    "IGNORE_DOTENV": "true",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Start from a clean slate: none of the project's variables (the test process may have
    # read them from a development .env), only those the case gives.
    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    full_env = {k: v for k, v in os.environ.items() if k not in documented}
    full_env.update(env)
    full_env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class DeploySettingsTests(SimpleTestCase):
    def test_check_deploy_passes_with_production_settings(self):
        result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_secret_key_is_required_when_debug_is_off(self):
        result = _manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)


class EnvHelperTests(SimpleTestCase):
    def test_booleans(self):
        with self.modify_env(FLAG="yes"):
            self.assertIs(env_bool("FLAG"), True)
        with self.modify_env(FLAG="off"):
            self.assertIs(env_bool("FLAG", True), False)
        with self.modify_env(FLAG=""):
            self.assertIs(env_bool("FLAG", True), True)
        with (
            self.modify_env(FLAG="maybe"),
            self.assertRaisesMessage(ImproperlyConfiguredEnv, "FLAG"),
        ):
            env_bool("FLAG")

    def test_integers_and_lists(self):
        with self.modify_env(N="12", L="a, b,,c"):
            self.assertEqual(env_int("N", 0), 12)
            self.assertEqual(env_list("L"), ["a", "b", "c"])
        with self.modify_env(N="twelve"), self.assertRaisesMessage(ImproperlyConfiguredEnv, "N"):
            env_int("N", 0)

    def modify_env(self, **values):
        from unittest import mock

        return mock.patch.dict(os.environ, values)


class StructuredLogTests(SimpleTestCase):
    def test_json_formatter_writes_one_object_per_line(self):
        from django.conf import settings
        from django.utils.module_loading import import_string

        config = settings.LOGGING["formatters"]["json"]
        formatter = import_string(config["()"])(
            config["fmt"], rename_fields=config["rename_fields"]
        )
        record = logging.LogRecord(
            "alliances.request", logging.INFO, __file__, 1, "request", (), None
        )
        record.status = 200
        line = formatter.format(record)
        payload = json.loads(line)
        self.assertEqual(payload["level"], "INFO")
        self.assertEqual(payload["logger"], "alliances.request")
        self.assertEqual(payload["status"], 200)


class RequestLogTests(TestCase):
    def test_each_request_logs_method_path_status_and_duration_without_query(self):
        with self.assertLogs("alliances.request", level="INFO") as logs:
            self.client.get("/healthz?token=secret-value")
        record = logs.records[-1]
        self.assertEqual((record.method, record.path, record.status), ("GET", "/healthz", 200))
        self.assertIsInstance(record.duration_ms, float)
        self.assertNotIn("secret-value", record.getMessage())


class DatabaseSettingsTests(SimpleTestCase):
    def test_sqlite_by_default_in_wal_mode_under_var(self):
        from unittest import mock

        from alliances import settings as project_settings

        with mock.patch.dict(os.environ, {"DATABASE_URL": ""}):
            config = project_settings._database()
        self.assertEqual(config["ENGINE"], "django.db.backends.sqlite3")
        self.assertIn("journal_mode=WAL", config["OPTIONS"]["init_command"])
        self.assertEqual(Path(config["NAME"]).parent, project_settings.VAR_DIR)

    def test_database_url_selects_postgresql(self):
        from unittest import mock

        from alliances import settings as project_settings

        url = "postgres://alliances:pw@db.example.org:5432/alliances"
        with mock.patch.dict(os.environ, {"DATABASE_URL": url}):
            config = project_settings._database()
        self.assertEqual(config["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual((config["HOST"], config["NAME"]), ("db.example.org", "alliances"))
