#!/usr/bin/env bash
# Install the system packages the project needs, where we can (Debian/Ubuntu with apt).
#   scripts/system-deps.sh run    graphviz (the `dot` binary that draws diagrams)
#   scripts/system-deps.sh test   graphviz, chromium (browser tests), postgresql-client (psql, pg_dump)
# Safe to run again: packages already there are skipped.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have dot || need+=(graphviz)
if [ "${1:-run}" = "test" ]; then
  have chromium || need+=(chromium)
  have psql || need+=(postgresql-client)
  have pg_dump || need+=(postgresql-client)
  # Fonts for readable diagrams and screenshots.
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
fi
[ ${#need[@]} -eq 0 ] && exit 0

mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
if have apt-get; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if have sudo; then SUDO="sudo"; else
      echo "Please install: ${need[*]} (as root: apt-get install ${need[*]})" >&2; exit 1
    fi
  fi
  echo "Installing system packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Please install these packages with your system's package manager: ${need[*]}" >&2
  echo "(macOS: brew install graphviz chromium postgresql)" >&2
  exit 1
fi
