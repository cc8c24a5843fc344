#!/usr/bin/env bash
# Runs ipclab's reports through the real consumers' own checks, offline: ipclab grades three
# submissions (the bundled sample: some pass, some fail; a build failure; a full pass with the
# known correct solutions) and each section validates what it wrote. The consumers' files are
# fetched by you and never committed; give their paths:
#
#   scripts/check-consumers.sh --junit-xsd junit-10.xsd --ant-xsd JUnit.xsd
#
#   --junit-xsd FILE   Jenkins xunit's junit-10.xsd (github.com/jenkinsci/xunit-plugin,
#                      src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd)
#   --ant-xsd FILE     Ant's JUnit.xsd (github.com/windyroad/JUnit-Schema)
#
# A section whose files are not given is skipped and says so. The Gradescope section uses the
# documented fields' schema of the suite (test/grader/report/gradescope-results.schema.json).
# Needs xmllint (Debian: libxml2-utils) and a built ipclab (npm run build). Exit 0 when every
# check that ran passed, 1 otherwise, 2 on bad arguments.
#
# Sections: junit (jenkins and ant flavours), gradescope; more consumers (GitHub Classroom's
# reporter, Classroom 50's result-v1) go in sections of their own below, with their options.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
IPCLAB=(node "$ROOT/dist/bin/ipclab.js")
JUNIT_XSD=""
ANT_XSD=""
usage() { echo "usage: $0 [--junit-xsd FILE] [--ant-xsd FILE]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --junit-xsd) [ $# -ge 2 ] || usage; JUNIT_XSD=$2; shift 2 ;;
    --ant-xsd) [ $# -ge 2 ] || usage; ANT_XSD=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "$0: unknown argument $1" >&2; usage ;;
  esac
done
for f in "$JUNIT_XSD" "$ANT_XSD"; do
  if [ -n "$f" ] && [ ! -f "$f" ]; then echo "$0: no file $f" >&2; exit 2; fi
done
[ -f "$ROOT/dist/bin/ipclab.js" ] || { echo "$0: build ipclab first (npm run build)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ipclab-consumers.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
pass() { printf '  ok    %s\n' "$*"; }
flunk() { printf '  FAIL  %s\n' "$*"; failures=$((failures + 1)); }

# ---- the submissions ----
EXERCISES=(msgq-ping-pong pipe-copy)
cp -R "$ROOT/examples/sample-submission" "$work/sample"
cp -R "$ROOT/examples/sample-submission" "$work/build-failure"
# a syntax error in each exercise: nothing builds
sed -i '0,/return/s/return/retur n/' "$work/build-failure/msgq-ping-pong/msg_client.c"
sed -i '0,/int /s/int /int int /' "$work/build-failure/msgq-ping-pong/msg_server.c"
sed -i '0,/return/s/return/retur n/' "$work/build-failure/pipe-copy/pipe_copy.c"
for e in "${EXERCISES[@]}"; do
  mkdir -p "$work/full-pass/$e"
  cp "$ROOT/exercises/$e/solutions/correct/"*.c "$work/full-pass/$e/"
done
SUBMISSIONS=(sample build-failure full-pass)

# ---- grading: one run per submission and JUnit flavour ----
echo "grading ${SUBMISSIONS[*]} (${EXERCISES[*]})"
for s in "${SUBMISSIONS[@]}"; do
  "${IPCLAB[@]}" grade "$work/$s" --exercise "${EXERCISES[@]}" --format json junit gradescope --out-dir "$work/out/$s" --exit-zero --quiet \
    || { flunk "$s: ipclab grade exited $?"; continue; }
  "${IPCLAB[@]}" grade "$work/$s" --exercise "${EXERCISES[@]}" --format junit --junit-flavour ant --out-dir "$work/out/$s/ant" --exit-zero --quiet \
    || flunk "$s: ipclab grade --junit-flavour ant exited $?"
done

# The figures of one result.json and one junit.xml: points, and JUnit's counts from its own attributes.
figures() {
  node --input-type=module - "$@" <<'JS'
import { readFileSync } from 'node:fs';
const [result, junit] = process.argv.slice(2);
const r = JSON.parse(readFileSync(result, 'utf8'));
const xml = readFileSync(junit, 'utf8');
const sum = (a) => [...xml.matchAll(new RegExp(`<testsuite [^>]*\\b${a}="(\\d+)"`, 'g'))].reduce((n, m) => n + Number(m[1]), 0);
const notPassed = r.counts.failed + r.counts.error + r.counts.skipped;
const junitNotPassed = sum('failures') + sum('errors');
console.log(`${r.points}/${r.maxPoints} points, ${r.counts.passed} passed, ${notPassed} not; junit: ${sum('tests')} tests, ${sum('failures')} failures, ${sum('errors')} errors, ${sum('skipped')} skipped`);
process.exit(sum('tests') === r.exercises.flatMap((e) => e.tests).length && junitNotPassed === notPassed ? 0 : 1);
JS
}

# ---- section: junit (xmllint against each flavour's schema) ----
echo "junit"
if ! command -v xmllint >/dev/null; then
  flunk "no xmllint (apt-get install libxml2-utils)"
else
  for s in "${SUBMISSIONS[@]}"; do
    [ -f "$work/out/$s/junit.xml" ] || continue
    if line=$(figures "$work/out/$s/result.json" "$work/out/$s/junit.xml"); then pass "$s: $line"; else flunk "$s: counts disagree: $line"; fi
    if [ -n "$JUNIT_XSD" ]; then
      if msg=$(xmllint --noout --schema "$JUNIT_XSD" "$work/out/$s/junit.xml" 2>&1); then pass "$s: junit.xml valid against $(basename "$JUNIT_XSD")"; else flunk "$s: junit.xml against $(basename "$JUNIT_XSD"): $msg"; fi
    fi
    if [ -n "$ANT_XSD" ]; then
      if msg=$(xmllint --noout --schema "$ANT_XSD" "$work/out/$s/ant/junit.xml" 2>&1); then pass "$s: junit.xml (--junit-flavour ant) valid against $(basename "$ANT_XSD")"; else flunk "$s: ant junit.xml against $(basename "$ANT_XSD"): $msg"; fi
    fi
  done
  [ -n "$JUNIT_XSD" ] || echo "  skip  junit-10.xsd (no --junit-xsd)"
  [ -n "$ANT_XSD" ] || echo "  skip  Ant JUnit.xsd (no --ant-xsd)"
fi

# ---- section: gradescope (results.json against the documented fields; its score is ipclab's) ----
echo "gradescope"
for s in "${SUBMISSIONS[@]}"; do
  [ -f "$work/out/$s/results.json" ] || continue
  if line=$(cd "$ROOT" && node --input-type=module - "$work/out/$s/results.json" "$work/out/$s/result.json" <<'JS'
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
const [results, result] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const schema = JSON.parse(readFileSync('test/grader/report/gradescope-results.schema.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
const valid = validate(results);
const tests = results.tests.reduce((a, t) => a + t.score, 0);
console.log(`score ${results.score} (ipclab ${result.points}, tests sum ${tests}), ${results.tests.length} tests numbered ${results.tests[0]?.number}…${results.tests.at(-1)?.number}${valid ? '' : `; invalid: ${JSON.stringify(validate.errors)}`}`);
process.exit(valid && results.score === result.points && tests === result.points ? 0 : 1);
JS
  ); then pass "$s: $line"; else flunk "$s: $line"; fi
done

echo
if [ "$failures" -eq 0 ]; then echo "every check passed"; else echo "$failures check(s) failed"; fi
[ "$failures" -eq 0 ]
