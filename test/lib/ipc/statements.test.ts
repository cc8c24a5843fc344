// Every errno name, C call and C constant an exercise statement names exists in the bindings, or
// docs/typescript.md says what a TypeScript program uses instead (its table "C names without a
// binding"). So a new statement cannot send a TypeScript student after a name that is not there.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import * as ipc from '../../../lib/ipc/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const exercises = fs.readdirSync(path.join(root, 'exercises')).filter((d) => fs.existsSync(path.join(root, 'exercises', d, 'README.md')));
/** A statement's C text, and its "In TypeScript" note apart (that one names TypeScript, not C). */
const statements = exercises.map((id) => {
  const sections = fs.readFileSync(path.join(root, 'exercises', id, 'README.md'), 'utf8').split(/^(?=## )/m);
  const isNote = (s: string) => s.startsWith('## In TypeScript');
  return { id, text: sections.filter((s) => !isNote(s)).join(''), note: sections.filter(isNote).join('') };
});
/** What the notes may call besides the bindings: Node's own functions. */
const NODE_CALLS = new Set(['spawn', 'unlinkSync', 'Number', 'String', 'BigInt', 'Uint32Array', 'writeBigInt64LE', 'writeBigUInt64LE']);
const bindings = ipc as unknown as Record<string, unknown>;
const libc = koffi.load('libc.so.6');

/** The names in the first column of docs/typescript.md's table of C names without a binding. */
function documentedElsewhere(): Set<string> {
  const doc = fs.readFileSync(path.join(root, 'docs', 'typescript.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('C names without a binding'));
  if (!section) throw new Error('docs/typescript.md has no section "C names without a binding"');
  const names = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('|'))) {
    const first = row.split('|')[1] ?? '';
    for (const m of first.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  }
  return names;
}

function libcExports(name: string): boolean {
  try {
    libc.func(name, 'void', []);
    return true;
  } catch {
    return false;
  }
}

/**
 * Names a statement uses as C: `name(` anywhere (not a method, `x.name(`, nor an overview page,
 * `name(7)`), or a backticked word libc exports.
 */
function callsIn(text: string): Set<string> {
  const calls = new Set<string>();
  for (const m of text.matchAll(/(?<![.\w])([a-z_][a-z0-9_]*)\((?!7\))/g)) calls.add(m[1]!);
  for (const m of text.matchAll(/`([a-z_][a-z0-9_]*)`/g)) if (libcExports(m[1]!)) calls.add(m[1]!);
  return calls;
}

const CONSTANT = /\b(?:(?:O|MAP|PROT|IPC|MSG|SHM|MQ|MFD|POLL|F|FD|SIG)_[A-Z_]+|S_IS[A-Z]+|SEM_UNDO|SEM_FAILED|PIPE_BUF|W(?:IF|EXIT|TERM|STOP|NOHANG|UNTRACED)[A-Z]*|SIG[A-Z]+[0-9]*)\b/g;

describe('the statements name nothing the TypeScript bindings lack', () => {
  const elsewhere = documentedElsewhere();
  const errnoNames = new Set(Object.keys(koffi.os.errno));

  test('the checks below see the names they should (they read the statements)', () => {
    const all = statements.map((s) => s.text).join('\n');
    expect(callsIn(all)).toEqual(expect.objectContaining({}));
    for (const known of ['fork', 'msgrcv', 'sem_init', 'mmap', 'fstat', 'nanosleep']) expect(callsIn(all).has(known)).toBe(true);
    expect(all.match(/\bENXIO\b/)).not.toBeNull();
    expect([...all.matchAll(CONSTANT)].map((m) => m[0])).toEqual(expect.arrayContaining(['O_NONBLOCK', 'SIGPIPE', 'S_ISFIFO', 'SIG_IGN']));
  });

  test.each(statements)('$id: every errno name is a constant of the bindings with the system value', ({ text }) => {
    const named = [...new Set([...text.matchAll(/\bE[A-Z0-9]+\b/g)].map((m) => m[0]))].filter((n) => errnoNames.has(n));
    const wrong = named.filter((n) => bindings[n] !== koffi.os.errno[n]);
    expect(wrong).toEqual([]);
  });

  test.each(statements)('$id: every C call is a binding or has a documented TypeScript counterpart', ({ text }) => {
    const missing = [...callsIn(text)].filter((n) => typeof bindings[n] !== 'function' && !elsewhere.has(n));
    expect(missing).toEqual([]);
  });

  test.each(statements)('$id: every C constant is a binding or has a documented TypeScript counterpart', ({ text }) => {
    const signals = ipc.SIGNALS as Record<string, number>;
    const named = [...new Set([...text.matchAll(CONSTANT)].map((m) => m[0]))];
    const missing = named.filter((n) => bindings[n] === undefined && signals[n] === undefined && !elsewhere.has(n));
    expect(missing).toEqual([]);
  });

  test.each(statements.filter((s) => s.note))('$id: the "In TypeScript" note calls only bindings and Node functions', ({ note }) => {
    const called = [...note.matchAll(/(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)\(/g)].map((m) => m[1]!);
    expect(called.filter((n) => typeof bindings[n] !== 'function' && !NODE_CALLS.has(n) && !elsewhere.has(n))).toEqual([]);
    const named = [...note.matchAll(/`([A-Z][A-Z0-9_]+)\b/g)].map((m) => m[1]!);
    expect(named.filter((n) => bindings[n] === undefined && !(n in ipc.SIGNALS) && !elsewhere.has(n) && !['READY_MAGIC', 'BLOCK_SIZE', 'PATH', 'PAGER'].includes(n))).toEqual([]);
  });

  test('the table names no C name that has a binding of its own (it would send students the long way)', () => {
    const both = [...elsewhere].filter((n) => bindings[n] !== undefined);
    expect(both).toEqual([]);
  });
});
