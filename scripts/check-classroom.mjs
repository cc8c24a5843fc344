#!/usr/bin/env node
// Runs GitHub Classroom's real reporter on ipclab's output and checks that its log totals, its
// table and its notice all equal ipclab's points, for the sample submission (some pass, some
// fail), a build failure and a full pass. The reporter is not committed: fetch it and pass the
// path of its dist/main.js (classroom-resources/autograding-grading-reporter, tag v1):
//   git -C <mirror> show v1:dist/main.js > /tmp/reporter.js
//   node scripts/check-classroom.mjs /tmp/reporter.js
// Also checks the workflow `ipclab init` writes lists exactly the runners ipclab emits.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const reporter = process.argv[2];
if (!reporter) {
  console.error('usage: node scripts/check-classroom.mjs <autograding-grading-reporter dist/main.js>');
  process.exit(2);
}
const exercises = ['msgq-ping-pong', 'pipe-copy'];
const tmp = mkdtempSync(join(tmpdir(), 'ipclab-check-classroom-'));
let failures = 0;

function submissions() {
  const sample = join(root, 'examples', 'sample-submission');
  const broken = join(tmp, 'broken');
  cpSync(sample, broken, { recursive: true });
  for (const f of readdirSync(join(broken, 'pipe-copy')).filter((n) => n.endsWith('.c'))) writeFileSync(join(broken, 'pipe-copy', f), 'int main(void) { return 0 }\n');
  for (const f of readdirSync(join(broken, 'msgq-ping-pong')).filter((n) => n.endsWith('.c'))) writeFileSync(join(broken, 'msgq-ping-pong', f), 'this is not C\n');
  const correct = join(tmp, 'correct');
  for (const id of exercises) {
    const sol = join(root, 'exercises', id, 'solutions', 'correct');
    cpSync(sol, join(correct, id), { recursive: true, filter: (p) => !p.endsWith('solution.yaml') });
  }
  return { 'sample submission': sample, 'build failure': broken, 'full pass': correct };
}

function grade(name, dir) {
  const out = join(tmp, name.replace(/ /g, '-'));
  const ghOut = join(tmp, `${name.replace(/ /g, '-')}.output`);
  writeFileSync(ghOut, '');
  const args = [cli, 'grade', dir, '--format', 'json', 'classroom', '--out-dir', out, '--exit-zero', '--quiet', '--exercise', ...exercises];
  const r = spawnSync(process.execPath, args, { env: { ...process.env, GITHUB_OUTPUT: ghOut, GITHUB_ACTIONS: '' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ipclab exited ${r.status} for the ${name}: ${r.stderr}`);
  const outputs = Object.fromEntries(readFileSync(ghOut, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { result: JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')), outputs };
}

/** The runners `ipclab init` writes into the workflow, read back from it. */
function initRunners() {
  const repo = join(tmp, 'repo');
  execFileSync(process.execPath, [cli, 'init', repo, '--package', 'ipclab@0.0.0', '--exercise', ...exercises], { stdio: 'ignore' });
  const yml = readFileSync(join(repo, '.github', 'workflows', 'grade.yml'), 'utf8');
  const runners = /^ +runners: (.*)$/m.exec(yml)[1].split(',');
  const env = [...yml.matchAll(/^ +([A-Z0-9_-]+_RESULTS): \$\{\{ steps\.ipclab\.outputs\['([^']+)'\] \}\}$/gm)].map((m) => [m[1], m[2]]);
  return { runners, env };
}

function check(label, ok, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok ? '' : `: ${detail}`}`);
  if (!ok) failures++;
}

try {
  const { runners, env } = initRunners();
  for (const [name, dir] of Object.entries(submissions())) {
    const { result, outputs } = grade(name, dir);
    const reporterEnv = { ...process.env, INPUT_RUNNERS: runners.join(',') };
    for (const [variable, output] of env) reporterEnv[variable] = outputs[output] ?? '';
    const r = spawnSync(process.execPath, [reporter], { env: reporterEnv, encoding: 'utf8' });
    const log = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    const logTotal = [...log.matchAll(/^Total points for [^:]+: ([\d.]+)\/(\d+)$/gm)].reduce((a, m) => a + Number(m[1]), 0);
    const table = /│ Total:\s*│ ([\d.]+)\s*│ (\d+)\s*│/.exec(log);
    const notice = /::notice title=Autograding complete::Points ([\d.]+)\/(\d+)/.exec(log);
    const want = `${result.points}/${result.maxPoints}`;
    console.log(`${name}: ipclab ${want}; reporter log ${logTotal}, table ${table?.[1]}/${table?.[2]}, notice ${notice?.[1]}/${notice?.[2]}; reporter exit ${r.status}`);
    check(`${name}: every test has a runner and an output`, runners.length === Object.keys(outputs).length - 1 && runners.every((id) => outputs[id]), `${runners.length} runners, outputs ${Object.keys(outputs).join(',')}`);
    check(`${name}: log total`, logTotal === result.points, `${logTotal}`);
    check(`${name}: table`, table && `${table[1]}/${table[2]}` === want, table?.[0]);
    check(`${name}: notice`, notice && `${notice[1]}/${notice[2]}` === want, notice?.[0] ?? r.stderr);
    // the single-runner arrangement (step output `result`) for comparison: its log and table count tests
    const single = spawnSync(process.execPath, [reporter], { env: { ...process.env, INPUT_RUNNERS: 'ipclab', IPCLAB_RESULTS: outputs.result }, encoding: 'utf8' });
    const singleLog = /^Total points for ipclab: ([\d.]+)\/(\d+)$/m.exec(single.stdout.replace(/\x1b\[[0-9;]*m/g, ''));
    console.log(`  (one runner for all tests, as before: log ${singleLog?.[1]}/${singleLog?.[2]})`);
    check(`${name}: the job fails exactly when a test did`, (r.status !== 0) === (result.points < result.maxPoints), `exit ${r.status}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
