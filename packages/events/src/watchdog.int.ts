import { createLogger } from '@guest-graph/http';
import { startNatsCluster, testNamespace, waitFor } from '@guest-graph/testing';
import { AckPolicy } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from './bus.js';

// The watchdog's remedy for a leader that stopped redelivering (watchdog.ts) on a real three-node cluster:
// a service's bus can make its durable consumer's leader hand over, and says so when it cannot.
const namespace = testNamespace();
let cluster: Awaited<ReturnType<typeof startNatsCluster>>;
let bus: EventBus;
const stream = `${namespace}_watchdog`;

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  bus = await EventBus.connect({
    service: 'credit',
    natsUrl: cluster.url,
    namespace,
    logger: createLogger('watchdog-test', 'silent'),
    replicas: 3,
  });
  // A fresh cluster places three replicas only once every node has met the others.
  await waitFor(
    () =>
      bus.jsm.streams
        .add({ name: stream, subjects: [`${namespace}.watchdog.>`], num_replicas: 3 })
        .then(() => true)
        .catch(() => false),
    Boolean,
    { timeoutMs: 60_000, intervalMs: 500 },
  );
}, 120_000);

afterAll(async () => {
  await bus?.close();
  await cluster?.dispose();
});

describe('a replicated consumer whose leader stopped redelivering', () => {
  it('gets a new leader when the watchdog asks the old one to step down', async () => {
    await bus.jsm.consumers.add(stream, { durable_name: 'credit__watchdog', ack_policy: AckPolicy.Explicit });
    const leader = async () => (await bus.jsm.consumers.info(stream, 'credit__watchdog')).cluster?.leader;
    const before = await waitFor(leader, Boolean, { timeoutMs: 30_000 });

    await bus.stepDownConsumerLeader(stream, 'credit__watchdog');

    const after = await waitFor(leader, (now) => !!now && now !== before, { timeoutMs: 30_000 });
    expect(after).not.toBe(before);
  }, 90_000);

  it('fails with the server’s reason for a consumer that does not exist', async () => {
    await expect(bus.stepDownConsumerLeader(stream, 'credit__nobody')).rejects.toThrow(/consumer not found/i);
  });
});
