// How an IPC object is named to a student ("message queue key 0x00001234 (id 5)", "POSIX message
// queue /q"): in leftovers and on the timeline alike. The harness records the object; it never names it.
import { shown } from '../../harness/init/codec.js';
import { POSIX_KIND_NAMES, SYSV_KIND_NAMES } from '../../harness/observe/kinds.js';
import { hexKey, type PosixEntry, type SysvObject } from '../../harness/observe/snapshot.js';
import type { IpcObjectRef } from '../../harness/run/observation.js';

export function describeSysv(o: Pick<SysvObject, 'kind' | 'key' | 'id'>): string {
  return `${SYSV_KIND_NAMES[o.kind]} key ${hexKey(o.key)} (id ${o.id})`;
}

export function describePosix(o: Pick<PosixEntry, 'kind' | 'name'>): string {
  return `${POSIX_KIND_NAMES[o.kind]} ${shown(o.name)}`;
}

/** A System V or POSIX object, as the timeline holds it. */
export function describeObject(o: IpcObjectRef): string {
  return o.family === 'sysv' ? describeSysv(o) : describePosix(o);
}
