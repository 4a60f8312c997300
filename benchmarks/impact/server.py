"""The production web server, started for the ingestion benchmark and always stopped after.

Gunicorn runs with deploy/gunicorn.conf.py and production-like settings (DEBUG off, a secret
key, static files collected for WhiteNoise, Redis when it answers), in its own process group
so that the benchmark can `kill -9` the master and every worker at once, as a crash of the
machine or an out-of-memory kill would. The master is also told to stop if the benchmark
process dies, so no server outlives it.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from alliances.lib.child_gunicorn import gunicorn_command, loopback_environment
from benchmarks.common import OUTPUT_DIR, ROOT

CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
REDIS_URL = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_available() -> tuple[bool, str]:
    """Redis is used when the server answers PING and the client library is installed."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return False, "Redis on 127.0.0.1:6379 did not answer PING"
    except OSError:
        return False, "no Redis on 127.0.0.1:6379"
    try:
        import redis  # noqa: F401
    except ImportError:
        return False, "Redis answers but the Python package `redis` is not installed"
    return True, "Redis on 127.0.0.1:6379"


def server_environment(*, database_url: str, use_redis: bool) -> dict[str, str]:
    env = loopback_environment(
        static_root=OUTPUT_DIR / "static",
        media_root=OUTPUT_DIR / "media",
        DATABASE_URL=database_url,
        TASKS_BACKEND="database",
        # Every client of the benchmark shares one address.
        SURVEY_RATE_LIMIT_PER_MINUTE=str(10**9),
        SURVEY_RECOMPUTE_DELAY="30",
    )
    env.setdefault("DJANGO_SETTINGS_MODULE", "alliances.settings")
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    return env


def collect_static(env: dict[str, str]) -> bool:
    """Production serves hashed static files from a manifest: without it pages fail.
    Skipped (False) when the manifest is newer than every static source file."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    if manifest.exists():
        sources = [ROOT / "requirements.lock", *(ROOT / "static").rglob("*")]
        sources += (ROOT / "alliances").glob("*/static/**/*")
        built = manifest.stat().st_mtime
        if all(path.stat().st_mtime < built for path in sources if path.is_file()):
            return False
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return True


class Server:
    """One gunicorn, started and killed on demand; `stop()` is safe to call at any time."""

    def __init__(self, *, env: dict[str, str], log_path: Path):
        self.env = env
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.starts = 0
        become_subreaper()
        # One run's log: the restart appends to it.
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.write_bytes(b"")

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def start(self) -> None:
        log = self.log_path.open("ab")
        command = gunicorn_command(bind=f"{self.host}:{self.port}")
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches every worker
        )
        log.close()
        self.starts += 1

    def wait_ready(self, timeout: float = 90.0) -> float:
        """Seconds until /healthz answers 200 (the database is reachable)."""
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with code {self.process.returncode}; see {self.log_path}"
                )
            if self._healthy():
                return time.perf_counter() - started
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn not ready after {timeout:.0f} s; see {self.log_path}")

    def _healthy(self) -> bool:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=2)
        try:
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def kill_group(self) -> None:
        """SIGKILL the master and every worker at once: nothing gets to finish or clean up."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_group_gone(self.process.pid, timeout=5)
        self.process = None

    def stop(self, timeout: float = 15.0) -> None:
        """Graceful stop (SIGTERM to the group), then SIGKILL whatever is left."""
        if self.process is None:
            return
        pid = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=timeout)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        self.process.wait()
        self._wait_group_gone(pid, timeout=5)
        self.process = None

    @staticmethod
    def _wait_group_gone(pgid: int, *, timeout: float) -> None:
        """Wait until no process of the group is alive, reaping the workers handed to us."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = False
            for pid, state, ppid in _group_members(pgid):
                if state == "Z" and ppid == os.getpid():
                    with contextlib.suppress(ChildProcessError):
                        os.waitpid(pid, os.WNOHANG)
                elif state != "Z":
                    alive = True
            if not alive:
                return
            time.sleep(0.05)


def _group_members(pgid: int) -> list[tuple[int, str, int]]:
    """(pid, state, parent pid) of every process in the group, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: split after its last ')'.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid:
            members.append((int(entry.name), fields[0], int(fields[1])))
    return members


def become_subreaper() -> None:
    """Orphaned workers of a killed master are re-parented to this process (Linux), which
    reaps them: a container's init may not, and they would linger as zombies."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1)  # PR_SET_CHILD_SUBREAPER
