// Host-wide inventory used before and after the whole suite: nothing the suite made may remain.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const STUDENT_UID = Number(process.env.IPCLAB_UID ?? 65534);
const RUN_UID_BASE = Number(process.env.IPCLAB_UID_BASE ?? 200000);
const isStudent = (uid) => uid === STUDENT_UID || (uid >= RUN_UID_BASE && uid < RUN_UID_BASE + 65536);

function sysv() {
  const out = [];
  for (const kind of ['msg', 'sem', 'shm']) {
    const lines = readFileSync(`/proc/sysvipc/${kind}`, 'utf8').trim().split('\n').slice(1);
    for (const l of lines) {
      const f = l.trim().split(/\s+/);
      out.push(`${kind} key ${(Number(f[0]) >>> 0).toString(16)} id ${f[1]}`);
    }
  }
  return out;
}

function studentProcesses() {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (isStudent(statSync(`/proc/${d}`).uid)) out.push(`pid ${d} ${readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ')}`);
    } catch {
      /* exited */
    }
  }
  return out;
}

export function inventory() {
  return {
    sysv: sysv(),
    shm: readdirSync('/dev/shm').map((n) => `/dev/shm/${n}`),
    processes: studentProcesses(),
    tmp: readdirSync(tmpdir()).filter((n) => n.startsWith('ipclab-')).map((n) => `${tmpdir()}/${n}`),
  };
}
