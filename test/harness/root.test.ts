// The run's root as a list (harness/isolate/root.ts): every writable place is a folder of the one
// scratch tmpfs, so the disk limit is the test's total; a build's folder is a read-write bind for
// a `cc` line and a scratch place (copied in and out by the init) for `make`.
import { rootArgs, rootMounts, type RootMount } from '../../harness/isolate/root.js';

const who = { uid: 230001, gid: 220001 };
const writable = (list: RootMount[]) => list.filter((m) => m.kind === 'scratch' || m.kind === 'rw').map((m) => `${m.kind} ${m.path}`);

describe('the run\'s root', () => {
  it('a test writes only in scratch places: its folder (its uid, 0700), /tmp, /var/tmp and /dev/shm', () => {
    const list = rootMounts({ work: '/tmp/ipclab-x/work', pathDirs: [], who });
    expect(writable(list).sort()).toEqual(['scratch /dev/shm', 'scratch /tmp', 'scratch /tmp/ipclab-x/work', 'scratch /var/tmp']);
    expect(list.find((m) => m.path === '/tmp/ipclab-x/work')).toEqual({ kind: 'scratch', path: '/tmp/ipclab-x/work', mode: 0o700, uid: who.uid, gid: who.gid });
  });

  it('a build folder is bound read-write for a cc line, and a scratch place of the builder for make', () => {
    expect(writable(rootMounts({ work: '/tmp/b/bin', build: 'bind', pathDirs: [], who }))).toContain('rw /tmp/b/bin');
    const copy = rootMounts({ work: '/tmp/b/bin', build: 'copy', pathDirs: [], who });
    expect(writable(copy)).not.toContain('rw /tmp/b/bin');
    expect(copy.find((m) => m.path === '/tmp/b/bin')).toEqual({ kind: 'scratch', path: '/tmp/b/bin', mode: 0o755, uid: who.uid, gid: who.gid });
  });

  it('the init gets the scratch size once and each scratch place as PATH MODE UID GID, parents first', () => {
    const args = rootArgs('/tmp/r/root', rootMounts({ work: '/tmp/r/work', pathDirs: [], who }), 16 * 1024 * 1024);
    expect(args.slice(0, 5)).toEqual(['--root', '/tmp/r/root', String(1024 * 1024), '--scratch', String(16 * 1024 * 1024)]);
    const at = (path: string) => args.findIndex((a, i) => a === path && args[i - 1] === 'scratch');
    expect(args.slice(at('/tmp/r/work') - 1, at('/tmp/r/work') + 4)).toEqual(['scratch', '/tmp/r/work', '700', String(who.uid), String(who.gid)]);
    expect(at('/tmp')).toBeLessThan(at('/tmp/r/work'));
  });
});
