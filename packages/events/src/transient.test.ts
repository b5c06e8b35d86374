import { describe, expect, it } from 'vitest';
import { NoAnswerError } from './questions.js';
import { backoffDelay, isConnectionLoss, isTransient, settledWithin } from './transient.js';

const pgError = (code: string, message = 'pg says no') => Object.assign(new Error(message), { code });
// TypeORM wraps the driver's error and copies nothing but the message reliably.
const wrapped = (driverError: Error) =>
  Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

describe('transient failures', () => {
  it.each([
    ['connection failure', pgError('08006')],
    ['serialization failure', pgError('40001')],
    ['deadlock', wrapped(pgError('40P01'))],
    ['lock timeout', pgError('55P03')],
    ['statement timeout', pgError('57014')],
    ['admin shutdown', wrapped(pgError('57P01', 'terminating connection due to administrator command'))],
    ['starting up', pgError('57P03', 'the database system is starting up')],
    ['too many connections', pgError('53300')],
    ['refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      "refused on every address (Node's happy eyeballs)",
      new AggregateError([Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })], ''),
    ],
    ['reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['connection terminated', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['NATS timeout', Object.assign(new Error('timeout'), { name: 'TimeoutError' })],
    ['no JetStream responders', Object.assign(new Error('503'), { code: '503' })],
    ['a question nobody answered', new NoAnswerError('credit.authorise')],
  ])('%s is transient', (_, e) => {
    expect(isTransient(e)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a check violation', wrapped(pgError('23514'))],
    ['a syntax error, even one mentioning a timeout', pgError('42601', 'syntax error near "timeout"')],
    ['a refusal in the domain', Object.assign(new Error('member timed out'), { name: 'DomainError' })],
    ['a schema mismatch', Object.assign(new Error('Expected number'), { name: 'ZodError' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
  ])('%s is not', (_, e) => {
    expect(isTransient(e)).toBe(false);
  });

  it('tells a lost connection from a lost race', () => {
    expect(isConnectionLoss(pgError('08006'))).toBe(true);
    expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionLoss(pgError('57P01'))).toBe(true);
    expect(isConnectionLoss(pgError('40001'))).toBe(false);
    expect(isConnectionLoss(pgError('40P01'))).toBe(false);
    expect(isConnectionLoss(new NoAnswerError('credit.authorise'))).toBe(false);
  });

  it('backs off doubling up to its cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => backoffDelay(n, 250, 30_000))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('settledWithin (the bound of each shutdown step)', () => {
  it('says whether the work settled in time, a failure counting as settled', async () => {
    expect(await settledWithin(Promise.resolve(1), 1000)).toBe(true);
    expect(await settledWithin(Promise.reject(new Error('gone')), 1000)).toBe(true);
    expect(await settledWithin(new Promise(() => {}), 50)).toBe(false);
  });
});
