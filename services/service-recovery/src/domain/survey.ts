import { badInput } from '@guest-graph/subgraph-kit';
import type { CaseCategory } from './routing.js';
import type { Severity } from './sla.js';

/**
 * The post-stay survey (满意度调查; seed 002 after Fairfield Inn: four or five questions at check-out).
 * Four questions on 1 to 5 and the likelihood to recommend on 0 to 10. F&B may be left blank by a guest
 * who never ate in.
 */
export interface SurveyAnswers {
  overall: number;
  room: number;
  service: number;
  foodAndBeverage: number | null;
  recommend: number;
  comment: string | null;
}

const SCORED = ['overall', 'room', 'service', 'foodAndBeverage'] as const;

export function validateAnswers(input: SurveyAnswers, at = 'input'): SurveyAnswers {
  for (const q of SCORED) {
    const v = input[q];
    if (q === 'foodAndBeverage' && (v === null || v === undefined)) continue;
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 5)
      throw badInput(`${at}.${q}`, `${q} is answered from 1 to 5`);
  }
  if (!Number.isInteger(input.recommend) || input.recommend < 0 || input.recommend > 10)
    throw badInput(`${at}.recommend`, 'recommend is answered from 0 to 10');
  const comment = input.comment?.trim() || null;
  if (comment && comment.length > 4000) throw badInput(`${at}.comment`, 'The comment is too long');
  return { ...input, foodAndBeverage: input.foodAndBeverage ?? null, comment };
}

/** Any 1 or 2, or a recommend of 6 or below (an NPS detractor), is a complaint the hotel must follow up. */
export const isLowScore = (a: SurveyAnswers) =>
  SCORED.some((q) => a[q] !== null && (a[q] as number) <= 2) || a.recommend <= 6;

const CATEGORY_OF: Record<(typeof SCORED)[number], CaseCategory> = {
  overall: 'OTHER',
  room: 'ROOM_CLEANLINESS',
  service: 'SERVICE_ATTITUDE',
  foodAndBeverage: 'FOOD_AND_BEVERAGE',
};

/** The case a low survey opens: about the worst-scored question; a 1 anywhere is HIGH, else MEDIUM. */
export function caseFromSurvey(a: SurveyAnswers): { category: CaseCategory; severity: Severity; description: string } {
  let worst: (typeof SCORED)[number] = 'overall';
  for (const q of SCORED) {
    const v = a[q];
    if (v !== null && v < (a[worst] as number)) worst = q;
  }
  const scores = SCORED.filter((q) => a[q] !== null).map((q) => `${q} ${a[q]}/5`);
  const anyOne = SCORED.some((q) => a[q] === 1);
  const lowScore = SCORED.some((q) => a[q] !== null && (a[q] as number) <= 2);
  return {
    category: lowScore ? CATEGORY_OF[worst] : 'OTHER',
    severity: anyOne ? 'HIGH' : lowScore ? 'MEDIUM' : 'LOW',
    description: `Post-stay survey: ${scores.join(', ')}, recommend ${a.recommend}/10.${a.comment ? ` "${a.comment}"` : ''}`,
  };
}

/** CSAT: the share of answers at 4 or 5, in percent with one decimal. */
export function csat(scores: number[]): number | null {
  if (!scores.length) return null;
  return Math.round((scores.filter((s) => s >= 4).length / scores.length) * 1000) / 10;
}

/** NPS: promoters (9, 10) minus detractors (0 to 6), in percent points. */
export function nps(recommend: number[]): number | null {
  if (!recommend.length) return null;
  const promoters = recommend.filter((r) => r >= 9).length;
  const detractors = recommend.filter((r) => r <= 6).length;
  return Math.round(((promoters - detractors) / recommend.length) * 1000) / 10;
}

/**
 * Seed 003 classes guests as satisfied, average or dissatisfied from what they answered: the mean overall
 * score of their submitted surveys, 4 and above satisfied, below 3 dissatisfied, average between; none
 * answered, no class. A guest's latest complaint does not enter here: that is the case history's to show.
 */
export type SatisfactionClass = 'SATISFIED' | 'AVERAGE' | 'DISSATISFIED';
export function satisfactionClass(overallScores: readonly number[]): SatisfactionClass | null {
  if (!overallScores.length) return null;
  const mean = overallScores.reduce((t, s) => t + s, 0) / overallScores.length;
  if (mean >= 4) return 'SATISFIED';
  if (mean < 3) return 'DISSATISFIED';
  return 'AVERAGE';
}
