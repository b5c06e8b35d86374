import { guests as guestEvents } from '@guest-graph/events';
import { bearer, postGraphQL, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

/** The sum of a series' samples whose labels include `labels` (Prometheus text format). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => (m[3] ?? '').includes(`${k}="${v}"`));
    if (has) total = (total ?? 0) + Number(m[4]);
  }
  return total;
}

// Issue 22: every process serves /metrics, and its series move with traffic.
describe('/metrics on every process', () => {
  let graph: Graph;
  const base = (url: string) => url.replace(/\/graphql$/, '');
  const scrape = async (url: string) => {
    const res = await fetch(`${base(url)}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };
  const scrapeAll = async () => {
    const all: Record<string, string> = { gateway: await scrape(graph.url) };
    for (const [name, s] of Object.entries(graph.services)) all[name] = await scrape(s.url);
    return all;
  };
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  it('moves request, subgraph, event, pool and event-loop series after a stay is checked out', async () => {
    const before = await scrapeAll();
    // A desk application that names itself, as Apollo Client does with `name`.
    const desk = <D>(query: string, variables: Record<string, unknown>) =>
      postGraphQL<D>(graph.url, query, variables, {
        ...bearer(['FRONT_OFFICE']),
        'apollographql-client-name': 'front-desk-console',
      });
    const { registerGuest } = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('周敏') },
      }),
    );
    ok(await desk(contract.EnrollMember, { guestId: registerGuest.id }));
    const { checkIn } = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: registerGuest.id,
          propertyCode: 'SHA01',
          roomType: 'KING',
          arrivalDate: '2026-04-01',
          departureDate: '2026-04-02',
          nightlyRate: '600.00',
          paymentMethod: 'CASH',
        },
      }),
    );
    ok(await desk(contract.CheckOut, { stayId: checkIn.id, charges: [{ outlet: 'ROOM', amount: '600.00' }] }));

    // Every consumer of the check-out has acknowledged it.
    const consumed = (text: string) => sample(text, 'events_consumed_total') ?? 0;
    const after = await waitFor(
      scrapeAll,
      (now) =>
        ['loyalty', 'accounts', 'service-recovery', 'credit'].every(
          (name) => consumed(now[name]!) > consumed(before[name]!),
        ),
      { timeoutMs: 10_000 },
    );

    // The gateway: latency by operation and client name, and its calls to the guests subgraph (register,
    // check-in, check-out).
    const by = { operation: 'CheckOut', client: 'front-desk-console', outcome: 'ok' };
    expect(sample(before.gateway!, 'graphql_request_duration_seconds_count', by) ?? 0).toBe(0);
    expect(sample(after.gateway!, 'graphql_request_duration_seconds_count', by)).toBe(1);
    const fetches = (t: string) =>
      sample(t, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'guests' }) ?? 0;
    expect(fetches(after.gateway!)).toBeGreaterThanOrEqual(fetches(before.gateway!) + 3);
    expect(sample(after.gateway!, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // The guests subgraph served the requests (its operation names are the gateway's plan's), and its outbox is
    // read: the check-out's event went out, so nothing waits.
    const served = (t: string) => sample(t, 'graphql_request_duration_seconds_count') ?? 0;
    expect(served(after.guests!)).toBeGreaterThanOrEqual(served(before.guests!) + 3);
    expect(sample(after.guests!, 'events_outbox_backlog_events')).toBe(0);
    expect(sample(after.guests!, 'events_outbox_oldest_age_seconds')).toBe(0);

    for (const [name, text] of Object.entries(after)) {
      if (name === 'gateway') continue;
      // Pool use and the event loop on every service.
      expect(sample(text, 'db_pool_connections', { state: 'idle' }), name).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'db_pool_waiting_requests'), name).toBeGreaterThanOrEqual(0);
      expect(sample(text, 'nodejs_eventloop_lag_seconds'), name).toBeGreaterThanOrEqual(0);
    }
    // Consumer lag: each of loyalty's durable consumers is read from JetStream, and nothing is left behind.
    expect(sample(after.loyalty!, 'events_consumer_pending_messages')).toBe(0);
    expect(after.loyalty).toMatch(/events_consumer_pending_messages\{consumer="loyalty__/);
  });

  it('counts a dead letter', async () => {
    const bus = graph.services.guests!.runtime.bus;
    const deadLetters = (t: string) => sample(t, 'events_dead_letters_total') ?? 0;
    const before = await scrape(graph.services.loyalty!.url);
    // Not the catalogue's shape: every consumer of the subject sets it aside at once.
    await bus.publishDirect(guestEvents.stayCheckedOut, JSON.stringify({ type: 'stay.checked-out', id: 'x' }));
    const after = await waitFor(
      () => scrape(graph.services.loyalty!.url),
      (t) => deadLetters(t) > deadLetters(before),
      { timeoutMs: 10_000 },
    );
    expect(after).toMatch(/events_dead_letters_total\{consumer="loyalty__[^"]+"\} 1/);
  });
});
