export { EventBus } from './bus.js';
export type { BusOptions, NatsCredentials, StreamLimits } from './bus-options.js';
export { natsServers } from './bus-options.js';
export { ASKS, CONSUMERS } from './catalogue/access.js';
export * from './catalogue/index.js';
export type { ConsumeOptions } from './consumers.js';
export {
  answerDataRequests,
  type DataRequestWork,
  requestKeyPair,
  SEALED_CHUNK_CHARS,
  seal,
  unseal,
} from './data-requests.js';
export { type DeadLetter, DeadLetters, deadLetterCli, type Replayed } from './dead-letters.js';
export { type Envelope, envelope } from './envelope.js';
export {
  catalogueEntries,
  inboxPrefix,
  NATS_PASSWORD_FORMAT,
  type NatsAuthOptions,
  natsAuthConfig,
  OPERATOR_USER,
  type PasswordSource,
  type Permissions,
  passwordsFromEnvironment,
  passwordVariable,
  randomPassword,
  randomPasswords,
  servicePermissions,
} from './nats-auth.js';
export {
  outboxMigration,
  platformMigrations,
  replicaMigration,
  traceContextMigration,
} from './outbox-migration.js';
export { type Asked, AskerGaveUp, DEADLINE_HEADER, NoAnswerError, RemoteError } from './questions.js';
export { backoffDelay, isConnectionLoss, isTransient, settledWithin } from './transient.js';
