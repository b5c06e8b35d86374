import type { EventData, guests } from '@guest-graph/events';
import { badInput, invalidState, isUuid, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { caseFromSurvey, isLowScore, type SurveyAnswers, validateAnswers } from '../domain/survey.js';
import type { StaySurvey } from '../persistence/index.js';
import { issueSurveys, linkSurveyToCase, lockSurvey, saveSurvey } from '../persistence/survey.repository.js';
import type { Actor } from './actor.js';
import type { CaseHandling } from './case-handling.js';
import { caseEntries, note } from './timeline.js';

type CheckedOut = EventData<typeof guests.stayCheckedOut>;

/** Post-stay surveys: one issued per stay at check-out, answered later; a low answer becomes a case. */
export class Surveys {
  constructor(
    private readonly rt: Runtime,
    private readonly cases: CaseHandling,
  ) {}

  /**
   * Issues each stay's survey, in one statement; the unique stay_id makes a second check-out change nothing.
   * A guest who withdrew consent to surveys gets none (PIPL Art. 15; guests says so on the check-out).
   */
  async issue(tx: EntityManager, stays: CheckedOut[]): Promise<void> {
    const asked = stays.filter((s) => s.surveys !== false);
    if (asked.length) await issueSurveys(tx, asked, this.rt.clock.now());
  }

  async submit(id: string, raw: SurveyAnswers, actor: Actor): Promise<StaySurvey> {
    if (!isUuid(id)) throw badInput('id', 'id: not a survey id');
    const answers = validateAnswers(raw);
    return this.rt.bus.transact(async (tx) => {
      const survey = await lockSurvey(tx, id);
      if (!survey) throw notFound('Survey', id);
      if (survey.submittedAt) throw invalidState('This survey has already been answered');
      Object.assign(survey, {
        overall: answers.overall,
        room: answers.room,
        service: answers.service,
        foodAndBeverage: answers.foodAndBeverage,
        recommend: answers.recommend,
        comment: answers.comment,
        submittedAt: this.rt.clock.now(),
        submittedBy: actor.staffId,
      });
      await saveSurvey(tx, survey);
      await note(this.rt, tx, [caseEntries.survey(survey, survey.submittedAt!)]);
      if (isLowScore(answers)) {
        const draft = caseFromSurvey(answers);
        const c = await this.cases.openIn(
          tx,
          { ...draft, guestId: survey.guestId, stayId: survey.stayId, channel: 'SURVEY', surveyId: survey.id },
          actor,
        );
        survey.caseId = c.id;
        await linkSurveyToCase(tx, id, c.id);
      }
      return survey;
    });
  }
}
