#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run the whole suite:
# lint, unit tests, AppTest page tests, storage tests on SQLite and PostgreSQL, Playwright in Chromium
# (also through nginx in front of two instances: tests/e2e/test_cluster_e2e.py).
# Leaves nothing running, also when a step fails: the PostgreSQL and the test cluster are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
  python3 python3-venv python3-pip chromium graphviz fonts-noto-cjk fonts-noto-color-emoji postgresql \
  nginx curl
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q -r requirements-dev.txt
export WORKBOOK_TEST_CLUSTER_DIR="/tmp/workbook-cluster-test-$$"  # the cluster tests start it there
cleanup() {
  WORKBOOK_CLUSTER_DIR="$WORKBOOK_TEST_CLUSTER_DIR" bash scripts/start-cluster.sh stop || true
  bash scripts/start-postgres.sh stop || true
}
trap cleanup EXIT
WORKBOOK_TEST_PG_URL="$(bash scripts/start-postgres.sh | tail -n 1)"
export WORKBOOK_TEST_PG_URL
.venv/bin/ruff check .
.venv/bin/ruff format --check .
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
exit "$status"
