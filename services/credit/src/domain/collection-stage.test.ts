import { describe, expect, it } from 'vitest';
import {
  collectionPolicyFrom,
  DEFAULT_COLLECTION_POLICY,
  promiseOutcome,
  promisePauses,
  stageDue,
} from './collection-stage.js';

describe('collection stages', () => {
  const p = DEFAULT_COLLECTION_POLICY;
  it.each([
    ['2026-03-05', 'NONE'],
    ['2026-03-04', 'PRE_DUE_REMINDER'],
    ['2026-03-01', 'PRE_DUE_REMINDER'],
    ['2026-02-28', 'FIRST_REMINDER'],
    ['2026-02-14', 'SECOND_REMINDER'],
    ['2026-01-30', 'FINAL_NOTICE'],
    ['2026-01-15', 'HOLD'],
  ])('an invoice due %s has reached %s on 2026-03-01', (due, stage) => {
    expect(stageDue(due, '2026-03-01', p)).toBe(stage);
  });
  it('reads the days from the environment, keeping defaults for stages left out', () => {
    expect(collectionPolicyFrom('FIRST_REMINDER=3, HOLD=60')).toEqual({ ...p, FIRST_REMINDER: 3, HOLD: 60 });
    expect(collectionPolicyFrom(undefined)).toEqual(p);
    expect(() => collectionPolicyFrom('FINAL_NOTICE=70')).toThrow(/CREDIT_COLLECTION_DAYS/);
    expect(() => collectionPolicyFrom('HOLD=soon')).toThrow(/CREDIT_COLLECTION_DAYS/);
  });
});

describe('promises to pay', () => {
  it('is kept once enough has been paid, broken once its date passes without it', () => {
    expect(promiseOutcome({ amountCents: 500n, paidSinceCents: 500n, promisedFor: '2026-03-10' }, '2026-03-02')).toBe(
      'KEPT',
    );
    expect(promiseOutcome({ amountCents: 500n, paidSinceCents: 499n, promisedFor: '2026-03-10' }, '2026-03-10')).toBe(
      'OPEN',
    );
    expect(promiseOutcome({ amountCents: 500n, paidSinceCents: 499n, promisedFor: '2026-03-10' }, '2026-03-11')).toBe(
      'BROKEN',
    );
  });
  it('pauses the stages while open, and once kept until its date; a broken one does not', () => {
    expect(promisePauses({ status: 'OPEN', promisedFor: '2026-03-10' }, '2026-03-12')).toBe(true);
    expect(promisePauses({ status: 'KEPT', promisedFor: '2026-03-10' }, '2026-03-10')).toBe(true);
    expect(promisePauses({ status: 'KEPT', promisedFor: '2026-03-10' }, '2026-03-11')).toBe(false);
    expect(promisePauses({ status: 'BROKEN', promisedFor: '2026-03-10' }, '2026-03-05')).toBe(false);
  });
});
