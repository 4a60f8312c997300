#!/usr/bin/env bash
# The system libraries WeasyPrint needs to write PDF files: Pango (with PangoFT2), HarfBuzz
# (and its subsetter), Fontconfig and at least one font. When one is missing, installs the
# Debian packages as root, or else prints the command to run. Fast and silent when all is there.
#   scripts/system_packages.sh           check, and install what is missing when root
#   scripts/system_packages.sh --check   check only; exit 1 when something is missing
set -euo pipefail

check_only=""
if [ "${1:-}" = "--check" ]; then
  check_only=1
fi

# shared library -> Debian package that ships it
libraries=(
  "libpango-1.0.so.0 libpango-1.0-0"
  "libpangoft2-1.0.so.0 libpangoft2-1.0-0"
  "libharfbuzz.so.0 libharfbuzz0b"
  "libharfbuzz-subset.so.0 libharfbuzz-subset0"
  "libfontconfig.so.1 libfontconfig1"
)
font_package="fonts-dejavu-core"

known_libraries=""
if command -v ldconfig >/dev/null 2>&1; then
  known_libraries=$(ldconfig -p 2>/dev/null || true)
elif [ -x /sbin/ldconfig ]; then
  known_libraries=$(/sbin/ldconfig -p 2>/dev/null || true)
fi

has_library() {
  local name="$1"
  if grep -q -F "$name " <<<"$known_libraries"; then
    return 0
  fi
  # Without ldconfig's cache (some containers), look in the usual directories.
  compgen -G "/usr/lib/*/$name" >/dev/null || compgen -G "/usr/lib/$name" >/dev/null \
    || compgen -G "/lib/*/$name" >/dev/null || compgen -G "/usr/lib64/$name" >/dev/null
}

has_font() {
  local dir
  for dir in /usr/share/fonts /usr/local/share/fonts; do
    if [ -d "$dir" ] && [ -n "$(find "$dir" \( -name '*.ttf' -o -name '*.otf' \) -print -quit 2>/dev/null)" ]; then
      return 0
    fi
  done
  return 1
}

missing=()
for entry in "${libraries[@]}"; do
  read -r library package <<<"$entry"
  has_library "$library" || missing+=("$package")
done
has_font || missing+=("$font_package")

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "WeasyPrint (PDF export) needs system packages that are missing: ${missing[*]}" >&2
if [ -n "$check_only" ]; then
  exit 1
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  echo "Installed: ${missing[*]}" >&2
  exit 0
fi
echo "Install them with:" >&2
echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
echo "(on another system, install Pango, HarfBuzz, Fontconfig and a TrueType font)" >&2
echo "Until then, PDF export answers that it is unavailable; DOCX export works." >&2
exit 0
