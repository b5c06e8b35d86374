import type { Runtime } from '@guest-graph/subgraph-kit';
import { policyFrom } from '../domain/recovery-policy.js';
import { CaseHandling } from './case-handling.js';
import { Surveys } from './surveys.js';

export interface Recovery {
  cases: CaseHandling;
  surveys: Surveys;
}

const built = new WeakMap<Runtime, Recovery>();

/** The service's use cases, built once per running service from its runtime and configuration. */
export function recoveryFor(rt: Runtime): Recovery {
  let r = built.get(rt);
  if (!r) {
    const cases = new CaseHandling(rt, policyFrom(rt.env));
    r = { cases, surveys: new Surveys(rt, cases) };
    built.set(rt, r);
  }
  return r;
}
