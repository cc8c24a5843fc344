// Decides how tests are isolated on this machine, once per process.
// spawnSync, not execa: the probe runs synchronously inside isolation(), and execa's sync API would
// need a static import (~200 ms at every CLI start) for one short process per run.
import { spawnSync } from 'node:child_process';
import { initBinary } from '../init/binary.js';
import { decodeField } from '../init/codec.js';
import { resetSettings, settings } from '../settings.js';

export type IsolationKind = 'root' | 'sudo' | 'userns' | 'fallback';

export interface Isolation {
  kind: IsolationKind;
  /** 'isolated' when tests get fresh IPC + PID + mount namespaces. */
  mode: 'isolated' | 'fallback';
  /** Command prefix and arguments that start the init. */
  command: string[];
  /** uid/gid student processes run as (KEEP when they run as the caller). */
  uid: number;
  gid: number;
  /** Root: give each run a uid of its own, so that one test's processes cannot signal another's. */
  perRunUid: boolean;
  description: string;
  /** Each isolated mode that was tried and did not come up, with why (empty when one did). */
  tried: Attempt[];
  /** Fallback mode: every protection an isolated mode gives that this run does without. */
  missing: string[];
}

export interface Attempt {
  kind: Exclude<IsolationKind, 'fallback'>;
  why: string;
}

/** Isolation was asked for (IPCLAB_ISOLATION) and is not available: a fact about the machine, said in one line. */
export class IsolationUnavailable extends Error {}

const NOBODY = 65534;
const KEEP = 0xffffffff;
let decided: Isolation | undefined;

/** Why the init did not come up in that mode, or undefined when it did. */
function probe(cmd: string[]): string | undefined {
  // Start the init in that mode and close its control channel at once: a ready frame means it came up.
  const r = spawnSync(cmd[0], cmd.slice(1), { input: '', timeout: 5000, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = r.stdout ?? Buffer.alloc(0);
  if (r.status === 0 && out.length >= 8 && out.readUInt16LE(4) === 1) return undefined;
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${cmd[0]} is not installed` : `${cmd[0]} could not be started (${code ?? r.error.message})`;
  }
  // the init's error frame (type 8: "unshare: Operation not permitted"), else what the command said
  if (out.length >= 8 && out.readUInt16LE(4) === 8) return decodeField(out.subarray(8, 8 + out.readUInt32LE(0)).toString('latin1')) ?? 'it reported an error';
  const said = String(r.stderr ?? '').trim().split('\n')[0];
  return said || `it exited with ${r.signal ?? r.status}`;
}

/** What each kind of isolated mode needs, and how it is started. */
function candidate(kind: Attempt['kind'], bin: string, uid: number, gid: number, studentUid: number, fixedUid: boolean): Isolation {
  const base = { kind, mode: 'isolated' as const, tried: [], missing: [] };
  if (kind === 'root') {
    return {
      ...base, command: [bin, '--isolate'], uid: studentUid, gid: studentUid, perRunUid: !fixedUid,
      description: `isolated: fresh IPC, PID and mount namespaces per test; student code runs as ${fixedUid ? `uid ${studentUid}` : 'an unprivileged uid of its own'}`,
    };
  }
  if (kind === 'userns') {
    return { ...base, command: [bin, '--userns'], uid: KEEP, gid: KEEP, perRunUid: false, description: 'isolated: fresh user, IPC, PID and mount namespaces per test' };
  }
  return {
    ...base, command: ['sudo', '-n', bin, '--isolate'], uid, gid, perRunUid: false,
    description: `isolated through sudo: fresh IPC, PID and mount namespaces per test; student code runs as uid ${uid}`,
  };
}

/** Why a kind cannot even be tried by this user, or undefined. */
function unfit(kind: Attempt['kind'], uid: number): string | undefined {
  if (kind === 'root' && uid !== 0) return 'ipclab is not running as root';
  if (kind !== 'root' && uid === 0) return 'ipclab runs as root, which the root mode serves';
  return undefined;
}

/** The protections of an isolated mode that fallback mode does without, in a grader's words. */
export function fallbackGaps(asGrader: boolean): string[] {
  const gaps = [
    'no IPC namespace: System V objects and POSIX queues are the machine\'s, seen and changed by every process of the machine (ipclab removes only the ones a test made)',
    'no PID namespace: student processes see the machine\'s processes, and one that escapes is found only as a child of ipclab',
    'no mount namespace: /tmp, /dev/shm and every folder are the machine\'s; ipclab\'s own folder, the catalogue and the class folder are not hidden',
    'no own root: student code sees the whole file system its uid may read',
    'no network namespace: student code reaches the network and every service on 127.0.0.1',
    'no disk, memory or IPC quotas beyond the per-process limits (CPU time, address space, file size, open files)',
    'tests run one at a time',
  ];
  if (asGrader) {
    gaps.unshift('student code runs as the grader\'s own user: it can read and change the grader\'s files and environment, signal it, write the results, and in GitHub Actions write $GITHUB_OUTPUT, $GITHUB_ENV and $GITHUB_STEP_SUMMARY');
  }
  return gaps;
}

/** One line: each isolated mode that was tried, and why it did not come up. */
export function triedText(tried: Attempt[]): string {
  return tried.map((t) => `${t.kind} (${t.why})`).join(', ');
}

/** IPCLAB_ISOLATION=auto|isolated|fallback|root|sudo|userns (default auto). IPCLAB_UID picks the uid when root. */
export function isolation(): Isolation {
  if (decided) return decided;
  const { isolation: want, uid: wantUid } = settings();
  const bin = initBinary();
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const fixedUid = wantUid !== undefined;
  const studentUid = wantUid ?? NOBODY;
  const fallback = (why: string, tried: Attempt[]): Isolation => ({
    kind: 'fallback',
    mode: 'fallback',
    command: [bin],
    uid: uid === 0 ? studentUid : KEEP,
    gid: uid === 0 ? studentUid : KEEP,
    perRunUid: uid === 0 && !fixedUid,
    description: `fallback (${why}): one test at a time, IPC objects inventoried before and after${uid === 0 ? '' : '; student code runs as the grader\'s own user and could signal it'}`,
    tried,
    missing: fallbackGaps(uid !== 0),
  });
  if (want === 'fallback') return (decided = fallback('requested', []));
  const kinds: Attempt['kind'][] = want === 'root' || want === 'sudo' || want === 'userns' ? [want] : ['root', 'userns', 'sudo'];
  const tried: Attempt[] = [];
  for (const kind of kinds) {
    const why = unfit(kind, uid);
    if (why && kinds.length > 1 && uid === 0) continue; // as root only root mode is worth naming
    const c = candidate(kind, bin, uid, gid, studentUid, fixedUid);
    // the mqueue mount point is per test; probing without it checks the namespaces themselves
    const failed = why ?? probe(c.command);
    if (failed === undefined) return (decided = { ...c, tried });
    tried.push({ kind, why: failed });
  }
  if (want !== 'auto') throw new IsolationUnavailable(`IPCLAB_ISOLATION=${want}, but ${kinds.length > 1 ? 'no isolated mode is' : `${want} mode is not`} available here: ${triedText(tried)}`);
  return (decided = fallback('no namespaces available', tried));
}

/** For tests and benchmarks: forget the decision (and the settings) so that IPCLAB_ISOLATION is read again. */
export function resetIsolation(): void {
  decided = undefined;
  resetSettings();
}

/** A uid (or gid) of the range runs get their own from (settings' uidBase; 65536 of them). */
export function freshRunId(): number {
  return settings().uidBase + Math.floor(Math.random() * 65536);
}

/** The uid a run's processes get: its own when root, so that kill(-1) reaches only its own. */
export function runUid(iso: Isolation): { uid: number; gid: number } {
  if (!iso.perRunUid) return { uid: iso.uid, gid: iso.gid };
  const uid = freshRunId();
  return { uid, gid: uid };
}
