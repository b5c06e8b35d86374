import { randomBytes } from 'node:crypto';
import { EventBus, guests as guestEvents } from '@guest-graph/events';
import { createLogger } from '@guest-graph/http';
import { startNatsServer } from '@guest-graph/testing';
import pg from 'pg';
import { Hotel } from './hotel.js';
import { startPostgresCluster } from './postgres.js';
import { type ServiceName, startStack } from './stack.js';

export interface Profile {
  /** How long NATS stays down. */
  natsDownMs: number;
  /** Stream before and after each fault is injected. */
  beforeMs: number;
  afterMs: number;
  /** Consumer services killed with SIGKILL, one fault each. */
  kill: ServiceName[];
  accounts: number;
  members: number;
  /** Operations in flight at once. */
  workers: number;
  poison: number;
}
export const SHORT: Profile = {
  natsDownMs: 4000,
  beforeMs: 1500,
  afterMs: 1500,
  kill: ['loyalty', 'credit'],
  accounts: 3,
  members: 8,
  workers: 2,
  poison: 2,
};
export const FULL: Profile = {
  natsDownMs: 20_000,
  beforeMs: 8000,
  afterMs: 8000,
  kill: ['loyalty', 'accounts', 'credit', 'service-recovery', 'guests'],
  accounts: 6,
  members: 30,
  workers: 2,
  poison: 3,
};

export interface FaultRow {
  fault: string;
  sent: number;
  expected: number;
  found: number;
  lost: number;
  doubled: number;
  deadLetters: number;
  poison: number;
  mismatches: string[];
  unresolved: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SCHEMAS = ['guests', 'accounts', 'service_recovery', 'loyalty', 'credit'];
const PRODUCERS = ['guests', 'accounts', 'service-recovery', 'loyalty', 'credit'] as const;

/**
 * Starts a private Postgres and NATS, the five services and the gateway as processes, drives the hotel's
 * stream of money-like operations through the gateway and injects the faults one at a time. After each, once
 * everything has drained, the books are compared with what was sent.
 */
export async function runChaos(profile: Profile, log: (line: string) => void = console.log): Promise<FaultRow[]> {
  const nats = await startNatsServer();
  const postgres = await startPostgresCluster();
  const namespace = `chaos${randomBytes(4).toString('hex')}`;
  const cleanup: (() => Promise<unknown>)[] = [() => nats.dispose(), () => postgres.dispose()];
  try {
    log(`chaos: private Postgres on ${postgres.port}, NATS on ${nats.port}, namespace ${namespace}`);
    const stack = await startStack({ databaseUrl: postgres.url, natsUrl: nats.url, namespace });
    cleanup.unshift(() => stack.stop());
    log(`chaos: services and gateway up (logs in ${stack.logs})`);
    const observer = await EventBus.connect({
      service: 'chaos-observer',
      natsUrl: nats.url,
      namespace,
      logger: createLogger('chaos', 'silent'),
    });
    cleanup.unshift(() => observer.close());
    const hotel = new Hotel(stack.gatewayUrl);
    await hotel.setup(profile.accounts, profile.members);
    let poison = 0;
    let poisonPerMessage = 0;

    const faults: { name: string; inject: () => Promise<void> }[] = [
      { name: 'none (baseline)', inject: async () => {} },
      {
        name: `NATS down ${profile.natsDownMs / 1000} s`,
        inject: async () => {
          await nats.stop();
          await sleep(profile.natsDownMs);
          await nats.start();
        },
      },
      ...profile.kill.map((s) => ({
        name: `SIGKILL ${s}`,
        inject: async () => {
          await stack.procs[s]!.kill();
          await sleep(500);
          await stack.procs[s]!.start();
        },
      })),
      { name: 'Postgres restart', inject: () => postgres.restart() },
      {
        name: `replay from stream start + ${profile.poison} poison`,
        inject: async () => {
          const replayed = await replayAll(observer);
          log(`chaos: replayed ${replayed} events`);
          poisonPerMessage = await consumersOf(observer, observer.subject(guestEvents.stayCheckedOut));
          for (let i = 0; i < profile.poison; i++) {
            await observer.publishDirect(guestEvents.stayCheckedOut, {
              id: `poison-${i}`,
              type: 'stay.checked-out',
              data: { nonsense: true },
            } as never);
            poison += poisonPerMessage;
          }
        },
      },
    ];

    const rows: FaultRow[] = [];
    for (const fault of faults) {
      const began = Date.now();
      hotel.phase = fault.name;
      const start = hotel.ops.length;
      let stop = false;
      const workers = Array.from({ length: profile.workers }, async () => {
        while (!stop) {
          await hotel.step();
          await sleep(30);
        }
      });
      await sleep(profile.beforeMs);
      await fault.inject();
      await sleep(profile.afterMs);
      stop = true;
      await Promise.all(workers);
      await drain(postgres.url, observer);
      const unresolved = await hotel.reconcile();
      // The books are read until they balance or a generous minute passes; then whatever they say is the row.
      let books = await hotel.books();
      const deadline = Date.now() + 60_000;
      while ((books.lost || books.doubled || books.mismatches.length) && Date.now() < deadline) {
        await sleep(1000);
        books = await hotel.books();
      }
      const deadLetters = await deadLetterCount(observer);
      const row: FaultRow = {
        fault: fault.name,
        sent: hotel.ops.slice(start).filter((o) => o.state === 'done').length,
        expected: books.expected,
        found: books.found,
        lost: books.lost,
        doubled: books.doubled,
        deadLetters,
        poison,
        mismatches: books.mismatches,
        unresolved,
      };
      rows.push(row);
      log(
        `chaos: ${row.fault}: sent ${row.sent}, expected ${row.expected}, found ${row.found}, lost ${row.lost}, doubled ${row.doubled}, dead letters ${deadLetters}/${poison}${books.mismatches.length ? `; ${books.mismatches.slice(0, 3).join('; ')}` : ''} (${Math.round((Date.now() - began) / 1000)} s)`,
      );
    }
    log(table(rows, hotel.failures));
    return rows;
  } finally {
    for (const c of cleanup) await c().catch(() => {});
  }
}

/** Until every outbox is relayed and every durable consumer has nothing pending or unacknowledged. */
async function drain(databaseUrl: string, bus: EventBus) {
  let last = '';
  for (let i = 0; i < 600; i++) {
    try {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      let unpublished = 0;
      try {
        for (const s of SCHEMAS) {
          const r = await c.query(`SELECT count(*)::int AS n FROM "${s}".outbox WHERE published_at IS NULL`);
          unpublished += r.rows[0].n;
        }
      } finally {
        await c.end();
      }
      let pending = 0;
      const busy: string[] = [];
      for (const p of PRODUCERS)
        for await (const ci of await bus.jsm.consumers.list(bus.streamName(p))) {
          pending += ci.num_pending + ci.num_ack_pending;
          if (ci.num_pending + ci.num_ack_pending) busy.push(`${ci.name} ${ci.num_pending}+${ci.num_ack_pending}`);
        }
      if (!unpublished && !pending) return;
      last = `${unpublished} unpublished; pending ${busy.join(', ')}`;
    } catch {
      // Postgres or NATS still coming back
    }
    await sleep(200);
  }
  throw new Error(`the stream did not drain in two minutes: ${last}`);
}

/** Publishes every event of every producer's stream again, as a replay from the start would. */
async function replayAll(bus: EventBus) {
  let n = 0;
  for (const p of PRODUCERS) {
    const name = bus.streamName(p);
    const info = await bus.jsm.streams.info(name).catch(() => null);
    if (!info) continue;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const m = await bus.jsm.streams.getMessage(name, { seq }).catch(() => null);
      if (!m) continue;
      // A new message id: JetStream's duplicate window must not be what saves us; the inboxes must.
      await bus.js.publish(m.subject, m.data, { msgID: `replay-${name}-${seq}` });
      n++;
    }
  }
  return n;
}

async function consumersOf(bus: EventBus, subject: string) {
  let n = 0;
  for await (const ci of await bus.jsm.consumers.list(bus.streamName('guests')))
    if (ci.config.filter_subject === subject || ci.config.filter_subjects?.includes(subject)) n++;
  return n;
}

async function deadLetterCount(bus: EventBus) {
  const info = await bus.jsm.streams.info(bus.deadLetterStream).catch(() => null);
  return info?.state.messages ?? 0;
}

export function table(rows: FaultRow[], failures = 0) {
  const head = [
    'fault',
    'operations sent',
    'effects expected',
    'effects found',
    'lost',
    'doubled',
    'dead letters (poison)',
    'books',
  ];
  const body = rows.map((r) => [
    r.fault,
    String(r.sent),
    String(r.expected),
    String(r.found),
    String(r.lost),
    String(r.doubled),
    `${r.deadLetters} (${r.poison})`,
    r.mismatches.length ? `${r.mismatches.length} differ` : 'balance',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    `(effects are cumulative; ${failures} calls refused or failed during faults, each settled with the owning service)`,
  ].join('\n');
}
