/**
 * Search over 100,000 seeded profiles, measured through the subgraph (HTTP, the same resolver and SQL the
 * desk uses). A script, not a test: it prints figures for the README.
 *
 *   node scripts/pnpm.mjs --filter @guest-graph/guests... run build
 *   node scripts/pnpm.mjs --filter @guest-graph/guests run bench
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/guests_bench), BENCH_GUESTS (100000),
 * BENCH_QUERIES per kind (200). Seeding is skipped when the database already holds the profiles.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signIdentity } from '@guest-graph/auth';
import { DEV_GATEWAY_PROOF_SECRET } from '@guest-graph/config';
import { startService } from '@guest-graph/subgraph-kit';
import { CHINESE_GIVEN_NAMES, CHINESE_SURNAMES } from '@guest-graph/testing';
import { phoneDigits, searchName } from '../domain/guest-profile.js';
import { completeResidentId } from '../domain/id-document.js';
import { IdVault, idVaultKeysFrom } from '../domain/id-vault.js';
import { guestsService } from '../index.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guests_bench';
const GUESTS = Number(process.env.BENCH_GUESTS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const PROOF = process.env.GATEWAY_PROOF_SECRET ?? DEV_GATEWAY_PROOF_SECRET;

const SURNAMES = CHINESE_SURNAMES;
const GIVEN = CHINESE_GIVEN_NAMES;

/** Profile number i, the same every run: so queries can be built without reading the database. */
function profile(i: number) {
  const s = SURNAMES[i % SURNAMES.length]!;
  const g1 = GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]!;
  const g2 = i % 3 === 0 ? null : GIVEN[Math.floor(i / (SURNAMES.length * GIVEN.length)) % GIVEN.length]!;
  const fullName = `${s[0]}${g1[0]}${g2?.[0] ?? ''}`;
  const latinName = `${s[1]} ${g1[1]}${g2 ? g2[1].toLowerCase() : ''}`;
  const phone = `+86 13${String(i)
    .padStart(9, '0')
    .replace(/(\d{3})(\d{4})(\d{2})/, '$1 $2 $3')}`;
  const email = `${latinName.replace(' ', '.').toLowerCase()}.${i}@example.com`;
  const birth = new Date(Date.UTC(1950, 0, 1) + (i % 18_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const document = completeResidentId(`110101${birth}${String(Math.floor(i / 18_000)).padStart(3, '0')}`);
  return { fullName, latinName, phone, email, document };
}

async function seed(service: Awaited<ReturnType<typeof startService>>) {
  const ds = service.runtime.dataSource;
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM guests.guest');
  if (n >= GUESTS) return { seeded: 0, ms: 0 };
  const vault = new IdVault(idVaultKeysFrom(service.runtime.env));
  const started = performance.now();
  const now = new Date();
  for (let from = n; from < GUESTS; from += 2000) {
    const ids: string[] = [];
    const rows = [] as ReturnType<typeof profile>[];
    for (let i = from; i < Math.min(GUESTS, from + 2000); i++) {
      ids.push(randomUUID());
      rows.push(profile(i));
    }
    await ds.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO guests.guest (id, full_name, latin_name, search_name, id_doc_type, id_doc_cipher, id_doc_index,
                                   id_doc_last4, id_doc_length, registered_by, registered_at, updated_at)
         SELECT id, full_name, latin_name, search_name, 'RESIDENT_ID', cipher, idx, last4, 18, 'bench', $8, $8
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
             AS t(id, full_name, latin_name, search_name, cipher, idx, last4)`,
        [
          ids,
          rows.map((r) => r.fullName),
          rows.map((r) => r.latinName),
          rows.map((r) => searchName(r.fullName, r.latinName)),
          rows.map((r, k) => vault.encrypt(r.document, ids[k]!)),
          rows.map((r) => vault.blindIndex(r.document)),
          rows.map((r) => r.document.slice(-4)),
          now,
        ],
      );
      await tx.query(
        `INSERT INTO guests.guest_phone (id, guest_id, number, digits, is_primary, added_at)
         SELECT gen_random_uuid(), g, n, d, true, $4 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(g, n, d)`,
        [ids, rows.map((r) => r.phone), rows.map((r) => phoneDigits(r.phone)), now],
      );
      await tx.query(
        `INSERT INTO guests.guest_email (id, guest_id, address, address_lower, is_primary, added_at)
         SELECT gen_random_uuid(), g, a, lower(a), true, $3 FROM unnest($1::uuid[], $2::text[]) AS t(g, a)`,
        [ids, rows.map((r) => r.email), now],
      );
    });
  }
  await ds.query('ANALYZE guests.guest, guests.guest_phone, guests.guest_email');
  return { seeded: GUESTS - n, ms: performance.now() - started };
}

/** A typo: two neighbouring letters of the given name swapped. */
const typo = (latin: string) => {
  const [surname, given] = latin.split(' ') as [string, string];
  if (given.length < 3) return `${surname} ${given}${given.at(-1)}`;
  return `${surname} ${given[0]}${given[2]}${given[1]}${given.slice(3)}`;
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function main() {
  const service = await startService(guestsService, {
    port: 0,
    env: {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      DATABASE_URL,
      NATS_NAMESPACE: `bench${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  });
  try {
    const seeded = await seed(service);
    if (seeded.seeded) console.log(`seeded ${seeded.seeded} profiles in ${(seeded.ms / 1000).toFixed(1)} s`);
    const find = async (text: string) => {
      const t = performance.now();
      const sent = JSON.stringify({
        query:
          'query FindGuests($text: String!, $first: Int) { searchGuests(text: $text, first: $first) { id fullName } }',
        variables: { text, first: 10 },
      });
      // The gateway's proof is bound to the subgraph and the body: made per request, as the gateway does.
      const proof = signIdentity({ sub: 'bench', name: 'Bench', roles: ['FRONT_OFFICE'] }, PROOF, {
        subgraph: 'guests',
        body: sent,
      });
      const res = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...proof },
        body: sent,
      });
      const body = (await res.json()) as { data?: { searchGuests: { fullName: string }[] }; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { ms: performance.now() - t, results: body.data!.searchGuests };
    };
    const pick = (k: number) => Math.floor((((k * 7919) % GUESTS) + GUESTS) % GUESTS);
    const kinds: [
      string,
      (p: ReturnType<typeof profile>) => string,
      (p: ReturnType<typeof profile>, r: { fullName: string }[]) => boolean,
    ][] = [
      ['name, pinyin with a typo', (p) => typo(p.latinName), (p, r) => r.some((g) => g.fullName === p.fullName)],
      ['name, Chinese characters', (p) => p.fullName, (p, r) => r.some((g) => g.fullName === p.fullName)],
      ['phone, formatted', (p) => p.phone, (p, r) => r[0]?.fullName === p.fullName],
      [
        'phone, last 8 digits',
        (p) => phoneDigits(p.phone).slice(-8),
        (p, r) => r.some((g) => g.fullName === p.fullName),
      ],
      ['email', (p) => p.email.toUpperCase(), (p, r) => r[0]?.fullName === p.fullName],
      ['ID number (blind index)', (p) => p.document, (p, r) => r[0]?.fullName === p.fullName],
    ];
    for (let w = 0; w < 20; w++) await find(profile(pick(w)).latinName);
    console.log(`\nsearchGuests over ${GUESTS} profiles, ${QUERIES} queries per kind, first: 10\n`);
    console.log('| query | p50 ms | p95 ms | max ms | found |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [label, text, ok] of kinds) {
      const times: number[] = [];
      let hits = 0;
      for (let k = 1; k <= QUERIES; k++) {
        const p = profile(pick(k * 31));
        const { ms, results } = await find(text(p));
        times.push(ms);
        if (ok(p, results)) hits++;
      }
      console.log(
        `| ${label} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${Math.max(...times).toFixed(1)} | ${((100 * hits) / QUERIES).toFixed(0)}% |`,
      );
    }
  } finally {
    await service.stop();
  }
}

await main();
