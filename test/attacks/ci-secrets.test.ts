// Exploit: student code reads the CI job's secrets out of the environment it inherits, or out of
// /proc/<pid>/environ of its namespace's PID 1 and its parents, and appends to $GITHUB_OUTPUT and
// $GITHUB_ENV (a step output `result=999` would become the score a later step reports). Proven
// from outside: the step files are unchanged, the program found nothing (it says "ok" only
// then, so the honest score is 1/1), and no secret is in the result.
import { chmodSync, chownSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { asGraderUid, GRADER_UID, graders, ipclab, privateTmp, workspace, type Grader, type Workspace } from './grader.js';

const root = packageRoot();
const catalogue = join(root, 'test', 'fixtures', 'hostile', 'exercises');
const sub = join(root, 'test', 'fixtures', 'attacks', 'ci-env', 'sub');
const STEP_FILES = ['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'];
const SECRETS = { ACTIONS_RUNTIME_TOKEN: 'ipclab-ci-secret-runtime', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ipclab-ci-secret-oidc', GITHUB_TOKEN: 'ipclab-ci-secret-token' };

/** One step file per variable, owned by the grader as the runner's are, each with a canary line. */
function stepFiles(ws: Workspace, as: Grader): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of STEP_FILES) {
    const path = join(ws.dir, name.toLowerCase());
    writeFileSync(path, `canary ${name}\n`);
    chmodSync(path, 0o600);
    if (asGraderUid(as)) chownSync(path, GRADER_UID, GRADER_UID);
    files[name] = path;
  }
  return files;
}

describe.each(graders)('CI secrets (grader: %s)', (as) => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace(as, 'ipclab-ci-env-');
  });
  afterEach(() => ws.remove());

  it('student code finds no step file and no token, and the step files are unchanged', async () => {
    const tmp = privateTmp(ws, as);
    const files = stepFiles(ws, as);
    const out = join(ws.dir, 'result.json');
    const env = { TMPDIR: tmp, IPCLAB_BUILD_CACHE: '0', CI: 'true', GITHUB_ACTIONS: 'true', ...files, ...SECRETS };
    const r = await ipclab(['grade', sub, '--catalogue', catalogue, '--format', 'json', '--out', out, '--exit-zero', '--quiet'], as, { home: ws.dir, env, timeoutMs: 90_000 });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    for (const [name, path] of Object.entries(files)) expect(readFileSync(path, 'utf8')).toBe(`canary ${name}\n`);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('ipclab-ci-secret');
    const result = JSON.parse(text) as { points: number; maxPoints: number; isolation: { mode: string } };
    expect(result.isolation.mode).toBe('isolated');
    expect({ points: result.points, maxPoints: result.maxPoints }).toEqual({ points: 1, maxPoints: 1 });
  }, 120_000);
});
