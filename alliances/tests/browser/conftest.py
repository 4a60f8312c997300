"""Browser journeys: one production-like server with the demo data, one Chromium, for the session.

The server is gunicorn with deploy/gunicorn.conf.py and DEBUG off, on a database of its own
(a temporary SQLite file, or "<name>_e2e" next to the PostgreSQL database of DATABASE_URL),
loaded with `migrate` and `load_demo`. It writes each e-mail to a file, which tests read with
`demo_server.mails()`. The tests talk to it over HTTP only: they need no test database.
"""

import contextlib
import fcntl
import hashlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from alliances.lib.child_gunicorn import gunicorn_command, loopback_environment
from alliances.tests.browser.support import ROOT, ensure_browser_packages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DIR = ROOT / "var" / "e2e"
# Files whose change may change the demo database: code, fixtures, register extracts.
DEMO_SOURCES = {".py", ".csv", ".json", ".xlsx", ".xml", ".xsd"}


class DemoServer:
    def __init__(self, *, port: int, mail_dir: Path, log_path: Path):
        self.base_url = f"http://127.0.0.1:{port}"
        self.mail_dir = mail_dir
        self.log_path = log_path

    def url(self, path: str) -> str:
        return self.base_url + path

    def mails(self) -> list[EmailMessage]:
        """Every e-mail the server has sent so far, oldest first."""
        parser = BytesParser(policy=policy.default)
        return [
            parser.parsebytes(path.read_bytes()) for path in sorted(self.mail_dir.glob("*.eml"))
        ]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_environment(*, var_dir: Path, mail_dir: Path, port: int) -> dict[str, str]:
    env = loopback_environment(
        static_root=E2E_DIR / "static",
        media_root=var_dir / "media",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_HSTS_SECONDS="0",
        VAR_DIR=str(var_dir),
        # E-mails and tasks at once, in the request: no worker process to wait for.
        TASKS_BACKEND="immediate",
        EMAIL_BACKEND="alliances.tests.browser.support.MailDirBackend",
        E2E_MAIL_DIR=str(mail_dir),
        # One process (its threads share the in-memory cache: login throttling, page
        # cache); every journey comes from the same address.
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="8",
        SURVEY_RATE_LIMIT_PER_MINUTE="100000",
        API_RATE_LIMIT_PER_MINUTE="100000",
        MATCHING_INTRODUCTIONS_PER_DAY="1000",
        CONTACT_RATE_LIMIT_PER_HOUR="1000",
        CONTACT_RATE_LIMIT_PER_ADDRESS_PER_HOUR="1000",
        SURVEY_RECOMPUTE_DELAY="0",
        DJANGO_SETTINGS_MODULE="alliances.settings",
    )
    env.pop("REDIS_URL", None)
    return env


def _demo_fingerprint() -> str:
    """Changes with the schema (models, migrations), the demo's own code and the data files
    it reads. A change elsewhere (a service, a view) keeps the pristine database: remove
    var/e2e/ to build it again."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "alliances").rglob("*")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or not path.is_file() or path.suffix not in DEMO_SOURCES:
            continue
        if path.suffix == ".py" and not (
            "migrations" in parts or "demo" in parts or path.name == "models.py"
        ):
            continue
        digest.update("/".join(parts).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _load_demo(env: dict[str, str], log) -> None:
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env, log=log)
    _run([sys.executable, "manage.py", "load_demo"], env=env, log=log)


@contextlib.contextmanager
def _locked(name: str):
    """Runs of the suite at the same time share the static files and the pristine databases:
    one of them prepares each, the others wait."""
    with (E2E_DIR / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _prepare_sqlite(env: dict[str, str], log) -> None:
    """A copy of a pristine demo database, built again when the code changes."""
    pristine = E2E_DIR / "demo-sqlite"
    fingerprint = _demo_fingerprint()
    key = pristine / "fingerprint"
    with _locked(pristine.name):
        if not key.exists() or key.read_text() != fingerprint:
            shutil.rmtree(pristine, ignore_errors=True)
            pristine.mkdir(parents=True)
            _load_demo(
                {
                    **env,
                    "DATABASE_URL": "",
                    "VAR_DIR": str(pristine),
                    "MEDIA_ROOT": str(pristine / "media"),
                },
                log,
            )
            key.write_text(fingerprint)
        var_dir = Path(env["VAR_DIR"])
        for suffix in ("", "-wal"):
            source = pristine / f"alliances.sqlite3{suffix}"
            if source.exists():
                shutil.copyfile(source, var_dir / source.name)
        if (pristine / "media").exists():
            shutil.copytree(pristine / "media", env["MEDIA_ROOT"])
    env["DATABASE_URL"] = ""


def _prepare_postgres(env: dict[str, str], log) -> None:
    """ "<name>_e2e", dropped and created again from "<name>_e2e_demo", a pristine demo
    database built again when the code changes."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(env["DATABASE_URL"])
    name = parsed.path.lstrip("/") + "_e2e"
    pristine = name + "_demo"
    pristine_media = E2E_DIR / f"{pristine}-media"
    key = E2E_DIR / f"{pristine}.fingerprint"
    fingerprint = _demo_fingerprint()
    maintenance = parsed._replace(path="/postgres").geturl()
    with (
        _locked(pristine),
        psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn,
    ):

        def drop_and_create(database: str, *, template: str = "") -> None:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database))
            if template:
                create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
            conn.execute(create)

        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [pristine]).fetchone()
        if not exists or not key.exists() or key.read_text() != fingerprint:
            key.unlink(missing_ok=True)
            drop_and_create(pristine)
            shutil.rmtree(pristine_media, ignore_errors=True)
            pristine_url = parsed._replace(path="/" + pristine).geturl()
            _load_demo(
                {**env, "DATABASE_URL": pristine_url, "MEDIA_ROOT": str(pristine_media)}, log
            )
            key.write_text(fingerprint)
        drop_and_create(name, template=pristine)
        if pristine_media.exists():
            shutil.copytree(pristine_media, env["MEDIA_ROOT"])
    env["DATABASE_URL"] = parsed._replace(path="/" + name).geturl()


def _run(args: list[str], *, env: dict[str, str], log) -> None:
    log.write(f"$ {' '.join(args)}\n".encode())
    log.flush()
    result = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )
    if result.returncode:
        pytest.fail(f"{' '.join(args[1:])} failed (exit {result.returncode}); see {log.name}")


def _collect_static(env: dict[str, str], log) -> None:
    """Production serves hashed static files from a manifest: collected once, again only when
    a static source file is newer than it."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    if manifest.exists():
        built = manifest.stat().st_mtime
        sources = [*(ROOT / "static").rglob("*"), *(ROOT / "alliances").glob("*/static/**/*")]
        sources.append(ROOT / "requirements.lock")
        if all(path.stat().st_mtime < built for path in sources if path.is_file()):
            return
    _run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, log=log)


def _compiled_catalogue(log) -> None:
    """The French pages need the compiled catalogue (`make install` builds it)."""
    if (ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.mo").exists():
        return
    pybabel = Path(sys.executable).with_name("pybabel")
    _run([str(pybabel), "compile", "-D", "django", "-d", "locale"], env=dict(os.environ), log=log)


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("e2e-var")
    mail_dir = var_dir / "mail"
    mail_dir.mkdir()
    E2E_DIR.mkdir(parents=True, exist_ok=True)
    log_path = E2E_DIR / "server.log"
    port = _free_port()
    env = _server_environment(var_dir=var_dir, mail_dir=mail_dir, port=port)
    process = None
    with log_path.open("wb") as log:
        with _locked("static"):
            _compiled_catalogue(log)
            _collect_static(env, log)
        if env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
            _prepare_postgres(env, log)
        else:
            _prepare_sqlite(env, log)
        log.write(b"$ gunicorn\n")
        log.flush()
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            gunicorn_command(bind=f"127.0.0.1:{port}"),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with every worker
        )
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port):
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited with code {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"gunicorn not ready after 60 s; see {log_path}")
            time.sleep(0.1)
        yield DemoServer(port=port, mail_dir=mail_dir, log_path=log_path)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} is missing: install Debian's Chromium with "
            "`sudo bash scripts/browser_packages.sh` (apt-get install chromium)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    ensure_browser_packages()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, demo_server):
    """new_page(width=, height=, mobile=, scale=) -> a page in a context of its own."""
    contexts = []

    def factory(*, width: int = 1280, height: int = 900, mobile: bool = False, scale: float = 1):
        context = browser.new_context(
            base_url=demo_server.base_url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            is_mobile=mobile,
            has_touch=mobile,
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()
