#!/usr/bin/env bash
# Installs the Debian packages the tests need, only when missing (idempotent; CI runs as root on Debian).
#   python3-torch, python3-torchvision: the torchvision reference fixtures and export checks (tests/HyperDsl.Interop.Tests)
#   python3-pytest: the Python test suites
set -euo pipefail
packages=(python3-torch python3-torchvision python3-pytest)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
