import type { Observation, ProcessObservation } from '../../harness/run/observation.js';
import type { TestSpec } from '../../harness/spec/types.js';
import type { Vars } from '../../harness/spec/template.js';
import type { Inventory, ProcessState } from '../../harness/observe/snapshot.js';
import { refOf, resolveRef, type TestProcess } from '../../harness/observe/refs.js';

export interface CheckContext {
  obs: Observation;
  test: TestSpec;
  /** The run's variables plus pid:<label> for every process. */
  vars: Vars;
  instances(name: string): ProcessObservation[];
  /** The test's own processes, as references resolve them. */
  tests: TestProcess[];
  /** The processes a reference names in a snapshot (harness/observe/refs.ts). */
  resolve(ref: string, inv: Inventory): ProcessState[];
}

export function makeContext(obs: Observation, test: TestSpec): CheckContext {
  const vars: Vars = { ...obs.vars };
  for (const p of obs.processes) {
    if (p.pid === undefined) continue;
    vars[`pid:${p.label}`] = String(p.pid);
    if (p.instance === 0) vars[`pid:${p.name}`] = String(p.pid);
  }
  const tests = obs.processes; // each has the name, label and pid a reference resolves by
  return {
    obs,
    test,
    vars,
    tests,
    instances: (name) => obs.processes.filter((p) => p.name === name),
    resolve: (ref, inv) => resolveRef(refOf(ref), tests, inv),
  };
}
