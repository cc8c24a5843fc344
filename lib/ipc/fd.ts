// File descriptors: files, FIFOs, memfds, pipes, and reading and writing them.
import {
  EAGAIN, EINTR, F_GETFD, F_GETFL, F_SETFD, F_SETFL, POLLIN, POLLOUT,
  S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK,
} from './constants.js';
import { IpcError } from './errors.js';
import { check, toBuffer } from './call.js';
import { c } from './ffi.js';
import type { Bytes } from './types.js';

/** open(2). */
export function open(path: string, flags: number, mode = 0o600): number {
  return check('open', c.open(path, flags, 'uint32_t', mode));
}

/** ftruncate(2). */
export function ftruncate(fd: number, length: number): void {
  check('ftruncate', c.ftruncate(fd, length));
}

/** memfd_create(2): an anonymous file living in memory. */
export function memfd_create(name: string, flags = 0): number {
  return check('memfd_create', c.memfd_create(name, flags));
}

/** mkfifo(3). */
export function mkfifo(path: string, mode = 0o600): void {
  check('mkfifo', c.mkfifo(path, mode));
}

/**
 * pipe2(2): a real pipe, as `[readFd, writeFd]`. Pass O_CLOEXEC so that the ends do not leak into
 * children spawned later (a leaked write end keeps a reader from ever seeing end of file).
 */
export function pipe2(flags = 0): [number, number] {
  const fds = [-1, -1];
  check('pipe2', c.pipe2(fds, flags));
  return [fds[0]!, fds[1]!];
}

/** read(2): reads at most `count` bytes into `buf`; 0 at end of file. */
export function read(fd: number, buf: Uint8Array, count: number = buf.byteLength): number {
  if (count < 0 || count > buf.byteLength) throw new RangeError(`read: count ${count} exceeds the buffer`);
  return check('read', Number(c.read(fd, buf, count)));
}

/** write(2): one write; it may write less than asked. See {@link writeAll}. */
export function write(fd: number, data: Bytes, count?: number): number {
  const b = toBuffer(data);
  const n = count ?? b.length;
  if (n < 0 || n > b.length) throw new RangeError(`write: count ${n} exceeds the buffer`);
  return check('write', Number(c.write(fd, b, n)));
}

/**
 * Writes all of `data`: goes on after partial writes, retries after EINTR and waits with poll when
 * the descriptor is non-blocking and full (EAGAIN). Other errors (EPIPE, ...) throw.
 */
export function writeAll(fd: number, data: Bytes): void {
  const b = toBuffer(data);
  let off = 0;
  while (off < b.length) {
    try {
      off += write(fd, b.subarray(off));
    } catch (e) {
      if (e instanceof IpcError && e.errno === EINTR) continue;
      if (e instanceof IpcError && e.errno === EAGAIN) {
        pollFd(fd, POLLOUT, -1);
        continue;
      }
      throw e;
    }
  }
}

/**
 * Reads into `buf` like read(2), but retries after EINTR and, when the descriptor is non-blocking and
 * empty (EAGAIN), waits with poll: the blocking read a copy loop wants whatever the fd's flags.
 */
export function readBlocking(fd: number, buf: Uint8Array, count: number = buf.byteLength): number {
  for (;;) {
    try {
      return read(fd, buf, count);
    } catch (e) {
      if (e instanceof IpcError && e.errno === EINTR) continue;
      if (e instanceof IpcError && e.errno === EAGAIN) {
        pollFd(fd, POLLIN, -1);
        continue;
      }
      throw e;
    }
  }
}

/** poll(2) on one descriptor: the revents (0 on timeout). timeoutMs -1 waits forever. */
export function pollFd(fd: number, events: number, timeoutMs: number): number {
  const pfd = Buffer.alloc(8);
  pfd.writeInt32LE(fd, 0);
  pfd.writeInt16LE(events, 4);
  for (;;) {
    try {
      const n = check('poll', c.poll(pfd, 1, timeoutMs));
      return n === 0 ? 0 : pfd.readUInt16LE(6);
    } catch (e) {
      if (!(e instanceof IpcError && e.errno === EINTR)) throw e;
    }
  }
}

/** fcntl(2) with F_GETFD, F_SETFD, F_GETFL or F_SETFL (e.g. to set O_NONBLOCK on one end of a pipe). */
export function fcntl(fd: number, cmd: number, arg?: number): number {
  if (cmd === F_GETFD || cmd === F_GETFL) return check('fcntl', c.fcntl(fd, cmd));
  if (cmd === F_SETFD || cmd === F_SETFL) return check('fcntl', c.fcntl(fd, cmd, 'int', arg ?? 0));
  throw new RangeError(`fcntl: command ${cmd} is not supported by these bindings`);
}

/** close(2). */
export function close(fd: number): void {
  check('close', c.close(fd));
}

/** dup(2). */
export function dup(fd: number): number {
  return check('dup', c.dup(fd));
}

/** dup2(2). */
export function dup2(oldfd: number, newfd: number): number {
  return check('dup2', c.dup2(oldfd, newfd));
}

/** poll(2) on several descriptors: one `revents` per entry, in order (all 0 on timeout). EINTR throws. */
export function poll(fds: readonly { fd: number; events: number }[], timeoutMs: number): number[] {
  const pfd = Buffer.alloc(8 * fds.length);
  fds.forEach((p, i) => {
    pfd.writeInt32LE(p.fd, 8 * i);
    pfd.writeInt16LE(p.events, 8 * i + 4);
  });
  check('poll', c.poll(pfd, fds.length, timeoutMs));
  return fds.map((_, i) => pfd.readUInt16LE(8 * i + 6));
}

/** The fields of struct stat most programs look at (x86_64 layout: 144 bytes). */
export interface Stat {
  st_dev: bigint;
  st_ino: bigint;
  st_nlink: number;
  /** File type and permission bits: test the type with {@link S_ISFIFO}, {@link S_ISREG}, ... */
  st_mode: number;
  st_uid: number;
  st_gid: number;
  st_size: number;
}

const STAT_SIZE = 144;

function statOf(b: Buffer): Stat {
  return {
    st_dev: b.readBigUInt64LE(0),
    st_ino: b.readBigUInt64LE(8),
    st_nlink: Number(b.readBigUInt64LE(16)),
    st_mode: b.readUInt32LE(24),
    st_uid: b.readUInt32LE(28),
    st_gid: b.readUInt32LE(32),
    st_size: Number(b.readBigInt64LE(48)),
  };
}

/** fstat(2): e.g. the size of a shared file, to wait until its creator has set it with ftruncate. */
export function fstat(fd: number): Stat {
  const b = Buffer.alloc(STAT_SIZE);
  check('fstat', c.fstat(fd, b));
  return statOf(b);
}

/** stat(2): follows a symbolic link (never opens the file, so a FIFO does not block). */
export function stat(path: string): Stat {
  const b = Buffer.alloc(STAT_SIZE);
  check('stat', c.stat(path, b));
  return statOf(b);
}

/** lstat(2): the link itself, not what it names. */
export function lstat(path: string): Stat {
  const b = Buffer.alloc(STAT_SIZE);
  check('lstat', c.lstat(path, b));
  return statOf(b);
}

export const S_ISFIFO = (mode: number): boolean => (mode & S_IFMT) === S_IFIFO;
export const S_ISREG = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
export const S_ISDIR = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;
export const S_ISCHR = (mode: number): boolean => (mode & S_IFMT) === S_IFCHR;
export const S_ISLNK = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;
export const S_ISSOCK = (mode: number): boolean => (mode & S_IFMT) === S_IFSOCK;
