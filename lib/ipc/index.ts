/**
 * ipclab/ipc — typed bindings to the IPC calls of glibc (libc.so.6), over koffi.
 *
 * This is the module ipclab's TypeScript references (and TypeScript submissions) import as
 * `ipclab/ipc`. It targets Linux x86_64 with glibc: struct layouts and constants in these modules are the ones
 * of that platform.
 *
 * Rules every binding follows:
 * - A failing call throws an {@link IpcError} whose `call` names the C function, `errno` is the
 *   number and `code` its symbolic name; its message reads like perror(3):
 *   `msgget: No such file or directory`. errno is read immediately after the call.
 * - Every call is synchronous: a blocking call (msgrcv, semop, sem_wait, mq_receive, read on an
 *   empty pipe, ...) blocks the whole Node thread, timers and events included. That is fine in a
 *   program that does nothing else meanwhile; never call one from a process that must stay responsive.
 * - EINTR is reported, not retried (as in C). {@link retryEintr} retries a call when that is wanted.
 * - Sizes come from the buffers passed in: a binding never lets C read or write past a JS buffer.
 * - Views on shared memory ({@link Mapping.buf}) must not be touched after munmap/shmdt: the
 *   process dies with SIGSEGV.
 * - Descriptors made here (pipe2, memfd_create, shm_open, open) are inherited by a spawned child
 *   unless they carry O_CLOEXEC / MFD_CLOEXEC, exactly as after fork+exec in C.
 */
// One module per job; this entry file is the published API (package.json "exports": "./ipc").
// ffi.ts and call.ts are internal: what they export is not re-exported here.
export * from './constants.js';
export * from './errors.js';
export * from './types.js';
export * from './sysv.js';
export * from './posix.js';
export * from './fd.js';
export * from './process.js';
export * from './program.js';
export * from './time.js';
export * from './loop.js';
export * from './spawn.js';
