// Attacks on the sandbox itself (issue 12): a submission (test/fixtures/sandbox/probe.c) and its
// Makefile try to read another student's folder, the catalogue's solutions and hidden test, and
// ipclab's own files; to overwrite another student's result.json and a helper; to undo or cover
// the sandbox's mounts (also from a user namespace of their own); to reach the init's control
// channel or ptrace it; to reach a listener on the host's 127.0.0.1 and a host abstract socket;
// and to leave files (and a setuid one) behind. Each is proven from outside, as root and as an
// unprivileged grader: canaries never appear, listeners saw nothing, files are unchanged or absent.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, privateTmp, workspace, GRADER_UID, type Grader, type Workspace } from './grader.js';

const fixture = join(packageRoot(), 'test', 'fixtures', 'sandbox');
const isRoot = process.getuid?.() === 0;
/** A line of ipclab's own source that no report contains. */
const IPCLAB_CANARY = 'the per-test supervisor that holds PID 1';

interface Result {
  points: number;
  exercises: Array<{ build: { status: string; log: string }; tests: Array<{ name: string; status: string; reason?: string }> }>;
}

/** A listener on the host that counts who reached it. */
async function listener(address: { port: 0; host: '127.0.0.1' } | { path: string }): Promise<{ server: Server; seen: () => number; port: number }> {
  let seen = 0;
  const server = createServer((s) => {
    seen++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(address, r));
  const a = server.address();
  return { server, seen: () => seen, port: typeof a === 'object' && a ? a.port : 0 };
}

function c(s: string): string {
  return JSON.stringify(s);
}

interface Setup {
  canaries: string[];
  leftName: string;
  outside: string;
  catalogue: string;
  helperHash: string;
}

/** The catalogue (with a solution and a hidden test's canary) and attacker `a`, beside student `b`. */
function setUp(ws: Workspace, as: Grader, ports: { port: number; abstract: string }): Setup {
  const id = randomBytes(6).toString('hex');
  const canaries = [`hidden-canary-${id}`, `solution-canary-${id}`, `other-student-canary-${id}`, IPCLAB_CANARY];
  const catalogue = join(ws.dir, 'catalogue');
  const ex = join(catalogue, 'sandbox');
  cpSync(join(fixture, 'exercise'), ex, { recursive: true });
  writeFileSync(join(ex, 'exercise.yaml'), readFileSync(join(ex, 'exercise.yaml'), 'utf8').replace('HIDDEN_CANARY', canaries[0]));
  mkdirSync(join(ex, 'solutions', 'correct'), { recursive: true });
  writeFileSync(join(ex, 'solutions', 'correct', 'probe.c'), `/* ${canaries[1]} */\n`);
  const outside = join(ws.dir, 'outside');
  mkdirSync(outside, { mode: 0o777 });
  chmodSync(outside, 0o777); // unfixed, a build could write here
  const results = join(ws.dir, 'results');
  const leftName = `ipclab-left-${id}`;
  const header = [
    `#define READ_PATHS { ${[join(ex, 'exercise.yaml'), join(ex, 'solutions', 'correct', 'probe.c'), join(ws.dir, 'class', 'b', 'sandbox', 'probe.c'), join(packageRoot(), 'harness', 'init', 'ipclab-init.c'), join(results, 'students', 'b', 'result.json')].map(c).join(', ')} }`,
    `#define WRITE_PATHS { ${[join(results, 'students', 'b', 'result.json'), join(ex, 'helpers', 'check.sh')].map(c).join(', ')} }`,
    `#define HOST_PORT ${ports.port}`,
    `#define HOST_ABSTRACT ${c(ports.abstract)}`,
    `#define LEFT_NAME ${c(leftName)}`,
  ].join('\n');
  for (const student of ['a', 'b']) {
    const dir = join(ws.dir, 'submissions', student, 'sandbox');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'attack.h'), `${header}\n`);
    writeFileSync(join(dir, 'probe.c'), `${student === 'b' ? `/* ${canaries[2]} */\n` : ''}${readFileSync(join(fixture, 'probe.c'), 'utf8')}`);
  }
  // a's Makefile tries the same reads, and a write outside, while it builds (any success fails the build)
  const leaks = header.split('\n')[0].replace(/^#define READ_PATHS \{ | \}$/g, '').replace(/"/g, '').split(', ');
  writeFileSync(join(ws.dir, 'submissions', 'a', 'sandbox', 'Makefile'), [
    'probe: probe.c attack.h',
    `\t@for f in ${leaks.join(' ')}; do if cat $$f 2>/dev/null; then echo "ESCAPED $$f"; exit 1; fi; done`,
    `\t@if cp probe.c ${join(outside, 'leak.c')} 2>/dev/null; then echo ESCAPED write; exit 1; fi`,
    '\tcc -O2 -o probe probe.c',
    '',
  ].join('\n'));
  const owner = as === 'user' && isRoot ? GRADER_UID : 0;
  for (const d of [catalogue, join(ws.dir, 'submissions')]) chownTree(d, owner);
  chmodSync(ws.dir, 0o755); // unfixed, student code could reach every file named above
  return { canaries, leftName, outside, catalogue, helperHash: sha256(join(ex, 'helpers', 'check.sh')) };
}

function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid);
    else chownSync(p, uid, uid);
  }
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Host folders where the attack leaves files. */
function leftOnHost(name: string): string[] {
  return ['/tmp', '/var/tmp', '/dev/shm'].flatMap((d) => readdirSync(d).filter((n) => n.startsWith(name)).map((n) => `${d}/${n}`));
}

describe.each(graders)('sandbox attacks (grader: %s)', (as) => {
  let ws: Workspace;
  let tmp: string;
  let tcp: Awaited<ReturnType<typeof listener>>;
  let unix: Awaited<ReturnType<typeof listener>>;
  const abstract = `ipclab-attack-${randomBytes(6).toString('hex')}`;
  beforeEach(async () => {
    ws = workspace(as);
    tmp = privateTmp(ws, as);
    tcp = await listener({ port: 0, host: '127.0.0.1' });
    unix = await listener({ path: `\0${abstract}` });
  });
  afterEach(async () => {
    await new Promise((r) => tcp.server.close(r));
    await new Promise((r) => unix.server.close(r));
    const left = readdirSync(tmp);
    ws.remove();
    expect(left).toEqual([]); // every run and build folder went
  });

  it("reads no other student's, catalogue's or ipclab's file, changes no result, helper or mount, reaches no host socket and leaves nothing", async () => {
    const s = setUp(ws, as, { port: tcp.port, abstract });
    const env = { TMPDIR: tmp, IPCLAB_BUILD_CACHE: '0', IPCLAB_TEST_JOBS: '1' };
    const results = join(ws.dir, 'results');
    const cls = join(ws.dir, 'class');
    mkdirSync(cls);
    if (as === 'user' && isRoot) chownSync(cls, GRADER_UID, GRADER_UID);
    const batch = (): Promise<{ code: number; stdout: string; stderr: string }> =>
      ipclab(['grade-batch', cls, '--jobs', '1', '--catalogue', s.catalogue, '--out', results], as, { home: ws.dir, env, timeoutMs: 240_000 });
    // b is graded first; its result is what a then attacks
    cpSync(join(ws.dir, 'submissions', 'b'), join(cls, 'b'), { recursive: true });
    const first = await batch();
    expect(first.stderr).toBe('');
    const bResult = join(results, 'students', 'b', 'result.json');
    const bBefore = readFileSync(bResult, 'latin1');
    cpSync(join(ws.dir, 'submissions', 'a'), join(cls, 'a'), { recursive: true });
    const second = await batch();
    expect(second.stderr).toBe('');

    const a = JSON.parse(readFileSync(join(results, 'students', 'a', 'result.json'), 'utf8')) as Result;
    const said = [first.stdout, second.stdout, readFileSync(join(results, 'students', 'a', 'result.json'), 'utf8'), readFileSync(bResult, 'utf8'), readFileSync(join(results, 'gradebook.csv'), 'utf8')].join('\n');
    for (const canary of s.canaries) expect(said).not.toContain(canary);
    expect(said).not.toContain('ESCAPED');
    // every attack test passes only if nothing got through, seen from inside; the build too
    expect(a.exercises[0].build.status).toBe('built');
    const passing = ['read', 'mounts', 'forge', 'network', 'loopback', 'helper', 'secret'];
    expect(a.exercises[0].tests.filter((t) => passing.includes(t.name)).map((t) => [t.name, t.status])).toEqual(passing.map((n) => [n, 'passed']));
    // leaving objects in /dev/shm costs the test its point, as it should; nothing of it outlives the test
    expect(a.exercises[0].tests.find((t) => t.name === 'leave')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^POSIX shared memory object \/ipclab-left-/) });
    // and from outside
    expect(readFileSync(bResult, 'latin1')).toBe(bBefore);
    expect(sha256(join(s.catalogue, 'sandbox', 'helpers', 'check.sh'))).toBe(s.helperHash);
    expect({ tcp: tcp.seen(), abstract: unix.seen() }).toEqual({ tcp: 0, abstract: 0 });
    expect(leftOnHost(s.leftName)).toEqual([]);
    expect(existsSync(join(s.outside, 'leak.c'))).toBe(false);
  }, 300_000);

  it('the probe is not a test that cannot fail: outside the sandbox it gets through', async () => {
    // run as the grader itself, unsandboxed: the same attacks reach the files and listeners
    const s = setUp(ws, as, { port: tcp.port, abstract });
    const r = await ipclab(['grade', join(ws.dir, 'submissions', 'a'), '--catalogue', s.catalogue, '--format', 'json', '--out', join(ws.dir, 'r.json'), '--exit-zero', '--quiet', '--allow-fallback'], as, {
      home: ws.dir, env: { TMPDIR: tmp, IPCLAB_BUILD_CACHE: '0', IPCLAB_TEST_JOBS: '1', IPCLAB_ISOLATION: 'fallback' }, timeoutMs: 240_000,
    });
    expect(r.stderr).toBe('');
    const report = readFileSync(join(ws.dir, 'r.json'), 'utf8');
    // the Makefile read the catalogue: the build failed, its log shows the hidden test's canary
    expect(report).toContain(s.canaries[0]);
    for (const f of leftOnHost(s.leftName)) rmSync(f, { force: true });
  }, 300_000);
});
