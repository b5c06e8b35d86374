import { randomBytes, randomUUID } from 'node:crypto';
import { accounts, EventBus } from '@guest-graph/events';
import { parse } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askOrUnavailable, DEFAULT_ASK_TIMEOUT_MS } from './ask.js';
import { DomainError } from './errors.js';
import { isUuid } from './ids.js';
import { mergeResolvers } from './resolver-map.js';
import { startService } from './service.js';

describe('isUuid', () => {
  it('accepts a UUID in either case and nothing else', () => {
    const id = randomUUID();
    expect([id, id.toUpperCase()].every(isUuid)).toBe(true);
    for (const no of ['not-an-id', '-'.repeat(36), `${id}x`, id.replace(/-/g, ''), 42, null, undefined])
      expect(isUuid(no)).toBe(false);
  });
});

describe('mergeResolvers', () => {
  it('merges type by type and refuses a field defined twice', () => {
    const a = { Query: { a: () => 1 }, Guest: { x: () => 1 } };
    const b = { Query: { b: () => 2 } };
    expect(Object.keys(mergeResolvers(a, b).Query!)).toEqual(['a', 'b']);
    expect(() => mergeResolvers(a, { Guest: { x: () => 2 } })).toThrow('Resolver Guest.x is defined twice');
  });
});

describe('askOrUnavailable', () => {
  const namespace = `t${randomBytes(5).toString('hex')}`;
  let asker: EventBus;
  let responder: EventBus;
  const connect = (service: string) =>
    EventBus.connect({
      service,
      natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      namespace,
      logger: pino({ level: 'silent' }),
    });
  beforeAll(async () => {
    [asker, responder] = await Promise.all([connect('credit'), connect('accounts')]);
  });
  afterAll(async () => {
    await Promise.all([asker?.close(), responder?.close()]);
  });
  const unavailable = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => expect.unreachable(),
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  };

  it('waits three seconds by default', () => {
    expect(DEFAULT_ASK_TIMEOUT_MS).toBe(3000);
  });

  it('turns silence into SERVICE_UNAVAILABLE naming the service asked', async () => {
    const e = await unavailable(
      askOrUnavailable(
        asker,
        accounts.lookupAccounts,
        { ids: [randomUUID()] },
        { about: 'the account', timeoutMs: 200 },
      ),
    );
    expect(e.code).toBe('SERVICE_UNAVAILABLE');
    expect(e.message).toBe('The accounts service did not confirm the account in time; try again in a moment');
    expect(e.extensions).toEqual({ service: 'accounts', reason: 'NO_ANSWER' });
  });

  it('passes an answer through, and a refusal unless the site counts it as unavailable', async () => {
    const [known, refused] = [randomUUID(), randomUUID()];
    responder.respond(accounts.lookupAccounts, async ({ ids }) => {
      if (ids.includes(refused)) throw Object.assign(new Error('not today'), { code: 'EMPTY' });
      return { accounts: [{ id: known, name: 'Huawei', grade: 'A', status: 'ACTIVE' }] };
    });
    const reply = await askOrUnavailable(asker, accounts.lookupAccounts, { ids: [known] }, { about: 'the account' });
    expect(reply.accounts.map((a) => a.id)).toEqual([known]);

    await expect(
      askOrUnavailable(asker, accounts.lookupAccounts, { ids: [refused] }, { about: 'the account' }),
    ).rejects.toMatchObject({ name: 'RemoteError', code: 'EMPTY' });
    const e = await unavailable(
      askOrUnavailable(
        asker,
        accounts.lookupAccounts,
        { ids: [refused] },
        { about: 'the account', advice: 'check in without it', refusalIsUnavailable: true },
      ),
    );
    expect(e.message).toBe('The accounts service did not confirm the account in time; check in without it');
    expect(e.extensions).toEqual({ service: 'accounts', reason: 'EMPTY' });
  });
});

describe('startService', () => {
  it('refuses to start on a malformed setting of the service, naming it, before opening anything', async () => {
    const def = {
      name: 'credit' as const,
      schema: 'credit',
      defaultPort: 0,
      typeDefs: parse('type Query { ping: Int }'),
      resolvers: () => ({}),
      entities: [],
      migrations: [],
    };
    await expect(
      startService(def, { env: { NODE_ENV: 'test', CREDIT_COLLECTION_EVERY_MS: 'hourly', LOG_LEVEL: 'silent' } }),
    ).rejects.toThrow(/CREDIT_COLLECTION_EVERY_MS: is malformed/);
  });
});
