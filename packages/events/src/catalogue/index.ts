// The event catalogue: every event and question that crosses a service boundary. One file per producer so
// each service team edits only its own.
export * as accounts from './accounts.js';
export * as credit from './credit.js';
export * as dataRights from './data-rights.js';
export * from './define.js';
export * as guests from './guests.js';
export * as loyalty from './loyalty.js';
export * as serviceRecovery from './service-recovery.js';
export * as timeline from './timeline.js';
