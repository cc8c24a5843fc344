// At a sample, the processes share one MAP_SHARED mapping (the same device and inode in each one's
// /proc/PID/maps): memory they really share, not copies that only start out equal.
import type { MappingCheck } from '../../harness/spec/types.js';
import type { Mapping, ProcessState } from '../../harness/observe/snapshot.js';
import { shown } from '../../harness/init/codec.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { MAPPING_WORDS, isFinding, mappingKind, names, refWords, resolved, sampled, type Sampled } from './evidence.js';

const keyOf = (m: Mapping): string => `${m.dev}:${m.inode}`;

function titleOf(c: MappingCheck): string {
  const what = c.kind ? MAPPING_WORDS[c.kind] : 'one shared mapping';
  return `${c.processes.map(refWords).join(' and ')} share ${what}`;
}

function sharedOf(p: ProcessState, c: MappingCheck): Mapping[] {
  return p.maps.filter((m) => m.shared && (!c.kind || mappingKind(m) === c.kind));
}

/** What a process has instead (the same words for processes in the same situation): private copies, other kinds, or mappings of its own. */
function instead(p: ProcessState, c: MappingCheck, workDir: string | undefined): string {
  const shared = p.maps.filter((m) => m.shared);
  // private mappings worth naming: of memory a student could have meant to share (not the program's own data)
  const priv = p.maps.filter((m) => !m.shared && (/^\/(dev\/zero|dev\/shm\/|memfd:|SYSV)/.test(m.path) || (!!workDir && m.path.startsWith(`${workDir}/`))));
  if (!shared.length && priv.some((m) => m.path.startsWith('/dev/zero'))) return 'the mapping of /dev/zero is private (MAP_PRIVATE): after fork each process changes its own copy';
  if (!shared.length) return `no shared mapping${priv.length ? ` (only private ones: ${priv.slice(0, 3).map((m) => shown(m.path)).join(', ')})` : ''}`;
  if (c.kind && !sharedOf(p, c).length) return `memory shared another way: ${[...new Set(shared.map((m) => MAPPING_WORDS[mappingKind(m)]))].join(', ')}`;
  return 'shared mappings, but not one the others have (mapped on its own, not inherited or attached to the same object)';
}

export function checkMapping(c: MappingCheck, ctx: CheckContext, title?: string): Finding[] {
  const t = title ?? titleOf(c);
  const s = sampled(ctx, c.sample, t);
  if (isFinding(s)) return [s];
  const groups = c.processes.map((r) => resolved(ctx, r, s));
  const none = groups.find((g) => g.none)?.none;
  if (none) return [{ title: t, passed: false, rationale: none }];
  const procs = [...new Map(groups.flatMap((g) => g.procs).map((p) => [p.pid, p])).values()];
  const common = sharedOf(procs[0], c).find((m) => procs.every((p) => sharedOf(p, c).some((x) => keyOf(x) === keyOf(m))));
  if (common) return [{ title: t, passed: true }];
  return [{ title: t, passed: false, rationale: explain(procs, c, ctx, s), cause: noSharingCause(procs) }];
}

/**
 * When none of the processes has any shared mapping at all, they share no memory: each kept its
 * own copy (a private /dev/zero mapping says so), or the data went another way. Memory shared but
 * not in common, or of another kind, is a different mistake and names no cause.
 */
function noSharingCause(procs: ProcessState[]): string | undefined {
  if (procs.some((p) => p.maps.some((m) => m.shared))) return undefined;
  return procs.some((p) => p.maps.some((m) => m.path.startsWith('/dev/zero'))) ? 'own-copy' : 'nothing-shared';
}

function explain(procs: ProcessState[], c: MappingCheck, ctx: CheckContext, s: Sampled): string {
  const lacking = procs.filter((p) => !sharedOf(p, c).some((m) => procs.every((q) => q === p || sharedOf(q, c).some((x) => keyOf(x) === keyOf(m)))));
  const byReason = new Map<string, ProcessState[]>();
  for (const p of lacking.length ? lacking : procs) {
    const reason = instead(p, c, ctx.vars.dir);
    byReason.set(reason, [...(byReason.get(reason) ?? []), p]);
  }
  const why = [...byReason].map(([reason, ps]) => `${names(ps, ctx)}: ${reason}`).join('; ');
  return `no mapping is shared by ${names(procs, ctx)} ${s.when} — ${why}`;
}

export const mappingCheck: CheckKind<'mapping'> = {
  run: checkMapping,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['processes', 'sample'],
    properties: {
      processes: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Process references; every process they name must have the mapping.' },
      kind: { enum: ['anonymous', 'file', 'sysv', 'posix', 'memfd'], description: 'What the shared memory must be (any kind when absent).' },
      sample: { type: 'string' },
    },
    description: 'At a sample, every process named has the same MAP_SHARED mapping (same device and inode).',
  },
};
