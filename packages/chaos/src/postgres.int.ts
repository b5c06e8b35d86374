import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgresCluster } from './postgres.js';

describe('a private Postgres cluster', () => {
  it('starts, keeps committed rows across an immediate restart, and goes away', async () => {
    const cluster = await startPostgresCluster();
    try {
      const q = async (text: string) => {
        const c = new pg.Client({ connectionString: cluster.url });
        await c.connect();
        try {
          return (await c.query(text)).rows;
        } finally {
          await c.end();
        }
      };
      await q('CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)');
      await cluster.restart();
      expect(await q('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
    } finally {
      await cluster.dispose();
    }
  });
});
