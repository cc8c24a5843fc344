import type { Observation, ProcessObservation } from '../../harness/run/observation.js';
import type { TestSpec } from '../../harness/spec/types.js';
import type { Vars } from '../../harness/spec/template.js';

export interface CheckContext {
  obs: Observation;
  test: TestSpec;
  /** The run's variables plus pid:<label> for every process. */
  vars: Vars;
  instances(name: string): ProcessObservation[];
}

export function makeContext(obs: Observation, test: TestSpec): CheckContext {
  const vars: Vars = { ...obs.vars };
  for (const p of obs.processes) {
    if (p.pid === undefined) continue;
    vars[`pid:${p.label}`] = String(p.pid);
    if (p.instance === 0) vars[`pid:${p.name}`] = String(p.pid);
  }
  return { obs, test, vars, instances: (name) => obs.processes.filter((p) => p.name === name) };
}
