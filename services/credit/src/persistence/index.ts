/**
 * Credit maps no tables with TypeORM: its ledger is read and written in SQL by the repositories here
 * (`credit-ledger`, `credit-file`, `authorization`), over the tables its migrations make.
 */
export const entities: Function[] = [];
export { migrations } from './migrations/index.js';
