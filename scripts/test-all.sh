#!/usr/bin/env bash
# The README's test command: build, unit tests, then the integration suite inside VS Code 1.100.3
# against a real engine and an authenticated registry. Stops what it started, pass or fail.
set -uo pipefail
cd "$(dirname "$0")/.."
here="$(pwd)/scripts/harness"
source "$here/env.sh"

started_engine=0; started_registry=0
cleanup() {
  [ "$started_registry" = 1 ] && bash "$here/registry.sh" stop
  [ "$started_engine" = 1 ] && bash "$here/engine.sh" stop
}
trap cleanup EXIT

status=0
step() { echo; echo "=== $*"; }

step "install dependencies"
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1

step "build (type-check, ESLint, bundle)"
npm run build || exit 1

step "unit tests"
npm run test:unit || status=1

step "harness: install and start engine, registry, VS Code"
bash "$here/install.sh" || exit 1
bash "$here/engine.sh" status >/dev/null 2>&1 || started_engine=1
bash "$here/engine.sh" start || exit 1
bash "$here/base-image.sh" || exit 1
[ -f "$DOCKHAND_REGISTRY_DIR/registry.pid" ] && kill -0 "$(cat "$DOCKHAND_REGISTRY_DIR/registry.pid")" 2>/dev/null || started_registry=1
bash "$here/registry.sh" start || exit 1

step "integration tests (VS Code $CODE_SERVER_VERSION extension host, real engine)"
node scripts/run-integration.mjs || status=1

if [ -f scripts/ui-test.mjs ]; then
  step "UI tests (headless Chromium driving the workbench)"
  node scripts/ui-test.mjs || status=1
fi

echo
[ "$status" = 0 ] && echo "=== all test tiers passed" || echo "=== FAILED"
exit "$status"
