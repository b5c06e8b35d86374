export { type BusOptions, type ConsumeOptions, EventBus, NoAnswerError, RemoteError } from './bus.js';
export * from './catalogue/index.js';
export { type Envelope, envelope } from './envelope.js';
export { outboxMigration } from './outbox-migration.js';
