import { guarded, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { STAFF } from '../domain/access.js';
import type { SurveyAnswers } from '../domain/survey.js';
import type { StaySurvey } from '../persistence/index.js';
import { actorOf } from './actor.js';
import { loaders } from './loaders.js';

type Ctx = RequestContext;

export function surveyResolvers(app: App) {
  const surveys = app.surveys;
  return {
    Query: {
      survey: (_: unknown, { id }: { id: string }, ctx: Ctx) => loaders(app, ctx).surveyById.load(id),
      surveyForStay: (_: unknown, { stayId }: { stayId: string }, ctx: Ctx) =>
        loaders(app, ctx).surveyByStay.load(stayId),
    },
    Mutation: {
      submitSurvey: guarded(STAFF, (_: unknown, a: { id: string; input: SurveyAnswers }, ctx: Ctx) =>
        surveys.submit(a.id, a.input, actorOf(ctx)),
      ),
    },
    Survey: {
      __resolveReference: (ref: { id: string }, ctx: Ctx) => loaders(app, ctx).surveyById.load(ref.id),
      guest: (s: StaySurvey) => ({ __typename: 'Guest', id: s.guestId }),
      comment: guarded(STAFF, (s: StaySurvey) => s.comment),
      case: (s: StaySurvey, _: unknown, ctx: Ctx) => (s.caseId ? loaders(app, ctx).caseById.load(s.caseId) : null),
    },
  };
}
