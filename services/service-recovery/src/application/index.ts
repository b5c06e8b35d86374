import { settingsOf } from '@guest-graph/config';
import type { Runtime } from '@guest-graph/subgraph-kit';
import { policyFrom } from '../domain/recovery-policy.js';
import { CaseHandling } from './case-handling.js';
import { feedbackLog } from './feedback.js';
import { Surveys } from './surveys.js';

/** The composition root: the service's use cases, built once per running service from its runtime and settings. */
export interface App {
  /** The running service, for the reads and the stateless use cases. */
  rt: Runtime;
  cases: CaseHandling;
  surveys: Surveys;
  /** Opinion forms and in-stay feedback (issue 23). */
  feedback: ReturnType<typeof feedbackLog>;
  /** How often the SLA clocks are checked (`SERVICE_RECOVERY_SLA_CHECK_MS`). */
  slaCheckMs: number;
}

const built = new WeakMap<Runtime, App>();

export function appFor(rt: Runtime): App {
  let app = built.get(rt);
  if (!app) {
    const cases = new CaseHandling(rt, policyFrom(rt.env));
    app = {
      rt,
      cases,
      surveys: new Surveys(rt, cases),
      feedback: feedbackLog(rt, cases),
      slaCheckMs: settingsOf('service-recovery', rt.env).SERVICE_RECOVERY_SLA_CHECK_MS,
    };
    built.set(rt, app);
  }
  return app;
}
