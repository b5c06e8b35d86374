import type { DataRequestWork } from '@guest-graph/events';
import { eraseGuestRecords, guestRecords } from '../persistence/guest-data.repository.js';

/** Accounts' part of a guest's data request (export or erasure), inside the request's inbox transaction. */
export const guestDataPart: DataRequestWork = {
  export: (tx, ids) => guestRecords(tx, ids),
  erase: (tx, ids) => eraseGuestRecords(tx, ids),
};
