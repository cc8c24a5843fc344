// IPC-specific mutation operators: each a pure function from a C syntax tree to the mutations it
// proposes, as text edits of the source. Each mutation is one plausible student bug.
import type { Node } from './parse.js';

export interface Edit { start: number; end: number; text: string }

export interface Mutation {
  operator: OperatorName;
  /** 1-based line of the first edit. */
  line: number;
  /** What it changes, in a few words ("delete close(fd[1])"). */
  what: string;
  edits: Edit[];
}

type Operator = (root: Node) => Mutation[];

/** Calls whose omission is a classic IPC bug (leaked fd, lost output, zombie, leftover object). */
const DELETABLE = new Set(['close', 'fflush', 'setvbuf', 'wait', 'waitpid', 'unlink', 'mq_unlink', 'sem_unlink', 'shm_unlink']);
const RMID_CALLS = new Set(['msgctl', 'semctl', 'shmctl']);
const FLAGS = new Set(['SEM_UNDO', 'IPC_EXCL', 'O_EXCL', 'O_NONBLOCK', 'IPC_NOWAIT', 'O_CLOEXEC']);
/** Calls whose order matters to another process: swapping two adjacent ones is a plausible bug. */
const IPC_CALLS = new Set([...DELETABLE, ...RMID_CALLS, 'msgsnd', 'msgrcv', 'semop', 'sem_wait', 'sem_post', 'sem_close',
  'mq_send', 'mq_receive', 'mq_close', 'write', 'read', 'kill', 'dup2', 'munmap', 'shmdt', 'pipe', 'mkfifo']);

/** Releases whose order among themselves nobody can observe: swapping two of them is no bug. */
const RELEASES = new Set(['close', 'unlink', 'mq_unlink', 'sem_unlink', 'shm_unlink', 'mq_close', 'sem_close', 'munmap', 'shmdt', ...RMID_CALLS]);

export const OPERATORS = {
  'delete-call': deleteCall,
  'drop-flag': dropFlag,
  'map-private': mapPrivate,
  'msgrcv-type-zero': msgrcvTypeZero,
  'remove-pv-pair': removePvPair,
  'swap-ipc-calls': swapIpcCalls,
} satisfies Record<string, Operator>;

export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

/** Every mutation of these operators (default: all), in source order per operator. */
export function mutationsOf(root: Node, operators: readonly OperatorName[] = OPERATOR_NAMES): Mutation[] {
  return operators.flatMap((name) => OPERATORS[name](root));
}

/** The source with a mutation's edits applied. */
export function applyMutation(source: string, m: Pick<Mutation, 'edits'>): string {
  let out = source;
  for (const e of [...m.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function deleteCall(root: Node): Mutation[] {
  return calls(root).filter(deletable).map((c) => ({ operator: 'delete-call', line: lineOf(c), what: `delete ${c.text}`, edits: [removal(c)] }));
}

function deletable(c: Node): boolean {
  const name = callName(c);
  const args = argsOf(c).map((a) => a.text);
  if (DELETABLE.has(name)) return true;
  if (RMID_CALLS.has(name)) return args.includes('IPC_RMID');
  return name === 'signal' && args[0] === 'SIGPIPE' && args[1] === 'SIG_IGN';
}

/** A flag dropped: from an `a | b` its side goes, elsewhere (`.sem_flg = SEM_UNDO`, an argument) it becomes 0. */
function dropFlag(root: Node): Mutation[] {
  return descendants(root, 'identifier').filter((n) => FLAGS.has(n.text) && !inPreprocessor(n)).flatMap((n): Mutation[] => {
    const p = n.parent!;
    const what = `drop ${n.text}`;
    if (p.type === 'binary_expression' && p.childForFieldName('operator')?.type === '|') {
      const other = p.childForFieldName('left')!.id === n.id ? p.childForFieldName('right')! : p.childForFieldName('left')!;
      return [{ operator: 'drop-flag', line: lineOf(n), what, edits: [edit(p, other.text)] }];
    }
    if (['argument_list', 'init_declarator', 'initializer_pair', 'initializer_list', 'assignment_expression'].includes(p.type)) {
      return [{ operator: 'drop-flag', line: lineOf(n), what, edits: [edit(n, '0')] }];
    }
    return []; // a test (flags & O_NONBLOCK) or a case label is not a flag given
  });
}

function mapPrivate(root: Node): Mutation[] {
  return descendants(root, 'identifier').filter((n) => n.text === 'MAP_SHARED' && !inPreprocessor(n))
    .map((n) => ({ operator: 'map-private', line: lineOf(n), what: 'MAP_SHARED → MAP_PRIVATE', edits: [edit(n, 'MAP_PRIVATE')] }));
}

function msgrcvTypeZero(root: Node): Mutation[] {
  return calls(root).filter((c) => callName(c) === 'msgrcv').flatMap((c) => {
    const type = argsOf(c)[3];
    return type && type.text !== '0' ? [{ operator: 'msgrcv-type-zero' as const, line: lineOf(type), what: `msgrcv type ${type.text} → 0`, edits: [edit(type, '0')] }] : [];
  });
}

/**
 * A critical section's lock and unlock both gone: sem_wait(s) … sem_post(s); a P/V wrapper
 * called with -1 and then +1 (`sem_change(id, -1)` … `sem_change(id, +1)`); or a raw semop whose
 * sembuf says -1 and then one that says +1, on the same set and semaphore number.
 */
function removePvPair(root: Node): Mutation[] {
  const out: Mutation[] = [];
  for (const body of descendants(root, 'function_definition').map((f) => f.childForFieldName('body')!).filter(Boolean)) {
    const cs = calls(body);
    const lock = (c: Node) => pvOf(c, body, root);
    for (const [i, p] of cs.entries()) {
      const pl = lock(p);
      if (pl?.side !== 'P') continue;
      const v = cs.slice(i + 1).find((c) => { const l = lock(c); return l?.side === 'V' && l.key === pl.key; });
      if (v) out.push({ operator: 'remove-pv-pair', line: lineOf(p), what: `delete ${p.text} and ${v.text}`, edits: [removal(p), removal(v)] });
    }
  }
  return out;
}

interface PV { side: 'P' | 'V'; key: string }

/** Which lock a call takes (P) or gives back (V), as a key its other half must repeat; undefined: neither. */
function pvOf(c: Node, body: Node, root: Node): PV | undefined {
  const name = callName(c);
  const args = argsOf(c).map((a) => a.text);
  if (name === 'sem_wait' || name === 'sem_post') return { side: name === 'sem_wait' ? 'P' : 'V', key: `sem:${args[0]}` };
  if (name === 'semop' || name === 'semtimedop') return rawSemop(c, body, root);
  const p = args.indexOf('-1');
  const v = args.findIndex((a) => a === '+1' || a === '1');
  const at = p >= 0 ? p : v;
  if (at < 0 || name === '') return undefined;
  return { side: p >= 0 ? 'P' : 'V', key: `${name}(${args.map((a, i) => (i === at ? '±1' : a)).join(',')})` };
}

/** semop(id, &buf, 1) or semop(id, arr, 1) on one sembuf whose sem_op is a literal -1 or +1 where the call is made. */
function rawSemop(c: Node, body: Node, root: Node): PV | undefined {
  const [id, ops, n] = argsOf(c);
  if (!id || !ops || n?.text !== '1') return undefined;
  const buf = ops.type === 'pointer_expression' ? ops.childForFieldName('argument') : ops;
  if (buf?.type !== 'identifier') return undefined;
  const f = sembufFields(buf.text, c, body, root);
  const side = f.sem_op === '-1' ? 'P' : f.sem_op === '1' || f.sem_op === '+1' ? 'V' : undefined;
  return side && f.sem_num !== undefined ? { side, key: `semop:${id.text}:${f.sem_num}` } : undefined;
}

/** A sembuf variable's sem_num and sem_op texts as they stand at `at`: its initializer, then the assignments before it. */
function sembufFields(name: string, at: Node, body: Node, root: Node): Record<string, string | undefined> {
  const fields: Record<string, string | undefined> = {};
  const decl = [...descendants(body, 'init_declarator'), ...descendants(root, 'init_declarator')]
    .find((d) => declaredName(d.childForFieldName('declarator')) === name && d.startIndex < at.startIndex);
  let list = decl?.childForFieldName('value');
  const inner = list?.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment') ?? [];
  if (list?.type === 'initializer_list' && inner.length === 1 && inner[0].type === 'initializer_list') list = inner[0]; // arr[1] = {{ … }}
  if (list?.type === 'initializer_list') {
    const positional = ['sem_num', 'sem_op', 'sem_flg'];
    for (const [i, e] of list.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment').entries()) {
      if (e.type === 'initializer_pair') fields[e.childForFieldName('designator')?.text.replace(/^\./, '') ?? ''] = e.childForFieldName('value')?.text;
      else if (e.type !== 'initializer_list') fields[positional[i] ?? ''] = e.text;
    }
  }
  for (const a of descendants(body, 'assignment_expression').filter((x) => x.endIndex <= at.startIndex)) {
    const left = a.childForFieldName('left');
    const target = left?.type === 'field_expression' ? left.childForFieldName('argument') : undefined;
    const base = target?.type === 'subscript_expression' && target.childForFieldName('index')?.text === '0' ? target.childForFieldName('argument') : target;
    if (base?.text === name && a.childForFieldName('operator')?.text === '=') fields[left!.childForFieldName('field')?.text ?? ''] = a.childForFieldName('right')?.text;
  }
  return fields;
}

/** The name a declarator declares (`op`, `op[1]`), if it is a plain one. */
function declaredName(d: Node | null): string | undefined {
  if (d?.type === 'identifier') return d.text;
  if (d?.type === 'array_declarator') return declaredName(d.childForFieldName('declarator'));
  return undefined;
}

/** Two adjacent statements that are each one IPC call, in the other order (not two releases). */
function swapIpcCalls(root: Node): Mutation[] {
  const out: Mutation[] = [];
  for (const block of descendants(root, 'compound_statement')) {
    const stmts = block.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
    for (let i = 0; i + 1 < stmts.length; i++) {
      const [a, b] = [stmts[i], stmts[i + 1]];
      const ca = statementCall(a);
      const cb = statementCall(b);
      if (!ca || !cb || !IPC_CALLS.has(callName(ca)) || !IPC_CALLS.has(callName(cb)) || a.text === b.text) continue;
      if (RELEASES.has(callName(ca)) && RELEASES.has(callName(cb))) continue;
      out.push({ operator: 'swap-ipc-calls', line: lineOf(a), what: `swap ${ca.text} and ${cb.text}`, edits: [edit(a, b.text), edit(b, a.text)] });
    }
  }
  return out;
}

/** The call an expression statement consists of (`close(fd);`, `(void)close(fd);`), if any. */
function statementCall(s: Node): Node | undefined {
  if (s.type !== 'expression_statement') return undefined;
  let e = s.namedChildren[0];
  while (e && (e.type === 'cast_expression' || e.type === 'parenthesized_expression')) e = e.namedChildren[e.namedChildren.length - 1];
  return e?.type === 'call_expression' ? e : undefined;
}

/** A call removed: its statement emptied when it is one (`close(fd);` → `;`), else its value made 0 (success). */
function removal(c: Node): Edit {
  let top = c;
  while (top.parent && (top.parent.type === 'cast_expression' || top.parent.type === 'parenthesized_expression')) top = top.parent;
  return top.parent?.type === 'expression_statement' ? edit(top.parent, ';') : edit(c, '0');
}

function calls(root: Node): Node[] {
  return descendants(root, 'call_expression').filter((c) => !inPreprocessor(c));
}

function callName(c: Node): string {
  const f = c.childForFieldName('function');
  return f?.type === 'identifier' ? f.text : '';
}

function argsOf(c: Node): Node[] {
  return (c.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => !!n && n.type !== 'comment');
}

function descendants(root: Node, type: string): Node[] {
  return root.descendantsOfType(type).filter((n): n is Node => !!n);
}

function inPreprocessor(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type.startsWith('preproc_def') || p.type === 'preproc_function_def') return true;
  return false;
}

function edit(n: Node, text: string): Edit {
  return { start: n.startIndex, end: n.endIndex, text };
}

function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}
