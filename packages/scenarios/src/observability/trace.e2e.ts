import { inMemorySpanExporter, type ReadableSpan, SpanKind, startTracing, stopTracing } from '@guest-graph/telemetry';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// Issue 22: one trace from the gateway through each subgraph call and across NATS into the consumers. The graph
// runs in this process, so every span lands in one in-memory exporter; `guest_graph.service` tells whose it is.
describe('a check-out is one trace from the gateway to the loyalty consumer', () => {
  let exporter: Awaited<ReturnType<typeof inMemorySpanExporter>>;
  let graph: Graph;
  beforeAll(async () => {
    exporter = await inMemorySpanExporter();
    expect(await startTracing({ service: 'graph', exporter })).toBe(true);
    graph = await startGraph();
  });
  afterAll(async () => {
    await graph?.stop();
    await stopTracing();
  });

  /** A finished span as the assertions (and a timed-out wait's message) read it. */
  const summary = (s: ReadableSpan) => ({
    traceId: s.spanContext().traceId,
    id: s.spanContext().spanId,
    parent: s.parentSpanContext?.spanId,
    name: s.name,
    kind: s.kind,
    service: s.attributes['guest_graph.service'] as string | undefined,
    fetches: s.attributes.service as string | undefined,
    operation: s.attributes['graphql.operation.name'] as string | undefined,
    consumer: s.attributes['messaging.consumer.group.name'] as string | undefined,
  });
  const finished = () => exporter.getFinishedSpans().map(summary);

  it('links the gateway, the guests subgraph, the outbox and the loyalty consumer', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const { registerGuest } = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('林海') },
      }),
    );
    ok(await desk(contract.EnrollMember, { guestId: registerGuest.id }));
    const { checkIn } = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: registerGuest.id,
          propertyCode: 'SHA01',
          roomType: 'KING',
          arrivalDate: '2026-03-01',
          departureDate: '2026-03-03',
          nightlyRate: '800.00',
          paymentMethod: 'CASH',
        },
      }),
    );
    // The earlier requests' events may still be on their way; the check-out's trace is told by its own root.
    const before = new Set(finished().map((s) => s.id));
    ok(await desk(contract.CheckOut, { stayId: checkIn.id, charges: [{ outlet: 'ROOM', amount: '1600.00' }] }));

    const root = await waitFor(
      async () =>
        finished().filter((s) => !before.has(s.id) && s.name === 'gateway.request' && s.operation === 'CheckOut'),
      (found) => found.length === 1,
      { timeoutMs: 5000 },
    );
    const traceId = root[0]!.traceId;
    const inTrace = async () => finished().filter((s) => s.traceId === traceId);
    const spans = await waitFor(
      inTrace,
      (found) => found.some((s) => s.service === 'loyalty' && s.kind === SpanKind.CONSUMER),
      { timeoutMs: 10_000 },
    );

    // The gateway's own spans: the request, its plan and a fetch from the guests subgraph.
    const names = spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch']));
    const guestsFetch = spans.find((s) => s.name === 'gateway.fetch' && s.fetches === 'guests');
    expect(guestsFetch).toBeDefined();
    // The guests subgraph's request span is that fetch's child: the trace crossed HTTP.
    const guests = spans.find((s) => s.service === 'guests' && s.kind === SpanKind.SERVER);
    expect(guests?.parent).toBe(guestsFetch!.id);
    // Across NATS: the outbox row kept the check-out's context, the relay sent it as headers, and loyalty's
    // consumer (which earns the stay's points) continued it.
    const loyalty = spans.find((s) => s.service === 'loyalty' && s.kind === SpanKind.CONSUMER)!;
    expect(loyalty.name).toBe('stay.checked-out process');
    expect(loyalty.consumer).toMatch(/^loyalty__/);
    expect(loyalty.parent).toBe(guests!.id);
    // Every consumer of the check-out joins the same trace, not only loyalty's.
    await waitFor(
      inTrace,
      (found) =>
        ['accounts', 'credit', 'service-recovery'].every((name) =>
          found.some((s) => s.service === name && s.kind === SpanKind.CONSUMER),
        ),
      { timeoutMs: 10_000 },
    );
  });
});
