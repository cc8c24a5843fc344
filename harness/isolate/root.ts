// What a run's own root holds, in one list: the init (ipclab-init.c, build_root) mounts a tmpfs,
// makes these mounts in it, pivots into it and detaches the host's root. Paths inside are the same
// as outside, so `${dir}`, argv and PATH stay as they are. Nothing else of the host is there: no
// catalogue, no class folder, no ipclab install (TypeScript programs find their runtime, koffi and
// `ipclab/ipc`, in the build folder's node_modules), no output or cache folder.
import { lstatSync, readlinkSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KEEP_UID } from '../init/protocol.js';

export type RootMount =
  | { kind: 'ro' | 'rw' | 'dev' | 'proc' | 'mqueue'; path: string }
  /** A folder of the run's one scratch tmpfs, bound at path: all of them share its size. */
  | { kind: 'scratch'; path: string; mode: number; uid: number; gid: number }
  | { kind: 'link'; path: string; target: string }
  | { kind: 'file'; path: string; text: string };

/** The host's system folders and files, read-only (a link on the host is the same link inside). */
const HOST_SYSTEM = [
  '/usr', '/bin', '/lib', '/lib32', '/lib64', '/libx32', '/sbin',
  // what the dynamic loader, gcc (cc → /etc/alternatives/cc), make, sh and node open in /etc
  '/etc/ld.so.cache', '/etc/ld.so.conf', '/etc/ld.so.conf.d', '/etc/alternatives', '/etc/nsswitch.conf', '/etc/localtime',
];
/** Device nodes, bound from the host (mknod is refused in a user namespace). */
const DEVICES = ['null', 'zero', 'full', 'random', 'urandom'];
const MiB = 1024 * 1024;
/** The root itself: only mount points and /etc's few files; read-only once pivoted into. */
export const ROOT_BYTES = 1 * MiB;

export interface RootRun {
  /** The test's folder (a fresh scratch place), or the build folder for a build. */
  work: string;
  /** A build's folder: the host's, read-write (`bind`), or a scratch place the init copies it into and back out of (`copy`). */
  build?: 'bind' | 'copy';
  /** Folders on PATH (the build folder, the exercise's helpers): read-only in tests. */
  pathDirs: string[];
  who: { uid: number; gid: number };
}

/** The name the init gives the scratch tmpfs in its snapshots' quota records. */
export const SCRATCH_QUOTA = 'scratch';

/**
 * Every mount of the run's root, parents first. The writable places (the work folder, /tmp,
 * /var/tmp, /dev/shm) are folders of one scratch tmpfs of the disk limit (rootArgs), so the limit
 * is what the test writes in all of them together, not in each; its pages count in the test's
 * memory cgroup. One tmpfs rather than sizes that sum to the limit: a test that needs all of it
 * in one place (a big /dev/shm object, a large file in its folder) still gets it.
 */
export function rootMounts(run: RootRun): RootMount[] {
  const list: RootMount[] = [...systemMounts(), ...etcFiles(run.who), ...devMounts()];
  list.push(scratch('/tmp', 0o1777), scratch('/var/tmp', 0o1777));
  list.push({ kind: 'proc', path: '/proc' });
  const node = dirname(process.execPath);
  if (!under(node, '/usr')) list.push({ kind: 'ro', path: node });
  for (const dir of run.pathDirs) if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) list.push({ kind: 'ro', path: resolve(dir) });
  if (run.build === 'bind') list.push({ kind: 'rw', path: resolve(run.work) });
  else list.push({ ...scratch(resolve(run.work), run.build ? 0o755 : 0o700), uid: run.who.uid, gid: run.who.gid });
  return ordered(list);
}

/** The init's arguments for that root, mounted first on `mountPoint` (an empty folder of the run), its scratch places sharing `diskBytes`. */
export function rootArgs(mountPoint: string, mounts: RootMount[], diskBytes: number): string[] {
  const out = ['--root', mountPoint, String(ROOT_BYTES), '--scratch', String(diskBytes)];
  for (const m of mounts) {
    if (!/^\/[^\0]*$/.test(m.path)) throw new Error(`root: not an absolute path: ${m.path}`);
    out.push('--m', m.kind, m.path);
    if (m.kind === 'scratch') out.push(m.mode.toString(8), String(m.uid >>> 0), String(m.gid >>> 0));
    else if (m.kind === 'link') out.push(m.target);
    else if (m.kind === 'file') out.push(m.text);
  }
  return out;
}

let system: RootMount[] | undefined;

/** The host's part, looked at once: it does not change while ipclab runs. */
function systemMounts(): RootMount[] {
  return (system ??= HOST_SYSTEM.flatMap((path): RootMount[] => {
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) return [];
    if (st.isSymbolicLink()) return [{ kind: 'link', path, target: readlinkSync(path) }];
    return isFileOrDir(st) ? [{ kind: 'ro', path }] : [];
  }));
}

function isFileOrDir(st: Stats): boolean {
  return st.isDirectory() || st.isFile();
}

function devMounts(): RootMount[] {
  const list: RootMount[] = DEVICES.map((d) => ({ kind: 'dev', path: `/dev/${d}` }));
  list.push({ kind: 'link', path: '/dev/fd', target: '/proc/self/fd' });
  ['stdin', 'stdout', 'stderr'].forEach((name, fd) => list.push({ kind: 'link', path: `/dev/${name}`, target: `/proc/self/fd/${fd}` }));
  list.push(scratch('/dev/shm', 0o1777), { kind: 'mqueue', path: '/dev/mqueue' });
  return list;
}

/** passwd and group with root, nobody and the student (id(1), whoami and getpwuid work), and localhost. */
function etcFiles(who: { uid: number; gid: number }): RootMount[] {
  const users = ['root:x:0:0:root:/root:/bin/sh', 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin'];
  const groups = ['root:x:0:', 'nogroup:x:65534:'];
  if (who.uid !== KEEP_UID && who.uid !== 0 && who.uid !== 65534) users.push(`student:x:${who.uid}:${who.gid}:student:/nonexistent:/bin/sh`);
  if (who.gid !== KEEP_UID && who.gid !== 0 && who.gid !== 65534) groups.push(`student:x:${who.gid}:`);
  return [
    { kind: 'file', path: '/etc/passwd', text: `${users.join('\n')}\n` },
    { kind: 'file', path: '/etc/group', text: `${groups.join('\n')}\n` },
    { kind: 'file', path: '/etc/hosts', text: '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' },
  ];
}

function scratch(path: string, mode: number): Extract<RootMount, { kind: 'scratch' }> {
  return { kind: 'scratch', path, mode, uid: 0, gid: 0 };
}

function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/** Parents before children; a read-only bind of what a bind before it shows already is left out. */
function ordered(list: RootMount[]): RootMount[] {
  const sorted = [...list].sort((a, b) => compareParts(a.path.split('/'), b.path.split('/')));
  const out: RootMount[] = [];
  for (const m of sorted) {
    if (out.some((o) => o.path === m.path || (m.kind === 'ro' && (o.kind === 'ro' || o.kind === 'rw') && under(m.path, o.path)))) continue;
    out.push(m);
  }
  return out;
}

function compareParts(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}
