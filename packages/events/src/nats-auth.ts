import { randomBytes } from 'node:crypto';
import { ASKS, CONSUMERS } from './catalogue/access.js';
import { type EventDefinition, PRODUCERS, type Producer, type RequestDefinition } from './catalogue/define.js';
import * as catalogue from './catalogue/index.js';
import { safeName } from './streams.js';

// NATS users with subject permissions, derived from the event catalogue (catalogue/access.ts says who consumes
// and who asks what). Without users anything that reaches NATS may publish `stay.checked-out` (points,
// invoices) or answer `credit.authorize`; with them each service publishes its own events, its dead letters
// and the questions it asks, answers only its own questions, and reaches JetStream's API only for the streams
// and durable consumers it uses. The subjects follow the bus's own naming (streams.ts, questions.ts).

/** The user that `npm run dead-letters` and operators use: every subject (it replays any service's event). */
export const OPERATOR_USER = 'operator';

/** The inbox prefix of a service's connection: its replies, JetStream's answers and its consumers' deliveries. */
export const inboxPrefix = (service: string) => `_INBOX.${safeName(service)}`;

/** The environment variable holding a user's password where a configuration names it (`$NATS_PASSWORD_GUESTS`). */
export const passwordVariable = (user: string) => `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export interface Permissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** May answer a request it received (to the asker's reply subject, once), and nothing else in `_INBOX`. */
  allow_responses: boolean;
}

const isEvent = (v: unknown): v is EventDefinition =>
  typeof v === 'object' && v !== null && 'producer' in v && 'schema' in v && 'version' in v;
const isQuestion = (v: unknown): v is RequestDefinition =>
  typeof v === 'object' && v !== null && 'responder' in v && 'request' in v && 'reply' in v;

/** Every event and question of the catalogue, including those kept per producer (timelines, data requests). */
export function catalogueEntries(): { events: EventDefinition[]; questions: RequestDefinition[] } {
  const events = new Set<EventDefinition>();
  const questions = new Set<RequestDefinition>();
  const take = (v: unknown) => {
    if (isEvent(v)) events.add(v);
    else if (isQuestion(v)) questions.add(v);
  };
  const modules = [
    catalogue.accounts,
    catalogue.credit,
    catalogue.dataRights,
    catalogue.guests,
    catalogue.loyalty,
    catalogue.serviceRecovery,
    catalogue.timeline,
  ];
  for (const m of modules)
    for (const v of Object.values(m)) {
      take(v);
      // Definitions kept per producer (`timelineNoted.guests`, `dataRequestAnswered.credit`).
      if (v && Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) take(x);
    }
  return { events: [...events], questions: [...questions] };
}

/** What a service's user may do on `namespace`'s subjects. */
export function servicePermissions(service: Producer, namespace: string): Permissions {
  const { events, questions } = catalogueEntries();
  const subject = (e: EventDefinition) => `${namespace}.${e.producer}.${e.name}`;
  const rpc = (q: RequestDefinition) => `${namespace}.rpc.${q.name}`;
  const stream = (p: Producer) => safeName(`${namespace}_${p}`);
  const own = stream(service);
  const deadLetters = safeName(`${namespace}_dead_letter`);
  const consumers = Object.entries(CONSUMERS[service]).map(([name, def]) => ({
    stream: stream(def.producer),
    durable: safeName(`${service}__${name}`),
    filter: subject(def),
  }));
  // Made on first use by whichever service comes first; only the owner brings its limits up to date.
  const streams = [...new Set([own, deadLetters, ...consumers.map((c) => c.stream)])];
  const api = '$JS.API';
  const publish = [
    // Sorted: the same catalogue gives the same file, however a loader orders a module's exports.
    ...events
      .filter((e) => e.producer === service)
      .map(subject)
      .sort(),
    `${namespace}.dead-letter.${safeName(service)}.>`,
    ...ASKS[service].map(rpc).sort(),
    ...streams.flatMap((s) => [`${api}.STREAM.INFO.${s}`, `${api}.STREAM.CREATE.${s}`]),
    `${api}.STREAM.UPDATE.${own}`,
    `${api}.STREAM.UPDATE.${deadLetters}`,
    ...consumers.flatMap(({ stream: s, durable: d, filter }) => [
      `${api}.CONSUMER.CREATE.${s}.${d}`,
      `${api}.CONSUMER.CREATE.${s}.${d}.${filter}`,
      `${api}.CONSUMER.DURABLE.CREATE.${s}.${d}`,
      `${api}.CONSUMER.INFO.${s}.${d}`,
      `${api}.CONSUMER.MSG.NEXT.${s}.${d}`,
      // The watchdog's remedy for a leader that stopped redelivering (watchdog.ts).
      `${api}.CONSUMER.LEADER.STEPDOWN.${s}.${d}`,
      // Acknowledgements (ack, nak, term, in progress) of its own durable's deliveries only.
      `$JS.ACK.${s}.${d}.>`,
    ]),
  ];
  const subscribe = [
    `${inboxPrefix(service)}.>`,
    ...questions
      .filter((q) => q.responder === service)
      .map(rpc)
      .sort(),
  ];
  return { publish: { allow: [...new Set(publish)] }, subscribe: { allow: subscribe }, allow_responses: true };
}

/** A user's password: a literal, or `{ variable }` for the server to read from its environment (compose). */
export type PasswordSource = string | { variable: string };

export interface NatsAuthOptions {
  /** The namespace the services run in (`NATS_NAMESPACE`, `hotel` by default). */
  namespace: string;
  /** Each service's password and the operator's. */
  passwords: Record<Producer | typeof OPERATOR_USER, PasswordSource>;
}

/**
 * What a password may look like: nats-server reads a `$VARIABLE` from its environment as a configuration value,
 * so `1234e5` would be a number and `a b` a syntax error; letters and digits starting with a letter stay a string.
 */
export const NATS_PASSWORD_FORMAT = /^[A-Za-z][A-Za-z0-9]*$/;

/** A fresh password in that format: 192 random bits. */
export const randomPassword = () => `n${randomBytes(24).toString('hex')}`;

/** Fresh random passwords for the five services and the operator (what `npm start` and the tests use). */
export function randomPasswords(): Record<Producer | typeof OPERATOR_USER, string> {
  return Object.fromEntries([...PRODUCERS, OPERATOR_USER].map((u) => [u, randomPassword()])) as Record<
    Producer | typeof OPERATOR_USER,
    string
  >;
}

/** Passwords the server reads from its environment, `$NATS_PASSWORD_<USER>` each (docker/compose.yaml). */
export function passwordsFromEnvironment(): Record<Producer | typeof OPERATOR_USER, { variable: string }> {
  return Object.fromEntries([...PRODUCERS, OPERATOR_USER].map((u) => [u, { variable: passwordVariable(u) }])) as Record<
    Producer | typeof OPERATOR_USER,
    { variable: string }
  >;
}

const quoted = (s: string) => JSON.stringify(s);
const list = (items: string[], indent: string) =>
  `[\n${items.map((i) => `${indent}  ${quoted(i)}`).join(',\n')}\n${indent}]`;
const password = (p: PasswordSource) => (typeof p === 'string' ? quoted(p) : `$${p.variable}`);

/**
 * The `authorization` block of a nats-server configuration: a user per service with its permissions, and the
 * operator. Include it in a server's configuration (`include`), or pass it whole with `-c`.
 */
export function natsAuthConfig(opts: NatsAuthOptions): string {
  const users = PRODUCERS.map((service) => {
    const p = servicePermissions(service, opts.namespace);
    return [
      '    {',
      `      user: ${quoted(service)}`,
      `      password: ${password(opts.passwords[service])}`,
      '      permissions: {',
      `        publish: { allow: ${list(p.publish.allow, '        ')} }`,
      `        subscribe: { allow: ${list(p.subscribe.allow, '        ')} }`,
      `        allow_responses: ${p.allow_responses}`,
      '      }',
      '    }',
    ].join('\n');
  });
  users.push(
    [
      '    {',
      `      user: ${quoted(OPERATOR_USER)}`,
      `      password: ${password(opts.passwords[OPERATOR_USER])}`,
      '    }',
    ].join('\n'),
  );
  return [
    `# NATS users of the guest graph for namespace "${opts.namespace}", generated from the event catalogue`,
    '# (packages/events/src/nats-auth.ts); regenerate rather than edit.',
    'authorization {',
    '  users = [',
    users.join('\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}
