#!/usr/bin/env bash
# What the browser journeys (alliances/tests/browser/) need beyond Python packages:
# - Debian's Chromium, installed with apt-get when running as root, or else the command is named
#   (Playwright never downloads a browser of its own here);
# - axe-core, the accessibility checker injected into every page, fetched from the npm registry at
#   a pinned version, checked against the registry's sha512 integrity and unpacked to
#   var/vendor/axe-core/ (axe.min.js and its LICENSE).
# Fast and silent when everything is there.
#   scripts/browser_packages.sh           install what is missing
#   scripts/browser_packages.sh --check   check only; exit 1 when something is missing
set -euo pipefail
cd "$(dirname "$0")/.."

AXE_VERSION="4.14.1"
AXE_DIR="var/vendor/axe-core"
PY="${PYTHON:-.venv/bin/python}"
if [ ! -x "$PY" ]; then
  PY=python3
fi

check_only=""
if [ "${1:-}" = "--check" ]; then
  check_only=1
fi
status=0

if [ ! -x /usr/bin/chromium ]; then
  echo "The browser journeys need Debian's Chromium (/usr/bin/chromium), which is missing." >&2
  if [ -n "$check_only" ]; then
    status=1
  elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    log=$(mktemp)
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; } \
      >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      exit 1
    fi
    rm -f "$log"
    echo "Installed: chromium" >&2
  else
    echo "Install it with:" >&2
    echo "  sudo apt-get install --no-install-recommends chromium" >&2
  fi
fi

if [ "$(cat "$AXE_DIR/VERSION" 2>/dev/null || true)" != "$AXE_VERSION" ] \
  || [ ! -s "$AXE_DIR/axe.min.js" ]; then
  if [ -n "$check_only" ]; then
    echo "axe-core $AXE_VERSION is missing from $AXE_DIR." >&2
    exit 1
  fi
  "$PY" - "$AXE_VERSION" "$AXE_DIR" <<'PYTHON'
"""Download axe-core from the npm registry, check its integrity, unpack two files."""

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

version, target = sys.argv[1], Path(sys.argv[2])
registry = "https://registry.npmjs.org/axe-core/"
with urllib.request.urlopen(registry + version, timeout=60) as response:  # noqa: S310
    dist = json.load(response)["dist"]
algorithm, _, expected = dist["integrity"].partition("-")
if algorithm != "sha512":
    sys.exit(f"axe-core {version}: unexpected integrity algorithm {algorithm!r}")
if not dist["tarball"].startswith(registry):
    sys.exit(f"axe-core {version}: tarball outside the registry: {dist['tarball']}")
with urllib.request.urlopen(dist["tarball"], timeout=120) as response:  # noqa: S310
    tarball = response.read()
if base64.b64encode(hashlib.sha512(tarball).digest()).decode() != expected:
    sys.exit(f"axe-core {version}: the tarball does not match the registry's sha512")
target.mkdir(parents=True, exist_ok=True)
with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
    for name in ("axe.min.js", "LICENSE"):
        member = archive.extractfile(f"package/{name}")
        if member is None:
            sys.exit(f"axe-core {version}: package/{name} missing from the tarball")
        (target / name).write_bytes(member.read())
(target / "VERSION").write_text(version + "\n")
PYTHON
  echo "Installed: axe-core $AXE_VERSION in $AXE_DIR" >&2
fi
exit "$status"
