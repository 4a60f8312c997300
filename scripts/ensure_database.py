"""Create the PostgreSQL database named by a URL if it does not exist yet.

Usage: python scripts/ensure_database.py postgres://user@host:port/name
Exit status: 0 when the database exists (or was created), 2 when no server answers.
"""

import sys
from urllib.parse import urlparse

import psycopg
from psycopg import sql


def ensure_database(url: str) -> bool:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    try:
        conn = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL does not answer at {parsed.hostname}:{parsed.port}: {exc}".strip())
        return False
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the PostgreSQL database {name}.")
    return True


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(0 if ensure_database(sys.argv[1]) else 2)
