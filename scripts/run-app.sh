#!/usr/bin/env bash
# Install what the app needs on a fresh Debian machine, then run it on http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv python3-pip graphviz fonts-noto-cjk fonts-noto-color-emoji
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements.txt
exec .venv/bin/python scripts/serve.py run app.py "$@"
