#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing (the demo test drives it through playwright-core; no
# browser is ever downloaded from anywhere else). Non-interactive, for CI=true with no stdin.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ] || command -v chromium >/dev/null 2>&1; then
  echo "ensure-chromium: $("${chromium}" --version 2>/dev/null || chromium --version) present"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo -n"; fi
echo "ensure-chromium: installing Debian's chromium (apt-get update, then install; about a minute)"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium </dev/null
echo "ensure-chromium: $(chromium --version 2>/dev/null) installed"
