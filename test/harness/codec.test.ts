// The init's text codec: the C encoder and codec.ts agree byte for byte, names round-trip
// (newlines, CR, @, |, tabs, spaces, %, 255 bytes, invalid UTF-8), and the snapshot parser
// takes only records the init writes — tried on a real snapshot of hostile names too.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesText, decodeBytes, decodeField, encodeField, encodeRecord, shown, splitRecord, textBytes } from '../../harness/init/codec.js';
import { initBinary } from '../../harness/init/binary.js';
import { packageRoot } from '../../harness/settings.js';
import { parseSnapshot } from '../../harness/observe/snapshot.js';
import { runTest } from '../../harness/run/run-test.js';
import { leftoverWords } from '../../grader/wording.js';

const b = (s: string) => Buffer.from(s, 'utf8');
const NAMES: Buffer[] = [
  b('nl\nname'), b('cr\rname'), b('@msg'), b('pipe|name'), b('tab\tname'), b('sp ace'), b('100%'), b('%41'), b('back\\slash'),
  b('x'.repeat(255)), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), b('.dot'), b('é€😀'),
  b('\nshmfs forged 0 0 100600 1\nend'), b('\n@msg\nz\n@shm\nz\n@sem\nz\n@junk'),
];
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** What ipclab-init --encode writes for these bytes. */
function cEncode(bytes: Buffer): string {
  const r = spawnSync(initBinary(), ['--encode'], { input: bytes });
  expect(r.status).toBe(0);
  return r.stdout.toString('latin1');
}

describe('the field codec', () => {
  it.each([...NAMES, ALL_BYTES, Buffer.alloc(0)].map((n) => [shown(bytesText(n)).slice(0, 40), n]))('C and TypeScript encode %s alike, and it decodes back', (_, name) => {
    const field = encodeField(name as Buffer);
    expect(cEncode(name as Buffer)).toBe(field);
    expect(field).toMatch(/^(?:[!-$&-?A-[\]-{}~]|%[0-9A-F]{2})*$/);
    expect(decodeBytes(field)).toEqual(name);
    expect(textBytes(decodeField(field)!)).toEqual(name);
  });

  it('agrees with the C encoder on random bytes', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16;
    for (let k = 0; k < 20; k++) {
      const bytes = Buffer.from(Array.from({ length: 1 + (next() % 300) }, () => next() & 0xff));
      const field = cEncode(bytes);
      expect(field).toBe(encodeField(bytes));
      expect(textBytes(decodeField(field)!)).toEqual(bytes);
    }
  });

  it('leaves valid UTF-8 as it is and maps each stray byte to U+DC80..U+DCFF, byte-exactly back', () => {
    expect(bytesText(b('é€😀'))).toBe('é€😀');
    expect(bytesText(Buffer.from([0x61, 0xff, 0xc3, 0xa9, 0xc3]))).toBe('a\udcffé\udcc3');
    expect(bytesText(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\udced\udca0\udc80'); // an encoded surrogate is not UTF-8
    expect(bytesText(Buffer.from([0xe0, 0x80, 0xaf]))).toBe('\udce0\udc80\udcaf'); // nor an overlong
    // U+10080's low surrogate is DC80 but belongs to a pair: it is a character, not a byte
    expect(textBytes('\u{10080}')).toEqual(b('\u{10080}'));
  });

  it('decodes only what the init writes', () => {
    for (const bad of ['a b', 'a%41', 'a%0a', 'a%4', 'a%', '@', 'a|b', 'é']) expect(decodeBytes(bad)).toBeUndefined();
    expect(splitRecord('@msg')).toBeUndefined();
    expect(splitRecord('shmfs a%0Ab 1')).toEqual(['shmfs', 'a%0Ab', '1']);
    expect(splitRecord('shmfs a\tb 1')).toBeUndefined();
    expect(splitRecord('shmfs a%0ab 1')).toBeUndefined();
  });

  it('shows a name so that it says what it is and does nothing', () => {
    expect(shown('plain name')).toBe('plain name');
    expect(shown(bytesText(Buffer.from([0x61, 0x0a, 0x1b, 0x5b, 0xff, 0x5c])))).toBe('a\\n\\x1b[\\xff\\\\');
    expect(shown('\u202eevil\u0085')).toBe('\\u202eevil\\u0085');
  });
});

describe('parseSnapshot', () => {
  const proc = (pid: number, comm: Buffer | string) => encodeRecord('proc', [pid, comm, 'S', 1, ...Array(18).fill(0)]);

  it('reads every record kind back into the same fields', () => {
    const text = [
      'time 42',
      'msg 1234 7 600 16 2 300 301 1000 1000 1000 1000 0 0 0',
      'shm -1 8 600 4096 300 300 2 1000 1000 1000 1000 0 0 0 0 0',
      'sem 99 9 600 2 1000 1000 1000 1000 0 0',
      'semval 9 1/0/0 0/2/1',
      encodeRecord('shmfs', [b('a\nb'), 4096, 1000, '100600', 11]),
      encodeRecord('shmfs', ['sem.s', 32, 1000, '100600', 12]),
      encodeRecord('mqueue', [Buffer.from([0xff]), 80, 1000, '100600', 13, 'QSIZE:0 NOTIFY:0\n']),
      encodeRecord('mqattr', [Buffer.from([0x2f, 0xff]), 1, 10, 8192]),
      proc(300, b('x\n@msg')),
      encodeRecord('syscall', [300, '0', '0x3', '0x7ffd', '0x10', '0x0', '0x0', '0x0', '0x7ffc', '0x7f00']),
      encodeRecord('wchan', [300, 'pipe_read']),
      encodeRecord('cmdline', [300, b('prog\0a b\0')]),
      encodeRecord('fd', [300, 3, '2', -1, -1, 64768, 12, 'file', b('/w/f\n@fd 9')]),
      encodeRecord('fd', [300, 4, '1', 0, 65536, 14, 99, 'pipe', 'pipe:[99]']),
      encodeRecord('fd', [300, 5, '0', -1, -1, '-', '-', '-', 'anon_inode:[eventfd]']),
      encodeRecord('map', [300, '7f00-7f10', 'rw-s', '00000000', '00:1a', 11, b('/dev/shm/a\nb')]),
      encodeRecord('map', [300, '7f20-7f30', 'rw-p', '00001000', 'fe:00', 12, '/w/f']),
      encodeRecord('task', [300, 301, 'S', '0', '0x3', '0x7ffd', '0x10', '0x0', '0x0', '0x0', '0x7ffc', '0x7f00']),
      encodeRecord('task', [300, 302, 'R', 'running']),
      encodeRecord('task', [300, 303, 'S', '-1', '0x7ffc', '0x7f00']),
      encodeRecord('io', [300, 1200, 34]),
      encodeRecord('stream', [0, 'out', 14, 98]),
      encodeRecord('stream', [1, 'in', 14, 97]),
      'end',
    ].join('\n');
    const inv = parseSnapshot(`${text}\n`);
    expect(inv.malformed).toBe(0);
    expect(inv.t).toBe(42n);
    expect(inv.sysv).toEqual([
      { kind: 'msg', key: 1234, id: 7, mode: 0o600, bytes: 16, messages: 2, lastSender: 300, lastReceiver: 301, uid: 1000 },
      { kind: 'shm', key: 0xffffffff, id: 8, mode: 0o600, size: 4096, creator: 300, attached: 2, uid: 1000 },
      { kind: 'sem', key: 99, id: 9, mode: 0o600, count: 2, uid: 1000, values: [1, 0], waitingForIncrease: [0, 2], waitingForZero: [0, 1] },
    ]);
    expect(inv.posix).toEqual([
      { kind: 'shm', name: '/a\nb', size: 4096, uid: 1000, mode: 0o100600, inode: 11 },
      { kind: 'sem', name: '/s', size: 32, uid: 1000, mode: 0o100600, inode: 12 },
      { kind: 'mq', name: '/\udcff', size: 80, uid: 1000, mode: 0o100600, inode: 13, details: 'QSIZE:0 NOTIFY:0', messages: 1, maxMessages: 10 },
    ]);
    const read = { nr: 0, name: 'read', args: ['0x3', '0x7ffd', '0x10', '0x0', '0x0', '0x0'] };
    expect(inv.processes).toEqual([{
      pid: 300, ppid: 1, comm: 'x\n@msg', state: 'S', cpuTicks: 0, childCpuTicks: 0, startTicks: 0, running: false, wchan: 'pipe_read', cmdline: 'prog a b',
      argv: ['prog', 'a b'], syscall: read,
      fds: [
        { fd: 3, flags: 2, pending: -1, capacity: -1, dev: 64768, inode: 12, type: 'file', target: '/w/f\n@fd 9' },
        { fd: 4, flags: 1, pending: 0, capacity: 65536, dev: 14, inode: 99, type: 'pipe', target: 'pipe:[99]' },
        { fd: 5, flags: 0, pending: -1, capacity: -1, target: 'anon_inode:[eventfd]' },
      ],
      maps: [
        { start: 0x7f00n, end: 0x7f10n, inode: 11, path: '/dev/shm/a\nb', dev: '00:1a', perms: 'rw-s', shared: true },
        { start: 0x7f20n, end: 0x7f30n, inode: 12, path: '/w/f', dev: 'fe:00', perms: 'rw-p', shared: false },
      ],
      threads: [{ tid: 301, state: 'S', running: false, syscall: read }, { tid: 302, state: 'R', running: true }, { tid: 303, state: 'S', running: false }],
      io: { rchar: 1200, wchar: 34 },
    }]);
    expect(inv.processes[0].fds[2]).not.toHaveProperty('dev');
    expect(inv.streams).toEqual([{ id: 0, role: 'out', dev: 14, inode: 98 }, { id: 1, role: 'in', dev: 14, inode: 97 }]);
  });

  it('lets no line open a section or a record of its own: the old forgery finds nothing', () => {
    const forged = '@msg\nkey msqid\n0 7 600 0 0 0 0 0\n@shmfs\nfake\t0\t0\t100600\t1\n@end\n';
    const inv = parseSnapshot(`time 1\n${forged}end\nshmfs fake 0 0 100600 1\n`);
    expect(inv.sysv).toEqual([]);
    expect(inv.posix).toEqual([]);
    expect(inv.malformed).toBe(6 + 1); // and a record after the end is not taken either
  });

  it.each([
    ['an fd record of the old arity', 'fd 300 3 2 -1 -1 /x'],
    ['an fd record with one stat field missing', 'fd 300 3 2 -1 -1 - - /x'],
    ['an fd record with a half-failed stat', 'fd 300 3 2 -1 -1 14 - pipe pipe:[9]'],
    ['an fd record with an unknown type', 'fd 300 3 2 -1 -1 14 9 tty /x'],
    ['an fd record with a negative inode', 'fd 300 3 2 -1 -1 14 -9 pipe pipe:[9]'],
    ['an fd record with a hex device', 'fd 300 3 2 -1 -1 0x14 9 pipe pipe:[9]'],
    ['an fd record of a process not listed', 'fd 301 3 2 -1 -1 14 9 pipe pipe:[9]'],
    ['a map record with bad perms', 'map 300 7f00-7f10 rwzs 00000000 00:1a 11 /x'],
    ['a map record with a decimal-only dev', 'map 300 7f00-7f10 rw-s 00000000 26 11 /x'],
    ['a map record with a bad offset', 'map 300 7f00-7f10 rw-s 0x0 00:1a 11 /x'],
    ['a map record without a path', 'map 300 7f00-7f10 rw-s 00000000 00:1a 11'],
    ['a task record without a state', 'task 300 301'],
    ['a task record with a word for a state', 'task 300 301 SS -1 0x0 0x0'],
    ['a task record of the main thread', 'task 300 300 S -1 0x0 0x0'],
    ['a task record with a bad syscall', 'task 300 301 S 0 3 0x7ffd'],
    ['a task record running with more words', 'task 300 301 R running 0x1'],
    ['a second task record of one thread', 'task 300 301 S -1 0x0 0x0\ntask 300 301 S -1 0x0 0x0'],
    ['an io record with one counter', 'io 300 12'],
    ['an io record with a negative counter', 'io 300 -1 12'],
    ['a second io record', 'io 300 1 2\nio 300 1 2'],
    ['a stream record with an unknown role', 'stream 0 err 14 98'],
    ['a stream record with a missing inode', 'stream 0 out 14'],
    ['a stream record with a negative id', 'stream -1 out 14 98'],
  ])('takes %s as malformed', (_, bad) => {
    const inv = parseSnapshot(['time 1', proc(300, 'p'), bad, 'end'].join('\n'));
    expect(inv.malformed).toBe(1);
    const p = inv.processes[0];
    expect(p.fds.length + p.maps.length + p.threads.length + (p.io ? 1 : 0) + (inv.streams?.length ?? 0)).toBe(bad.includes('\n') ? 1 : 0);
  });

  it('counts malformed records, and a snapshot cut short, and ignores them', () => {
    const inv = parseSnapshot(['time 1', 'shmfs a%41 1 2 3 4', 'shmfs a b 1 2 3 4', 'shmfs a 1 2 9 4', 'msg 1 x 600 0 0 0 0 0', 'fd 77 3 2 -1 -1 /x', 'nosuch 1'].join('\n'));
    expect(inv.posix).toEqual([]);
    expect(inv.sysv).toEqual([]);
    expect(inv.malformed).toBe(7);
    expect(parseSnapshot('').malformed).toBe(0);
  });
});

describe('a real snapshot of hostile names', () => {
  let bin: string;
  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'ipclab-codec-'));
    chmodSync(bin, 0o755);
    execFileSync('cc', ['-O2', '-o', join(bin, 'names'), join(packageRoot(), 'test/fixtures/codec/names.c'), '-lrt']);
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('decodes every name, comm, fd target and mapped path the kernel reports, and shows them escaped', async () => {
    const comm = Buffer.from('x\n@msg\n\x1b[2J\xff', 'latin1');
    const file = Buffer.concat([b('f\n@fd 1 2 3\n|%41 '), Buffer.from([0xff])]);
    const shm = NAMES;
    const mq = [b('mq\n@mqattr'), b('q'.repeat(255)), Buffer.from([0xfe, 0x0d])];
    const args = [comm, file, ...shm.map((n) => Buffer.concat([b('s:/'), n])), ...mq.map((n) => Buffer.concat([b('m:/'), n]))]
      .map((x, i) => (i < 2 ? x.toString('hex') : `${x.toString('latin1', 0, 2)}${x.subarray(2).toString('hex')}`));
    const obs = await runTest({
      name: 'codec', title: 'codec', points: 1, timeout: '5s',
      processes: { main: { run: ['names', ...args] } },
      script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'ready' } }, timeout: '3s' }, { sample: 's' }, { signal: { process: 'main', signal: 'KILL' } }],
      checks: [],
    }, { pathDirs: [bin], exerciseDir: '/tmp' });
    const inv = obs.samples.s;
    expect(obs.streams['main.stderr']?.head.toString() ?? '').toBe('');
    expect(inv.malformed).toBe(0);
    const names = (kind: string) => inv.posix.filter((p) => p.kind === kind).map((p) => p.name).sort();
    expect(names('shm')).toEqual(shm.map((n) => `/${bytesText(n)}`).sort());
    expect(names('mq')).toEqual(mq.map((n) => `/${bytesText(n)}`).sort());
    expect(inv.posix.filter((p) => p.kind === 'mq').every((p) => p.maxMessages === 1)).toBe(true);
    const main = inv.processes.find((p) => p.pid === obs.processes[0].pid)!;
    expect(main.comm).toBe(bytesText(comm));
    const path = `${obs.vars.dir}/${bytesText(file)}`;
    expect(main.fds.map((f) => f.target)).toContain(path);
    expect(main.maps.map((m) => m.path)).toContain(path.replaceAll('\n', '\\012')); // as the kernel writes maps
    // what the run says about them: the leftovers are seen, and written so that they do nothing
    const said = leftoverWords(obs.leftovers).map((l) => `${l.description} ${l.remedy}`).join(' | ');
    expect(obs.leftovers.filter((l) => l.kind === 'posix')).toHaveLength(shm.length + mq.length);
    expect(said).not.toMatch(/[\x00-\x1f\x7f]/);
    expect(said).toContain('POSIX shared memory object /nl\\nname');
    expect(said).toContain('shm_unlink("/\\xff\\xfeA")');
  }, 20000);
});
