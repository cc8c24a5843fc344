// Every ${…} a test holds, checked against the variables a run will define where it stands, so
// that a misspelt or unclosed variable is a spec error at its line and column, not a failure of
// every grading (harness/run/vars.ts defines the run's values; template.ts fills them in).
import type { ExerciseSpec, TestSpec } from './types.js';
import type { PathPart } from './check-refs.js';
import { RUN_VARS } from './template.js';
import { nearest } from './nearest.js';

export interface TemplateProblem { path: PathPart[]; message: string; /** the text in the string the message is about */ at: string }

/** What a variable of a string may name: the run's values, plus those of its place in the test. */
interface Scope { instance: boolean; pids: boolean; ownPid: boolean; where: string }

const WELL_FORMED = /^\$\{([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_.\-[\]]+)?)\}/;

export function templateProblems(spec: ExerciseSpec): TemplateProblem[] {
  const out: TemplateProblem[] = [];
  spec.tests.forEach((t, ti) => {
    const labels = processLabels(t);
    const visit = (value: unknown, path: PathPart[], scope: Scope): void => {
      if (typeof value === 'string') out.push(...stringProblems(value, scope, labels).map((p) => ({ ...p, path })));
      else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i], scope));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, k], scope);
    };
    for (const [name, p] of Object.entries(t.processes)) {
      const base: PathPart[] = ['tests', ti, 'processes', name];
      visit(p.run, [...base, 'run'], { instance: true, pids: true, ownPid: false, where: 'a command line' });
      visit(p.env, [...base, 'env'], { instance: true, pids: true, ownPid: false, where: 'an environment' });
      // standard input is written before any process has a pid
      if (p.stdin && p.stdin !== 'none') visit(p.stdin.text, [...base, 'stdin', 'text'], { instance: true, pids: false, ownPid: false, where: 'standard input' });
    }
    visit(t.script, ['tests', ti, 'script'], { instance: false, pids: true, ownPid: false, where: 'a script step' });
    t.checks.forEach((c, ci) => {
      for (const [kind, v] of Object.entries(c)) {
        if (kind === 'title' || kind === 'why') continue;
        const output = kind === 'output';
        visit(v, ['tests', ti, 'checks', ci, kind], { instance: output, pids: true, ownPid: output, where: `a ${kind} check` });
      }
    });
  });
  return out;
}

/** pid:<label> may name a process of the test, or one instance of a replicated one. */
function processLabels(t: TestSpec): string[] {
  return Object.entries(t.processes).flatMap(([name, p]) => {
    const n = p.count ?? 1;
    return [name, ...(n > 1 ? Array.from({ length: n }, (_, i) => `${name}[${i}]`) : [])];
  });
}

function stringProblems(text: string, scope: Scope, labels: string[]): Array<{ message: string; at: string }> {
  const out: Array<{ message: string; at: string }> = [];
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i + 2)) {
    const rest = text.slice(i);
    const m = WELL_FORMED.exec(rest);
    if (!m) {
      const close = rest.indexOf('}');
      out.push(close < 0
        ? { at: /^\$\{[\w:.\-[\]]*/.exec(rest)![0], message: `\`${rest}\` is not closed: a variable is written \`\${name}\`, with a closing \`}\`` }
        : { at: rest.slice(0, close + 1), message: `\`${rest.slice(0, close + 1)}\` is not a variable: write \`\${name}\`, a letter or _ then letters, digits or _ (or \`\${pid:process}\`)` });
      continue;
    }
    const problem = nameProblem(m[1], scope, labels);
    if (problem) out.push({ at: m[0], message: problem });
  }
  return out;
}

function nameProblem(name: string, scope: Scope, labels: string[]): string | undefined {
  const known = knownNames(scope);
  if (known.includes(name)) return undefined;
  if (name.startsWith('pid:')) {
    const label = name.slice(4);
    if (!scope.pids) return `\`\${${name}}\` cannot be used in ${scope.where}: it is written before any process has started`;
    if (labels.includes(label)) return undefined;
    const guess = nearest(label, labels);
    return `\`\${${name}}\`: no process "${label}" in this test (it has ${labels.join(', ')})${guess ? `; did you mean \`\${pid:${guess}}\`?` : ''}`;
  }
  if (name === 'i' || name === 'pid') {
    return name === 'i'
      ? `\`\${i}\` cannot be used in ${scope.where}: it is known in a process's command line, environment and standard input, and in output checks`
      : `\`\${pid}\` cannot be used in ${scope.where}: it is known only in output checks (the pid of the instance whose output is checked); elsewhere write \`\${pid:process}\``;
  }
  const many = /^(key|name)\d+(_hex)?$/.exec(name);
  if (many && known.includes(name.replace(/\d+/, ''))) {
    const [k, hex] = [many[1], many[2] ?? ''];
    return `unknown variable \`\${${name}}\`: a run has three, \`\${${k}${hex}}\`, \`\${${k}2${hex}}\` and \`\${${k}3${hex}}\``;
  }
  const guess = nearest(name, [...known, ...(scope.pids ? ['pid:'] : [])]);
  const hint = guess === undefined ? '' : guess === 'pid:' ? '; did you mean `${pid:process}`?' : `; did you mean \`\${${guess}}\`?`;
  const local = [...(scope.instance ? ['${i}'] : []), ...(scope.ownPid ? ['${pid}'] : []), ...(scope.pids ? ['${pid:process}'] : [])];
  return `unknown variable \`\${${name}}\`${hint} (known in ${scope.where}: ${[RUN_LIST, ...local].join(', ')})`;
}

const RUN_LIST = '${dir}, ${key} ${key2} ${key3} (in hex: ${key_hex} …), ${name} ${name2} ${name3}';

function knownNames(scope: Scope): string[] {
  return [...RUN_VARS, ...(scope.instance ? ['i'] : []), ...(scope.ownPid ? ['pid'] : [])];
}
