// What the test made and left behind, as facts: which objects of the final inventory are the
// test's own, which of them remain, which processes outlived the test or were orphaned; and,
// in fallback mode, removing those objects from the shared machine afterwards.
import { rmSync } from 'node:fs';
import { textBytes } from '../init/codec.js';
import { KEEP_UID } from '../init/protocol.js';
import type { Isolation } from '../isolate/mode.js';
import type { Inventory } from '../observe/snapshot.js';
import { programName } from '../observe/refs.js';
import type { Leftover, Observation } from './observation.js';
import type { Instance } from './state.js';

/**
 * Which objects of an inventory this test made. Isolated: all of them (the namespace started
 * empty). Fallback: new since the inventory before, and owned by the test's uid; when the test
 * runs as the caller's own uid, also made with one of its keys or names, or by one of its
 * processes — never an object another program on the machine made meanwhile.
 */
export function madeByTest(final: Inventory, before: Inventory | undefined, iso: Isolation, uid: number, obs: Observation, byPid: Map<number, Instance>): Inventory {
  if (iso.mode === 'isolated') return final;
  const keys = new Set(Object.entries(obs.vars).filter(([k]) => /^key\d?$/.test(k)).map(([, v]) => Number(v) >>> 0));
  const names = new Set(Object.entries(obs.vars).filter(([k]) => /^name\d?$/.test(k)).map(([, v]) => v));
  const pids = new Set([...byPid.keys(), ...obs.orphans.map((o) => o.pid)]);
  const sysv = final.sysv.filter((o) => {
    if (before?.sysv.some((b) => b.kind === o.kind && b.id === o.id)) return false;
    if (uid !== KEEP_UID) return o.uid === uid;
    return keys.has(o.key) || (o.kind === 'shm' && pids.has(o.creator)) || (o.kind === 'msg' && pids.has(o.lastSender));
  });
  const posix = final.posix.filter((p) => {
    if (before?.posix.some((b) => b.name === p.name)) return false;
    return uid !== KEEP_UID ? p.uid === uid : names.has(p.name);
  });
  return { ...final, sysv, posix };
}

/** In this order: System V objects, POSIX objects, stray processes, orphans. */
export function leftovers(made: Inventory, obs: Observation, byPid: Map<number, Instance>): Leftover[] {
  const label = (pid: number) => byPid.get(pid)?.obs.label;
  const out: Leftover[] = made.sysv.map((o) => ({
    kind: 'sysv', object: o,
    creator: o.kind === 'shm' ? label(o.creator) : undefined,
    lastWriter: o.kind === 'msg' ? label(o.lastSender) : undefined,
  }));
  for (const p of made.posix) out.push({ kind: 'posix', object: p });
  // after a timeout the processes still there are the hang itself, reported as such
  const stray = obs.termination ? [] : made.processes.filter((p) => !(byPid.has(p.pid) && !byPid.get(p.pid)?.exited));
  for (const p of stray) out.push({ kind: 'process', pid: p.pid, comm: p.comm, program: programName(p), zombie: p.state === 'Z' });
  for (const o of obs.orphans) out.push({ kind: 'process', pid: o.pid, comm: o.comm, orphaned: true });
  return out;
}

export async function removeFallbackLeftovers(made: Inventory, mqueueMount: string): Promise<void> {
  const args = made.sysv.flatMap((o) => [o.kind === 'msg' ? '-q' : o.kind === 'sem' ? '-s' : '-m', String(o.id)]);
  // execa loaded only by a fallback test that left System V objects (its import costs ~200 ms)
  const execa = args.length ? (await import('execa')).execa : undefined;
  for (let i = 0; execa && i < args.length; i += 2000) {
    // reject: false — some were already gone; ipcrm removes the others anyway
    await execa('ipcrm', args.slice(i, i + 2000), { stdio: 'ignore', reject: false });
  }
  for (const p of made.posix) {
    // removing a file of an mqueue mount is mq_unlink (the init mounted one, as root)
    // by bytes: a name need not be UTF-8 (see harness/init/codec.ts)
    const file = textBytes(p.kind === 'sem' ? `sem.${p.name.slice(1)}` : p.name.slice(1));
    const dir = p.kind === 'mq' ? mqueueMount : '/dev/shm';
    rmSync(Buffer.concat([Buffer.from(`${dir}/`), file]), { force: true });
  }
}
