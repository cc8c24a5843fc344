// Checks of kernel state: at the end of the test, or at a sample the script took.
import type { Check } from '../../harness/spec/types.js';
import { template } from '../../harness/spec/template.js';
import { compile, globToPattern } from '../../harness/spec/regex.js';
import { hexKey, type Inventory } from '../../harness/observe/snapshot.js';
import { isBlockedIn, parseKeyText } from '../../harness/run/run-test.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import { POSIX_CHECK_KINDS, SYSV_KINDS } from '../wording.js';

function inventory(ctx: CheckContext, sample?: string): { inv?: Inventory; when: string } {
  if (sample) return { inv: ctx.obs.samples[sample], when: `when the test sampled "${sample}"` };
  return { inv: ctx.obs.final, when: 'at the end of the test' };
}

export function checkSysv(c: NonNullable<Check['sysv']>, ctx: CheckContext, title?: string): Finding[] {
  const key = parseKeyText(template(c.key, ctx.vars));
  const { inv, when } = inventory(ctx, c.sample);
  const what = `the ${SYSV_KINDS[c.type]} with key ${hexKey(key)}`;
  const parts: string[] = [];
  if (c.absent) parts.push('is gone');
  if (c.messages !== undefined) parts.push(`holds ${c.messages} message(s)`);
  if (c.attached !== undefined) parts.push(`is attached by ${c.attached} process(es)`);
  if (c.values) parts.push(`has the value(s) ${c.values.join(', ')}`);
  if (!parts.length) parts.push('exists');
  const name = title ?? `${when}, ${what} ${parts.join(' and ')}`;
  if (!inv) return [{ title: name, passed: false, rationale: `no observation was made ${when}` }];
  const o = inv.sysv.find((x) => x.kind === c.type && x.key === key);
  if (c.absent) return [o ? { title: name, passed: false, rationale: `${what} still exists ${when}` } : { title: name, passed: true }];
  if (!o) return [{ title: name, passed: false, rationale: `there is no ${what} ${when}` }];
  if (c.messages !== undefined && o.kind === 'msg' && o.messages !== c.messages) return [{ title: name, passed: false, expected: `${c.messages} message(s)`, actual: `${o.messages}`, rationale: `${what} holds ${o.messages} message(s) ${when}, expected ${c.messages}` }];
  if (c.attached !== undefined && o.kind === 'shm' && o.attached !== c.attached) return [{ title: name, passed: false, expected: `${c.attached} attached`, actual: `${o.attached}`, rationale: `${what} is attached by ${o.attached} process(es) ${when}, expected ${c.attached}` }];
  if (c.values && o.kind === 'sem' && o.values.join(',') !== c.values.join(',')) return [{ title: name, passed: false, expected: c.values.join(', '), actual: o.values.join(', '), rationale: `${what} has the value(s) ${o.values.join(', ')} ${when}, expected ${c.values.join(', ')}` }];
  return [{ title: name, passed: true }];
}

export function checkPosix(c: NonNullable<Check['posix']>, ctx: CheckContext, title?: string): Finding[] {
  const name = template(c.name, ctx.vars);
  const { inv, when } = inventory(ctx, c.sample);
  const what = `the POSIX ${POSIX_CHECK_KINDS[c.type]} ${name}`;
  const t = title ?? `${when}, ${what} ${c.absent ? 'is gone' : 'exists'}`;
  if (!inv) return [{ title: t, passed: false, rationale: `no observation was made ${when}` }];
  const found = inv.posix.some((p) => p.kind === c.type && p.name === name);
  if (found === !c.absent) return [{ title: t, passed: true }];
  return [{ title: t, passed: false, rationale: c.absent ? `${what} still exists ${when}` : `${what} does not exist ${when}` }];
}

export function checkBlocked(c: NonNullable<Check['blocked']>, ctx: CheckContext, title?: string): Finding[] {
  const { inv, when } = inventory(ctx, c.sample);
  return ctx.instances(c.process).map((p) => {
    const t = title ?? `${when}, \`${p.label}\` is blocked in ${c.call}()`;
    const state = inv?.processes.find((q) => q.pid === p.pid);
    if (!state) return { title: t, passed: false, rationale: `\`${p.label}\` was not running ${when}` };
    if (isBlockedIn(state, c.call)) return { title: t, passed: true };
    const doing = state.state === 'R' || state.running ? 'running' : state.syscall ? `blocked in ${state.syscall.name}()` : `in state ${state.state}`;
    return { title: t, passed: false, expected: `blocked in ${c.call}()`, actual: doing, rationale: `\`${p.label}\` was ${doing} ${when}, not blocked in ${c.call}()` };
  });
}

export function checkFiles(c: NonNullable<Check['files']>, ctx: CheckContext, title?: string): Finding[] {
  const dir = ctx.obs.vars.dir;
  const rel = (p: string) => {
    const t = template(p, ctx.vars);
    return t.startsWith(`${dir}/`) ? t.slice(dir.length + 1) : t;
  };
  // names may use * and ? (client.*.fifo); the names are the student's, so RE2 matches them
  const matching = (glob: string) => {
    const re = compile(globToPattern(glob));
    return ctx.obs.workFiles.filter((w) => re.whole(w.name));
  };
  const out: Finding[] = [];
  for (const p of c.absent ?? []) {
    const r = rel(p);
    const found = matching(r);
    out.push(found.length
      ? { title: title ?? `${r} is removed`, passed: false, rationale: `${found.slice(0, 5).map((f) => `${f.type === 'fifo' ? 'the FIFO' : 'the file'} ${f.name}`).join(', ')}${found.length > 5 ? ` and ${found.length - 5} more` : ''} ${found.length === 1 ? 'was' : 'were'} left in the working directory` }
      : { title: title ?? `${r} is removed`, passed: true });
  }
  for (const p of c.present ?? []) {
    const r = rel(p);
    out.push(matching(r).length ? { title: title ?? `${r} exists`, passed: true } : { title: title ?? `${r} exists`, passed: false, rationale: `${r} is not in the working directory` });
  }
  return out;
}
