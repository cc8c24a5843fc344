// Runs one test: starts its processes under one init, drives the script, watches, and
// returns an Observation. It never decides pass or fail.
import { chmodSync, chownSync, mkdirSync, readdirSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants, cpus } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { InitClient } from './init-client.js';
import { BoundedStream } from '../capture/stream.js';
import { shown, textBytes } from '../init/codec.js';
import { parseSnapshot, describeSysv, describePosix, hexKey, type Inventory, type ProcessState } from '../observe/snapshot.js';
import { diagnose } from '../observe/diagnose.js';
import { SYSV_KIND_NAMES } from '../observe/kinds.js';
import { callMatches } from '../observe/syscalls.js';
import { isolation, runUid, type Isolation } from '../isolate/mode.js';
import { BROKEN_PIPE, DEV_NULL, KEEP_UID } from '../init/protocol.js';
import { ms } from '../spec/duration.js';
import { template, templateDeep, TemplateError, type Vars } from '../spec/template.js';
import { compile } from '../spec/regex.js';
import { randomBytesSeeded } from './random.js';
import { makeVars } from './vars.js';
import { releaseTempFolder, tempFolder } from '../interrupt.js';
import type { Condition, Step, TestSpec } from '../spec/types.js';
import type { ExitInfo, Leftover, Observation, ProcessObservation, TimelineEvent } from './observation.js';

export interface RunOptions {
  /** Folders put first on PATH: the built programs, then the exercise's helpers. */
  pathDirs: string[];
  /** Folder of the exercise (stdin files are read from it). */
  exerciseDir: string;
  defaultTimeoutMs?: number;
  /** Address-space limit by program name (Node programs need more). */
  memoryMbFor?: (program: string) => number;
  /** Run in this existing folder instead of a fresh empty one (builds); it is not removed. */
  workDir?: string;
  /** The uid (and gid) to run as, instead of one chosen for this run. */
  as?: { uid: number; gid: number };
  /** Folders the test's processes must not see (isolated mode mounts an empty folder over each). */
  hide?: string[];
  /** Race exposure: busy processes on every CPU, and random delays before each start. */
  perturb?: Perturbation;
}

export interface Perturbation {
  /** Busy processes per CPU (the test's own `pressure` wins). */
  hogs: number;
  /** Up to this many milliseconds of random delay before each start step. */
  jitterMs: number;
}

const SIGNALS = osConstants.signals as Record<string, number>;
const SIGNAL_NAMES = Object.fromEntries(Object.entries(SIGNALS).map(([k, v]) => [v, k]));

export function decodeStatus(status: number): ExitInfo {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff };
  return { signal: SIGNAL_NAMES[sig] ?? `signal ${sig}` };
}

interface Instance {
  id: number;
  obs: ProcessObservation;
  spawnReq: Parameters<InitClient['spawn']>[0];
  holdFrom?: number;
  started: boolean;
  exited: boolean;
}

class Stop extends Error {}

/** Lines of each stream kept in the timeline. */
const TIMELINE_LINES = 50;
/** How often IPC objects are looked at while processes run, for the timeline. */
const IPC_POLL_MS = 20;

export async function runTest(test: TestSpec, opts: RunOptions): Promise<Observation> {
  const iso = isolation();
  const who = opts.as ?? runUid(iso);
  const t0 = process.hrtime.bigint();
  const msSince = (t: bigint) => Number(t - t0) / 1e6;
  // registered: a signal to ipclab removes it too (harness/interrupt.ts)
  const root = tempFolder('ipclab-', { remove: (dir) => removeRunFolder(dir, join(dir, 'mq')) });
  const work = opts.workDir ?? join(root, 'work');
  const mq = join(root, 'mq');
  if (!opts.workDir) mkdirSync(work, { mode: 0o700 });
  mkdirSync(mq, { mode: 0o700 });
  chmodSync(root, 0o711);
  if (who.uid !== KEEP_UID && !opts.workDir) chownSync(work, who.uid, who.gid);

  const vars: Vars = makeVars(work);
  const timeline: TimelineEvent[] = [];
  const obs: Observation = {
    mode: iso.mode, isolation: iso.description, durationMs: 0, processes: [], streams: {}, orphans: [], samples: {},
    leftovers: [], workFiles: [], timeline, vars,
  };
  const outputLimit = test.output_limit ?? 16 * 1024 * 1024;
  const timeoutMs = ms(test.timeout, opts.defaultTimeoutMs ?? 10000);
  const cpuMask = pressureMask(test.pressure?.cpus);
  const deadline = Date.now() + timeoutMs;

  // ---- streams and instances ----
  const streamIds = new Map<string, number>();
  const streams: BoundedStream[] = [];
  const cursors = new Map<string, number>();
  const streamId = (name: string): number => {
    if (name === 'null') return DEV_NULL;
    if (name === 'broken') return BROKEN_PIPE;
    let id = streamIds.get(name);
    if (id === undefined) {
      id = streams.length;
      streamIds.set(name, id);
      streams.push(new BoundedStream(name, outputLimit));
    }
    return id;
  };
  const groups = new Map<string, Instance[]>();
  const byId = new Map<number, Instance>();
  const byPid = new Map<number, Instance>();
  let nextId = 1;
  const baseEnv: Record<string, string> = {
    PATH: [...opts.pathDirs, '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: work, LANG: 'C.UTF-8', TMPDIR: work,
  };
  for (const [name, spec] of Object.entries(test.processes)) {
    const count = spec.count ?? 1;
    const list: Instance[] = [];
    for (let i = 0; i < count; i++) {
      const label = count > 1 ? `${name}[${i}]` : name;
      const v = { ...vars, i: String(i) };
      // ${pid:…} is known only once that process started: such arguments are filled in at start
      const argv = spec.run.map((a) => template(a, v, true));
      const env = { ...baseEnv };
      for (const [k, val] of Object.entries(spec.env ?? {})) {
        if (val === null) delete env[k];
        else env[k] = template(val, v, true);
      }
      let stdin: Buffer | undefined;
      if (spec.stdin && spec.stdin !== 'none') {
        if (spec.stdin.text !== undefined) stdin = Buffer.from(template(spec.stdin.text, v));
        else if (spec.stdin.random) stdin = randomBytesSeeded(spec.stdin.random.bytes, spec.stdin.random.seed);
        else if (spec.stdin.file) stdin = readFileSync(join(opts.exerciseDir, spec.stdin.file));
      }
      const outName = spec.stdout ?? label;
      const errName = spec.stderr ?? `${label}.stderr`;
      const memMb = spec.limits?.memory_mb ?? opts.memoryMbFor?.(argv[0]) ?? 1024;
      const id = nextId++;
      const inst: Instance = {
        id,
        started: false,
        exited: false,
        holdFrom: spec.stdin && spec.stdin !== 'none' ? spec.stdin.hold_from : undefined,
        obs: { name, instance: i, label, argv, stdin },
        spawnReq: {
          id, barrier: 0, stdout: streamId(outName), stderr: streamId(errName), stdinFromPipe: spec.stdin !== 'none',
          uid: who.uid, gid: who.gid, cwd: work, argv, env,
          limits: {
            cpuSeconds: spec.limits?.cpu_seconds ?? Math.ceil(timeoutMs / 1000) + 5,
            addressSpace: memMb * 1024 * 1024,
            fileSize: (spec.limits?.file_mb ?? 256) * 1024 * 1024,
            openFiles: spec.limits?.open_files ?? 256,
            processes: spec.limits?.processes ?? 0,
          },
          cpuMask,
        },
      };
      list.push(inst);
      byId.set(id, inst);
      obs.processes.push(inst.obs);
    }
    groups.set(name, list);
  }
  const streamOwner = new Map<string, string>();
  for (const inst of byId.values()) {
    const out = test.processes[inst.obs.name].stdout;
    if (!out) streamOwner.set(inst.obs.label, inst.obs.label);
    streamOwner.set(`${inst.obs.label}.stderr`, inst.obs.label);
  }
  // Aliases so that checks can name a process's streams by process name.
  for (const [name, list] of groups) {
    if (list.length === 1) {
      const s = test.processes[name];
      if (s.stdout && s.stdout !== name && !streamIds.has(name) && streamIds.has(s.stdout)) streamIds.set(name, streamIds.get(s.stdout)!);
    }
  }

  // ---- the init and its events ----
  let wake: () => void = () => {};
  let changed = new Promise<void>((r) => (wake = r));
  const notify = () => {
    const w = wake;
    changed = new Promise<void>((r) => (wake = r));
    w();
  };
  let abort: { reason: 'output-limit'; message: string } | undefined;
  let harnessError: string | undefined;
  let tearingDown = false;
  // The timeline keeps the first lines of each stream (bounded), as they arrived.
  const partial = new Map<string, string>();
  const linesSeen = new Map<string, number>();
  const recordLines = (stream: string, at: number, bytes: Buffer) => {
    const seen = linesSeen.get(stream) ?? 0;
    if (seen >= TIMELINE_LINES) return;
    if (bytes.includes(0) || bytes.toString('utf8', 0, Math.min(bytes.length, 4096)).includes('\ufffd')) {
      // binary output: one event says so, rather than lines of noise
      timeline.push({ ms: at, kind: 'output', stream, process: streamOwner.get(stream), text: '(binary output)' });
      linesSeen.set(stream, TIMELINE_LINES);
      return;
    }
    const text = (partial.get(stream) ?? '') + bytes.toString('utf8', 0, Math.min(bytes.length, 4096));
    const parts = text.split('\n');
    partial.set(stream, parts.pop()!.slice(0, 200));
    let n = seen;
    for (const line of parts) {
      if (n++ >= TIMELINE_LINES) break;
      timeline.push({ ms: at, kind: 'output', stream, process: streamOwner.get(stream), text: line.length > 120 ? `${line.slice(0, 120)}…` : line });
    }
    linesSeen.set(stream, n);
  };
  // IPC objects as they come and go, from light snapshots while the test runs
  let known = new Map<string, string>();
  const noteInventory = (inv: Inventory) => {
    const now = new Map<string, string>();
    for (const o of inv.sysv) now.set(`${o.kind}:${o.id}`, describeSysv(o));
    for (const p of inv.posix) now.set(`${p.kind}:${p.name}`, describePosix(p));
    const at = msSince(inv.t || process.hrtime.bigint());
    for (const [k, d] of now) if (!known.has(k)) timeline.push({ ms: at, kind: 'ipc', text: `${d} created` });
    for (const [k, d] of known) if (!now.has(k)) timeline.push({ ms: at, kind: 'ipc', text: `${d} removed` });
    known = now;
  };
  const init = new InitClient({
    onData(stream, t, bytes) {
      const s = streams[stream];
      if (!s) return;
      s.push(bytes);
      recordLines(s.name, msSince(t), bytes);
      if (s.exceeded && !abort) {
        abort = { reason: 'output-limit', message: `output limit exceeded: stream \`${s.name}\` produced more than ${outputLimit} bytes` };
      }
      notify();
    },
    onSpawned(id, pid, t) {
      const inst = byId.get(id);
      if (!inst) return;
      inst.obs.pid = pid;
      inst.obs.startMs = msSince(t);
      byPid.set(pid, inst);
      timeline.push({ ms: inst.obs.startMs, kind: 'start', process: inst.obs.label, text: `started: ${inst.obs.argv.join(' ')} (pid ${pid})` });
      notify();
    },
    onExited(id, _pid, status, t, cpuMicros) {
      const inst = byId.get(id);
      if (!inst) return;
      inst.exited = true;
      inst.obs.exit = decodeStatus(status);
      inst.obs.endMs = msSince(t);
      inst.obs.cpuMs = cpuMicros / 1000;
      timeline.push({ ms: inst.obs.endMs, kind: 'exit', process: inst.obs.label, text: inst.obs.exit.signal ? `killed by ${inst.obs.exit.signal}` : `exited ${inst.obs.exit.code}` });
      notify();
    },
    onExecFailed(id, stage, errno) {
      const inst = byId.get(id);
      if (!inst) return;
      const err = errnoName(errno);
      inst.obs.execError = stage === 'exec'
        ? (err === 'ENOENT' ? `\`${inst.obs.argv[0]}\` was not found` : `\`${inst.obs.argv[0]}\` could not be started (${err})`)
        : `the harness could not prepare \`${inst.obs.label}\` (${stage}: ${err})`;
    },
    onOrphan(pid, status, t, comm) {
      if (tearingDown) return; // killed by the harness at the end: reported as left behind already
      obs.orphans.push({ pid, comm, ms: msSince(t), exit: decodeStatus(status) });
      timeline.push({ ms: msSince(t), kind: 'orphan', text: `${shown(comm)} (pid ${pid}) was reaped by the harness: its parent had exited without waiting for it` });
      notify();
    },
    onError(message) {
      harnessError ??= message;
      notify();
    },
  });
  const hide = iso.mode === 'isolated' ? (opts.hide ?? []).filter((h) => !work.startsWith(`${h}/`) && !opts.pathDirs.some((d) => d.startsWith(`${h}/`))) : [];
  const initArgs = [...iso.command, '--mqueue', mq, '--pids-max', String(test.max_processes ?? 1024), ...hide.flatMap((h) => ['--hide', h])];
  let before: Inventory | undefined;
  let nprocCap = 0;
  try {
    init.start(initArgs);
    const ready = await init.ready;
    // Without a pids cgroup, and running as the grader's own user, RLIMIT_NPROC is what stops a
    // fork bomb: it counts every process of the user, so the cap is what the user has plus the test's share
    if (!ready.includes('pids-cgroup') && who.uid === KEEP_UID) nprocCap = ownProcessCount() + (test.max_processes ?? 1024);
    obs.containment = ready.includes('pids-cgroup') ? `at most ${test.max_processes ?? 1024} processes (pids cgroup)` : nprocCap ? `at most ${test.max_processes ?? 1024} more processes of this user (RLIMIT_NPROC)` : 'no pids cgroup: process count limited by RLIMIT_NPROC only where set';
    if (iso.mode === 'fallback') before = parseSnapshot(await init.snapshot(false));
    if (test.pressure?.hogs) init.hogs(cpuMask || allCpus(), test.pressure.hogs * Math.max(1, test.pressure.cpus ?? cpus().length));
    else if (opts.perturb?.hogs) init.hogs(allCpus(), opts.perturb.hogs * cpus().length);

    // ---- helpers used by the script ----
    const checkAbort = () => {
      if (abort) throw new Stop();
      if (harnessError) throw new Stop();
      if (init.closed) {
        harnessError ??= 'the process supervisor exited unexpectedly';
        throw new Stop();
      }
    };
    const instancesOf = (name: string) => groups.get(name) ?? [];
    const pidVars = (): Vars => {
      const out: Vars = {};
      for (const inst of byId.values()) {
        if (inst.obs.pid === undefined) continue;
        out[`pid:${inst.obs.label}`] = String(inst.obs.pid);
        if (inst.obs.instance === 0) out[`pid:${inst.obs.name}`] = String(inst.obs.pid);
      }
      return out;
    };
    // A process the script types to keeps its stdin open until the script closes it or ends.
    const interactive = new Set((test.script ?? []).flatMap((s) => (s.send ? [s.send.process] : [])));
    const startInstances = (list: Instance[], together: boolean) => {
      const barrier = together ? 1 : 0;
      for (const inst of list) {
        if (inst.started) continue;
        inst.started = true;
        const late = { ...vars, i: String(inst.obs.instance), ...pidVars() };
        const argv = inst.spawnReq.argv.map((a) => template(a, late));
        const env = Object.fromEntries(Object.entries(inst.spawnReq.env).map(([k, v]) => [k, template(v, late)]));
        inst.obs.argv = argv;
        const limits = { ...inst.spawnReq.limits, processes: inst.spawnReq.limits.processes || nprocCap };
        init.spawn({ ...inst.spawnReq, argv, env, barrier, limits });
        const data = inst.obs.stdin;
        if (inst.spawnReq.stdinFromPipe) {
          if (data?.length) init.writeStdin(inst.id, inst.holdFrom !== undefined ? data.subarray(0, inst.holdFrom) : data);
          if (inst.holdFrom === undefined && !interactive.has(inst.obs.name)) init.closeStdin(inst.id);
        }
      }
      if (together) init.release(barrier);
    };
    const sleepUntil = (t: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, t - Date.now())));
    const needsKernel = (c: Condition): boolean => !!(c.sysv || c.posix || c.blocked || c.stopped || c.all?.some(needsKernel));
    const evaluate = (c: Condition, inv: Inventory | undefined): boolean => {
      if (c.all) return c.all.every((x) => evaluate(x, inv));
      if (c.output) {
        const id = streamIds.get(c.output.stream);
        if (id === undefined) return false;
        const text = streams[id].head().toString('latin1');
        const from = cursors.get(c.output.stream) ?? 0;
        const end = findOutput(text, from, c.output);
        if (end < 0) return false;
        cursors.set(c.output.stream, end);
        return true;
      }
      if (c.exited) return instancesOf(c.exited).every((i) => i.exited);
      if (c.path || c.fifo) {
        try {
          const st = lstatSync((c.path ?? c.fifo)!);
          return c.fifo ? st.isFIFO() : true;
        } catch {
          return false;
        }
      }
      if (!inv) return false;
      if (c.sysv) {
        const key = parseKeyText(c.sysv.key);
        const o = inv.sysv.find((x) => x.kind === c.sysv!.type && x.key === key);
        if (c.sysv.absent) return !o;
        if (!o) return false;
        if (c.sysv.messages !== undefined && (o.kind !== 'msg' || o.messages !== c.sysv.messages)) return false;
        if (c.sysv.attached !== undefined && (o.kind !== 'shm' || o.attached !== c.sysv.attached)) return false;
        return true;
      }
      if (c.posix) {
        const o = inv.posix.find((x) => x.kind === c.posix!.type && x.name === c.posix!.name);
        return c.posix.absent ? !o : !!o;
      }
      if (c.stopped) {
        const list = instancesOf(c.stopped).filter((i) => !i.exited);
        return list.every((i) => {
          const p = inv.processes.find((q) => q.pid === i.obs.pid);
          return !p || p.state === 'T' || p.state === 't' || p.state === 'Z';
        });
      }
      if (c.blocked) {
        const list = instancesOf(c.blocked.process);
        return list.length > 0 && list.every((i) => {
          const p = inv.processes.find((q) => q.pid === i.obs.pid);
          return !!p && isBlockedIn(p, c.blocked!.call);
        });
      }
      return false;
    };
    const waitFor = async (c: Condition, until: number): Promise<boolean> => {
      for (;;) {
        checkAbort();
        const inv = needsKernel(c) ? parseSnapshot(await init.snapshot(false)) : undefined;
        if (inv) noteInventory(inv);
        if (evaluate(c, inv)) return true;
        if (Date.now() >= until) return false;
        const pending = changed;
        await Promise.race([pending, sleepUntil(Math.min(until, Date.now() + (needsKernel(c) ? 3 : 50)))]);
      }
    };

    // ---- the script ----
    const script: Step[] = test.script?.length ? test.script : [{ start: Object.keys(test.processes) }];
    let stepTimedOut: string | undefined;
    for (const [index, rawStep] of script.entries()) {
      checkAbort();
      let step: Step;
      try {
        step = templateDeep(rawStep, { ...vars, ...pidVars() });
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        stepTimedOut = `step ${index + 1} could not be carried out: ${err.message}`;
        break;
      }
      const stepMs = msSince(process.hrtime.bigint());
      if (step.start !== undefined) {
        if (opts.perturb?.jitterMs) await new Promise((r) => setTimeout(r, Math.random() * opts.perturb!.jitterMs));
        const names = Array.isArray(step.start) ? step.start : [step.start];
        try {
          startInstances(names.flatMap(instancesOf), !!step.together);
        } catch (err) {
          if (!(err instanceof TemplateError)) throw err;
          stepTimedOut = `step ${index + 1} could not start ${names.join(', ')}: ${err.message}`;
          break;
        }
      } else if (step.wait) {
        const until = step.timeout !== undefined ? Math.min(deadline, Date.now() + ms(step.timeout, 0)) : deadline;
        if (!(await waitFor(step.wait, until))) {
          stepTimedOut = `step ${index + 1} waited ${((Date.now() - (deadline - timeoutMs) - stepMs) / 1000 + stepMs / 1000).toFixed(1)} s for ${describeCondition(step.wait)}, which did not happen`;
          break;
        }
      } else if (step.sleep !== undefined) {
        await sleepUntil(Math.min(deadline, Date.now() + ms(step.sleep, 0)));
      } else if (step.signal) {
        const signo = SIGNALS[`SIG${step.signal.signal}`];
        for (const inst of instancesOf(step.signal.process)) {
          if (inst.obs.pid !== undefined && !inst.exited) {
            if (signo === SIGNALS.SIGKILL || signo === SIGNALS.SIGTERM) inst.obs.killedBy ??= 'test';
            init.signal(inst.id, signo, !!step.signal.group);
          }
        }
        timeline.push({ ms: stepMs, kind: 'signal', process: step.signal.process, text: `the test sent SIG${step.signal.signal}` });
        // A stop takes effect only when the process next runs: go on once it really is stopped,
        // so that what follows (a message sent to it, say) finds it out of its system call.
        if (step.signal.signal === 'STOP') await waitFor({ stopped: step.signal.process }, Math.min(deadline, Date.now() + 2000));
      } else if (step.send) {
        for (const inst of instancesOf(step.send.process)) {
          if (step.send.text !== undefined) init.writeStdin(inst.id, Buffer.from(step.send.text));
          if (step.send.rest && inst.obs.stdin && inst.holdFrom !== undefined) init.writeStdin(inst.id, inst.obs.stdin.subarray(inst.holdFrom));
          if (step.send.close || step.send.rest) init.closeStdin(inst.id);
        }
        timeline.push({ ms: stepMs, kind: 'step', process: step.send.process, text: step.send.text !== undefined ? `the test typed ${JSON.stringify(step.send.text)}` : step.send.rest ? 'the test sent the rest of standard input' : 'the test closed standard input' });
      } else if (step.sample) {
        obs.samples[step.sample] = parseSnapshot(await init.snapshot(true));
        noteInventory(obs.samples[step.sample]);
        timeline.push({ ms: stepMs, kind: 'sample', text: `sampled "${step.sample}"` });
      }
    }

    if (!stepTimedOut) {
      for (const name of interactive) for (const inst of instancesOf(name)) if (inst.started) init.closeStdin(inst.id);
    }

    // ---- wait for the started processes to finish ----
    let timedOut = false;
    if (!stepTimedOut) {
      const all = [...byId.values()].filter((i) => i.started);
      let lastPoll = 0;
      for (;;) {
        checkAbort();
        if (all.every((i) => i.exited)) break;
        if (Date.now() >= deadline) {
          timedOut = true;
          break;
        }
        await Promise.race([changed, sleepUntil(Math.min(deadline, Date.now() + IPC_POLL_MS))]);
        if (!all.every((i) => i.exited) && Date.now() - lastPoll >= IPC_POLL_MS) {
          lastPoll = Date.now();
          noteInventory(parseSnapshot(await init.snapshot(false)));
        }
      }
    }
    const labels = new Map([...byPid.entries()].map(([pid, inst]) => [pid, inst.obs.label]));
    if (stepTimedOut || timedOut) {
      const deep = parseSnapshot(await init.snapshot(true));
      obs.final = deep;
      obs.diagnosis = diagnose(deep, labels);
      const stillRunning = [...byId.values()].filter((i) => i.started && !i.exited).map((i) => `\`${i.obs.label}\``);
      obs.termination = stepTimedOut
        ? { reason: 'step-timeout', message: stepTimedOut }
        : { reason: 'timeout', message: `the test did not finish within ${timeoutMs / 1000} s: ${stillRunning.join(', ')} still running` };
      timeline.push({ ms: msSince(process.hrtime.bigint()), kind: 'timeout', text: obs.termination.message });
      for (const i of byId.values()) if (i.started && !i.exited) i.obs.killedBy ??= 'timeout';
    } else {
      // An orphan that is still alive, or a zombie not yet reaped, shows in this snapshot;
      // one already reaped was reported as an orphan: either way it is seen.
      obs.final = parseSnapshot(await init.snapshot(false));
      noteInventory(obs.final);
    }
  } catch (err) {
    if (!(err instanceof Stop)) harnessError ??= err instanceof Error ? err.message : String(err);
  }

  // ---- teardown ----
  try {
    if (abort) {
      obs.termination = abort;
      for (const i of byId.values()) if (i.started && !i.exited) i.obs.killedBy ??= 'output-limit';
    }
    if (!obs.final && !init.closed) obs.final = parseSnapshot(await init.snapshot(true));
    const made = obs.final ? madeByTest(obs.final, before, iso, who.uid, obs, byPid) : undefined;
    if (made) obs.leftovers = leftovers(made, obs, byPid);
    tearingDown = true;
    await init.killAll(100);
    for (const i of byId.values()) if (i.started && !i.exited) i.obs.killedBy ??= 'teardown';
    if (iso.mode === 'fallback' && made) removeFallbackLeftovers(made, mq);
    await init.quit();
  } catch (err) {
    harnessError ??= `teardown: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!opts.workDir) obs.workFiles = listWork(work);
  releaseTempFolder(root);
  for (const [name, id] of streamIds) obs.streams[name] = streams[id].result();
  if (harnessError) obs.harnessError = harnessError;
  obs.durationMs = msSince(process.hrtime.bigint());
  timeline.sort((a, b) => a.ms - b.ms);
  return obs;
}

function findOutput(text: string, from: number, c: { line?: string; contains?: string; matches?: string; text_matches?: string }): number {
  if (c.text_matches !== undefined) return compile(c.text_matches).find(text, from)?.end ?? -1;
  if (c.contains !== undefined) {
    const at = text.indexOf(c.contains, from);
    return at < 0 ? -1 : at + c.contains.length;
  }
  // whole lines only
  let pos = from;
  const re = c.matches !== undefined ? compile(c.matches) : undefined;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return -1;
    const line = text.slice(pos, nl);
    if (re ? re.test(line) : line === c.line) return nl + 1;
    pos = nl + 1;
  }
}

export function isBlockedIn(p: ProcessState, call: string): boolean {
  return (p.state === 'S' || p.state === 'D') && !p.running && !!p.syscall && callMatches(call, p.syscall.name);
}

export function parseKeyText(text: string): number {
  const t = text.trim();
  return (/^0x/i.test(t) ? parseInt(t.slice(2), 16) : parseInt(t, 10)) >>> 0;
}

export function describeCondition(c: Condition): string {
  if (c.all) return c.all.map(describeCondition).join(' and ');
  if (c.output) {
    const what = c.output.line !== undefined ? `the line ${JSON.stringify(c.output.line)}` : c.output.contains !== undefined ? JSON.stringify(c.output.contains) : c.output.text_matches !== undefined ? `text matching /${c.output.text_matches}/` : `a line matching /${c.output.matches}/`;
    return `\`${c.output.stream}\` to print ${what}`;
  }
  if (c.path) return `${c.path} to exist`;
  if (c.fifo) return `a FIFO at ${c.fifo}`;
  if (c.sysv) {
    const kind = SYSV_KIND_NAMES[c.sysv.type];
    if (c.sysv.absent) return `the ${kind} with key ${hexKey(parseKeyText(c.sysv.key))} to be removed`;
    const extra = c.sysv.messages !== undefined ? ` to hold ${c.sysv.messages} message(s)` : c.sysv.attached !== undefined ? ` to be attached by ${c.sysv.attached} process(es)` : ' to exist';
    return `the ${kind} with key ${hexKey(parseKeyText(c.sysv.key))}${extra}`;
  }
  if (c.posix) return `POSIX ${c.posix.type} ${c.posix.name} ${c.posix.absent ? 'to be removed' : 'to exist'}`;
  if (c.blocked) return `\`${c.blocked.process}\` to block in ${c.blocked.call}()`;
  if (c.exited) return `\`${c.exited}\` to exit`;
  if (c.stopped) return `\`${c.stopped}\` to be stopped`;
  return 'a condition';
}

/**
 * Which objects of an inventory this test made. Isolated: all of them (the namespace started
 * empty). Fallback: new since the inventory before, and owned by the test's uid; when the test
 * runs as the caller's own uid, also made with one of its keys or names, or by one of its
 * processes — never an object another program on the machine made meanwhile.
 */
function madeByTest(final: Inventory, before: Inventory | undefined, iso: Isolation, uid: number, obs: Observation, byPid: Map<number, Instance>): Inventory {
  if (iso.mode === 'isolated') return final;
  const keys = new Set(Object.entries(obs.vars).filter(([k]) => /^key\d?$/.test(k)).map(([, v]) => Number(v) >>> 0));
  const names = new Set(Object.entries(obs.vars).filter(([k]) => /^name\d?$/.test(k)).map(([, v]) => v));
  const pids = new Set([...byPid.keys(), ...obs.orphans.map((o) => o.pid)]);
  const sysv = final.sysv.filter((o) => {
    if (before?.sysv.some((b) => b.kind === o.kind && b.id === o.id)) return false;
    if (uid !== KEEP_UID) return o.uid === uid;
    return keys.has(o.key) || (o.kind === 'shm' && pids.has(o.creator)) || (o.kind === 'msg' && pids.has(o.lastSender));
  });
  const posix = final.posix.filter((p) => {
    if (before?.posix.some((b) => b.name === p.name)) return false;
    return uid !== KEEP_UID ? p.uid === uid : names.has(p.name);
  });
  return { ...final, sysv, posix };
}

/** Past this many, leftovers of a kind are counted, not listed. */
const MAX_LISTED = 5;

function leftovers(made: Inventory, obs: Observation, byPid: Map<number, Instance>): Leftover[] {
  const out: Leftover[] = [];
  const nameOfPid = (pid: number) => byPid.get(pid)?.obs.label;
  for (const o of made.sysv.slice(0, MAX_LISTED)) {
    const creator = o.kind === 'shm' ? nameOfPid(o.creator) : undefined;
    const remedy = o.kind === 'msg' ? 'msgctl(id, IPC_RMID, NULL)' : o.kind === 'sem' ? 'semctl(id, 0, IPC_RMID)' : 'shmctl(id, IPC_RMID, NULL) after every process detached';
    const lastUser = o.kind === 'msg' ? nameOfPid(o.lastSender) : undefined;
    out.push({ kind: 'sysv', description: `${describeSysv(o)}${lastUser ? ` (last written by \`${lastUser}\`)` : ''}`, creator, remedy });
  }
  if (made.sysv.length > MAX_LISTED) out.push({ kind: 'sysv', description: `and ${made.sysv.length - MAX_LISTED} more System V objects`, remedy: 'remove every object you create (IPC_RMID)' });
  for (const p of made.posix) {
    const name = shown(p.name).replaceAll('"', '\\"');
    const remedy = p.kind === 'mq' ? `mq_unlink("${name}")` : p.kind === 'sem' ? `sem_unlink("${name}")` : `shm_unlink("${name}")`;
    out.push({ kind: 'posix', description: describePosix(p), remedy });
  }
  // after a timeout the processes still there are the hang itself, reported as such
  const stray = obs.termination ? [] : made.processes.filter((p) => !(byPid.has(p.pid) && !byPid.get(p.pid)?.exited));
  for (const p of stray.slice(0, MAX_LISTED)) {
    out.push({
      kind: 'process',
      description: `\`${shown(p.comm)}\` (pid ${p.pid}) was still ${p.state === 'Z' ? 'unreaped (a zombie)' : 'running'} when the test's processes had finished`,
      remedy: 'wait for every child you fork (waitpid) before exiting',
    });
  }
  if (stray.length > MAX_LISTED) out.push({ kind: 'process', description: `and ${stray.length - MAX_LISTED} more processes`, remedy: 'wait for every child you fork (waitpid) before exiting' });
  for (const o of obs.orphans.slice(0, MAX_LISTED)) {
    out.push({
      kind: 'process',
      description: `\`${shown(o.comm)}\` (pid ${o.pid}) was orphaned: its parent exited before waiting for it`,
      remedy: 'the parent must waitpid() for its child before it exits',
    });
  }
  if (obs.orphans.length > MAX_LISTED) out.push({ kind: 'process', description: `and ${obs.orphans.length - MAX_LISTED} more orphans`, remedy: 'the parent must waitpid() for its child before it exits' });
  return out;
}

function removeFallbackLeftovers(made: Inventory, mqueueMount: string): void {
  const args = made.sysv.flatMap((o) => [o.kind === 'msg' ? '-q' : o.kind === 'sem' ? '-s' : '-m', String(o.id)]);
  for (let i = 0; i < args.length; i += 2000) {
    try {
      execFileSync('ipcrm', args.slice(i, i + 2000), { stdio: 'ignore' });
    } catch {
      /* some were already gone; ipcrm removes the others anyway */
    }
  }
  for (const p of made.posix) {
    // removing a file of an mqueue mount is mq_unlink (the init mounted one, as root)
    // by bytes: a name need not be UTF-8 (see harness/init/codec.ts)
    const file = textBytes(p.kind === 'sem' ? `sem.${p.name.slice(1)}` : p.name.slice(1));
    const dir = p.kind === 'mq' ? mqueueMount : '/dev/shm';
    rmSync(Buffer.concat([Buffer.from(`${dir}/`), file]), { force: true });
  }
}

function listWork(work: string): Observation['workFiles'] {
  try {
    return readdirSync(work).map((name) => {
      const st = lstatSync(join(work, name));
      return { name, type: st.isFIFO() ? 'fifo' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other', size: st.size };
    });
  } catch {
    return [];
  }
}

const ERRNO_NAMES = Object.fromEntries(Object.entries(osConstants.errno).map(([k, v]) => [v, k]));
function errnoName(e: number): string {
  return ERRNO_NAMES[e] ?? `errno ${e}`;
}

function allCpus(): bigint {
  return (1n << BigInt(Math.min(64, cpus().length))) - 1n;
}

/** The last n CPUs: confined tests leave the first ones to everything else. */
function pressureMask(n: number | undefined): bigint {
  if (!n) return 0n;
  const total = Math.min(64, cpus().length);
  let mask = 0n;
  for (let c = Math.max(0, total - n); c < total; c++) mask |= 1n << BigInt(c);
  return mask;
}

/** The run's folder; an mqueue mount left by an init that died is detached first. */
function removeRunFolder(root: string, mq: string): void {
  try {
    rmSync(root, { recursive: true, force: true });
  } catch {
    try {
      execFileSync('umount', ['-l', mq], { stdio: 'ignore' });
    } catch {
      /* not mounted after all */
    }
    rmSync(root, { recursive: true, force: true });
  }
}

/** Processes owned by this process's user, for an RLIMIT_NPROC that leaves the user's own alone. */
function ownProcessCount(): number {
  const uid = process.getuid?.() ?? 0;
  let n = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (lstatSync(`/proc/${d}`).uid === uid) n++;
    } catch {
      /* gone */
    }
  }
  return n;
}
