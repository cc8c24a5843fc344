// Decides how tests are isolated on this machine, once per process.
import { spawnSync } from 'node:child_process';
import { initBinary } from '../init/binary.js';
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
}

const NOBODY = 65534;
let decided: Isolation | undefined;

function probe(cmd: string[]): boolean {
  // Start the init in that mode and close its control channel at once: exit 0 means it came up.
  const r = spawnSync(cmd[0], cmd.slice(1), { input: '', timeout: 5000, stdio: ['pipe', 'pipe', 'ignore'] });
  return r.status === 0 && r.stdout.length >= 8 && r.stdout.readUInt16LE(4) === 1;
}

/** IPCLAB_ISOLATION=auto|isolated|fallback (default auto). IPCLAB_UID picks the uid when root. */
export function isolation(): Isolation {
  if (decided) return decided;
  const { isolation: want, uid: wantUid } = settings();
  const bin = initBinary();
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const fixedUid = wantUid !== undefined;
  const studentUid = wantUid ?? NOBODY;
  const fallback = (why: string): Isolation => ({
    kind: 'fallback',
    mode: 'fallback',
    command: [bin],
    uid: uid === 0 ? studentUid : 0xffffffff,
    gid: uid === 0 ? studentUid : 0xffffffff,
    perRunUid: uid === 0 && !fixedUid,
    description: `fallback (${why}): one test at a time, IPC objects inventoried before and after${uid === 0 ? '' : '; student code runs as the grader\'s own user and could signal it'}`,
  });
  if (want === 'fallback') return (decided = fallback('requested'));
  const candidates: Isolation[] = [];
  if (uid === 0) {
    candidates.push({
      kind: 'root', mode: 'isolated', command: [bin, '--isolate'], uid: studentUid, gid: studentUid, perRunUid: !fixedUid,
      description: `isolated: fresh IPC, PID and mount namespaces per test; student code runs as ${fixedUid ? `uid ${studentUid}` : 'an unprivileged uid of its own'}`,
    });
  } else {
    candidates.push({
      kind: 'userns', mode: 'isolated', command: [bin, '--userns'], uid: 0xffffffff, gid: 0xffffffff, perRunUid: false,
      description: 'isolated: fresh user, IPC, PID and mount namespaces per test',
    });
    candidates.push({
      kind: 'sudo', mode: 'isolated', command: ['sudo', '-n', bin, '--isolate'], uid, gid, perRunUid: false,
      description: `isolated through sudo: fresh IPC, PID and mount namespaces per test; student code runs as uid ${uid}`,
    });
  }
  for (const c of candidates) {
    // the mqueue mount point is per test; probing without it checks the namespaces themselves
    if (probe(c.command)) return (decided = c);
  }
  if (want === 'isolated') throw new Error('IPCLAB_ISOLATION=isolated, but namespaces are not available here (not root, no user namespaces, no passwordless sudo)');
  return (decided = fallback('no namespaces available'));
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
