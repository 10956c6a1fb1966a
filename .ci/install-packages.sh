#!/usr/bin/env bash
# Installs Debian packages the tests need, only those missing (idempotent; apt-get update runs only when installing).
# Without arguments: every package in .ci/packages.txt (one a line, '#' comments); with arguments: those packages.
# .ci/run calls it before the tests; tests never install anything themselves.
set -euo pipefail
if [ $# -gt 0 ]; then wanted=("$@"); else
  wanted=()
  while read -r pkg; do
    pkg=${pkg%%#*}; pkg=${pkg//[[:space:]]/}
    [ -n "$pkg" ] && wanted+=("$pkg")
  done < "$(dirname "$0")/packages.txt"
fi
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
