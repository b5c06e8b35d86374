import { contextFrom, inSpan, SpanKind, traceHeaders, tracingOn } from '@guest-graph/telemetry';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { BusOptions } from './bus-options.js';
import type { RequestDefinition } from './catalogue/define.js';
import { messageHeaders } from './outbox.js';

/** Raised when a question over request/reply gets no answer in time (nobody listening, or too slow). */
export class NoAnswerError extends Error {
  readonly code = 'NO_ANSWER';
  constructor(readonly question: string) {
    super(`No answer to ${question} in time`);
    this.name = 'NoAnswerError';
  }
}
/** Thrown by a responder's handler that found its asker gone before committing: no answer is sent. */
export class AskerGaveUp extends Error {
  constructor() {
    super('The asker has given up');
    this.name = 'AskerGaveUp';
  }
}

/** The responder answered with a refusal it could not express in its reply schema (or failed). */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/**
 * The header a question carries: when its asker stops waiting (epoch milliseconds). Hosts keep their clocks in
 * step (NTP); a responder whose clock runs fast drops a question early, and the asker sees silence, as it would
 * from a slow responder.
 */
export const DEADLINE_HEADER = 'Hotel-Deadline';

/** What a responder knows about the asker: whether it is still waiting for the answer. */
export interface Asked {
  /** When the asker gives up (epoch ms), or null for a question without a deadline. */
  deadline: number | null;
  /** False once the asker has given up: a change made for it now would be one nobody hears of. */
  stillWaiting(): boolean;
}

/** Questions over core NATS request/reply: asked with a deadline, answered by a queue group of responders. */
export class Questions {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly options: BusOptions,
    private readonly nc: NatsConnection,
  ) {}

  private get namespace() {
    return this.options.namespace;
  }

  /**
   * Answers one question. The handler may throw an error with a `code` to refuse in a typed way. A question
   * whose asker has given up (past its deadline, say it waited in the queue behind slow ones) is dropped
   * unanswered; the handler can ask `asked.stillWaiting()` before it commits a change made for the asker.
   */
  respond<Q extends RequestDefinition>(
    def: Q,
    handler: (request: import('zod').output<Q['request']>, asked: Asked) => Promise<import('zod').input<Q['reply']>>,
  ) {
    const sub = this.nc.subscribe(`${this.namespace}.rpc.${def.name}`, { queue: def.responder });
    this.subscriptions.push(sub);
    (async () => {
      for await (const m of sub) {
        const stamped = Number(m.headers?.get(DEADLINE_HEADER));
        const deadline = Number.isFinite(stamped) && stamped > 0 ? stamped : null;
        const asked: Asked = { deadline, stillWaiting: () => deadline === null || Date.now() <= deadline };
        if (!asked.stillWaiting()) {
          this.options.logger.info({ question: def.name }, 'question dropped: its asker has given up');
          continue;
        }
        let answer: unknown;
        try {
          const req = def.request.parse(m.json()) as import('zod').output<Q['request']>;
          const answered = () => handler(req, asked);
          // The answer's work joins the asker's trace (its `traceparent` header).
          const reply = tracingOn()
            ? await inSpan(
                `${def.name} answer`,
                {
                  kind: SpanKind.SERVER,
                  parent: contextFrom(m.headers),
                  attributes: { 'guest_graph.service': this.options.service, 'messaging.system': 'nats' },
                },
                answered,
              )
            : await answered();
          answer = { ok: true, data: def.reply.parse(reply) };
        } catch (e) {
          if (e instanceof AskerGaveUp) {
            this.options.logger.info({ question: def.name }, 'question abandoned: its asker gave up meanwhile');
            continue;
          }
          this.options.logger.warn({ question: def.name, err: (e as Error).message }, 'question refused');
          answer = {
            ok: false,
            error: { code: (e as { code?: string }).code ?? 'BAD_REQUEST', message: (e as Error).message },
          };
        }
        m.respond(JSON.stringify(answer));
      }
    })().catch(() => {});
  }

  /** Asks a question; throws NoAnswerError when nobody answers within `timeoutMs`. */
  async request<Q extends RequestDefinition>(
    def: Q,
    payload: import('zod').input<Q['request']>,
    opts: { timeoutMs?: number } = {},
  ): Promise<import('zod').output<Q['reply']>> {
    const body = JSON.stringify(def.request.parse(payload));
    const timeout = opts.timeoutMs ?? 2000;
    const deadline = { [DEADLINE_HEADER]: String(Date.now() + timeout) };
    let reply: { ok: boolean; data?: unknown; error?: { code: string; message: string } };
    try {
      const subject = `${this.namespace}.rpc.${def.name}`;
      const m = tracingOn()
        ? await inSpan(`${def.name} ask`, { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats' } }, () =>
            this.nc.request(subject, body, { timeout, headers: messageHeaders({ ...traceHeaders(), ...deadline }) }),
          )
        : await this.nc.request(subject, body, { timeout, headers: messageHeaders(deadline) });
      reply = m.json();
    } catch {
      throw new NoAnswerError(def.name);
    }
    if (!reply.ok) throw new RemoteError(reply.error?.code ?? 'UNKNOWN', reply.error?.message ?? 'refused');
    return def.reply.parse(reply.data) as import('zod').output<Q['reply']>;
  }

  /** Stops answering. */
  close() {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
