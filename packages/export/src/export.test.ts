import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExportArgs, UsageError } from './args.js';
import { ENTITIES, OPERATIONS } from './entities.js';
import { slicesOf } from './export.js';
import { flatten } from './flatten.js';
import { line } from './progress.js';

describe('the command line', () => {
  it('reads an export, resolving --out where the command was typed', () => {
    const a = parseExportArgs(['stays', '--from', '2026-01-01', '--to', '2026-06-30', '--out', 's.parquet'], '/tmp/x');
    expect(a).toMatchObject({ format: 'parquet', out: '/tmp/x/s.parquet', pageSize: 800, resume: false });
    expect(
      parseExportArgs(['stays', '--from', '2026-01-01', '--to', '2026-01-01', '--out', 's.csv', '--resume']),
    ).toMatchObject({ format: 'csv', resume: true });
  });
  it.each([
    [[], 'name one thing'],
    [['rooms', '--out', 'a.csv'], 'unknown export'],
    [['stays', '--from', '2026-01-01', '--to', '2026-06-30'], '--out is required'],
    [['stays', '--from', '2026-01-01', '--to', '2026-06-30', '--out', 'a.xlsx'], '.csv or .parquet'],
    [['stays', '--from', '2026-02-30', '--to', '2026-06-30', '--out', 'a.csv'], '--from must be a date'],
    [['stays', '--to', '2026-06-30', '--out', 'a.csv'], 'needs --from and --to'],
    [['stays', '--from', '2026-06-30', '--to', '2026-01-01', '--out', 'a.csv'], 'not be before'],
    [['stays', '--from', '2026-01-01', '--to', '2026-06-30', '--out', 'a.csv', '--page-size', '801'], '1 to 800'],
    [['cases', '--out', 'a.csv', '--page-size', '501'], '1 to 500'],
    [
      ['stays', '--from', '2026-01-01', '--to', '2026-06-30', '--out', 'a.csv', '--colour'],
      "Unknown option '--colour'",
    ],
    [
      ['stays', '--from', '2026-01-01', '--to', '2026-06-30', '--out', 'a.csv', '--changed-since', 'x'],
      'no --changed-since',
    ],
    [['ledger', '--from', '2026-01-01', '--to', '2026-06-30', '--out', 'a.csv'], 'takes no --from'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseExportArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseExportArgs(argv as string[])).toThrow(message);
  });
});

describe('the changed-since exports', () => {
  it('take --changed-since and no range; the ledger and the invoices ask for a FINANCE development token', () => {
    for (const name of ['accounts', 'cases', 'ledger', 'invoices']) {
      const a = parseExportArgs([name, '--out', 'x.parquet', '--changed-since', '2026-11-29T00:00:00Z']);
      expect(a.entity.name).toBe(name);
      expect(a.entity.variables({ changedSince: '2026-11-29T00:00:00Z' })).toEqual({
        changedSince: '2026-11-29T00:00:00Z',
      });
    }
    expect(ENTITIES.ledger!.devRoles).toEqual(['FINANCE']);
    expect(ENTITIES.invoices!.devRoles).toEqual(['FINANCE']);
    expect(ENTITIES.cases!.devRoles).toEqual(['ANALYST']);
  });

  it("flattens an account's production by month into cells in month order", () => {
    const columns = ENTITIES.accounts!.columns;
    const row = flatten(
      {
        accountId: 'a1',
        account: {
          grade: 'A',
          parent: null,
          productionByMonth: [
            { month: '2026-10', stays: 2, roomNights: 3, revenue: '1300.00' },
            { month: '2026-11', stays: 1, roomNights: 1, revenue: '400.00' },
          ],
        },
      },
      columns,
    );
    const cell = (name: string) => row[columns.findIndex((c) => c.name === name)];
    expect(cell('grade')).toBe('A');
    expect(cell('parent_id')).toBeNull();
    expect(cell('production_months')).toBe('2026-10;2026-11');
    expect(cell('production_revenue')).toBe('1300.00;400.00');
  });
});

describe('flattening', () => {
  it('writes a flat stay row as it comes, a list of scalars joined with `;`', () => {
    const columns = ENTITIES.stays!.columns;
    const row = flatten(
      {
        stayId: 's1',
        guestSegment: null,
        guestValueTier: 'HIGH',
        accountGrade: null,
        pointsEarned: 660,
        caseCount: 2,
        caseIds: ['c1', 'c2'],
        caseCategories: ['NOISE', 'BILLING'],
      },
      columns,
    );
    const cell = (name: string) => row[columns.findIndex((c) => c.name === name)];
    expect(cell('stay_id')).toBe('s1');
    expect(cell('guest_value_tier')).toBe('HIGH');
    expect(cell('guest_segment')).toBeNull();
    expect(cell('account_grade')).toBeNull();
    expect(cell('points_earned')).toBe('660');
    expect(cell('case_count')).toBe('2');
    expect(cell('case_ids')).toBe('c1;c2');
    expect(cell('case_categories')).toBe('NOISE;BILLING');
  });
});

describe('the progress line', () => {
  it('shows rows, rows per second and the time left', () => {
    expect(line('stays', 1000, 1000, 4000, 2000)).toBe(
      'stays [######..................] 1000/4000 rows, 500 rows/s, ETA 0:06',
    );
    expect(line('stays', 10, 10, null, 1000)).toBe('stays 10 rows, 10 rows/s');
  });
});

describe('slices', () => {
  it('cut a range into runs of whole days that cover it once', () => {
    expect(slicesOf('2026-01-01', '2026-06-30', 3).map((s) => [s.from, s.to])).toEqual([
      ['2026-01-01', '2026-03-01'],
      ['2026-03-02', '2026-04-30'],
      ['2026-05-01', '2026-06-30'],
    ]);
    expect(slicesOf('2026-01-01', '2026-01-02', 3).map((s) => [s.from, s.to])).toEqual([
      ['2026-01-01', '2026-01-01'],
      ['2026-01-02', '2026-01-02'],
    ]);
    expect(slicesOf(undefined, undefined, 3)).toHaveLength(1);
  });
});

describe('the operations', () => {
  it('are committed as the entities build them (the trusted documents read the file: `npm run operations`)', () => {
    expect(readFileSync(new URL('./operations.graphql', import.meta.url), 'utf8')).toBe(OPERATIONS);
  });

  it("page each entity's connection and select every column's field, a list's item field, a pick's key", () => {
    const guests = ENTITIES.guests!.document;
    expect(guests).toContain('query ExportGuests($changedSince: DateTime, $first: Int!, $after: String) {');
    expect(guests).toContain('guestsChanged(changedSince: $changedSince, first: $first, after: $after) {');
    expect(guests).toMatch(/marketingConsent \{\s+channel\s+granted\s+\}/);
    expect(guests).not.toContain('totalCount');
    const stays = ENTITIES.stays!.document;
    expect(stays).toContain('$withCount: Boolean!');
    expect(stays).toContain('totalCount @include(if: $withCount)');
    // Flat rows: a list of scalars is selected as it is, and the rows are `nodes`, not edges.
    expect(stays).toContain('staysForExport(from: $from, to: $to, first: $first, after: $after) {');
    expect(stays).toMatch(/nodes \{\s+stayId\s+propertyCode/);
    expect(stays).toMatch(/caseCount\s+caseIds\s+caseCategories\s+caseSeverities\s+caseDepartments\s+\}/);
    expect(stays).not.toContain('edges');
    expect(ENTITIES.accounts!.document).toMatch(/productionByMonth \{\s+month\s+stays\s+roomNights\s+revenue\s+\}/);
    expect(ENTITIES.invoices!.document).toMatch(/invoicesChanged\([^)]*\) \{\s+asOf\s+pageInfo/);
    expect(Object.values(ENTITIES).map((e) => e.operationName)).toEqual([
      'ExportStays',
      'ExportGuests',
      'ExportAccounts',
      'ExportCases',
      'ExportLedger',
      'ExportInvoices',
    ]);
  });
});
