import { guarded, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import type { Surveys } from '../application/surveys.js';
import type { SurveyAnswers } from '../domain/survey.js';
import type { StaySurvey } from '../persistence/index.js';
import { loaders } from './loaders.js';
import { actorOf, STAFF } from './roles.js';

type Ctx = RequestContext;

export function surveyResolvers(rt: Runtime, surveys: Surveys) {
  return {
    Query: {
      survey: (_: unknown, { id }: { id: string }, ctx: Ctx) => loaders(rt, ctx).surveyById.load(id),
      surveyForStay: (_: unknown, { stayId }: { stayId: string }, ctx: Ctx) =>
        loaders(rt, ctx).surveyByStay.load(stayId),
    },
    Mutation: {
      submitSurvey: guarded(STAFF, (_: unknown, a: { id: string; input: SurveyAnswers }, ctx: Ctx) =>
        surveys.submit(a.id, a.input, actorOf(ctx)),
      ),
    },
    Survey: {
      __resolveReference: (ref: { id: string }, ctx: Ctx) => loaders(rt, ctx).surveyById.load(ref.id),
      guest: (s: StaySurvey) => ({ __typename: 'Guest', id: s.guestId }),
      comment: guarded(STAFF, (s: StaySurvey) => s.comment),
      case: (s: StaySurvey, _: unknown, ctx: Ctx) => (s.caseId ? loaders(rt, ctx).caseById.load(s.caseId) : null),
    },
  };
}
