import { DomainError } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS, CASE_STATUSES, type CaseAction, type CaseStatus, transition } from './case-workflow.js';

const allowed: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  OPEN: {
    ACKNOWLEDGE: 'IN_PROGRESS',
    ASSIGN: 'IN_PROGRESS',
    INVESTIGATE: 'OPEN',
    COMMENT: 'OPEN',
    COMPENSATE: 'OPEN',
    RESOLVE: 'RESOLVED',
  },
  IN_PROGRESS: {
    ASSIGN: 'IN_PROGRESS',
    INVESTIGATE: 'IN_PROGRESS',
    COMMENT: 'IN_PROGRESS',
    COMPENSATE: 'IN_PROGRESS',
    RESOLVE: 'RESOLVED',
    REPLY: 'IN_PROGRESS',
  },
  RESOLVED: { COMMENT: 'RESOLVED', REPLY: 'RESOLVED', FOLLOW_UP: 'RESOLVED', REOPEN: 'IN_PROGRESS', CLOSE: 'CLOSED' },
  CLOSED: {},
};

describe('case workflow', () => {
  for (const status of CASE_STATUSES) {
    for (const action of CASE_ACTIONS) {
      const to = allowed[status][action];
      if (to) {
        it(`${status} takes ${action} to ${to}`, () => expect(transition(status, action)).toBe(to));
      } else {
        it(`${status} refuses ${action} with INVALID_STATE`, () => {
          const err = (() => {
            try {
              transition(status, action);
            } catch (e) {
              return e;
            }
          })() as DomainError;
          expect(err).toBeInstanceOf(DomainError);
          expect(err.code).toBe('INVALID_STATE');
        });
      }
    }
  }
});
