import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@guest-graph/testing';
import { Column, Entity, type MigrationInterface, PrimaryColumn, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changed, changedRows, openServiceDatabase, PG, pgCode, snake } from './index.js';

@Entity({ schema: 'db_probe', name: 'room' })
class Room {
  @PrimaryColumn({ type: 'text', name: 'number' })
  number: string;
  @Column({ type: 'numeric', precision: 10, scale: 2, name: 'rack_rate' })
  rackRate: string;
}
class CreateRoom1763900000100 implements MigrationInterface {
  name = 'CreateRoom1763900000100';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE db_probe.room (number text PRIMARY KEY, rack_rate numeric(10,2) NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE db_probe.room');
  }
}

describe('service database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('db');
  });
  afterAll(async () => db?.drop());

  it('creates its schema, runs committed migrations once, maps decorated entities and counts queries', async () => {
    const opts = { schema: 'db_probe', url: db.url, entities: [Room], migrations: [CreateRoom1763900000100] };
    const first = await openServiceDatabase(opts);
    await first.dataSource.getRepository(Room).insert({ number: '1808', rackRate: '688.00' });
    await first.close();
    // A second start finds the migration applied and the data kept.
    const second = await openServiceDatabase(opts);
    second.queries.reset();
    const room = await second.dataSource.getRepository(Room).findOneByOrFail({ number: '1808' });
    expect(room.rackRate).toBe('688.00');
    expect(second.queries.count).toBe(1);
    const err = await second.dataSource
      .getRepository(Room)
      .insert({ number: '1808', rackRate: '1.00' })
      .catch((e) => e);
    expect(pgCode(err)).toBe(PG.UNIQUE_VIOLATION);
    const applied = await second.dataSource.query('SELECT name FROM db_probe.migrations');
    expect(applied.map((r: { name: string }) => r.name)).toEqual(['CreateRoom1763900000100']);
    await second.close();
  });

  it('reads what an UPDATE, DELETE or INSERT changed, whatever shape TypeORM answers in', async () => {
    const opts = { schema: 'db_probe', url: db.url, entities: [Room], migrations: [CreateRoom1763900000100] };
    const { dataSource, close } = await openServiceDatabase(opts);
    try {
      const inserted = await changed<{ number: string }>(
        dataSource,
        "INSERT INTO db_probe.room VALUES ('2001', '1.00'), ('2002', '1.00') RETURNING number",
      );
      expect(inserted).toEqual({ rows: [{ number: '2001' }, { number: '2002' }], affected: 2 });
      const raised = await changed(dataSource, "UPDATE db_probe.room SET rack_rate = 2 WHERE number LIKE '200%'");
      expect(raised).toEqual({ rows: [], affected: 2 });
      expect(
        await changedRows(dataSource, 'UPDATE db_probe.room SET rack_rate = 3 WHERE number = $1 RETURNING number', [
          '2001',
        ]),
      ).toEqual([{ number: '2001' }]);
      expect(await changedRows(dataSource, "DELETE FROM db_probe.room WHERE number = 'none' RETURNING number")).toEqual(
        [],
      );
    } finally {
      await close();
    }
  });

  it('cancels a statement past its timeout, ends a transaction left idle, and knows the defaults', async () => {
    const base = { schema: 'db_probe', url: db.url, entities: [Room], migrations: [CreateRoom1763900000100] };
    const quick = await openServiceDatabase({ ...base, timeouts: { statementMs: 200, idleInTransactionMs: 300 } });
    try {
      const started = Date.now();
      const err = await quick.dataSource.query('SELECT pg_sleep(5)').catch((e) => e);
      expect(pgCode(err)).toBe('57014');
      expect(Date.now() - started).toBeLessThan(2000);
      const runner = quick.dataSource.createQueryRunner();
      await runner.startTransaction();
      await runner.query('SELECT 1');
      await new Promise((r) => setTimeout(r, 800));
      // The server ended the session and released the transaction's locks; the next statement finds it gone.
      await expect(runner.query('SELECT 1')).rejects.toThrow();
      await runner.release().catch(() => {});
      // The pool serves on with a fresh connection.
      expect(await quick.dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await quick.close();
    }
    const defaults = await openServiceDatabase(base);
    try {
      const [row] = await defaults.dataSource.query(
        "SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle",
      );
      expect(row).toEqual({ statement: '30s', idle: '1min' });
    } finally {
      await defaults.close();
    }
  });

  it('gives up on a database that does not answer at its connect timeout', async () => {
    // Accepts TCP and never speaks, as a Postgres behind a dead network path would.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    try {
      const err = await openServiceDatabase({
        schema: 'db_probe',
        url: `postgres://postgres@127.0.0.1:${port}/hotel_silent`,
        entities: [],
        migrations: [],
        timeouts: { connectMs: 300 },
      }).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });

  it('names things in snake_case', () => {
    expect(snake('NegotiatedRate')).toBe('negotiated_rate');
    expect(snake('service-recovery')).toBe('service_recovery');
  });
});
