import { startService } from '@guest-graph/subgraph-kit';
import { createTestDatabase, gatewayProof, postGraphQL, testEnv, testNamespace } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Identity document numbers are encrypted at rest and found by a blind index: after registering, searching,
// refusing duplicates and bad numbers, no table and no log line holds a number in clear.
const lines: string[] = [];
const capture =
  (level: string) =>
  (...args: unknown[]) => {
    lines.push(
      `${level} ${args
        .map((a) => (a instanceof Error ? `${a.message} ${a.stack} ${JSON.stringify(a)}` : JSON.stringify(a)))
        .join(' ')}`,
    );
  };
const logger = {
  level: 'trace',
  fatal: capture('fatal'),
  error: capture('error'),
  warn: capture('warn'),
  info: capture('info'),
  debug: capture('debug'),
  trace: capture('trace'),
  silent: () => {},
  isLevelEnabled: () => true,
  child: () => logger,
} as unknown as NonNullable<Parameters<typeof startService>[1]>['logger'];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let service: Awaited<ReturnType<typeof startService>>;
const q = <D>(query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL<D>(service.url, query, variables, gatewayProof(['FRONT_OFFICE']));

beforeAll(async () => {
  db = await createTestDatabase('guests_ids');
  service = await startService(guestsService, {
    port: 0,
    logger,
    env: testEnv({ DATABASE_URL: db.url, NATS_NAMESPACE: testNamespace() }),
  });
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

const REGISTER = 'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }';

describe('identity documents at rest', () => {
  it('keeps no number in clear in any table or log line', async () => {
    const resident = completeResidentId('51010719900101234');
    const passport = 'EA7654321';
    const badResident = resident.slice(0, 17) + (resident[17] === '1' ? '2' : '1');
    const a = await q<{ registerGuest: { id: string } }>(REGISTER, {
      input: { fullName: '刘洋', idDocument: { type: 'RESIDENT_ID', number: resident } },
    });
    expect(a.errors).toBeUndefined();
    await q(REGISTER, { input: { fullName: 'Anna Berg', idDocument: { type: 'PASSPORT', number: passport } } });
    const dup = await q(REGISTER, {
      input: { fullName: '刘洋', idDocument: { type: 'RESIDENT_ID', number: resident } },
    });
    expect(dup.errors?.[0]?.extensions?.code).toBe('DUPLICATE_GUEST');
    const bad = await q(REGISTER, {
      input: { fullName: 'X', idDocument: { type: 'RESIDENT_ID', number: badResident } },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const found = await q<{ searchGuests: { id: string }[] }>('query($t: String!) { searchGuests(text: $t) { id } }', {
      t: resident,
    });
    expect(found.data!.searchGuests).toEqual([{ id: a.data!.registerGuest.id }]);

    const shown = await q<{ revealIdDocument: { number: string } }>(
      'mutation($g: ID!) { revealIdDocument(guestId: $g, reason: "Police registration") { number } }',
      { g: a.data!.registerGuest.id },
    );
    expect(shown.data!.revealIdDocument.number).toBe(resident);
    const tables: { table_name: string }[] = await service.runtime.dataSource.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'guests'",
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['guest', 'outbox', 'id_document_reveal']));
    let dump = '';
    for (const { table_name } of tables) {
      const rows: { r: string }[] = await service.runtime.dataSource.query(
        `SELECT t::text AS r FROM guests."${table_name}" t`,
      );
      dump += rows.map((r) => r.r).join('\n');
    }
    expect(dump).toContain('刘洋');
    const logs = lines.join('\n');
    expect(logs).toContain('guest registered');
    expect(logs).toContain('identity document revealed');
    for (const secret of [resident, resident.slice(0, 14), passport, badResident.slice(0, 14)]) {
      expect(dump).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(dump).toContain(resident.slice(-4));
  });
});
