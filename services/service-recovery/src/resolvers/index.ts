import type { Runtime } from '@guest-graph/subgraph-kit';
import { recoveryFor } from '../application/index.js';
import { analysisResolvers } from './analysis.resolver.js';
import { caseResolvers } from './case.resolver.js';
import { guestResolvers } from './guest.resolver.js';
import { surveyResolvers } from './survey.resolver.js';

export const resolvers = (rt: Runtime) => {
  const { cases, surveys } = recoveryFor(rt);
  const parts = [caseResolvers(rt, cases), guestResolvers(rt), surveyResolvers(rt, surveys), analysisResolvers(rt)];
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts)
    for (const [type, fields] of Object.entries(part)) merged[type] = { ...merged[type], ...fields };
  return merged;
};
