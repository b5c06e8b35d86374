import { guarded } from '@guest-graph/subgraph-kit';
import { caseAnalysis, complaintRates, surveyScores } from '../application/analysis-report.js';
import type { App } from '../application/index.js';
import { casesChangedPage } from '../application/reporting.js';
import { ANALYSIS } from '../domain/access.js';

type Period = { from: string; to: string; propertyCode?: string | null };

export function analysisResolvers({ rt }: App) {
  return {
    Query: {
      caseAnalysis: guarded(ANALYSIS, (_: unknown, a: Period) => caseAnalysis(rt, a.from, a.to)),
      complaintRates: guarded(ANALYSIS, (_: unknown, a: Period) => complaintRates(rt, a.from, a.to)),
      surveyScores: guarded(ANALYSIS, (_: unknown, a: Period) => surveyScores(rt, a.from, a.to, a.propertyCode)),
      casesChanged: guarded(
        ANALYSIS,
        (_: unknown, a: { changedSince?: string | null; first?: number | null; after?: string | null }) =>
          casesChangedPage(rt, a.changedSince ?? null, a.first, a.after),
      ),
    },
  };
}
