import { describe, expect, it } from 'vitest';
import {
  caseFromSurvey,
  csat,
  isLowScore,
  nps,
  type SurveyAnswers,
  satisfactionClass,
  validateAnswers,
} from './survey.js';

const good: SurveyAnswers = { overall: 5, room: 4, service: 5, foodAndBeverage: 4, recommend: 9, comment: null };

describe('post-stay survey', () => {
  it('accepts answers in range and a blank F&B', () => {
    expect(validateAnswers({ ...good, foodAndBeverage: null }).foodAndBeverage).toBeNull();
  });
  it('refuses answers out of range, naming the question', () => {
    expect(() => validateAnswers({ ...good, room: 6 })).toThrow(
      expect.objectContaining({ extensions: { field: 'input.room' } }),
    );
    expect(() => validateAnswers({ ...good, overall: 0 })).toThrow(
      expect.objectContaining({ extensions: { field: 'input.overall' } }),
    );
    expect(() => validateAnswers({ ...good, recommend: 11 })).toThrow(
      expect.objectContaining({ extensions: { field: 'input.recommend' } }),
    );
    expect(() => validateAnswers({ ...good, service: 2.5 })).toThrow(
      expect.objectContaining({ extensions: { field: 'input.service' } }),
    );
  });
  it('calls any 1 or 2, or recommend 6 or below, low', () => {
    expect(isLowScore(good)).toBe(false);
    expect(isLowScore({ ...good, room: 2 })).toBe(true);
    expect(isLowScore({ ...good, recommend: 6 })).toBe(true);
    expect(isLowScore({ ...good, recommend: 7 })).toBe(false);
  });
  it('opens the case about the worst question', () => {
    expect(caseFromSurvey({ ...good, foodAndBeverage: 1 })).toMatchObject({
      category: 'FOOD_AND_BEVERAGE',
      severity: 'HIGH',
    });
    expect(caseFromSurvey({ ...good, room: 2 })).toMatchObject({ category: 'ROOM_CLEANLINESS', severity: 'MEDIUM' });
    expect(caseFromSurvey({ ...good, recommend: 3 })).toMatchObject({ category: 'OTHER', severity: 'LOW' });
  });
  it('computes CSAT and NPS', () => {
    expect(csat([5, 4, 3, 2])).toBe(50);
    expect(csat([])).toBeNull();
    expect(nps([10, 9, 8, 6, 0])).toBe(0);
    expect(nps([10, 10, 7])).toBe(66.7);
  });
});

describe('satisfaction class (seed 003)', () => {
  it('classes by the mean overall score of the answered surveys', () => {
    expect(satisfactionClass([])).toBeNull();
    expect(satisfactionClass([5, 4, 3])).toBe('SATISFIED');
    expect(satisfactionClass([4, 2])).toBe('AVERAGE');
    expect(satisfactionClass([3])).toBe('AVERAGE');
    expect(satisfactionClass([2, 3])).toBe('DISSATISFIED');
    expect(satisfactionClass([1])).toBe('DISSATISFIED');
  });
});
