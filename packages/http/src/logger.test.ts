import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk));
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('test', 'debug', stream), lines, raw };
}

/** What TypeORM throws when Postgres refuses a statement: the SQL, its parameters, and pg's error copied on. */
class QueryFailedError extends Error {
  query = 'INSERT INTO guests.guest (full_name, phone, email) VALUES ($1, $2, $3)';
  parameters = ['李娜', '13800138000', 'li.na@example.com'];
  code = '23505';
  constraint = 'guest_email_key';
  detail = 'Key (email)=(li.na@example.com) already exists.';
  driverError = { detail: this.detail, where: 'SQL statement', parameters: this.parameters };
  constructor() {
    super('duplicate key value violates unique constraint "guest_email_key"');
  }
}

describe('log lines hold no personal data', () => {
  it('censors personal keys at any depth and in arrays, and leaves the rest', () => {
    const { logger, lines, raw } = capture();
    logger.info(
      {
        guestId: 'g-1',
        input: {
          fullName: '李娜',
          phones: [{ number: '13800138000', primary: true }],
          contact: { deep: { deeper: { email: 'li.na@example.com', birth_date: '1990-02-28' } } },
          idDocument: { type: 'RESIDENT_ID', number: '11010519900228002X' },
          address: '上海市黄浦区南京东路1号',
          segment: 'BUSINESS',
        },
        results: [{ id: 'g-2', latinName: 'Li Na', Phone: '+86 138 0013 8000' }],
      },
      'guest registered',
    );
    for (const value of [
      '李娜',
      '13800138000',
      'li.na@example.com',
      '1990-02-28',
      '11010519900228002X',
      '上海',
      'Li Na',
    ])
      expect(raw.join('')).not.toContain(value);
    expect(lines[0]).toMatchObject({
      guestId: 'g-1',
      msg: 'guest registered',
      name: 'test', // the logger's own name is not a person's
      input: { fullName: '[redacted]', phones: '[redacted]', idDocument: '[redacted]', segment: 'BUSINESS' },
      results: [{ id: 'g-2', latinName: '[redacted]', Phone: '[redacted]' }],
    });
    expect(lines[0]).toHaveProperty('input.contact.deep.deeper.birth_date', '[redacted]');
  });

  it('logs a failed query with its type, message, code and stack, without parameters, SQL or driver details', () => {
    const { logger, lines, raw } = capture();
    logger.error({ err: new QueryFailedError(), path: ['registerGuest'] }, 'unexpected error');
    logger.error(new QueryFailedError());
    logger.warn({ nested: { error: new QueryFailedError() } }, 'somewhere deeper');
    expect(raw).toHaveLength(3);
    for (const line of raw) {
      for (const value of ['李娜', '13800138000', 'li.na@example.com', '$1', 'INSERT INTO'])
        expect(line).not.toContain(value);
      expect(line).not.toMatch(/"(parameters|query|driverError|detail|where)"/);
    }
    expect(lines[0]!.err).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "guest_email_key"',
      code: '23505',
      constraint: 'guest_email_key',
    });
    expect((lines[0]!.err as { stack: string }).stack).toContain('logger.test.ts');
  });

  it("censors the value Postgres quotes at the end of a message, and an error's cause", () => {
    const { logger, raw } = capture();
    const cause = Object.assign(new Error('invalid input syntax for type date: "1990-02-30"'), {
      parameters: ['13800138000'],
    });
    logger.error({ err: new Error('registration failed', { cause }) }, 'unexpected error');
    expect(raw[0]).toContain('invalid input syntax for type date: \\"[redacted]\\"');
    expect(raw[0]).not.toContain('1990-02-30');
    expect(raw[0]).not.toContain('13800138000');
    logger.warn({ err: 'invalid input syntax for type date: "1990-02-30"' }, 'event handling failed');
    expect(raw[1]).not.toContain('1990-02-30');
  });
});
