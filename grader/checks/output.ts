// Output assertions over one captured stream (or each instance's stream of a replicated process).
import type { OutputCheck } from '../../harness/spec/types.js';
import { templateDeep } from '../../harness/spec/template.js';
import { compile } from '../../harness/spec/regex.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { boundedDiff, excerpt, firstDifference, isText, plural, splitLines } from './text.js';
import { byteShape, lostUpdates, ownCopy, type Shape } from './shapes.js';
import { recordAgain, recordOutput } from './groups.js';

interface Target { stream: string; vars: Record<string, string>; label: string; name: string }

function targets(c: OutputCheck, ctx: CheckContext): Target[] {
  const [proc, suffix] = c.stream.endsWith('.stderr') ? [c.stream.slice(0, -7), '.stderr'] : [c.stream, ''];
  const list = ctx.instances(proc);
  const spec = ctx.test.processes[proc];
  if (list.length > 1 && spec && !(suffix ? spec.stderr : spec.stdout)) {
    return list.map((p) => ({
      stream: `${p.label}${suffix}`,
      label: `${p.label}${suffix}`,
      name: proc,
      vars: { ...ctx.vars, i: String(p.instance), pid: String(p.pid ?? '') },
    }));
  }
  const first = list[0];
  return [{ stream: c.stream, label: c.stream, name: proc, vars: { ...ctx.vars, i: '0', pid: String(first?.pid ?? '') } }];
}

export function checkOutput(raw: OutputCheck, ctx: CheckContext, title?: string): Finding[] {
  return targets(raw, ctx).map((t) => {
    const c = templateDeep(raw, t.vars);
    const cap = ctx.obs.streams[t.stream];
    const bytes = cap?.head ?? Buffer.alloc(0);
    const text = bytes.toString('utf8');
    const where = t.label.endsWith('.stderr') ? `the stderr of \`${t.label.slice(0, -7)}\`` : `the output of \`${t.label}\``;
    const fail = (name: string, f: Omit<Finding, 'title' | 'passed'>): Finding => ({ title: title ?? name, passed: false, ...f });
    const pass = (name: string): Finding => ({ title: title ?? name, passed: true });
    // what the group pass (groups.ts) needs to tell a reply taken by the wrong process
    const recorded = (f: Finding, want: string, got: string): Finding => recordOutput(f, { name: t.name, label: t.label, want, got });
    if (c.same_bytes_as_stdin_of !== undefined) {
      const src = ctx.instances(c.same_bytes_as_stdin_of)[0]?.stdin ?? Buffer.alloc(0);
      const name = `${where} is exactly the ${plural(src.length, 'byte')} given on stdin`;
      const at = firstDifference(src, bytes);
      if (at < 0) return pass(name);
      const why = at >= bytes.length
        ? `it stopped after ${bytes.length} of ${src.length} bytes`
        : at >= src.length ? `it has ${bytes.length - src.length} extra bytes after the ${src.length} expected`
        : `the first difference is at byte offset ${at} (expected 0x${src[at].toString(16).padStart(2, '0')}, got 0x${bytes[at].toString(16).padStart(2, '0')}); ${bytes.length} bytes in all`;
      const shape = byteShape(src, bytes, at);
      if (shape) return shaped(fail(name, {}), shape);
      // equal sizes say nothing an expected/actual block could add
      const sizes = src.length === bytes.length ? {} : { expected: plural(src.length, 'byte'), actual: plural(bytes.length, 'byte') };
      return fail(name, { ...sizes, rationale: `${where} differs from the input: ${why}` });
    }
    if (c.equals !== undefined) {
      const name = `${where} is ${c.equals === '' ? 'empty' : excerpt(JSON.stringify(c.equals), 80)}`;
      if (text === c.equals && isText(bytes) === isText(Buffer.from(c.equals))) return pass(name);
      const shape = lostUpdates(c.equals, text, concurrent(ctx)) ?? ownCopy(splitLines(c.equals), splitLines(text));
      if (shape) return shaped(fail(name, {}), shape);
      if (!isText(bytes)) return fail(name, { actual: excerpt(text), rationale: `${where} is not what was expected: ${notText(Buffer.from(c.equals), bytes)}` });
      return recorded(fail(name, { expected: excerpt(c.equals), actual: excerpt(text), rationale: `${where} is not what was expected`, diff: boundedDiff(c.equals, text) }), c.equals, text);
    }
    if (c.empty) {
      const name = `${where} is empty`;
      return bytes.length === 0 ? pass(name) : fail(name, { expected: '(nothing)', actual: excerpt(text), rationale: `${where} should be empty, but it printed ${plural(bytes.length, 'byte')}` });
    }
    if (c.contains !== undefined) {
      const name = `${where} contains ${JSON.stringify(c.contains)}`;
      if (text.includes(c.contains)) return pass(name);
      const shape = ownCopy(splitLines(c.contains.replace(/^\n/, '')), splitLines(text));
      if (shape) return shaped(fail(name, {}), shape);
      return fail(name, { expected: `contains ${JSON.stringify(c.contains)}`, actual: excerpt(text), rationale: `${where} does not contain ${JSON.stringify(c.contains)}` });
    }
    if (c.matches !== undefined) {
      const name = `${where} matches /${c.matches}/`;
      return compile(c.matches, 'm').test(text) ? pass(name) : fail(name, { expected: `matches /${c.matches}/`, actual: excerpt(text), rationale: `${where} does not match /${c.matches}/` });
    }
    const lines = splitLines(text, c.ignore_partial_last_line);
    if (c.line_count !== undefined) {
      const min = typeof c.line_count === 'number' ? c.line_count : c.line_count.min ?? 0;
      const max = typeof c.line_count === 'number' ? c.line_count : c.line_count.max ?? Infinity;
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      const wantLines = `${want} ${max === 1 ? 'line' : 'lines'}`;
      const name = `${where} has ${wantLines}`;
      if (lines.length >= min && lines.length <= max) return pass(name);
      return fail(name, { expected: wantLines, actual: plural(lines.length, 'line'), rationale: `${where} has ${plural(lines.length, 'line')}, expected ${wantLines}` });
    }
    if (c.lines) {
      const name = `${where} is exactly ${plural(c.lines.length, 'line')}${c.lines.length <= 3 ? `: ${c.lines.map((l) => JSON.stringify(l)).join(', ')}` : ''}`;
      const want = c.lines.map((l) => `${l}\n`).join('');
      const got = lines.map((l) => `${l}\n`).join('');
      if (want === got && (c.ignore_partial_last_line || text === want)) return pass(name);
      const shape = ownCopy(c.lines, lines);
      if (shape) return shaped(fail(name, {}), shape);
      const firstBad = c.lines.findIndex((l, i) => lines[i] !== l);
      const where2 = firstBad >= 0 ? `line ${firstBad + 1} should be ${JSON.stringify(c.lines[firstBad])} but is ${lines[firstBad] === undefined ? 'missing' : JSON.stringify(lines[firstBad])}` : lines.length > c.lines.length ? `there are ${lines.length - c.lines.length} extra lines` : 'the last line has no newline';
      return recorded(fail(name, { expected: excerpt(want), actual: excerpt(text), rationale: `${where} differs: ${where2}`, diff: boundedDiff(want, got || text) }), want, text);
    }
    if (c.lines_in_order) {
      const name = `${where} has these lines in this order: ${c.lines_in_order.map((l) => JSON.stringify(l)).join(', ')}`;
      let at = 0;
      for (const want of c.lines_in_order) {
        const idx = lines.indexOf(want, at);
        if (idx < 0) return fail(name, { expected: c.lines_in_order.join('\n'), actual: excerpt(text), rationale: `${where} lacks ${JSON.stringify(want)}${at > 0 ? ' after the lines before it' : ''}` });
        at = idx + 1;
      }
      return pass(name);
    }
    if (c.line_set) {
      const want = Array.isArray(c.line_set) ? c.line_set : range(c.line_set.range[0], c.line_set.range[1]);
      const name = `${where} has exactly the lines ${describeSet(want)}, in any order`;
      const counts = new Map<string, number>();
      for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
      const missing: string[] = [];
      for (const w of want) {
        const n = counts.get(w) ?? 0;
        if (n === 0) missing.push(w);
        else counts.set(w, n - 1);
      }
      const extra = [...counts.entries()].flatMap(([l, n]) => Array(n).fill(l) as string[]);
      if (!missing.length && !extra.length) return pass(name);
      const parts = [missing.length ? `missing ${missing.slice(0, 10).map((m) => JSON.stringify(m)).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}` : '', extra.length ? `unexpected or repeated ${extra.slice(0, 10).map((m) => JSON.stringify(m)).join(', ')}${extra.length > 10 ? ` and ${extra.length - 10} more` : ''}` : ''].filter(Boolean);
      // every missing and extra line named: the whole output would add only noise
      const blocks = missing.length > 10 || extra.length > 10 ? { expected: describeSet(want), actual: excerpt(text) } : {};
      return fail(name, { ...blocks, rationale: `${where}: ${parts.join('; ')}` });
    }
    if (c.lines_from) {
      const res = c.lines_from.map((r) => compile(r));
      const name = `every line of ${where} is whole (no interleaving)`;
      const bad = lines.findIndex((l) => !res.some((r) => r.whole(l)));
      if (bad < 0) return pass(name);
      // interleaving is a cause only where several processes write the one stream
      const mixed = writers(ctx, c.stream) > 1 ? ': output of several processes was interleaved' : '';
      return fail(name, { actual: excerpt(lines[bad]), rationale: `line ${bad + 1} of ${where} is ${JSON.stringify(lines[bad])}, which is not a whole line of any expected form${mixed}` });
    }
    if (c.order) {
      const name = `${where} has its lines in the required order`;
      for (const [a, b] of c.order) {
        const [ra, rb] = [compile(a), compile(b)];
        const ia = lines.findIndex((l) => ra.whole(l));
        const ib = lines.findIndex((l) => rb.whole(l));
        if (ia < 0 || ib < 0) return fail(name, { actual: excerpt(text), rationale: `${where} has no line matching /${ia < 0 ? a : b}/` });
        if (ia > ib) return fail(name, { actual: excerpt(text), rationale: `in ${where}, ${JSON.stringify(lines[ib])} (line ${ib + 1}) came before ${JSON.stringify(lines[ia])} (line ${ia + 1}), but it must come after` });
      }
      return pass(name);
    }
    return { title: title ?? 'output', passed: false, rationale: 'this output check says nothing to check (spec error)' };
  });
}

/** Binary output where text was expected: how far it is right, and what follows. */
function notText(want: Buffer, got: Buffer): string {
  const at = firstDifference(want, got);
  const more = `${plural(got.length - want.length, 'byte')} more${got.includes(0) ? ', NUL bytes among them' : ''}`;
  if (at === want.length) return `it starts with the ${plural(want.length, 'expected byte')}, then has ${more}`;
  return `it is not text, and differs from byte ${at} on (${plural(got.length, 'byte')} in all)`;
}

/** A finding whose cause the output's shape shows: the cause says it all, so no expected/actual or diff. */
function shaped(f: Finding, s: Shape): Finding {
  return recordAgain({ ...f, rationale: s.rationale, cause: s.cause }, s.again);
}

/** How many of the test's processes write this stream (a shared `stdout:`/`stderr:` stream, or the process's own). */
function writers(ctx: CheckContext, stream: string): number {
  const own = stream.replace(/\.stderr$/, '');
  return Object.entries(ctx.test.processes).reduce((n, [name, p]) => n + (p.stdout === stream || p.stderr === stream || name === own ? p.count ?? 1 : 0), 0);
}

/** Processes of the test that ran at the same time: the precondition of lost updates. */
function concurrent(ctx: CheckContext): boolean {
  const spans = ctx.obs.processes.filter((p) => p.startMs !== undefined).map((p) => [p.startMs!, p.endMs ?? Infinity]);
  return spans.some(([a, b], i) => spans.some(([c, d], j) => j > i && a < d && c < b));
}

function range(a: number, b: number): string[] {
  const out: string[] = [];
  for (let i = a; i <= b; i++) out.push(String(i));
  return out;
}

function describeSet(want: string[]): string {
  if (want.length > 6 && want.every((w, i) => i === 0 || Number(w) === Number(want[i - 1]) + 1)) return `${want[0]}..${want[want.length - 1]}`;
  return want.map((w) => JSON.stringify(w)).join(', ');
}

export const outputCheck: CheckKind<'output'> = {
  run: checkOutput,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['stream'],
    properties: {
      stream: {
        type: 'string',
        description: 'A stream name; a process name means its stdout, `<process>.stderr` its stderr.',
      },
      equals: { type: 'string' },
      contains: { type: 'string' },
      matches: { type: 'string' },
      lines: { type: 'array', items: { type: 'string' } },
      lines_in_order: { type: 'array', items: { type: 'string' } },
      line_set: {
        oneOf: [
          { type: 'array', items: { type: 'string' } },
          {
            type: 'object',
            additionalProperties: false,
            required: ['range'],
            properties: { range: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 } },
          },
        ],
      },
      lines_from: {
        type: 'array',
        items: { type: 'string' },
        description: 'Every line, whole, matches one of these patterns (no interleaving).',
      },
      order: {
        type: 'array',
        items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
        description: 'Pairs [a, b]: the line matching a comes before the line matching b.',
      },
      same_bytes_as_stdin_of: { type: 'string' },
      empty: { const: true },
      ignore_partial_last_line: { type: 'boolean' },
      line_count: {
        oneOf: [
          { type: 'integer', minimum: 0 },
          {
            type: 'object',
            additionalProperties: false,
            properties: { min: { type: 'integer', minimum: 0 }, max: { type: 'integer', minimum: 0 } },
          },
        ],
      },
    },
    minProperties: 2,
    description: 'An assertion on a stream: equals, contains, matches, lines, lines_in_order, line_set, lines_from, order, line_count, same_bytes_as_stdin_of, empty. Patterns are RE2 syntax (no lookaround, no backreferences), matched in linear time.',
  },
};
