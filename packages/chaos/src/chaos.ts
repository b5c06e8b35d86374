import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventBus, guests as guestEvents } from '@guest-graph/events';
import { createLogger } from '@guest-graph/http';
import { type NatsServer, startNatsCluster, startNatsServer } from '@guest-graph/testing';
import pg from 'pg';
import { Hotel } from './hotel.js';
import { startPostgresCluster } from './postgres.js';
import { SERVICES, type ServiceName, type Stack, startStack } from './stack.js';

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
  /** How long Postgres stays down (stopped, then started again) in a fault of its own; none when unset. */
  postgresDownMs?: number;
  /**
   * The replicated shape: a three-node NATS cluster with streams on all three, this many instances of every
   * service, and the cluster's faults (an instance of every service killed, a NATS node killed, Postgres down,
   * a rolling restart) instead of the single-instance ones.
   */
  cluster?: { replicas: number; natsNodeDownMs: number; rollingRestart: boolean };
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
  postgresDownMs: 60_000,
};
/** `npm run chaos -- --profile cluster`: every fault of the issue, under load, on two instances of everything. */
export const CLUSTER: Profile = {
  ...FULL,
  kill: [...SERVICES],
  postgresDownMs: 120_000,
  cluster: { replicas: 2, natsNodeDownMs: 20_000, rollingRestart: true },
};
/** The cluster's cheap check in `npm test`: one instance of every service killed, one NATS node killed. */
export const CLUSTER_SHORT: Profile = {
  ...SHORT,
  kill: [...SERVICES],
  postgresDownMs: undefined,
  cluster: { replicas: 2, natsNodeDownMs: 5000, rollingRestart: false },
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
  /** Calls the gateway refused or failed while this fault ran (settled with the owning service afterwards). */
  refused: number;
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
  const cluster = profile.cluster;
  const nats = cluster ? await startNatsCluster(3) : await startNatsServer();
  const natsNodes: NatsServer[] = 'nodes' in nats ? nats.nodes : [nats];
  const postgres = await startPostgresCluster();
  const namespace = `chaos${randomBytes(4).toString('hex')}`;
  const cleanup: (() => Promise<unknown>)[] = [() => nats.dispose(), () => postgres.dispose()];
  try {
    log(
      `chaos: private Postgres on ${postgres.port}, NATS on ${natsNodes.map((n) => n.port).join(', ')}, namespace ${namespace}`,
    );
    const stack = await startStack({
      databaseUrl: postgres.url,
      natsUrl: nats.url,
      namespace,
      replicas: cluster?.replicas ?? 1,
      env: cluster ? { EVENTS_STREAM_REPLICAS: String(natsNodes.length) } : {},
    });
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

    const postgresDown = profile.postgresDownMs
      ? [
          {
            name: `Postgres down ${profile.postgresDownMs / 1000} s`,
            inject: async () => {
              await postgres.stop();
              await sleep(profile.postgresDownMs!);
              await postgres.start();
            },
          },
        ]
      : [];
    const singleFaults = [
      {
        name: `NATS down ${profile.natsDownMs / 1000} s`,
        inject: async () => {
          await natsNodes[0]!.stop();
          await sleep(profile.natsDownMs);
          await natsNodes[0]!.start();
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
      ...postgresDown,
    ];
    const clusterFaults = cluster
      ? [
          {
            // The other instances carry the load while the first of each service is gone.
            name: `SIGKILL one instance of every service (${profile.kill.length}), back after 5 s`,
            inject: async () => {
              const first = profile.kill.map((s) => stack.instances(s)[0]!);
              await Promise.all(first.map((p) => p.kill()));
              await sleep(5000);
              await Promise.all(first.map((p) => p.start()));
            },
          },
          {
            name: `SIGKILL the NATS node leading the guests stream, back after ${cluster.natsNodeDownMs / 1000} s`,
            inject: async () => {
              const node = await leaderOf(observer, natsNodes, 'guests');
              await node.stop();
              await sleep(cluster.natsNodeDownMs);
              await node.start();
            },
          },
          ...postgresDown,
          ...(cluster.rollingRestart
            ? [
                {
                  name: 'rolling restart of every service instance (SIGTERM, start, healthy, next)',
                  inject: () => rollingRestart(stack),
                },
              ]
            : []),
        ]
      : [];
    const faults: { name: string; inject: () => Promise<void> }[] = [
      { name: 'none (baseline)', inject: async () => {} },
      ...(cluster ? clusterFaults : singleFaults),
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
      const failuresBefore = hotel.failures;
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
      await drain(postgres.url, observer, stack);
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
        refused: hotel.failures - failuresBefore,
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

/** The NATS node that leads one producer's stream (losing it forces an election), or the first node. */
async function leaderOf(bus: EventBus, nodes: NatsServer[], producer: 'guests') {
  const info = await bus.jsm.streams.info(bus.streamName(producer));
  // Node names end in -n<index>, as startNatsCluster names them.
  const index = Number(/-n(\d+)$/.exec(info.cluster?.leader ?? '')?.[1] ?? 1) - 1;
  return nodes[index] ?? nodes[0]!;
}

/** Every instance of every service in turn, as a deployment rolls: stopped gracefully, started, healthy, next. */
async function rollingRestart(stack: Stack) {
  for (const s of SERVICES)
    for (const p of stack.instances(s)) {
      await p.stop();
      await p.start();
    }
}

/**
 * Until every outbox is relayed and every durable consumer has nothing pending or unacknowledged. A slow
 * machine may take long, so the wait is bounded by progress: it fails once nothing has moved (no row relayed,
 * no delivery acknowledged) for 150 s (a stuck consumer's watchdog acts within 105 s), or after six minutes
 * whatever moves.
 */
async function drain(databaseUrl: string, bus: EventBus, stack: Stack) {
  const began = Date.now();
  let moved = began;
  let progress = '';
  let last = '';
  while (Date.now() - moved < 150_000 && Date.now() - began < 360_000) {
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
      const floors: number[] = [unpublished];
      for (const p of PRODUCERS)
        for await (const ci of await bus.jsm.consumers.list(bus.streamName(p))) {
          pending += ci.num_pending + ci.num_ack_pending;
          floors.push(ci.ack_floor.stream_seq, ci.delivered.stream_seq);
          // What says where a stuck consumer stuck: the server's side (delivered, acknowledged up to,
          // redelivered, pull requests waiting, leader) beside the counts.
          if (ci.num_pending + ci.num_ack_pending)
            busy.push(
              `${ci.name} ${ci.num_pending}+${ci.num_ack_pending} (delivered ${ci.delivered.stream_seq}, ack floor ${ci.ack_floor.stream_seq}, redelivered ${ci.num_redelivered}, pulls waiting ${ci.num_waiting}, leader ${ci.cluster?.leader ?? '-'})`,
            );
        }
      if (!unpublished && !pending) return;
      last = `${unpublished} unpublished; pending ${busy.join(', ')}`;
      const now = floors.join(',');
      if (now !== progress) {
        progress = now;
        moved = Date.now();
      }
    } catch {
      // Postgres or NATS still coming back
    }
    await sleep(200);
  }
  throw new Error(
    `the stream did not drain (${Math.round((Date.now() - moved) / 1000)} s without progress, ${Math.round((Date.now() - began) / 1000)} s in all): ${last}\n${stack.exits.join('\n')}\n${complaints(stack.logs)}`,
  );
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
    'calls refused',
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
    String(r.refused),
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
    `(effects are cumulative; ${failures} calls refused or failed in all, each operation they left unsure settled with the owning service)`,
  ].join('\n');
}

/** The last warnings and errors of every process (the logs hold no personal data), for a failure's message. */
function complaints(logs: string): string {
  const lines: string[] = [];
  for (const file of readdirSync(logs).sort()) {
    const tail = readFileSync(join(logs, file), 'utf8')
      .split('\n')
      .filter((l) => /"level":(40|50|60)/.test(l))
      .slice(-6)
      .map((l) => `  ${file}: ${l.slice(0, 400)}`);
    lines.push(...tail);
  }
  return lines.join('\n');
}
