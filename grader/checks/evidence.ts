// What the evidence checks share: the sample they judge, the processes a reference names in it,
// and the facts about descriptors and mappings they compare (pipes by inode, mappings by device
// and inode), so each check file says only what it proves.
import type { Inventory, Mapping, OpenFd, ProcessState } from '../../harness/observe/snapshot.js';
import { refOf, resolveRef } from '../../harness/observe/refs.js';
import { describeProcess, describeRef } from '../wording/refs.js';
import type { MappingKind } from '../../harness/spec/types.js';
import type { Finding } from '../model.js';
import { shown } from '../../harness/init/codec.js';
import { template } from '../../harness/spec/template.js';
import type { CheckContext } from './context.js';
import { moment } from './moment.js';

export interface Sampled { inv: Inventory; when: string }

/** The sample's snapshot, or a finding saying the test never took it (the run stopped first). */
export function sampled(ctx: CheckContext, sample: string, title: string): Sampled | Finding {
  const inv = ctx.obs.samples[sample];
  const when = moment(ctx.test, sample, ctx.vars);
  if (inv) return { inv, when };
  return { title, passed: false, rationale: `the test stopped before it could look at the processes` };
}

export const isFinding = (x: Sampled | Finding): x is Finding => 'passed' in x;

/** The reference in words, for titles. */
export const refWords = (ref: string): string => describeRef(refOf(ref));

/** The processes a reference names, or why there are none, in the student's terms. */
export function resolved(ctx: CheckContext, ref: string, s: Sampled): { procs: ProcessState[]; none?: string } {
  const procs = ctx.resolve(ref, s.inv).filter((p) => p.state !== 'Z' && p.state !== 'X');
  if (procs.length) return { procs };
  const r = refOf(ref);
  if (r.kind === 'name') return { procs, none: `${describeRef(r)} ${exitedWords(ctx, r.name) ?? 'was not running'} ${s.when}` };
  const parents = resolveRef(r.of, ctx.tests, s.inv);
  const whose = describeRef(r.of);
  if (!parents.length) return { procs, none: `${whose} was not running ${s.when}` };
  const rel = r.relation;
  const prog = r.program ? ` running \`${r.program}\`` : '';
  // the same relation without the program: what it has instead
  const kids = resolveRef({ kind: 'related', relation: rel, of: r.of }, ctx.tests, s.inv).filter((p) => p.state !== 'Z');
  const others = kids.length ? ` (its ${rel === 'child' ? 'children' : 'descendants'}: ${kids.map((k) => describeProcess(k, ctx.tests)).join(', ')})` : '';
  return { procs, none: `${whose} had no ${rel}${prog} ${s.when}${others}` };
}

/** "had already exited (status 0)" for a test process that ended before the sample. */
function exitedWords(ctx: CheckContext, name: string): string | undefined {
  const p = ctx.obs.processes.find((x) => (x.name === name || x.label === name) && x.exit);
  if (!p?.exit) return undefined;
  return `had already exited (${p.exit.signal ? `killed by SIG${p.exit.signal.replace(/^SIG/, '')}` : `status ${p.exit.code}`})`;
}


export const names = (ps: ProcessState[], ctx: CheckContext): string => ps.map((p) => describeProcess(p, ctx.tests)).join(', ');

const O_ACCMODE = 3;
export const canRead = (f: OpenFd): boolean => (f.flags & O_ACCMODE) !== 1;
export const canWrite = (f: OpenFd): boolean => (f.flags & O_ACCMODE) !== 0;

/** One pipe or FIFO (by device and inode) and who holds which end. */
export interface PipeEnds { key: string; target: string; type: 'pipe' | 'fifo'; writers: Set<number>; readers: Set<number> }

export function pipesOf(inv: Inventory): PipeEnds[] {
  const byKey = new Map<string, PipeEnds>();
  for (const p of inv.processes) {
    for (const f of p.fds) {
      if ((f.type !== 'pipe' && f.type !== 'fifo') || f.inode === undefined) continue;
      const key = `${f.dev}:${f.inode}`;
      const e = byKey.get(key) ?? { key, target: f.target, type: f.type, writers: new Set<number>(), readers: new Set<number>() };
      byKey.set(key, e);
      if (canWrite(f)) e.writers.add(p.pid);
      if (canRead(f)) e.readers.add(p.pid);
    }
  }
  return [...byKey.values()];
}

/** The test's stream a descriptor is (its stdout or stderr as ipclab reads it, or the stdin ipclab writes), if any. */
export function streamOf(ctx: CheckContext, inv: Inventory, f: OpenFd): string | undefined {
  if (f.inode === undefined) return undefined;
  const s = inv.streams?.find((x) => x.dev === f.dev && x.inode === f.inode);
  if (!s) return undefined;
  if (s.role === 'in') {
    const label = Object.entries(ctx.obs.stdinIds ?? {}).find(([, id]) => id === s.id)?.[0];
    return label ? `the standard input the test gives \`${label}\`` : 'standard input from the test';
  }
  const name = Object.entries(ctx.obs.streamIds ?? {}).find(([, id]) => id === s.id)?.[0];
  return name ? `the test's stream \`${name}\`` : 'an output stream of the test';
}

/** What a shared mapping is, from its path in /proc/PID/maps. */
export function mappingKind(m: Mapping): MappingKind {
  if (m.path.startsWith('/dev/zero')) return 'anonymous';
  if (m.path.startsWith('/SYSV')) return 'sysv';
  if (m.path.startsWith('/dev/shm/')) return 'posix';
  if (m.path.startsWith('/memfd:')) return 'memfd';
  return 'file';
}

export const MAPPING_WORDS: Record<MappingKind, string> = {
  anonymous: 'shared anonymous memory (MAP_SHARED of /dev/zero or MAP_ANONYMOUS)',
  file: 'a shared mapping of a file',
  sysv: 'a System V shared memory segment',
  posix: 'a POSIX shared memory object',
  memfd: 'a shared memfd mapping',
};

/** A path as the student sees it from the test's working directory: `${dir}/f` → `./f`. */
export function shownPath(ctx: CheckContext, path: string): string {
  const full = template(path, ctx.vars);
  const dir = ctx.vars.dir;
  return shown(dir && full.startsWith(`${dir}/`) ? `./${full.slice(dir.length + 1)}` : full);
}

/** A failing check's cause, then the contract sentence the check enforces. */
export function withWhy(f: Finding, why: string | undefined): Finding {
  return f.passed || !why ? f : { ...f, rationale: f.rationale ? `${f.rationale}; ${why}` : why };
}
