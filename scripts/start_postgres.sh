#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1:${PGPORT:-5432} from Debian's binaries,
# installing them with apt-get when missing. Prints the data directory; stop it with
#   scripts/stop_postgres.sh DATADIR
set -euo pipefail
port="${PGPORT:-5432}"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "Installing PostgreSQL from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
datadir=$(mktemp -d -t alliances-pg-tmp-dir-XXXXXXXX)
run=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$datadir" postgres
  chown postgres "$datadir"
  run=(runuser -u postgres --)
fi
"${run[@]}" "$bindir/initdb" -D "$datadir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${run[@]}" "$bindir/pg_ctl" -D "$datadir/data" -l "$datadir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir" start >/dev/null
echo "$datadir"
