#!/usr/bin/env bash
# Stop a server started by scripts/start_postgres.sh and remove its data directory.
set -euo pipefail
datadir="$1"
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
run=()
[ "$(id -u)" = "0" ] && run=(runuser -u postgres --)
"${run[@]}" "$bindir/pg_ctl" -D "$datadir/data" -m fast stop >/dev/null || true
rm -rf "$datadir"
