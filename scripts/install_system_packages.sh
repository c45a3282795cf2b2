#!/usr/bin/env bash
# Installs the OS packages kefu needs, only those missing: python3-venv (Debian's
# Python has no ensurepip without it), redis-server (hand-off store, tracker and
# lock store), chromium and fonts-noto-cjk (browser tests: without the font every
# Chinese character renders as an empty box).
set -euo pipefail
python=${PYTHON:-python3}
missing=()
"$python" -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing OS packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
