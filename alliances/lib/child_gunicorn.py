"""Gunicorn started as a child process, for the browser journeys and the benchmarks.

The command execs gunicorn with "terminate me when my parent dies" set (Linux prctl
PR_SET_PDEATHSIG), so that even a parent killed with SIGKILL leaves no server behind. Start it
with `start_new_session=True` so that one `os.killpg` reaches the master and every worker.
"""

import os
import secrets
import sys
from pathlib import Path

CONFIG = Path(__file__).resolve().parent.parent.parent / "deploy" / "gunicorn.conf.py"

_LAUNCHER = (
    "import ctypes, os, signal, sys\n"
    "try:\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)\n"
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'gunicorn', *sys.argv[1:]])\n"
)


def gunicorn_command(*, bind: str) -> list[str]:
    """The production configuration (deploy/gunicorn.conf.py), listening on `bind`."""
    return [sys.executable, "-c", _LAUNCHER, "-c", str(CONFIG), "--bind", bind]


def loopback_environment(*, static_root: Path, media_root: Path, **values: str) -> dict[str, str]:
    """The environment of a production server (DEBUG off, hashed static files, JSON request
    log) answering plain HTTP on the loopback, with a fresh secret key; `values` add to it or
    replace its entries. The caller's own environment is the base, without its .env file."""
    env = dict(os.environ)
    env.update(
        {
            "IGNORE_DOTENV": "true",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            # No proxy terminates TLS on the loopback.
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            **values,
        }
    )
    return env
