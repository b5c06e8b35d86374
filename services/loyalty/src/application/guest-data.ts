import type { DataRequestWork } from '@guest-graph/events';
import { eraseGuestRecords, guestRecords } from '../persistence/guest-data.repository.js';

/** Loyalty's part of a guest's data request, inside the request's inbox transaction. */
export const guestDataPart: DataRequestWork = {
  export: (tx, ids) => guestRecords(tx, ids),
  erase: (tx, ids) => eraseGuestRecords(tx, ids),
};
