import { mergeResolvers, type Runtime } from '@guest-graph/subgraph-kit';
import { recoveryFor } from '../application/index.js';
import { analysisResolvers } from './analysis.resolver.js';
import { caseResolvers } from './case.resolver.js';
import { guestResolvers } from './guest.resolver.js';
import { surveyResolvers } from './survey.resolver.js';

export const resolvers = (rt: Runtime) => {
  const { cases, surveys } = recoveryFor(rt);
  return mergeResolvers(
    caseResolvers(rt, cases),
    guestResolvers(rt),
    surveyResolvers(rt, surveys),
    analysisResolvers(rt),
  );
};
