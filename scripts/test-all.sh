#!/usr/bin/env bash
# The README's test command: build, unit tests, then the integration suite inside VS Code 1.100.3
# against a real engine and an authenticated registry. Stops what it started, pass or fail.
set -uo pipefail
cd "$(dirname "$0")/.."
here="$(pwd)/scripts/harness"
source "$here/env.sh"

started_engine=0; started_registry=0
# Parts the tests start themselves (and stop in their after hooks): stopped here too if a run died before
# that, unless they were running before the suite began.
own_parts="ssh-engine tls-engine podman"; running_before=" "
for p in $own_parts; do bash "$here/$p.sh" status >/dev/null 2>&1 && running_before+="$p "; done
cleanup() {
  for p in $own_parts; do
    case "$running_before" in *" $p "*) ;; *) bash "$here/$p.sh" stop >/dev/null 2>&1 || true ;; esac
  done
  [ "$started_registry" = 1 ] && bash "$here/registry.sh" stop
  [ "$started_engine" = 1 ] && bash "$here/engine.sh" stop
}
trap cleanup EXIT

status=0
step() { echo; echo "=== $*"; }
logs="$(mktemp -d)"
passed=0; failed=0
# Adds a tier's "N passed, N failed" (or mocha's "N passing"/"N failing") to the totals.
count() {
  local p f
  p=$(grep -aoE '([0-9]+) passed, [0-9]+ failed' "$1" | tail -1 | grep -oE '^[0-9]+' || true)
  f=$(grep -aoE '[0-9]+ passed, ([0-9]+) failed' "$1" | tail -1 | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || true)
  [ -n "$p" ] || p=$(grep -aoE '^ *[0-9]+ passing' "$1" | tail -1 | grep -oE '[0-9]+' || true)
  [ -n "$f" ] || f=$(grep -aoE '^ *[0-9]+ failing' "$1" | tail -1 | grep -oE '[0-9]+' || true)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

step "install dependencies"
[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1
# Before the unit tests: some of them run real binaries the harness installs (shellcheck, tar, ssh-keygen).
bash "$here/install.sh" || exit 1

step "build (type-check, ESLint, bundle)"
npm run build || exit 1

step "unit tests"
npm run test:unit 2>&1 | tee "$logs/unit.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
count "$logs/unit.log"

step "harness: start engine, registry, VS Code"
bash "$here/engine.sh" status >/dev/null 2>&1 || started_engine=1
bash "$here/engine.sh" start || exit 1
bash "$here/base-image.sh" || exit 1
[ -f "$DOCKHAND_REGISTRY_DIR/registry.pid" ] && kill -0 "$(cat "$DOCKHAND_REGISTRY_DIR/registry.pid")" 2>/dev/null || started_registry=1
bash "$here/registry.sh" start || exit 1

step "integration tests (VS Code $CODE_SERVER_VERSION extension host, real engine)"
node scripts/run-integration.mjs 2>&1 | tee "$logs/integration.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
count "$logs/integration.log"

step "coexistence: Dockerfile features next to stand-ins of Container Tools and Docker DX (test/coexist)"
node scripts/run-integration.mjs --suite coexist 2>&1 | tee "$logs/coexist.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
count "$logs/coexist.log"

step "workspace trust: the *.restricted integration tests, with the workspace in Restricted Mode"
DOCKHAND_TEST_TRUST=restricted node scripts/run-integration.mjs 2>&1 | tee "$logs/untrusted.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
count "$logs/untrusted.log"

if [ -f scripts/ui-test.mjs ]; then
  step "UI tests (headless Chromium driving the workbench)"
  node scripts/ui-test.mjs 2>&1 | tee "$logs/ui.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui.log"
fi

if [ -f scripts/ui-resources.mjs ]; then
  step "UI tests: Images, Volumes, Networks and Contexts views"
  node scripts/ui-resources.mjs 2>&1 | tee "$logs/ui-resources.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui-resources.log"
fi

if [ -f scripts/ui-terminal.mjs ]; then
  step "UI tests: vi and top in an exec terminal (rows read from xterm)"
  node scripts/ui-terminal.mjs 2>&1 | tee "$logs/ui-terminal.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui-terminal.log"
fi

if [ -f scripts/ui-deadends.mjs ]; then
  step "UI tests: dead ends (in-use volume dialog, stopping… in the tree, no dead port link)"
  node scripts/ui-deadends.mjs 2>&1 | tee "$logs/ui-deadends.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui-deadends.log"
fi

if [ -f scripts/ui-welcome.mjs ]; then
  step "UI tests: welcome content of an unreachable engine (stops and starts the test engine)"
  node scripts/ui-welcome.mjs 2>&1 | tee "$logs/ui-welcome.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui-welcome.log"
fi

if [ -f scripts/ui-start-dev.mjs ]; then
  step "developer start-up: npm start -- --registry in a fresh clone (scratch workspace, DOCKER_HOST line, no prompts)"
  node scripts/ui-start-dev.mjs 2>&1 | tee "$logs/ui-start-dev.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui-start-dev.log"
fi

if [ -f scripts/ui-walkthrough.mjs ]; then
  step "packaged .vsix: installed into a fresh code-server, walkthrough from the Welcome page, Docker-less first run"
  node scripts/ui-walkthrough.mjs 2>&1 | tee "$logs/ui-walkthrough.log"; [ "${PIPESTATUS[0]}" = 0 ] || status=1
  count "$logs/ui-walkthrough.log"
fi

# What failed, last, where a reader of only the end of the output (CI's tail) still sees it: per tier the
# pass/fail line, then mocha's numbered failures (title and first lines of the error) or the UI scripts' ✘ lines.
summary() {
  local log tier
  for log in "$logs"/*.log; do
    tier="$(basename "$log" .log)"
    grep -aqE '^ *[0-9]+ failing|✘|[1-9][0-9]* failed' "$log" || continue
    echo "--- $tier: what failed"
    awk '/^ *[0-9]+ failing/ { on = 1 } on && n < 80 { print; n++ }' "$log"
    grep -a '✘' "$log" | head -20
  done
}

echo
[ "$status" = 0 ] || { echo "=== failures"; summary; }
[ "$status" = 0 ] && echo "=== all test tiers passed" || echo "=== FAILED"
[ "$status" = 0 ] || [ "$failed" -gt 0 ] || failed=1
rm -rf "$logs"
echo "tests: $passed passed, $failed failed"
exit "$status"
