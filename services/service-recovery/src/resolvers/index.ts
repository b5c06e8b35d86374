import { mergeResolvers } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { analysisResolvers } from './analysis.resolver.js';
import { caseResolvers } from './case.resolver.js';
import { feedbackResolvers } from './feedback.resolver.js';
import { guestResolvers } from './guest.resolver.js';
import { surveyResolvers } from './survey.resolver.js';

export const resolvers = (app: App) =>
  mergeResolvers(
    caseResolvers(app),
    guestResolvers(app),
    surveyResolvers(app),
    analysisResolvers(app),
    feedbackResolvers(app),
  );
