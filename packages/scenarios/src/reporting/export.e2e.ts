import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { mintToken } from '@guest-graph/auth';
import { addDays, systemClock } from '@guest-graph/subgraph-kit';
import { sql } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// `npm run export`: the stays BI pulls, paged through the gateway into CSV or Parquet, resumable after a kill.
// The tests that start the command several times get minutes: each start is a Node process on a busy machine.
const cli = fileURLToPath(new URL('../../../export/dist/cli.js', import.meta.url));
const STAYS = 240;
const COLUMNS = [
  'stay_id',
  'property_code',
  'arrival_date',
  'departure_date',
  'nights',
  'room_type',
  'payment_method',
  'purpose',
  'total_spend',
  'guest_id',
  'guest_segment',
  'guest_value_tier',
  'guest_lifecycle_stage',
  'guest_member_tier',
  'account_id',
  'account_grade',
  'account_type',
  'points_earned',
  'case_count',
  'case_ids',
  'case_categories',
  'case_severities',
  'case_departments',
];

describe('npm run export', () => {
  let graph: Graph;
  let dir: string;
  let stayIds: string[];
  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    GRAPH_URL: graph.url,
    GRAPH_TOKEN: '',
    // A relative --out is taken from where npm was typed; here, the test's own directory.
    INIT_CWD: dir,
    ...extra,
  });
  const start = (args: string[], extra: Record<string, string> = {}) =>
    spawn(process.execPath, [cli, ...args], { env: env(extra), cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const run = (args: string[], extra: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = start(args, extra);
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  const parquetRows = async (file: string) => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const rows = await conn.runAndReadAll(`SELECT * FROM '${file}'`);
      return { columns: rows.columnNames(), rows: rows.getRowObjectsJson() };
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  };

  beforeAll(async () => {
    graph = await startGraph();
    dir = mkdtempSync(join(tmpdir(), 'export-'));
    const guestId = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('周杰') },
      }),
    ).registerGuest.id;
    await sql(
      graph.services.guests!.databaseUrl,
      `INSERT INTO guests.stay (id, guest_id, origin_guest_id, property_code, room_type, arrival_date, departure_date,
         nights, nightly_rate, payment_method, status, total_spend, checked_in_by, checked_in_at, checked_out_at)
       SELECT gen_random_uuid(), $1, $1, 'SHA01', 'TWIN', d - 2, d, 2, 400, 'CARD', 'CHECKED_OUT', 812.5, 'seed',
              now(), now()
         FROM (SELECT DATE '2025-05-01' + (i % 30) AS d FROM generate_series(1, $2) AS i) days`,
      [guestId, STAYS],
    );
    stayIds = (
      await sql<{ id: string }>(graph.services.guests!.databaseUrl, 'SELECT id FROM guests.stay ORDER BY id')
    ).map((r) => r.id);
  }, 120_000);
  afterAll(async () => {
    await graph?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const RANGE = ['--from', '2025-05-01', '--to', '2025-05-31'];

  it('writes CSV with one row per stay of totalCount, the columns flattened, with an ANALYST development token', async () => {
    const { code, stderr } = await run(['stays', ...RANGE, '--out', 'stays.csv', '--page-size', '100']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${STAYS} rows (totalCount ${STAYS})`);
    expect(stderr).toMatch(/rows\/s/);
    const lines = readFileSync(join(dir, 'stays.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]!.split(',')).toEqual(COLUMNS);
    expect(lines).toHaveLength(STAYS + 1);
    const first = Object.fromEntries(COLUMNS.map((c, i) => [c, lines[1]!.split(',')[i]]));
    expect(first).toMatchObject({ nights: '2', total_spend: '812.50', points_earned: '0', case_count: '0' });
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(STAYS);
    expect(existsSync(join(dir, 'stays.csv.export-state.json'))).toBe(false);
  });

  it('writes Parquet with typed columns that DuckDB reads', async () => {
    const { code, stderr } = await run(['stays', ...RANGE, '--out', 'stays.parquet'], {
      GRAPH_TOKEN: mintToken(['FINANCE']),
    });
    expect(code, stderr).toBe(0);
    const { columns, rows } = await parquetRows(join(dir, 'stays.parquet'));
    expect(columns).toEqual(COLUMNS);
    expect(rows).toHaveLength(STAYS);
    expect(rows[0]).toMatchObject({ nights: 2, total_spend: '812.50', points_earned: 0 });
    expect(rows.map((r) => r.stay_id).sort()).toEqual(stayIds);
  });

  it('resumes after a kill from its last page: every stay once', async () => {
    const state = join(dir, 'resumed.parquet.export-state.json');
    const child: ChildProcess = start(['stays', ...RANGE, '--out', 'resumed.parquet', '--page-size', '1']);
    const killed = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        try {
          const { slices } = JSON.parse(readFileSync(state, 'utf8')) as { slices: { rows: number }[] };
          if (slices.reduce((t, x) => t + x.rows, 0) >= 20) {
            clearInterval(poll);
            child.kill('SIGKILL');
            resolve(true);
          }
        } catch {}
      }, 5);
      child.on('exit', () => {
        clearInterval(poll);
        resolve(false);
      });
    });
    expect(killed, 'the export finished before it could be killed').toBe(true);
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(join(dir, 'resumed.parquet'))).toBe(false);
    const { code, stderr } = await run([
      'stays',
      ...RANGE,
      '--out',
      'resumed.parquet',
      '--page-size',
      '100',
      '--resume',
    ]);
    expect(code, stderr).toBe(0);
    const { rows } = await parquetRows(join(dir, 'resumed.parquet'));
    expect(rows.map((r) => r.stay_id).sort()).toEqual(stayIds);
  });

  it('exports guests pseudonymously, consents as booleans, and only those changed since', async () => {
    const { code, stderr } = await run(['guests', '--out', 'guests.csv']);
    expect(code, stderr).toBe(0);
    const lines = readFileSync(join(dir, 'guests.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(
      'guest_id,tombstone,merged_into,changed_at,segment,vip,nationality,value_tier,lifecycle_stage,member_tier,consent_email,consent_sms,consent_phone,consent_post',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^[0-9a-f-]{36},false,,/);
    const later = await run([
      'guests',
      '--out',
      'later.csv',
      '--changed-since',
      new Date(Date.now() + 3_600_000).toISOString(),
    ]);
    expect(later.code, later.stderr).toBe(0);
    expect(readFileSync(join(dir, 'later.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('exports accounts, cases, ledger and invoices from their changed-since connections', async () => {
    const url = graph.services.guests!.databaseUrl;
    const [{ id: accountId }] = await sql<{ id: string }>(
      url,
      `INSERT INTO accounts.account (id, name, type, grade, status, created_at, updated_at)
       SELECT gen_random_uuid(), 'Account ' || i, 'CORPORATE', 'B', 'ACTIVE', now(), now()
         FROM generate_series(1, 30) i RETURNING id`,
    );
    await sql(
      url,
      `INSERT INTO service_recovery.complaint_case (id, guest_id, channel, category, severity, reported_severity,
         description, department, status, opened_by, opened_at, acknowledge_due_at, due_at, resolved_at)
       SELECT gen_random_uuid(), gen_random_uuid(), 'PHONE', 'NOISE', 'LOW', 'LOW', 'private words', 'HOUSEKEEPING',
              'RESOLVED', 'seed', now() - interval '5 hours', now() - interval '1 hour', now() + interval '67 hours',
              now() FROM generate_series(1, 25) i`,
    );
    await sql(
      url,
      `INSERT INTO credit.invoice (account_id, amount, balance, issued_on, due_on)
       SELECT $1, 100, 100, $2::date - 30, $2::date FROM generate_series(1, 20) i`,
      [accountId, addDays(systemClock.today(), -15)],
    );
    await sql(
      url,
      `INSERT INTO credit.payment (account_id, amount, unapplied, received_on, recorded_by)
       SELECT $1, 50, 50, current_date, 'seed' FROM generate_series(1, 5) i`,
      [accountId],
    );
    const csv = async (thing: string, extra: string[] = []) => {
      const { code, stderr } = await run([thing, '--out', `${thing}.csv`, '--page-size', '7', ...extra]);
      expect(code, stderr).toBe(0);
      const lines = readFileSync(join(dir, `${thing}.csv`), 'utf8')
        .trimEnd()
        .split('\n');
      const header = lines[0]!.split(',');
      return {
        header,
        rows: lines.slice(1).map((l) => Object.fromEntries(header.map((h, i) => [h, l.split(',')[i]]))),
      };
    };
    const accounts = await csv('accounts');
    expect(accounts.rows).toHaveLength(30);
    expect(accounts.header).toContain('production_revenue');
    const cases = await csv('cases');
    expect(cases.rows).toHaveLength(25);
    expect(cases.rows[0]).toMatchObject({ category: 'NOISE', resolve_outcome: 'MET', acknowledge_outcome: 'BREACHED' });
    // Never the guest's words.
    expect(readFileSync(join(dir, 'cases.csv'), 'utf8')).not.toContain('private words');
    // The ledger and the invoices are credit's: the development token for them is FINANCE's.
    const invoices = await csv('invoices');
    expect(invoices.rows).toHaveLength(20);
    expect(invoices.rows[0]).toMatchObject({ balance: '100.00', days_past_due: '15', aging_bucket: 'DAYS_1_30' });
    const { code, stderr } = await run(['ledger', '--out', 'ledger.parquet', '--page-size', '4']);
    expect(code, stderr).toBe(0);
    const ledger = await parquetRows(join(dir, 'ledger.parquet'));
    expect(ledger.rows).toHaveLength(25);
    expect(ledger.rows.filter((r) => r.kind === 'PAYMENT')).toHaveLength(5);
    expect(ledger.rows.find((r) => r.kind === 'INVOICE')).toMatchObject({ amount: '100.00', open: '100.00' });
    const refused = await run(['ledger', '--out', 'no.csv'], { GRAPH_TOKEN: mintToken(['ANALYST']) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FORBIDDEN');
    const later = await csv('cases', ['--changed-since', new Date(Date.now() + 3_600_000).toISOString()]);
    expect(later.rows).toHaveLength(0);
  }, 180_000);

  it('refuses bad flags with exit code 2 and a refusal of the graph with 1', async () => {
    for (const args of [
      ['stays', '--out', 'x.csv'],
      ['stays', ...RANGE, '--out', 'x.json'],
      ['stays', ...RANGE, '--out', 'x.csv', '--page-size', '0'],
      ['rooms', '--out', 'x.csv'],
    ]) {
      const { code, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^export: .+\nusage:/);
    }
    const refused = await run(['stays', ...RANGE, '--out', 'x.csv'], { GRAPH_TOKEN: mintToken(['HOUSEKEEPING']) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FORBIDDEN');
  }, 180_000);
});
