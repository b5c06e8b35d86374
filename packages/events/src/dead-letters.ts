import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { type NatsCredentials, natsServers } from './bus-options.js';
import { REPLAY_FOR_HEADER } from './consumers.js';
import { OPERATOR_USER } from './nats-auth.js';
import { safeName } from './streams.js';

/** One event a consumer could not apply, as its dead letter stores it. */
export interface DeadLetter {
  /** Its sequence in the dead-letter stream: the id the CLI takes. */
  seq: number;
  at: string;
  service: string;
  /** The durable consumer that gave up on it (`<service>__<name>`). */
  consumer: string;
  /** Where the event was published, and where a replay sends it again. */
  subject: string;
  reason: string;
  deliveries: number;
  eventId?: string;
  type?: string;
  /** The message as it was delivered (an envelope, or whatever did not parse as one). */
  body: string;
}

export interface Replayed {
  seq: number;
  consumer: string;
  subject: string;
  /** The replay's own sequence in the event stream. */
  streamSeq: number;
}

/**
 * The dead letters of a namespace, read and replayed. A replay publishes the event again to its original
 * subject, marked for the one consumer that set it aside (every other consumer acknowledges it untouched, and
 * its inbox would skip it anyway), then removes the dead letter: if it fails again it comes back as a new one.
 */
export class DeadLetters {
  private constructor(
    private readonly namespace: string,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly nc?: NatsConnection,
  ) {}

  static async connect(natsUrl: string, namespace: string, credentials?: NatsCredentials): Promise<DeadLetters> {
    const nc = await connect({
      servers: natsServers(natsUrl),
      name: 'dead-letters',
      timeout: 5000,
      ...(credentials ? { user: credentials.user, pass: credentials.password } : {}),
    });
    return new DeadLetters(namespace, jetstream(nc, { timeout: 5000 }), await jetstreamManager(nc), nc);
  }

  /** Over a connection someone else owns (a bus's). */
  static over(namespace: string, js: JetStreamClient, jsm: JetStreamManager): DeadLetters {
    return new DeadLetters(namespace, js, jsm);
  }

  get stream() {
    return safeName(`${this.namespace}_dead_letter`);
  }

  /** Every dead letter still waiting, oldest first (none when nothing was ever set aside). */
  async list(limit = 10_000): Promise<DeadLetter[]> {
    const info = await this.jsm.streams.info(this.stream).catch(() => null);
    if (!info?.state.messages) return [];
    const out: DeadLetter[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && out.length < limit; seq++) {
      const letter = await this.show(seq);
      if (letter) out.push(letter);
    }
    return out;
  }

  /** One dead letter, or null when there is none with that id (never was, or replayed). */
  async show(seq: number): Promise<DeadLetter | null> {
    const m = await this.jsm.streams.getMessage(this.stream, { seq }).catch(() => null);
    if (!m) return null;
    const h = (name: string) => m.header?.get(name) ?? '';
    const body = m.string();
    let envelope: { id?: unknown; type?: unknown } = {};
    try {
      envelope = JSON.parse(body);
    } catch {
      // kept as it came: that is why it is here
    }
    const consumer = h('Dead-Letter-Consumer');
    return {
      seq: m.seq,
      at: m.time.toISOString(),
      service: h('Dead-Letter-Service') || consumer.split('__')[0] || '',
      consumer,
      subject: h('Dead-Letter-Subject'),
      reason: h('Dead-Letter-Reason'),
      deliveries: Number(h('Dead-Letter-Deliveries')) || 0,
      ...(typeof envelope.id === 'string' ? { eventId: envelope.id } : {}),
      ...(typeof envelope.type === 'string' ? { type: envelope.type } : {}),
      body,
    };
  }

  /** Sends one dead letter back to its consumer; null when there is none with that id. */
  async replay(seq: number): Promise<Replayed | null> {
    const letter = await this.show(seq);
    if (!letter) return null;
    if (!letter.subject || !letter.consumer) throw new Error(`dead letter ${seq} does not say where it came from`);
    const h = headers();
    h.set(REPLAY_FOR_HEADER, letter.consumer);
    h.set('Dead-Letter-Replayed-From', String(seq));
    // The same id for the same dead letter: replaying twice inside the dedup window publishes once.
    const ack = await this.js.publish(letter.subject, letter.body, {
      headers: h,
      msgID: `replay:${this.stream}:${seq}`,
    });
    // Only once the replay is stored: a failure above leaves the dead letter where it was.
    await this.jsm.streams.deleteMessage(this.stream, seq, false).catch(() => false);
    return { seq, consumer: letter.consumer, subject: letter.subject, streamSeq: ack.seq };
  }

  /** Replays every waiting dead letter, oldest first. */
  async replayAll(): Promise<Replayed[]> {
    const out: Replayed[] = [];
    for (const letter of await this.list()) {
      const r = await this.replay(letter.seq);
      if (r) out.push(r);
    }
    return out;
  }

  async close() {
    if (this.nc && !this.nc.isClosed()) await this.nc.drain().catch(() => this.nc!.close());
  }
}

const USAGE = `usage: npm run dead-letters -- list | show <id> | replay <id> | replay --all
  NATS_URL (nats://127.0.0.1:4222) and NATS_NAMESPACE (hotel) say which dead letters; on a NATS with users,
  NATS_PASSWORD is the operator's (NATS_USER, operator by default: a replay publishes any service's event)`;

/**
 * The `dead-letters` command: list, show, replay one, replay all. Prints through `print`; returns the exit
 * code (1 for a wrong command or an id with no dead letter).
 */
export async function deadLetterCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
  open: () => Promise<DeadLetters> = () =>
    DeadLetters.connect(
      env.NATS_URL || 'nats://127.0.0.1:4222',
      env.NATS_NAMESPACE || 'hotel',
      env.NATS_PASSWORD ? { user: env.NATS_USER || OPERATOR_USER, password: env.NATS_PASSWORD } : undefined,
    ),
): Promise<number> {
  const [command, arg] = args;
  const id = Number(arg);
  const wants =
    command === 'list' ||
    ((command === 'show' || command === 'replay') && Number.isInteger(id) && id > 0) ||
    (command === 'replay' && arg === '--all');
  if (!wants) {
    print(USAGE);
    return 1;
  }
  const letters = await open();
  try {
    if (command === 'list') {
      const all = await letters.list();
      for (const l of all)
        print(
          [l.seq, l.at, l.consumer, l.type ?? '-', l.eventId ?? '-', `${l.deliveries} deliveries`, l.reason].join('\t'),
        );
      print(`${all.length} dead letter${all.length === 1 ? '' : 's'}`);
      return 0;
    }
    if (command === 'show') {
      const l = await letters.show(id);
      if (!l) {
        print(`no dead letter ${id}`);
        return 1;
      }
      let event: unknown = l.body;
      try {
        event = JSON.parse(l.body);
      } catch {
        // printed as it came
      }
      const { body: _body, ...rest } = l;
      print(JSON.stringify({ ...rest, event }, null, 2));
      return 0;
    }
    const replayed = arg === '--all' ? await letters.replayAll() : [await letters.replay(id)];
    if (replayed[0] === null) {
      print(`no dead letter ${id}`);
      return 1;
    }
    for (const r of replayed as Replayed[]) print(`replayed ${r.seq} to ${r.consumer} (${r.subject})`);
    print(`${replayed.length} replayed`);
    return 0;
  } finally {
    await letters.close();
  }
}
