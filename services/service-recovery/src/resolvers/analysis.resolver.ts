import { guarded, type Runtime } from '@guest-graph/subgraph-kit';
import { caseAnalysis, surveyScores } from '../application/analysis-report.js';
import { ANALYSIS } from './roles.js';

type Period = { from: string; to: string; propertyCode?: string | null };

export function analysisResolvers(rt: Runtime) {
  return {
    Query: {
      caseAnalysis: guarded(ANALYSIS, (_: unknown, a: Period) => caseAnalysis(rt, a.from, a.to)),
      surveyScores: guarded(ANALYSIS, (_: unknown, a: Period) => surveyScores(rt, a.from, a.to, a.propertyCode)),
    },
  };
}
