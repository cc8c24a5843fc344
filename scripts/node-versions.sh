#!/usr/bin/env bash
# scripts/node-versions.sh NODE_BIN... — the suite's grading tests under each given Node binary:
# the references, the known solutions of a few exercises, and the CLI (jest), then the references
# graded by the CLI itself (`ipclab grade reference`: every test must pass), which no jest timeout
# cuts short on a loaded machine. The Node that runs jest is
# the Node the grader runs TypeScript programs with (the wrapper names process.execPath), so each
# run grades the references under that version too. Build once first (`npm run build`): dist/ is
# plain JavaScript and build/ipclab-init C, neither depends on the Node version.
#
# Real Node binaries without a system install: `npm install --prefix /tmp/node22 node@22`, then
# scripts/node-versions.sh /tmp/node22/node_modules/.bin/node /tmp/node24/node_modules/.bin/node
#
# EXERCISES (a regex, default below) picks the exercises whose known solutions run.
set -u
if [ $# -eq 0 ]; then
  echo "usage: scripts/node-versions.sh NODE_BIN..." >&2
  exit 2
fi
cd "$(dirname "$0")/.."
exercises=${EXERCISES:-pipe-copy|posix-mq|sem-mutex|fifo-tee}
jest=node_modules/jest/bin/jest.js
summary=()
status=0
for node in "$@"; do
  version=$("$node" --version 2>/dev/null)
  if ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "not a Node binary: $node" >&2
    exit 2
  fi
  echo "=== Node $version ($node)"
  # its folder first on PATH: anything that runs `node` (npx, a test's child) gets this one too
  bin=$(dirname "$node")
  started=$SECONDS
  PATH="$bin:$PATH" NODE_OPTIONS=--experimental-vm-modules "$node" "$jest" -w 1 \
    test/grader/references.test.ts test/grader/known-solutions.test.ts test/cli.test.ts \
    -t "reference solutions|known solutions (every exercise|($exercises)/)|^ipclab" 2>&1 |
    tee "${TMPDIR:-/tmp}/node-versions-$version.log" | grep -E '^(PASS|FAIL|Tests:|Test Suites:)|●'
  rc=${PIPESTATUS[0]}
  summary+=("Node $version: jest $([ "$rc" = 0 ] && echo passed || echo "FAILED (exit $rc)") in $((SECONDS - started)) s — log ${TMPDIR:-/tmp}/node-versions-$version.log")
  [ "$rc" = 0 ] || status=1
  started=$SECONDS
  out=$(mktemp -d)
  PATH="$bin:$PATH" "$node" dist/bin/ipclab.js grade reference -f terminal -d "$out" >"$out/terminal.txt" 2>&1
  rc=$?
  summary+=("Node $version: ipclab grade reference $([ "$rc" = 0 ] && echo "all passed" || echo "FAILED (exit $rc)") in $((SECONDS - started)) s — $(grep -E '^Score:' "$out/terminal.txt" | tail -1)")
  [ "$rc" = 0 ] || { status=1; tail -20 "$out/terminal.txt"; }
  rm -rf "$out"
done
printf '%s\n' "${summary[@]}"
exit $status
