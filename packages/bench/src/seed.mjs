#!/usr/bin/env node
// `npm run seed -- --guests 1000000`: a hotel group's worth of data in all five services' schemas, in a database
// of its own (hotel_bench; DATABASE_URL overrides). Reproducible (fixed random seed, ids derived from indexes),
// written as the services write it (the guests service's own crypto and normalisation, loyalty's member
// numbers, each service's committed migrations), through COPY only.
//
// Bulk load: one COPY stream per table, all fed from one pass over the guests so every row agrees with the
// others (a member's ledger sums to its balance, an invoice is a direct-billed stay's total, production is
// the stays of linked guests). Secondary indexes are dropped for the load and rebuilt from their own
// definitions afterwards; foreign keys are not checked row by row (session_replication_role = replica)
// because the generator builds them consistent.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { guestProfile, guestsDomain, K, PREFERENCES, PROPERTIES, ROOM_TYPES, rngFor, uid } from './data.mjs';

const root = join(import.meta.dirname, '../../..');
const imp = (p) => import(pathToFileURL(join(root, p)).href);

const { values: argv } = parseArgs({
  options: {
    guests: { type: 'string', default: '1000000' },
    stays: { type: 'string' },
    accounts: { type: 'string', default: '20000' },
    members: { type: 'string' },
    cases: { type: 'string' },
    invoices: { type: 'string' },
    today: { type: 'string' },
    // Only (re)build the guests service's reporting copy of a seed already loaded (after its migration).
    'reporting-copy': { type: 'boolean', default: false },
  },
  allowPositionals: true,
  args: process.argv.slice(2).filter((a) => a !== '--'),
});
const GUESTS = Number(argv.guests);
const STAYS = Number(argv.stays ?? GUESTS * 3);
const ACCOUNTS = Number(argv.accounts);
const MEMBERS = Number(argv.members ?? Math.round(GUESTS * 0.4));
const CASES = Number(argv.cases ?? Math.round(GUESTS * 0.05));
const INVOICES = Number(argv.invoices ?? Math.round(GUESTS * 0.1));
export const BENCH_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hotel_bench';
const DAY = 86_400_000;
const TODAY = argv.today ?? new Date().toISOString().slice(0, 10);
const today = Date.parse(`${TODAY}T00:00:00Z`);
const YEAR = new Date(today).getUTCFullYear();
const LINKED_SHARE = 0.1;
const CREDIT_SHARE = 0.35; // accounts graded A or B carry credit terms
const iso = (ms) => new Date(ms).toISOString();
const dateOf = (ms) => iso(ms).slice(0, 10);
const money = (cents) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const SERVICES = [
  ['guests', 'services/guests/dist/index.js', 'guestsService'],
  ['accounts', 'services/accounts/dist/index.js', 'accountsService'],
  ['service-recovery', 'services/service-recovery/dist/index.js', 'serviceRecoveryService'],
  ['loyalty', 'services/loyalty/dist/index.js', 'loyaltyService'],
  ['credit', 'services/credit/dist/index.js', 'creditService'],
];

const TABLES = {
  'guests.guest': [
    'id',
    'full_name',
    'latin_name',
    'search_name',
    'gender',
    'birth_date',
    'nationality',
    'segment',
    'vip',
    'vip_level',
    'id_doc_type',
    'id_doc_cipher',
    'id_doc_index',
    'id_doc_last4',
    'id_doc_length',
    'registered_by',
    'registered_at',
    'updated_at',
  ],
  'guests.guest_phone': ['id', 'guest_id', 'number', 'digits', 'is_primary', 'added_at'],
  'guests.guest_email': ['id', 'guest_id', 'address', 'address_lower', 'is_primary', 'added_at'],
  'guests.preference': [
    'id',
    'guest_id',
    'origin_guest_id',
    'category',
    'value',
    'value_key',
    'note',
    'sensitive',
    'source',
    'recorded_by',
    'recorded_by_name',
    'department',
    'recorded_at',
    'confirmations',
    'last_confirmed_at',
  ],
  'guests.stay': [
    'id',
    'guest_id',
    'origin_guest_id',
    'property_code',
    'room_type',
    'room_number',
    'arrival_date',
    'departure_date',
    'nights',
    'nightly_rate',
    'purpose',
    'payment_method',
    'account_id',
    'status',
    'total_spend',
    'checked_in_by',
    'checked_in_at',
    'checked_out_by',
    'checked_out_at',
  ],
  'guests.guest_value': [
    'guest_id',
    'computed_on',
    'recency_days',
    'frequency',
    'monetary',
    'recency_score',
    'frequency_score',
    'monetary_score',
    'value_tier',
    'consumption_level',
    'lifecycle_stage',
  ],
  'guests.stay_charge': ['id', 'stay_id', 'line', 'outlet', 'amount'],
  'accounts.account': [
    'id',
    'name',
    'type',
    'grade',
    'status',
    'industry',
    'address',
    'contact_name',
    'contact_phone',
    'negotiated_rate',
    'discount_percent',
    'owner_id',
    'created_at',
    'updated_at',
    'acquisition_channel',
  ],
  'accounts.guest_link': ['guest_id', 'account_id', 'linked_at', 'linked_by'],
  'accounts.stay_production': [
    'stay_id',
    'account_id',
    'guest_id',
    'attributed_by',
    'production_date',
    'nights',
    'revenue',
    'checked_out_at',
    'recorded_at',
  ],
  // guests' copy of the member tier (issue 17), as loyalty's events would have left it.
  'guests.guest_member_tier': ['guest_id', 'tier', 'changed_at'],
  'loyalty.membership': [
    'id',
    'guest_id',
    'enrolled_guest_id',
    'number',
    'tier',
    'tier_year',
    'status',
    'points_balance',
    'last_activity_at',
    'enrolled_at',
    'enrolled_by',
    'last_entry_seq',
  ],
  'loyalty.ledger_entry': [
    'seq',
    'id',
    'membership_id',
    'type',
    'points',
    'reference',
    'reason',
    'caused_by',
    'idempotency_key',
    'occurred_at',
    'recorded_at',
  ],
  'loyalty.stay_credit': [
    'stay_id',
    'membership_id',
    'earned_by_membership_id',
    'guest_id',
    'year',
    'nights',
    'departure_date',
    'credited_at',
  ],
  'service_recovery.stay': [
    'stay_id',
    'guest_id',
    'property_code',
    'payment_method',
    'account_id',
    'arrival_date',
    'departure_date',
    'checked_in_at',
    'checked_out_at',
  ],
  'service_recovery.complaint_case': [
    'id',
    'guest_id',
    'stay_id',
    'channel',
    'category',
    'severity',
    'reported_severity',
    'description',
    'department',
    'status',
    'opened_by',
    'opened_at',
    'acknowledge_due_at',
    'due_at',
    'acknowledged_at',
    'resolved_at',
    'resolved_by',
    'closed_at',
    'root_cause',
    'resolution',
    'acknowledge_breached_at',
    'resolve_breached_at',
  ],
  'service_recovery.case_timeline': ['id', 'case_id', 'at', 'actor', 'kind', 'note'],
  'credit.credit_account': ['account_id', 'credit_limit', 'term_days', 'assigned_rating', 'created_at', 'updated_at'],
  'credit.terms_change': ['id', 'seq', 'account_id', 'credit_limit', 'term_days', 'rating', 'changed_by', 'changed_at'],
  'credit.invoice': [
    'id',
    'number',
    'account_id',
    'stay_id',
    'guest_id',
    'amount',
    'balance',
    'issued_on',
    'due_on',
    'paid_on',
    'collection_stage',
    'created_at',
  ],
  'credit.payment': [
    'id',
    'account_id',
    'amount',
    'unapplied',
    'received_on',
    'reference',
    'recorded_by',
    'recorded_at',
  ],
  'credit.allocation': ['id', 'invoice_id', 'payment_id', 'amount', 'allocated_at', 'seq'],
};
// Sequences behind explicitly written serial columns, moved past the seeded values afterwards.
const SERIALS = [
  ['loyalty.ledger_entry', 'seq'],
  ['service_recovery.case_timeline', 'id'],
  ['credit.terms_change', 'seq'],
  ['credit.invoice', 'number'],
  ['credit.allocation', 'seq'],
];

const copyText = (v) => {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
};

/** One table's COPY stream on its own connection, with its secondary indexes set aside for the load. */
class TableLoad {
  constructor(name, expected) {
    this.name = name;
    this.expected = expected;
    this.rows = 0;
    this.buf = [];
    this.bytes = 0;
    this.started = Date.now();
  }
  async open(url) {
    this.client = new pg.Client({ connectionString: url, application_name: 'seed' });
    await this.client.connect();
    await this.client.query("SET session_replication_role = replica; SET maintenance_work_mem = '256MB'");
    const [schema, table] = this.name.split('.');
    const { rows } = await this.client.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = $1 AND i.tablename = $2
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`,
      [schema, table],
    );
    this.indexes = rows;
    for (const r of rows) await this.client.query(`DROP INDEX ${schema}.${r.indexname}`);
    this.stream = this.client.query(copyStreams.from(`COPY ${this.name} (${TABLES[this.name].join(', ')}) FROM STDIN`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
    });
  }
  add(values) {
    let line = '';
    for (let k = 0; k < values.length; k++) line += (k ? '\t' : '') + copyText(values[k]);
    line += '\n';
    this.buf.push(line);
    this.bytes += line.length;
    this.rows++;
    if (this.bytes > 1 << 18) this.flush();
  }
  flush() {
    if (!this.buf.length) return;
    if (!this.stream.write(this.buf.join(''))) this.blocked = new Promise((r) => this.stream.once('drain', r));
    this.buf = [];
    this.bytes = 0;
  }
  async finish() {
    this.flush();
    this.stream.end();
    await this.done;
    this.loadedMs = Date.now() - this.started;
  }
  async index() {
    const t = Date.now();
    for (const r of this.indexes) await this.client.query(r.indexdef);
    await this.client.query(`ANALYZE ${this.name}`);
    this.indexMs = Date.now() - t;
    await this.client.end();
  }
}

function progressLine(t) {
  const s = (Date.now() - t.started) / 1000;
  const rate = t.rows / Math.max(s, 0.001);
  const left = Math.max(0, t.expected - t.rows);
  const eta = rate > 0 ? left / rate : 0;
  const pct = Math.min(100, (100 * t.rows) / Math.max(1, t.expected));
  const bar = '#'.repeat(Math.round(pct / 5)).padEnd(20, '.');
  return `  ${t.name.padEnd(32)} [${bar}] ${String(t.rows.toLocaleString('en')).padStart(11)} / ~${t.expected.toLocaleString('en').padEnd(10)} ${Math.round(rate).toLocaleString('en').padStart(9)} rows/s  ETA ${eta.toFixed(0)} s`;
}

async function resetAndMigrate() {
  const { ensureDatabase, openServiceDatabase } = await imp('packages/db/dist/index.js');
  const { outboxMigration } = await imp('packages/events/dist/index.js');
  await ensureDatabase(BENCH_DATABASE_URL);
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  for (const [name] of SERVICES) await admin.query(`DROP SCHEMA IF EXISTS ${name.replace(/-/g, '_')} CASCADE`);
  await admin.end();
  for (const [name, file, exported] of SERVICES) {
    const def = (await imp(file))[exported];
    const db = await openServiceDatabase({
      schema: def.schema,
      url: BENCH_DATABASE_URL,
      entities: [],
      migrations: [outboxMigration(def.schema), ...def.migrations],
      poolSize: 2,
    });
    await db.close();
    console.log(`  migrated ${name} (${def.schema})`);
  }
}

/**
 * The guests service's reporting copy behind staysForExport (migration StayReport1764990000000), as loyalty's,
 * service recovery's and accounts' events would have left it: each EARN/BONUS ledger entry under the key
 * loyalty notes it with (`loyalty:ledger:<id>`), each case about a stay, each account's grade and type, and
 * every stay's ready row from them. COPY bypasses the events, so the seed writes the copy itself.
 */
async function fillReportingCopy(admin) {
  const t = Date.now();
  await admin.query(
    'TRUNCATE guests.stay_report_points, guests.stay_report_case, guests.stay_report, guests.account_report',
  );
  await admin.query(
    `INSERT INTO guests.stay_report_points (entry_key, stay_id, points)
     SELECT 'loyalty:ledger:' || id, reference::uuid, points FROM loyalty.ledger_entry
      WHERE type IN ('EARN', 'BONUS') AND reference IS NOT NULL`,
  );
  await admin.query(
    `INSERT INTO guests.stay_report_case (case_id, stay_id, category, severity, department, opened_at)
     SELECT id, stay_id, category, severity, department, opened_at FROM service_recovery.complaint_case
      WHERE stay_id IS NOT NULL`,
  );
  await admin.query(
    `INSERT INTO guests.stay_report (stay_id, points_earned, case_ids, case_categories, case_severities,
       case_departments)
     SELECT s.stay_id, coalesce(p.points, 0), coalesce(c.ids, '{}'), coalesce(c.categories, '{}'),
            coalesce(c.severities, '{}'), coalesce(c.departments, '{}')
       FROM (SELECT stay_id FROM guests.stay_report_points UNION SELECT stay_id FROM guests.stay_report_case) s
       LEFT JOIN (SELECT stay_id, sum(points)::int AS points FROM guests.stay_report_points GROUP BY 1) p
              USING (stay_id)
       LEFT JOIN (SELECT stay_id, array_agg(case_id::text ORDER BY opened_at, case_id) AS ids,
                         array_agg(category ORDER BY opened_at, case_id) AS categories,
                         array_agg(severity ORDER BY opened_at, case_id) AS severities,
                         array_agg(department ORDER BY opened_at, case_id) AS departments
                    FROM guests.stay_report_case GROUP BY 1) c USING (stay_id)`,
  );
  await admin.query(
    `INSERT INTO guests.account_report (account_id, grade, type, changed_at)
     SELECT id, grade, type, updated_at FROM accounts.account`,
  );
  // The copy is whole: guests' backfill (which would ask the three services for the same history again, page
  // by page, in the background of every benchmark) is marked done.
  await admin.query(
    `INSERT INTO guests.stay_report_backfill (source, completed_at)
     SELECT source, now() FROM unnest(ARRAY['loyalty', 'service-recovery', 'accounts']) source
     ON CONFLICT (source) DO UPDATE SET completed_at = now()`,
  );
  for (const table of ['stay_report_points', 'stay_report_case', 'stay_report', 'account_report'])
    await admin.query(`ANALYZE guests.${table}`);
  console.log(`reporting copy filled in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** `--reporting-copy`: the guests service's migrations (its new tables), then the copy, on a seed already loaded. */
async function reportingCopyOnly() {
  const { openServiceDatabase } = await imp('packages/db/dist/index.js');
  const { outboxMigration } = await imp('packages/events/dist/index.js');
  const def = (await imp(SERVICES[0][1]))[SERVICES[0][2]];
  const db = await openServiceDatabase({
    schema: def.schema,
    url: BENCH_DATABASE_URL,
    entities: [],
    migrations: [outboxMigration(def.schema), ...def.migrations],
    poolSize: 2,
  });
  await db.close();
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  try {
    await fillReportingCopy(admin);
  } finally {
    await admin.end();
  }
}

async function main() {
  const t0 = Date.now();
  console.log(
    `Seeding ${BENCH_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')}: ${GUESTS.toLocaleString('en')} guests, ~${STAYS.toLocaleString('en')} stays, ${ACCOUNTS.toLocaleString('en')} accounts, ~${MEMBERS.toLocaleString('en')} members, ~${CASES.toLocaleString('en')} cases, ~${INVOICES.toLocaleString('en')} invoices (today ${TODAY})`,
  );
  await resetAndMigrate();
  const d = await guestsDomain();
  const { memberNumberFor } = await imp('services/loyalty/dist/domain/member-number.js');
  const { tierAfterNights, requalify, TIER_RULES } = await imp('services/loyalty/dist/domain/tiers.js');
  const { guestValue, RFM_WINDOW_DAYS } = await imp('services/guests/dist/domain/guest-value.js');

  const stayRatio = STAYS / GUESTS;
  const memberP = MEMBERS / GUESTS;
  const caseP = CASES / STAYS;
  // Direct-billed stays come from guests linked to an account with credit terms.
  const directP = Math.min(1, INVOICES / Math.max(1, GUESTS * LINKED_SHARE * CREDIT_SHARE * stayRatio * 0.98));
  const expected = {
    'guests.guest': GUESTS,
    'guests.guest_phone': GUESTS,
    'guests.guest_email': Math.round(GUESTS * 0.6),
    'guests.preference': Math.round(GUESTS * 1.5),
    'guests.stay': STAYS,
    'guests.stay_charge': Math.round(STAYS * 1.6),
    'guests.guest_value': GUESTS,
    'accounts.account': ACCOUNTS,
    'accounts.guest_link': Math.round(GUESTS * LINKED_SHARE),
    'accounts.stay_production': Math.round(STAYS * LINKED_SHARE),
    'loyalty.membership': MEMBERS,
    'guests.guest_member_tier': MEMBERS,
    'loyalty.ledger_entry': Math.round(STAYS * memberP * 1.2),
    'loyalty.stay_credit': Math.round(STAYS * memberP * 0.7),
    'service_recovery.stay': STAYS,
    'service_recovery.complaint_case': CASES,
    'service_recovery.case_timeline': Math.round(CASES * 2),
    'credit.credit_account': Math.round(ACCOUNTS * CREDIT_SHARE),
    'credit.terms_change': Math.round(ACCOUNTS * CREDIT_SHARE),
    'credit.invoice': INVOICES,
    'credit.payment': Math.round(INVOICES * 0.7),
    'credit.allocation': Math.round(INVOICES * 0.7),
  };
  const T = {};
  for (const name of Object.keys(TABLES)) T[name] = new TableLoad(name, expected[name]);
  await Promise.all(Object.values(T).map((t) => t.open(BENCH_DATABASE_URL)));
  const timer = setInterval(() => {
    console.log(`— ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    for (const t of Object.values(T)) console.log(progressLine(t));
  }, 5000);

  // --- accounts and their credit terms ---
  const ACCOUNT_TYPES = [
    'CORPORATE',
    'CORPORATE',
    'CORPORATE',
    'TRAVEL_AGENCY',
    'EVENT_PLANNER',
    'GOVERNMENT',
    'OTA',
    'OTHER',
  ];
  const INDUSTRIES = [
    '金融 Finance',
    '制造 Manufacturing',
    '互联网 Internet',
    '医药 Pharma',
    '汽车 Automotive',
    '能源 Energy',
    '教育 Education',
    '咨询 Consulting',
    '物流 Logistics',
    '旅游 Travel',
  ];
  const CITIES = ['上海', '北京', '广州', '深圳', '杭州', '成都', '厦门', '三亚', '南京', '武汉'];
  const WORDS = [
    '华信',
    '远洋',
    '东方',
    '盛世',
    '新锐',
    '恒通',
    '天成',
    '国泰',
    '海川',
    '鼎力',
    '中科',
    '博雅',
    '星辰',
    '瑞丰',
    '金桥',
    '汇通',
  ];
  const SUFFIX = [
    '科技有限公司',
    '集团股份有限公司',
    '贸易有限公司',
    '国际旅行社',
    '会展服务有限公司',
    '医药有限公司',
    '投资管理有限公司',
  ];
  const accounts = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const r = rngFor(2, a);
    const x = r();
    const grade = x < 0.1 ? 'A' : x < CREDIT_SHARE ? 'B' : x < 0.7 ? 'C' : 'POTENTIAL';
    const credit = grade === 'A' || grade === 'B';
    const termDays = credit ? r.pick([15, 30, 30, 45, 60]) : null;
    const created = today - (400 + r.int(1500)) * DAY;
    const id = uid(K.account, a);
    accounts.push({ id, credit, termDays });
    const type = r.pick(ACCOUNT_TYPES);
    const name = `${r.pick(CITIES)}${r.pick(WORDS)}${r.pick(WORDS)}${r.pick(SUFFIX)} ${a + 1}`;
    T['accounts.account'].add([
      id,
      name,
      type,
      grade,
      grade === 'POTENTIAL' ? 'PROSPECT' : r.chance(0.9) ? 'ACTIVE' : 'DORMANT',
      r.pick(INDUSTRIES),
      `${r.pick(CITIES)}市${r.pick(WORDS)}路${1 + r.int(999)}号`,
      `${r.pick(['王', '李', '张', '刘'])}经理`,
      `1${38 + r.int(2)}${String(r.int(1e8)).padStart(8, '0')}`,
      credit ? money((500 + r.int(600)) * 100) : null,
      credit ? r.pick(['10.00', '15.00', '20.00']) : null,
      `sales-${1 + r.int(25)}`,
      iso(created),
      iso(created),
      r.pick(['TELEPHONE', 'VISIT', 'ONLINE', 'PARTNER_REFERRAL', 'EXHIBITION', 'WALK_IN', 'OTHER']),
    ]);
    if (credit) {
      const limit = money((grade === 'A' ? 500_000 + r.int(1_500_000) : 100_000 + r.int(400_000)) * 100);
      const rating = grade === 'A' ? r.pick(['AAA', 'AA']) : r.pick(['A', 'B']);
      T['credit.credit_account'].add([id, limit, termDays, rating, iso(created), iso(created)]);
      T['credit.terms_change'].add([
        uid(K.account + 0x100, a),
        a + 1,
        id,
        limit,
        termDays,
        rating,
        'seed:finance',
        iso(created),
      ]);
    }
  }

  // --- guests, one pass: profile, contacts, preferences, stays, membership, cases, production, invoices ---
  const taken = new Set();
  let stayN = 0,
    chargeN = 0,
    prefN = 0,
    memberN = 0,
    entrySeq = 0,
    caseN = 0,
    timelineN = 0,
    invoiceN = 0,
    paymentN = 0;
  const CHANNELS = ['FRONT_DESK', 'PHONE', 'EMAIL', 'ONLINE_REVIEW', 'SURVEY', 'SOCIAL_MEDIA'];
  const CATEGORIES = [
    ['ROOM_CLEANLINESS', 'HOUSEKEEPING', '房间卫生不达标 Room not cleaned properly'],
    ['NOISE', 'FRONT_OFFICE', '隔壁噪音 Noise from next room'],
    ['MAINTENANCE', 'ENGINEERING', '空调不制冷 Air conditioning broken'],
    ['SERVICE_ATTITUDE', 'GUEST_RELATIONS', '前台态度差 Rude at the desk'],
    ['FOOD_AND_BEVERAGE', 'FOOD_AND_BEVERAGE', '早餐菜品凉了 Breakfast served cold'],
    ['BILLING', 'FINANCE', '账单重复收费 Charged twice'],
    ['RESERVATION', 'RESERVATIONS', '预订房型不符 Wrong room type'],
    ['AMENITIES', 'HOUSEKEEPING', '缺少洗漱用品 Missing toiletries'],
  ];
  const SLA_H = { CRITICAL: 1, HIGH: 4, MEDIUM: 24, LOW: 72 };
  const ACK_H = { CRITICAL: 0.25, HIGH: 0.5, MEDIUM: 2, LOW: 4 };
  const threeYears = 3 * 365;
  for (let i = 0; i < GUESTS; i++) {
    const p = guestProfile(i, d, taken);
    const r = p.r;
    const gid = uid(K.guest, i);
    // Stays over the last three years, oldest first; the guest registered just before the first.
    const nStays = Math.max(1, Math.round(1 + r() * (2 * stayRatio - 2)));
    const arrivals = [];
    for (let s = 0; s < nStays; s++) arrivals.push(today - (1 + r.int(threeYears)) * DAY);
    arrivals.sort((a, b) => a - b);
    const registered = arrivals[0] - r.int(3) * DAY + 5 * 3_600_000;
    const normalised = d.normaliseDocumentNumber(p.idNumber);
    T['guests.guest'].add([
      gid,
      p.fullName,
      p.latinName,
      d.searchName(p.fullName, p.latinName),
      p.gender,
      p.birthDate,
      p.nationality,
      p.segment,
      p.vip,
      p.vip ? 1 + r.int(5) : null,
      p.idType,
      d.vault.encrypt(p.idNumber, gid),
      d.vault.blindIndex(p.idNumber),
      normalised.slice(-4),
      normalised.length,
      'staff:seed',
      iso(registered),
      iso(registered),
    ]);
    T['guests.guest_phone'].add([uid(K.phone, i), gid, p.phone, d.phoneDigits(p.phone), true, iso(registered)]);
    if (p.email)
      T['guests.guest_email'].add([uid(K.email, i), gid, p.email, p.email.toLowerCase(), true, iso(registered)]);
    const nPrefs = r.int(4);
    const cats = new Set();
    for (let k = 0; k < nPrefs; k++) {
      const [category, values] = r.pick(PREFERENCES);
      if (cats.has(category)) continue;
      cats.add(category);
      const value = r.pick(values);
      const at = iso(registered + r.int(30) * DAY);
      T['guests.preference'].add([
        uid(K.pref, prefN++),
        gid,
        gid,
        category,
        value,
        d.normaliseValue(value),
        null,
        false,
        'STAFF',
        'staff:seed',
        'Seed Clerk',
        'FRONT_OFFICE',
        at,
        0,
        at,
      ]);
    }
    // An account link for one guest in ten, most to the big accounts.
    let account = null;
    if (r.chance(LINKED_SHARE)) {
      account = accounts[Math.floor(ACCOUNTS * r() ** 2)];
      T['accounts.guest_link'].add([gid, account.id, iso(registered), 'staff:seed-sales']);
    }
    // Membership: enrolled at registration or at a later stay.
    let member = null;
    if (r.chance(memberP)) {
      const enrolled = r.chance(0.6) ? registered + 3_600_000 : arrivals[r.int(arrivals.length)] + 3_600_000;
      member = {
        id: uid(K.membership, memberN),
        n: memberN++,
        enrolled,
        balance: 0,
        lastSeq: 0,
        lastActivity: enrolled,
        nightsBy: {},
        tierBy: {},
      };
    }
    // What the guests service's daily value refresh would compute as of today (RFM, lifecycle).
    const h = { last: null, frequency: 0, monetary: 0, stays: 0, nights: 0, spend: 0 };
    for (const arrival of arrivals) {
      const sid = uid(K.stay, stayN++);
      const nights = 1 + Math.floor(r() ** 2 * 6);
      const departure = arrival + nights * DAY;
      const [roomType, rack] = r.pick(ROOM_TYPES);
      const rate = Math.round(rack * (0.8 + r() * 0.4)) * 100;
      const property = r.pick(PROPERTIES);
      const checkedInAt = arrival + 6 * 3_600_000 + r.int(6 * 3_600_000);
      const inHouse = departure > today;
      const checkedOutAt = departure + 2 * 3_600_000 + r.int(3 * 3_600_000);
      const direct = !!account && account.credit && r.chance(directP);
      const payment = direct ? 'DIRECT_BILL' : r.pick(['CARD', 'CARD', 'MOBILE', 'MOBILE', 'CASH', 'VOUCHER']);
      const room = rate * nights;
      const fnb = r.chance(0.55) ? (50 + r.int(800)) * 100 : 0;
      const total = room + fnb;
      T['guests.stay'].add([
        sid,
        gid,
        gid,
        property,
        roomType,
        `${2 + r.int(28)}${String(1 + r.int(30)).padStart(2, '0')}`,
        dateOf(arrival),
        dateOf(departure),
        nights,
        money(rate),
        p.segment,
        payment,
        direct ? account.id : null,
        inHouse ? 'IN_HOUSE' : 'CHECKED_OUT',
        inHouse ? null : money(total),
        'staff:seed',
        iso(checkedInAt),
        inHouse ? null : 'staff:seed',
        inHouse ? null : iso(checkedOutAt),
      ]);
      T['service_recovery.stay'].add([
        sid,
        gid,
        property,
        payment,
        direct ? account.id : null,
        dateOf(arrival),
        dateOf(departure),
        iso(checkedInAt),
        inHouse ? null : iso(checkedOutAt),
      ]);
      if (!inHouse) {
        h.last = Math.max(h.last ?? 0, departure);
        h.stays++;
        h.nights += nights;
        h.spend += total;
        if (departure > today - RFM_WINDOW_DAYS * DAY) {
          h.frequency++;
          h.monetary += total;
        }
        T['guests.stay_charge'].add([uid(K.charge, chargeN++), sid, 1, 'ROOM', money(room)]);
        if (fnb) T['guests.stay_charge'].add([uid(K.charge, chargeN++), sid, 2, 'FOOD_AND_BEVERAGE', money(fnb)]);
        const eventId = uid(K.event, stayN);
        if (account) {
          T['accounts.stay_production'].add([
            sid,
            account.id,
            gid,
            direct ? 'CHECK_IN' : 'GUEST_LINK',
            dateOf(departure),
            nights,
            money(total),
            iso(checkedOutAt),
            iso(checkedOutAt + 2000),
          ]);
        }
        if (direct) invoice(account, sid, gid, total, departure);
        if (member && checkedOutAt >= member.enrolled) {
          const year = new Date(checkedOutAt + 8 * 3_600_000).getUTCFullYear();
          const tier =
            member.tierBy[year] ?? requalify(member.tierBy[year - 1] ?? 'MEMBER', member.nightsBy[year - 1] ?? 0);
          const base = Math.floor(total / 100);
          const bonus = Math.floor((base * TIER_RULES[tier].bonusPercent) / 100);
          const at = iso(checkedOutAt);
          const entry = (type, points, reason) => {
            entrySeq++;
            T['loyalty.ledger_entry'].add([
              entrySeq,
              uid(K.entry, entrySeq),
              member.id,
              type,
              points,
              sid,
              reason,
              `event:stay.checked-out:${eventId}`,
              `stay:${sid}:${type}`,
              at,
              iso(checkedOutAt + 1500),
            ]);
            member.balance += points;
            member.lastSeq = entrySeq;
          };
          if (base > 0) entry('EARN', base, `Stay ${dateOf(arrival)} to ${dateOf(departure)}, ${nights} nights`);
          if (bonus > 0) entry('BONUS', bonus, `${tier} bonus ${TIER_RULES[tier].bonusPercent}%`);
          member.lastActivity = checkedOutAt;
          T['loyalty.stay_credit'].add([sid, member.id, member.id, gid, year, nights, dateOf(departure), at]);
          member.nightsBy[year] = (member.nightsBy[year] ?? 0) + nights;
          member.tierBy[year] = tierAfterNights(tier, member.nightsBy[year]);
        }
        if (r.chance(caseP)) complaint(r, gid, sid, checkedOutAt - 12 * 3_600_000, p);
      }
    }
    const recency = h.stays ? Math.round((today - h.last) / DAY) : null;
    const v = guestValue({
      recencyDays: recency,
      frequency: h.frequency,
      monetaryCents: BigInt(h.monetary),
      lifetimeStays: h.stays,
      lifetimeNights: h.nights,
      lifetimeSpendCents: BigInt(h.spend),
    });
    T['guests.guest_value'].add([
      gid,
      TODAY,
      recency,
      h.frequency,
      money(h.monetary),
      v.recencyScore,
      v.frequencyScore,
      v.monetaryScore,
      v.valueTier,
      v.consumptionLevel,
      v.lifecycleStage,
    ]);
    if (member) {
      const tier =
        member.tierBy[YEAR] ?? requalify(member.tierBy[YEAR - 1] ?? 'MEMBER', member.nightsBy[YEAR - 1] ?? 0);
      T['loyalty.membership'].add([
        member.id,
        gid,
        gid,
        memberNumberFor(10_000_001 + member.n),
        tier,
        YEAR,
        'ACTIVE',
        member.balance,
        iso(member.lastActivity),
        iso(member.enrolled),
        'staff:seed',
        member.lastSeq,
      ]);
      T['guests.guest_member_tier'].add([gid, tier, iso(member.enrolled)]);
    }
    if ((i & 255) === 255) {
      const blocked = Object.values(T)
        .filter((t) => t.blocked)
        .map((t) => t.blocked);
      if (blocked.length) {
        await Promise.all(blocked);
        for (const t of Object.values(T)) t.blocked = undefined;
      }
      // Let the progress timer and the sockets run: the generator is synchronous otherwise.
      if ((i & 4095) === 4095) await new Promise(setImmediate);
    }
  }

  function complaint(r, gid, sid, openedMs, p) {
    const [category, department, description] = r.pick(CATEGORIES);
    const severity = r.pick(['LOW', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HIGH', 'CRITICAL']);
    const cid = uid(K.caseId, caseN++);
    // Recent cases are still open; older ones were resolved, most of those then closed.
    const open = openedMs > today - 10 * DAY && r.chance(0.7);
    const opened = open ? today - r.int(3 * 24) * 3_600_000 : openedMs;
    const ack = opened + ACK_H[severity] * 3_600_000;
    const due = opened + SLA_H[severity] * 3_600_000;
    const now = today + 2 * 3_600_000;
    const resolvedAt = open ? null : opened + r.int(SLA_H[severity] * 3_600_000 * 1.2);
    const closed = !open && r.chance(0.8);
    const status = open ? r.pick(['OPEN', 'IN_PROGRESS']) : closed ? 'CLOSED' : 'RESOLVED';
    const acknowledged = status === 'OPEN' ? null : opened + r.int(ACK_H[severity] * 3_600_000);
    T['service_recovery.complaint_case'].add([
      cid,
      gid,
      sid,
      r.pick(CHANNELS),
      category,
      severity,
      severity,
      description,
      department,
      status,
      'staff:seed',
      iso(opened),
      iso(ack),
      iso(due),
      acknowledged && iso(acknowledged),
      resolvedAt && iso(resolvedAt),
      resolvedAt && 'staff:seed-gr',
      closed ? iso(resolvedAt + 7 * DAY) : null,
      open ? null : r.pick(['STAFF', 'FACILITY', 'PROCESS', 'THIRD_PARTY']),
      open ? null : '致歉并处理 Apologised and fixed',
      status === 'OPEN' && ack < now ? iso(ack) : null,
      open && due < now ? iso(due) : null,
    ]);
    T['service_recovery.case_timeline'].add([
      ++timelineN,
      cid,
      iso(opened),
      'staff:seed',
      'OPENED',
      `${p.fullName}: routed to ${department}`,
    ]);
    if (!open)
      T['service_recovery.case_timeline'].add([++timelineN, cid, iso(resolvedAt), 'staff:seed-gr', 'RESOLVED', null]);
  }

  function invoice(account, sid, gid, total, departure) {
    const n = ++invoiceN;
    const id = uid(K.invoice, n);
    const issued = departure;
    const due = issued + account.termDays * DAY;
    const age = (today - issued) / DAY;
    const x = rngFor(3, n)();
    const paid = age > 120 ? x < 0.97 : age > 60 ? x < 0.75 : age > 30 ? x < 0.5 : x < 0.15;
    const paidOn = paid ? Math.min(today - DAY, due - 10 * DAY + Math.floor(x * 40) * DAY) : null;
    const overdue = (today - due) / DAY;
    const stage = paid
      ? 'NONE'
      : overdue >= 45
        ? 'HOLD'
        : overdue >= 30
          ? 'FINAL_NOTICE'
          : overdue >= 15
            ? 'SECOND_REMINDER'
            : overdue >= 1
              ? 'FIRST_REMINDER'
              : overdue >= -3
                ? 'PRE_DUE_REMINDER'
                : 'NONE';
    T['credit.invoice'].add([
      id,
      n,
      account.id,
      sid,
      gid,
      money(total),
      paid ? '0.00' : money(total),
      dateOf(issued),
      dateOf(due),
      paid ? dateOf(Math.max(paidOn, issued)) : null,
      stage,
      iso(issued + 3_600_000),
    ]);
    if (paid) {
      const pid = uid(K.payment, ++paymentN);
      const on = Math.max(paidOn, issued);
      T['credit.payment'].add([
        pid,
        account.id,
        money(total),
        '0.00',
        dateOf(on),
        `BANK-${n}`,
        'staff:seed-finance',
        iso(on + 3_600_000),
      ]);
      T['credit.allocation'].add([uid(K.alloc, paymentN), id, pid, money(total), iso(on + 3_600_000), paymentN]);
    }
  }

  for (const t of Object.values(T)) t.expected = t.rows;
  await Promise.all(Object.values(T).map((t) => t.finish()));
  clearInterval(timer);
  const loaded = Date.now();
  console.log(`rows written in ${((loaded - t0) / 1000).toFixed(1)} s; rebuilding indexes…`);
  for (const t of Object.values(T)) console.log(progressLine(t));
  // Two cores: rebuild the big tables' indexes two at a time, biggest first.
  const queue = Object.values(T).sort((a, b) => b.rows - a.rows);
  await Promise.all(
    [0, 1].map(async () => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        await t.index();
        console.log(`  indexed ${t.name.padEnd(32)} ${t.indexes.length} indexes in ${(t.indexMs / 1000).toFixed(1)} s`);
      }
    }),
  );
  const admin = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  for (const [table, column] of SERIALS)
    await admin.query(
      `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), greatest(1, (SELECT coalesce(max(${column}), 0) FROM ${table})))`,
    );
  // COPY ran as a replica, so the guests service's trigger did not fill its dictionary of names: fill it now.
  await admin.query(
    'INSERT INTO guests.guest_name (search_name) SELECT DISTINCT search_name FROM guests.guest ON CONFLICT DO NOTHING',
  );
  await admin.query('ANALYZE guests.guest_name');
  await fillReportingCopy(admin);
  await admin.query(
    `SELECT setval('loyalty.member_number_seq', ${10_000_001 + Math.max(0, memberN - 1)}, ${memberN > 0})`,
  );
  await admin.end();
  const total = Object.values(T).reduce((s, t) => s + t.rows, 0);
  console.log(`\nseeded ${total.toLocaleString('en')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s:`);
  for (const t of Object.values(T)) console.log(`  ${t.name.padEnd(32)} ${t.rows.toLocaleString('en').padStart(11)}`);
}

await (argv['reporting-copy'] ? reportingCopyOnly() : main());
