"""Gunicorn settings for Alliances in production (docs/production-server.md explains them).

    gunicorn -c deploy/gunicorn.conf.py

Each value can be changed from the environment (names below) or on the command line, which
wins (e.g. `--bind 0.0.0.0:8000`). Gunicorn sits behind a reverse proxy that terminates HTTPS,
buffers slow clients and serves /media/; static files are served by WhiteNoise from here.
"""

import os
from pathlib import Path


def _cpus() -> int:
    """CPUs this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


chdir = str(Path(__file__).resolve().parent.parent)
wsgi_app = "alliances.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers: a survey submission spends about four fifths of its time waiting for
# PostgreSQL (health check, insert, commit), during which other threads of the same process
# use the CPU; processes, one per CPU plus one, spread the Python work over the CPUs (one
# thread runs at a time in a process). Threads also keep idle keep-alive connections from
# tying up a process. Each thread holds a database connection: workers × threads must stay
# under PostgreSQL's max_connections. Measured with `make bench-impact`: decision 0021.
worker_class = "gthread"
workers = _int("WEB_CONCURRENCY", _cpus() + 1)
threads = _int("GUNICORN_THREADS", 8)
# Idle keep-alive connections wait in the worker's poller, not in a thread.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)
keepalive = _int("GUNICORN_KEEPALIVE", 5)

# The application is imported once in the master and workers are forked from it: start-up
# and the replacement of a worker take milliseconds, and the code is shared in memory.
# Consequence: a code change needs a restart (or `kill -HUP` of the master), not a reload.
preload_app = True
# Replace each worker after some thousands of requests, at random points, so that a slow
# leak in any library cannot grow without bound and workers never restart all together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# A request still running after this many seconds is stuck: its worker is replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)

# The worker heartbeat file lives in memory, so a slow disk never makes workers look dead.
_SHM = "/dev/shm"  # noqa: S108 (a directory gunicorn creates its own private files in)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# Only the local reverse proxy may set X-Forwarded-Proto and X-Forwarded-For.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Django writes one structured line per request (alliances.core.middleware), with the secret
# parts of paths redacted and no query string; Gunicorn's own access log would repeat it.
accesslog = None
# Should an access log be turned on anyway (--access-logfile), its lines hold no URL at all:
# paths carry survey link tokens and reset keys, query strings anything. Nor the referrer.
access_log_format = '%(h)s %(t)s "%(m)s" %(s)s %(b)s %(M)sms "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "alliances"
# No control socket: its default path is shared by every Gunicorn of the same user.
control_socket_disable = True


def on_starting(server):
    # Gunicorn's error log names the URL of a request it could not handle: keep secrets out.
    from alliances.lib.logging_filters import SecretScrubFilter

    server.log.error_log.addFilter(SecretScrubFilter())


def when_ready(server):
    # Import every view once in the master: workers forked from it (at start, after a crash,
    # at max_requests) answer their first request without importing half the project.
    from django.urls import get_resolver

    try:
        get_resolver().url_patterns  # noqa: B018 (the import is the point)
    except Exception:  # a broken URL module shows in each request's error, as without this
        server.log.exception("The URL configuration could not be loaded in the master")
    # With preload_app, nothing opened in the master may be inherited by the workers: a
    # database connection shared by several processes mixes up their queries.
    from django.db import connections

    connections.close_all()
