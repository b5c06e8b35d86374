export { EventBus } from './bus.js';
export type { BusOptions } from './bus-options.js';
export * from './catalogue/index.js';
export type { ConsumeOptions } from './consumers.js';
export { type Envelope, envelope } from './envelope.js';
export { outboxMigration } from './outbox-migration.js';
export { NoAnswerError, RemoteError } from './questions.js';
